package ident

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// Region is a GB/T 2260 administrative division code: six digits, two each
// for province, prefecture and county (430000 湖南省, 430100 长沙市, 430181
// 浏阳市). Convert a string to Region only through ParseRegion.
type Region string

// ParseRegion trims surrounding space from s and checks that it is six ASCII
// digits. Whether the division exists is the catalogue's business, since
// GB/T 2260 changes every year. Errors are risk.ErrInvalid and name the
// position of the first non-digit.
func ParseRegion(s string) (Region, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", risk.Invalid("region", "行政区划代码为空。", "the region code is empty.")
	}
	if n := utf8.RuneCountInString(t); n != 6 {
		return "", risk.Invalid("region",
			fmt.Sprintf("行政区划代码应为 6 位数字，实为 %d 位。", n),
			fmt.Sprintf("a region code has 6 digits, got %d.", n))
	}
	pos := 0
	for _, r := range t {
		pos++
		if r > '9' || r < '0' {
			return "", risk.Invalid("region",
				fmt.Sprintf("行政区划代码第 %d 位字符 %s 不是数字。", pos, showRune(r)),
				fmt.Sprintf("character %s at position %d of the region code is not a digit.", showRune(r), pos))
		}
	}
	return Region(t), nil
}

// Province returns the first two digits, which name the province (43 湖南).
func (r Region) Province() string {
	if len(r) != 6 {
		return ""
	}
	return string(r[:2])
}

// Prefecture returns the first four digits, which name the prefecture-level
// division (4301 长沙市).
func (r Region) Prefecture() string {
	if len(r) != 6 {
		return ""
	}
	return string(r[:4])
}
