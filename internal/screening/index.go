package screening

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"hash"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// field names a field of a scope.
type field uint8

const (
	fGTIN field = iota
	fBatch
	fUSCC
	fModel
	fBrand
	fMaker
	fHS
	fKeyword
	fCountry
	fPort
	fTradeMode
	nFields
)

// Index is an immutable, compiled rule set. Each rule is filed under one
// field it sets — the most selective — and a line collects the rules filed
// under its own values, then checks them fully.
//
// Compiled: every value a rule names is interned as an integer id per
// field (HS prefixes as the nodes of a trie of digits, keywords as the
// patterns of a byte automaton), and each rule's scope is a short list of
// ids. A line's values are looked up once; checking a candidate is then
// comparing integers, and nothing is allocated.
type Index struct {
	rules  []Rule
	credit Credit
	salt   []byte
	// reports that may relieve lines, filed by "u:"+USCC and
	// "d:"+declaration number (SetReports).
	reports   []Report
	reportsBy map[string][]int32
	Version   int64
	BuiltAt   time.Time

	// ids interns the values the rules name, per field: the values
	// themselves for GTINs, batches, USCCs, countries, ports and trade
	// modes; for models, brands and makers, a key two values share exactly
	// when strings.EqualFold holds (foldKey). Ids start at 1: 0 is a value
	// no rule names.
	ids [nFields]map[string]uint32
	// The rules are filed in posting lists: for each rule, its number, the
	// length of its compiled scope and the compiled scope — a sequence of
	// (field, n, n ids) — less the field the list implies the line meets.
	//
	// byID files the rules anchored on an exact field under the value's id.
	byID [nFields][][]uint32
	// byFold files the rules anchored on a model, brand or maker under the
	// value lowered and trimmed.
	byFold [nFields]map[string][]uint32
	// asciiFold answers both lookups of a model, brand or maker in ASCII
	// without spaces around it in one: under the value lowered, the list
	// byFold files under it and the id of its fold key (the value in upper
	// case).
	asciiFold [nFields]map[string]foldEntry
	hs        hsTrie
	// kw finds every keyword of every rule in a product name; kwAnchored
	// files the rules anchored on keywords under the keyword's id.
	kw         *byteMatcher
	kwAnchored [][]uint32
	// runeKW files, as the engine did before it was compiled, the rules
	// anchored on keywords of which one is empty or not valid UTF-8: found
	// by the rune automaton over every anchored keyword, which finds such
	// keywords otherwise than strings.Contains (it reads bytes that are not
	// UTF-8 as U+FFFD, and finds the empty keyword only where its state
	// returns to the root). Nil when there are none.
	runeKW      *matcher
	runeKWRules [][]uint32
	// hot holds what a matched rule gives its line, in 64 bytes a rule
	// instead of the Rule's few hundred.
	hot []ruleHot
	// order is each rule's place in the order of reasons (warning number,
	// measure, rule).
	order   []int32
	scratch sync.Pool
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Build compiles rules, with the credit data and the sampling salt.
func Build(rules []Rule, credit Credit, salt []byte, version int64) *Index {
	ix := &Index{rules: rules, credit: credit, salt: salt, Version: version}
	for f := range ix.ids {
		ix.ids[f] = map[string]uint32{}
	}
	for _, f := range []field{fModel, fBrand, fMaker} {
		ix.byFold[f] = map[string][]uint32{}
	}
	ix.hs.init()
	var keywords []string
	kwIDs := map[string]uint32{}
	keyword := func(k string) uint32 {
		id, ok := kwIDs[k]
		if !ok {
			id = uint32(len(keywords))
			kwIDs[k] = id
			keywords = append(keywords, k)
		}
		return id
	}
	var key []byte
	intern := func(f field, v string) uint32 {
		if f == fModel || f == fBrand || f == fMaker {
			key = foldKey(key[:0], v)
			v = string(key)
		}
		id, ok := ix.ids[f][v]
		if !ok {
			id = uint32(len(ix.ids[f]) + 1)
			ix.ids[f][v] = id
		}
		return id
	}
	// runeKWList: the keywords rules are anchored on, as the engine listed
	// them; oddKW: one of those lists holds the empty keyword or one that
	// is not UTF-8.
	var runeKWList []string
	oddKW := false
	runeKWIndex := map[string]int{}
	var code, ids []uint32
	for i := range rules {
		sc := &rules[i].Scope
		// The compiled scope, in the order matches checked it.
		code = code[:0]
		emit := func(f field, vals []string, each func(string) uint32) {
			if len(vals) == 0 {
				return
			}
			ids = ids[:0]
			for _, v := range vals {
				ids = append(ids, each(v))
			}
			code = append(code, uint32(f), uint32(len(ids)))
			code = append(code, ids...)
		}
		exact := func(f field) func(string) uint32 { return func(v string) uint32 { return intern(f, v) } }
		emit(fHS, sc.HSPrefixes, func(p string) uint32 { return uint32(ix.hs.insert(p)) })
		emit(fGTIN, sc.GTINs, exact(fGTIN))
		emit(fBatch, sc.Batches, exact(fBatch))
		emit(fUSCC, sc.USCCs, exact(fUSCC))
		emit(fModel, sc.Models, exact(fModel))
		emit(fBrand, sc.Brands, exact(fBrand))
		emit(fMaker, sc.Makers, exact(fMaker))
		emit(fKeyword, sc.Keywords, keyword)
		emit(fCountry, sc.Countries, exact(fCountry))
		emit(fPort, sc.Ports, exact(fPort))
		emit(fTradeMode, sc.TradeModes, exact(fTradeMode))

		// post files the rule in a list: its number, then its compiled
		// scope without the field the list implies (nFields: none).
		post := func(list *[]uint32, implied field) {
			*list = append(*list, uint32(i), 0)
			at := len(*list)
			for c := code; len(c) > 0; {
				f, n := field(c[0]), int(c[1])
				if f != implied {
					*list = append(*list, c[:2+n]...)
				}
				c = c[2+n:]
			}
			(*list)[at-1] = uint32(len(*list) - at)
		}
		// The anchor: the first field the scope sets, in this order.
		byID := func(f field, vals []string) bool {
			for _, v := range vals {
				n := intern(f, v)
				for len(ix.byID[f]) <= int(n) {
					ix.byID[f] = append(ix.byID[f], nil)
				}
				post(&ix.byID[f][n], f)
			}
			return len(vals) > 0
		}
		byFold := func(f field, vals []string) bool {
			for _, v := range vals {
				// fold and EqualFold differ: the lists found by fold hold
				// the whole scope.
				list := ix.byFold[f][fold(v)]
				post(&list, nFields)
				ix.byFold[f][fold(v)] = list
			}
			return len(vals) > 0
		}
		switch {
		case byID(fGTIN, sc.GTINs), byID(fBatch, sc.Batches), byID(fUSCC, sc.USCCs),
			byFold(fModel, sc.Models), byFold(fBrand, sc.Brands), byFold(fMaker, sc.Makers):
		case len(sc.HSPrefixes) > 0:
			for _, p := range sc.HSPrefixes {
				// A line looks its code up from two digits on.
				if len(p) >= 2 {
					post(&ix.hs.nodes[ix.hs.insert(p)].anchored, fHS)
				}
			}
		case len(sc.Keywords) > 0:
			odd := slices.ContainsFunc(sc.Keywords, func(k string) bool { return k == "" || !utf8.ValidString(k) })
			for _, k := range sc.Keywords {
				n, ok := runeKWIndex[k]
				if !ok {
					n = len(runeKWList)
					runeKWIndex[k] = n
					runeKWList = append(runeKWList, k)
					ix.runeKWRules = append(ix.runeKWRules, nil)
				}
				if odd {
					post(&ix.runeKWRules[n], nFields)
					oddKW = true
					continue
				}
				id := keyword(k)
				for len(ix.kwAnchored) <= int(id) {
					ix.kwAnchored = append(ix.kwAnchored, nil)
				}
				post(&ix.kwAnchored[id], fKeyword)
			}
		case byID(fCountry, sc.Countries), byID(fPort, sc.Ports), byID(fTradeMode, sc.TradeModes):
		}
	}
	for f := range ix.byID {
		for len(ix.byID[f]) <= len(ix.ids[f]) {
			ix.byID[f] = append(ix.byID[f], nil)
		}
	}
	if len(keywords) > 0 {
		ix.kw = newByteMatcher(keywords)
		for len(ix.kwAnchored) < len(keywords) {
			ix.kwAnchored = append(ix.kwAnchored, nil)
		}
	}
	if oddKW {
		ix.runeKW = newMatcher(runeKWList)
	} else {
		ix.runeKWRules = nil
	}
	ix.pack()
	for _, f := range []field{fModel, fBrand, fMaker} {
		m := map[string]foldEntry{}
		for k, l := range ix.byFold[f] {
			if isASCII(k) {
				e := m[k]
				e.list = l
				m[k] = e
			}
		}
		for k, id := range ix.ids[f] {
			if isASCII(k) {
				lk := strings.ToLower(k)
				e := m[lk]
				e.id = id
				m[lk] = e
			}
		}
		ix.asciiFold[f] = m
	}
	ix.hot = make([]ruleHot, len(rules))
	for i := range rules {
		r := &rules[i]
		ix.hot[i] = ruleHot{why: r.Why, warningNumber: r.WarningNumber, measureID: r.MeasureID, decision: r.Decision,
			special: !r.From.IsZero() || !r.Until.IsZero() || r.sampled() || r.Relief != nil}
	}
	ix.order = make([]int32, len(rules))
	byReason := make([]int32, len(rules))
	for i := range byReason {
		byReason[i] = int32(i)
	}
	slices.SortFunc(byReason, func(a, b int32) int {
		x, y := &rules[a], &rules[b]
		return cmp.Or(strings.Compare(x.WarningNumber, y.WarningNumber), cmp.Compare(x.MeasureID, y.MeasureID), cmp.Compare(a, b))
	})
	for place, r := range byReason {
		ix.order[r] = int32(place)
	}
	nHS, nKW, nRules := len(ix.hs.nodes), len(keywords), len(rules)
	ix.scratch.New = func() any {
		return &scratch{hsSeen: make([]uint32, nHS), kwSeen: make([]uint32, nKW), ruleSeen: make([]uint32, nRules)}
	}
	return ix
}

// pack copies the posting lists into one array, without the slack their
// appends left: a line reads its lists from a few places in memory, not
// from as many allocations. The HS lists go first, depth first, so that
// the lists on one code's path lie near one another.
func (ix *Index) pack() {
	var lists []*[]uint32
	walked := make([]bool, len(ix.hs.nodes))
	var walk func(n int32)
	walk = func(n int32) {
		walked[n] = true
		lists = append(lists, &ix.hs.nodes[n].anchored)
		for _, c := range ix.hs.nodes[n].digit {
			if c != 0 {
				walk(c)
			}
		}
	}
	walk(0)
	for n := range ix.hs.nodes {
		if !walked[n] { // below a byte other than a digit
			lists = append(lists, &ix.hs.nodes[n].anchored)
		}
	}
	for f := range ix.byID {
		for i := range ix.byID[f] {
			lists = append(lists, &ix.byID[f][i])
		}
	}
	for i := range ix.kwAnchored {
		lists = append(lists, &ix.kwAnchored[i])
	}
	for i := range ix.runeKWRules {
		lists = append(lists, &ix.runeKWRules[i])
	}
	total := 0
	for _, l := range lists {
		total += len(*l)
	}
	for _, m := range ix.byFold {
		for _, l := range m {
			total += len(l)
		}
	}
	arena := make([]uint32, 0, total)
	put := func(l []uint32) []uint32 {
		if len(l) == 0 {
			return nil
		}
		at := len(arena)
		arena = append(arena, l...)
		return arena[at:len(arena):len(arena)]
	}
	for _, l := range lists {
		*l = put(*l)
	}
	for _, m := range ix.byFold {
		for k, l := range m {
			m[k] = put(l)
		}
	}
}

// Rules returns the number of rules in the index.
func (ix *Index) Rules() int { return len(ix.rules) }

// foldKey appends to dst a key two strings share exactly when
// strings.EqualFold holds: each rune (U+FFFD for a byte that is not
// UTF-8, as EqualFold reads it) replaced by the least rune of its case
// orbit (unicode.SimpleFold).
func foldKey(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if caseless(r) {
			dst = append(dst, s[i-n:i]...)
			continue
		}
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		dst = utf8.AppendRune(dst, least)
	}
	return dst
}

