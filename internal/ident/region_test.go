package ident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/ident"
)

func TestParseRegion(t *testing.T) {
	type parts struct {
		Region     ident.Region
		Province   string
		Prefecture string
	}
	tests := []struct {
		name string
		in   string
		want parts
		err  string
	}{
		{name: "province", in: "430000", want: parts{"430000", "43", "4300"}},
		{name: "prefecture", in: "430100", want: parts{"430100", "43", "4301"}},
		{name: "county", in: " 430181 ", want: parts{"430181", "43", "4301"}},
		{
			name: "letter",
			in:   "43018l",
			err:  "行政区划代码第 6 位字符 l 不是数字。 / character l at position 6 of the region code is not a digit.",
		},
		{
			name: "too short",
			in:   "4301",
			err:  "行政区划代码应为 6 位数字，实为 4 位。 / a region code has 6 digits, got 4.",
		},
		{
			name: "twelve-digit statistical code",
			in:   "430181000000",
			err:  "行政区划代码应为 6 位数字，实为 12 位。 / a region code has 6 digits, got 12.",
		},
		{name: "empty", in: "", err: "行政区划代码为空。 / the region code is empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := ident.ParseRegion(tt.in)
			var want problem
			if tt.err != "" {
				want = problem{Field: "region", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("ParseRegion(%q) error mismatch (-want +got):\n%s", tt.in, diff)
			}
			if diff := cmp.Diff(tt.want, parts{r, r.Province(), r.Prefecture()}); diff != "" {
				t.Errorf("ParseRegion(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}
