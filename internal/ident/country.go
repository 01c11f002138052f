package ident

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// Country is an ISO 3166-1 alpha-2 country or area code in upper case, such
// as CN or DE. Convert a string to Country only through ParseCountry.
type Country string

// ParseCountry trims surrounding space from s, checks that it is two ASCII
// letters and upper-cases it. It does not check that the code is assigned:
// that is CountrySet.Check. Errors are risk.ErrInvalid and name the
// position of the first non-letter.
func ParseCountry(s string) (Country, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", risk.Invalid("country", "国家或地区代码为空。", "the country code is empty.")
	}
	if n := utf8.RuneCountInString(t); n != 2 {
		return "", risk.Invalid("country",
			fmt.Sprintf("国家或地区代码应为 ISO 3166-1 的 2 个字母，实为 %d 个字符。", n),
			fmt.Sprintf("a country code has the 2 letters of ISO 3166-1 alpha-2, got %d characters.", n))
	}
	pos := 0
	for _, r := range t {
		pos++
		if ('A' > r || r > 'Z') && ('a' > r || r > 'z') {
			return "", risk.Invalid("country",
				fmt.Sprintf("国家或地区代码第 %d 位字符 %s 不是英文字母。", pos, showRune(r)),
				fmt.Sprintf("character %s at position %d of the country code is not a letter.", showRune(r), pos))
		}
	}
	return Country(upperASCII(t)), nil
}

// CountrySet is a set of known country codes. The catalogue owns the list
// (ISO 3166-1 changes, and riskgate keeps Chinese names beside it), so this
// package embeds none. A nil *CountrySet knows no codes. It is safe for
// concurrent use once built.
type CountrySet struct {
	known map[Country]struct{}
}

// NewCountrySet builds a set from codes, each accepted as by ParseCountry.
// It returns a risk.ErrInvalid error naming the first entry that is not a
// two-letter code.
func NewCountrySet(codes []string) (*CountrySet, error) {
	s := &CountrySet{known: make(map[Country]struct{}, len(codes))}
	for i, code := range codes {
		c, err := ParseCountry(code)
		if err != nil {
			return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "countries", Err: err, Message: risk.Bilingual(
				fmt.Sprintf("国家或地区代码表第 %d 项 %q 不是 2 个字母的代码。", i+1, code),
				fmt.Sprintf("entry %d (%q) of the country list is not a two-letter code.", i+1, code))}
		}
		s.known[c] = struct{}{}
	}
	return s, nil
}

// Len returns the number of codes in the set.
func (s *CountrySet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.known)
}

// Check returns nil if c is in the set, else a risk.ErrInvalid error.
func (s *CountrySet) Check(c Country) error {
	if s != nil {
		if _, ok := s.known[c]; ok {
			return nil
		}
	}
	return risk.Invalid("country",
		fmt.Sprintf("国家或地区代码 %s 不在 ISO 3166-1 代码表中。", c),
		fmt.Sprintf("country code %s is not in the ISO 3166-1 list.", c))
}