// ruleHot is what a matched rule gives its line; special sends the
// screening to the Rule for its date window, sampling rate or relief.
type ruleHot struct {
	why, warningNumber string
	measureID          risk.ID
	decision           Decision
	special            bool
}

// foldEntry is what a model, brand or maker in ASCII finds (asciiFold).
type foldEntry struct {
	list []uint32
	id   uint32
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// caseless reports whether r is in the ranges of CJK punctuation, kana
// and ideographs, where no rune has a case (TestCaselessRanges): such a
// rune is its own fold key and its own lower case.
func caseless(r rune) bool {
	return r >= 0x3000 && r <= 0x30ff || r >= 0x3400 && r <= 0x9fff
}

// lowerFree reports whether strings.ToLower(s) is s, for text in ASCII
// and caseless runes (false: not known).
func lowerFree(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || !caseless(r) {
			return false
		}
		i += n
	}
	return true
}

// hsTrie holds the HS prefixes the rules name, a node per prefix; the
// root (node 0) is the empty prefix.
type hsTrie struct {
	nodes []hsNode         // node 0 is the root
	other map[uint64]int32 // node<<8 | byte → child, for other bytes
}

// hsNode is a node of the trie: 64 bytes, a cache line, for a step of the
// walk reads both.
type hsNode struct {
	digit    [10]int32 // its child on '0'…'9' (0: none)
	anchored []uint32  // the rules anchored on its prefix (a posting list)
}

