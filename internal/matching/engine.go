// Package matching finds the Hunan enterprises a foreign notification may
// be about: it compares the notification's manufacturer and exporter
// names (Chinese, English and pinyin forms), USCC, brand, model, GTIN, HS
// heading and origin with the enterprise register and the export
// declarations on record, and gives every candidate a score with the
// evidence behind it. Officers confirm or reject candidates in a review
// queue; a confirmed match opens a case.
package matching

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	pinyin "github.com/mozillazg/go-pinyin"

	"riskgate/internal/foreign"
)

// Threshold is the default score from which a candidate is proposed.
const Threshold = 0.6

// Notification is what matching reads of a foreign notification.
type Notification struct {
	Ref     string // the signal's external reference
	Product string
	Brand   string
	Model   string
	// Batch is the alert's batch or lot number ("MLB-003"), which a
	// declarant may have written as the line's model.
	Batch        string
	GTIN         string
	Manufacturer string
	USCC         string
	Origin       string // ISO alpha-2
	HSCode       string
	Category     string // riskgate product category, whose headings bound the product when HSCode is empty
	Words        string // the product's own words
	// Hazard is what the notification found, as its source writes it
	// ("Lead - migration of - migration"): a substance migrating from
	// food contact goods tells their material (hazard.go).
	Hazard string
	// HazardKind is the hazard's kind as the connectors map it
	// (foreign.Record.Hazard: "food-pathogens", "choking"): a food
	// hazard says the goods are food (scope.food).
	HazardKind string
	// Market is where the product was found (ISO alpha-2: the notifying
	// country), and Date when it was notified: a firm that shipped the
	// alert's kind of goods there in the year before is more likely its
	// maker.
	Market string
	Date   time.Time
	// YearOnly says Date gives only the year of the notification (its 1
	// January): a line of that year is not known to be after it.
	YearOnly bool
}

// shipped is how much a shipment on a day counts as the goods a
// notification found (shippedBefore); when only the notification's year is
// known, a shipment of that year counts fully.
func (n Notification) shipped(at time.Time) float64 {
	if n.YearOnly && !at.IsZero() && !at.Before(n.Date) && !at.After(n.lastDay()) {
		return 1
	}
	return shippedBefore(at, n.Date)
}

// lastDay is the last day the notification may have been made on: its
// date, or the year's end when only the year is known.
func (n Notification) lastDay() time.Time {
	if n.YearOnly {
		return n.Date.AddDate(1, 0, -1)
	}
	return n.Date
}

// Enterprise is a register entry.
type Enterprise struct {
	ID     int64
	USCC   string
	NameZh string
	NameEn string
}

// Line is one exported declaration line of an enterprise.
type Line struct {
	Declaration      string
	DeclaredAt       time.Time
	ConsignorUSCC    string
	HSCode           string
	Name             string
	Brand            string
	Model            string
	GTIN             string
	Manufacturer     string
	ManufacturerUSCC string
	Destination      string
}

// Evidence is one reason a candidate scores.
type Evidence struct {
	Kind        string  `json:"kind"` // uscc, gtin, name, brand, brands, model, hs, words, market, origin, hs-outside, exporter, shared-brand, shared-market, brand-elsewhere
	Detail      string  `json:"detail"`
	Weight      float64 `json:"weight"`      // how much this kind alone says
	Strength    float64 `json:"strength"`    // how well it matched, 0–1
	Declaration string  `json:"declaration"` // the declaration it came from, if any
	key         string  // the brand form it rests on, for telling shared brands apart
	maker       string  // the maker its line declares, when the firm only exported it
}

// Candidate is an enterprise a notification may be about.
type Candidate struct {
	Enterprise Enterprise `json:"enterprise"`
	Score      float64    `json:"score"`
	Evidence   []Evidence `json:"evidence"`
	// Tied reports a firm lowered because others shipped the alert's kind
	// of goods to the notifying country too and the evidence cannot tell
	// them apart: the review queue lists it apart, to decide by hand.
	Tied bool `json:"tied,omitempty"`
	// shippedThere reports that the firm declared the alert's kind of
	// goods to the notifying country before the notification.
	shippedThere bool
	// The shipment its market evidence rests on: how long before the
	// notification it left (0 when unknown) and the share of the alert's
	// product terms its line's name carries.
	marketAge time.Duration
	marketFit float64
	// marketOwn is how many of the alert's terms that line holds in a word
	// no other term lists (Lexicon.ownHeld).
	marketOwn int
	// marketMain is how many of the words the alert names its goods by
	// that line's name holds before its brackets (mainHeld).
	marketMain int
	// marketPieces is whether that line's set has the alert's number of
	// pieces: 1 it has, -1 it has another, 0 either does not say.
	marketPieces int
	// marketForm is whether that line's goods are in a form the alert
	// gives them (a powder, 粉; diced, 丁; crushed, 碎): 1 yes, -1 no, 0
	// when the alert gives none (cutAgree).
	marketForm int
	// marketRead is how many of the alert's product words that line's
	// name holds, read through the dictionary (Dictionary.Read).
	marketRead int
	// marketClean is 1 when that line holds none of the alert's terms only
	// across another goods' word (Lexicon.straddled), 0 when it does.
	marketClean int
	// marketPrep is whether that line's goods are in the alert's state,
	// raw or prepared (prepAgree): 1 they are, -1 they are not, 0 no
	// term tells.
	marketPrep int
}

// Weights of the kinds of evidence; they combine as independent
// indications, 1 − Π(1 − weight·strength).
var weights = map[string]float64{
	"uscc": 0.99, "gtin": 0.95, "name": 0.9, "model": 0.8, "brand": 0.55, "hs": 0.3, "words": 0.3, "market": 0.5,
	// Another of the alert's brands declared on the same declaration as the
	// first: a second coincidence, as telling as the first.
	"brands": 0.55,
}

// Index holds the register and the declarations, prepared for matching,
// with postings from every identifier, brand and name to the enterprises
// that carry it (postings.go), so that a notification is compared with the
// few enterprises it can be about instead of the whole register.
type Index struct {
	profiles []*profile
	post     postings
	gw       gramWeights
	// reads are the declared names read in English through the
	// dictionary, by product (prepared.pid).
	reads [][]string
	// Scan turns the postings off: every enterprise is compared (the
	// reference the postings are tested and benchmarked against).
	Scan bool
}

type profile struct {
	e         Enterprise
	names     []string // compact forms of its names (Chinese, its pinyin, English)
	nameGrams []grams  // their bigrams
	makers    bool     // whether any of its lines names a manufacturer
	// brandNames are the distinctive runs of words of its registered names
	// (English words, the pinyin syllables of the Chinese name), which a
	// foreign alert may give as the brand.
	brandNames map[string]string
	lines      []prepared
}

// prepared is a declaration line with what matching compares, computed
// once when the index is built rather than for every notification.
type prepared struct {
	Line
	makers     []string // compact forms of the declared manufacturer
	makerGrams []grams  // their bigrams
	words      map[string]bool
	brands     []string // brandForms of the declared brand
	// exporterOnly marks a line of the consignor that declares another
	// firm as the maker.
	exporterOnly bool
	pid          int32 // the declared product: the same for lines of one name under one HS code
	model, gtin  string
	// models are the models of a declared list ("JHRE5/JHRE6/JHRE7"),
	// each normalised; nil for a single model. modelNames are the names
	// of such a list ("RIPPER JR/RIPPER MIPS JR", modelList).
	models, modelNames []string
	// modelNum is the digits of a model that letters prefix ("SB-9034":
	// 9034), which an alert may give alone.
	modelNum string
	heading  string // the first four digits of hs
	hs       string // the digits of the declared HS code
	// bare is the name with the materials written inside it taken out
	// (bareName), "" when it holds none.
	bare string
}

// preparer prepares lines, computing what many lines share (the product
// name's words, the brand's forms, the manufacturer's name forms) once: a
// register's millions of lines repeat a few thousand names and brands.
type preparer struct {
	pids   map[[2]string]int32
	words  map[string]map[string]bool
	brands map[string][]string
	makers map[string]makerForms
	hs     map[string][2]string
	bares  map[string]string
}

type makerForms struct {
	forms []string
	grams []grams
}

func newPreparer() *preparer {
	return &preparer{pids: map[[2]string]int32{}, words: map[string]map[string]bool{}, brands: map[string][]string{}, makers: map[string]makerForms{}, hs: map[string][2]string{}, bares: map[string]string{}}
}

func (pr *preparer) prepare(l Line) prepared {
	w, ok := pr.words[l.Name]
	if !ok {
		w = wordSet(l.Name)
		pr.words[l.Name] = w
	}
	b, ok := pr.brands[l.Brand]
	if !ok {
		b = brandForms(l.Brand)
		pr.brands[l.Brand] = b
	}
	m, ok := pr.makers[l.Manufacturer]
	if !ok {
		m.forms = nameForms(l.Manufacturer, "")
		m.grams = gramsOfAll(m.forms)
		pr.makers[l.Manufacturer] = m
	}
	h, ok := pr.hs[l.HSCode]
	if !ok {
		h = [2]string{hsHeading(l.HSCode), onlyDigits(l.HSCode)}
		pr.hs[l.HSCode] = h
	}
	k := [2]string{l.Name, h[1]}
	pid, ok := pr.pids[k]
	if !ok {
		pid = int32(len(pr.pids))
		pr.pids[k] = pid
	}
	// A declarant that leaves the model field empty often writes the model
	// in the goods' name (电动滑板车（FS-101/FS-102，250W）): its codes are
	// the line's models.
	if strings.TrimSpace(l.Model) == "" {
		l.Model = strings.Join(codesInName(l.Name), "/")
	}
	codes, names := modelList(l.Model)
	return prepared{Line: l, makers: m.forms, makerGrams: m.grams, words: w, brands: b, model: normModel(l.Model), models: codes, modelNames: names, modelNum: modelNumber(normModel(l.Model)), gtin: digitsOf(l.GTIN), heading: h[0], hs: h[1], pid: pid, bare: pr.bare(l.Name)}
}

// reads are the declared products' names read in English through the
// dictionary (Dictionary.Read), by product (prepared.pid), each name read
// once.
func (pr *preparer) reads() [][]string {
	out := make([][]string, len(pr.pids))
	byName := map[string][]string{}
	for k, pid := range pr.pids {
		r, ok := byName[k[0]]
		if !ok {
			r = mustReference().dict.Read(k[0])
			byName[k[0]] = r
		}
		out[pid] = r
	}
	return out
}

// bare is a name's bareName, worked out once per name.
func (pr *preparer) bare(name string) string {
	b, ok := pr.bares[name]
	if !ok {
		b = bareName(name, mustReference().inner)
		pr.bares[name] = b
	}
	return b
}

