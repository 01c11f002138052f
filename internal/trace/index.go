package trace

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"riskgate/internal/epcis"
)

// OccurrenceSource is a store that reads occurrences in bulk, for an Index.
type OccurrenceSource interface {
	// Occurrences calls fn with each event not declared in error as an
	// occurrence (all its links and parties): those numbered ids, or all
	// of them when ids is nil.
	Occurrences(ctx context.Context, ids []int64, fn func(*Occurrence) error) error
}

// ChangeSource is an OccurrenceSource that numbers the captures in the
// order they commit, so that an index follows the captures of every
// process writing to the database.
type ChangeSource interface {
	OccurrenceSource
	// CaptureSeq returns the number of the latest capture committed (0:
	// none numbered yet): every capture numbered up to it has committed.
	CaptureSeq(ctx context.Context) (int64, error)
	// Changes returns what the captures numbered after `after`, up to
	// upto, did: the events they wrote that are not declared in error and
	// the events they declared in error; ok false (nothing read) when
	// their events would be more than max.
	Changes(ctx context.Context, after, upto int64, max int) (events, declared []int64, ok bool, err error)
}

// Index is the adjacency of identifiers to the occurrences naming them,
// kept in memory so that a trace walks without a query a level: a Loader
// answering exactly what the store's Around answers over the same events,
// and a Walk over its own arrays that answers as Walk over that Loader.
// It is built from the store (BuildIndex) and brought up to date before a
// trace (Service.FreshIndex): the captures numbered after the last it saw
// (ChangeSource) are read back from the store and their events added, and
// the events they declared in error are left out from then on. It holds
// the numbers only (no bodies, no pointers): a record an event of five
// words and a word a reference and a party, a 4-byte posting an item's
// event and 4 bytes an item number (an array by item number, no map) —
// about 72 bytes an event; past its maximum it stops (Usable false) and
// traces walk the store.
type Index struct {
	mu      sync.RWMutex
	catchMu sync.Mutex // held by the one catching up
	max     int
	usable  bool
	behind  bool  // not usable because too many events were captured at once: build it again
	seq     int64 // the captures numbered up to seq are in
	// The events, each a record in rec (ixEvent): its position is its
	// first word's index. at holds their positions in the order they were
	// added.
	rec []uint64
	at  []uint32
	// Which events name an item, without a pointer the garbage collector
	// would follow. The events indexed by BuildIndex: the positions in rec
	// of the events naming item lo+k are post[offs[k]:offs[k+1]], for the
	// items from lo up to the dense range's end (item numbers are drawn
	// from a sequence, so they are few more than the items). Those past it,
	// and the events added later, are in more: more[item] is 1 + the index
	// in posts of the item's first such posting, each posting an event's
	// position in rec and 1 + the index of the item's next posting (0: the
	// last).
	lo     int64
	offs   []uint32
	post   []uint32
	more   map[int64]uint32
	posts  []ixPost
	built  bool             // past BuildIndex's reading: add files postings in more
	sorted int              // at[:sorted] are in the order of their ids
	late   map[int64]uint32 // the positions of the events after at[:sorted], by id
	names  []string         // event types and actions, interned
	nameOf map[string]uint8
	// The interned codes the walk compares with.
	aggregation, association, transformation, delete uint8
}

// ixEvent is an event's record in Index.rec, decoded: a record is five
// words — the event's number, its time's seconds, its business location,
// a word of its time's nanoseconds (the low 32 bits), type (bits 32–39),
// action (40–47) and whether it was declared in error after it was
// indexed (bit 48: not traced), and a word of its numbers of references
// (low 32 bits) and parties — then its references (ixLink) and parties
// (the party, the top bit set for a destination), a word each. A walk
// reads an event's record from one place, a line or two.
type ixEvent struct {
	id, sec, loc   int64
	nsec           int32
	typ, action    uint8
	declared       bool
	links, parties []uint64
}