func (t *hsTrie) init() {
	t.nodes, t.other = make([]hsNode, 1), map[uint64]int32{}
}

func (t *hsTrie) child(n int32, b byte) int32 {
	if b-'0' < 10 {
		return t.nodes[n].digit[b-'0']
	}
	return t.other[uint64(n)<<8|uint64(b)]
}

func (t *hsTrie) insert(p string) int32 {
	n := int32(0)
	for i := 0; i < len(p); i++ {
		c := t.child(n, p[i])
		if c == 0 {
			c = int32(len(t.nodes))
			t.nodes = append(t.nodes, hsNode{})
			if b := p[i]; b-'0' < 10 {
				t.nodes[n].digit[b-'0'] = c
			} else {
				t.other[uint64(n)<<8|uint64(b)] = c
			}
		}
		n = c
	}
	return n
}

// scratch is what screening a line needs besides the index, reused from
// line to line and declaration to declaration (Index.scratch).
type scratch struct {
	// stamp marks what the current line found: hsSeen[node], kwSeen[keyword]
	// and ruleSeen[rule] equal stamp for the HS prefixes on the line's code,
	// the keywords in its name and the rules it matched.
	stamp                    uint32
	hsSeen, kwSeen, ruleSeen []uint32
	val                      [nFields]uint32 // the line's value ids, for single-valued fields
	uscc                     [3]uint32       // consignor, consignee, manufacturer
	country                  [2]uint32       // origin, destination
	lastCountry              [2]struct {
		v  string
		id uint32
		ok bool
	}
	// lists are the posting lists of the line's values, declLists those of
	// its declaration's (consignor, consignee, port, trade mode).
	lists, declLists [][]uint32
	matched          []int32
	key              []byte
	mac              hash.Hash // under the index's salt
	msg, sum         []byte
}