// NewIndex prepares enterprises and their export lines; a line counts for
// the consignor and, when it names one in the register, the manufacturer.
func NewIndex(es []Enterprise, lines []Line) *Index {
	ix := &Index{}
	byUSCC := map[string]*profile{}
	runs := make([][]nameRun, len(es))
	df := map[string]int{}
	for i, e := range es {
		p := &profile{e: e, names: nameForms(e.NameZh, e.NameEn)}
		p.nameGrams = gramsOfAll(p.names)
		ix.profiles = append(ix.profiles, p)
		if e.USCC != "" {
			byUSCC[e.USCC] = p
		}
		runs[i] = nameRuns(e)
		seen := map[string]bool{}
		for _, r := range runs[i] {
			for _, w := range r.words {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
	}
	// A run of a registered name can stand for a brand when one of its
	// words is distinctive: found in the names of few firms, not a city or
	// a trade that many share, nor a word of goods ("Mountain" of "Haoling
	// Mountain Bike Co.": the firm's trade, however few firms share it).
	rare := max(2, len(es)/100)
	ref := mustReference()
	for i, p := range ix.profiles {
		for _, r := range runs[i] {
			for _, w := range r.words {
				if df[w] <= rare && !ref.lex.knows(w) && ref.hs.df[w] == 0 {
					if p.brandNames == nil {
						p.brandNames = map[string]string{}
					}
					p.brandNames[r.form] = r.from
					break
				}
			}
		}
	}
	// A declaration may name its manufacturer without the USCC (a trader
	// that wrote only the maker's name): a register firm whose Chinese name
	// is the one written, in its compact form, and no other firm's, is the
	// maker.
	byName, twice := map[string]*profile{}, map[string]bool{}
	for _, p := range ix.profiles {
		for _, f := range p.names {
			if !hasHan(f) {
				continue
			}
			if q := byName[f]; q != nil && q != p {
				twice[f] = true
			}
			byName[f] = p
		}
	}
	pr := newPreparer()
	for _, l := range lines {
		pl := pr.prepare(l)
		if p := byUSCC[l.ConsignorUSCC]; p != nil {
			p.lines = append(p.lines, pl)
		}
		if p := byUSCC[l.ManufacturerUSCC]; p != nil && l.ManufacturerUSCC != l.ConsignorUSCC {
			p.lines = append(p.lines, pl)
		} else if l.ManufacturerUSCC == "" {
			for _, f := range pl.makers {
				if p := byName[f]; p != nil && !twice[f] && p.e.USCC != l.ConsignorUSCC {
					p.lines = append(p.lines, pl)
					break
				}
			}
		}
	}
	ix.reads = pr.reads()
	// The bigrams' weights, from every distinct name form of the register
	// and of the manufacturers declared.
	ix.gw = gramWeights{df: map[uint64]int{}}
	count := func(gs grams) {
		ix.gw.forms++
		for i, g := range gs.g {
			if i == 0 || gs.g[i-1] != g {
				ix.gw.df[g]++
			}
		}
	}
	for _, p := range ix.profiles {
		for _, gs := range p.nameGrams {
			count(gs)
		}
	}
	for _, m := range pr.makers {
		for _, gs := range m.grams {
			count(gs)
		}
	}
	for _, p := range ix.profiles {
		for i := range p.nameGrams {
			ix.gw.weigh(&p.nameGrams[i])
		}
	}
	for _, m := range pr.makers {
		for i := range m.grams {
			ix.gw.weigh(&m.grams[i]) // the lines share these
		}
	}
	for _, p := range ix.profiles {
		for i := range p.lines {
			if l := &p.lines[i]; l.ConsignorUSCC == p.e.USCC {
				l.exporterOnly = ix.madeByAnother(l, p)
			}
		}
		p.makers = slices.ContainsFunc(p.lines, func(l prepared) bool { return len(l.makers) > 0 })
	}
	ix.post = buildPostings(ix.profiles)
	return ix
}

// madeByAnother reports a line whose consignor declared another firm as
// the maker: by its USCC, or by a name unlike the consignor's.
func (ix *Index) madeByAnother(l *prepared, consignor *profile) bool {
	if l.ManufacturerUSCC != "" {
		return l.ManufacturerUSCC != consignor.e.USCC
	}
	if len(l.makers) == 0 {
		return false
	}
	for i, m := range l.makers {
		for j, n := range consignor.names {
			if ix.dice(m, n, l.makerGrams[i], consignor.nameGrams[j]) >= 0.6 {
				return false
			}
		}
	}
	return true
}

// Match returns the candidates of a notification scoring at least min,
// best first.
func (ix *Index) Match(n Notification, min float64) []Candidate {
	return slices.DeleteFunc(ix.Review(n, min), func(c Candidate) bool { return c.Score < min })
}

// Review is Match with the firms a tie on a shared market lowered below min
// (Candidate.Tied) kept after the others, for the review queue to list
// apart. The postings are read for min, so it costs what Match does.
func (ix *Index) Review(n Notification, min float64) []Candidate {
	nNames := nameForms(n.Manufacturer, "")
	nGrams := gramsOfAll(nNames)
	for i := range nGrams {
		ix.gw.weigh(&nGrams[i])
	}
	brands := brandForms(n.Brand)
	// A brand field may add the importer's product or company words to the
	// brand a line declares ("Slim-30 Herb Supplement" for SLIM 30,
	// "Meizitang Botanical" for 美姿堂).
	heads := ix.brandHeads(n.Brand, brands)
	// A brand field that is a firm's name may hold the declared brand as
	// its first words ("Arco Nut & Candy": ARCO).
	if f := ix.firmBrand(n.Brand); f != "" && !slices.Contains(brands, f) && !slices.Contains(heads, f) && !slices.ContainsFunc(brands, func(b string) bool { return ix.post.declared[b] }) {
		heads = append(heads, f)
	}
	brands = append(brands, heads...)
	// written is how the alert writes a form spelt alike a declared brand,
	// for the evidence.
	written := map[string]string{}
	// A brand field none of whose forms is declared may still name a
	// declared brand among other words — a product line after it
	// ("Slimdia Revolution"), a kind before it ("Classic Zi Xiu Tang Bee
	// Pollen") — or spell one another way ("Slim Xtreme Herbal Slimming
	// Capsule" for SLIM EXTREME).
	var inField map[string]bool
	if n.Brand != "" && !slices.ContainsFunc(brands, func(f string) bool { return ix.post.declared[f] }) {
		var alike map[string]string
		inField, alike = ix.brandsInField(n.Brand)
		// A firm's name in the field spelt alike a declared brand
		// ("Albanese Confectionery Group, Inc." for ALBANESSE).
		if f, w := ix.firmBrandAlike(n.Brand); f != "" && len(inField) == 0 && alike[f] == "" {
			alike[f] = w
		}
		brands = appendSorted(brands, inField, alike, written)
	}
	// Short brands and word models written at the head of the goods'
	// words ("JD suspension forks", "Blazer … pitching machines"), and the
	// brands of a list written before "brand".
	markBrands, markModels := ix.marksBeforeGoods(n.Product + " " + n.Words)
	for f := range ix.brandsListed(n.Product + " " + n.Words) {
		if markBrands == nil {
			markBrands = map[string]bool{}
		}
		markBrands[f] = true
	}
	// A brand field that names no declared brand at all may be the
	// importer's or distributor's name (FDA's "Good Health, Inc." for
	// "Dietary supplement Vialipro"): the maker's brand is then in the
	// product's text, where a declared brand counts as one the text names.
	var inText map[string]bool
	firmForm := "" // the recalling firm's name, when a line declares it as a brand
	if n.Brand != "" && len(inField) == 0 && len(written) == 0 && !slices.ContainsFunc(brands, func(f string) bool { return ix.post.declared[f] }) {
		inText = ix.brandsInText(n.Product + " " + n.Words)
		for f := range ix.shortBrandsIn(onceText(n)) {
			inText[f] = true
		}
		maps.Copy(inText, markBrands)
		// Or as a name of ordinary words capitalised in running text
		// ("involves Smart Balance Wheel self-balancing scooters").
		maps.Copy(inText, ix.namedRuns(n.Product+" "+n.Words))
		maps.Copy(inText, ix.quotedBrands(n.Product+" "+n.Words))
		// Or the recalling firm's own name, the house brand of a product
		// line the field gives ("JayBar" of Jay Robb Enterprises Inc.,
		// declared JAY ROBB).
		if firmForm = ix.firmBrand(n.Manufacturer); firmForm != "" {
			inText[firmForm] = true
		}
		for f := range inText {
			if slices.Contains(brands, f) {
				delete(inText, f)
			}
		}
		brands = appendSorted(brands, inText, nil, written)
	}
	// A notification without a brand field may give the brand as the first
	// words of the product's name ("Semfri Children's Helmets", CPSC).
	fromName := false
	if len(brands) == 0 {
		brands = ix.longestDeclared(mustReference().leadingBrands(n.Product))
		if len(brands) == 0 {
			brands = ix.declaredLead(n.Product)
		}
		// Or anywhere in its text ("… sold with Kid Casters No Tangle
		// Combos"): a run of words that is a brand declared on some line,
		// or spelt alike one ("Sold by Ecnup" for ENCUP).
		text := n.Product + " " + n.Words
		inText = ix.brandsInText(text)
		for f := range ix.shortBrandsIn(onceText(n)) {
			inText[f] = true
		}
		// Or as a short mark at the head of the goods' words ("JD
		// suspension forks").
		maps.Copy(inText, markBrands)
		// Or as a name of ordinary words capitalised in running text
		// ("involves Smart Balance Wheel self-balancing scooters").
		maps.Copy(inText, ix.namedRuns(text))
		// Or at the head of a quoted name ("X-Games Aggressive").
		maps.Copy(inText, ix.quotedBrands(text))
		// Or as the firm a recall's title names ("Nike Recalls Football
		// Helmet Chin Straps", "Razor USA Recalls …"): the firm that
		// recalls is mostly the brand's owner.
		for f := range ix.recallerBrands(n.Words) {
			inText[f] = true
		}
		// Or as the recalling firm's own name, when a release gives no brand
		// ("Herb and Honey Inc." for goods declared HERB AND HONEY).
		if firmForm = ix.firmBrand(n.Manufacturer); firmForm != "" {
			inText[firmForm] = true
		}
		// A short brand read where a longer one is written ("Aqua" of
		// "Aqua Scout", counted twice) is the longer one's word.
		longest := ix.longestDeclared(append(keysOf(inText), brands...))
		for f := range inText {
			if !slices.Contains(longest, f) {
				delete(inText, f)
			}
		}
		for f := range inText {
			if slices.Contains(brands, f) {
				delete(inText, f)
			}
		}
		alike := ix.brandsSpeltAlike(text, true)
		if f, w := ix.firmBrandAlike(n.Manufacturer); f != "" && alike[f] == "" {
			if alike == nil {
				alike = map[string]string{}
			}
			alike[f] = w
		}
		brands = appendSorted(brands, inText, alike, written)
		fromName = len(brands) > 0
	}
	// The models: the one given, and those the text names ("Type TX-330").
	models := map[string]bool{}
	if m := normModel(n.Model); len(m) >= 3 { // "1", "A": not a model anyone else could not also declare
		models[m] = true
	}
	// A batch number of letters and digits is as telling as a model: a
	// declarant writes the lot's mark where the model goes.
	if m := normModel(n.Batch); len(m) >= 4 && hasLetterAndDigit(m) {
		models[m] = true
	}
	text := n.Product + " " + n.Words
	for _, m := range ModelsIn(text) {
		models[m] = true
	}
	for m := range maps.Clone(models) {
		if v := oAsZero(m); v != "" {
			models[v] = true
		}
	}
	// A model named after a cue makes the alert one that names its goods;
	// a code found in the text without one ("Lunch box bambusowy szary
	// JH-RE6") is model evidence when a line declares it, and leaves the
	// market to count when none does.
	cued := len(models) > 0
	for _, m := range BareModelsIn(text) {
		models[m] = true
	}
	// An article number of digits alone at the head of the product's name
	// ("320111(230910) chicken chip rolls", RASFF) is the seller's code
	// for the goods when some line declares it as a model.
	if m := leadingArticle(n.Product, n.HSCode); m != "" && len(ix.post.model[m]) > 0 {
		models[m] = true
	}
	// Models some line declares, named in running text as words ("six
	// models of HEAD ski helmets: Agent, Alia, Andor", "Hype Roam brand",
	// "the Vecaro brand Glide65, Drift8"): a line's counts when the text
	// names its brand too, when the model mixes letters and digits in four
	// characters or more, or when it is marked (declaredModelsIn) and the
	// line's goods are the alert's.
	var textModels, markedModels map[string]bool
	var textForms map[string]bool
	if n.Model == "" {
		textModels, markedModels = ix.declaredModelsIn(text)
		// A model's word at the head of the goods' words ("Blazer
		// automatic baseball pitching machines") is marked as a name when
		// the alert names no firm: then it is the only name the alert
		// gives. An alert that names its firm ("Acme Recalls … the Andor
		// ski helmets") names its brand, which the model needs.
		if len(markModels) > 0 && !namesFirm(n) {
			if textModels == nil {
				textModels = map[string]bool{}
			}
			if markedModels == nil {
				markedModels = map[string]bool{}
			}
			maps.Copy(textModels, markModels)
			maps.Copy(markedModels, markModels)
		}
		for m := range ix.modelsAfterBrand(text, brands) {
			if textModels == nil {
				textModels = map[string]bool{}
			}
			textModels[m] = true
		}
		for m := range textModels {
			if models[m] {
				delete(textModels, m)
			}
		}
		if len(textModels) > 0 {
			textForms = runForms(text)
		}
	}
	// The models the alert names that some line declares: a line of the
	// alert's brand declaring another model is another product of it
	// ("Midget Racer" mini-bicycles of KENT, not KENT's PRO-X).
	// Only models that cannot be ordinary words count: the alert's model
	// field, codes of letters and digits, or a model declared under one of
	// the alert's brands ("Midget Racer" of KENT); a Title Case word some
	// line declares as its model (CLASSIC, SPORT) may be just a word.
	namedModels := map[string]bool{}
	for _, set := range []map[string]bool{models, textModels} {
		for m := range set {
			if len(ix.post.model[m]) > 0 && (m == normModel(n.Model) || hasLetterAndDigit(m) || ix.modelOfBrand(m, brands)) {
				namedModels[m] = true
			}
		}
	}
	// A model of several words the text writes apart ("Amsterdam model
	// bicycles in the Classic 3, Original 3 … styles" for AMSTERDAM
	// ORIGINAL 3), declared under a brand the alert names.
	spread := ix.spreadModels(text, brands)
	for m := range spread {
		namedModels[m] = true
	}
	gtins := map[string]bool{}
	if g := digitsOf(n.GTIN); g != "" {
		gtins[g] = true
	}
	for _, g := range GTINsIn(text) {
		gtins[g] = true
	}
	words := wordSet(n.Product + " " + n.Words)
	// A product given only as its tariff code ("0904220011") is the goods
	// of that subheading: its heading bounds them when the alert gives
	// none, and a line declared under the subheading has its words.
	tariff := tariffCode(n.Product)
	if tariff != "" && hsHeading(n.HSCode) == "" {
		n.HSCode = tariff
	}
	ref := mustReference()
	// Foreign product words read as the Chinese words of declarations.
	// An extract, powder or capsules of a plant is declared as such (1302,
	// 2106) as well as under the plant's own heading.
	// The words of the harm and of the colours are not the product's
	// ("Battery Ingestion", "sold in blue, orange and yellow").
	// Goods the alert says are made from something ("Obtained from rice")
	// are the goods made of it too (asMadeFrom).
	terms := ref.lex.asMadeFrom(text, asDrieds(text, asExtracts(text, ref.lex.Find(productText(text)))))
	var nameTerms []*Term
	if n.Words != "" && n.Words != n.Product {
		nameTerms = ref.lex.asMadeFrom(n.Product, asDrieds(text, asExtracts(text, ref.lex.Find(productText(n.Product)))))
	}
	// The materials the substance found migrating comes from; they decide
	// the heading of a term declared of another material (ofMaterial).
	materials := ref.materials.Find(n.Hazard)
	if len(materials) > 0 {
		var bound []string
		if c, ok := ref.categories[n.Category]; ok {
			bound = c.headings
		}
		terms, nameTerms = ofMaterial(terms, nameTerms, materials, bound)
	}
	// The materials the alert's product is of ("Gourde en aluminium"): a
	// line whose name states another (不锈钢水壶) is another product of its
	// kind.
	productWords := n.Product
	if productWords == "" {
		productWords = n.Words
	}
	stuffs := ref.stuffs.Find(productWords)
	// Whether the alert says its goods are for children: a line that says
	// so too fits it better (儿童密胺印花餐盘, not 密胺餐盘（成人款）, for
	// "melamine decorated children plates").
	child := saysChildren(productWords)
	// So does one that says its goods are organic (有机).
	organic := saysOrganic(productWords)
	// How many pieces the alert's set has ("Children's tableware set, 5
	// pieces"), 0 when it does not say.
	pieces := piecesOf(productWords)
	// What the hazard says the food holds ("Protein poultry"): a line
	// whose name says so (方便面（鸡汁味）) fits it better than one that
	// does not (方便面（红烧牛肉味）).
	var ingr []string
	for _, m := range ref.ingredients.Ingredients(n.Hazard) {
		ingr = append(ingr, m.Zh...)
	}
	// Whether the alert names a material at all: in the materials' words,
	// or through a term whose Chinese holds a material's ("wheat straw":
	// 麦秸秆).
	namesStuff := len(stuffs) > 0 || slices.ContainsFunc(terms, func(t *Term) bool { return ref.stuffs.inAny(t.Zh) })
	sc := scopeOf(ref, n, terms)
	sc.food = foodAlert(n, sc)
	faulty := faultyParts(ref.lex, n.Hazard, terms)
	// Whether a word of other goods in a declared name says only what the
	// goods are for (自行车车架包, a bag for bicycles): so when the hazard
	// names the part that fails, or when the alert's product name ends
	// with its goods' word ("Cannondale Mountain Bicycles"), which is then
	// the goods themselves and not a word qualifying others ("Basketball
	// and Flower Tables").
	forUse := len(faulty) > 0 || headTerm(n.Product, terms)
	// An alert about an extract ("Instant black tea extract powder") is not
	// about the leaves, roots or seeds themselves (notExtract).
	extract := saysExtract(text)
	lights := lightCounts(alertLights, text)
	// Nor is an alert about instant food ("spaghetti istantanei", "instant
	// noodles") about the dried noodles of the same heading (notInstant).
	instant := saysInstant(text)
	// Nor is an alert about dried food ("Paste alimentari secche
	// noodles") about the instant noodles of the same heading.
	dried := !instant && saysDriedOf(productWords, terms)
	// The colour an alert about food gives its goods ("Dried green
	// jalapeño", "Large black speckled kidney beans"): a line of them in
	// another colour is another commodity (colourAgree).
	// And the form food is in (a powder, diced, crushed: alertCuts).
	var colours []int
	foodScope := foodHeadings(sc.headings)
	if foodScope {
		colours = alertColours(n.Product, terms)
	}
	forms := alertCuts(text, foodScope)
	// What may run into the alert's words in a declared name, worked out
	// when a shipment is first compared (Lexicon.straddled).
	var straddle *straddles
	// Whether the alert's food is prepared (roasted, coated, a butter) or,
	// saying nothing, the raw goods: of two shipments of groundnuts, the
	// raw kernels are "Groundnuts", the coated ones a snack (prepAgree).
	cooked := saysPrepared(productWords)
	// Product words the lexicon does not know may still be the words of
	// the nomenclature.
	// Words that restate the category ("Sports article" in hobby/sports
	// equipment) say no more than it.
	catWords := termWords(sc.cat.name)
	// So do its terms ("Jelly confectionery" in Confectionery, "Süßware"
	// = 糖果): the other terms, when there are some, are the product.
	// A narrow category's name is its one product ("Laser pointers"): its
	// term is the alert's.
	if rest := slices.DeleteFunc(slices.Clone(terms), func(t *Term) bool { return !sc.narrow && sc.cat.restates(ref.lex, t, catWords) }); len(rest) > 0 && len(rest) < len(terms) {
		terms = rest
		nameTerms = slices.DeleteFunc(nameTerms, func(t *Term) bool { return !slices.Contains(terms, t) })
	}
	// The terms of the product's name (all the terms when the alert has
	// no other words) that name goods, not only how they are prepared or
	// kept ("canned" of "Canned apricots").
	goodsNames := nameTerms
	if len(goodsNames) == 0 {
		goodsNames = terms
	}
	goodsNames = slices.DeleteFunc(slices.Clone(goodsNames), func(t *Term) bool {
		return !slices.ContainsFunc(t.words, func(w string) bool { return !preparedWords[w] })
	})
	hsWords := slices.DeleteFunc(ref.hs.specific(n.Product), func(w string) bool {
		return slices.Contains(catWords, w) || slices.ContainsFunc(terms, func(t *Term) bool { return slices.Contains(t.words, w) })
	})
	// The product words the lexicon left unread ("Double-layer rotating
	// drain basket") may still be read in a declared name through the
	// dictionary (沥水篮: basket), on the lines none of its terms fit; not
	// the brand's words (RAIN is a brand of Swiss rolls, not 雨衣).
	brandWords := termWords(n.Brand)
	// Whether the alert's text says its goods are for children (a child, a
	// youth, a wheel of 12 to 20 inches), worked out the first time a line
	// of its brand is for children.
	var childSaid *bool
	childRecall := func() bool {
		if childSaid == nil {
			text := n.Product + " " + n.Words + " " + n.Hazard
			said := saysChildren(text) || hasCue(text, youthWords) || childSizes.MatchString(n.Product+" "+n.Words)
			childSaid = &said
		}
		return *childSaid
	}
	// The goods a line of the alert's brand ends with, when they are other
	// goods than the alert's (Dictionary.otherGoods): only for a line under
	// chapter 39 or beyond that none of the alert's terms fits; the words
	// of the alert's product, text and hazard are read the first time.
	var alertWords map[string]bool
	brandOtherGoods := func(l *prepared, f *lineFit) string {
		if len(terms) == 0 || f.wordsFit() || len(l.hs) < 2 || l.hs[:2] < "39" {
			return ""
		}
		if alertWords == nil {
			alertWords = map[string]bool{}
			for _, w := range termWords(n.Product + " " + n.Words + " " + n.Hazard) {
				alertWords[w] = true
			}
		}
		head, _ := ref.dict.otherGoods(l.Name, alertWords, terms)
		return head
	}
	dictWords := slices.DeleteFunc(ref.unreadWords(productText(productWords), catWords), func(w string) bool {
		return slices.Contains(brandWords, w) || !fromName && slices.Contains(brands, w) ||
			slices.ContainsFunc(terms, func(t *Term) bool { return slices.Contains(t.words, w) })
	})
	// A notification that names no one (RASFF's "melamine mug from China")
	// is about the firm that shipped its kind of goods to the country that
	// found them, shortly before.
	// Nor one that says it names its goods' brand, when no line declares
	// it ("VARIOUS FOOD SUPPLEMENTS OF "PNS …" TRADEMARK"): another
	// firm's supplements shipped there are not that brand's. A barcode
	// names the goods only when some line declares it: declarants seldom
	// write one, and a Safety Gate alert's barcode no line carries leaves
	// the alert as nameless as one without.
	gtinDeclared := false
	for g := range gtins {
		gtinDeclared = gtinDeclared || len(ix.post.gtin[g]) > 0
	}
	var mk market
	if sc.bounded() && n.Market != "" && n.Market != "CN" && (len(brands) == 0 || fromName) && !(saysBrand(n.Product) && !slices.ContainsFunc(brands, func(f string) bool { return ix.post.declared[f] })) && !cued && !gtinDeclared && len(nNames) == 0 && n.USCC == "" {
		mk = ix.post.marketOf(strings.ToUpper(n.Market), marketHeadings(terms, sc.headings), n.Date, n.lastDay())
	}
	// linesMiss bounds what a firm's lines can add: every kind of evidence
	// the notification can give, at full strength, except the name.
	linesMiss := 1.0
	for _, k := range []struct {
		kind string
		can  bool
	}{{"uscc", n.USCC != ""}, {"gtin", len(gtins) > 0}, {"model", len(models) > 0 || len(textModels) > 0}, {"brand", len(brands) > 0}, {"brands", len(brands) > 1}, {"hs", sc.bounded()},
		{"words", len(words) > 0 || len(terms) > 0 || len(hsWords) > 0 || tariff != "" || len(materials) > 0}} {
		if k.can {
			linesMiss *= 1 - weights[k.kind]
		}
	}
	// A brand's own shipments to the notifying country count fully.
	if len(brands) > 0 && n.Market != "" && !strings.EqualFold(n.Market, "CN") {
		linesMiss *= 1 - weights["market"]
	} else {
		linesMiss *= 1 - weights["market"]*mk.strength
	}
	// The months a recall says its goods were made in: a line of the
	// alert's brand declared outside them is another lot, and one declared
	// inside them is the recalled lot however long before the recall.
	win, hasWindow := productionWindow(text)
	// Where the goods were made: the origin field, else what the text says
	// ("Made in Vietnam" on a recalled glove's label).
	origin, stated := n.Origin, false
	if origin == "" {
		origin, stated = textOrigin(text)
	}
	var out []Candidate
	qModels := models
	if len(textModels) > 0 {
		qModels = maps.Clone(models)
		maps.Copy(qModels, textModels)
	}
	q := query{uscc: n.USCC, names: nNames, brands: brands, models: qModels, gtins: gtins, market: mk}
	// What the notification finds in a declared product is worked out once
	// for all the lines that declare it: registers repeat a few thousand
	// product names over millions of lines.
	fits := map[int32]*lineFit{}
	goods := -1 // goodsOf(terms), once
	fitOf := func(l *prepared) *lineFit {
		if f, ok := fits[l.pid]; ok {
			return f
		}
		f := &lineFit{}
		var ev *Evidence
		f.inScope, ev = sc.place(l)
		if ev != nil {
			f.hs = *ev
		}
		if w := overlap(words, l.words); w > 0 {
			f.overlap = Evidence{Kind: "words", Detail: "品名用词相同 / product words in common: " + l.Name, Strength: w}
		}
		// The share of the alert's product terms the declared name
		// carries: "porcelain mug" fits 陶瓷马克杯 whole, 玻璃杯 half.
		// A long description names many things; the terms of the product's
		// name, when it has some, are the product.
		var fit []string
		inName := 0
		for _, t := range terms {
			if zh, ok := t.fitsLine(l); ok {
				fit = append(fit, t.Term+" ~ "+zh)
				f.fitTerms = append(f.fitTerms, t)
				if slices.Contains(nameTerms, t) {
					inName++
				}
			}
		}
		// A term the line's name holds under another heading than its own
		// fits with a term that places the line: the material, an
		// ingredient, a flavour or the cut of the goods ("nylon and
		// stainless steel potato masher" against 土豆压泥器（尼龙头，不锈钢柄）
		// declared under 8205).
		if len(fit) > 0 {
			for _, t := range terms {
				if slices.Contains(f.fitTerms, t) {
					continue
				}
				if zh, ok := t.nameWord(l); ok {
					fit = append(fit, t.Term+" ~ "+zh)
					f.fitTerms = append(f.fitTerms, t)
					if slices.Contains(nameTerms, t) {
						inName++
					}
				}
			}
		}
		// A narrower kind of the alert's goods is its goods, whole.
		if len(fit) == 0 && len(terms) > 0 {
			if t, zh := ref.lex.narrowerFit(terms, l); t != nil {
				fit = append(fit, t.Term+" ~ "+zh)
				f.fitTerms = append(f.fitTerms, terms...)
				inName = len(nameTerms)
			}
		}
		if len(fit) > 0 {
			share := float64(len(f.fitTerms)) / float64(len(terms))
			if len(nameTerms) > 0 {
				share = max(share, float64(inName)/float64(len(nameTerms)))
			}
			f.terms = Evidence{Kind: "words", Detail: fmt.Sprintf("品名中外文对应 / product words across languages: %s（%s）", l.Name, strings.Join(fit, "，")),
				Strength: share}
		}
		// The alert's product words in the English text of the line's
		// subheading or heading.
		if found, code, siblings := ref.hs.fits(hsWords, l.hs); len(found) > 0 {
			f.nomenclature = Evidence{Kind: "words", Strength: float64(len(found)) / float64(len(hsWords)),
				Detail: fmt.Sprintf("申报的 HS %s 英文品名含通报用词 %s / the English text of the declared HS %s holds the alert's words: %s",
					code, strings.Join(found, "，"), code, strings.Join(found, ", "))}
			if len(siblings) > 0 {
				// The words are those of other subheadings than the
				// line's own: it counts half.
				f.nomenclature.Strength /= 2
				f.nomenclature.Detail += fmt.Sprintf("（通报用词见于子目 %s 的品名，不见于申报的子目 %s / the words are in the texts of %s, not of the line's %s）",
					strings.Join(siblings, "、"), prefixOf(l.hs, 6), strings.Join(siblings, ", "), prefixOf(l.hs, 6))
			}
		}
		// The words the lexicon left unread, in the name read through the
		// dictionary: their share of all the alert's product words, goods
		// and unread words together — a line that reads "roll" alone holds
		// less of "chicken chip rolls" than one that fits the chicken. Terms
		// that translate one another ("Spachtel // Spatula") are one goods.
		if len(dictWords) > 0 && f.terms.Kind == "" {
			// Words that only say how the goods are prepared ("cooked" read
			// in 熟鸭脖) are no goods: they may add to others, not stand alone.
			if found := readIn(dictWords, ix.reads[l.pid], l.words); slices.ContainsFunc(found, func(w string) bool { return !preparedWords[w] }) {
				if goods < 0 {
					goods = goodsOf(terms)
				}
				f.dict = Evidence{Kind: "words", Strength: float64(len(found)) / float64(len(dictWords)+goods),
					Detail: fmt.Sprintf("申报品名按 CC-CEDICT 释义含通报用词 %s：%s / the declared name, read through CC-CEDICT, holds the alert's words %s: %s",
						strings.Join(found, "，"), l.Name, strings.Join(found, ", "), l.Name)}
			}
		}
		// An alert that names no product the lexicon knows ("MATERIALES EN
		// CONTACTO CON ALIMENTOS") but a substance that migrated from it
		// (formaldehyde) is about goods of the material that releases it:
		// a line whose name holds the material (三聚氰胺) is of its kind.
		if len(materials) > 0 {
			f.material, f.substance = materialIn(materials, l)
			if f.material != "" && len(terms) == 0 && f.overlap.Kind == "" {
				f.terms = Evidence{Kind: "words", Strength: 1,
					Detail: fmt.Sprintf("通报的危害物质 %s 迁移自%s，申报品名含之：%s / the alert's %s migrates from %s, which the declared name holds: %s",
						f.substance.Substance, f.material, l.Name, f.substance.Substance, f.material, l.Name)}
			}
		}
		f.otherStuff = ref.stuffs.otherStuff(stuffs, l.Name)
		f.ofStuff = holdsAny(stuffs, l.Name)
		if !namesStuff {
			f.plainStuff = ref.stuffs.isWord
		}
		if tariff != "" && f.nomenclature.Kind == "" && len(l.hs) >= 6 && l.hs[:6] == tariff[:6] {
			f.nomenclature = Evidence{Kind: "words", Strength: 1,
				Detail: fmt.Sprintf("通报仅给出税号 %s，与申报的 HS %s 同属子目 %s / the alert gives only the tariff code %s, of the declared HS %s's subheading %s",
					tariff, l.HSCode, tariff[:6], tariff, l.HSCode, tariff[:6])}
		}
		fits[l.pid] = f
		return f
	}
	market := strings.ToUpper(n.Market)
	if market == "CN" {
		market = ""
	}
	// Of the firms that shipped under the goods' headings to the notifying
	// country, those whose shipments are the alert's goods by their words
	// are its rivals: five firms sent goods of 3924 to Belgium, one a
	// potato masher.
	if len(mk.ids) > 0 {
		old := mk.strength
		if fitting := ix.recount(&mk, n.shipped, func(l *prepared) bool {
			f := fitOf(l)
			return f.wordsFit() && f.otherStuff == "" && !f.otherKind(ref.lex, terms, l) && lineShare(f, terms, materials, stuffs, child, organic, ingr, l) >= recountShare
		}); fitting > 0 && fitting < mk.firms {
			mk.firms = fitting
			mk.strength = math.Min(1, float64(marketFew)/float64(fitting))
			if !(len(brands) > 0 && n.Market != "" && !strings.EqualFold(n.Market, "CN")) {
				linesMiss = linesMiss / (1 - weights["market"]*old) * (1 - weights["market"]*mk.strength)
			}
			q.market = mk
		}
	}
	for _, p := range ix.candidates(q, min) {
		inScopeAny, shippedThere := false, false
		var mAge time.Duration
		mS, mFit, mOwn, mPieces, mRead, mPrep, mClean, mForm, mMain := 0.0, 0.0, 0, 0, 0, 0, 0, 0, 0
		var best evidenceSet
		var decls declFits
		if n.USCC != "" && n.USCC == p.e.USCC {
			best.add(Evidence{Kind: "uscc", Detail: "统一社会信用代码相同 / same USCC " + n.USCC, Strength: 1})
		}
		nameStrength := 0.0
		if s, which := ix.similarity(nNames, nGrams, p.names, p.nameGrams); s >= 0.6 {
			nameStrength = s
			best.add(Evidence{Kind: "name", Detail: "生产商名称相近 / manufacturer name close: " + n.Manufacturer + " ~ " + which, Strength: s})
		}
		// Its lines are read only when what they could add can reach min.
		if len(nNames) > 0 && p.makers {
			nameStrength = 1
		}
		if math.Round(1000*(1-linesMiss*(1-weights["name"]*nameStrength)))/1000 < min {
			continue
		}
		// The brand's own goods shipped to the country that notified them,
		// before it did, as much as factor says (a brand spelt alike counts
		// less): a firm sharing the brand on goods of another kind gets
		// nothing from it.
		brandMarket := func(l *prepared, f *lineFit, factor float64) {
			if market == "" || !inMarket(l.Destination, market) {
				return
			}
			age, note := n.shipped(l.DeclaredAt), ""
			if hasWindow && !l.DeclaredAt.IsZero() && win.holds(l.DeclaredAt) && !l.DeclaredAt.After(n.Date) {
				// Goods declared in the production window are the recalled
				// lot however old; shippedBefore already gave nothing to
				// those after the recall. A window of model years, years
				// wide, says the lot is of the recalled model's years: half
				// at least.
				if win.years {
					age = max(age, 0.5)
					note = fmt.Sprintf("（召回所列车型年份的生产期 %s 至 %s 内 / inside %s to %s, the recall's model years）", day(win.from), day(win.to), day(win.from), day(win.to))
				} else {
					age = 1
					note = fmt.Sprintf("（召回所列生产期 %s 至 %s 内 / inside the production window %s to %s）", day(win.from), day(win.to), day(win.from), day(win.to))
				}
			}
			kind := f.kindOf(terms, l)
			if faultyPart(faulty, l) != "" {
				kind = 1
			}
			if s := age * kind * factor; s > 0 && best.beats(l, "market", s) {
				best.offer(l, Evidence{Kind: "market", Strength: s,
					Detail: fmt.Sprintf("%s 以品牌 %s 出口至通报国 %s：%s%s / shipped under the brand %s to the notifying country %s on %s: %s%s",
						day(l.DeclaredAt), l.Brand, marketWhere(l, market), l.Name, note, l.Brand, marketWhere(l, market), day(l.DeclaredAt), l.Name, note)})
			}
		}
		// A model declared well after the notification (a month) is the
		// firm's product line, not the goods found: it counts half.
		offerModel := func(l *prepared, ev Evidence) {
			if !n.Date.IsZero() && !l.DeclaredAt.IsZero() && l.DeclaredAt.After(n.lastDay().AddDate(0, 0, 30)) {
				ev.Strength *= otherGoodsStrength
				ev.Detail += "（申报于通报之后 / declared after the notification）"
			} else if hasWindow && win.longBefore(l.DeclaredAt) {
				// The recalled lots were made in the window: a lot of the
				// model declared a year or more before it began is an
				// older one (Allez bicycles of 1999 for the 2018 model
				// year's).
				ev.Strength *= longBeforeStrength
				ev.Detail += win.longBeforeNote(l.DeclaredAt)
			}
			best.offer(l, ev)
		}
		for i := range p.lines {
			l := &p.lines[i]
			if n.USCC != "" && n.USCC == l.ManufacturerUSCC {
				best.add(Evidence{Kind: "uscc", Detail: "申报的生产商代码相同 / declared manufacturer USCC " + n.USCC, Strength: 1, Declaration: l.Declaration})
			}
			if l.gtin != "" && gtins[l.gtin] {
				best.offer(l, Evidence{Kind: "gtin", Detail: "商品条码相同 / same GTIN " + l.gtin, Strength: 1})
			}
			if l.modelNum != "" && models[l.modelNum] && !models[l.model] {
				offerModel(l, Evidence{Kind: "model", Strength: modelNumStrength,
					Detail: "通报型号为申报型号的数字部分 / the alert's model is the digits of the declared model: " + l.modelNum + " ~ " + l.Model})
			}
			if l.model != "" && models[l.model] {
				detail := "型号相同 / same model " + l.Model
				switch {
				case l.model == normModel(n.Batch) && l.model != normModel(n.Model):
					detail = "通报的批号即申报的型号 / the alert's batch number is the declared model " + l.Model
				case l.model != normModel(n.Model):
					detail = "通报描述中的型号与申报相同 / the alert's text names the declared model " + l.Model
				}
				strength := 1.0
				if len(l.model) < 3 {
					strength = shortModelStrength
				}
				offerModel(l, Evidence{Kind: "model", Detail: detail, Strength: strength})
			}
			if l.model != "" && spread[l.model] && !models[l.model] && !textModels[l.model] {
				if _, ok := commonForm(l.brands, brands); ok {
					offerModel(l, Evidence{Kind: "model", Strength: 1,
						Detail: fmt.Sprintf("通报文字含申报的品牌 %s 并分写型号 %s 的各词 / the alert names the declared brand %s and writes each word of the model %s", l.Brand, l.Model, l.Brand, l.Model)})
				}
			}
			if l.model != "" && textModels[l.model] {
				// A model of three capitals alone ("Giant TCR") is as often
				// another initialism: it counts on the alert's goods only.
				if _, ok := commonForm(l.brands, keysOf(textForms)); ok && (len(l.model) > 3 || hasLetterAndDigit(l.model) || fitOf(l).wordsFit()) {
					offerModel(l, Evidence{Kind: "model", Strength: 1,
						Detail: fmt.Sprintf("通报文字含申报的品牌 %s 和型号 %s / the alert's text names the declared brand %s and model %s", l.Brand, l.Model, l.Brand, l.Model)})
				} else if _, _, ok := alikeForm(keysOf(textForms), l.brands); ok || modelSlip(keysOf(textForms), l.brands) {
					// The brand spelt alike in the text ("Rogue Fitness" for
					// ROUGE FITNESS) with the model: as telling as a brand
					// spelt alike, no more.
					offerModel(l, Evidence{Kind: "model", Strength: alikeStrength,
						Detail: fmt.Sprintf("通报文字含申报的型号 %s 及拼写相近的品牌 %s / the alert's text names the declared model %s and a brand spelt alike %s", l.Model, l.Brand, l.Model, l.Brand)})
				} else if hasLetterAndDigit(l.model) && len(l.model) >= 4 || markedModels[l.model] && fitOf(l).wordsFit() {
					offerModel(l, Evidence{Kind: "model", Strength: 1,
						Detail: "通报文字含申报的型号 / the alert's text names the declared model " + l.Model})
				}
			}
			// One model of a declared list: the alert names part of it, as
			// a model or, with the line's brand, in its words; a name of
			// the list only so ("Sweet Protection brand Ripper Jr." for
			// RIPPER JR/RIPPER MIPS JR).
			for _, m := range slices.Concat(l.models, l.modelNames) {
				named := models[m] && slices.Contains(l.models, m)
				if !named && textModels[m] {
					_, named = commonForm(l.brands, keysOf(textForms))
				}
				if named && m != l.model {
					offerModel(l, Evidence{Kind: "model", Strength: 1,
						Detail: "通报所列型号在申报的型号列表中 / the alert names a model of the declared list: " + m + " ~ " + l.Model})
					break
				}
			}
			if len(nNames) > 0 && len(l.makers) > 0 {
				if s, which := ix.similarity(nNames, nGrams, l.makers, l.makerGrams); s >= 0.6 {
					best.add(Evidence{Kind: "name", Detail: "申报的生产商名称相近 / declared manufacturer close: " + which, Strength: s, Declaration: l.Declaration})
				}
			}
			// The line is the alert's kind of product when it is under the
			// alert's heading or, for a category, under one of the
			// headings the category covers.
			f := fitOf(l)
			inScope := f.inScope
			if f.hs.Kind != "" {
				best.offer(l, f.hs)
			}
			inScopeAny = inScopeAny || inScope
			// Whether the line declares the alert's brand; a line of another
			// brand says less about the alert's goods than one of its own.
			// A brand read from the head of the product's name is a guess
			// ("Spachtel // Spatula" names no maker): it may agree with a
			// line, never count against one.
			otherBrand := len(brands) > 0 && !fromName && len(l.brands) > 0
			if len(brands) > 0 && len(l.brands) > 0 {
				if form, ok := commonForm(brands, l.brands); ok {
					otherBrand = false
					detail := "品牌相同 / same brand " + l.Brand
					switch {
					case form == firmForm:
						detail = "通报的召回企业名称即申报的品牌 / the recalling firm's name is the declared brand: " + n.Manufacturer + " ~ " + l.Brand
					case inText[form]:
						detail = "通报文字含申报的品牌 / the alert's text names the declared brand " + l.Brand
					case fromName:
						detail = "通报品名以申报的品牌开头 / the alert's product name begins with the declared brand " + l.Brand
					case inField[form]:
						detail = "通报的品牌字段含申报的品牌 / the alert's brand field names the declared brand: " + n.Brand + " ~ " + l.Brand
						if form != l.brands[0] {
							detail += "（读作 / read as " + form + "）"
						}
					case slices.Contains(heads, form):
						detail = "通报的品牌以申报的品牌开头 / the alert's brand begins with the declared brand: " + n.Brand + " ~ " + l.Brand
					case slices.Contains(mustReference().glosses.forms(l.Brand), form):
						detail = "品牌字义相同 / same brand by its meaning, " + form + ": " + n.Brand + " ~ " + l.Brand
					case form != brands[0] || form != l.brands[0]:
						detail = "品牌读音相同 / same brand read as " + form + ": " + n.Brand + " ~ " + l.Brand
					}
					if slices.Contains(mustReference().brandNames.forms(l.Brand), form) {
						detail += "（" + l.Brand + " 为 " + form + " 的中文名 / " + l.Brand + " is the Chinese name of " + form + "）"
					}
					strength := 1.0
					if !inScope {
						// The brand on other goods than the alert's: a firm
						// sharing the name, until product evidence says more.
						strength = otherGoodsStrength
						detail += "（申报于其他品目的商品 / on goods of another heading）"
					} else if part := faultyPart(faulty, l); part != "" {
						// The part the hazard names: the recall's goods.
						detail += "（通报危害所述部件 / the part the alert's hazard names）"
						best.offer(l, Evidence{Kind: "words", Strength: 1,
							Detail: fmt.Sprintf("通报危害所述部件：%s（%s）/ the part the alert's hazard names: %s (%s)", l.Name, part, l.Name, part)})
					} else if f.otherProduct(ref.lex, terms, l, forUse && !hazardWritesName(n.Hazard, l.Name)) {
						strength = otherGoodsStrength
						detail += "（同品牌的其他产品 / another product of the brand: " + f.other + "）"
					} else if w, ok := ref.lex.otherThanNamed(terms, nameTerms, l); ok && ix.namedElsewhere(form, p, nameTerms) {
						// A brand two firms declare is decided by the
						// product: goods that share only a part or a feature
						// the description names (a power bank of the brand
						// for its skateboards' battery packs) are another
						// product when another firm's goods of the brand are
						// the ones the alert's name names.
						strength = otherGoodsStrength
						detail += "（同品牌的其他产品，仅与通报描述中的部件相符 / another product of the brand, akin only to a part the alert describes: " + w + "）"
					} else if len(stuffs) > 0 && f.otherStuff != "" {
						// The brand's goods of another material than the
						// one the alert names (silicone serving spoons of
						// the brand for its "Nylon Serving Spoon").
						strength = otherGoodsStrength
						detail += "（同品牌的另一材质商品 / the brand's goods of another material: " + f.otherStuff + "）"
					} else if f.otherVariety(ref.lex, terms, l) {
						// Another variety of the alert's goods (catcher's
						// helmets of the brand for its batting helmets).
						strength = otherGoodsStrength
						detail += "（同品牌同类的其他品种 / another variety of the brand's goods: " + l.Name + "）"
					} else if v := narrowedElsewhere(terms, l); v != "" {
						// The alert's goods are a narrower kind under their
						// own heading (electric bicycles, 8711): a line that
						// is only the broad kind (儿童自行车, 8712) is another.
						strength = otherGoodsStrength
						detail += "（通报商品为 " + v + "，申报于其他品目 / the alert's goods are " + v + ", this line is declared under another heading）"
					} else if otherModel(l, namedModels, models) {
						strength = otherGoodsStrength
						detail += "（同品牌的其他型号 / another model of the brand: " + l.Model + "）"
					} else if hasPrefix(l.hs, childKinds) && forChildren(l) && !childRecall() {
						// The brand's children's goods, when the alert says
						// nothing of children (SPECIALIZED 20-inch children's
						// bicycles for its Source Eleven recall).
						strength = otherGoodsStrength
						detail += "（同品牌的儿童款，通报未涉儿童 / the brand's goods for children; the alert says nothing of children: " + l.Name + "）"
					} else if head := brandOtherGoods(l, f); head != "" {
						// Goods the lexicon cannot place, named by a word
						// whose English the alert never uses: the brand's
						// other goods (GIANT floor pumps, 打气筒 "bicycle
						// pump", for Giant's bicycle forks).
						strength = otherGoodsStrength
						detail += "（同品牌的其他产品 / another product of the brand: " + head + "）"
					}
					if hasWindow && win.longBefore(l.DeclaredAt) {
						strength = math.Min(strength, longBeforeStrength)
						detail += win.longBeforeNote(l.DeclaredAt)
					} else if strength == 1 && hasWindow && !win.holds(l.DeclaredAt) {
						strength = otherGoodsStrength
						detail += fmt.Sprintf("（申报于 %s，不在召回所列生产期 %s 至 %s 内 / declared on %s, outside the production window %s to %s the recall names）",
							day(l.DeclaredAt), day(win.from), day(win.to), day(l.DeclaredAt), day(win.from), day(win.to))
					}
					if !n.Date.IsZero() && !l.DeclaredAt.IsZero() && l.DeclaredAt.After(n.lastDay().AddDate(0, 0, 30)) {
						// Goods of the brand shipped well after the alert (a
						// month) are not the goods found, as a model declared
						// after it is not (offerModel): they count half.
						strength *= otherGoodsStrength
						detail += "（申报于通报之后 / declared after the notification）"
					} else if !hasWindow && ageAt(l.DeclaredAt, n.Date) > brandStale {
						// Goods of the brand declared years before the
						// alert, with no production window to place them,
						// are seldom the goods found.
						strength *= otherGoodsStrength
						detail += fmt.Sprintf("（申报于 %s，早于通报三年以上 / declared on %s, over three years before the alert）", day(l.DeclaredAt), day(l.DeclaredAt))
					}
					best.offer(l, Evidence{Kind: "brand", Detail: detail, Strength: strength, key: form})
					// Only the brand on the alert's goods (brandMarket).
					if strength == 1 {
						brandMarket(l, f, 1)
					}
				} else if best.beats(l, "brand", alikeStrength) {
					// A spelling alike is another brand as often as a slip of
					// the keys: it counts, less than the same brand, only on a
					// line whose product words are the alert's.
					// A form some line declares exactly is that firm's brand:
					// only one letter from it is a slip for it (Erin Baker's
					// and ERIN BAKER); two are another brand (Diabeteze and
					// Diabetone, each declared by its own firm).
					x, y, ok := alikeFormWhere(brands, l.brands, func(x, y string) bool { return !ix.post.declared[x] || spellingDistance(x, y, 1) <= 1 })
					if ok && inScope && f.wordsFit() && !f.otherKind(ref.lex, terms, l) {
						otherBrand = false
						as := written[x]
						if as == "" {
							as = n.Brand
						}
						if as == "" {
							as = x
						}
						best.offer(l, Evidence{Kind: "brand", Strength: alikeStrength, key: x + "~" + y,
							Detail: fmt.Sprintf("品牌拼写相近 / brand spelt alike: %s ≈ %s（%s）", as, l.Brand, l.Name)})
						// The brand so spelt shipped to the country that
						// notified it: market evidence, as much less as the
						// spelling is.
						brandMarket(l, f, alikeStrength)
					}
				}
			}
			if !inScope {
				continue
			}
			if market != "" && inMarket(l.Destination, market) && (n.Date.IsZero() || !l.DeclaredAt.After(n.lastDay())) {
				shippedThere = true
			}
			product := 1.0 // how much this line's product says about the alert's
			if otherBrand {
				product = otherBrandStrength
			}
			if f.overlap.Kind != "" {
				ev := f.overlap
				ev.Strength *= product
				best.offer(l, ev)
			}
			for _, ev := range [...]Evidence{f.terms, f.nomenclature, f.dict} {
				if ev.Kind != "" {
					ev.Strength *= product
					best.offer(l, ev)
				}
			}
			if len(terms) > 1 && product == 1 && len(f.fitTerms) > 0 {
				decls.add(l, f)
			}
			// The alert's kind of goods shipped to the country that found
			// them, in the year before it notified.
			if mk.strength > 0 && inMarket(l.Destination, mk.dest) && hasPrefix(l.hs, mk.heads) {
				// A line whose product words are not the alert's is of its
				// kind only by heading: dried fungus for dried mushrooms;
				// so is another variety of the alert's goods (black tea for
				// oolong tea) and another product of its kind that shares
				// some of its words (ceramic mugs for bamboo-fibre mugs).
				kind, note := 1.0, ""
				otherLights := otherLightCount(lights, l)
				switch {
				case f.otherKind(ref.lex, terms, l):
					kind = headingOnlyStrength
					note = "；同类的其他产品 / another product of its kind: " + f.otherK
				case !f.wordsFit():
					// Its name holds none of the alert's words: the firm's
					// goods that do, if any, went elsewhere (cat treats to
					// Finland, dog chews to Sweden, for "Dog chew" found in
					// Finland).
					kind = unwordedStrength
					note = "；品名不含通报用词 / its name holds none of the alert's words"
				case f.otherVariety(ref.lex, terms, l):
					kind = headingOnlyStrength
				case f.otherStuff != "":
					kind = headingOnlyStrength
					note = "；另一材质 / of another material: " + f.otherStuff
				case extract && notExtract(l):
					kind = headingOnlyStrength
					note = "；非提取物 / not an extract: " + l.Name
				case len(goodsNames) > 0 && len(f.fitTerms) > 0 && !slices.ContainsFunc(f.fitTerms, func(t *Term) bool { return slices.Contains(goodsNames, t) }):
					// It fits only words of the description, or the word
					// of the product's name that says how the goods are
					// kept, none of those that name them ("LED" for a
					// "Lighting chain": a bottle lamp; "canned" for
					// "Canned apricots": canned mandarin segments).
					kind = headingOnlyStrength
					note = "；品名不含通报商品名称的用词 / its name holds none of the words of the alert's product name"
				case len(goodsNames) > 0 && len(f.fitTerms) == 0 && f.terms.Kind == "" && f.dict.Kind == "" && f.overlap.Kind == "":
					// It fits only by the words of its HS code's text,
					// none of the words the alert names its goods by
					// (罗汉果提取物 under 1302.19, "extracts", for "Ginkgo
					// Biloba Extract").
					kind = headingOnlyStrength
					note = "；仅 HS 品名与通报用词相同 / only its HS code's text holds the alert's words"
				case otherLights > 0:
					kind = headingOnlyStrength
					note = fmt.Sprintf("；另一规格：%d 灯，通报为 %d / another size: %d lights, the alert's %d", otherLights, lights[0], otherLights, lights[0])
				case otherCut(forms, l):
					kind = headingOnlyStrength
					note = "；另一形态 / in another form: " + l.Name
				case colourAgree(colours, terms, l) < 0:
					kind = headingOnlyStrength
					note = "；另一颜色 / of another colour: " + l.Name
				case instant && notInstant(l):
					kind = headingOnlyStrength
					note = "；非速食品 / not instant: " + l.Name
				case dried && isInstant(l):
					kind = headingOnlyStrength
					note = "；速食品，非干制品 / instant, not dried: " + l.Name
				}
				s := n.shipped(l.DeclaredAt) * n.beyondLag(l.DeclaredAt) * mk.strength * product * kind
				// The shipment it rests on: the strongest; of those, the
				// one whose name fits the alert's words best, then the
				// latest.
				if age := n.ageAt(l.DeclaredAt); s > 0 && s >= mS {
					fit := lineShare(f, terms, materials, stuffs, child, organic, ingr, l)
					if s > mS || fit > mFit || fit == mFit && age < mAge {
						mS, mAge, mFit, mOwn, mPieces, mRead, mPrep = s, age, fit, ownCount(ref.lex, terms, l), sizeAgree(pieces, lights, l), len(readIn(dictWords, ix.reads[l.pid], l.words)), prepAgree(cooked, f.fitTerms, l)
						mForm = cutAgree(forms, l)
						mMain = mainHeld(goodsNames, child, l)
						mClean = 0
						if straddle == nil {
							straddle = ref.lex.newStraddles(terms)
						}
						if ref.lex.straddled(terms, straddle, l) == 0 {
							mClean = 1
						}
					}
				}
				if s > 0 && best.beats(l, "market", s) {
					best.offer(l, Evidence{Kind: "market", Strength: s,
						Detail: fmt.Sprintf("%s 出口至通报国 %s：%s（登记企业中 %d 家向该国出口过此类商品%s）/ shipped to the notifying country %s on %s: %s (%d registered firms shipped such goods there%s)",
							day(l.DeclaredAt), marketWhere(l, mk.dest), l.Name, mk.firms, note, marketWhere(l, mk.dest), day(l.DeclaredAt), l.Name, mk.firms, note)})
				}
			}
		}
		// The lines of one declaration are one consignment: an alert naming
		// several goods ("powder of Lion's mane, Chaga and Cordyceps") may
		// be the lines together.
		for _, d := range decls {
			if len(d.lines) < 2 {
				continue
			}
			share := float64(len(d.terms)) / float64(len(terms))
			if len(nameTerms) > 0 {
				share = max(share, float64(countIn(d.terms, nameTerms))/float64(len(nameTerms)))
			}
			if best.beats(d.last, "words", share) {
				best.offer(d.last, Evidence{Kind: "words", Strength: share,
					Detail: fmt.Sprintf("同一报关单 %s 各行品名合计对应 / the lines of declaration %s together: %s", d.last.Declaration, d.last.Declaration, d.names())})
			}
			// A consignment whose lines together are every one of the
			// alert's goods ("Bowls, plates, cups and cutlery" against a
			// declaration of bowls, plates, cups and spoons), shipped to the
			// country that found them, is the alert's kind of goods, though
			// no line alone is.
			l := d.last
			if len(d.terms) == len(terms) && mk.strength > 0 && inMarket(l.Destination, mk.dest) && hasPrefix(l.hs, mk.heads) {
				s := n.shipped(l.DeclaredAt) * mk.strength
				if age := ageAt(l.DeclaredAt, n.Date); s > 0 && (s > mS || s == mS && age < mAge) {
					mS, mAge, mFit, mOwn, mPieces, mRead, mPrep, mClean = s, age, 1, len(terms), 0, 0, 0, 1
				}
				// On a tie it replaces a single line's: the declaration
				// whose lines are all of the alert's goods says more.
				if s > 0 {
					best.offerOnTie(l, Evidence{Kind: "market", Strength: s,
						Detail: fmt.Sprintf("%s 出口至通报国 %s，报关单 %s 各行合为通报所列商品（登记企业中 %d 家向该国出口过此类商品）/ shipped to the notifying country %s on %s, declaration %s whose lines together are the alert's goods (%d registered firms shipped such goods there)",
							day(l.DeclaredAt), marketWhere(l, mk.dest), l.Declaration, mk.firms, marketWhere(l, mk.dest), day(l.DeclaredAt), l.Declaration, mk.firms)})
				}
			}
		}
		// Two of the brands an alert lists declared on the lines of one
		// declaration ("ProSlim, 3 Days Fit, …" against PROSLIM and 3 DAY
		// FIT shipped together) are one consignment of the alert's goods.
		if len(brands) > 1 && best.has("brand") {
			if d, named, ok := brandsTogether(p.lines, brands); ok {
				best.offer(d, Evidence{Kind: "brands", Strength: 1,
					Detail: fmt.Sprintf("通报所列的多个品牌同在报关单 %s 上申报：%s / brands the alert lists are declared together on declaration %s: %s",
						d.Declaration, strings.Join(named, "，"), d.Declaration, strings.Join(named, ", "))})
			}
		}
		// A brand the firm did not declare may still be its registered name:
		// a brand the alert's brand field gives, not a word read as one from
		// the head of its product's name ("Child bicycle trailers" against
		// the 童车, children's vehicles, of a firm's name).
		if !best.has("brand") && n.Brand != "" {
			for _, form := range brands {
				if from, ok := p.brandNames[form]; ok && !inText[form] {
					best.add(Evidence{Kind: "brand", Detail: "品牌即企业登记名称中的字号 / the brand is the firm's registered name: " + n.Brand + " ~ " + from, Strength: 1, key: form})
					break
				}
			}
		}
		if best.n == 0 {
			continue
		}
		c := Candidate{Enterprise: p.e, shippedThere: shippedThere, marketAge: mAge, marketFit: mFit, marketOwn: mOwn, marketPieces: mPieces, marketForm: mForm, marketMain: mMain, marketRead: mRead, marketPrep: mPrep, marketClean: mClean}
		miss := 1.0
		for k := range best.ev {
			if best.set[k] {
				ev := best.ev[k]
				miss *= 1 - ev.Weight*ev.Strength
				c.Evidence = append(c.Evidence, ev)
			}
		}
		c.Score = 1 - miss
		// A firm that only exported goods declared as another's make is
		// not the maker the alert is about.
		if maker, ok := best.exporterOnly(); ok {
			c.Score *= exporterStrength
			c.Evidence = append(c.Evidence, Evidence{Kind: "exporter", Strength: 0,
				Detail: "仅为出口商：申报的生产商为 " + maker + " / exporter only: the declared maker is " + maker})
		}
		// Goods declared only under other headings than the alert's count
		// against the firm, whatever else agrees.
		if !inScopeAny && sc.bounded() && len(p.lines) > 0 {
			c.Score *= outsidePenalty
			c.Evidence = append(c.Evidence, Evidence{Kind: "hs-outside", Detail: "申报品目均不在通报所指品目内 / none of its declared headings is the alert's", Strength: 0})
		}
		// Goods made elsewhere are not Hunan's exports, whatever else agrees;
		// an origin the alert states only in its text counts as the field.
		switch {
		case origin == "CN" && !stated:
			c.Evidence = append(c.Evidence, Evidence{Kind: "origin", Detail: "原产地中国 / origin China", Strength: 1})
		case origin == "CN":
			c.Evidence = append(c.Evidence, Evidence{Kind: "origin", Detail: "通报文字称产于中国 / the alert's text says made in China", Strength: 1})
		case origin != "" && !stated:
			c.Score *= madeElsewhereStrength
			c.Evidence = append(c.Evidence, Evidence{Kind: "origin", Detail: "原产地非中国 / origin " + origin + ", not China", Strength: 0})
		case origin != "":
			c.Score *= madeElsewhereStrength
			c.Evidence = append(c.Evidence, Evidence{Kind: "origin", Detail: "通报文字称产于 " + origin + "，非中国 / the alert's text says made in " + origin + ", not China", Strength: 0})
		}
		c.Score = math.Round(c.Score*1000) / 1000
		if c.Score >= min {
			out = append(out, c)
		}
	}
	out = markBrandElsewhere(out, market, min)
	out = markShared(out, min)
	out = markSharedMarket(out, min)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// brandsTogether returns a line of the first declaration whose lines
// declare two or more of the alert's brand forms, the same or spelt alike,
// with the declared brands it names.
func brandsTogether(lines []prepared, brands []string) (*prepared, []string, bool) {
	type decl struct {
		last  *prepared
		forms []string
		named []string
	}
	var ds []*decl
	for i := range lines {
		l := &lines[i]
		if len(l.brands) == 0 || l.Declaration == "" {
			continue
		}
		form, ok := commonForm(brands, l.brands)
		if !ok {
			if form, _, ok = alikeForm(brands, l.brands); !ok {
				continue
			}
		}
		j := slices.IndexFunc(ds, func(d *decl) bool { return d.last.Declaration == l.Declaration })
		if j < 0 {
			ds = append(ds, &decl{})
			j = len(ds) - 1
		}
		d := ds[j]
		d.last = l
		if !slices.Contains(d.forms, form) {
			d.forms = append(d.forms, form)
			d.named = append(d.named, l.Brand)
		}
		if len(d.forms) >= 2 {
			return d.last, d.named, true
		}
	}
	return nil, nil, false
}

// appendSorted appends to brands the forms of exact and of alike that it
// does not hold yet, each set in sorted order, and notes in written how the
// alert writes each form of alike.
func appendSorted(brands []string, exact map[string]bool, alike map[string]string, written map[string]string) []string {
	var more []string
	for f := range exact {
		if !slices.Contains(brands, f) {
			more = append(more, f)
		}
	}
	slices.Sort(more)
	brands = append(brands, more...)
	more = more[:0]
	for f, w := range alike {
		if !slices.Contains(brands, f) {
			more = append(more, f)
			written[f] = w
		}
	}
	slices.Sort(more)
	return append(brands, more...)
}

// evidenceOrder is the order in which a candidate's evidence is listed.
var evidenceOrder = [...]string{"uscc", "gtin", "name", "model", "brand", "brands", "hs", "words", "market"}

func slot(kind string) int {
	switch kind {
	case "uscc":
		return 0
	case "gtin":
		return 1
	case "name":
		return 2
	case "model":
		return 3
	case "brand":
		return 4
	case "brands":
		return 5
	case "hs":
		return 6
	case "words":
		return 7
	}
	return 8 // market
}

// evidenceSet keeps the strongest evidence of each kind, in evidenceOrder.
type evidenceSet struct {
	ev  [len(evidenceOrder)]Evidence
	set [len(evidenceOrder)]bool
	n   int
}

func (b *evidenceSet) add(ev Evidence) {
	k := slot(ev.Kind)
	if b.set[k] && ev.Strength <= b.ev[k].Strength {
		return
	}
	if !b.set[k] {
		b.set[k] = true
		b.n++
	}
	ev.Weight = weights[ev.Kind]
	b.ev[k] = ev
}

// beats reports whether evidence of a line of this strength would replace
// what the kind holds (so that its detail is written only then).
func (b *evidenceSet) beats(l *prepared, kind string, strength float64) bool {
	k := slot(kind)
	return !b.set[k] || strength > b.ev[k].Strength
}

// offer adds the evidence of a declaration line.
// offerOnTie offers ev, replacing evidence of its kind as strong as it.
func (b *evidenceSet) offerOnTie(l *prepared, ev Evidence) {
	if k := slot(ev.Kind); b.set[k] && b.ev[k].Strength == ev.Strength {
		b.set[k] = false
		b.n--
	}
	b.offer(l, ev)
}

func (b *evidenceSet) offer(l *prepared, ev Evidence) {
	if !b.beats(l, ev.Kind, ev.Strength) {
		return
	}
	ev.Declaration = l.Declaration
	if l.exporterOnly {
		ev.maker = l.Manufacturer
		if ev.maker == "" {
			ev.maker = l.ManufacturerUSCC
		}
	}
	b.add(ev)
}

// exporterOnly returns the maker another firm's goods were declared as made
// by, when every piece of evidence comes from such lines: the firm only
// exported what the alert is about.
func (b *evidenceSet) exporterOnly() (string, bool) {
	maker := ""
	for k := range b.ev {
		if !b.set[k] {
			continue
		}
		if b.ev[k].maker == "" {
			return "", false
		}
		maker = b.ev[k].maker
	}
	return maker, maker != ""
}

func (b *evidenceSet) has(kind string) bool { return b.set[slot(kind)] }

// goodsOf is how many goods the terms name: a translation (translates)
// whose words another of the terms lists too is that term's goods.
func goodsOf(terms []*Term) int {
	n := 0
	for _, t := range terms {
		if !slices.ContainsFunc(terms, func(u *Term) bool { return u != t && translates(t, u) }) {
			n++
		}
	}
	return n
}

// translates reports a term that renders another: a translation (not
// English, its source "tr") of the same words or of fewer of them (nudeln:
// 面条|米粉 for "noodle"), or the English row a translation renders, the
// one listed first of two that list the same words.
func translates(t, u *Term) bool {
	tr := func(x *Term) bool { return x.Lang != "en" && slices.Contains(x.Sources, "tr") }
	sub := func(a, b *Term) bool {
		return !slices.ContainsFunc(a.Zh, func(z string) bool { return !slices.Contains(b.Zh, z) })
	}
	switch {
	case tr(t) && !tr(u):
		return sub(t, u)
	case tr(t) == tr(u):
		return slices.Equal(t.Zh, u.Zh) && t.Term > u.Term
	}
	return false
}

// lineFit is what a notification finds in a declared product (a name under
// a heading), worked out once per match for all the lines that declare it.
type lineFit struct {
	inScope bool
	hs      Evidence // the heading evidence; Kind "" when none
	overlap Evidence // product words in common
	terms   Evidence // product words across languages
	// nomenclature is the alert's product words in the text of the line's
	// HS code.
	nomenclature Evidence
	// dict is the alert's words the lexicon left unread in the line's
	// name read through the dictionary.
	dict     Evidence
	fitTerms []*Term // the alert's terms that fit the line
	// material is the word of the material the alert's hazard migrates
	// from that the line's name holds, with its substance.
	material  string
	substance *Material
	// otherStuff is the material the line's name states when it is none
	// of those the alert's product words name (Stuffs.otherStuff); ofStuff
	// reports a name that states one of them.
	otherStuff string
	ofStuff    bool
	// plainStuff reports a word that is only the goods' material, when
	// the alert names none (otherKind leaves it out); nil when it names one.
	plainStuff func(string) bool
	other      string // the other product of the alert's brand this is, when isOther
	isOther    bool
	checked    bool // whether other and isOther were worked out
	kind       int8 // otherKind: 0 not worked out, 1 no, 2 yes
	otherK     string
	variety    int8 // otherVariety: 0 not worked out, 1 no, 2 yes
}

// otherVariety reports, once, whether the line is another variety of the
// alert's goods (Lexicon.otherVariety).
func (f *lineFit) otherVariety(lx *Lexicon, terms []*Term, l *prepared) bool {
	if f.variety == 0 {
		f.variety = 1
		if lx.otherVariety(terms, f.fitTerms, l) {
			f.variety = 2
		}
	}
	return f.variety == 2
}

// otherKind reports, once, whether the line is another product of the
// alert's kind (Lexicon.otherKind).
func (f *lineFit) otherKind(lx *Lexicon, terms []*Term, l *prepared) bool {
	if f.kind == 0 {
		f.kind = 1
		if w, ok := lx.otherKind(terms, l, f.plainStuff); ok {
			f.kind, f.otherK = 2, w
		}
	}
	return f.kind == 2
}

// declFit is what the alert's terms find in the lines of one declaration
// together.
type declFit struct {
	last  *prepared
	terms []*Term
	lines []*prepared // one line of each product, with its fit
	fits  []*lineFit
}

// declFits are a firm's declarations whose lines fit some of the alert's
// terms, in the order first met.
type declFits []*declFit

func (ds *declFits) add(l *prepared, f *lineFit) {
	var d *declFit
	for _, x := range *ds {
		if x.last.Declaration == l.Declaration {
			d = x
			break
		}
	}
	if d == nil {
		d = &declFit{}
		*ds = append(*ds, d)
	}
	d.last = l
	if slices.ContainsFunc(d.lines, func(x *prepared) bool { return x.pid == l.pid }) {
		return
	}
	d.lines = append(d.lines, l)
	d.fits = append(d.fits, f)
	for _, t := range f.fitTerms {
		if !slices.Contains(d.terms, t) {
			d.terms = append(d.terms, t)
		}
	}
}

// names are each line's name with the terms it fits.
func (d *declFit) names() string {
	var out []string
	for i, l := range d.lines {
		var ws []string
		for _, t := range d.fits[i].fitTerms {
			ws = append(ws, t.Term)
		}
		out = append(out, l.Name+"（"+strings.Join(ws, ", ")+"）")
	}
	return strings.Join(out, "；")
}

// countIn counts the terms of ts that are in of.
func countIn(ts, of []*Term) int {
	n := 0
	for _, t := range ts {
		if slices.Contains(of, t) {
			n++
		}
	}
	return n
}

// wordsFit reports whether the alert's product words, in any language, are
// found in the line's name or the text of its HS code.
func (f *lineFit) wordsFit() bool {
	return f.overlap.Kind != "" || f.terms.Kind != "" || f.nomenclature.Kind != "" || f.dict.Kind != ""
}

// kindOf is how far a line of the alert's brand is the alert's kind of
// goods, for its shipment to the notifying country to count: fully when
// the alert's product words fit it; headingOnlyStrength when only the
// words' Chinese (under another heading) or the headings the words name
// agree; not at all when the alert's words are none of the lexicon's or
// neither agrees — goods of another kind (NERF blasters for NERF helmets,
// CONCORD concrete mixers for CONCORD helmets).
func (f *lineFit) kindOf(terms []*Term, l *prepared) float64 {
	if f.wordsFit() {
		return 1
	}
	for _, t := range terms {
		if t.namesLine(l) || hasPrefix(l.hs, t.Headings) {
			return headingOnlyStrength
		}
	}
	return 0
}

// youthWords say goods are for the young, beside childWords.
var youthWords = cueSet(`youth youths junior juniors juvenile boy boys girl girls teen teens teenager teenagers
		kid's child's children's preschool school schoolchildren student students sidewalk`)

// childKinds are the headings of goods made in children's and grown-ups'
// versions alike, whose children's version an alert names as such:
// bicycles and their parts.
var childKinds = []string{"8712", "8714"}

// childSizes are the wheel sizes of children's bicycles and scooters
// (12- to 20-inch).
var childSizes = regexp.MustCompile(`(?i)\b(?:1[0-9]|20)(?:\s?-?\s?inch|\s?in\b|\s?["”″])`)

// headingOnlyStrength is how much a shipment to the notifying country says
// when the line is of the alert's kind only by its heading, not by its
// product words.
const headingOnlyStrength = 0.5

// unwordedStrength is how much a shipment to the notifying country says
// when it is of the alert's kind only by its heading and its name holds
// none of the alert's product words in any language.
const unwordedStrength = headingOnlyStrength / 2

// otherProduct reports, once, whether the line's product is another than
// the alert's (Lexicon.otherProduct).
// headTerm reports an alert's product name that ends with the English
// words of one of its terms, in the singular or the plural: the term names
// the goods themselves.
func headTerm(product string, terms []*Term) bool { return len(headTerms(product, terms)) > 0 }

// headTerms are the alert's English terms its product name ends with.
func headTerms(product string, terms []*Term) []*Term {
	product = strings.ToLower(fold(product))
	// The goods' phrase ends before what qualifies it ("Cannondale
	// mountain bicycles with OPI stem/steering tube").
	if i := headEnd.FindStringIndex(product); i != nil {
		product = product[:i[0]]
	}
	ws := strings.Fields(product)
	for len(ws) > 0 && strings.Trim(ws[len(ws)-1], ".,;:()\"'") == "" {
		ws = ws[:len(ws)-1]
	}
	if len(ws) == 0 {
		return nil
	}
	last := strings.Trim(strings.Join(ws, " "), ".,;:()\"'")
	var out []*Term
	for _, t := range terms {
		if t.Lang != "en" {
			continue
		}
		k := strings.ToLower(t.Term)
		if last == k || strings.HasSuffix(last, " "+k) || strings.HasSuffix(last, " "+k+"s") || last == k+"s" ||
			strings.HasSuffix(last, " "+k+"es") || strings.HasSuffix(k, "y") && strings.HasSuffix(last, strings.TrimSuffix(k, "y")+"ies") {
			out = append(out, t)
		}
	}
	return out
}

// headEnd is where a product's phrase of goods ends and its qualifiers
// begin.
var headEnd = regexp.MustCompile(`\s(?:with|for|featuring|containing|sold|made|by|in|from)\s|[(:]`)

// hazardWritesName reports a hazard that writes a Latin word of three
// letters or more of a declared name ("USB" of 高尔夫球车USB电源模块 in "the
// module that regulates power to the vehicle's USB ports"): the line is
// then the part it speaks of, whatever else its name says.
func hazardWritesName(hazard, name string) bool {
	if hazard == "" {
		return false
	}
	// The hazard's words, each between spaces.
	h := " " + strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) {
			return r
		}
		return ' '
	}, strings.ToLower(fold(hazard))) + " "
	for _, w := range strings.FieldsFunc(fold(name), func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) }) {
		if len(w) >= 3 && strings.Contains(h, " "+strings.ToLower(w)+" ") {
			return true
		}
	}
	return false
}

