package matching

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// postings map what a notification may share with an enterprise to the
// enterprises (indexes into Index.profiles) that carry it. A candidate at
// the threshold needs at least one of USCC, GTIN, name, model or brand:
// product words and the heading alone score at most 1 − 0.7·0.7 = 0.51, and
// the origin and heading rules only lower a score. So the enterprises found
// through these postings are all those that can reach a threshold above
// 0.51, and Match compares only them.
type postings struct {
	uscc, gtin, model, brand map[string][]int32
	// spelling finds the declared brand forms spelt alike an alert's
	// (spelling.go), whose firms brand then finds.
	spelling spelling
	// names holds the enterprises' name forms and the manufacturers they
	// declared, by their character bigrams.
	names namePostings
	// market holds the destinations of the lines with their heading and
	// chapter ("PL|3924", "PL|39"), for the alerts whose evidence is the
	// alert's goods shipped to the country that found them.
	market map[string][]int32
	// marketDays holds, for each key of market, the days (since the Unix
	// epoch) its firms shipped such goods there, each firm's sorted and
	// each day once, one after the other in the order of market's
	// postings; marketOff[k][j] is where the j-th firm's days begin (and
	// marketOff[k][len] where they end), so that only the firms that
	// shipped in the year before a notification are counted, reading one
	// array per key.
	marketDays, marketOff map[string][]int32
	// declared holds the brand forms declared on lines, which an alert's
	// text may name (brandsInText), as against those only read from a
	// firm's registered name.
	declared map[string]bool
}

// withoutPostings is the score below which postings cannot find every
// candidate (product words and heading alone).
const withoutPostings = 0.51

// withoutIdentifiers is the highest score of a notification that names no
// USCC, GTIN, manufacturer, model or brand: heading, product words and the
// goods shipped to the notifying country, 1 − 0.7·0.7·(1 − 0.4·s) for a
// market of strength s. Up to it, the enterprises with lines of the goods'
// kind shipped to that country are its candidates.
func withoutIdentifiers(m market) float64 {
	return math.Round(1000*(1-(1-weights["hs"])*(1-weights["words"])*(1-weights["market"]*m.strength))) / 1000
}

func buildPostings(ps []*profile) postings {
	p := postings{uscc: map[string][]int32{}, gtin: map[string][]int32{}, model: map[string][]int32{}, brand: map[string][]int32{},
		names: newNamePostings(), market: map[string][]int32{}, marketDays: map[string][]int32{}, marketOff: map[string][]int32{}, declared: map[string]bool{}}
	days := map[string][][]int32{} // each key's firms' days, while building
	putMarket := func(k string, i, d int32) {
		l := p.market[k]
		if len(l) == 0 || l[len(l)-1] != i {
			p.market[k] = append(l, i)
			days[k] = append(days[k], nil)
		}
		ds := days[k]
		last := &ds[len(ds)-1]
		if n := len(*last); n == 0 || (*last)[n-1] != d {
			*last = append(*last, d)
		}
	}
	put := func(m map[string][]int32, k string, i int32) {
		if k == "" {
			return
		}
		if l := m[k]; len(l) > 0 && l[len(l)-1] == i {
			return // profiles are added in order: one posting each
		}
		m[k] = append(m[k], i)
	}
	for k, pr := range ps {
		i := int32(k)
		put(p.uscc, pr.e.USCC, i)
		for j, n := range pr.names {
			p.names.add(n, &pr.nameGrams[j], i)
		}
		for form := range pr.brandNames {
			put(p.brand, form, i)
		}
		for _, l := range pr.lines {
			put(p.uscc, l.ManufacturerUSCC, i)
			put(p.gtin, l.gtin, i)
			put(p.model, l.model, i)
			for _, m := range slices.Concat(l.models, l.modelNames) {
				put(p.model, m, i)
			}
			if l.modelNum != "" {
				put(p.model, "#"+l.modelNum, i)
			}
			for _, b := range l.brands {
				put(p.brand, b, i)
				if !p.declared[b] {
					p.declared[b] = true
					p.spelling.add(b)
				}
			}
			for j, m := range l.makers {
				p.names.add(m, &l.makerGrams[j], i)
			}
			// A consignor that exported another firm's make did not ship
			// its own goods there: the maker, whose lines these are too,
			// is the firm counted.
			if d := strings.ToUpper(l.Destination); d != "" && len(l.hs) >= 4 && !l.exporterOnly {
				day := int32(l.DeclaredAt.Unix() / 86400)
				if l.DeclaredAt.IsZero() {
					day = unknownDay
				}
				putMarket(d+"|"+l.hs[:4], i, day)
				putMarket(d+"|"+l.hs[:2], i, day)
			}
		}
	}
	p.names.finish()
	for k, dss := range days {
		off := make([]int32, 0, len(dss)+1)
		var flat []int32
		for _, ds := range dss {
			slices.Sort(ds)
			off = append(off, int32(len(flat)))
			flat = append(flat, slices.Compact(ds)...)
		}
		p.marketOff[k], p.marketDays[k] = append(off, int32(len(flat))), flat
	}
	return p
}

