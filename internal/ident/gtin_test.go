package ident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/ident"
)

func TestParseGTIN(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   ident.GTIN
		want14 ident.GTIN
		err    string
	}{
		{name: "EAN-13", in: "4006381333931", want: "4006381333931", want14: "04006381333931"},
		{name: "GTIN-8", in: "96385074", want: "96385074", want14: "00000096385074"},
		{name: "UPC-A", in: "036000291452", want: "036000291452", want14: "00036000291452"},
		{name: "GTIN-14", in: "10614141000415", want: "10614141000415", want14: "10614141000415"},
		{name: "Chinese EAN-13", in: "6901234567892", want: "6901234567892", want14: "06901234567892"},
		{name: "check digit 0", in: "0614141000036", want: "0614141000036", want14: "00614141000036"},
		{name: "surrounding space", in: " 4006381333931\n", want: "4006381333931", want14: "04006381333931"},
		{
			name: "wrong EAN-13 check digit",
			in:   "4006381333932",
			err:  "GTIN 第 13 位校验位应为 1，实为 2。 / check digit at position 13 of the GTIN should be 1, got 2.",
		},
		{
			name: "wrong GTIN-8 check digit",
			in:   "96385075",
			err:  "GTIN 第 8 位校验位应为 4，实为 5。 / check digit at position 8 of the GTIN should be 4, got 5.",
		},
		{
			name: "wrong UPC-A check digit",
			in:   "036000291453",
			err:  "GTIN 第 12 位校验位应为 2，实为 3。 / check digit at position 12 of the GTIN should be 2, got 3.",
		},
		{
			name: "wrong GTIN-14 check digit",
			in:   "10614141000410",
			err:  "GTIN 第 14 位校验位应为 5，实为 0。 / check digit at position 14 of the GTIN should be 5, got 0.",
		},
		{
			name: "transposed digits",
			in:   "4006381339331",
			err:  "GTIN 第 13 位校验位应为 9，实为 1。 / check digit at position 13 of the GTIN should be 9, got 1.",
		},
		{
			name: "letter",
			in:   "40063813339X1",
			err:  "GTIN 第 12 位字符 X 不是数字。 / character X at position 12 of the GTIN is not a digit.",
		},
		{
			name: "inner space",
			in:   "400638 1333931",
			err:  "GTIN 第 7 位字符 U+0020 不是数字。 / character U+0020 at position 7 of the GTIN is not a digit.",
		},
		{
			name: "full-width digit",
			in:   "４006381333931",
			err:  "GTIN 第 1 位字符 ４ 不是数字。 / character ４ at position 1 of the GTIN is not a digit.",
		},
		{
			name: "GTIN-13 missing a digit",
			in:   "400638133393",
			err:  "GTIN 第 12 位校验位应为 0，实为 3。 / check digit at position 12 of the GTIN should be 0, got 3.",
		},
		{
			name: "eleven digits",
			in:   "40063813339",
			err:  "GTIN 应为 8、12、13 或 14 位数字，实为 11 位。 / a GTIN has 8, 12, 13 or 14 digits, got 11.",
		},
		{
			name: "fifteen digits",
			in:   "010614141000415",
			err:  "GTIN 应为 8、12、13 或 14 位数字，实为 15 位。 / a GTIN has 8, 12, 13 or 14 digits, got 15.",
		},
		{name: "empty", in: "", err: "GTIN 为空。 / the GTIN is empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseGTIN(tt.in)
			var want problem
			if tt.err != "" {
				want = problem{Field: "gtin", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("ParseGTIN(%q) error mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff([]ident.GTIN{tt.want, tt.want14}, []ident.GTIN{got, got.Normalize14()}); diff != "" {
				t.Errorf("ParseGTIN(%q) and Normalize14 mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestGTINNormalize14Equal(t *testing.T) {
	// The same item written as UPC-A, EAN-13 and GTIN-14 with indicator 0.
	var forms []ident.GTIN
	for _, s := range []string{"036000291452", "0036000291452", "00036000291452"} {
		g, err := ident.ParseGTIN(s)
		if err != nil {
			t.Fatal(err)
		}
		forms = append(forms, g.Normalize14())
	}
	want := []ident.GTIN{"00036000291452", "00036000291452", "00036000291452"}
	if diff := cmp.Diff(want, forms); diff != "" {
		t.Errorf("Normalize14 mismatch (-want +got):\n%s", diff)
	}
}