func (f *lineFit) otherProduct(lx *Lexicon, terms []*Term, l *prepared, forUse bool) bool {
	if !f.checked {
		f.other, f.isOther = lx.otherProductOf(terms, l, forUse)
		f.checked = true
	}
	return f.isOther
}

// scope is what bounds the alert's goods: its own heading, or the headings
// of its category widened by those its product terms name.
type scope struct {
	heading  string   // the alert's own heading, when it gives one outside a category
	cat      category // the category, when it bounds the goods
	headings []string // what a line must be under: the heading or the category's headings
	narrow   bool
	// food reports an alert whose hazard only food has (a pathogen, an
	// undeclared allergen, a mycotoxin): its goods are food, feed or a
	// supplement, never goods of chapters 39 to 97 (plastics, ceramics,
	// metals, machines, toys) a brand shares.
	food bool
}

// wholeGoods reports a term of the hazard that names the alert's goods
// themselves, not a part of them: each of its Chinese words is inside a
// word of one of the alert's terms ("bike" of a hazard, 自行车, for the
// "bicycles" or "road bicycles" recalled).
func wholeGoods(t *Term, terms []*Term) bool {
	return slices.ContainsFunc(terms, func(u *Term) bool {
		return !slices.ContainsFunc(t.Zh, func(z string) bool {
			return !slices.ContainsFunc(u.Zh, func(w string) bool { return strings.Contains(w, z) })
		})
	})
}

