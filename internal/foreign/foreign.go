// Package foreign imports foreign notifications — EU Safety Gate and
// RASFF, US CPSC recalls, openFDA enforcement reports and FDA recall press
// releases — from their public formats into signals on the channel
// 国外通报 (foreign-notification). Each source record keeps a stable key
// (the alert or recall number; for sources without one, the press
// release's address or a digest of its identifying fields), is stored as
// received, and maps to a signal with product identification, hazard and
// measures normalised to riskgate's vocabularies. Imports are idempotent:
// a record seen before is unchanged or, when its content changed, updates
// its signal.
package foreign

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
)

// Channel is the signal channel of foreign notifications.
const Channel = "foreign-notification"

// Formats lists the importable formats by their CLI name.
var Formats = []string{"safetygate", "rasff", "cpsc", "openfda", "fda-press"}

// Limits on an import.
const (
	MaxFileBytes = 64 << 20
	MaxRecords   = 200_000
	MaxField     = 20_000 // characters kept of one source field
)

// Record is one source record, normalised.
type Record struct {
	Source string // one of Formats
	Key    string // stable key within the source
	Line   int    // line (CSV, XML) or record number (JSON) in the file
	Date   time.Time
	// YearOnly says the source gave only the year (Safety Gate's
	// alert_year, or the year of the alert number): Date is its 1 January.
	YearOnly bool
	URL      string
	// Notifier is who notified: a country (Safety Gate, RASFF) or agency.
	Notifier string
	Product  Product
	Hazard   string   // riskgate hazard code, "" when none maps
	Measures []string // riskgate measure codes
	Summary  string   // the record in a few lines (title, hazard, measures)
	// Fields is the source record as received: field → value.
	Fields map[string]string
	// Hash is the SHA-256 of Fields (Digest), computed once by Parse.
	Hash string
}

// Product is what a notification identifies.
type Product struct {
	Name, Brand, Model, GTIN, Batch, Manufacturer string
	Origin                                        string // ISO 3166 alpha-2
	Category                                      string // riskgate category code
	HSCode                                        string // the category's HS heading when it has exactly one
	Words                                         string // the product's own words (for matching)
	// Market is the ISO alpha-2 code of the country where the product was
	// found on the market: the notifying country (Safety Gate, RASFF), the
	// US (CPSC, FDA). Matching compares it with declared destinations.
	Market string
}

