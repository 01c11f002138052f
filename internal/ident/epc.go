package ident

import (
	"fmt"
	"net/url"
	"strings"

	"riskgate/internal/risk"
)

// EPC is an identifier of a physical object, a class of objects or a place
// as EPCIS events name them, checked by ParseEPC. GS1 schemes are written
// two ways: as EPC URNs (GS1 EPC Tag Data Standard 2.0 §6–7:
// urn:epc:id:sgtin:0614141.107346.2017) and as GS1 Digital Link URIs
// (https://id.gs1.org/01/00614141073467/21/2017). Key is the canonical
// Digital Link form both convert to (GS1 Digital Link 1.2 §4.11, the form
// the CBV 2.0 event hash uses), so the two spellings of one object
// compare equal; URI is the identifier as written.
type EPC struct {
	URI    string
	Key    string
	Scheme string // "sgtin", "sscc", "sgln", "pgln", "lgtin", "sgtin-pattern", "grai", "giai"; "" for another URI
}

// IsClass reports whether e names a class of objects (a lot, a product)
// rather than one object.
func (e EPC) IsClass() bool { return e.Scheme == "lgtin" || e.Scheme == "sgtin-pattern" }

// epcRule describes one EPC URN scheme: how many dot-separated parts, how
// many digits the company prefix and the next part make together, and how
// the Digital Link path is made.
type epcRule struct {
	prefix string // after "urn:epc:"
	scheme string
	parts  int
	digits int // company prefix + the numeric part after it
	dl     func(p []string) string
}

var epcRules = []epcRule{
	{"id:sgtin:", "sgtin", 3, 13, func(p []string) string { return "/01/" + gtinOf(p) + "/21/" + dlEscape(p[2]) }},
	{"id:sscc:", "sscc", 2, 17, func(p []string) string {
		body := p[1][:1] + p[0] + p[1][1:]
		return "/00/" + body + string(gs1Check(body))
	}},
	{"id:sgln:", "sgln", 3, 12, func(p []string) string {
		gln := p[0] + p[1]
		s := "/414/" + gln + string(gs1Check(gln))
		if p[2] != "0" {
			s += "/254/" + dlEscape(p[2])
		}
		return s
	}},
	{"id:pgln:", "pgln", 2, 12, func(p []string) string {
		gln := p[0] + p[1]
		return "/417/" + gln + string(gs1Check(gln))
	}},
	{"id:grai:", "grai", 3, 12, func(p []string) string {
		body := "0" + p[0] + p[1]
		return "/8003/" + body + string(gs1Check(body)) + dlEscape(p[2])
	}},
	{"id:giai:", "giai", 2, 0, func(p []string) string { return "/8004/" + p[0] + dlEscape(p[1]) }},
	{"class:lgtin:", "lgtin", 3, 13, func(p []string) string { return "/01/" + gtinOf(p) + "/10/" + dlEscape(p[2]) }},
	{"idpat:sgtin:", "sgtin-pattern", 3, 13, func(p []string) string { return "/01/" + gtinOf(p) }},
}

// gtinOf makes the GTIN-14 of an SGTIN or LGTIN: the indicator digit (the
// first of the item reference), the company prefix, the rest of the item
// reference and the check digit.
func gtinOf(p []string) string {
	body := p[1][:1] + p[0] + p[1][1:]
	return body + string(gs1Check(body))
}

// ParseEPC checks s as an identifier of an EPCIS event: an EPC URN of a
// scheme above (company prefix of 6 to 12 digits, the right number of
// digits, serials of the GS1 AI 82 character set, at most 20 characters),
// a GS1 Digital Link URI whose check digits are right, or another absolute
// URI (kept as written). field names the input in errors (risk.ErrInvalid).
func ParseEPC(field, s string) (EPC, error) {
	if s != strings.TrimSpace(s) || s == "" {
		return EPC{}, risk.Invalid(field, "标识为空或首尾含空白。", "the identifier is empty or has surrounding space.")
	}
	if strings.HasPrefix(s, "urn:epc:") {
		return parseEPCURN(field, s)
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" || (u.Opaque == "" && u.Host == "" && u.Path == "") {
		return EPC{}, risk.Invalid(field, fmt.Sprintf("%q 不是绝对 URI。", s), fmt.Sprintf("%q is not an absolute URI.", s))
	}
	if (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		if key, scheme, ok, err := digitalLink(field, u); ok || err != nil {
			return EPC{URI: s, Key: key, Scheme: scheme}, err
		}
	}
	return EPC{URI: s, Key: s}, nil
}