// faultyParts are the parts of machines, vehicles, furniture or sports
// goods (chapters 84–87, 94, 95) a hazard names that the alert's product
// terms do not ("The brake equalizer rods can fail" of a golf-car recall):
// a line of the alert's brand that is such a part is the recall's goods,
// not another product of the brand.
func faultyParts(lx *Lexicon, hazard string, terms []*Term) []*Term {
	if hazard == "" {
		return nil
	}
	// The part the hazard names first is the one that fails ("The rear
	// brake hose can kink … when turning the handlebars").
	text := strings.ToLower(fold(hazard))
	var out []*Term
	first := len(text)
	for _, t := range lx.Find(hazard) {
		if slices.Contains(terms, t) || !slices.ContainsFunc(t.Headings, partsChapter) || wholeGoods(t, terms) {
			continue
		}
		at := strings.Index(text, strings.ToLower(t.Term))
		if at < 0 {
			at = strings.Index(text, strings.Join(t.words, " "))
		}
		if at < 0 {
			at = len(text) - 1
		} else if qualifiesGoods(text[at:], t, terms) {
			continue
		}
		switch {
		case at < first:
			out, first = []*Term{t}, at
		case at == first:
			out = append(out, t)
		}
	}
	return out
}

// qualifiesGoods reports a term of the hazard written just before a word
// of the alert's goods, which it only qualifies ("the federal safety
// standard for bicycle helmets" of a helmet recall): no part of them. from
// is the hazard's text from the term on.
func qualifiesGoods(from string, t *Term, terms []*Term) bool {
	ws := termWords(from)
	if len(ws) <= len(t.words) {
		return false
	}
	next := ws[len(t.words)]
	return slices.ContainsFunc(terms, func(u *Term) bool { return slices.Contains(u.words, next) })
}