func (s *scratch) next() {
	s.stamp++
	if s.stamp == 0 {
		clear(s.hsSeen)
		clear(s.kwSeen)
		clear(s.ruleSeen)
		s.stamp = 1
	}
	s.lists, s.matched = append(s.lists[:0], s.declLists...), s.matched[:0]
}

func (s *scratch) add(list []uint32) {
	if len(list) > 0 {
		s.lists = append(s.lists, list)
	}
}

// draw is Draw(salt, number, line), without allocating once warm.
func (s *scratch) draw(salt []byte, number string, line int) float64 {
	if s.mac == nil {
		s.mac = hmac.New(sha256.New, salt)
	}
	s.mac.Reset()
	s.msg = append(s.msg[:0], number...)
	s.msg = append(s.msg, '/')
	s.msg = strconv.AppendInt(s.msg, int64(line), 10)
	s.mac.Write(s.msg)
	s.sum = s.mac.Sum(s.sum[:0])
	return float64(binary.BigEndian.Uint64(s.sum[:8])>>11) / (1 << 53)
}

// exact returns the id of a value of an exact field (0: no rule names it).
func (ix *Index) exact(f field, v string) uint32 {
	if v == "" || len(ix.ids[f]) == 0 {
		return 0
	}
	return ix.ids[f][v]
}

