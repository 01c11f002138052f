package gateway

import "testing"

func TestParseStandard(t *testing.T) {
	tests := []struct {
		in, want string
		kind     StandardKind
	}{
		{"GB 26693-2019", "GB 26693-2019", KindNational},
		{"gb26693-2019", "GB 26693-2019", KindNational},
		{"GB/T 2828.1-2012", "GB/T 2828.1-2012", KindRecommended},
		{"GB／T 2828.1－2012", "GB/T 2828.1-2012", KindRecommended},
		{"GB/Z 41306-2022", "GB/Z 41306-2022", KindRecommended},
		{"QB/T 2283-2016", "QB/T 2283-2016", KindIndustry},
		{"SN/T 1032-2002", "SN/T 1032-2002", KindIndustry},
		{"DB43/T 1234-2020", "DB43/T 1234-2020", KindLocal},
		{"DB43/T1234-2020", "DB43/T 1234-2020", KindLocal},
		{"T/CNLIC 0001-2019", "T/CNLIC 0001-2019", KindGroup},
		{"Q/XXX 001-2024", "Q/XXX 001-2024", KindEnterprise},
		{"Q/HNYH 001-2024", "Q/HNYH 001-2024", KindEnterprise},
		{"Q/430181 LYYH 002-2025", "Q/430181 LYYH 002-2025", KindEnterprise},
		{"ISO 8124-1:2018", "ISO 8124-1:2018", KindInternational},
		{"EN 71-1:2014+A1:2018", "EN 71-1:2014+A1:2018", KindInternational},
		{"ASTM F963-17", "ASTM F963-17", KindInternational},
		{"ISO 9994", "ISO 9994", KindInternational},
	}
	for _, tt := range tests {
		got, kind, ok := ParseStandard(tt.in, 2026)
		if !ok || got != tt.want || kind != tt.kind {
			t.Errorf("ParseStandard(%q) = %q %q %v, want %q %q", tt.in, got, kind, ok, tt.want, tt.kind)
		}
	}
	for _, bad := range []string{"", "GB", "GB 26693", "GB 26693-19", "GB 26693-1890", "GB 26693-2035", "国标 26693-2019",
		"Q/ 001-2024", "Q/XXX-2024", "T/ 1-2020", "ABC/T 1-2020", "GB/T 2828.1-2012; GB 1", "ISO", "26693-2019"} {
		if got, _, ok := ParseStandard(bad, 2026); ok {
			t.Errorf("ParseStandard(%q) = %q, want refused", bad, got)
		}
	}
}