// faultyPart returns the word and term of a faulty part (faultyParts) a
// line's name holds, "" when it holds none. A word held only inside a
// longer word of another term (车把 of "handlebar" in 刹车把, a brake lever)
// is not the part.
func faultyPart(faulty []*Term, l *prepared) string {
	lx := mustReference().lex
	for _, t := range faulty {
		for _, z := range t.Zh {
			if !l.holds(z) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(z)
			if slices.ContainsFunc(lx.byRune[r], func(w zhWord) bool {
				return w.t != t && len(w.z) > len(z) && strings.Contains(w.z, z) && !slices.Contains(t.Zh, w.z) && l.holds(w.z)
			}) {
				continue
			}
			return z + " = " + t.Term
		}
	}
	return ""
}

// foodHazards are the hazard kinds only food, feed and supplements have.
var foodHazards = map[string]bool{"food-pathogens": true, "food-allergens": true, "food-mycotoxins": true}

// foodWords are the words of a hazard that only food, feed and
// supplements have, as whole words: a connector maps "egg" of an egg
// cooker's scald to allergens too.
var foodWords = regexp.MustCompile(`(?i)\b(?:salmonella|listeria|e\.\s?coli|escherichia|botulism|botulinum|clostridium|hepatitis a|norovirus|cronobacter|vibrio|undeclared|allergens?|allergic|aflatoxins?|mycotoxins?|ochratoxin|patulin)\b`)

// foodAlert reports an alert of food by its hazard (scope.food): a kind of
// food hazard and, in the hazard's words, a word only food has. An alert
// whose own heading or category lies in chapters 39–97 (rawhide chews
// under 4205 with Salmonella) is not.
func foodAlert(n Notification, sc scope) bool {
	if !foodHazards[n.HazardKind] || !foodWords.MatchString(n.Hazard) {
		return false
	}
	return !slices.ContainsFunc(sc.headings, func(h string) bool { return len(h) >= 2 && h[:2] >= "39" })
}

func scopeOf(ref *reference, n Notification, terms []*Term) scope {
	heading := hsHeading(n.HSCode)
	c, ok := ref.categories[n.Category]
	// A heading the importer took from a one-heading category is that
	// category's: its scope and the product terms bound the goods.
	if !ok || len(c.headings) == 0 || heading != "" && !within(heading, c.core) {
		if heading == "" {
			return scope{}
		}
		return scope{heading: heading, headings: []string{heading}}
	}
	c.headings = slices.Clone(c.headings)
	// The product words widen it by the headings they name (a charger
	// alerted as an "electrical appliance" is declared under 8504) — not the
	// Latin name of an animal some of whose headings are the category's:
	// the category then says which of its goods are meant ("Gallus gallus"
	// under poultry meat is the meat, 0207 and 1602, not the eggs of 0407
	// and 0408). A plant's Latin name still widens it: its extracts are
	// declared under 1302 whatever the category.
	for _, t := range terms {
		if animalName(t) && slices.ContainsFunc(t.Headings, func(h string) bool { return within(h, c.headings) }) {
			continue
		}
		for _, h := range t.Headings {
			if !slices.Contains(c.headings, h) {
				c.headings = append(c.headings, h)
			}
		}
	}
	return scope{cat: c, headings: c.headings, narrow: c.narrow()}
}

// animalName reports the Latin name of an animal: a term in la some of
// whose headings are animals or their products (chapters 01–05).
func animalName(t *Term) bool {
	return t.Lang == "la" && slices.ContainsFunc(t.Headings, func(h string) bool { return len(h) >= 2 && h[:2] <= "05" })
}

// bounded reports a scope that says which goods are the alert's.
func (sc *scope) bounded() bool { return len(sc.headings) > 0 }

// place reports whether a line is inside the scope, with the heading
// evidence it gives.
func (sc *scope) place(l *prepared) (bool, *Evidence) {
	if sc.food && len(l.hs) >= 2 && l.hs[:2] >= "39" {
		return false, nil
	}
	switch {
	case sc.heading != "":
		if sc.heading != l.heading {
			return false, nil
		}
		return true, &Evidence{Kind: "hs", Detail: "出口过同一 HS 品目 / exported the same HS heading " + sc.heading, Strength: 1, Declaration: l.Declaration}
	case len(sc.headings) > 0:
		if !hasPrefix(l.hs, sc.headings) {
			return false, nil
		}
		if sc.narrow && hasPrefix(l.hs, sc.cat.core) {
			return true, &Evidence{Kind: "hs", Detail: "出口过同一 HS 品目 / exported the same HS heading " + l.heading, Strength: 1, Declaration: l.Declaration}
		}
		// A category covers many products: a heading inside it says
		// little until product words or a model agree.
		return true, &Evidence{Kind: "hs", Detail: fmt.Sprintf("申报品目 %s 属通报类别“%s”所含品目 / declared heading %s is among those of the alert's category (%s)",
			l.heading, sc.cat.name, l.heading, strings.Join(sc.headings, " ")), Strength: categoryStrength, Declaration: l.Declaration}
	}
	return true, nil
}

// within reports a heading that is one of the codes or contains one.
func within(heading string, codes []string) bool {
	for _, c := range codes {
		if strings.HasPrefix(c, heading) || strings.HasPrefix(heading, c) {
			return true
		}
	}
	return false
}

// shippedBefore is how much a shipment on day at says of goods notified on
// day notified: fully when it left in the half year before, then less with
// age, down to half when it left a year before (goods found on the market
// mostly left weeks or a few months before); half when either day is
// unknown, nothing when it left after or over a year before.
func shippedBefore(at, notified time.Time) float64 {
	switch {
	case at.IsZero() || notified.IsZero():
		return 0.5
	case at.After(notified) || notified.Sub(at) > marketWindow:
		return 0
	}
	age := notified.Sub(at)
	if age <= marketFresh {
		return 1
	}
	return 1 - 0.5*float64(age-marketFresh)/float64(marketWindow-marketFresh)
}

// beyondLag is how much a shipment counted as the alert's kind of goods
// (the market evidence of an alert that names no declared brand) still
// says once it left longer before the notification than goods
// usually take to be found (usualLag): fully within it, down to a quarter
// at marketFresh and after. A lot shipped five months before is less
// likely the one found than a lot of last month, and with no brand nothing
// else ties it to the alert: a lone supplement shipper 175 days before an
// undefined "Food supplement" is no lead.
func beyondLag(at, notified time.Time) float64 {
	age := ageAt(at, notified)
	switch {
	case age <= usualLag:
		return 1
	case age >= marketFresh:
		return 0.25
	}
	return 1 - 0.75*float64(age-usualLag)/float64(marketFresh-usualLag)
}

// beyondLag is beyondLag for the notification's day; when only its year
// is known, the lag of a shipment before that year is not known either,
// and any shipment of the half year before counts fully.
func (n Notification) beyondLag(at time.Time) float64 {
	if n.YearOnly && ageAt(at, n.Date) <= marketFresh {
		return 1
	}
	return beyondLag(at, n.Date)
}

// marketFresh is the age up to which a shipment to the notifying country
// counts fully; it counts half at marketWindow.
const marketFresh = 183 * 24 * time.Hour

// market is what a notification that names no one may find in the
// declarations: the country that found the goods, the headings of their
// kind, how many registered firms shipped such goods there, and so how much
// one firm's shipment says.
type market struct {
	dest     string
	heads    []string
	firms    int
	strength float64
	// ids are the firms counted, when they are more than marketFew and at
	// most marketRecount: Match counts again those whose shipments there
	// are the alert's goods by their words (recount).
	ids []int32
}

// marketRecount is how many firms that shipped under the goods' headings
// Match reads the shipments of, to count those whose goods are the alert's
// by their words: beyond, the headings' count stands.
const marketRecount = 200

// recountShare is the share of the alert's words (lineShare) a shipped
// line must hold for its firm to count among those that shipped such
// goods: a PLA cup for "PLA & bamboo cup", not a ceramic one.
const recountShare = 0.5

// marketFew is how many firms may have shipped the goods' kind to the
// country for a shipment to count fully; beyond, it counts marketFew/firms:
// one of fifty Liling firms that sent mugs to Germany is not a lead.
const marketFew = 3

// recount counts the firms of m.ids with a line shipped to m.dest under
// m.heads in the market window before notified that is the alert's goods
// (fits).
func (ix *Index) recount(m *market, shipped func(time.Time) float64, fits func(*prepared) bool) int {
	n := 0
	for _, id := range m.ids {
		p := ix.profiles[id]
		for i := range p.lines {
			l := &p.lines[i]
			if inMarket(l.Destination, m.dest) && hasPrefix(l.hs, m.heads) && shipped(l.DeclaredAt) > 0 && fits(l) {
				n++
				break
			}
		}
	}
	return n
}

// marketHeadings are the headings of the goods' kind: those the alert's
// product terms name inside its scope ("melamine mug": 3924), or the scope.
func marketHeadings(terms []*Term, scope []string) []string {
	var out []string
	for _, t := range terms {
		for _, h := range t.Headings {
			if within(h, scope) && !slices.Contains(out, h) {
				out = append(out, h)
			}
		}
	}
	if len(out) == 0 {
		return scope
	}
	return out
}

// brandStale is how long before an alert a line of its brand may be
// declared and count fully, when the alert names no production window.
const brandStale = 3 * 366 * 24 * time.Hour

// marketWindow is how long before a notification a shipment to the
// notifying country counts.
const marketWindow = 366 * 24 * time.Hour

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.Format(time.DateOnly)
}

// modelNumStrength is how much an alert's model that is the digits of a
// declared model with a letter prefix says (9034 against SB-9034).
const modelNumStrength = 0.75

// modelNumber returns the digits of a normalised model of letters then
// four digits or more, "" for any other.
func modelNumber(m string) string {
	i := strings.IndexFunc(m, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 || len(m)-i < 4 || strings.ContainsFunc(m[i:], func(r rune) bool { return r < '0' || r > '9' }) {
		return ""
	}
	return m[i:]
}

// shortModelStrength is how much a model of two characters ("H-1") named
// after its cue says, against 1 for a longer one.
const shortModelStrength = 0.75

// exporterStrength scales the score of a firm whose evidence all comes from
// lines it exported but declared as made by another firm: the maker is the
// one the alert is about.
const exporterStrength = 0.5

// madeElsewhereStrength scales the score of every candidate of an alert
// about goods made outside China.
const madeElsewhereStrength = 0.2

// otherBrandStrength scales the product evidence (words, market) of a line
// declaring another brand than the alert's.
const otherBrandStrength = 0.5

// namedElsewhere reports whether another firm than self declares the brand
// form on a line whose name holds a word of a term of the alert's product
// name.
func (ix *Index) namedElsewhere(form string, self *profile, named []*Term) bool {
	if len(named) == 0 {
		return false
	}
	for _, i := range ix.post.brand[form] {
		o := ix.profiles[i]
		if o == self {
			continue
		}
		for k := range o.lines {
			l := &o.lines[k]
			if !slices.Contains(l.brands, form) {
				continue
			}
			// Under whatever heading: electric skateboards are declared
			// under 8711 as often as 9506.
			for _, t := range named {
				if t.namesLine(l) {
					return true
				}
			}
		}
	}
	return false
}

// markShared states the ambiguity of a brand that several proposed firms
// declare when the product evidence does not set one of them apart: all of
// them stay proposed, each saying which others share the brand. When it
// does (the forks of an Italian buyer's mark DFH CASA, against another
// firm's knives of the mark), the brand is decided by it: a firm whose
// score falls short of the best's by sharedMargin or more is scaled by
// elsewhereStrength and says why, and one that falls below min is dropped.
func markShared(cs []Candidate, min float64) []Candidate {
	byBrand := map[string][]int{}
	var keys []string
	for i, c := range cs {
		for _, ev := range c.Evidence {
			if ev.Kind == "brand" && ev.key != "" {
				if byBrand[ev.key] == nil {
					keys = append(keys, ev.key)
				}
				byBrand[ev.key] = append(byBrand[ev.key], i)
			}
		}
	}
	for _, b := range keys {
		idx := byBrand[b]
		top := 0.0
		for _, i := range idx {
			top = max(top, cs[i].Score)
		}
		// A firm whose line declares a model the alert names is the maker
		// before one that declares the brand with none of them, whatever
		// their scores.
		hasModel := func(i int) bool {
			return slices.ContainsFunc(cs[i].Evidence, func(ev Evidence) bool { return ev.Kind == "model" && ev.Strength >= 1 })
		}
		if slices.ContainsFunc(idx, hasModel) {
			var named []string
			for _, j := range idx {
				if hasModel(j) {
					named = append(named, cs[j].Enterprise.NameZh)
				}
			}
			for _, i := range idx {
				if !hasModel(i) && !slices.ContainsFunc(cs[i].Evidence, func(ev Evidence) bool { return ev.Kind == "shared-brand" }) {
					cs[i].Score = math.Round(cs[i].Score*unnamedModelStrength*1000) / 1000
					cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "shared-brand", Strength: 0, key: b,
						Detail: fmt.Sprintf("品牌 %s 也由%s申报，其申报的型号为通报所列；本企业的申报无通报所列型号 / brand %s is also declared by %s, on a line of a model the alert names; this firm's lines declare none of them",
							b, strings.Join(named, "、"), b, strings.Join(named, ", "))})
				}
			}
			idx = slices.DeleteFunc(slices.Clone(idx), func(i int) bool { return !hasModel(i) })
			top = 0
			for _, i := range idx {
				top = max(top, cs[i].Score)
			}
		}
		var tied []int
		for _, i := range idx {
			if top-cs[i].Score < sharedMargin {
				tied = append(tied, i)
			}
		}
		for _, i := range idx {
			if top-cs[i].Score >= sharedMargin && !slices.ContainsFunc(cs[i].Evidence, func(ev Evidence) bool { return ev.Kind == "shared-brand" || ev.Kind == "brand-elsewhere" }) {
				var better []string
				for _, j := range tied {
					better = append(better, cs[j].Enterprise.NameZh)
				}
				cs[i].Score = math.Round(cs[i].Score*elsewhereStrength*1000) / 1000
				cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "shared-brand", Strength: 0, key: b,
					Detail: fmt.Sprintf("品牌 %s 也由%s申报，其产品证据强于本企业 / brand %s is also declared by %s, whose product evidence is stronger than this firm's",
						b, strings.Join(better, "、"), b, strings.Join(better, ", "))})
			}
		}
		if len(tied) < 2 {
			continue
		}
		for _, i := range tied {
			var others []string
			for _, j := range tied {
				if j != i {
					others = append(others, cs[j].Enterprise.NameZh)
				}
			}
			cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "shared-brand", Strength: 0, key: b,
				Detail: fmt.Sprintf("品牌 %s 也由%s申报，产品证据无法区分，请人工判断 / brand %s is also declared by %s and the product evidence cannot tell them apart: decide by hand",
					b, strings.Join(others, "、"), b, strings.Join(others, ", "))})
		}
	}
	return slices.DeleteFunc(cs, func(c Candidate) bool { return c.Score < min })
}

// brandsInText returns the brands declared on some line of the register
// that an alert's text names as a run of one to three words ("Kid
// Casters", "Sportime"): five letters or more, with a word that is not
// one of the nomenclature's or the lexicon's ("Soccer Balls" names goods,
// not a maker), or written before ® or ™ ("First Fitness® Trampolines":
// the mark says the words are a brand, whatever they mean) or before the
// word "brand" ("Bee Free-branded helmets").
//
// A run inside a longer one that is a declared brand too is part of that
// brand, not another ("Zi Xiu" of 紫绣 in "Zi Xiu Tang", 姿秀堂).
func (ix *Index) brandsInText(text string) map[string]bool {
	var found []textRun
	ix.textRuns(text, func(r textRun) {
		if (r.distinct || r.marked) && ix.post.declared[r.form] {
			found = append(found, r)
		}
	})
	out := map[string]bool{}
	for _, r := range found {
		if !slices.ContainsFunc(found, func(o textRun) bool { return o.i <= r.i && r.j <= o.j && o.j-o.i > r.j-r.i }) {
			out[r.form] = true
		}
	}
	return out
}

// recallCue finds the recalling firm of a recall's title at the head of a
// text: "Nike Recalls …", "Razor USA Recalls …", "Acme Announces Recall of …",
// and the older CPSC releases' "CPSC, Park Tool USA Announce Recall of …" and
// "CPSC And Torpedo Announce Dolphin Baby Float Recall".
var recallCue = regexp.MustCompile(`^\s*(?:CPSC\s*(?:,|&|[Aa]nd\b)\s*)?([^;:]{2,80}?)\s+(?:Recalls|Announces?\s+(?:[^;:.]{1,60}?\s+)?Recall|Issues?\s+(?:a\s+)?(?:Voluntary\s+)?Recall)\b`)

// recalledByCue finds the recalling firm of a title written the other way
// round: "Hockey Helmets Recalled by Reebok-CCM Due to …".
var recalledByCue = regexp.MustCompile(`^[^;:.]{2,120}?\bRecalled\s+by\s+([^;:]{2,80}?)\s+(?:Due\s+to|Because|for)\b`)

// firmEnd cuts what follows a firm's name in an older title ("Recalled by
// Acme Sold Exclusively at Walmart": Acme).
var firmEnd = regexp.MustCompile(`\s+(?:Sold|at|in|Due|Because|for|NEWS|The|This)\b.*$`)

// recalledByBare finds the recalling firm of an older title that gives no
// reason ("Bicycle Suspension Forks Recalled by Dah Ken & RST USA"): the
// six words after "Recalled by", of which only declared brands count.
var recalledByBare = regexp.MustCompile(`^[^;:.]{2,120}?\bRecalled\s+by\s+((?:[^\s;:.]+\s+){0,5}[^\s;:.]+)`)