// folded returns the id of a model, brand or maker, and adds the rules
// anchored on it to the candidates.
func (ix *Index) folded(s *scratch, f field, v string) uint32 {
	if v == "" || len(ix.byFold[f]) == 0 && len(ix.ids[f]) == 0 {
		return 0
	}
	if t := strings.TrimSpace(v); len(t) == len(v) && isASCII(v) {
		// fold(v) is v lowered; its fold key is v in upper case.
		key := v
		for i := 0; i < len(v); i++ {
			if c := v[i]; 'A' <= c && c <= 'Z' {
				s.key = append(s.key[:0], v...)
				for j := i; j < len(s.key); j++ {
					if c := s.key[j]; 'A' <= c && c <= 'Z' {
						s.key[j] = c + 'a' - 'A'
					}
				}
				e := ix.asciiFold[f][string(s.key)]
				s.add(e.list)
				return e.id
			}
		}
		e := ix.asciiFold[f][key]
		s.add(e.list)
		return e.id
	}
	if m := ix.byFold[f]; len(m) > 0 {
		// fold(v), without allocating for ASCII text.
		t := strings.TrimSpace(v)
		ascii, upper := true, false
		for i := 0; i < len(t); i++ {
			c := t[i]
			ascii = ascii && c < utf8.RuneSelf
			upper = upper || 'A' <= c && c <= 'Z'
		}
		switch {
		case t == "":
		case !ascii && lowerFree(t):
			s.add(m[t])
		case !ascii:
			s.add(m[strings.ToLower(t)])
		case !upper:
			s.add(m[t])
		default:
			s.key = append(s.key[:0], t...)
			for i, c := range s.key {
				if 'A' <= c && c <= 'Z' {
					s.key[i] = c + 'a' - 'A'
				}
			}
			s.add(m[string(s.key)])
		}
	}
	if len(ix.ids[f]) == 0 {
		return 0
	}
	s.key = foldKey(s.key[:0], v)
	return ix.ids[f][string(s.key)]
}

// declaration looks up the values a declaration gives all its lines.
func (ix *Index) declaration(s *scratch, d *Declaration) {
	s.declLists = s.declLists[:0]
	anchor := func(f field, v string) uint32 {
		n := ix.exact(f, v)
		if n != 0 && len(ix.byID[f][n]) > 0 {
			s.declLists = append(s.declLists, ix.byID[f][n])
		}
		return n
	}
	s.uscc[0] = anchor(fUSCC, d.ConsignorUSCC)
	s.uscc[1] = anchor(fUSCC, d.ConsigneeUSCC)
	s.val[fPort] = anchor(fPort, d.Port)
	s.val[fTradeMode] = anchor(fTradeMode, d.TradeMode)
}

