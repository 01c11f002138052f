package ident

import (
	"errors"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

func TestParseEPC(t *testing.T) {
	tests := []struct {
		in, key, scheme string
	}{
		// GTIN 10614141073464 is the Tag Data Standard's worked example.
		{"urn:epc:id:sgtin:0614141.107346.2017", "https://id.gs1.org/01/10614141073464/21/2017", "sgtin"},
		{"urn:epc:id:sgtin:0614141.107346.A%2FB", "https://id.gs1.org/01/10614141073464/21/A%2FB", "sgtin"},
		{"urn:epc:id:sscc:0614141.1234567890", "https://id.gs1.org/00/106141412345678908", "sscc"},
		{"urn:epc:id:sgln:0614141.07346.1234", "https://id.gs1.org/414/0614141073467/254/1234", "sgln"},
		{"urn:epc:id:sgln:0614141.07346.0", "https://id.gs1.org/414/0614141073467", "sgln"},
		{"urn:epc:id:pgln:0614141.07346", "https://id.gs1.org/417/0614141073467", "pgln"},
		{"urn:epc:class:lgtin:4012345.012345.998877", "https://id.gs1.org/01/04012345123456/10/998877", "lgtin"},
		{"urn:epc:idpat:sgtin:4012345.044444.*", "https://id.gs1.org/01/04012345444445", "sgtin-pattern"},
		{"https://id.gs1.org/01/10614141073464/21/2017", "https://id.gs1.org/01/10614141073464/21/2017", "sgtin"},
		{"https://example.com/shop/01/10614141073464/10/L1?x=1", "https://id.gs1.org/01/10614141073464/10/L1", "lgtin"},
		{"https://id.gs1.org/00/106141412345678908", "https://id.gs1.org/00/106141412345678908", "sscc"},
		{"urn:epc:id:gdti:0614141.12345.400", "urn:epc:id:gdti:0614141.12345.400", ""},
		{"https://example.com/readers/7", "https://example.com/readers/7", ""},
	}
	for _, tt := range tests {
		e, err := ParseEPC("epc", tt.in)
		if err != nil {
			t.Errorf("ParseEPC(%q): %v", tt.in, err)
			continue
		}
		if e.Key != tt.key || e.Scheme != tt.scheme || e.URI != tt.in {
			t.Errorf("ParseEPC(%q) = %+v, want key %q scheme %q", tt.in, e, tt.key, tt.scheme)
		}
	}
	// The URN and the Digital Link of one object meet on one key.
	a, _ := ParseEPC("epc", "urn:epc:id:sgtin:0614141.107346.2017")
	b, _ := ParseEPC("epc", "https://id.gs1.org/01/10614141073464/21/2017")
	if a.Key != b.Key {
		t.Errorf("keys differ: %q, %q", a.Key, b.Key)
	}
}

func TestParseEPCRefuses(t *testing.T) {
	for _, in := range []string{
		"", " urn:epc:id:sgtin:0614141.107346.2017",
		"urn:epc:id:sgtin:0614141.10734.2017",                   // 12 digits
		"urn:epc:id:sgtin:06141.1073461.2017",                   // prefix of 5
		"urn:epc:id:sgtin:0614141.107346",                       // no serial
		"urn:epc:id:sgtin:0614141.107346.A/B",                   // unescaped slash
		"urn:epc:id:sgtin:0614141.107346.123456789012345678901", // 21 characters
		"urn:epc:id:sscc:0614141.123456789",                     // 16 digits
		"urn:epc:idpat:sgtin:4012345.044444.12",                 // pattern without *
		"urn:epc:foo",
		"https://id.gs1.org/01/10614141073465/21/2017", // check digit 4
		"https://id.gs1.org/00/106141412345678907",
		"just text",
	} {
		_, err := ParseEPC("epcList[0]", in)
		var e *risk.Error
		if !errors.As(err, &e) || !errors.Is(err, risk.ErrInvalid) || e.Field != "epcList[0]" || !strings.Contains(e.Message, " / ") {
			t.Errorf("ParseEPC(%q) = %v, want a bilingual invalid error naming epcList[0]", in, err)
		}
	}
}
