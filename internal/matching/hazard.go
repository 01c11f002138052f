package matching

import (
	_ "embed"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A substance found migrating from a food contact material says what the
// material is: lead and cadmium from ceramic glaze, glass and enamel
// (Directive 84/500/EEC), primary aromatic amines from polyamide (nylon)
// and formaldehyde and melamine from melamine ware (Regulation (EU) No
// 284/2011, which sets the import checks on Chinese polyamide and melamine
// kitchenware, and Regulation (EU) No 10/2011), nickel, chromium and
// manganese from steel and other metals (Council of Europe Resolution
// CM/Res(2013)9). A RASFF notification that names only "Plate" for lead
// migration is about a ceramic plate, not a melamine one, and "Kitchen
// spatula" for aromatic amines about a nylon spatula, not a steel turner.
// data/hazards.csv lists the substances, in the languages RASFF notifies in,
// with the Chinese words declarants write for the materials (data/README.md).

//go:embed data/hazards.csv
var hazardsCSV string

//go:embed data/ingredients.csv
var ingredientsCSV string

// Material is a substance whose migration tells the material it came from.
type Material struct {
	Substance string   // as written in the table: "primary aromatic amine"
	Zh        []string // the Chinese words of the materials that release it
	Sources   []string
	words     []string
	// headings are where goods of the material are declared: the
	// headings of the lexicon's terms one of whose Chinese words is one of
	// the material's (尼龙: nylon and polyamide, 3924 3926 8215).
	headings []string
}

// Materials finds the substances of a hazard text.
type Materials struct {
	rows     map[string]*Material // key: the substance's stemmed words joined by spaces
	maxWords int
}

var hazardsTable = table{field: "hazards", zh: "危害物质表", en: "hazard substances", header: "substance,zh,source", fields: 3}

// ParseMaterials reads the substances (columns substance, zh, source; "|"
// separates Chinese words, "+" sources) and checks every row: a substance,
// Chinese words, at least one known source, each substance once. The first
// bad row is an error naming its line and field; nothing of a bad file is
// used.
func ParseMaterials(r io.Reader) (*Materials, error) {
	return parseSubstances(r, hazardsTable)
}

var ingredientsTable = table{field: "ingredients", zh: "配料表", en: "ingredients", header: "substance,zh,source", fields: 3}

// ParseIngredients reads the ingredients a hazard text may name as
// undeclared or present (data/ingredients.csv: "Protein poultry",
// "Crustaceans - undeclared - allergens"), with the Chinese words a
// declared name gives them (鸡 of 鸡汁味, 虾 of 虾粉), checked as
// ParseMaterials checks the substances.
func ParseIngredients(r io.Reader) (*Materials, error) {
	return parseSubstances(r, ingredientsTable)
}

func parseSubstances(r io.Reader, tbl table) (*Materials, error) {
	ms := &Materials{rows: map[string]*Material{}}
	err := tbl.read(r, func(rec []string) *rowError {
		m := &Material{Substance: strings.TrimSpace(rec[0])}
		m.words = termWords(m.Substance)
		if len(m.words) == 0 {
			return &rowError{"substance", "缺少物质名称。", "the substance is missing."}
		}
		for _, z := range strings.Split(rec[1], "|") {
			if z = strings.TrimSpace(z); z != "" {
				m.Zh = append(m.Zh, z)
			}
		}
		if len(m.Zh) == 0 {
			return &rowError{"zh", "缺少中文材料名。", "the Chinese words of the materials are missing."}
		}
		if e := checkSources(rec[2]); e != nil {
			return e
		}
		for _, s := range strings.Split(rec[2], "+") {
			if s = strings.TrimSpace(s); s != "" {
				m.Sources = append(m.Sources, s)
			}
		}
		key := strings.Join(m.words, " ")
		if old, dup := ms.rows[key]; dup {
			return &rowError{"substance", "物质与“" + old.Substance + "”重复。", "the substance repeats " + old.Substance + "."}
		}
		ms.rows[key] = m
		ms.maxWords = max(ms.maxWords, len(m.words))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ms, nil
}

// migrationWords say that a substance migrated from the goods, in the
// languages RASFF notifies in, or came off them ("inner coating peeling
// off"): only then does the substance tell the material ("lead paint" on a
// toy is paint, not glaze).
var migrationWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`migration migrated migrate migrazione migracion migracja migrace migratie migrare
		migracao migracio release released releasing leach leaching leached rilascio cessione liberacion
		peeling peeled flaking`) {
		for _, v := range termWords(w) {
			migrationWords[v] = true
		}
	}
}

// Find returns the substances a hazard text names as migrating from the
// goods ("Lead - migration of - migration", "migration of primary aromatic
// amines"), longest first where they overlap; none when the text does not
// speak of migration.
func (ms *Materials) Find(hazard string) []*Material {
	return ms.find(hazard, migrationWords)
}

// ingredientWords say that a hazard text is about what the food holds: an
// allergen undeclared, a protein or DNA found, its composition.
var ingredientWords = cueSet(`undeclared allergen allergens protein proteins dna composition presence contaminant contaminants`)

// Ingredients returns the ingredients a hazard text names as undeclared or
// found ("Protein poultry - composition", "Crustaceans - undeclared -
// allergens"); none when it speaks of neither.
func (ms *Materials) Ingredients(hazard string) []*Material {
	return ms.find(hazard, ingredientWords)
}

func (ms *Materials) find(hazard string, cue map[string]bool) []*Material {
	if ms == nil || hazard == "" {
		return nil
	}
	ws := termWords(hazard)
	if !slices.ContainsFunc(ws, func(w string) bool { return cue[w] }) {
		return nil
	}
	var out []*Material
	for i := 0; i < len(ws); {
		step := 1
		for n := min(ms.maxWords, len(ws)-i); n >= 1; n-- {
			if m := ms.rows[strings.Join(ws[i:i+n], " ")]; m != nil {
				if !slices.Contains(out, m) {
					out = append(out, m)
				}
				step = n
				break
			}
		}
		i += step
	}
	return out
}

// materialIn returns the first of the substances' materials a declared
// line's name holds, with the substance, or "" when it holds none. A
// material written after 仿 ("imitation": 仿瓷, melamine ware made to look
// like porcelain) is not that material.
func materialIn(ms []*Material, l *prepared) (zh string, m *Material) {
	for _, m := range ms {
		for _, z := range m.Zh {
			if holdsMaterial(l.Name, z) {
				return z, m
			}
		}
	}
	return "", nil
}

func holdsMaterial(name, z string) bool {
	latin := z != "" && !strings.ContainsFunc(z, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
	letter := func(s string, last bool) bool {
		if s == "" {
			return false
		}
		c := s[0]
		if last {
			c = s[len(s)-1]
		}
		return c < utf8.RuneSelf && unicode.IsLetter(rune(c))
	}
	for rest := name; ; {
		i := strings.Index(rest, z)
		if i < 0 {
			return false
		}
		// A material written in Latin letters (PE, PP) is a word of its
		// own, not letters of another (PE in SPEED or PET).
		whole := !latin || !letter(rest[:i], true) && !letter(rest[i+len(z):], false)
		if whole && !strings.HasSuffix(rest[:i], "仿") {
			return true
		}
		rest = rest[i+len(z):]
	}
}

// HazardOf returns the hazard lines of a record's summary ("Hazard: Lead -
// migration of - migration", "Danger: …", "Reason: …"), which is what a
// foreign notification signal keeps as its description.
func HazardOf(summary string) string {
	var out []string
	for _, line := range strings.Split(summary, "\n") {
		for _, k := range []string{"Hazard: ", "Danger: ", "Reason: "} {
			if v, ok := strings.CutPrefix(line, k); ok {
				out = append(out, strings.TrimSpace(v))
			}
		}
	}
	return strings.Join(out, "; ")
}

// A recall's title and description say what harms as well as what the goods
// are: "Recalled Due to Risk of Battery Ingestion", "Violation of Lead Paint
// Standard", "Due to Presence of Mold", "Fire Hazard". The words of the harm
// are not the product's ("battery", "mold" and "paint" are goods of their
// own in the lexicon), and neither are the colours the goods come in ("sold
// in blue, green, orange and yellow": not oranges). productText blanks both
// out before the lexicon reads the text.

// harmPhrase finds a word the harm names before "ingestion", "hazard" and
// the like ("Battery Ingestion", "Magnet Hazard"), the words after "risk of",
// "presence of" and the like up to the harm ("Presence of Mold", "Violation
// of Lead Paint Standard"), and lead named as paint or content.
var harmPhrase = regexp.MustCompile(`(?i)\b[\p{L}-]+\s+(?:ingestion|hazards?|poisoning|exposure|contamination)\b` +
	`|\b(?:presence|risk|violation|danger|contaminated)\s+(?:of|with)\s+(?:[\p{L}-]+\s+){0,2}?(?:mold|mould|lead|paint|battery|batteries|magnets?|bacteria|asbestos|cadmium|phthalates?)\b` +
	`|\blead\s+(?:paint|content|levels?|surface coating)\b`)

// colourNames are the basic colours; a word the lexicon reads as goods next
// to one of them, or to "colour", is a colour too ("lime green", "orange/brown
// in color").
var colourNames = map[string]bool{"red": true, "blue": true, "green": true, "yellow": true, "black": true, "white": true, "pink": true,
	"purple": true, "brown": true, "grey": true, "gray": true, "beige": true, "navy": true, "color": true, "colors": true, "colour": true,
	"colours": true, "colored": true, "coloured": true, "matte": true, "silver": true, "gold": true}

// colourLike are the goods the lexicon knows whose names are colours too.
var colourLike = map[string]bool{"orange": true, "lime": true, "olive": true, "peach": true, "cherry": true, "lemon": true, "plum": true,
	"chocolate": true, "coffee": true, "cream": true, "honey": true, "salmon": true, "wine": true, "mint": true, "rose": true,
	"lavender": true, "charcoal": true, "chestnut": true, "coral": true, "ivory": true, "jade": true, "sand": true, "apricot": true,
	"mustard": true, "aubergine": true, "tangerine": true, "raspberry": true, "khaki": true, "ginger": true}

// productText is the text with the words of the harm and of the colours
// blanked out, for the lexicon to read the product in.
func productText(text string) string {
	text = harmPhrase.ReplaceAllStringFunc(text, func(s string) string { return strings.Repeat(" ", len(s)) })
	lower := strings.ToLower(text)
	type word struct{ i, j int }
	var ws []word
	for i := 0; i < len(lower); {
		if !isASCIILetter(lower[i]) {
			i++
			continue
		}
		j := i
		for j < len(lower) && isASCIILetter(lower[j]) {
			j++
		}
		ws = append(ws, word{i, j})
		i = j
	}
	out := []byte(text)
	for k, w := range ws {
		if !colourLike[lower[w.i:w.j]] {
			continue
		}
		for d := -2; d <= 2; d++ {
			if d == 0 || k+d < 0 || k+d >= len(ws) {
				continue
			}
			if o := ws[k+d]; colourNames[lower[o.i:o.j]] {
				for x := w.i; x < w.j; x++ {
					out[x] = ' '
				}
				break
			}
		}
	}
	return string(out)
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// materialHeadings fills each substance's headings from the lexicon's
// terms that name its materials.
func (ms *Materials) materialHeadings(lx *Lexicon) {
	for _, m := range ms.rows {
		for _, t := range lx.list {
			if !slices.ContainsFunc(t.Zh, func(z string) bool { return slices.Contains(m.Zh, z) }) {
				continue
			}
			for _, h := range t.Headings {
				if !slices.Contains(m.headings, h) {
					m.headings = append(m.headings, h)
				}
			}
		}
	}
}

// ofMaterial returns the alert's terms read as goods of the material its
// hazard migrates from, when a term's headings are none of the material's:
// the material decides the heading. Primary aromatic amines migrate from
// nylon, not from the steel or aluminium of a pan (7323, 7615): a "KITCHEN
// PAN" that released them is nylon kitchenware, declared under 3924 (尼龙锅铲
// holds the 锅 of the pan). The term keeps its words and headings and gains
// those of the material inside bound (the category's headings; any when
// bound is empty), under which it fits a line whose name holds the
// material (Term.fitsLine). terms and also (the product name's terms) are mapped
// alike, so that a term keeps its place in both.
func ofMaterial(terms, also []*Term, materials []*Material, bound []string) ([]*Term, []*Term) {
	var heads []string
	for _, m := range materials {
		for _, h := range m.headings {
			if (len(bound) == 0 || within(h, bound)) && !slices.Contains(heads, h) {
				heads = append(heads, h)
			}
		}
	}
	if len(heads) == 0 {
		return terms, also
	}
	swap := map[*Term]*Term{}
	for _, t := range terms {
		if len(t.Headings) == 0 || slices.ContainsFunc(t.Headings, func(h string) bool { return within(h, heads) }) {
			continue
		}
		x := *t
		x.Headings = append(slices.Clone(t.Headings), heads...)
		x.asExtract = nil
		x.own = len(t.Headings)
		for _, m := range materials {
			x.material = append(x.material, m.Zh...)
		}
		swap[t] = &x
	}
	if len(swap) == 0 {
		return terms, also
	}
	mapped := func(ts []*Term) []*Term {
		out := make([]*Term, len(ts))
		for i, t := range ts {
			out[i] = t
			if x, ok := swap[t]; ok {
				out[i] = x
			}
		}
		return out
	}
	return mapped(terms), mapped(also)
}