const (
	ixHead     = 5       // the words of a record's head
	ixDeclared = 1 << 48 // in the fourth word
	ixDest     = 1 << 63 // in a party's word
	ixItemBits = 56      // a reference's word: the item, then its role
)

// event decodes the record at pos.
func (x *Index) event(pos uint32) ixEvent {
	r := x.rec[pos:]
	w3, w4 := r[3], r[4]
	nl, np := uint32(w4), uint32(w4>>32)
	return ixEvent{id: int64(r[0]), sec: int64(r[1]), loc: int64(r[2]), nsec: int32(uint32(w3)), typ: uint8(w3 >> 32), action: uint8(w3 >> 40),
		declared: w3&ixDeclared != 0, links: r[ixHead : ixHead+nl : ixHead+nl], parties: r[ixHead+nl : ixHead+nl+np : ixHead+nl+np]}
}

// linkOf decodes a reference's word.
func linkOf(w uint64) ixLink {
	return ixLink{item: int64(w & (1<<ixItemBits - 1)), role: uint8(w >> ixItemBits)}
}

// partyOf decodes a party's word.
func partyOf(w uint64) PartyLink { return PartyLink{Party: int64(w &^ ixDest), Dest: w&ixDest != 0} }

// The roles as ixLink numbers them (their positions in ixRoles).
const (
	ixEPC uint8 = iota + 1
	ixParent
	ixChild
	ixInput
	ixOutput
)

type ixPost struct{ pos, next uint32 }

type ixLink struct {
	item int64
	role uint8
}

// DefaultIndexEvents is the most events an index holds unless told
// otherwise (about 1.5 GB).
const DefaultIndexEvents = 20_000_000

var ixRoles = []epcis.Role{"", epcis.RoleEPC, epcis.RoleParent, epcis.RoleChild, epcis.RoleInput, epcis.RoleOutput}

// BuildIndex reads every occurrence of src into a new index of at most
// maxEvents events (an index that would hold more is not usable). When src
// numbers its captures (ChangeSource), the index holds those numbered up
// to the latest committed before it began reading (and perhaps some
// after: catching up adds what it lacks).
func BuildIndex(ctx context.Context, src OccurrenceSource, maxEvents int) (*Index, error) {
	x := newIndex(maxEvents)
	if cs, ok := src.(ChangeSource); ok {
		seq, err := cs.CaptureSeq(ctx)
		if err != nil {
			return nil, err
		}
		x.seq = seq
	}
	err := src.Occurrences(ctx, nil, func(o *Occurrence) error {
		x.add(o)
		if !x.usable {
			return errIndexFull
		}
		return nil
	})
	if err != nil && err != errIndexFull {
		return nil, err
	}
	x.compact()
	return x, nil
}

// compact lays the postings of the events read by BuildIndex out by item
// (post, offs), each item's together in the order of its events; items
// numbered too far past the lowest, were there any, go in more.
func (x *Index) compact() {
	x.built = true
	x.rec = slices.Clone(x.rec) // without the room append left
	lo, hi, n := int64(1<<ixItemBits), int64(-1), 0
	for _, pos := range x.at {
		for _, w := range x.event(pos).links {
			item := linkOf(w).item
			lo, hi, n = min(lo, item), max(hi, item), n+1
		}
	}
	if n == 0 {
		return
	}
	// Room for four numbers a reference: 16 bytes a reference at most.
	span := min(uint64(hi-lo)+1, 4*uint64(n)+1024)
	x.lo, x.offs = lo, make([]uint32, span+1)
	// each calls fn with each event's position and the items it names
	// in the dense range, each once (an event may name one in two roles).
	each := func(fn func(pos uint32, k uint64)) {
		for _, pos := range x.at {
			links := x.event(pos).links
			for i, w := range links {
				item := linkOf(w).item
				k := uint64(item - lo)
				if k >= span || slices.ContainsFunc(links[:i], func(m uint64) bool { return linkOf(m).item == item }) {
					continue
				}
				fn(pos, k)
			}
		}
	}
	each(func(_ uint32, k uint64) { x.offs[k+1]++ })
	for k := range span {
		x.offs[k+1] += x.offs[k]
	}
	x.post = make([]uint32, x.offs[span])
	// offs[k] is item k's next free place while they are filled, then the
	// end of its postings: shifted, the start again.
	each(func(pos uint32, k uint64) {
		x.post[x.offs[k]] = pos
		x.offs[k]++
	})
	copy(x.offs[1:], x.offs[:span])
	x.offs[0] = 0
	for _, pos := range x.at {
		for _, w := range x.event(pos).links {
			if item := linkOf(w).item; uint64(item-lo) >= span {
				x.addPosting(item, pos)
			}
		}
	}
}