// unknownDay stands for a shipment whose day is unknown, which counts in
// any window.
const unknownDay = math.MinInt32

// eachMarket passes the postings of the lines shipped to dest under the
// headings (a chapter's under the chapter, longer codes under their first
// four digits).
func (p *postings) eachMarket(dest string, heads []string, f func([]int32)) {
	for _, h := range heads {
		if len(h) > 4 {
			h = h[:4]
		}
		for _, d := range marketDests(dest) {
			f(p.market[d+"|"+h])
		}
	}
}

// marketOf counts the firms that shipped goods under the headings to dest
// in the marketWindow before notified, up to last (the notified day, or the
// year's end when only its year is known; at any time when notified is
// unknown): a firm that first shipped there after the notification, or
// stopped years before, is no rival of the firm that shipped in the weeks
// before.
func (p *postings) marketOf(dest string, heads []string, notified, last time.Time) market {
	seen := map[int32]bool{}
	from, to := int32(math.MinInt32), int32(math.MaxInt32)
	if !notified.IsZero() {
		from = int32(notified.Unix()/86400) - int32(marketWindow/(24*time.Hour))
		to = int32(last.Unix() / 86400)
	}
	for _, h := range heads {
		if len(h) > 4 {
			h = h[:4]
		}
		for _, d := range marketDests(dest) {
			p.marketIn(d+"|"+h, from, to, seen)
		}
	}
	m := market{dest: dest, heads: heads, firms: len(seen)}

	if m.firms > 0 {
		m.strength = min(1, float64(marketFew)/float64(m.firms))
	}
	if m.firms > marketFew && m.firms <= marketRecount {
		m.ids = make([]int32, 0, len(seen))
		for i := range seen {
			m.ids = append(m.ids, i)
		}
		slices.Sort(m.ids)
	}
	return m
}

// marketIn adds to seen the firms that shipped under a market key
// (destination|heading) on a day from from to to.
func (p *postings) marketIn(k string, from, to int32, seen map[int32]bool) {
	ds, off := p.marketDays[k], p.marketOff[k]
	for j, i := range p.market[k] {
		// The firm's days, sorted; an unknown day sorts first and counts
		// in any window.
		first, end := ds[off[j]], off[j+1]
		switch {
		case first > to:
		case first == unknownDay || first >= from || ds[end-1] >= from && ds[int(off[j])+lowerBound(ds[off[j]:end], from)] <= to:
			seen[i] = true
		}
	}
}

// query is what the postings are looked up by.
type query struct {
	uscc          string
	names, brands []string
	models, gtins map[string]bool
	market        market // the notifying country, when its evidence can count
}

// candidates returns the profiles a notification may score at least min
// against, in register order.
func (ix *Index) candidates(q query, min float64) []*profile {
	if ix.Scan || min <= withoutPostings {
		return ix.profiles
	}
	p := &ix.post
	// Each enterprise is taken once: a stamp per enterprise, kept between
	// matches, says whether this match took it already.
	s := marks.Get().(*stamps)
	defer marks.Put(s)
	seen := s.next(len(ix.profiles))
	var ids []int32
	take := func(l []int32) {
		for _, i := range l {
			if s.at[i] != seen {
				s.at[i] = seen
				ids = append(ids, i)
			}
		}
	}
	if q.uscc != "" {
		take(p.uscc[q.uscc])
	}
	for g := range q.gtins {
		take(p.gtin[g])
	}
	for m := range q.models {
		take(p.model[m])
		take(p.model["#"+m]) // the digits of a longer declared model
	}
	for _, b := range q.brands {
		take(p.brand[b])
		for _, f := range p.spelling.alike(b) {
			take(p.brand[f])
		}
	}
	for _, n := range q.names {
		p.names.close(n, &ix.gw, take)
	}
	if q.market.strength > 0 && min <= withoutIdentifiers(q.market) {
		p.eachMarket(q.market.dest, q.market.heads, take)
	}
	slices.Sort(ids)
	out := make([]*profile, len(ids))
	for k, i := range ids {
		out[k] = ix.profiles[i]
	}
	return out
}

