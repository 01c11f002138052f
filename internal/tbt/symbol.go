package tbt

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"riskgate/internal/risk"
)

// Agreement is the WTO agreement a notification is made under. Values are
// stored.
type Agreement string

// Agreements.
const (
	TBT Agreement = "TBT" // Agreement on Technical Barriers to Trade
	SPS Agreement = "SPS" // Agreement on the Application of Sanitary and Phytosanitary Measures
)

var agreementLabels = risk.Labels{string(TBT): {"TBT 技术性贸易壁垒", "TBT"}, string(SPS): {"SPS 卫生与植物卫生措施", "SPS"}}

// Label names the agreement.
func (g Agreement) Label() (zh, en string) { return agreementLabels.Of(string(g)) }

// EnquiryPoint is the Chinese national enquiry point through which comments
// under the agreement are sent.
func (g Agreement) EnquiryPoint() string {
	if g == SPS {
		return "中国 WTO/SPS 国家通报咨询中心 / China WTO/SPS National Notification and Enquiry Center"
	}
	return "中国 WTO/TBT 国家通报咨询中心 / China WTO/TBT National Notification and Enquiry Center"
}

// Kind is what a document under a symbol is: the notification itself or a
// later document that changes it. Values are stored.
type Kind string

// Kinds.
const (
	Regular     Kind = "regular"     // G/TBT/N/EU/1234
	Addendum    Kind = "addendum"    // …/Add.1
	Corrigendum Kind = "corrigendum" // …/Corr.1
	Revision    Kind = "revision"    // …/Rev.1
)

var kindLabels = risk.Labels{string(Regular): {"通报", "Notification"}, string(Addendum): {"增补", "Addendum"},
	string(Corrigendum): {"勘误", "Corrigendum"}, string(Revision): {"修订", "Revision"}}

// Label names the kind.
func (k Kind) Label() (zh, en string) { return kindLabels.Of(string(k)) }

// Suffix is one /Add.n, /Corr.n or /Rev.n of a symbol.
type Suffix struct {
	Kind Kind
	N    int
}

var suffixWords = map[string]Kind{"ADD": Addendum, "CORR": Corrigendum, "REV": Revision}
var suffixNames = map[Kind]string{Addendum: "Add", Corrigendum: "Corr", Revision: "Rev"}

// Symbol is a WTO document symbol of a notification: G/TBT/N/EU/1234,
// G/SPS/N/CHN/123/Add.1, G/TBT/N/USA/1234/Rev.1/Add.2.
type Symbol struct {
	Agreement Agreement
	// Member is the notifying member's code in the symbol (EU, CHN, USA,
	// TPKM): WTO's own, usually ISO 3166 alpha-3.
	Member   string
	Number   int
	Suffixes []Suffix
}

func badSymbol(zh, en string) error {
	return risk.Invalid("symbol", "通报编号无法识别："+zh+"（应如 G/TBT/N/EU/1234 或 G/SPS/N/CHN/123/Add.1）。",
		"the symbol does not parse: "+en+" (expected e.g. G/TBT/N/EU/1234 or G/SPS/N/CHN/123/Add.1).")
}

// ParseSymbol reads a notification symbol, in any letter case and with
// spaces anywhere ("G/TBT/N/EU/1234/add. 1"). Errors are risk.ErrInvalid
// naming the field "symbol".
func ParseSymbol(s string) (Symbol, error) {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	t := b.String()
	if t == "" {
		return Symbol{}, risk.Invalid("symbol", "通报编号不能为空。", "the symbol is required.")
	}
	if len(t) > 64 {
		return Symbol{}, badSymbol("过长", "too long")
	}
	parts := strings.Split(t, "/")
	if len(parts) < 5 || !strings.EqualFold(parts[0], "G") || !strings.EqualFold(parts[2], "N") {
		return Symbol{}, badSymbol("应以 G/TBT/N/ 或 G/SPS/N/ 开头，后接成员代码和编号", "it starts G/TBT/N/ or G/SPS/N/, then the member's code and the number")
	}
	var sym Symbol
	switch strings.ToUpper(parts[1]) {
	case "TBT":
		sym.Agreement = TBT
	case "SPS":
		sym.Agreement = SPS
	default:
		return Symbol{}, badSymbol("协定应为 TBT 或 SPS，实为 "+parts[1], "the agreement is TBT or SPS, not "+parts[1])
	}
	m := strings.ToUpper(parts[3])
	if len(m) < 2 || len(m) > 4 || strings.IndexFunc(m, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return Symbol{}, badSymbol("成员代码 "+parts[3]+" 应为 2–4 个英文字母", "the member's code "+parts[3]+" has 2–4 letters")
	}
	sym.Member = m
	n, ok := number(parts[4])
	if !ok {
		return Symbol{}, badSymbol("编号 "+parts[4]+" 应为正整数", "the number "+parts[4]+" is a positive integer")
	}
	sym.Number = n
	if len(parts) > 8 {
		return Symbol{}, badSymbol("后缀过多", "too many suffixes")
	}
	for _, p := range parts[5:] {
		word, num, found := strings.Cut(p, ".")
		k, known := suffixWords[strings.ToUpper(word)]
		n, ok := number(num)
		if !found || !known || !ok {
			return Symbol{}, badSymbol("后缀 "+p+" 应为 Add.n、Corr.n 或 Rev.n", "the suffix "+p+" is Add.n, Corr.n or Rev.n")
		}
		sym.Suffixes = append(sym.Suffixes, Suffix{Kind: k, N: n})
	}
	return sym, nil
}

// number reads 1–6 digits as a positive integer.
func number(s string) (int, bool) {
	if s == "" || len(s) > 6 || strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n > 0
}

// String writes the symbol in WTO's form: G/TBT/N/EU/1234/Add.1.
func (s Symbol) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "G/%s/N/%s/%d", s.Agreement, s.Member, s.Number)
	for _, x := range s.Suffixes {
		fmt.Fprintf(&b, "/%s.%d", suffixNames[x.Kind], x.N)
	}
	return b.String()
}

// Base is the notification the symbol belongs to, without suffixes.
func (s Symbol) Base() Symbol {
	return Symbol{Agreement: s.Agreement, Member: s.Member, Number: s.Number}
}

// Kind is what the document is: its last suffix's kind, or Regular.
func (s Symbol) Kind() Kind {
	if len(s.Suffixes) == 0 {
		return Regular
	}
	return s.Suffixes[len(s.Suffixes)-1].Kind
}