// line looks up a line's values and collects the posting lists of its
// candidates in s.lists.
func (ix *Index) line(s *scratch, l *Line) {
	s.next()
	anchor := func(f field, v string) uint32 {
		n := ix.exact(f, v)
		if n != 0 {
			s.add(ix.byID[f][n])
		}
		return n
	}
	s.val[fGTIN] = anchor(fGTIN, l.GTIN)
	s.val[fBatch] = anchor(fBatch, l.Batch)
	s.uscc[2] = anchor(fUSCC, l.ManufacturerUSCC)
	s.val[fModel] = ix.folded(s, fModel, l.Model)
	s.val[fBrand] = ix.folded(s, fBrand, l.Brand)
	s.val[fMaker] = ix.folded(s, fMaker, l.Manufacturer)
	// The HS prefixes on the line's code: the root (the empty prefix),
	// then one node a digit.
	n := int32(0)
	s.hsSeen[0] = s.stamp
	for i := 0; i < len(l.HSCode); i++ {
		if n = ix.hs.child(n, l.HSCode[i]); n == 0 {
			break
		}
		s.hsSeen[n] = s.stamp
		s.add(ix.hs.nodes[n].anchored)
	}
	if m := ix.kw; m != nil {
		st := int32(0)
		for i := 0; i < len(l.Name); i++ {
			st = m.step(st, l.Name[i])
			for _, k := range m.out[m.outAt[st]:m.outAt[st+1]] {
				if s.kwSeen[k] != s.stamp {
					s.kwSeen[k] = s.stamp
					s.add(ix.kwAnchored[k])
				}
			}
		}
	}
	if ix.runeKW != nil && l.Name != "" {
		ix.runeKW.find(l.Name, func(k int32) { s.add(ix.runeKWRules[k]) })
	}
	// Lines repeat their countries: the last two looked up are kept.
	for i, v := range [2]string{l.Origin, l.Destination} {
		m := &s.lastCountry[i]
		if v != m.v || !m.ok {
			m.v, m.id, m.ok = v, ix.exact(fCountry, v), true
		}
		if s.country[i] = m.id; m.id != 0 {
			s.add(ix.byID[fCountry][m.id])
		}
	}
}