// addPosting files in more that the event at pos names item (once).
func (x *Index) addPosting(item int64, pos uint32) {
	if head := x.more[item]; head == 0 || x.posts[head-1].pos != pos {
		x.posts = append(x.posts, ixPost{pos: pos, next: head})
		x.more[item] = uint32(len(x.posts))
	}
}

// postings calls fn with the position of each event naming item.
func (x *Index) postings(item int64, fn func(pos uint32)) {
	if k := uint64(item - x.lo); k < uint64(len(x.offs)-1) {
		for _, pos := range x.post[x.offs[k]:x.offs[k+1]] {
			fn(pos)
		}
	}
	if len(x.more) > 0 {
		for p := x.more[item]; p != 0; p = x.posts[p-1].next {
			fn(x.posts[p-1].pos)
		}
	}
}

var errIndexFull = fmt.Errorf("trace: index full")

func newIndex(maxEvents int) *Index {
	x := &Index{max: maxEvents, usable: true, offs: []uint32{0}, more: map[int64]uint32{}, late: map[int64]uint32{}, nameOf: map[string]uint8{}}
	x.intern("")
	x.aggregation, x.association = x.intern(epcis.AggregationEvent), x.intern(epcis.AssociationEvent)
	x.transformation, x.delete = x.intern(epcis.TransformationEvent), x.intern("DELETE")
	return x
}

// find returns the position of the event numbered id.
func (x *Index) find(id int64) (uint32, bool) {
	if i, ok := slices.BinarySearchFunc(x.at[:x.sorted], id, func(pos uint32, id int64) int { return cmpInt(int64(x.rec[pos]), id) }); ok {
		return x.at[i], true
	}
	pos, ok := x.late[id]
	return pos, ok
}

// Usable reports whether the index answers (false: it outgrew MaxEvents or
// missed an update, and traces read the store).
func (x *Index) Usable() bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.usable
}

// Len returns the number of events indexed.
func (x *Index) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.at)
}

func (x *Index) intern(s string) uint8 {
	if n, ok := x.nameOf[s]; ok {
		return n
	}
	if len(x.names) == 255 {
		x.usable = false // never with the standard's types and actions
		return 0
	}
	x.names = append(x.names, s)
	x.nameOf[s] = uint8(len(x.names) - 1)
	return uint8(len(x.names) - 1)
}

