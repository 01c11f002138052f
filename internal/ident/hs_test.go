package ident_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/ident"
)

func TestParseHS(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ident.HSCode
		err  string
	}{
		{name: "chapter", in: "36", want: "36"},
		{name: "heading", in: "9613", want: "9613"},
		{name: "dotted subheading", in: "3604.10", want: "360410"},
		{name: "tariff line", in: "3604.10.00", want: "36041000"},
		{name: "commodity code with spaces", in: "3604 10 00 00", want: "3604100000"},
		{name: "commodity code digits", in: "4419121000", want: "4419121000"},
		{name: "surrounding and odd spacing", in: "  6911.10 \t", want: "691110"},
		{
			name: "letter",
			in:   "3604.1O",
			err:  "HS 编码第 7 位字符 O 不是数字（只允许数字、点和空格）。 / character O at position 7 of the HS code is not a digit (only digits, dots and spaces are allowed).",
		},
		{
			name: "hyphen",
			in:   "3604-10",
			err:  "HS 编码第 5 位字符 - 不是数字（只允许数字、点和空格）。 / character - at position 5 of the HS code is not a digit (only digits, dots and spaces are allowed).",
		},
		{
			name: "odd length",
			in:   "36041",
			err:  "HS 编码应为 2、4、6、8 或 10 位数字（不计点和空格），实为 5 位。 / an HS code has 2, 4, 6, 8 or 10 digits (not counting dots and spaces), got 5.",
		},
		{
			name: "one digit",
			in:   "3",
			err:  "HS 编码应为 2、4、6、8 或 10 位数字（不计点和空格），实为 1 位。 / an HS code has 2, 4, 6, 8 or 10 digits (not counting dots and spaces), got 1.",
		},
		{
			name: "too long",
			in:   "3604.10.00.00.1",
			err:  "HS 编码应为 2、4、6、8 或 10 位数字（不计点和空格），实为 11 位。 / an HS code has 2, 4, 6, 8 or 10 digits (not counting dots and spaces), got 11.",
		},
		{
			name: "very long",
			in:   "36041000003604100000",
			err:  "HS 编码应为 2、4、6、8 或 10 位数字（不计点和空格），实为 20 位。 / an HS code has 2, 4, 6, 8 or 10 digits (not counting dots and spaces), got 20.",
		},
		{name: "empty", in: "", err: "HS 编码为空。 / the HS code is empty."},
		{name: "dots only", in: " . . ", err: "HS 编码为空。 / the HS code is empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseHS(tt.in)
			var want problem
			if tt.err != "" {
				want = problem{Field: "hs_code", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("ParseHS(%q) error mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got != tt.want {
				t.Errorf("ParseHS(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHSCodeParts(t *testing.T) {
	type parts struct {
		Chapter, Heading, Subheading ident.HSCode
		Formatted                    string
	}
	tests := []struct {
		name string
		code ident.HSCode
		want parts
	}{
		{name: "chapter", code: "36", want: parts{Chapter: "36", Formatted: "36"}},
		{name: "heading", code: "3604", want: parts{Chapter: "36", Heading: "3604", Formatted: "3604"}},
		{name: "subheading", code: "360410", want: parts{Chapter: "36", Heading: "3604", Subheading: "360410", Formatted: "3604.10"}},
		{name: "tariff line", code: "36041000", want: parts{Chapter: "36", Heading: "3604", Subheading: "360410", Formatted: "3604.10.00"}},
		{name: "commodity code", code: "3604100000", want: parts{Chapter: "36", Heading: "3604", Subheading: "360410", Formatted: "3604.10.00.00"}},
		{name: "zero", code: "", want: parts{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parts{tt.code.Chapter(), tt.code.Heading(), tt.code.Subheading(), ident.FormatHS(tt.code)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parts of %q mismatch (-want +got):\n%s", tt.code, diff)
			}
		})
	}
}

// hsCatalogue is a slice of the HS 2022 nomenclature as the catalogue
// would pass it, written in the usual mixed forms.
var hsCatalogue = []string{
	"36", "3604", "3604.10", "360490",
	"44", "4419", "4419.12",
	"69", "6911", "691110", "6912",
	"96", "9613", "961310",
}

func TestHSSetCheck(t *testing.T) {
	set, err := ident.NewHSSet(hsCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		code ident.HSCode
		err  string
	}{
		{name: "known chapter", code: "36"},
		{name: "known heading", code: "9613"},
		{name: "known subheading", code: "360410"},
		{name: "national digits not checked", code: "3604100099"},
		{name: "tariff line", code: "44191200"},
		{
			name: "unknown chapter",
			code: "99",
			err:  "税则号列 99 的章 99 不存在。 / chapter 99 is not in the HS nomenclature.",
		},
		{
			name: "unknown heading",
			code: "3699",
			err:  "税则号列 3699 的品目 3699 不存在。 / heading 3699 is not in the HS nomenclature.",
		},
		{
			name: "unknown chapter named first",
			code: "9999",
			err:  "税则号列 9999 的章 99 不存在。 / chapter 99 is not in the HS nomenclature.",
		},
		{
			name: "unknown subheading of a commodity code",
			code: "3604200000",
			err:  "税则号列 3604.20.00.00 的子目 3604.20 不存在。 / subheading 3604.20 is not in the HS nomenclature.",
		},
		{
			name: "not parsed",
			code: "3604.10",
			err:  `HS 编码 "3604.10" 格式错误，应为 2、4、6、8 或 10 位数字。 / HS code "3604.10" is malformed: it must have 2, 4, 6, 8 or 10 digits.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want problem
			if tt.err != "" {
				want = problem{Field: "hs_code", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, set.Check(tt.code))); diff != "" {
				t.Errorf("Check(%q) mismatch (-want +got):\n%s", tt.code, diff)
			}
		})
	}
}

func TestHSSetImpliesPrefixes(t *testing.T) {
	set, err := ident.NewHSSet([]string{"950300", "3304.10"})
	if err != nil {
		t.Fatal(err)
	}
	for _, code := range []ident.HSCode{"95", "9503", "950300", "9503000010", "33", "3304", "330410"} {
		if err := set.Check(code); err != nil {
			t.Errorf("Check(%q) = %v, want nil", code, err)
		}
	}
	if got, want := set.Len(), 6; got != want {
		t.Errorf("Len() = %d, want %d", got, want)
	}
	var none *ident.HSSet
	if none.Check("95") == nil || none.Len() != 0 {
		t.Error("a nil HSSet knows codes")
	}
}

func TestNewHSSetRejects(t *testing.T) {
	tests := []struct {
		name  string
		codes []string
		err   string
	}{
		{
			name:  "national line",
			codes: []string{"36", "36041000"},
			err:   `HS 目录第 2 项 "36041000" 不是 2、4 或 6 位的 HS 编码。 / entry 2 ("36041000") of the HS list is not a 2-, 4- or 6-digit HS code.`,
		},
		{
			name:  "odd length",
			codes: []string{"360"},
			err:   `HS 目录第 1 项 "360" 不是 2、4 或 6 位的 HS 编码。 / entry 1 ("360") of the HS list is not a 2-, 4- or 6-digit HS code.`,
		},
		{
			name:  "total row",
			codes: []string{"01", "TOTAL"},
			err:   `HS 目录第 2 项 "TOTAL" 不是 2、4 或 6 位的 HS 编码。 / entry 2 ("TOTAL") of the HS list is not a 2-, 4- or 6-digit HS code.`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := ident.NewHSSet(tt.codes)
			if diff := cmp.Diff(problem{Field: "hs_codes", Message: tt.err}, problemOf(t, err)); diff != "" {
				t.Errorf("NewHSSet(%q) mismatch (-want +got):\n%s", tt.codes, diff)
			}
			if set != nil {
				t.Errorf("NewHSSet(%q) returned a set with its error", tt.codes)
			}
		})
	}
}

func ExampleFormatHS() {
	c, err := ident.ParseHS("3604 10 00 00")
	if err != nil {
		panic(err)
	}
	fmt.Println(c, ident.FormatHS(c), c.Heading())
	// Output: 3604100000 3604.10.00.00 3604
}