func parseEPCURN(field, s string) (EPC, error) {
	rest := strings.TrimPrefix(s, "urn:epc:")
	for _, r := range epcRules {
		if !strings.HasPrefix(rest, r.prefix) {
			continue
		}
		p := strings.Split(strings.TrimPrefix(rest, r.prefix), ".")
		if len(p) != r.parts {
			return EPC{}, epcErr(field, s, fmt.Sprintf("应有 %d 段，以点分隔", r.parts), fmt.Sprintf("it must have %d parts separated by dots", r.parts))
		}
		if n := len(p[0]); n < 6 || n > 12 || !allDigits(p[0]) {
			return EPC{}, epcErr(field, s, "厂商识别代码应为 6–12 位数字", "the company prefix must be 6 to 12 digits")
		}
		if r.digits > 0 {
			if !allDigits(p[1]) || len(p[0])+len(p[1]) != r.digits {
				return EPC{}, epcErr(field, s, fmt.Sprintf("厂商识别代码与其后一段合计应为 %d 位数字", r.digits),
					fmt.Sprintf("the company prefix and the part after it must make %d digits", r.digits))
			}
		}
		last := p[len(p)-1]
		if r.scheme == "sgtin-pattern" {
			if last != "*" {
				return EPC{}, epcErr(field, s, "模式的最后一段应为 *", "the last part of the pattern must be *")
			}
		} else if r.parts > 2 || r.digits == 0 {
			raw, err := url.PathUnescape(last)
			if err != nil || raw == "" || len(raw) > 20 || !ai82(raw) || !urnChars(last) {
				return EPC{}, epcErr(field, s, "序列号或批号应为 1–20 个 GS1 允许的字符（特殊字符以 % 转义）",
					"the serial or lot must be 1 to 20 characters of the GS1 set (special characters %-escaped)")
			}
			p[len(p)-1] = raw
			if r.scheme == "sgln" && p[2] == "" {
				return EPC{}, epcErr(field, s, "位置扩展码为空", "the extension is empty")
			}
		}
		return EPC{URI: s, Key: "https://id.gs1.org" + r.dl(p), Scheme: r.scheme}, nil
	}
	if strings.HasPrefix(rest, "id:") || strings.HasPrefix(rest, "class:") || strings.HasPrefix(rest, "idpat:") {
		// Another EPC scheme (gdti, gsrn, cpi …): kept as written.
		if strings.Count(rest, ":") >= 2 && !strings.HasSuffix(rest, ":") {
			return EPC{URI: s, Key: s}, nil
		}
	}
	return EPC{}, epcErr(field, s, "不是可识别的 EPC URN", "it is not a recognised EPC URN")
}

func epcErr(field, s, zh, en string) error {
	return risk.Invalid(field, fmt.Sprintf("标识 %q 无效：%s。", s, zh), fmt.Sprintf("identifier %q is invalid: %s.", s, en))
}

// digitalLink recognises a GS1 Digital Link URI by its primary key (00,
// 01, 414, 417) and returns its canonical form on id.gs1.org, without the
// query string and with only the keys the event hash keeps (ok false: not
// a Digital Link; the URI is kept as written).
func digitalLink(field string, u *url.URL) (key, scheme string, ok bool, err error) {
	segs := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	// A Digital Link may sit under a path prefix on a custom domain: find the primary key.
	for i := 0; i+1 < len(segs); i++ {
		ai, val := segs[i], segs[i+1]
		var want int
		switch ai {
		case "00":
			want, scheme = 18, "sscc"
		case "01":
			want, scheme = 14, "sgtin-pattern"
		case "414":
			want, scheme = 13, "sgln"
		case "417":
			want, scheme = 13, "pgln"
		default:
			continue
		}
		if !allDigits(val) || (len(val) != want && !(ai == "01" && (len(val) == 8 || len(val) == 12 || len(val) == 13))) {
			continue
		}
		if c := gs1Check(val[:len(val)-1]); val[len(val)-1] != c {
			return "", "", true, risk.Invalid(field, fmt.Sprintf("数字链接 %q 的校验位应为 %c。", u.String(), c),
				fmt.Sprintf("the check digit of Digital Link %q should be %c.", u.String(), c))
		}
		if ai == "01" {
			val = strings.Repeat("0", 14-len(val)) + val
		}
		key = "https://id.gs1.org/" + ai + "/" + val
		q := segs[i+2:]
		switch {
		case ai == "01" && len(q) >= 2 && (q[0] == "21" || q[0] == "10"):
			raw, err := url.PathUnescape(q[1])
			if err != nil || raw == "" || len(raw) > 20 || !ai82(raw) {
				return "", "", true, risk.Invalid(field, fmt.Sprintf("数字链接 %q 的序列号或批号无效。", u.String()),
					fmt.Sprintf("the serial or lot of Digital Link %q is invalid.", u.String()))
			}
			key += "/" + q[0] + "/" + dlEscape(raw)
			scheme = map[string]string{"21": "sgtin", "10": "lgtin"}[q[0]]
		case ai == "414" && len(q) >= 2 && q[0] == "254":
			if raw, err := url.PathUnescape(q[1]); err == nil {
				key += "/254/" + dlEscape(raw)
			}
		}
		return key, scheme, true, nil
	}
	return "", "", false, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ai82 reports whether s is of the GS1 AI encodable character set 82.
func ai82(s string) bool {
	for i := range len(s) {
		c := s[i]
		if c < 0x21 || c > 0x7a || strings.IndexByte(`#$@[\]^`+"`", c) >= 0 {
			return false
		}
	}
	return true
}

// urnChars reports whether s is written with the characters an EPC URN
// allows, the others %-escaped (TDS §5: " % & / < > ? must be escaped).
func urnChars(s string) bool {
	for i := range len(s) {
		if strings.IndexByte(`"&/<>?`, s[i]) >= 0 {
			return false
		}
	}
	return true
}

// dlEscape writes a serial, lot or extension as a Digital Link path
// segment: unreserved characters as they are, every other byte %-escaped
// with upper-case hex.
func dlEscape(s string) string {
	var b strings.Builder
	for i := range len(s) {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
