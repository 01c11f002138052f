package ident

import (
	"fmt"
	"strings"
	"unicode"

	"riskgate/internal/risk"
)

// HSCode is a Harmonized System code as digits only: a chapter (2 digits),
// heading (4), subheading (6), or China's 8-digit tariff line (税则号列) or
// 10-digit commodity code (商品编码). Convert a string to HSCode only
// through ParseHS.
type HSCode string

// ParseHS reads an HS code as it is usually written, with dots and spaces
// anywhere ("3604.10", "3604 10 00 00"), and returns its digits, which must
// number 2, 4, 6, 8 or 10. Errors are risk.ErrInvalid; for a bad character
// they name its 1-based position in the trimmed input.
func ParseHS(s string) (HSCode, error) {
	t := strings.TrimSpace(s)
	var digits [10]byte
	n, pos := 0, 0
	for _, r := range t {
		pos++
		switch {
		case '0' <= r && r <= '9':
			if n < len(digits) {
				digits[n] = byte(r)
			}
			n++
		case r == '.' || unicode.IsSpace(r):
		default:
			return "", risk.Invalid("hs_code",
				fmt.Sprintf("HS 编码第 %d 位字符 %s 不是数字（只允许数字、点和空格）。", pos, showRune(r)),
				fmt.Sprintf("character %s at position %d of the HS code is not a digit (only digits, dots and spaces are allowed).", showRune(r), pos))
		}
	}
	switch n {
	case 0:
		return "", risk.Invalid("hs_code", "HS 编码为空。", "the HS code is empty.")
	case 2, 4, 6, 8, 10:
		return HSCode(digits[:n]), nil
	}
	return "", risk.Invalid("hs_code",
		fmt.Sprintf("HS 编码应为 2、4、6、8 或 10 位数字（不计点和空格），实为 %d 位。", n),
		fmt.Sprintf("an HS code has 2, 4, 6, 8 or 10 digits (not counting dots and spaces), got %d.", n))
}

// Chapter returns the first two digits (36: explosives, pyrotechnics).
func (c HSCode) Chapter() HSCode { return c.prefix(2) }

// Heading returns the first four digits (3604: fireworks, signalling
// flares …), or "" if c is a chapter.
func (c HSCode) Heading() HSCode { return c.prefix(4) }

// Subheading returns the first six digits (360410: fireworks), or "" if c
// is shorter.
func (c HSCode) Subheading() HSCode { return c.prefix(6) }

func (c HSCode) prefix(n int) HSCode {
	if len(c) < n {
		return ""
	}
	return c[:n]
}

// FormatHS returns c in the dotted form used in the tariff: four digits,
// then a dot before each further pair (36, 3604, 3604.10, 3604.10.00,
// 3604.10.00.00).
func FormatHS(c HSCode) string {
	if len(c) <= 4 {
		return string(c)
	}
	var b strings.Builder
	b.Grow(len(c) + 3)
	b.WriteString(string(c[:4]))
	for i := 4; i < len(c); i += 2 {
		b.WriteByte('.')
		b.WriteString(string(c[i:min(i+2, len(c))]))
	}
	return b.String()
}

// HSSet is the set of chapters, headings and subheadings that the
// catalogue knows, for checking that a code's international part exists.
// A nil *HSSet knows no codes. It is safe for concurrent use once built.
type HSSet struct {
	known map[HSCode]struct{}
}

// NewHSSet builds a set from the catalogue's 2-, 4- and 6-digit codes,
// each read as by ParseHS ("3604.10" is fine). A code implies its prefixes:
// a set holding 360410 knows heading 3604 and chapter 36 too. It returns a
// risk.ErrInvalid error naming the first entry that is not such a code;
// 8- and 10-digit national lines do not belong in the set.
func NewHSSet(codes []string) (*HSSet, error) {
	s := &HSSet{known: make(map[HSCode]struct{}, len(codes))}
	for i, code := range codes {
		c, err := ParseHS(code)
		if err == nil && len(c) > 6 {
			err = risk.Invalid("hs_code", "国家子目不属于 HS 目录。", "national subdivisions are not part of the HS nomenclature.")
		}
		if err != nil {
			return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "hs_codes", Err: err, Message: risk.Bilingual(
				fmt.Sprintf("HS 目录第 %d 项 %q 不是 2、4 或 6 位的 HS 编码。", i+1, code),
				fmt.Sprintf("entry %d (%q) of the HS list is not a 2-, 4- or 6-digit HS code.", i+1, code))}
		}
		for n := 2; n <= len(c); n += 2 {
			s.known[c[:n]] = struct{}{}
		}
	}
	return s, nil
}

// Len returns the number of chapters, headings and subheadings in the set.
func (s *HSSet) Len() int {
	if s == nil {
		return 0
	}
	return len(s.known)
}

// Check returns nil if code's chapter, heading and subheading (as far as
// code has them) are all in the set. Otherwise it returns a risk.ErrInvalid
// error naming the first unknown one. Digits 7–10 are national
// subdivisions and are not checked here.
func (s *HSSet) Check(code HSCode) error {
	if !wellFormedHS(code) {
		return risk.Invalid("hs_code",
			fmt.Sprintf("HS 编码 %q 格式错误，应为 2、4、6、8 或 10 位数字。", string(code)),
			fmt.Sprintf("HS code %q is malformed: it must have 2, 4, 6, 8 or 10 digits.", string(code)))
	}
	levels := [...]struct{ zh, en string }{{"章", "chapter"}, {"品目", "heading"}, {"子目", "subheading"}}
	for i, level := range levels {
		n := 2 * (i + 1)
		if len(code) < n {
			break
		}
		p := code[:n]
		if s != nil {
			if _, ok := s.known[p]; ok {
				continue
			}
		}
		return risk.Invalid("hs_code",
			fmt.Sprintf("税则号列 %s 的%s %s 不存在。", FormatHS(code), level.zh, FormatHS(p)),
			fmt.Sprintf("%s %s is not in the HS nomenclature.", level.en, FormatHS(p)))
	}
	return nil
}

// wellFormedHS reports whether c is what ParseHS returns: 2, 4, 6, 8 or 10
// ASCII digits.
func wellFormedHS(c HSCode) bool {
	switch len(c) {
	case 2, 4, 6, 8, 10:
	default:
		return false
	}
	for i := range len(c) {
		if !isDigit(c[i]) {
			return false
		}
	}
	return true
}