// recallerBrands returns the brands declared on some line that the
// recalling firm of a recall's title names ("Nike Recalls …", "… Recalled
// by Reebok-CCM Due to …"), as one to three of its words ("Nike", "Razor"
// of "Razor USA", "CCM" of "Reebok-CCM", the owner's name joined to the
// brand's), three letters or more and no generic brand. The recaller's name says who sells the goods, so, like a brand read
// from the head of a product's name, it may agree with a line, never count
// against one.
func (ix *Index) recallerBrands(text string) map[string]bool {
	m := recallCue.FindStringSubmatch(fold(text))
	if m == nil {
		m = recalledByCue.FindStringSubmatch(fold(text))
	}
	if m == nil {
		if m = recalledByBare.FindStringSubmatch(fold(text)); m != nil {
			m[1] = firmEnd.ReplaceAllString(m[1], "")
		}
	}
	if m == nil {
		return nil
	}
	ws := strings.FieldsFunc(m[1], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' })
	var found []string
	for i := range ws {
		for j := i + 1; j <= min(len(ws), i+3); j++ {
			f := normBrand(strings.Join(ws[i:j], " "))
			if len(f) < 3 || genericBrand(f) || firmWords[f] || !ix.post.declared[f] {
				continue
			}
			found = append(found, f)
		}
	}
	var out map[string]bool
	for _, f := range ix.longestDeclared(found) {
		if out == nil {
			out = map[string]bool{}
		}
		out[f] = true
	}
	return out
}

// longestDeclared drops, of brand forms read from one run of words, a
// declared form inside a longer declared one: "Aqua Scout Water Scooters"
// names AQUA SCOUT, which a line declares, not AQUA, which another firm's
// lines declare.
func (ix *Index) longestDeclared(forms []string) []string {
	return slices.DeleteFunc(forms, func(f string) bool {
		return ix.post.declared[f] && slices.ContainsFunc(forms, func(o string) bool {
			return len(o) > len(f) && ix.post.declared[o] && strings.Contains(o, f)
		})
	})
}

// shortBrandsIn returns the brands of four letters declared on some line
// that a text names as a word of its own: not a word of the nomenclature's
// or the lexicon's, and written twice or followed by "brand" ("woom bikes
// USA … Woom is printed", "Hype Roam brand"). brandsInText reads only runs
// of five letters or more, where a short word is too often another.
func (ix *Index) shortBrandsIn(text string) map[string]bool {
	ref := mustReference()
	ws := strings.FieldsFunc(strings.ToLower(fold(text)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	count := map[string]int{}
	for i, w := range ws {
		if len(w) != 4 || !ix.post.declared[w] || genericBrand(w) {
			continue
		}
		if k := stem(w); ref.hs.df[k] > 0 || ref.lex.namesGoods(k) || stopwords[k] {
			continue
		}
		count[w]++
		if i+2 < len(ws) && ws[i+2] == "brand" || i+1 < len(ws) && (ws[i+1] == "brand" || ws[i+1] == "branded") {
			count[w]++
		}
	}
	// A whole item of a list of names ("Stiff Nights, Aziffa, Size
	// Matters, Erex, Mojo"), written with a capital: a release naming its
	// products one by one names each as a brand.
	if len(count) > 0 {
		for _, item := range listedNames(fold(text)) {
			if w := strings.ToLower(item); count[w] > 0 {
				count[w]++
			}
		}
	}
	out := map[string]bool{}
	for w, c := range count {
		if c >= 2 {
			out[w] = true
		}
	}
	return out
}

// onceText is the alert's product name and words, the name once where the
// words repeat it (an FDA release's words are its brand and product, a
// RASFF notification's its product): shortBrandsIn counts how often a
// word is written.
func onceText(n Notification) string {
	if strings.Contains(n.Words, n.Product) {
		return n.Words
	}
	return n.Product + " " + n.Words
}

// listedNames returns the items of the lists of names a text holds: three
// or more items in a row between commas, each of one to three words
// beginning with a capital letter ("Stiff Nights, Aziffa, Size Matters,
// Erex"). A list of goods in lower case ("cups, plates and bowls") is none.
func listedNames(text string) []string {
	var out, run []string
	flush := func() {
		if len(run) >= 3 {
			out = append(out, run...)
		}
		run = run[:0]
	}
	for _, part := range strings.Split(text, ",") {
		item := strings.TrimSpace(part)
		if k := strings.LastIndexAny(item, ":;."); k >= 0 && len(run) == 0 {
			item = strings.TrimSpace(item[k+1:])
		}
		ws := strings.Fields(item)
		named := len(ws) >= 1 && len(ws) <= 3
		for _, w := range ws {
			if r := []rune(w)[0]; !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				named = false
			}
		}
		if !named {
			flush()
			if k := strings.LastIndexAny(part, ":;."); k >= 0 {
				// The head of a list after a colon ("Dietary Supplement:
				// Stiff Nights") starts a new one.
				if h := strings.Fields(part[k+1:]); len(h) >= 1 && len(h) <= 3 && unicode.IsUpper([]rune(h[0])[0]) {
					run = append(run, strings.Join(h, " "))
				}
			}
			continue
		}
		run = append(run, item)
	}
	flush()
	return out
}

// declaredModelsIn returns the words of a text, written with a capital,
// four characters or more and no word of the nomenclature's or the
// lexicon's, or codes of three in capitals mixing letters and digits
// ("MX3"), that some line declares as its model (normModel). A model
// written with a space, two to four words of capitals and digits that
// together mix letters and digits ("VO2 S" for VO2S, "MX Z 800 HO"), is
// read as one, as normModel reads a declared one.
//
// Marked are the models of two or three words one of which is a code
// (codeWord: "Lightning PAC", "Ion 700 RT"), and those of three words or
// more ("LED Crystal Magic Ball Light" for CRYSTAL MAGIC BALL), in a text
// not written in capitals throughout: not a short name of ordinary words,
// they count without the brand on the alert's kind of goods (Match).
func (ix *Index) declaredModelsIn(text string) (out, marked map[string]bool) {
	ref := mustReference()
	// An edition mark in brackets inside a model's name ("MX Z (E) 800
	// HO") is not part of it.
	text = editionMark.ReplaceAllString(text, "")
	// A text written in capitals throughout marks no word.
	caps := !strings.ContainsFunc(text, unicode.IsLower)
	mark := func(m string, words []string) {
		if !caps && (len(words) >= 3 || slices.ContainsFunc(words, func(w string) bool { return codeWord(ref, w) })) {
			if marked == nil {
				marked = map[string]bool{}
			}
			marked[m] = true
		}
	}
	ws := strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i := range ws {
		for j := i + 2; j <= min(len(ws), i+4); j++ {
			if slices.ContainsFunc(ws[i:j], func(w string) bool { return strings.ContainsFunc(w, unicode.IsLower) }) {
				break
			}
			m := normModel(strings.Join(ws[i:j], ""))
			if len(m) < 4 || !hasLetterAndDigit(m) || len(ix.post.model[m]) == 0 {
				continue
			}
			if out == nil {
				out = map[string]bool{}
			}
			out[m] = true
		}
	}
	// A model of words joined by hyphens, each capitalised ("Rogue
	// Fitness J-Cup brackets" for J CUP), is written as a name is.
	for _, tok := range strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' }) {
		parts := strings.Split(strings.Trim(tok, "-"), "-")
		if len(parts) < 2 || slices.ContainsFunc(parts, func(p string) bool {
			r, _ := utf8.DecodeRuneInString(p)
			return !unicode.IsUpper(r) && !unicode.IsDigit(r)
		}) {
			continue
		}
		if m := normModel(tok); len(m) >= 4 && len(ix.post.model[m]) > 0 {
			if out == nil {
				out = map[string]bool{}
			}
			out[m] = true
		}
	}
	// A model of two or three words written as a name is ("City Scooter",
	// "City Scooters" in the plural, "Ion 700 RT"), which counts only with
	// the line's brand named in the text too, or when marked on the alert's
	// kind of goods (Match).
	for i := range ws {
		if r, _ := utf8.DecodeRuneInString(ws[i]); !unicode.IsUpper(r) {
			continue
		}
		// Up to five words: "Expedition TUV 600 H.O." is five.
		for j := i + 2; j <= min(len(ws), i+5); j++ {
			// After its first word, a number is a word of the name too
			// ("Ion 700 RT").
			if slices.ContainsFunc(ws[i+1:j], func(w string) bool {
				r, _ := utf8.DecodeRuneInString(w)
				return !unicode.IsUpper(r) && !unicode.IsDigit(r)
			}) {
				break
			}
			joined := strings.Join(ws[i:j], "")
			for _, m := range []string{normModel(joined), normModel(strings.TrimSuffix(joined, "s"))} {
				if len(m) >= 6 && len(ix.post.model[m]) > 0 {
					if out == nil {
						out = map[string]bool{}
					}
					out[m] = true
					mark(m, ws[i:j])
				}
			}
		}
	}
	for i, w := range ws {
		r, _ := utf8.DecodeRuneInString(w)
		m := normModel(w)
		// A code of three, letters and digits in capitals ("MX3"), or
		// three capitals no word of the nomenclature's, the lexicon's or
		// the abbreviations ("Giant TCR"; Match counts such a model only
		// under a brand the alert names).
		short := len(m) == 3 && !strings.ContainsFunc(w, unicode.IsLower) && (hasLetterAndDigit(m) || codeWord(ref, w))
		if !unicode.IsUpper(r) || len(m) < 4 && !short || len(ix.post.model[m]) == 0 {
			continue
		}
		// A word the text calls a model ("Globe model bicycles", "the
		// Globe models") is one, whatever else the word names.
		if i+1 < len(ws) && !caps && (ws[i+1] == "model" || ws[i+1] == "models") {
			if out == nil {
				out = map[string]bool{}
			}
			out[m] = true
			if marked == nil {
				marked = map[string]bool{}
			}
			marked[m] = true
			continue
		}
		if k := stem(strings.ToLower(w)); ref.hs.df[k] > 0 || ref.lex.namesGoods(k) || stopwords[k] {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		out[m] = true
	}
	return out, marked
}

// editionMark is a mark of one or two letters or digits in brackets.
var editionMark = regexp.MustCompile(`\s*\([A-Za-z0-9]{1,2}\)`)

// runForms are the brand forms (normBrand) of the runs of one to three
// words of a text.
func runForms(text string) map[string]bool {
	ws := strings.FieldsFunc(fold(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := map[string]bool{}
	for i := range ws {
		for j := i + 1; j <= min(len(ws), i+3); j++ {
			out[normBrand(strings.Join(ws[i:j], " "))] = true
		}
	}
	return out
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// hasLetterAndDigit reports a normalised model that mixes letters and
// digits (DRIFT8), which a word of running text seldom does.
// codeWord reports a word of a model's name that makes it a code rather
// than ordinary words: capitals only, two letters or more, and no word of
// the nomenclature's, the lexicon's or a common abbreviation ("PAC" of
// "Lightning PAC", not "LED", "USB" or "PVC"), or letters and digits mixed
// ("RT2"), not a standard's number.
func codeWord(ref *reference, w string) bool {
	k := strings.ToLower(w)
	if hasLetterAndDigit(k) {
		return len(k) >= 3 && !standardPrefix.MatchString(w)
	}
	return len(w) >= 2 && !strings.ContainsFunc(w, unicode.IsLower) && !strings.ContainsFunc(w, unicode.IsDigit) &&
		ref.hs.df[k] == 0 && !ref.lex.knows(k) && !stopwords[k] && !abbreviations[k]
}

// abbreviations are capitals that name a technique, a material or a
// standard, not one maker's product.
var abbreviations = map[string]bool{"led": true, "usb": true, "pvc": true, "lcd": true, "ac": true, "dc": true, "uv": true, "abs": true,
	"pp": true, "pe": true, "eva": true, "tv": true, "gps": true, "rc": true, "diy": true, "bpa": true, "mips": true, "xl": true, "xxl": true,
	"us": true, "usa": true, "eu": true, "uk": true, "ce": true, "fda": true, "cpsc": true, "ii": true, "iii": true, "iv": true, "pro": true,
	"max": true, "mini": true, "plus": true, "hd": true, "lx": true, "ex": true, "gt": true, "sl": true, "se": true, "le": true, "mtb": true, "bmx": true}

func hasLetterAndDigit(m string) bool {
	return strings.ContainsAny(m, "0123456789") && strings.ContainsFunc(m, unicode.IsLetter)
}

// brandsSpeltAlike returns the runs of an alert's text spelt alike a brand
// declared on some line (brandsAlike: Ecnup for ENCUP), each with the
// words as the alert writes them: runs every word of which is no word of
// the nomenclature's or the lexicon's, or that the text marks a brand ("…
// Brand", ®), and, when capitals is set (running
// text rather than a brand field), written with capitals as names are.
// A run that is a declared brand itself is brandsInText's.
func (ix *Index) brandsSpeltAlike(text string, capitals bool) map[string]string {
	var out map[string]string
	ix.textRuns(text, func(r textRun) {
		// A run of ordinary words counts when the text marks it a brand
		// ("Shiitake-Ya Brand Gourmet Shiitake Slices").
		if !r.allDistinct && !r.marked || capitals && !r.capitals || ix.post.declared[r.form] {
			return
		}
		if len(ix.post.spelling.alike(r.form)) > 0 {
			if out == nil {
				out = map[string]string{}
			}
			out[r.form] = r.written
		}
	})
	return out
}

// brandsInField returns the declared brands a brand field names among
// other words (brandsInText) and the runs of it spelt alike a declared
// brand (brandsSpeltAlike), leaving out each part of the field (between
// commas, slashes, semicolons) that names a firm: words after a brand such
// as "Electronics" or "Technology" make "XinHua Electronics" a company,
// not XINHUA's goods.
func (ix *Index) brandsInField(field string) (map[string]bool, map[string]string) {
	exact, alike := map[string]bool{}, map[string]string{}
	for _, part := range strings.FieldsFunc(field, func(r rune) bool { return strings.ContainsRune(",;/|，；、", r) }) {
		if slices.ContainsFunc(strings.Fields(strings.ToLower(fold(part))), func(w string) bool { return firmWords[norm(w)] }) {
			continue
		}
		for f := range ix.brandsInText(part) {
			exact[f] = true
		}
		// In a brand field, a declared brand of two words or more counts
		// though its words are ordinary ones, when one of them names no
		// goods: "Safeway Snack Artist" (the retailer's name, then SNACK
		// ARTIST).
		ix.textRuns(part, func(r textRun) {
			if r.j-r.i >= 2 && !r.distinct && ix.post.declared[r.form] && slices.ContainsFunc(strings.Fields(r.written), func(w string) bool {
				k := stem(normBrand(w))
				return k != "" && !mustReference().lex.namesGoods(k) && !stopwords[k]
			}) {
				exact[r.form] = true
			}
		})
		for f, w := range ix.brandsSpeltAlike(part, false) {
			alike[f] = w
		}
	}
	return exact, alike
}

// tradeWords are the words a brand field that is a firm's name adds after
// the brand besides product words: its trade ("Red Wheel Fundraising",
// "Arco Nut and Candy LLC").
var tradeWords = map[string]bool{"fundraising": true, "foods": true, "food": true, "farms": true, "farm": true, "bakery": true,
	"distributors": true, "distribution": true, "brands": true, "products": true, "enterprises": true, "enterprise": true,
	"companies": true, "group": true, "holdings": true, "international": true, "industries": true, "sports": true, "nutrition": true}

// legalForms are the words of a firm's name that give its legal form.
var legalForms = map[string]bool{"co": true, "ltd": true, "limited": true, "company": true, "corp": true, "corporation": true,
	"inc": true, "incorporated": true, "llc": true, "llp": true, "plc": true, "gmbh": true}

// tradeTail reports a word of a firm's name after its brand that is no
// product word: a legal form, a trade of goods, or a joining word. A word
// that names another kind of firm ("XinHua Electronics") is none: that
// name is a firm's, not XINHUA's brand with goods added.
func tradeTail(w string) bool {
	k := strings.ToLower(norm(w))
	return legalForms[k] || tradeWords[k] || stopwords[k]
}

// firmTail reports words after a brand that end with a firm's legal form or
// trade (LLC, Inc., Fundraising): the field is a firm's name, whose first
// words are its brand even when short (ARCO).
func firmTail(ws []string) bool {
	return len(ws) > 0 && tradeTail(ws[len(ws)-1]) && !stopwords[strings.ToLower(norm(ws[len(ws)-1]))]
}

// firmAlias separates the names a firm trades under ("Acme Inc. d/b/a
// Sunny Farms", "Acme, Inc. dba Sunny Farms", "Falcon Trading
// Company/SunRidge Farms").
var firmAlias = regexp.MustCompile(`(?i)[\s,]+(?:d/b/a|d\.b\.a\.?|dba|doing business as|a/k/a|aka|also known as|t/a|trading as)[\s:]+|\s*/\s*`)

// firmBrand returns a firm's name, or its first words without its legal
// form, trade or goods ("Herb and Honey Inc." → herbandhoney, "Arco Nut and
// Candy LLC" → arco), when some line declares it as a brand, else "". A
// brand of two or three letters is read only as the name's first word
// written in capitals ("GFN Foods, LLC", "L&M Companies, Inc."). Each name
// a firm trades under counts ("Acme Inc. d/b/a Sunny Farms"), without a
// leading article ("The Sunny Farms Company").
func (ix *Index) firmBrand(firm string) string {
	for _, name := range firmAlias.Split(firm, -1) {
		if f := ix.firmBrandOf(name, func(f string) bool { return ix.post.declared[f] }); f != "" {
			return f
		}
	}
	return ""
}

// firmBrandAlike returns the form of a firm's name, or of its first words
// (firmBrand), that is spelt alike a declared brand, five letters or more,
// with the words it is written in: "Albanese Confectionery Group, Inc."
// against ALBANESSE. "" when none is, or when firmBrand finds the brand.
func (ix *Index) firmBrandAlike(firm string) (string, string) {
	if ix.firmBrand(firm) != "" {
		return "", ""
	}
	for _, name := range firmAlias.Split(firm, -1) {
		if f := ix.firmBrandOf(name, func(f string) bool { return len(f) >= 5 && len(ix.post.spelling.alike(f)) > 0 }); f != "" {
			return f, strings.TrimSpace(name)
		}
	}
	return "", ""
}

// firmBrandOf returns the first form of one of a firm's names, then of its
// first words, that ok accepts.
func (ix *Index) firmBrandOf(firm string, ok func(string) bool) string {
	ref := mustReference()
	raw := strings.Fields(firm)
	if len(raw) > 1 && strings.EqualFold(raw[0], "the") {
		raw = raw[1:]
		firm = strings.Join(raw, " ")
	}
	ws := strings.FieldsFunc(fold(firm), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	acronym := ""
	if len(raw) > 0 {
		w := strings.TrimRight(raw[0], ",.;:")
		// Three letters or more, or letters joined by "&" ("L&M"): two
		// letters alone are a country (US Foods) as often as a brand.
		if strings.ContainsFunc(w, unicode.IsUpper) && !strings.ContainsFunc(w, unicode.IsLower) && (len(normBrand(w)) >= 3 || strings.Contains(w, "&") && len(normBrand(w)) >= 2) &&
			!strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' }) {
			acronym = normBrand(w)
		}
	}
	// The name, then without its last words while they are its legal form,
	// trade or goods ("Arco Nut and Candy LLC": arco).
	for len(ws) > 0 {
		f := normBrand(strings.Join(ws, " "))
		if (len(f) >= 4 || f == acronym) && !genericBrand(f) && ok(f) {
			return f
		}
		last := ws[len(ws)-1]
		if !tradeTail(last) && !ref.lex.knows(stem(normBrand(last))) {
			return ""
		}
		ws = ws[:len(ws)-1]
	}
	return ""
}

// firmWords are the words of a company's name that give its legal form or
// its trade.
var firmWords = map[string]bool{"co": true, "ltd": true, "limited": true, "company": true, "corp": true, "corporation": true, "inc": true,
	"group": true, "llc": true, "gmbh": true, "imp": true, "exp": true, "import": true, "export": true, "trading": true, "trade": true,
	"international": true, "intl": true, "industrial": true, "industry": true, "manufacturing": true, "mfg": true, "factory": true, "electronics": true, "electronic": true, "electrical": true, "electric": true, "technology": true, "technologies": true,
	"tech": true, "industries": true, "enterprise": true, "enterprises": true, "holdings": true, "biotech": true, "biotechnology": true,
	"pharmaceutical": true, "pharmaceuticals": true, "science": true, "sciences": true}

// textRun is a run of one to three words of an alert's text that may be a
// brand.
type textRun struct {
	i, j          int // its words: the i-th to the one before the j-th
	form, written string
	distinct      bool // a word of it is no word of the nomenclature's, the lexicon's or a stop word
	allDistinct   bool // every word of it is such a word
	capitals      bool // every word of it begins with a capital
	marked        bool // ®, ™ or the word "brand" follows it, or "Recalls" a capitalised run (firmVerb)
}

// firmVerb reports a text that goes on with "Recalls" or "Announces", as a
// recall's title does after the recalling firm's name ("Revelate Designs
// Recalls Bicycle Seat Bags"): the capitalised words before it are a
// firm's name, whatever they mean.
func firmVerb(rest string) bool {
	for _, w := range [...]string{"Recalls ", "Announces "} {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// brandWord reports a text that goes on with the word "brand" or
// "branded", joined by a space or a hyphen ("Bee Free-branded helmets",
// "Hype Roam brand"): the words before it are a brand, whatever they mean.
func brandWord(rest string) bool {
	rest = strings.TrimLeft(rest, "-‑– ")
	for _, w := range [...]string{"branded", "brand"} {
		if len(rest) >= len(w) && strings.EqualFold(rest[:len(w)], w) {
			r, _ := utf8.DecodeRuneInString(rest[len(w):])
			return len(rest) == len(w) || !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}
	}
	return false
}

// textRuns passes the runs of one to three words of a text whose form
// (normBrand) is five letters or more and names no generic brand.
func (ix *Index) textRuns(text string, f func(textRun)) {
	ref := mustReference()
	text = fold(text)
	type word struct {
		w                         string
		distinct, capital, marked bool
	}
	var ws []word
	isPart := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' }
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !isPart(r) {
			i += size
			continue
		}
		end := i
		for end < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[end:])
			if !isPart(r2) {
				break
			}
			end += s2
		}
		w := word{w: text[i:end], capital: unicode.IsUpper(r)}
		rest := strings.TrimLeft(text[end:], " ")
		w.marked = strings.HasPrefix(rest, "®") || strings.HasPrefix(rest, "™") || brandWord(rest) || w.capital && firmVerb(rest)
		k := stem(normBrand(w.w))
		w.distinct = k != "" && ref.hs.df[k] == 0 && !ref.lex.namesGoods(k) && !stopwords[k]
		ws = append(ws, w)
		i = end
	}
	for i := range ws {
		for j := i + 1; j <= min(len(ws), i+3); j++ {
			r := textRun{i: i, j: j, allDistinct: true, capitals: true, marked: ws[j-1].marked}
			parts := make([]string, 0, j-i)
			for _, w := range ws[i:j] {
				r.distinct = r.distinct || w.distinct
				r.allDistinct = r.allDistinct && w.distinct
				r.capitals = r.capitals && w.capital
				parts = append(parts, w.w)
			}
			r.written = strings.Join(parts, " ")
			r.form = normBrand(r.written)
			if len(r.form) >= 5 && !genericBrand(r.form) {
				f(r)
			}
		}
	}
}

// brandHeads returns the forms of the first words of each brand a brand
// field names ("Slim-30 Herb Supplement": slim30; "Slim Forte, Meizitang
// Botanical": meizitang; "Shiitake-Ya Brand Gourmet Shiitake Slices":
// shiitakeya) when the word "brand" follows them or every word after them
// is a product word of the lexicon, and some line declares them as its brand, six letters or
// more, not a lone word of the lexicon (a head of two words or more may
// begin with one: "Red Lotus Bakery"), and that forms does not hold yet.
// When a line declares the field whole, a head counts only before words
// that all name goods ("Fairytale Brownies": FAIRYTALE; "XinHua
// Electronics" is not XINHUA's). An importer's brand field adds its own
// words to the maker's brand; the line's product must still be the alert's
// for the brand to count fully.
func (ix *Index) brandHeads(field string, forms []string) []string {
	ref := mustReference()
	// A brand declared as the alert gives it is that firm's: its first
	// word alone is another brand ("XinHua Electronics" against XINHUA),
	// unless every word after it names goods: "Fairytale Brownies",
	// declared so on cookies, is FAIRYTALE's brownies too.
	whole := slices.ContainsFunc(forms, func(f string) bool { return ix.post.declared[f] })
	var out []string
	for _, part := range strings.FieldsFunc(field, func(r rune) bool { return strings.ContainsRune(",;/|，；、", r) }) {
		ws := strings.Fields(fold(part))
		if len(ws) < 2 {
			continue
		}
		// A head that begins with a word of the lexicon is a brand only
		// when it has more words ("Red Lotus Bakery": RED LOTUS, not RED).
		lexFirst := ref.lex.namesGoods(stem(normBrand(ws[0])))
		// The words after the brand must be the word "brand" or product
		// words of the lexicon: "XinHua Electronics" names a firm, not
		// XINHUA's goods.
		for k := 1; k < len(ws); k++ {
			if lexFirst && k == 1 {
				continue
			}
			if normBrand(ws[k]) != "brand" && slices.ContainsFunc(ws[k:], func(w string) bool { return !ref.lex.knows(stem(normBrand(w))) && !tradeTail(w) }) {
				continue
			}
			if whole && slices.ContainsFunc(ws[k:], func(w string) bool { return !ref.lex.namesGoods(stem(normBrand(w))) || firmWords[norm(w)] }) {
				continue
			}
			f := normBrand(strings.Join(ws[:k], " "))
			if (len(f) >= 6 || len(f) >= 4 && firmTail(ws[k:])) && ix.post.declared[f] && !slices.Contains(forms, f) && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// declaredLead returns the first word of a product's name as a brand when
// it is written with a capital, is four letters or more, is declared as a
// brand on some line and is no word of the lexicon, although the
// nomenclature uses it ("Bolt Foldable Children's Scooters": BOLT declared
// on scooters; leadingBrands leaves out words of the nomenclature), or with
// the words after it when they are declared together. Like leadingBrands'
// forms it may agree with a line, never count against one.
func (ix *Index) declaredLead(name string) []string {
	ws := strings.Fields(fold(name))
	if len(ws) < 2 {
		return nil
	}
	r := []rune(ws[0])
	f := normBrand(ws[0])
	if !unicode.IsUpper(r[0]) || len(f) < 4 || !ix.post.declared[f] || mustReference().lex.namesGoods(stem(f)) {
		return nil
	}
	// The first word with the next ones, when those are declared as one
	// brand too ("Aqua Scout Water Scooters": AQUA SCOUT, not AQUA).
	for n := min(3, len(ws)-1); n > 1; n-- {
		if g := normBrand(strings.Join(ws[:n], " ")); ix.post.declared[g] {
			return []string{g}
		}
	}
	return []string{f}
}

// markBrandElsewhere weighs less a firm that declares the alert's brand but
// never shipped the alert's kind of goods to the notifying country, when
// another proposed firm declaring the brand did: two firms in different
// markets share a buyer's brand (ALPINA spoons to Ireland, ALPINA skimmers
// to Estonia), and the one whose goods went where they were found is the
// likelier maker. The evidence says so; candidates that fall below min
// are dropped.
func markBrandElsewhere(cs []Candidate, market string, min float64) []Candidate {
	if market == "" {
		return cs
	}
	byBrand := map[string][]int{}
	for i, c := range cs {
		for _, ev := range c.Evidence {
			if ev.Kind == "brand" && ev.key != "" {
				byBrand[ev.key] = append(byBrand[ev.key], i)
			}
		}
	}
	scaled := map[int]bool{}
	for b, idx := range byBrand {
		var there []string
		for _, i := range idx {
			if cs[i].shippedThere {
				there = append(there, cs[i].Enterprise.NameZh)
			}
		}
		if len(there) == 0 || len(there) == len(idx) {
			continue
		}
		sort.Strings(there)
		for _, i := range idx {
			if cs[i].shippedThere || scaled[i] {
				continue
			}
			scaled[i] = true
			cs[i].Score = math.Round(cs[i].Score*elsewhereStrength*1000) / 1000
			cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "brand-elsewhere", Strength: 0, key: b,
				Detail: fmt.Sprintf("品牌 %s 也由%s申报，其曾向通报国 %s 出口此类商品，本企业未曾 / brand %s is also declared by %s, which shipped such goods to the notifying country %s; this firm never did",
					b, strings.Join(there, "、"), market, b, strings.Join(there, ", "), market)})
		}
	}
	return slices.DeleteFunc(cs, func(c Candidate) bool { return c.Score < min })
}

// elsewhereStrength scales the score of a firm sharing the alert's brand
// that never shipped the alert's kind of goods to the notifying country
// while another firm declaring the brand did.
const elsewhereStrength = 0.75

// unnamedModelStrength scales a firm that declares a shared brand with none
// of the models the alert names, when another firm's line declares one.
const unnamedModelStrength = 0.5

// markSharedMarket weighs the candidates of a notification that names no
// one when several proposed firms shipped the goods' kind to the notifying
// country. A firm whose evidence is only the heading, the product words and
// that shipment (no USCC, name, GTIN, model or brand) is the maker no more
// than the others, so it falls below the threshold
// (sharedMarketStrength) unless the evidence sets it apart:
//
//   - another proposed firm has stronger evidence (a brand, a model, a
//     GTIN: the Moomin plates of the firm that declared MOOMIM, against
//     another firm's plain plates shipped there too);
//   - its shipped line carries fewer of the alert's product words than
//     another's (ceramic mugs, "cup" alone, against bamboo-fibre cups for
//     "Bamboo cups");
//   - its shipment left far outside the usual lag (usualLag) while another
//     left within it (honey shipped 162 days before, against a lot of 50
//     days).
//
// Each firm's evidence says which it is and names the others; a firm that
// falls below min is dropped, except those the evidence cannot tell apart,
// which are marked Tied and kept for Review (Match drops them too).
func markSharedMarket(cs []Candidate, min float64) []Candidate {
	var weak, strong []int
	top := 0.0
	for i, c := range cs {
		if !slices.ContainsFunc(c.Evidence, func(ev Evidence) bool { return ev.Kind == "market" }) {
			continue
		}
		if slices.ContainsFunc(c.Evidence, func(ev Evidence) bool { return strongKinds[ev.Kind] }) {
			strong = append(strong, i)
			continue
		}
		weak = append(weak, i)
		top = max(top, c.Score)
	}
	if len(weak)+len(strong) < 2 || len(weak) == 0 {
		return cs
	}
	names := func(idx []int, but int) string {
		var out []string
		for _, j := range idx {
			if j != but {
				out = append(out, cs[j].Enterprise.NameZh)
			}
		}
		return strings.Join(out, "、")
	}
	lower := func(i int, zh, en string) {
		cs[i].Score = math.Round(cs[i].Score*sharedMarketStrength*1000) / 1000
		cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "shared-market", Strength: 0, Detail: zh + " / " + en})
	}
	// lowerLag lowers a firm whose shipment left before the usual lag,
	// naming the firms whose shipments left within it.
	lowerLag := func(i int) {
		o := names(slices.DeleteFunc(slices.Clone(weak), func(j int) bool { return cs[j].marketAge <= 0 || cs[j].marketAge > usualLag }), i)
		days := int(cs[i].marketAge.Hours() / 24)
		lower(i, fmt.Sprintf("通报未指明企业，%s也向通报国出口过此类商品，其发货在通常的通报前 %d 天内；本企业的发货早于通报 %d 天", o, usualLagDays, days),
			fmt.Sprintf("the notification names no firm; %s also shipped such goods to the notifying country within the usual %d days before a notification; this firm's shipment left %d days before", strings.ReplaceAll(o, "、", ", "), usualLagDays, days))
	}
	if len(strong) > 0 {
		for _, i := range weak {
			o := names(strong, -1)
			lower(i, "通报未指明企业，"+o+"也向通报国出口过此类商品，且有品牌、型号或商品条码为证；本企业仅有品目、品名和市场证据",
				"the notification names no firm; "+strings.ReplaceAll(o, "、", ", ")+" also shipped such goods to the notifying country, with brand, model or GTIN evidence; this firm has only heading, words and market")
		}
		return slices.DeleteFunc(cs, func(c Candidate) bool { return c.Score < min })
	}
	// The goods in the alert's state against goods in the other, whatever
	// the scores: raw kernels (花生仁, 1202) for "Groundnuts", not coated
	// peanuts (鱼皮花生, 2008); cooked chicken (1602) for "Cooked chicken
	// products", not raw breasts declared under the category's own heading.
	// An alert that says its goods are prepared decides it so before the
	// scores are compared (prepSaid); one that says nothing is about the
	// raw goods only when the evidence otherwise ties (below).
	if slices.ContainsFunc(weak, func(i int) bool { return cs[i].marketPrep == prepSaid }) {
		in := slices.DeleteFunc(slices.Clone(weak), func(i int) bool { return cs[i].marketPrep < 0 })
		for _, i := range weak {
			if cs[i].marketPrep < 0 {
				o := names(in, -1)
				lower(i, "通报未指明企业，"+o+prepZh, "the notification names no firm; "+strings.ReplaceAll(o, "、", ", ")+prepEn)
			}
		}
		weak = in
		top = 0
		for _, i := range weak {
			top = max(top, cs[i].Score)
		}
	}
	// The weak firms that score alike; one far below the best is no rival,
	// and no more the maker than the others: the best's evidence is
	// stronger.
	below := slices.DeleteFunc(slices.Clone(weak), func(i int) bool { return top-cs[i].Score < sharedMargin })
	weak = slices.DeleteFunc(weak, func(i int) bool { return top-cs[i].Score >= sharedMargin })
	topFit := 0.0
	for _, i := range weak {
		topFit = max(topFit, cs[i].marketFit)
	}
	for _, i := range below {
		o := names(weak, -1)
		if cs[i].marketFit < topFit {
			lower(i, fmt.Sprintf("通报未指明企业，%s也向通报国出口过此类商品，其申报品名更合通报用词（本企业所出口的商品仅含通报用词的 %.0f%%）", o, 100*cs[i].marketFit),
				fmt.Sprintf("the notification names no firm; %s also shipped such goods to the notifying country, and its declared name fits the alert's words better (this firm's shipped line holds %.0f%% of them)", strings.ReplaceAll(o, "、", ", "), 100*cs[i].marketFit))
			continue
		}
		if cs[i].marketAge > usualLag && slices.ContainsFunc(weak, func(j int) bool { return cs[j].marketAge > 0 && cs[j].marketAge <= usualLag }) {
			lowerLag(i)
			continue
		}
		lower(i, "通报未指明企业，"+o+"也向通报国出口过此类商品，其证据强于本企业",
			"the notification names no firm; "+strings.ReplaceAll(o, "、", ", ")+" also shipped such goods to the notifying country, with stronger evidence than this firm's")
	}
	if len(weak) < 2 {
		return slices.DeleteFunc(cs, func(c Candidate) bool { return c.Score < min })
	}
	// The ones the evidence sets apart: the line carrying most of the
	// alert's words, then a shipment within the usual lag.
	kept := slices.Clone(weak)
	bestFit := 0.0
	for _, i := range kept {
		bestFit = max(bestFit, cs[i].marketFit)
	}
	for _, i := range weak {
		if cs[i].marketFit < bestFit && slices.Contains(kept, i) {
			kept = slices.DeleteFunc(kept, func(j int) bool { return j == i })
			o := names(weak, i)
			lower(i, fmt.Sprintf("通报未指明企业，%s也向通报国出口过此类商品，其申报品名更合通报用词（本企业所出口的商品仅含通报用词的 %.0f%%）", o, 100*cs[i].marketFit),
				fmt.Sprintf("the notification names no firm; %s also shipped such goods to the notifying country, and its declared name fits the alert's words better (this firm's shipped line holds %.0f%% of them)", strings.ReplaceAll(o, "、", ", "), 100*cs[i].marketFit))
		}
	}
	if slices.ContainsFunc(kept, func(i int) bool { return cs[i].marketAge > 0 && cs[i].marketAge <= usualLag }) {
		for _, i := range slices.Clone(kept) {
			if cs[i].marketAge > usualLag {
				kept = slices.DeleteFunc(kept, func(j int) bool { return j == i })
				lowerLag(i)
			}
		}
	}
	// A shipment that left too short a time before the notification to
	// have crossed the sea, been sold and sampled counts against a rival's
	// that left within the usual lag.
	inLag := func(i int) bool { return cs[i].marketAge >= minLag && cs[i].marketAge <= usualLag }
	if slices.ContainsFunc(kept, inLag) {
		for _, i := range slices.Clone(kept) {
			if cs[i].marketAge > 0 && cs[i].marketAge < minLag {
				kept = slices.DeleteFunc(kept, func(j int) bool { return j == i })
				o := names(weak, i)
				days := int(cs[i].marketAge.Hours() / 24)
				lower(i, fmt.Sprintf("通报未指明企业，%s也向通报国出口过此类商品，其发货在通报前 %d 至 %d 天内；本企业的发货仅早于通报 %d 天，来不及运抵、上市并被抽检", o, minLagDays, usualLagDays, days),
					fmt.Sprintf("the notification names no firm; %s also shipped such goods to the notifying country %d to %d days before it; this firm's shipment left only %d days before, too late to arrive, be sold and be sampled", strings.ReplaceAll(o, "、", ", "), minLagDays, usualLagDays, days))
			}
		}
	}
	// keepMost keeps, of two or more kept, those whose count is the
	// highest, when it is above zero; the others are lowered, saying why.
	keepMost := func(count func(i int) int, zh, en string) {
		best := 0
		for _, i := range kept {
			best = max(best, count(i))
		}
		if len(kept) < 2 || best == 0 {
			return
		}
		for _, i := range slices.Clone(kept) {
			if count(i) < best {
				kept = slices.DeleteFunc(kept, func(j int) bool { return j == i })
				o := names(weak, i)
				lower(i, "通报未指明企业，"+o+zh, "the notification names no firm; "+strings.ReplaceAll(o, "、", ", ")+en)
			}
		}
	}
	// keepAgreeing keeps, of two or more kept, those that agree with the
	// alert (agree > 0) when one does, lowering those that disagree (< 0);
	// those that do not say (0) stay.
	keepAgreeing := func(agree func(i int) int, zh, en string) {
		if len(kept) < 2 || !slices.ContainsFunc(kept, func(i int) bool { return agree(i) > 0 }) {
			return
		}
		for _, i := range slices.Clone(kept) {
			if agree(i) < 0 {
				kept = slices.DeleteFunc(kept, func(j int) bool { return j == i })
				o := names(weak, i)
				lower(i, "通报未指明企业，"+o+zh, "the notification names no firm; "+strings.ReplaceAll(o, "、", ", ")+en)
			}
		}
	}
	// Of lines that tie otherwise, the raw goods for an alert that says
	// nothing of preparation ("Groundnuts": 花生仁 under 1202, not 鱼皮花生
	// under 2008).
	keepAgreeing(func(i int) int { return cs[i].marketPrep }, prepZh, prepEn)
	// A line named in a word that only the alert's goods are called by
	// (红椒粉（甜椒粉） for "Paprika powder") says more than one named in a
	// word other goods are called by too (辣椒粉, chilli powder as well).
	keepMost(func(i int) int { return cs[i].marketOwn },
		"也向通报国出口过此类商品，其申报品名用的是通报商品专有的中文名称；本企业的品名也可指其他商品",
		" also shipped such goods to the notifying country, declared in a Chinese word only the alert's goods are called by; this firm's name may mean other goods too")
	// A line that holds the alert's word free against one that holds it
	// only inside another term's longer word (冷冻鳕鱼柱 against 冻狭鳕鱼片,
	// Alaska pollock, for "Frozen cod loins").
	keepMost(func(i int) int { return cs[i].marketClean },
		"也向通报国出口过此类商品，其申报品名直接用了通报商品的中文名称；本企业品名中的该词只是另一商品名称的一部分",
		" also shipped such goods to the notifying country, named in the alert's goods' own Chinese word; in this firm's name that word is only part of another goods' name")
	// A set of the alert's number of pieces (竹纤维儿童餐具五件套 for "5
	// pieces") against a set of another number; a chain of the alert's
	// number of lights (LED圣诞灯串（140灯） for "140 LED") against one of
	// another.
	keepAgreeing(func(i int) int { return cs[i].marketPieces },
		"也向通报国出口过此类商品，其成套件数或灯数与通报相同；本企业的不同",
		" also shipped such goods to the notifying country, of the alert's number of pieces or lights; this firm's goods have another")
	// A powder (辣椒粉, 银杏叶粉) for an alert of a powder ("paprika
	// powder", "Ginko Biloba, pulbere") against the goods in another form
	// (辣椒碎, chilli flakes; 银杏叶茶, leaf tea); diced (甜椒丁) or crushed
	// (黑胡椒碎) goods for an alert of those, for food.
	keepAgreeing(func(i int) int { return cs[i].marketForm },
		"也向通报国出口过此类商品，其申报商品的形态（粉、丁、碎）与通报相同；本企业的不同",
		" also shipped such goods to the notifying country, in the form the alert's goods are in (powder, diced, crushed); this firm's are not")
	// A line whose name, read through the dictionary, holds more of the
	// alert's words (折叠砧板 reads "folding" of "folding chopping boards").
	keepMost(func(i int) int { return cs[i].marketRead },
		"也向通报国出口过此类商品，其申报品名按 CC-CEDICT 释义含更多通报用词",
		" also shipped such goods to the notifying country, and its declared name, read through CC-CEDICT, holds more of the alert's words")
	// A line whose name names the alert's goods before its brackets (密胺碗
	// for "Melamine bowls") against one that lists them only among its
	// contents (儿童密胺餐具（碗、盘、杯）).
	keepMost(func(i int) int { return cs[i].marketMain },
		"也向通报国出口过此类商品，其申报品名的主体即为通报商品；本企业品名仅在括注中列有该商品",
		" also shipped such goods to the notifying country, whose declared name names the alert's goods before its brackets; this firm's lists them only in its brackets")
	if len(kept) >= 2 {
		for _, i := range kept {
			o := names(kept, i)
			lower(i, "通报未指明企业，"+o+"也向通报国出口过此类商品，证据无法区分，请人工判断",
				"the notification names no firm and "+strings.ReplaceAll(o, "、", ", ")+" also shipped such goods to the notifying country: decide by hand")
			cs[i].Tied = true
		}
	} else {
		for _, i := range kept {
			o := names(weak, i)
			cs[i].Evidence = append(cs[i].Evidence, Evidence{Kind: "shared-market", Strength: 0,
				Detail: "通报未指明企业，" + o + "也向通报国出口过此类商品，但证据更指向本企业（见其说明）/ the notification names no firm and " + strings.ReplaceAll(o, "、", ", ") + " also shipped such goods to the notifying country, but the evidence points to this firm (see theirs)"})
		}
	}
	return slices.DeleteFunc(cs, func(c Candidate) bool { return c.Score < min && !c.Tied })
}

// prepZh and prepEn say why a firm whose goods are not in the alert's
// state, raw or prepared, is lowered (markSharedMarket).
const (
	prepZh = "也向通报国出口过此类商品，其商品的加工状态（生或经烘烤、熟制、裹衣等加工）与通报相符；本企业的不符"
	prepEn = " also shipped such goods to the notifying country, raw or prepared (roasted, cooked, coated) as the alert's are; this firm's are not"
)

// strongKinds are the kinds of evidence that name the alert's goods or
// firm, not only their kind and market.
var strongKinds = map[string]bool{"uscc": true, "gtin": true, "name": true, "model": true, "brand": true}

// sharedMarketStrength scales the score of a firm whose only lead is a
// shipment to the notifying country that other firms' shipments match as
// well: the best such firm (hs, words and market at full strength, 0.755)
// falls below Threshold.
const sharedMarketStrength = 0.75

// usualLag is how long before a notification the goods notified usually
// left: a sea freight of four to six weeks to Europe, then customs,
// distribution and the official sample. Shipments older than that count
// against a rival's within it.
const (
	usualLagDays = 120
	usualLag     = usualLagDays * 24 * time.Hour
)

// minLag is the least time before a notification that goods shipped from
// China are usually found on its market: four weeks or more of sea freight
// to Europe, two or more to North America, then customs, distribution and
// an official sample. A shipment younger than that counts against a
// rival's inside the usual lag.
const (
	minLagDays = 21
	minLag     = minLagDays * 24 * time.Hour
)

// modelOfBrand reports a model some line declares under one of the brand
// forms, alone or in a list ("RIPPER JR/RIPPER MIPS JR").
func (ix *Index) modelOfBrand(m string, brands []string) bool {
	for _, id := range ix.post.model[m] {
		for i := range ix.profiles[id].lines {
			l := &ix.profiles[id].lines[i]
			if l.model == m || slices.Contains(l.models, m) || slices.Contains(l.modelNames, m) {
				if _, ok := commonForm(l.brands, brands); ok {
					return true
				}
			}
		}
	}
	return false
}

// otherModel reports a line that declares a model the alert does not name,
// when the alert names models some line declares: another product of the
// brand.
func otherModel(l *prepared, named, models map[string]bool) bool {
	if l.model == "" || len(named) == 0 || named[l.model] || l.modelNum != "" && models[l.modelNum] {
		return false
	}
	return !slices.ContainsFunc(slices.Concat(l.models, l.modelNames), func(m string) bool { return named[m] })
}

// ageAt is how long before notified a shipment left at, 0 when either day
// is unknown.
func ageAt(at, notified time.Time) time.Duration {
	if at.IsZero() || notified.IsZero() {
		return 0
	}
	return notified.Sub(at)
}

// ageAt is how long before the notification a shipment left, 0 when
// unknown — as it is when only the notification's year is known: a lot
// of October is then not known to have left within the usual lag of an
// alert of any day of the next year, nor a lot of the year before or
// after its day.
func (n Notification) ageAt(at time.Time) time.Duration {
	if n.YearOnly {
		return 0
	}
	return ageAt(at, n.Date)
}

// piecesWord finds the number of pieces of a set in an alert's words ("5
// pieces", "3 piece tool set", "16-tlg.", "set of 4"), in the languages
// the connectors bring.
var piecesWord = regexp.MustCompile(`(?i)(?:\b(\d{1,2})\s*-?\s*(?:pieces?|pcs?|pz|pezzi|piezas?|pieces|teile|teilig|tlg|elementow|czesci|darab)\b|\bset\s+of\s+(\d{1,2})\b|\bjuego\s+de\s+(\d{1,2})\b)`)

// piecesOf is the number of pieces an alert's set has, 0 when its words do
// not say.
func piecesOf(text string) int {
	m := piecesWord.FindStringSubmatch(fold(text))
	if m == nil {
		return 0
	}
	for _, g := range m[1:] {
		if n, err := strconv.Atoi(g); err == nil && n > 1 {
			return n
		}
	}
	return 0
}

// zhPieces finds the number of pieces a declared set has: 五件套, 3件套,
// 16件.
var zhPieces = regexp.MustCompile(`([一二两三四五六七八九十]{1,3}|\d{1,2})件`)

// zhItems finds a list of goods in brackets, written with the enumeration
// comma: （吸盘碗、勺）.
var zhItems = regexp.MustCompile(`（([^（）]+、[^（）]+)）`)

// singlePiece finds a declared name's word for one piece sold alone:
// 尼龙锅铲（单支）, a single turner, is no set.
var singlePiece = regexp.MustCompile(`单(?:支|只|个|件|把)`)

// linePieces is the number of pieces a declared name gives its set — its
// count (五件套), else the goods its brackets list (（吸盘碗、勺）: two), or
// one for a piece sold alone (单支) — 0 when it gives none.
func linePieces(name string) int {
	m := zhPieces.FindStringSubmatch(name)
	if m == nil {
		if singlePiece.MatchString(name) {
			return 1
		}
		if items := zhItems.FindStringSubmatch(name); items != nil {
			return len(strings.Split(items[1], "、"))
		}
		return 0
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return n
	}
	digits := map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	n, tens := 0, false
	for _, r := range m[1] {
		if r == '十' {
			tens = true
			n = max(n, 1) * 10
			continue
		}
		if tens {
			n += digits[r]
		} else {
			n = digits[r]
		}
	}
	return n
}

// piecesAgree is 1 when a declared set has the alert's number of pieces,
// -1 when it has another, 0 when either does not say.
func piecesAgree(pieces int, name string) int {
	if pieces == 0 {
		return 0
	}
	switch n := linePieces(name); {
	case n == 0:
		return 0
	case n == pieces:
		return 1
	default:
		return -1
	}
}

// mainHeld is how many of the terms a line's name holds outside the
// brackets that list its contents (碗、盘、杯): the goods it names, not
// the pieces of a set (密胺碗 holds "bowl"; 儿童密胺餐具（碗、盘、杯） only
// among its pieces). A bracket of other words (皮蛋（松花蛋，鸭蛋）, its
// other names) is the name's. For an alert about goods for children, a
// name that says so there (儿童) holds one more, as lineShare counts it.
func mainHeld(terms []*Term, child bool, l *prepared) int {
	main := listsOut(l.Name)
	n := 0
	if child && slices.ContainsFunc(childZh, func(z string) bool { return strings.Contains(main, z) }) {
		n++
	}
	for _, t := range terms {
		if slices.ContainsFunc(t.Zh, func(z string) bool { return strings.Contains(main, z) }) {
			n++
		}
	}
	return n
}

// listsOut returns a declared name without its brackets that list pieces
// (those holding 、).
func listsOut(name string) string {
	var b strings.Builder
	for {
		i := strings.IndexAny(name, "（(")
		if i < 0 {
			break
		}
		j := strings.IndexAny(name[i:], "）)")
		if j < 0 {
			break
		}
		_, w := utf8.DecodeRuneInString(name[i+j:])
		b.WriteString(name[:i])
		if !strings.Contains(name[i:i+j], "、") {
			b.WriteString(name[i : i+j+w])
		}
		name = name[i+j+w:]
	}
	b.WriteString(name)
	return b.String()
}

// ownCount is how many of the alert's terms a line's name holds in a word
// of their own (Lexicon.ownHeld).
func ownCount(lx *Lexicon, terms []*Term, l *prepared) int {
	n := 0
	for _, t := range terms {
		if lx.ownHeld(t, l) {
			n++
		}
	}
	return n
}

// lineShare is the share of the alert's product terms whose words a
// line's name holds, under whatever heading (竹纤维杯 holds both of
// "bamboo cups", 陶瓷马克杯 only the cup), counting as one more term the
// material the alert's hazard migrates from, when it names one (陶瓷盘
// holds both of "Plate" with lead migration, 密胺盘 only the plate), and
// one more the materials its product words name ("BOTELLAS DE PLÁSTICO":
// PETG塑料水瓶 holds both, 不锈钢运动水壶 only the bottle); 1 when the alert
// has no terms and its words fit otherwise (the same words, the text of
// its HS code), 0 when none do. A term held only by a one-character word
// (盘 of "tray", whose own word is 托盘) counts half: 陶瓷餐盘 is a plate
// more than a tray. When the alert says its goods are for children, a line that
// says so (儿童, 宝宝, 婴儿) holds one more, and so does a line whose name
// holds an ingredient the hazard names (鸡 of 鸡汁味 for "Protein poultry"),
// and so does one that says 有机 when the alert says organic.
func lineShare(f *lineFit, terms []*Term, materials []*Material, stuffs []*stuff, child, organic bool, ingr []string, l *prepared) float64 {
	n, of := 0.0, 0
	if len(ingr) > 0 {
		of++
		if slices.ContainsFunc(ingr, l.holds) {
			n++
		}
	}
	if child {
		of++
		if forChildren(l) {
			n++
		}
	}
	if organic {
		of++
		if l.holds("有机") {
			n++
		}
	}
	if len(materials) > 0 {
		of++
		if f.material != "" {
			n++
		}
		// A metal released from glaze (lead, cadmium) comes from its
		// decoration: decorated ware fits better than plain white.
		if slices.ContainsFunc(materials, func(m *Material) bool { return slices.Contains(m.Zh, "釉") }) {
			of++
			if decorated(l.Name) {
				n++
			}
		}
	}
	if len(terms) == 0 {
		if f.wordsFit() && (len(materials) == 0 || f.material != "") {
			return 1
		}
		return n / float64(max(1, of))
	}
	if len(stuffs) > 0 {
		of++
		if f.ofStuff {
			n++
		}
	}
	for _, t := range terms {
		n += max(t.heldBy(l.Name), t.heldBy(l.bare))
	}
	return n / float64(of+len(terms))
}

// decorZh are the words of a declared name that say ceramic or glass ware
// is decorated: decals, on-glaze colours, gilding, prints, coloured glazes
// — where lead and cadmium migrate from. plainZh say it is not.
var (
	decorZh = []string{"贴花", "花纸", "釉上彩", "釉中彩", "彩绘", "手绘", "描金", "金边", "金线", "印花", "彩釉", "色釉", "粉彩", "花面", "彩色", "彩瓷"}
	plainZh = []string{"无花", "纯白", "素面", "素色", "白瓷", "白色"}
)

// decorated reports a declared name that says its ware is decorated and
// not that it is plain.
func decorated(name string) bool {
	has := func(ws []string) bool {
		return slices.ContainsFunc(ws, func(w string) bool { return strings.Contains(name, w) })
	}
	return has(decorZh) && !has(plainZh)
}

// categoryStrength is how much a heading inside a category's set says,
// against 1 for the alert's own heading: with a brand alone it stays below
// the threshold, so that product words or a model must agree too.
const categoryStrength = 1.0 / 3

// outsidePenalty scales the score of a firm none of whose lines is under the
// alert's heading or its category's headings.
const outsidePenalty = 0.75

// alikeStrength is how much a brand spelt alike (brandsAlike) says on a
// line of the alert's product.
const alikeStrength = 0.8

// otherGoodsStrength is how much a brand declared on goods outside the
// alert's headings says, against 1 for the brand on the alert's goods.
const otherGoodsStrength = 0.5

// sharedMargin is how close two scores on one brand must be for the product
// evidence to count as not telling the firms apart.
const sharedMargin = 0.05

// nameRun is a run of words of a registered name that may be written as a
// brand: its compact form, the words as registered, and the words whose
// rarity makes it distinctive.
type nameRun struct {
	form, from string
	words      []string
}

// nameRuns are the runs of one to three words of a firm's English name
// (stop words and legal forms left out) and of two to four characters of
// the core of its Chinese name, read as pinyin.
func nameRuns(e Enterprise) []nameRun {
	var out []nameRun
	var ws []string
	for _, w := range strings.FieldsFunc(strings.ToLower(fold(e.NameEn)), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !stopwords[w] {
			ws = append(ws, w)
		}
	}
	for i := range ws {
		for j := i + 1; j <= min(len(ws), i+3); j++ {
			if form := strings.Join(ws[i:j], ""); len(form) >= 4 {
				out = append(out, nameRun{form: form, from: strings.Join(ws[i:j], " "), words: ws[i:j]})
			}
		}
	}
	if forms := nameForms(e.NameZh, ""); len(forms) > 0 && hasHan(forms[0]) {
		core := []rune(forms[0])
		for i := range core {
			for j := i + 2; j <= min(len(core), i+4); j++ {
				han := string(core[i:j])
				out = append(out, nameRun{form: strings.Join(pinyin.LazyPinyin(han, pinyin.NewArgs()), ""), from: han, words: []string{han}})
			}
		}
	}
	return out
}

// commonForm returns a form two lists of brand forms share.
func commonForm(a, b []string) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x, true
			}
		}
	}
	return "", false
}

