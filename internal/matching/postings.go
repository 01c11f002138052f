package matching

import (
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
	// bigram holds the character bigrams of the enterprises' name forms
	// and of the manufacturers they declared; names of one character are
	// under whole.
	bigram map[string][]int32
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
		bigram: map[string][]int32{}, market: map[string][]int32{}, marketDays: map[string][]int32{}, marketOff: map[string][]int32{}, declared: map[string]bool{}}
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
	putName := func(form string, i int32) {
		r := []rune(form)
		if len(r) < 2 {
			put(p.bigram, "\x00"+form, i)
			return
		}
		for j := 0; j+1 < len(r); j++ {
			put(p.bigram, string(r[j:j+2]), i)
		}
	}
	for k, pr := range ps {
		i := int32(k)
		put(p.uscc, pr.e.USCC, i)
		for _, n := range pr.names {
			putName(n, i)
		}
		for form := range pr.brandNames {
			put(p.brand, form, i)
		}
		for _, l := range pr.lines {
			put(p.uscc, l.ManufacturerUSCC, i)
			put(p.gtin, l.gtin, i)
			put(p.model, l.model, i)
			for _, m := range l.models {
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
			for _, m := range l.makers {
				putName(m, i)
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
		f(p.market[dest+"|"+h])
	}
}

// marketOf counts the firms that shipped goods under the headings to dest
// in the marketWindow before notified (at any time when notified is
// unknown): a firm that first shipped there after the notification, or
// stopped years before, is no rival of the firm that shipped in the weeks
// before.
func (p *postings) marketOf(dest string, heads []string, notified time.Time) market {
	seen := map[int32]bool{}
	from, to := int32(math.MinInt32), int32(math.MaxInt32)
	if !notified.IsZero() {
		to = int32(notified.Unix() / 86400)
		from = to - int32(marketWindow/(24*time.Hour))
	}
	for _, h := range heads {
		if len(h) > 4 {
			h = h[:4]
		}
		k := dest + "|" + h
		ds, off := p.marketDays[k], p.marketOff[k]
		for j, i := range p.market[k] {
			// The firm's days, sorted; an unknown day sorts first and
			// counts in any window.
			first, end := ds[off[j]], off[j+1]
			switch {
			case first > to:
			case first == unknownDay || first >= from || ds[end-1] >= from && ds[int(off[j])+lowerBound(ds[off[j]:end], from)] <= to:
				seen[i] = true
			}
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
	seen := map[int32]bool{}
	take := func(l []int32) {
		for _, i := range l {
			seen[i] = true
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
		take(p.closeNames(n, &ix.gw, len(ix.profiles)))
	}
	if q.market.strength > 0 && min <= withoutIdentifiers(q.market) {
		p.eachMarket(q.market.dest, q.market.heads, take)
	}
	ids := make([]int32, 0, len(seen))
	for i := range seen {
		ids = append(ids, i)
	}
	slices.Sort(ids)
	out := make([]*profile, len(ids))
	for k, i := range ids {
		out[k] = ix.profiles[i]
	}
	return out
}

// closeNames returns the enterprises whose names can be within weighted
// Dice similarity 0.6 of a name form: a close name shares bigrams of weight
// C with 2C/(A+B) ≥ 0.6 and C ≤ B, so C ≥ 3A/7 for a form of weight A. The
// weights of the form's bigrams found in each enterprise's postings (times
// how often the form repeats them, a bound on what they share) are summed
// per enterprise, and those that reach 3A/7 are returned; the exact
// similarity is computed when they are scored.
func (p *postings) closeNames(form string, gw *gramWeights, profiles int) []int32 {
	r := []rune(form)
	if len(r) < 2 {
		return p.bigram["\x00"+form]
	}
	times := map[string]int{}
	total := 0.0
	var order []string
	for j := 0; j+1 < len(r); j++ {
		g := string(r[j : j+2])
		if times[g] == 0 {
			order = append(order, g)
		}
		times[g]++
		total += gw.weight(pack(r[j], r[j+1]))
	}
	need := 3 * total / 7 * (1 - 1e-9) // what rounding may leave out
	s := sums.Get().(*sumBuf)
	defer sums.Put(s)
	if len(s.acc) < profiles {
		s.acc = make([]float64, profiles)
	}
	var out []int32
	for _, g := range order {
		rs := []rune(g)
		w := gw.weight(pack(rs[0], rs[1])) * float64(times[g])
		for _, i := range p.bigram[g] {
			before := s.acc[i]
			if before == 0 {
				s.touched = append(s.touched, i)
			}
			s.acc[i] += w
			if before < need && s.acc[i] >= need {
				out = append(out, i)
			}
		}
	}
	for _, i := range s.touched {
		s.acc[i] = 0
	}
	s.touched = s.touched[:0]
	return out
}

// sumBuf is closeNames' per-enterprise sums, kept for the next match (a
// register's worth of numbers is too much to allocate per notification).
type sumBuf struct {
	acc     []float64
	touched []int32
}

var sums = sync.Pool{New: func() any { return &sumBuf{} }}

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
