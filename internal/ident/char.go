package ident

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// showRune renders r for an error message: printable characters as
// themselves, spaces, control characters and invalid bytes as U+XXXX, so that
// a message never hides what was actually typed.
func showRune(r rune) string {
	if r != utf8.RuneError && unicode.IsPrint(r) && !unicode.IsSpace(r) {
		return string(r)
	}
	return fmt.Sprintf("U+%04X", r)
}

// upperASCII returns s with ASCII letters upper-cased. It returns s itself,
// without allocating, when s has no lower-case ASCII letter: the common case
// for codes copied from a certificate or a database.
func upperASCII(s string) string {
	i := 0
	for i < len(s) && (s[i] < 'a' || s[i] > 'z') {
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		if 'a' <= b[i] && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c-'0' <= 9 }