// legalForms are the parts of company names that say nothing about
// which company it is.
var legalFormsZh = []string{"有限责任公司", "股份有限公司", "有限公司", "责任公司", "分公司", "集团", "公司", "进出口", "湖南省", "湖南", "中国"}

var stopwords = map[string]bool{
	"co": true, "ltd": true, "limited": true, "company": true, "corp": true, "corporation": true, "inc": true, "group": true,
	"the": true, "of": true, "and": true, "hunan": true, "china": true, "province": true, "llc": true, "gmbh": true, "imp": true,
	"exp": true, "import": true, "export": true, "trading": true, "trade": true, "international": true, "intl": true, "prc": true,
	"industrial": true, "industry": true, "manufacturing": true, "mfg": true, "factory": true, "products": true, "product": true,
}

// nameForms returns the compact forms of a company's names: letters only,
// lower case, legal forms dropped; a Chinese name also as pinyin.
func nameForms(zh, en string) []string {
	var out []string
	for _, name := range []string{zh, en} {
		if strings.TrimSpace(name) == "" {
			continue
		}
		if hasHan(name) {
			core := name
			for _, f := range legalFormsZh {
				core = strings.ReplaceAll(core, f, "")
			}
			core = strings.TrimSuffix(core, "厂")
			var han strings.Builder
			for _, r := range core {
				if unicode.Is(unicode.Han, r) {
					han.WriteRune(r)
				}
			}
			if han.Len() > 0 {
				out = append(out, han.String())
				out = append(out, strings.Join(pinyin.LazyPinyin(han.String(), pinyin.NewArgs()), ""))
			}
			continue
		}
		var b strings.Builder
		for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if !stopwords[w] {
				b.WriteString(w)
			}
		}
		if b.Len() > 0 {
			out = append(out, b.String())
		}
	}
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

