package ident_test

import (
	"errors"
	"strings"
	"testing"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// invalid fails t unless err is a risk.ErrInvalid naming field, with a
// message in Chinese and English.
func invalid(t *testing.T, in string, err error, field string) {
	t.Helper()
	e, ok := risk.AsError(err)
	if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != field || !strings.Contains(e.Message, " / ") {
		t.Fatalf("%q: error %#v, want a bilingual risk.ErrInvalid on %s", in, err, field)
	}
}

// FuzzGTIN: a GTIN that parses is its trimmed input, digits of a GTIN
// length with a valid check digit, parses again to itself, and its 14-digit
// form parses too; any other input is a bilingual ErrInvalid on gtin.
func FuzzGTIN(f *testing.F) {
	// Barcodes of real recalls (shared/data/recalls: the UPCs of CPSC
	// recalls 21022, 20067, 13157; the EANs of Safety Gate alerts
	// A12/00007/23, A12/01477/23, A12/00076/24, A12/01135/24), public domain
	// and EU reuse with acknowledgement; and malformed ones.
	for _, s := range []string{
		"816153011219", "083321545504", "035011937052", "8715658002512", "871565899960", "5060815001086", "8055186669918",
		"96385074", "10012345678902", " 6901234567892 ", "6901234567893", "690123456789", "8055186669918 8055186669925",
		"", " ", "６901234567892", "\xff", "0000000000000",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ident.ParseGTIN(s)
		if err != nil {
			if g != "" {
				t.Fatalf("%q: refused but returned %q", s, g)
			}
			invalid(t, s, err, "gtin")
			return
		}
		if string(g) != strings.TrimSpace(s) {
			t.Fatalf("ParseGTIN(%q) = %q, not the trimmed input", s, g)
		}
		switch len(g) {
		case 8, 12, 13, 14:
		default:
			t.Fatalf("ParseGTIN(%q) = %q: %d digits", s, g, len(g))
		}
		if strings.Trim(string(g), "0123456789") != "" {
			t.Fatalf("ParseGTIN(%q) = %q: not all digits", s, g)
		}
		if again, err := ident.ParseGTIN(string(g)); err != nil || again != g {
			t.Fatalf("ParseGTIN(%q) = %q, %v; want %q again", g, again, err, g)
		}
		n := g.Normalize14()
		if len(n) != 14 || !strings.HasSuffix(string(n), string(g)) {
			t.Fatalf("%q.Normalize14() = %q", g, n)
		}
		if _, err := ident.ParseGTIN(string(n)); err != nil {
			t.Fatalf("%q.Normalize14() = %q, which does not parse: %v", g, n, err)
		}
	})
}

// FuzzHS: an HS code that parses is 2, 4, 6, 8 or 10 ASCII digits, the
// input's digits in order; written by FormatHS it parses back to itself,
// and its chapter, heading and subheading are its prefixes. Any other
// input is a bilingual ErrInvalid on hs_code. A set built from codes
// knows each of them, and Check never panics.
func FuzzHS(f *testing.F) {
	// Codes of the HS 2022 nomenclature (shared/data/hs/harmonized-system.csv,
	// from UN Comtrade, ODC-PDDL), China's 10-digit lines, and the ways
	// people write them.
	for _, s := range []string{
		"01", "0101", "010121", "3604", "360410", "9503.00", "3604.10.00.00", "3604 10 00 00", "3604100000", "961380",
		"", ".", "36041", "36041000000", "3604-10", "３６０４", "36\u00a004", "\xff\xfe", " 95 03 ",
	} {
		f.Add(s)
	}
	set, err := ident.NewHSSet([]string{"01", "0101", "010121", "36", "3604", "360410", "9503", "961380"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ident.ParseHS(s)
		set.Check(c) // must not panic, whatever c is
		if err != nil {
			if c != "" {
				t.Fatalf("%q: refused but returned %q", s, c)
			}
			invalid(t, s, err, "hs_code")
			return
		}
		switch len(c) {
		case 2, 4, 6, 8, 10:
		default:
			t.Fatalf("ParseHS(%q) = %q: %d digits", s, c, len(c))
		}
		digits := strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return r
			}
			return -1
		}, s)
		if string(c) != digits {
			t.Fatalf("ParseHS(%q) = %q, want the input's digits %q", s, c, digits)
		}
		formatted := ident.FormatHS(c)
		if again, err := ident.ParseHS(formatted); err != nil || again != c {
			t.Fatalf("ParseHS(FormatHS(%q) = %q) = %q, %v", c, formatted, again, err)
		}
		for n, p := range map[int]ident.HSCode{2: c.Chapter(), 4: c.Heading(), 6: c.Subheading()} {
			if len(c) >= n && p != c[:n] || len(c) < n && p != "" {
				t.Fatalf("%q: prefix of %d digits is %q", c, n, p)
			}
		}
		if len(c) <= 6 {
			own, err := ident.NewHSSet([]string{s})
			if err != nil {
				t.Fatalf("NewHSSet(%q): %v", s, err)
			}
			if err := own.Check(c); err != nil {
				t.Fatalf("a set of %q does not know %q: %v", s, c, err)
			}
		}
	})
}

// FuzzEPC: an identifier that parses keeps its input as URI and has a key
// that parses again to itself (the canonical Digital Link is stable); any
// other input is a bilingual ErrInvalid on the field given.
func FuzzEPC(f *testing.F) {
	for _, s := range []string{"urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sscc:0614141.1234567890", "urn:epc:id:sgln:0614141.07346.1234",
		"urn:epc:class:lgtin:4012345.012345.998877", "urn:epc:idpat:sgtin:4012345.044444.*", "urn:epc:id:sgtin:0614141.107346.A%2FB",
		"https://id.gs1.org/01/10614141073464/21/2017", "https://example.com/01/10614141073464/10/L%201", "https://id.gs1.org/00/106141412345678908",
		"urn:epc:id:sgtin:0614141.10734.2017", "https://id.gs1.org/01/10614141073465", "urn:epc:foo", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := ident.ParseEPC("epcList[0]", s)
		if err != nil {
			invalid(t, s, err, "epcList[0]")
			return
		}
		if e.URI != s || e.Key == "" {
			t.Fatalf("%q: %+v", s, e)
		}
		k, err := ident.ParseEPC("k", e.Key)
		if err != nil || k.Key != e.Key {
			t.Fatalf("%q: key %q parses to %q, %v", s, e.Key, k.Key, err)
		}
	})
}