// namePostings hold every distinct name form of the register — the
// enterprises' names and the manufacturers their lines declare — with the
// enterprises that carry it, and map each character bigram to the forms
// that hold it. Forms of one character have no bigram: they are found
// whole.
type namePostings struct {
	ids map[string]int32 // a form's number, while building
	// The f-th form's sorted bigrams are grams[off[f]:off[f+1]], one
	// array for all, and w[f] is their weight: the forms met by a
	// notification's rare bigrams are compared there, not through each
	// form's own slices scattered over the heap.
	grams  []uint64
	off    []int32
	w      []float64
	owners [][]int32          // the enterprises that carry the f-th form, in register order
	bigram map[uint64][]int32 // the forms holding a bigram, each once
	whole  map[string][]int32 // the enterprises carrying a form of one character
}

func newNamePostings() namePostings {
	return namePostings{ids: map[string]int32{}, off: []int32{0}, bigram: map[uint64][]int32{}, whole: map[string][]int32{}}
}

// add records that enterprise i carries the form, whose bigrams gs are
// (weighed). Enterprises are added in register order.
func (np *namePostings) add(form string, gs *grams, i int32) {
	if len(gs.g) == 0 {
		if l := np.whole[form]; form != "" && (len(l) == 0 || l[len(l)-1] != i) {
			np.whole[form] = append(l, i)
		}
		return
	}
	f, ok := np.ids[form]
	if !ok {
		f = int32(len(np.w))
		np.ids[form] = f
		np.grams = append(np.grams, gs.g...)
		np.off = append(np.off, int32(len(np.grams)))
		np.w = append(np.w, gs.w)
		np.owners = append(np.owners, nil)
		for k, g := range gs.g {
			if k == 0 || gs.g[k-1] != g { // sorted: each bigram once
				np.bigram[g] = append(np.bigram[g], f)
			}
		}
	}
	if l := np.owners[f]; len(l) == 0 || l[len(l)-1] != i {
		np.owners[f] = append(l, i)
	}
}

// finish drops what only building needed.
func (np *namePostings) finish() { np.ids = nil }

