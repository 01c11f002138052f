package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"math/bits"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"riskgate/internal/search"
)

// Posting lists (migration 0041): for each kind, term and block of
// postingBlock document ids, the ids of the documents of that kind that
// hold the term, as a sorted array of offsets when there are few and a
// bitmap when there are many; a row per write that added any (the rows of
// a block and term are or-ed when read). A search intersects the blocks of its terms
// from the newest down and stops when it has its limit: two common words
// that never occur together cost a few hundred small rows, where the GIN
// index (or FTS5) decodes every posting of both. The bits are candidates,
// each tested against the query before it is returned, so stale bits (a
// replaced document's old terms) cost a test and change no answer.

const (
	postingShift = 12
	postingBlock = 1 << postingShift // ids a row covers
	postingDense = 256               // members from which a row is a bitmap
)

// block is one row's members as a bitmap, bit i for offset i.
type block [postingBlock / 64]uint64

// decodeBlock reads a row's ids column into b (or-ing its members in):
// one byte of form, then for form 0 offsets (big-endian uint16), for form
// 1 a bitmap of postingBlock bits (bit i is byte i/8, most significant bit
// first).
func decodeBlock(b *block, raw []byte) {
	if len(raw) == 0 {
		return
	}
	switch raw[0] {
	case 0:
		for p := raw[1:]; len(p) >= 2; p = p[2:] {
			off := binary.BigEndian.Uint16(p) & (postingBlock - 1)
			b[off>>6] |= 1 << (off & 63)
		}
	case 1:
		for i := 0; i < len(b) && 1+8*i+8 <= len(raw); i++ {
			// Bit i of the bitmap is byte i/8, most significant bit first.
			b[i] = uint64(bits.Reverse8(raw[1+8*i])) | uint64(bits.Reverse8(raw[2+8*i]))<<8 |
				uint64(bits.Reverse8(raw[3+8*i]))<<16 | uint64(bits.Reverse8(raw[4+8*i]))<<24 |
				uint64(bits.Reverse8(raw[5+8*i]))<<32 | uint64(bits.Reverse8(raw[6+8*i]))<<40 |
				uint64(bits.Reverse8(raw[7+8*i]))<<48 | uint64(bits.Reverse8(raw[8+8*i]))<<56 | b[i]
		}
	}
}

// encodeBlock writes b as a row's ids column: offsets when it has fewer
// than postingDense members, else the bitmap.
func encodeBlock(b *block) []byte {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	if n < postingDense {
		out := make([]byte, 1, 1+2*n)
		for i, w := range b {
			for w != 0 {
				k := bits.TrailingZeros64(w)
				w &= w - 1
				out = binary.BigEndian.AppendUint16(out, uint16(i*64+k))
			}
		}
		return out
	}
	out := make([]byte, 1+postingBlock/8)
	out[0] = 1
	for i, w := range b {
		for j := range 8 {
			out[1+8*i+j] = bits.Reverse8(byte(w >> (8 * j)))
		}
	}
	return out
}

// postingDoc is a stored document's id with its terms.
type postingDoc struct {
	kind  string
	id    int64
	terms []string
}

// postingKey is a row of search_postings: part tells apart the rows of
// the same kind, term and block that different writes added.
type postingKey struct {
	kind  string
	chunk int64
	term  string
	part  int64
}

// postingsAdd records that each document holds its terms: one new row per
// kind, term and block of the documents, never an update, so that writers
// neither read nor lock rows, and leave no dead row versions behind (an
// update per write of the rows of the common words of the newest block
// had bloated them; PostgreSQL's GIN index has its pending list for the
// same reason). Each row's part is random; should one be taken (one in
// 2^62 for each pair of rows), that row is written again with another.
func postingsAdd(ctx context.Context, tx *Tx, docs []postingDoc) error {
	adds := map[postingKey]*block{}
	for _, d := range docs {
		chunk, off := d.id>>postingShift, d.id&(postingBlock-1)
		for _, t := range d.terms {
			k := postingKey{kind: d.kind, chunk: chunk, term: t}
			b := adds[k]
			if b == nil {
				b = new(block)
				adds[k] = b
			}
			b[off>>6] |= 1 << (off & 63)
		}
	}
	keys := make([]postingKey, 0, len(adds))
	vals := make([][]byte, 0, len(adds))
	for k, b := range adds {
		keys = append(keys, k)
		vals = append(vals, encodeBlock(b))
	}
	for len(keys) > 0 {
		for i := range keys {
			keys[i].part = 1 + rand.Int64N(1<<62)
		}
		stored := make(map[postingKey]bool, len(keys))
		err := tx.db.d.upsertPostings(ctx, tx, keys, vals, ` ON CONFLICT (kind, term, chunk, part) DO NOTHING RETURNING kind, term, chunk, part`,
			func(rows *sql.Rows) error {
				var k postingKey
				if err := rows.Scan(&k.kind, &k.term, &k.chunk, &k.part); err != nil {
					return err
				}
				stored[k] = true
				return nil
			})
		if err != nil {
			return err
		}
		n := 0
		for i, k := range keys {
			if !stored[k] {
				keys[n], vals[n] = k, vals[i]
				n++
			}
		}
		keys, vals = keys[:n], vals[:n]
	}
	return nil
}

// termsOf returns the distinct terms of text.
func termsOf(text string) []string {
	return slices.Compact(slices.Sorted(slices.Values(search.Terms(text))))
}

