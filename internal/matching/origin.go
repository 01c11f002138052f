package matching

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/catalog"
)

// An alert whose origin field is empty may still say in its text where the
// goods were made: a CPSC recall's "a sewn-in label with the words 'Made in
// Vietnam'", a description's "Country of origin: India", a RASFF subject's
// "rice noodles of Vietnamese origin". Goods made elsewhere are not a Hunan
// firm's exports, whatever else agrees, so such a statement counts against
// every candidate as the origin field does.

// originCue finds the words after which a text names the country where goods
// were made, in the languages the connectors bring; the country's name must
// follow at once.
var originCue = regexp.MustCompile(`(?i)\b(?:made|manufactured|produced|assembled|fabricated|printed)\s+in\s+(?:the\s+)?` +
	`|\bproducts?\s+of\s+(?:the\s+)?` +
	`|\b(?:country\s+of\s+)?origin\s*[:：]\s*|\borigin\s+` +
	`|\bhergestellt\s+in\s+|\bfabriqu[eé]e?s?\s+en\s+|\bfabricad[oa]s?\s+en\s+|\bprodott[oi]\s+in\s+|\bfabbricat[oi]\s+in\s+` +
	`|\bwyprodukowan[oey]\s+w\s+|\bpa[ií]s\s+de\s+origen\s*[:：]?\s*|\bpays\s+d'origine\s*[:：]?\s*|\bursprungsland\s*[:：]?\s*` +
	`|原产地[:：]?\s*|产地[:：]?\s*|原产国[:：]?\s*|产于|制造于`)

// demonymOrigin finds "of Vietnamese origin", "Indian origin".
var demonymOrigin = regexp.MustCompile(`(?i)\b([a-z]+)\s+origin\b`)

// demonyms are the adjectives RASFF and recalls write for the countries that
// export the goods Hunan does.
var demonyms = map[string]string{
	"chinese": "CN", "vietnamese": "VN", "indian": "IN", "thai": "TH", "turkish": "TR", "indonesian": "ID", "malaysian": "MY",
	"bangladeshi": "BD", "pakistani": "PK", "taiwanese": "TW", "korean": "KR", "japanese": "JP", "cambodian": "KH",
	"philippine": "PH", "filipino": "PH", "sri lankan": "LK", "burmese": "MM", "myanmar": "MM", "laotian": "LA",
	"brazilian": "BR", "mexican": "MX", "egyptian": "EG", "italian": "IT", "german": "DE", "spanish": "ES", "polish": "PL",
	"american": "US", "canadian": "CA", "portuguese": "PT", "french": "FR",
}

// countryNames maps the names of countries (the catalogue's English and
// Chinese names and the other spellings sources use), lower case with
// single spaces, to their ISO alpha-2 codes; maxCountryWords is the most
// words a name has.
var countryNames = sync.OnceValues(func() (map[string]string, int) {
	out := map[string]string{}
	t, err := catalog.BuiltinTable("countries")
	if err != nil {
		panic(err) // embedded and checked by the catalogue's tests
	}
	add := func(name, code string) {
		if k := countryKey(name); k != "" {
			out[k] = code
		}
	}
	for _, e := range t.Entries {
		add(e.NameEn, e.Code)
		add(e.NameZh, e.Code)
	}
	for name, code := range map[string]string{"Viet Nam": "VN", "Turkey": "TR", "Korea": "KR", "South Korea": "KR",
		"Republic of Korea": "KR", "Taiwan": "TW", "Hong Kong": "HK", "USA": "US", "U.S.A": "US", "U.S": "US", "United States": "US",
		"UK": "GB", "Great Britain": "GB", "England": "GB", "PRC": "CN", "P.R.C": "CN", "P.R. China": "CN", "PR China": "CN",
		"People's Republic of China": "CN", "Peoples Republic of China": "CN", "Mainland China": "CN", "Czech Republic": "CZ",
		"Russia": "RU", "Holland": "NL", "The Netherlands": "NL", "Burma": "MM", "Ivory Coast": "CI",
		"Vietnam": "VN", "Indien": "IN", "Inde": "IN", "Chine": "CN", "China": "CN", "Chiny": "CN", "Cina": "CN", "Türkei": "TR", "Turquie": "TR", "Turquía": "TR"} {
		add(name, code)
	}
	most := 1
	for k := range out {
		most = max(most, len(strings.Fields(k)))
	}
	return out, most
})

// countryKey is a country name as countryNames keys it.
func countryKey(s string) string {
	ws := strings.FieldsFunc(strings.ToLower(foldAccents(fold(s))), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	return strings.Join(ws, " ")
}

// OriginsInText returns the countries (ISO alpha-2) a text says the goods
// were made in, in the order it names them: after a cue ("Made in
// Vietnam", "Country of origin: India", "产地：越南"), each country of a
// list joined by "and", "or", commas or slashes ("made in China and
// Vietnam"), and the adjective before "origin" ("of Vietnamese origin").
func OriginsInText(text string) []string {
	names, most := countryNames()
	var out []string
	add := func(c string) {
		for _, x := range out {
			if x == c {
				return
			}
		}
		out = append(out, c)
	}
	for _, m := range originCue.FindAllStringIndex(text, -1) {
		rest := text[m[1]:]
		for {
			code, n := leadingCountry(rest, names, most)
			if code == "" {
				break
			}
			add(code)
			rest = rest[n:]
			// Another country of a list.
			trimmed := strings.TrimLeft(rest, " ")
			next := ""
			for _, sep := range []string{",", "/", "&", "and ", "or ", "和", "及", "、"} {
				if strings.HasPrefix(strings.ToLower(trimmed), sep) {
					next = strings.TrimLeft(trimmed[len(sep):], " ")
					break
				}
			}
			if next == "" {
				break
			}
			rest = next
		}
	}
	for _, m := range demonymOrigin.FindAllStringSubmatch(text, -1) {
		if c, ok := demonyms[strings.ToLower(m[1])]; ok {
			add(c)
		}
	}
	return out
}

// leadingCountry returns the country whose name text begins with, the
// longest name first, and how many bytes of text the name takes.
func leadingCountry(text string, names map[string]string, most int) (string, int) {
	// The words and where each ends.
	var ends []int
	var words []string
	for i := 0; i < len(text) && len(words) < most; {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.Is(unicode.Han, r) {
			// Chinese names are read whole: the longest name the text
			// begins with.
			if len(words) > 0 {
				break
			}
			best, n := "", 0
			for k, c := range names {
				if hasHan(k) && strings.HasPrefix(text[i:], k) && len(k) > n {
					best, n = c, len(k)
				}
			}
			return best, i + n
		}
		if !unicode.IsLetter(r) && r != '.' && r != '\'' {
			if r == ' ' && len(words) > 0 {
				i += size
				continue
			}
			break
		}
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) && r2 != '.' && r2 != '\'' {
				break
			}
			j += s2
		}
		words = append(words, text[i:j])
		ends = append(ends, j)
		i = j
	}
	for n := len(words); n >= 1; n-- {
		if c, ok := names[countryKey(strings.Join(words[:n], " "))]; ok {
			return c, ends[n-1]
		}
	}
	return "", 0
}

// textOrigin is the origin an alert's text states when its origin field is
// empty: China when the text names China among the countries, else the first
// country it names; "" when it names none.
func textOrigin(text string) (string, bool) {
	cs := OriginsInText(text)
	if len(cs) == 0 {
		return "", false
	}
	for _, c := range cs {
		if c == "CN" {
			return c, true
		}
	}
	return cs[0], true
}