// close passes to take the enterprises carrying a form within weighted
// Dice similarity 0.6 of the given one (dice's measure: Match keeps a name
// from 0.6), once for each such form.
//
// Two forms of weights A and B sharing bigrams of weight C are that close
// when 2C/(A + B) ≥ 0.6, so C ≥ 0.3(A + B); and as C ≤ B, C ≥ 3A/7 whatever
// B is. The form's distinct bigrams are read heaviest first (the rarest:
// a firm's own trade name before its city or trade), each weighing its
// weight times how often the form holds it, a bound on what another form
// can share of it. A form first met at the k-th bigram shares at most the
// weight of the k-th and those after it: once that is under 0.3(A + B) it
// cannot be close, and once it is under 3A/7 no form met later can, so the
// common bigrams (an, ng, ha …), which tens of thousands of forms hold, are
// not read for new forms. What a form met shares is then bounded by the
// weight of the bigrams it was found under and of those not read; the next
// bigrams' postings are read for the forms met while those are many, and
// the forms the bound leaves are compared exactly.
func (np *namePostings) close(form string, gw *gramWeights, take func([]int32)) {
	gx := bigrams(form)
	if len(gx.g) == 0 {
		take(np.whole[form])
		return
	}
	gw.weigh(&gx)
	type held struct {
		g uint64
		w float64 // weight × times held
	}
	hs := make([]held, 0, len(gx.g))
	for k, g := range gx.g {
		if k > 0 && gx.g[k-1] == g {
			hs[len(hs)-1].w += gx.wt[k]
			continue
		}
		hs = append(hs, held{g, gx.wt[k]})
	}
	slices.SortFunc(hs, func(a, b held) int {
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Compare(a.g, b.g)
	})
	// after[k] is what the bigrams from the k-th on weigh together.
	after := make([]float64, len(hs)+1)
	for k := len(hs) - 1; k >= 0; k-- {
		after[k] = after[k+1] + hs[k].w
	}
	const slack = 1 - 1e-9 // what rounding may leave out
	a := gx.w
	least := 3 * a / 7 * slack
	s := marks.Get().(*stamps)
	defer marks.Put(s)
	seen := s.next(len(np.w))
	if len(s.sum) < len(np.w) {
		s.sum = make([]float64, len(np.w))
	}
	met := s.met[:0]
	read := len(hs) // the bigrams whose postings were read
	for k, h := range hs {
		rest := after[k]
		if rest < least {
			read = k
			break
		}
		for _, f := range np.bigram[h.g] {
			if s.at[f] != seen {
				s.at[f] = seen
				// Shares at most rest, and at most B; needs 0.3(A + B).
				if b := np.w[f]; rest < 0.3*(a+b)*slack || b < least {
					s.sum[f] = -1
					continue
				}
				s.sum[f] = 0
				met = append(met, f)
			}
			if s.sum[f] >= 0 {
				s.sum[f] += h.w
			}
		}
	}
	// While the forms that can still be close are many, reading the next
	// bigram's postings for them costs less than comparing them all, and
	// tightens the bound of every one.
	for {
		alive := met[:0]
		for _, f := range met {
			if s.sum[f]+after[read] >= 0.3*(a+np.w[f])*slack {
				alive = append(alive, f)
			} else {
				s.sum[f] = -1
			}
		}
		met = alive
		if read == len(hs) || len(met) == 0 || len(np.bigram[hs[read].g]) > readRatio*len(met) {
			break
		}
		w := hs[read].w
		for _, f := range np.bigram[hs[read].g] {
			if s.at[f] == seen && s.sum[f] >= 0 {
				s.sum[f] += w
			}
		}
		read++
	}
	// With no bigram twice in the form, what a form was found under is
	// what it shares of the bigrams read, so a form whose share of those
	// alone is enough is close without comparing.
	once := len(hs) == len(gx.g)
	for _, f := range met {
		b := np.w[f]
		if once && s.sum[f] >= 0.3*(a+b)*(2-slack) {
			take(np.owners[f])
			continue
		}
		// dice's merge: what the two forms share, each bigram as often
		// as both hold it.
		gy := np.grams[np.off[f]:np.off[f+1]]
		common := 0.0
		for i, j := 0, 0; i < len(gx.g) && j < len(gy); {
			switch {
			case gx.g[i] == gy[j]:
				common += gx.wt[i]
				i++
				j++
			case gx.g[i] < gy[j]:
				i++
			default:
				j++
			}
		}
		if 2*common/(a+b) >= 0.6*slack {
			take(np.owners[f])
		}
	}
	s.met = met
}

// readRatio is how many postings close reads rather than compare one form
// exactly: reading a posting takes a few nanoseconds, comparing a form
// some hundred.
const readRatio = 16

// stamps mark what one match has taken — enterprises, name forms — with
// the match's own number, so that nothing is cleared between matches (a
// register's worth of marks is too much to allocate per notification).
type stamps struct {
	at  []uint32
	now uint32
	sum []float64 // what a name form shares, as far as read
	met []int32   // the name forms met
}

// next returns the number that marks this use, n marks being needed.
func (s *stamps) next(n int) uint32 {
	if len(s.at) < n {
		s.at = make([]uint32, n)
		s.now = 0
	}
	s.now++
	if s.now == 0 { // wrapped: old marks could pass for new ones
		clear(s.at)
		s.now = 1
	}
	return s.now
}

var marks = sync.Pool{New: func() any { return &stamps{} }}

// lowerBound is the index of the first day of the sorted days ds not
// before d (len(ds) when all are).
func lowerBound(ds []int32, d int32) int {
	lo, hi := 0, len(ds)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if ds[m] < d {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