func gramsOfAll(forms []string) []grams {
	out := make([]grams, len(forms))
	for i, f := range forms {
		out[i] = bigrams(f)
	}
	return out
}

// similarity is the highest weighted Dice similarity of character bigrams
// between any two forms, and the form of b that gave it; ga and gb are the
// bigrams of a and b (those of the index's names and manufacturers were
// counted when it was built).
func (ix *Index) similarity(a []string, ga []grams, b []string, gb []grams) (float64, string) {
	best, which := 0.0, ""
	for i, x := range a {
		for j, y := range b {
			// Forms in different scripts share no bigram; a form can be no
			// more alike than its weight allows: 2·min(A, B)/(A + B).
			if ga[i].han != gb[j].han || 2*min(ga[i].w, gb[j].w)/(ga[i].w+gb[j].w) <= best && x != y {
				continue
			}
			if s := ix.dice(x, y, ga[i], gb[j]); s > best {
				best, which = s, y
			}
		}
	}
	return best, which
}

// grams are the character bigrams of a name form, each two runes packed in
// one number, sorted — two forms' bigrams in common are counted by one merge
// — and their total weight.
type grams struct {
	g   []uint64
	wt  []float64 // the weight of each
	w   float64
	han bool // a Chinese form
}

func bigrams(s string) grams {
	r := []rune(s)
	if len(r) < 2 {
		return grams{}
	}
	g := make([]uint64, len(r)-1)
	for i := range g {
		g[i] = pack(r[i], r[i+1])
	}
	slices.Sort(g)
	return grams{g: g, han: unicode.Is(unicode.Han, r[0])}
}

func pack(a, b rune) uint64 { return uint64(a)<<32 | uint64(b) }

// gramWeights weigh a bigram by how few of the register's name forms hold
// it: the bigrams of 长沙, changsha or toys, which hundreds of firms' names
// share, weigh little against those of a firm's own trade name (字号).
type gramWeights struct {
	df    map[uint64]int
	forms int
}

func (gw *gramWeights) weight(g uint64) float64 {
	return math.Log(1 + float64(gw.forms)/float64(max(1, gw.df[g])))
}

// weigh sets the weights of bigrams.
func (gw *gramWeights) weigh(gs *grams) {
	gs.w = 0
	gs.wt = make([]float64, len(gs.g))
	for i, g := range gs.g {
		gs.wt[i] = gw.weight(g)
		gs.w += gs.wt[i]
	}
}

// dice is the weighted Dice similarity of two name forms: twice the weight
// of the bigrams they share over the weight of both.
func (ix *Index) dice(a, b string, ga, gb grams) float64 {
	if a == b {
		return 1
	}
	if len(ga.g) == 0 || len(gb.g) == 0 {
		return 0
	}
	common := 0.0
	for i, j := 0, 0; i < len(ga.g) && j < len(gb.g); {
		switch {
		case ga.g[i] == gb.g[j]:
			common += ga.wt[i]
			i++
			j++
		case ga.g[i] < gb.g[j]:
			i++
		default:
			j++
		}
	}
	return 2 * common / (ga.w + gb.w)
}

// genericBrand reports a brand that names no maker ("no brand", 无品牌),
// in the languages Safety Gate and RASFF notify in (Czech "Neuvedena",
// not stated; Polish "Brak", none; German "ohne Marke").
func genericBrand(normed string) bool {
	return noMaker[normed]
}

// noMaker are the brand fields, normalised (normBrand), that say there is
// no brand or that it is not known.
var noMaker = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`unknown unbranded nobrand nobrandname none na generic oem original notknown notstated
		notspecified unspecified notindicated notgiven withoutbrand nonbranded nolabel
		无品牌 无 自有品牌 其他 无牌
		neuvedena neuvedeno neuveden neznama neznamy neznamo bezznacky bezoznaceni
		brak brakmarki nieznana nieznany bezmarki
		ohnemarke unbekannt keinemarke nichtangegeben
		sansmarque inconnue inconnu nonindique nonindiquee
		sinmarca desconocida desconocido noconsta
		senzamarca senzamarchio sconosciuta sconosciuto nonindicato
		onbekend geenmerk zondermerk
		semmarca desconhecida desconhecido
		ismeretlen markanelkul
		necunoscut necunoscuta faramarca
		okand okant utanmarke ukendt udenmaerke tuntematon merkiton
		nepoznato nepoznata neznano nezinomas nezinoma nezinams tundmatu`) {
		m[w] = true
	}
	m[""] = true // no brand field at all
	return m
}()

// tariffCode returns a product text that is only a tariff code — six to
// ten digits, maybe with dots or spaces ("0904220011", "0904.22") — as its
// digits, "" for any other text. A number followed by a code in brackets
// ("320210(230910)", an article number and the goods' subheading, as
// Swedish notifications write them) is the code in brackets.
func tariffCode(product string) string {
	p := strings.TrimSpace(product)
	if open := strings.IndexByte(p, '('); open > 0 && strings.HasSuffix(p, ")") && tariffCode(p[:open]) != "" {
		// An empty pair of brackets ("320210()") leaves the code before it.
		if in := strings.TrimSpace(p[open+1 : len(p)-1]); in != "" {
			p = in
		} else {
			p = p[:open]
		}
	}
	if p == "" || strings.ContainsFunc(p, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.' || r == ' ') }) {
		return ""
	}
	d := onlyDigits(p)
	if len(d) < 6 || len(d) > 10 {
		return ""
	}
	return d
}

// euMarket is the market of an EU alert that names no notifying member
// state (the Safety Gate sample's rows): any member state of the EU or the
// EEA (inMarket).
const euMarket = "EU"

// euStates are the EU's member states and the EEA's others, by ISO code
// (Greece also as EL, as EU texts write it).
var euStates = map[string]bool{"AT": true, "BE": true, "BG": true, "HR": true, "CY": true, "CZ": true, "DK": true, "EE": true,
	"FI": true, "FR": true, "DE": true, "GR": true, "EL": true, "HU": true, "IE": true, "IT": true, "LV": true, "LT": true,
	"LU": true, "MT": true, "NL": true, "PL": true, "PT": true, "RO": true, "SK": true, "SI": true, "ES": true, "SE": true,
	"IS": true, "LI": true, "NO": true}

// euDests are euStates' codes, sorted once.
var euDests = slices.Sorted(maps.Keys(euStates))

// marketDests are the destinations a market's postings are kept under: the
// notifying country, or each member state for euMarket.
func marketDests(market string) []string {
	if market == euMarket {
		return euDests
	}
	return []string{market}
}

// marketWhere names a line's destination in the alert's market for the
// evidence: the notifying country, or the EU with the member state.
func marketWhere(l *prepared, market string) string {
	if market == euMarket {
		return euMarket + "（" + strings.ToUpper(l.Destination) + "）"
	}
	return market
}

// inMarket reports a declared destination inside an alert's market: the
// notifying country, or any member state for euMarket.
func inMarket(dest, market string) bool {
	return strings.EqualFold(dest, market) || market == euMarket && euStates[strings.ToUpper(dest)]
}

// FromRecord is what matching reads of an imported foreign record.
func FromRecord(r *foreign.Record) Notification {
	p := r.Product
	if p.Market == "" && r.Source == "safetygate" {
		// A Safety Gate alert names no member state: it is the EU's.
		p.Market = euMarket
	}
	return Notification{Ref: r.Key, Product: p.Name, Brand: p.Brand, Model: p.Model, Batch: p.Batch, GTIN: p.GTIN, Manufacturer: p.Manufacturer,
		Origin: p.Origin, HSCode: p.HSCode, Category: p.Category, Words: p.Words, Market: p.Market, Date: r.Date, YearOnly: r.YearOnly, Hazard: HazardOf(r.Summary), HazardKind: r.Hazard}
}

// norm compares brands and models: letters and digits, lower case.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

func digitsOf(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	// GTIN-8/12/13 compare as GTIN-14.
	if len(d) >= 8 && len(d) < 14 {
		d = strings.Repeat("0", 14-len(d)) + d
	}
	return d
}

// onlyDigits keeps the digits of s.
func onlyDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func hsHeading(hs string) string {
	d := onlyDigits(hs)
	if len(d) < 4 {
		return ""
	}
	return d[:4]
}

// wordSet is the significant words of a text: Latin words of three
// letters or more, and the bigrams of Chinese runs.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	var run []rune
	han := false
	flush := func() {
		switch {
		case han:
			for i := 0; i+1 < len(run); i++ {
				m[string(run[i:i+2])] = true
			}
		case len(run) >= 3 && !stopwords[string(run)]:
			m[string(run)] = true
		}
		run = run[:0]
	}
	for _, r := range strings.ToLower(s) {
		isHan := unicode.Is(unicode.Han, r)
		switch {
		case !unicode.IsLetter(r):
			flush()
			continue
		case len(run) > 0 && isHan != han:
			flush()
		}
		han = isHan
		run = append(run, r)
	}
	flush()
	return m
}

// overlap is the share of the smaller set found in the other.
func overlap(a, b map[string]bool) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	n := 0
	for w := range b {
		if a[w] {
			n++
		}
	}
	return float64(n) / float64(min(len(a), len(b)))
}
