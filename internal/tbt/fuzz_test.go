package tbt

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// FuzzParseSymbol: a symbol that parses writes back in WTO's form, which
// parses to itself, with a base that has no suffix; any other input is a
// bilingual ErrInvalid on symbol.
func FuzzParseSymbol(f *testing.F) {
	// Symbols in the forms of WTO documents (G/TBT/N/EU/…, G/SPS/N/CHN/…,
	// with addenda, corrigenda and revisions), and malformed ones.
	for _, s := range []string{"G/TBT/N/EU/1234", "G/SPS/N/CHN/123/Add.1", "G/TBT/N/USA/2101/Rev.1/Add.2", "g/tbt/n/jpn/900/corr.1",
		"G/TBT/N/TPKM/500", "G/SPS/N/EU/700/Add.1/Corr.1", "", "G/TBT/N", "G/TBT/N/EU/", "G/TBT/N/EU/1/Add", "G/TBT/N/EU/1/Add.x", "G/TBT/N/ÉU/1", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sym, err := ParseSymbol(s)
		if err != nil {
			e, ok := risk.AsError(err)
			if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != "symbol" || !strings.Contains(e.Message, " / ") {
				t.Fatalf("%q: error %#v, want a bilingual ErrInvalid on symbol", s, err)
			}
			return
		}
		again, err := ParseSymbol(sym.String())
		if err != nil || again.String() != sym.String() {
			t.Fatalf("%q: %s parses to %v, %v", s, sym, again, err)
		}
		if b := sym.Base(); len(b.Suffixes) != 0 || !strings.HasPrefix(sym.String(), b.String()) || b.Kind() != Regular {
			t.Fatalf("%q: base %s of %s", s, b, sym)
		}
	})
}

// FuzzParse: an ePing-layout file either parses into rows whose inputs
// check (or are refused) with bilingual errors naming fields, or is refused
// whole with a bilingual ErrInvalid or ErrTooLarge.
func FuzzParse(f *testing.F) {
	f.Add([]byte("Document symbol,Notifying member,Title,HS code(s),Final date for comments\nG/TBT/N/EU/1139,European Union,Toy safety,9503,20/12/2026\n"))
	f.Add([]byte("通报编号,通报成员,标题,HS 编码\nG/SPS/N/JPN/1234,JP,水产品,0304\nG/SPS/N/JPN/1234/Add.1,JP,,\n"))
	f.Add([]byte("Document symbol,HS code(s)\nG/TBT/N/USA/1,\"36 - Explosives, fireworks; 3604.10\"\n"))
	f.Add([]byte("Symbol\nnot a symbol\n"))
	f.Add([]byte("Title\nx\n"))
	f.Add([]byte(""))
	ss := sets(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Parse(bytes.NewReader(b), tabular.CSV)
		if err != nil {
			e, ok := risk.AsError(err)
			if !ok || !(errors.Is(err, risk.ErrInvalid) || errors.Is(err, risk.ErrTooLarge)) || !strings.Contains(e.Message, " / ") {
				t.Fatalf("refused with %#v", err)
			}
			return
		}
		for _, r := range p.Rows {
			var v risk.Validation
			n := r.Input.Check(ss, &v)
			for _, pr := range v.Problems {
				if pr.Field == "" || !strings.Contains(pr.Message, " / ") {
					t.Fatalf("row %d: problem %+v", r.Line, pr)
				}
			}
			if len(v.Problems) == 0 && (n.Symbol == "" || n.Member == "" || n.BaseSymbol == "") {
				t.Fatalf("row %d accepted without its required fields: %+v", r.Line, n)
			}
		}
	})
}