// Digest is the hash of the record as received; a changed digest means
// the source changed the record.
func (r *Record) Digest() string {
	keys := make([]string, 0, len(r.Fields))
	for k := range r.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%s\x00", k, r.Fields[k])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SourceJSON is the record as received, as a JSON object.
func (r *Record) SourceJSON() string {
	b, _ := json.Marshal(r.Fields) // a map of strings always encodes
	return string(b)
}

// Reject is a record that could not be imported, and why.
type Reject struct {
	Line   int    `json:"line"`
	Key    string `json:"key,omitempty"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// vocab resolves source vocabulary to riskgate's.
type vocab struct {
	countries    map[string]string // normalised name, alpha-2, alpha-3 → alpha-2
	hazards      map[string]string // lower-case alias → hazard code
	categories   map[string]string // lower-case alias → category code
	catHS        map[string]string // category → its only HS heading
	measureNames []measureName     // English names of measure types
}

type measureName struct{ name, code string }

// loadVocab reads the catalogues and alias tables.
func loadVocab() (*vocab, error) {
	v := &vocab{countries: map[string]string{}, hazards: map[string]string{}, categories: map[string]string{}, catHS: map[string]string{}}
	t, err := catalog.BuiltinTable("countries")
	if err != nil {
		return nil, err
	}
	for _, e := range t.Entries {
		v.countries[strings.ToLower(e.Code)] = e.Code
		v.countries[normName(e.NameEn)] = e.Code
		if a3 := e.Attrs["alpha3"]; a3 != "" {
			v.countries[strings.ToLower(a3)] = e.Code
		}
	}
	for alias, code := range countryAliases {
		v.countries[normName(alias)] = code
	}
	if v.hazards, err = catalog.Aliases("hazard"); err != nil {
		return nil, err
	}
	if t, err = catalog.BuiltinTable("hazards"); err != nil {
		return nil, err
	}
	for _, e := range t.Entries {
		for _, k := range []string{"safetygate", "rasff"} {
			if a := e.Attrs[k]; a != "" {
				v.hazards[strings.ToLower(a)] = e.Code
			}
		}
		v.hazards[strings.ToLower(e.NameEn)] = e.Code
	}
	if v.categories, err = catalog.Aliases("category"); err != nil {
		return nil, err
	}
	if t, err = catalog.BuiltinTable("categories"); err != nil {
		return nil, err
	}
	for _, e := range t.Entries {
		v.categories[strings.ToLower(e.NameEn)] = e.Code
		if hs := strings.Fields(e.Attrs["hs"]); len(hs) == 1 && len(hs[0]) >= 4 {
			v.catHS[e.Code] = hs[0]
		}
	}
	if t, err = catalog.BuiltinTable("measures"); err != nil {
		return nil, err
	}
	for _, e := range t.Entries {
		v.measureNames = append(v.measureNames, measureName{strings.ToLower(e.NameEn), e.Code})
	}
	// Longest names first, so that "recall of the product from end users"
	// wins over a shorter name it contains.
	sort.SliceStable(v.measureNames, func(i, j int) bool { return len(v.measureNames[i].name) > len(v.measureNames[j].name) })
	return v, nil
}

// countryAliases are the spellings the sources use that the catalogue's
// English names do not cover.
var countryAliases = map[string]string{
	"Peoples Republic of China": "CN", "People's Republic of China": "CN", "P.R. China": "CN", "PR China": "CN",
	"China (People's Republic of)": "CN", "Mainland China": "CN",
	"Turkey": "TR", "Czech Republic": "CZ", "Russia": "RU", "Republic of North Macedonia": "MK", "Macedonia": "MK",
	"USA": "US", "United States of America": "US", "U.S.A.": "US", "UK": "GB", "Great Britain": "GB",
	"Korea, Republic of": "KR", "Republic of Korea": "KR", "Korea": "KR", "Viet Nam": "VN", "Iran, Islamic Republic of": "IR",
	"The Netherlands": "NL", "Holland": "NL", "Moldova, Republic of": "MD", "Taiwan, Province of China": "TW",
	"Hong Kong SAR": "HK", "Hong Kong, China": "HK", "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "Côte d'Ivoire": "CI",
	"Syrian Arab Republic": "SY", "Lao PDR": "LA", "Tanzania, United Republic of": "TZ", "Bolivia (Plurinational State of)": "BO",
	"Venezuela (Bolivarian Republic of)": "VE", "Kosovo": "XK", "Swaziland": "SZ", "Burma": "MM", "Cape Verde": "CV",
}

// normName lower-cases a name and keeps letters and digits only.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// country resolves a country name or code; "" when it does not.
func (v *vocab) country(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if c, ok := v.countries[strings.ToLower(s)]; ok {
		return c
	}
	return v.countries[normName(s)]
}

// origin resolves a list of origins ("France; India"): China when it is
// among them (what Hunan's exporters care about), else the first known.
func (v *vocab) origin(s string) string {
	first := ""
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '/' || r == '|' }) {
		c := v.country(part)
		if c == "CN" {
			return c
		}
		if first == "" {
			first = c
		}
	}
	if first == "" {
		first = v.country(s)
	}
	return first
}

// hazard maps a source hazard (one of a comma-separated list) to a code.
func (v *vocab) hazard(s string) string {
	s = strings.TrimSpace(s)
	if c, ok := v.hazards[strings.ToLower(s)]; ok {
		return c
	}
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' }) {
		if c, ok := v.hazards[strings.ToLower(strings.TrimSpace(part))]; ok {
			return c
		}
	}
	return ""
}

// hazardWords maps free text (a CPSC hazard, an FDA reason) to a hazard
// by keywords, the first rule that matches; "" when none does.
func hazardWords(s string) string {
	l := strings.ToLower(s)
	for _, r := range hazardRules {
		for _, w := range r.words {
			if strings.Contains(l, w) {
				return r.code
			}
		}
	}
	return ""
}

var hazardRules = []struct {
	code  string
	words []string
}{
	{"food-allergens", []string{"undeclared", "allergen", "peanut", "milk", "egg", "soy", "wheat", "tree nut", "sesame", "sulfite", "gluten"}},
	{"food-pathogens", []string{"listeria", "salmonella", "e. coli", "escherichia", "botulism", "botulinum", "hepatitis a", "norovirus", "cronobacter", "vibrio"}},
	{"food-mycotoxins", []string{"aflatoxin", "mycotoxin", "ochratoxin", "patulin"}},
	{"food-foreign-bodies", []string{"foreign material", "foreign object", "metal fragment", "glass fragment", "plastic fragment", "pieces of metal", "pieces of glass"}},
	{"food-heavy-metals", []string{"lead level", "elevated lead", "arsenic", "cadmium", "mercury"}},
	{"microbiological", []string{"sterility", "microbial contamination", "mold", "bacterial contamination", "fungal"}},
	{"drowning", []string{"drown"}},
	{"strangulation", []string{"strangulation", "strangle"}},
	{"suffocation", []string{"suffocation", "suffocate"}},
	{"asphyxiation", []string{"asphyxia"}},
	{"choking", []string{"choking", "choke"}},
	{"entrapment", []string{"entrapment", "entrap"}},
	{"electric-shock", []string{"electric shock", "electrocution", "shock hazard"}},
	{"burns", []string{"burn", "scald"}},
	{"fire", []string{"fire", "flame", "overheat", "ignite"}},
	{"cuts", []string{"laceration", "cut hazard", "sharp"}},
	{"chemical", []string{"lead", "phthalate", "chemical", "poison", "carbon monoxide", "toxic"}},
	{"damage-to-hearing", []string{"hearing"}},
	{"damage-to-sight", []string{"eye injur", "vision"}},
	{"injuries", []string{"fall", "crash", "injur", "impact", "tip-over", "tip over", "crush", "amputation", "vehicle accident", "explosion", "projectile"}},
	{"health-risk-other", []string{"donor", "particulate", "adverse reaction", "unapproved", "aromatase", "sildenafil", "undeclared drug", "contaminated"}},
}

// measures finds the measure types named in a text.
func (v *vocab) measures(s string) []string {
	l := strings.ToLower(s)
	var out []string
	for _, m := range v.measureNames {
		if m.name != "" && strings.Contains(l, m.name) {
			out = append(out, m.code)
			l = strings.ReplaceAll(l, m.name, "")
		}
	}
	return out
}

// category resolves a source product category.
func (v *vocab) category(s string) (code, hs string) {
	code = v.categories[strings.ToLower(strings.TrimSpace(s))]
	return code, v.catHS[code]
}

// gtin returns the first barcode in s (several may be listed) whose
// digits form a valid GTIN.
func gtin(s string) string {
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == ';' || r == '/' || r == '|' }) {
		d := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, tok)
		if len(d) < 8 || len(d) > 14 {
			continue
		}
		if _, err := ident.ParseGTIN(d); err == nil {
			return d
		}
	}
	return ""
}

// clip keeps at most n runes of s, trimmed.
func clip(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// digestKey is a stable key for sources without an identifier.
func digestKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%s\x00", strings.ToLower(strings.TrimSpace(p)))
	}
	return "h:" + hex.EncodeToString(h.Sum(nil))[:24]
}

// sourceLabels name the sources in both languages, for pages.
var sourceLabels = map[string][2]string{
	"safetygate": {"欧盟 Safety Gate", "EU Safety Gate"}, "rasff": {"欧盟 RASFF", "EU RASFF"}, "cpsc": {"美国 CPSC", "US CPSC"},
	"openfda": {"美国 FDA 执法记录", "US FDA enforcement"}, "fda-press": {"美国 FDA 召回公告", "US FDA press release"},
}

// RefLabel names a foreign signal's external reference ("safetygate:SR/03746/24")
// as its source and the source's own number ("欧盟 Safety Gate SR/03746/24");
// ok is false when ref is not a foreign record's.
func RefLabel(ref string) (zh, en string, ok bool) {
	src, key, found := strings.Cut(ref, ":")
	n, known := sourceLabels[src]
	if !found || !known {
		return "", "", false
	}
	return n[0] + " " + key, n[1] + " " + key, true
}