// searchPostings answers a search from the posting lists of its whole
// terms: it reads the blocks of those terms, a window of blocks at a time
// from the newest down (each window four times the last), intersects
// them, and tests the candidates, newest first, against the whole query
// (prefix terms too) until it has limit. ok is false when the query has
// no whole term, or when so many candidates failed the test that the
// query is better asked of the full-text index.
func (db *DB) searchPostings(ctx context.Context, kind string, public bool, q search.Query, limit int) (refs []int64, ok bool, err error) {
	var terms []string
	for _, t := range q.Terms {
		if !t.Prefix {
			terms = append(terms, t.Text)
		}
	}
	if len(terms) == 0 || limit <= 0 {
		return nil, false, nil
	}
	var top int64
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM search_docs`).Scan(&top); err != nil {
		return nil, false, err
	}
	in, termArg := db.d.textIn(terms, 4)
	// A term no document of kind holds (no row at all: the lists are
	// complete) answers at once, without reading the others' blocks.
	var absent int
	if err := db.queryRow(ctx, `SELECT count(*) FROM `+db.d.textList(2)+` WHERE NOT EXISTS
		(SELECT 1 FROM search_postings p WHERE p.kind = $1 AND p.term = t.term)`, kind, termArg).Scan(&absent); err != nil {
		return nil, false, err
	}
	if absent > 0 {
		return nil, true, nil
	}
	seen := make(map[string]int, len(terms)) // a term's bit in found.seen
	for i, t := range terms {
		seen[t] = i
	}
	tested := 0
	var pending []int64 // candidates not tested yet, newest first
	batch := 2 * limit  // candidates tested at once, doubling
	test := func() error {
		if len(pending) == 0 {
			return nil
		}
		got, err := db.searchTest(ctx, q, kind, public, pending)
		tested += len(pending)
		pending = pending[:0]
		refs = append(refs, got...)
		batch = min(2*batch, 1000)
		return err
	}
	width := int64(4)
	for hi, lo := top>>postingShift, int64(0); hi >= 0 && len(refs) < limit; hi = lo - 1 {
		lo = max(hi-width+1, 0)
		rows, err := db.query(ctx, `SELECT term, chunk, ids FROM search_postings WHERE kind = $1 AND chunk BETWEEN $2 AND $3 AND term `+in,
			kind, lo, hi, termArg)
		if err != nil {
			return nil, false, err
		}
		// A block's rows of a term are or-ed, the terms and-ed.
		type found struct {
			terms []block
			seen  int
		}
		chunks := map[int64]*found{}
		for rows.Next() {
			var term string
			var chunk int64
			var raw []byte
			if err := rows.Scan(&term, &chunk, &raw); err != nil {
				rows.Close()
				return nil, false, err
			}
			f := chunks[chunk]
			if f == nil {
				f = &found{terms: make([]block, len(terms))}
				chunks[chunk] = f
			}
			decodeBlock(&f.terms[seen[term]], raw)
			f.seen |= 1 << seen[term]
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
		all := 1<<len(terms) - 1
		for c := hi; c >= lo && len(refs) < limit; c-- {
			f := chunks[c]
			if f == nil || f.seen != all {
				continue
			}
			both := f.terms[0]
			for _, b := range f.terms[1:] {
				for i := range both {
					both[i] &= b[i]
				}
			}
			for i := len(both) - 1; i >= 0 && len(refs) < limit; i-- {
				for w := both[i]; w != 0; {
					k := 63 - bits.LeadingZeros64(w)
					w &^= 1 << k
					pending = append(pending, c<<postingShift|int64(i*64+k))
					if len(pending) >= batch {
						if err := test(); err != nil {
							return nil, false, err
						}
						if len(refs) >= limit {
							break
						}
						if tested-len(refs) > searchMisses {
							return nil, false, nil
						}
					}
				}
			}
		}
		if err := test(); err != nil {
			return nil, false, err
		}
		if tested-len(refs) > searchMisses {
			return nil, false, nil
		}
		width *= 4
	}
	if len(refs) > limit {
		refs = refs[:limit]
	}
	return refs, true, nil
}

// searchMisses is how many candidates may fail the test (a prefix term
// not held, or stale bits) before a search leaves the posting lists for
// the full-text index.
const searchMisses = 2000

// searchTest returns the refs of the documents of ids (newest first) that
// are of kind (public when public is set) and match q, in the order of
// ids.
func (db *DB) searchTest(ctx context.Context, q search.Query, kind string, public bool, ids []int64) ([]int64, error) {
	query, args := db.d.searchTestQuery(q, kind, public, ids)
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]int64, len(ids))
	for rows.Next() {
		var id, ref int64
		var terms sql.NullString
		if err := rows.Scan(&id, &ref, &terms); err != nil {
			return nil, err
		}
		if !terms.Valid || holds(terms.String, q) {
			byID[id] = ref
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []int64
	for _, id := range ids {
		if ref, ok := byID[id]; ok {
			out = append(out, ref)
		}
	}
	return out, nil
}

// holds reports whether a document of terms (space-separated) holds
// every term of q: a whole term as one of them, a prefix term as the
// start of one.
func holds(terms string, q search.Query) bool {
	have := strings.Fields(terms)
	for _, t := range q.Terms {
		if !slices.ContainsFunc(have, func(h string) bool { return h == t.Text || (t.Prefix && strings.HasPrefix(h, t.Text)) }) {
			return false
		}
	}
	return true
}

// jsonList is xs as a JSON array, for SQLite's json_each.
func jsonList[T any](xs []T) string {
	b, _ := json.Marshal(xs)
	return string(b)
}

// int64List is ids as a PostgreSQL array literal.
func int64List(ids []int64) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('}')
	return b.String()
}
