package ident

import (
	"fmt"
	"strings"

	"riskgate/internal/risk"
)

// GTIN is a GS1 Global Trade Item Number of 8, 12, 13 or 14 digits (GTIN-8,
// GTIN-12 = UPC-A, GTIN-13 = EAN-13, GTIN-14) with a correct check digit, as
// written: leading zeros are kept, so compare Normalize14 forms. Convert a
// string to GTIN only through ParseGTIN.
type GTIN string

// ParseGTIN trims surrounding space from s and checks that it is a GTIN:
// digits only, one of the four lengths, and the GS1 mod-10 check digit in
// the last position. Errors are risk.ErrInvalid and name the position of
// the first non-digit or of the check digit.
func ParseGTIN(s string) (GTIN, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return "", risk.Invalid("gtin", "GTIN 为空。", "the GTIN is empty.")
	}
	pos := 0
	for _, r := range t {
		pos++
		if r < '0' || r > '9' {
			return "", risk.Invalid("gtin",
				fmt.Sprintf("GTIN 第 %d 位字符 %s 不是数字。", pos, showRune(r)),
				fmt.Sprintf("character %s at position %d of the GTIN is not a digit.", showRune(r), pos))
		}
	}
	switch n := len(t); n {
	case 8, 12, 13, 14:
	default:
		return "", risk.Invalid("gtin",
			fmt.Sprintf("GTIN 应为 8、12、13 或 14 位数字，实为 %d 位。", n),
			fmt.Sprintf("a GTIN has 8, 12, 13 or 14 digits, got %d.", n))
	}
	last := len(t) - 1
	if want := gs1Check(t[:last]); t[last] != want {
		return "", risk.Invalid("gtin",
			fmt.Sprintf("GTIN 第 %d 位校验位应为 %c，实为 %c。", last+1, want, t[last]),
			fmt.Sprintf("check digit at position %d of the GTIN should be %c, got %c.", last+1, want, t[last]))
	}
	return GTIN(t), nil
}

// Normalize14 returns g as 14 digits, padded with leading zeros, the form
// GS1 uses to compare GTINs of different lengths (and the form inside
// GS1-128 and EPCIS identifiers). The zero GTIN stays empty.
func (g GTIN) Normalize14() GTIN {
	if g == "" || len(g) >= 14 {
		return g
	}
	return GTIN(strings.Repeat("0", 14-len(g)) + string(g))
}

// gs1Check returns the GS1 mod-10 check digit for the digits before it:
// weights 3 and 1 alternate from the right, starting with 3 on the digit
// next to the check digit; the check digit brings the sum to a multiple of 10
// (GS1 General Specifications 7.9.1).
func gs1Check(body string) byte {
	sum := 0
	for i := range len(body) {
		d := int(body[len(body)-1-i] - '0')
		if i%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return byte('0' + (10-sum%10)%10)
}