// holds reports whether the line in s meets every field of a compiled
// scope.
func (s *scratch) holds(code []uint32) bool {
	for len(code) > 0 {
		f, n := field(code[0]), int(code[1])
		ids := code[2 : 2+n]
		code = code[2+n:]
		ok := false
		switch f {
		case fHS:
			for _, id := range ids {
				if s.hsSeen[id] == s.stamp {
					ok = true
					break
				}
			}
		case fKeyword:
			for _, id := range ids {
				if s.kwSeen[id] == s.stamp {
					ok = true
					break
				}
			}
		case fUSCC:
			for _, id := range ids {
				if id == s.uscc[0] || id == s.uscc[1] || id == s.uscc[2] {
					ok = true
					break
				}
			}
		case fCountry:
			for _, id := range ids {
				if id == s.country[0] || id == s.country[1] {
					ok = true
					break
				}
			}
		default:
			for _, id := range ids {
				if id == s.val[f] {
					ok = true
					break
				}
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

// Screen decides a declaration. The result depends only on the index (its
// rules, credit data and salt) and the declaration: the same input gives
// the same output.
func (ix *Index) Screen(d *Declaration) Result {
	var res Result
	ix.ScreenInto(&res, d)
	return res
}

// ScreenInto is Screen writing the result into dst, reusing its lines and
// their reasons: a caller that screens declarations one after another
// into the same dst allocates nothing once dst has grown (a line drawn for
// a sampled measure or relieved by a report still formats its reason).
// What dst held before is overwritten.
func (ix *Index) ScreenInto(dst *Result, d *Declaration) {
	s := ix.scratch.Get().(*scratch)
	ix.screenWith(s, dst, d)
	ix.scratch.Put(s)
}

func (ix *Index) screenWith(s *scratch, dst *Result, d *Declaration) {
	dst.Number, dst.Decision, dst.Contingency = d.Number, Release, nil
	dst.Lines = dst.Lines[:cap(dst.Lines)]
	for len(dst.Lines) < len(d.Lines) {
		dst.Lines = append(dst.Lines, LineResult{})
	}
	dst.Lines = dst.Lines[:len(d.Lines)]
	ix.declaration(s, d)
	baseRate, tier := ix.credit.Rate(d.Responsible())
	random := "" // the reason of a random inspection, made once
	for i := range d.Lines {
		l := &d.Lines[i]
		lr := &dst.Lines[i]
		reasons := lr.Reasons[:0]
		if reasons == nil {
			reasons = []Reason{}
		}
		*lr = LineResult{Decision: Release, Rate: baseRate}
		ix.line(s, l)
		for _, list := range s.lists {
			for len(list) > 0 {
				id, n := list[0], list[1]
				code := list[2 : 2+n]
				list = list[2+n:]
				if !s.holds(code) || s.ruleSeen[id] == s.stamp {
					continue
				}
				s.ruleSeen[id] = s.stamp
				if ix.hot[id].special {
					r := &ix.rules[id]
					if (!r.From.IsZero() && d.DeclaredAt.Before(r.From)) || (!r.Until.IsZero() && !d.DeclaredAt.Before(r.Until)) {
						continue
					}
				}
				s.matched = append(s.matched, int32(id))
			}
		}
		// In the order of the reasons: by warning number, then measure.
		slices.SortFunc(s.matched, func(a, b int32) int { return cmp.Compare(ix.order[a], ix.order[b]) })
		drawn, draw := false, 0.0
		for _, id := range s.matched {
			h := &ix.hot[id]
			why, decision := h.why, h.decision
			if r := &ix.rules[id]; h.special && r.sampled() {
				lr.Rate = math.Max(lr.Rate, r.Rate)
				if !drawn {
					drawn, draw = true, s.draw(ix.salt, d.Number, i)
				}
				if draw >= r.Rate {
					continue
				}
				lr.Sampled = true
				if zh, en, ok := strings.Cut(why, " / "); ok {
					why = fmt.Sprintf("%s（抽中，比例 %.0f%%） / %s (sampled at %.0f%%)", zh, r.Rate*100, en, r.Rate*100)
				} else {
					why = fmt.Sprintf("%s（抽中，比例 %.0f%% / sampled at %.0f%%）", why, r.Rate*100, r.Rate*100)
				}
			}
			if r := &ix.rules[id]; h.special && r.Relief != nil {
				if use, awaiting := ix.relief(r, d, l); use != nil || awaiting != nil {
					why = reliefWhy(why, r, use, awaiting)
					if use != nil {
						decision = r.Relief.Decision
					}
				}
			}
			lr.Decision = Stricter(lr.Decision, decision)
			reasons = append(reasons, Reason{MeasureID: h.measureID, WarningNumber: h.warningNumber, Why: why})
		}
		// draw < baseRate cannot hold for a rate of 0 or less: the draw is
		// made only when it can.
		if baseRate > 0 {
			if !drawn {
				drawn, draw = true, s.draw(ix.salt, d.Number, i)
			}
			if draw < baseRate {
				lr.Sampled = true
				lr.Decision = Stricter(lr.Decision, Inspect)
				if random == "" {
					tierZh, tierEn := ix.credit.tierName(tier)
					random = fmt.Sprintf("随机抽查：信用等级 %s，比例 %s / random inspection: credit tier %s, rate %s", tierZh, pct(baseRate), tierEn, pct(baseRate))
				}
				// After the reasons of no warning and no measure above 0,
				// before the others.
				at := 0
				for at < len(reasons) && reasons[at].WarningNumber == "" && reasons[at].MeasureID <= 0 {
					at++
				}
				reasons = slices.Insert(reasons, at, Reason{Why: random})
			}
		}
		lr.Reasons = reasons
		dst.Decision = Stricter(dst.Decision, lr.Decision)
	}
}
