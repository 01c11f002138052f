package gateway

import (
	"regexp"
	"strconv"
	"strings"
)

// StandardKind is the level of a standard, read from its number. Values
// are stored.
type StandardKind string

// Standard kinds (标准化法 第二条: 国家标准、行业标准、地方标准、团体标准、
// 企业标准), and foreign or international ones a firm exporting may apply.
const (
	KindNational      StandardKind = "national"      // GB (强制性)
	KindRecommended   StandardKind = "recommended"   // GB/T, GB/Z
	KindIndustry      StandardKind = "industry"      // QB/T, SN/T, …
	KindLocal         StandardKind = "local"         // DB43/T …
	KindGroup         StandardKind = "group"         // T/…
	KindEnterprise    StandardKind = "enterprise"    // Q/…
	KindInternational StandardKind = "international" // ISO, IEC, EN, ASTM …
)

var kindLabels = map[StandardKind][2]string{
	KindNational:      {"强制性国家标准", "Mandatory national standard"},
	KindRecommended:   {"推荐性国家标准", "Recommended national standard"},
	KindIndustry:      {"行业标准", "Industry standard"},
	KindLocal:         {"地方标准", "Local standard"},
	KindGroup:         {"团体标准", "Group standard"},
	KindEnterprise:    {"企业标准", "Enterprise standard"},
	KindInternational: {"国际或国外标准", "International or foreign standard"},
}

// Label names the kind.
func (k StandardKind) Label() (zh, en string) {
	if n, ok := kindLabels[k]; ok {
		return n[0], n[1]
	}
	return string(k), string(k)
}

// The forms of standard numbers: a code, a sequence (1234, 2828.1) and the
// year of issue after a hyphen (after a colon for ISO and IEC).
var standardForms = []struct {
	kind StandardKind
	re   *regexp.Regexp
}{
	{KindNational, regexp.MustCompile(`^GB (\d+(?:\.\d+)*)-(\d{4})$`)},
	{KindRecommended, regexp.MustCompile(`^GB/[TZ] (\d+(?:\.\d+)*)-(\d{4})$`)},
	{KindLocal, regexp.MustCompile(`^DB\d{2}(?:/T)? (\d+(?:\.\d+)*)-(\d{4})$`)},
	{KindGroup, regexp.MustCompile(`^T/[A-Z0-9]{2,16} (\d+(?:\.\d+)*)-(\d{4})$`)},
	{KindEnterprise, regexp.MustCompile(`^Q/[A-Z0-9]{1,20}(?: [A-Z0-9]{1,20})? (\d+(?:\.\d+)*)[A-Z]?-(\d{4})$`)},
	{KindIndustry, regexp.MustCompile(`^[A-Z]{2}(?:/[TZ])? (\d+(?:\.\d+)*)-(\d{4})$`)},
	{KindInternational, regexp.MustCompile(`^(?:ISO|IEC|ISO/IEC|EN|EN IEC|BS EN|IEC/EN) (\d+(?:-\d+)*)(?::(\d{4}))?(?:\+A\d+:\d{4})*$`)},
	{KindInternational, regexp.MustCompile(`^ASTM [A-Z](\d+)(?:/[A-Z]\d+)?-(\d{2})[a-z]?$`)},
}

// normStandard writes a standard number the one way it is compared:
// full-width forms folded, dashes unified, spaces collapsed, upper case
// (but an ASTM revision letter), one space after the code.
func normStandard(s string) string {
	r := strings.NewReplacer("／", "/", "－", "-", "—", "-", "–", "-", "：", ":", "　", " ", "．", ".", "＋", "+")
	s = strings.Join(strings.Fields(r.Replace(s)), " ")
	if !strings.HasPrefix(strings.ToUpper(s), "ASTM") {
		s = strings.ToUpper(s)
	} else {
		s = "ASTM" + strings.ToUpper(s[4:len(s)-1]) + s[len(s)-1:]
	}
	// "GB26693-2019" → "GB 26693-2019": a space between the code and the
	// sequence, as the standards are printed.
	if strings.Contains(s, " ") {
		return s
	}
	if i := strings.IndexAny(s, "0123456789"); i > 0 && !strings.HasPrefix(s, "DB") {
		s = s[:i] + " " + s[i:]
	} else if strings.HasPrefix(s, "DB") && len(s) > 4 {
		// DB43/T1234-2020: the region's two digits belong to the code.
		if j := strings.IndexAny(s[4:], "0123456789"); j >= 0 {
			s = s[:4+j] + " " + s[4+j:]
		}
	}
	return s
}

// ParseStandard checks the form of a standard number and returns it as
// printed (GB 26693-2019, GB/T 2828.1-2012, Q/HNYH 001-2024, ISO 8124-1:2018)
// with its kind. ok is false for anything else, including a year before
// 1950 or after next year.
func ParseStandard(s string, thisYear int) (number string, kind StandardKind, ok bool) {
	n := normStandard(s)
	for _, f := range standardForms {
		m := f.re.FindStringSubmatch(n)
		if m == nil {
			continue
		}
		if y := m[len(m)-1]; y != "" {
			year, _ := strconv.Atoi(y)
			if len(y) == 4 && (year < 1950 || year > thisYear+1) {
				return "", "", false
			}
		}
		return n, f.kind, true
	}
	return "", "", false
}