// add indexes one occurrence (one indexed already is left as it is); the
// caller holds the lock (or owns x).
func (x *Index) add(o *Occurrence) {
	if _, ok := x.find(o.ID); ok {
		return
	}
	if len(x.at) >= x.max || len(o.Refs) > 65535 || len(o.Parties) > 65535 || len(x.rec)+ixHead+len(o.Refs)+len(o.Parties) > 1<<32-1 {
		x.usable = false
		return
	}
	pos := uint32(len(x.rec))
	x.rec = append(x.rec, uint64(o.ID), uint64(o.At.Unix()), uint64(o.BizLocation),
		uint64(uint32(o.At.Nanosecond()))|uint64(x.intern(o.Type))<<32|uint64(x.intern(o.Action))<<40, 0)
	for _, l := range o.Refs {
		role := uint8(slices.Index(ixRoles, l.Role))
		if role == 255 || l.Item < 0 || l.Item >= 1<<ixItemBits { // not a role the store writes, nor a number it draws
			x.rec = x.rec[:pos]
			x.usable = false
			return
		}
		w := uint64(l.Item) | uint64(role)<<ixItemBits
		if slices.Contains(x.rec[pos+ixHead:], w) {
			continue
		}
		x.rec = append(x.rec, w)
		if x.built {
			x.addPosting(l.Item, pos)
		}
	}
	nlink := uint32(len(x.rec)) - pos - ixHead
	for _, p := range o.Parties {
		if p.Party < 0 {
			x.rec = x.rec[:pos]
			x.usable = false
			return
		}
		w := uint64(p.Party)
		if p.Dest {
			w |= ixDest
		}
		x.rec = append(x.rec, w)
	}
	x.rec[pos+4] = uint64(nlink) | uint64(uint32(len(x.rec))-pos-ixHead-nlink)<<32
	if x.sorted == len(x.at) && (x.sorted == 0 || int64(x.rec[x.at[x.sorted-1]]) < o.ID) {
		x.sorted++
	} else {
		x.late[o.ID] = pos
	}
	x.at = append(x.at, pos)
}

// Around answers as the store's Around: the occurrences naming any of the
// items, events declared in error left out.
func (x *Index) Around(_ context.Context, items []int64) ([]*Occurrence, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	var out []*Occurrence
	done := map[uint32]bool{}
	for _, it := range items {
		x.postings(it, func(pos uint32) {
			if done[pos] {
				return
			}
			done[pos] = true
			e := x.event(pos)
			if e.declared {
				return
			}
			o := &Occurrence{ID: e.id, Type: x.names[e.typ], Action: x.names[e.action], At: time.Unix(e.sec, int64(e.nsec)).UTC(), BizLocation: e.loc,
				Refs: make([]Link, len(e.links))}
			for i, w := range e.links {
				l := linkOf(w)
				o.Refs[i] = Link{Item: l.item, Role: ixRoles[l.role]}
			}
			if len(e.parties) > 0 {
				o.Parties = make([]PartyLink, len(e.parties))
				for i, w := range e.parties {
					o.Parties[i] = partyOf(w)
				}
			}
			out = append(out, o)
		})
	}
	return out, nil
}

// CatchUpEvents is the most events an index reads to catch up with the
// captures it has not seen; past it the index is built again (a bulk load).
const CatchUpEvents = 200_000

// Seq returns the number of the last capture the index holds.
func (x *Index) Seq() int64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.seq
}

// catchUp brings the index up to the captures numbered up to seq: their
// new events (read back from src) and the events they declared in error.
// A failure to read leaves it as it was (the caller walks the store this
// time); too many events leave it not usable and behind.
func (x *Index) catchUp(ctx context.Context, src ChangeSource, seq int64) error {
	if x.Seq() >= seq {
		return nil
	}
	x.catchMu.Lock()
	defer x.catchMu.Unlock()
	from := x.Seq()
	if from >= seq { // another caught up meanwhile
		return nil
	}
	events, declared, ok, err := src.Changes(ctx, from, seq, CatchUpEvents)
	if err != nil {
		return err
	}
	if !ok {
		x.mu.Lock()
		x.usable, x.behind = false, true
		x.mu.Unlock()
		return nil
	}
	var occs []*Occurrence
	if len(events) > 0 {
		err = src.Occurrences(ctx, events, func(o *Occurrence) error {
			occs = append(occs, o)
			return nil
		})
		if err != nil {
			return err
		}
	}
	x.apply(occs, declared, seq)
	return nil
}

// apply adds occurrences (those indexed already are left as they are),
// leaves out the events declared in error from then on, and records that
// the index holds the captures up to seq.
func (x *Index) apply(occs []*Occurrence, declared []int64, seq int64) {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, o := range occs {
		if !x.usable {
			break
		}
		x.add(o)
	}
	for _, id := range declared {
		if pos, ok := x.find(id); ok {
			x.rec[pos+3] |= ixDeclared
		}
	}
	x.seq = max(x.seq, seq)
}
