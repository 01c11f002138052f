package ident_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/ident"
)

func TestParseCountry(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ident.Country
		err  string
	}{
		{name: "upper case", in: "CN", want: "CN"},
		{name: "lower case", in: "de", want: "DE"},
		{name: "mixed case and space", in: " uS ", want: "US"},
		{
			name: "alpha-3",
			in:   "CHN",
			err:  "国家或地区代码应为 ISO 3166-1 的 2 个字母，实为 3 个字符。 / a country code has the 2 letters of ISO 3166-1 alpha-2, got 3 characters.",
		},
		{
			name: "Chinese name",
			in:   "中国",
			err:  "国家或地区代码第 1 位字符 中 不是英文字母。 / character 中 at position 1 of the country code is not a letter.",
		},
		{
			name: "digit",
			in:   "C1",
			err:  "国家或地区代码第 2 位字符 1 不是英文字母。 / character 1 at position 2 of the country code is not a letter.",
		},
		{
			name: "numeric code",
			in:   "156",
			err:  "国家或地区代码应为 ISO 3166-1 的 2 个字母，实为 3 个字符。 / a country code has the 2 letters of ISO 3166-1 alpha-2, got 3 characters.",
		},
		{name: "empty", in: "", err: "国家或地区代码为空。 / the country code is empty."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ident.ParseCountry(tt.in)
			var want problem
			if tt.err != "" {
				want = problem{Field: "country", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
				t.Errorf("ParseCountry(%q) error mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got != tt.want {
				t.Errorf("ParseCountry(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCountrySetCheck(t *testing.T) {
	set, err := ident.NewCountrySet([]string{"CN", "de", "US", "VN", "HK"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		code ident.Country
		err  string
	}{
		{name: "known", code: "CN"},
		{name: "known, given in lower case", code: "DE"},
		{
			name: "unassigned",
			code: "XX",
			err:  "国家或地区代码 XX 不在 ISO 3166-1 代码表中。 / country code XX is not in the ISO 3166-1 list.",
		},
		{
			name: "not upper-cased",
			code: "cn",
			err:  "国家或地区代码 cn 不在 ISO 3166-1 代码表中。 / country code cn is not in the ISO 3166-1 list.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want problem
			if tt.err != "" {
				want = problem{Field: "country", Message: tt.err}
			}
			if diff := cmp.Diff(want, problemOf(t, set.Check(tt.code))); diff != "" {
				t.Errorf("Check(%q) mismatch (-want +got):\n%s", tt.code, diff)
			}
		})
	}
	if got := set.Len(); got != 5 {
		t.Errorf("Len() = %d, want 5", got)
	}
}

func TestNewCountrySetRejects(t *testing.T) {
	set, err := ident.NewCountrySet([]string{"CN", "CHN"})
	want := problem{
		Field:   "countries",
		Message: `国家或地区代码表第 2 项 "CHN" 不是 2 个字母的代码。 / entry 2 ("CHN") of the country list is not a two-letter code.`,
	}
	if diff := cmp.Diff(want, problemOf(t, err)); diff != "" {
		t.Errorf("NewCountrySet mismatch (-want +got):\n%s", diff)
	}
	if set != nil {
		t.Error("NewCountrySet returned a set with its error")
	}
}
