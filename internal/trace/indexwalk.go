package trace

import (
	"context"
	"slices"
	"sync/atomic"
	"time"
)

// instant is a time as the index keeps it: seconds and nanoseconds since
// 1970 (time.Time's Before, After and IsZero answer alike over it).
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

var zeroInstant = instantOf(time.Time{})

func (a instant) isZero() bool { return a == zeroInstant }

func (a instant) before(b instant) bool { return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec }

// ixReached is reached (walk.go) for the index's walk: its item, and the
// item it came from as its position in the walk's list.
type ixReached struct {
	item         int64
	at           instant
	up           bool
	front, queue int32 // the level whose frontier holds it, that queued it
	from         Step
	prev         int32 // the position of the item the step came from; -1 for the start
}

// walkScratch is what a walk over the index works in, kept between walks
// (spareScratch) so that a walk allocates little more than its answer.
type walkScratch struct {
	seen     map[int64]int32 // item → its position in reach, past smallWalk items
	reach    []ixReached
	frontier []int64
	next     []int64
	evs      []uint32 // the positions of a level's events
	parties  []int64
	events   []int64
	plen     []int32
}

// spareScratch holds the scratch of the last walk that ended, for the next
// to start: one pointer to swap, its lines more likely in the caches than
// a sync.Pool's (a walk finding none, one running alongside, makes its own).
var spareScratch atomic.Pointer[walkScratch]

// smallWalk is the most items a walk finds among by a scan of its list;
// past it, it keeps them in a map too.
const smallWalk = 16

// find returns the position in reach of an item the walk reached.
func (s *walkScratch) find(item int64) (int32, bool) {
	if len(s.reach) <= smallWalk {
		for i := range s.reach {
			if s.reach[i].item == item {
				return int32(i), true
			}
		}
		return 0, false
	}
	i, ok := s.seen[item]
	return i, ok
}

// reached appends r to reach (and to the map, once the walk is past
// smallWalk items).
func (s *walkScratch) reached(r ixReached) {
	s.reach = append(s.reach, r)
	switch n := len(s.reach); {
	case n == smallWalk+1:
		for i := range s.reach {
			s.seen[s.reach[i].item] = int32(i)
		}
	case n > smallWalk+1:
		s.seen[r.item] = int32(n - 1)
	}
}

// scratchKeep is the most items a walk's scratch may have held to be kept
// for the next walk (a larger map costs more to clear than to make).
const scratchKeep = 4096

// Walk is Walk(ctx, d, start, w, x.Around) — the same answer — walking the
// index's arrays directly: it makes no Occurrence of the events it visits,
// works in scratch kept between walks, and allocates only for its answer.
// It walks what the index holds: callers check first that it is usable
// and up to date (Service.FreshIndex).
func (x *Index) Walk(ctx context.Context, d Direction, start int64, w Window) (*Walked, error) {
	w = w.bounded()
	fwd := d == Forward
	startAt := w.From
	if !fwd {
		startAt = w.To
	}
	from, to := instantOf(w.From), instantOf(w.To)
	fromSet, toSet := !w.From.IsZero(), !w.To.IsZero()

	s := spareScratch.Swap(nil)
	if s == nil {
		s = &walkScratch{seen: map[int64]int32{}}
	}
	defer func() {
		if len(s.reach) <= scratchKeep {
			if len(s.reach) > smallWalk {
				clear(s.seen)
			}
			s.reach, s.frontier, s.next, s.evs, s.parties, s.events, s.plen = s.reach[:0], s.frontier[:0], s.next[:0], s.evs[:0], s.parties[:0], s.events[:0], s.plen[:0]
			spareScratch.Store(s)
		}
	}()
	s.reached(ixReached{item: start, at: instantOf(startAt), from: Step{Item: start, Relation: RelStart}, prev: -1})
	complete := true
	s.frontier = append(s.frontier, start)

	x.mu.RLock()
	defer x.mu.RUnlock()
	for depth := int32(0); len(s.frontier) > 0; depth++ {
		if int(depth) >= w.MaxDepth {
			complete = false
			break
		}
		level := depth + 1
		// The level's events: those naming a frontier item, each once,
		// earlier first (later first backward), then by number.
		s.evs = s.evs[:0]
		for _, it := range s.frontier {
			i, _ := s.find(it)
			s.reach[i].front = level
			if k := uint64(it - x.lo); k < uint64(len(x.offs)-1) {
				s.evs = append(s.evs, x.post[x.offs[k]:x.offs[k+1]]...)
			}
			if len(x.more) > 0 {
				for p := x.more[it]; p != 0; p = x.posts[p-1].next {
					s.evs = append(s.evs, x.posts[p-1].pos)
				}
			}
		}
		rec := x.rec
		slices.SortFunc(s.evs, func(a, b uint32) int {
			c := cmpInt(int64(rec[a+1]), int64(rec[b+1]))
			if c == 0 {
				c = cmpInt(int64(uint32(rec[a+3])), int64(uint32(rec[b+3])))
			}
			if c != 0 {
				if fwd {
					return c
				}
				return -c
			}
			if c = cmpInt(int64(rec[a]), int64(rec[b])); c != 0 {
				return c
			}
			return cmpInt(int64(a), int64(b))
		})
		s.evs = slices.Compact(s.evs)
		s.next = s.next[:0]
		// add is walk.go's add: item reached from prev through the event at
		// position via.
		add := func(prev int32, item int64, at instant, up bool, via int64, rel Relation) {
			if i, ok := s.find(item); ok {
				r := &s.reach[i]
				widened := false
				if fwd && at.before(r.at) || !fwd && !r.at.isZero() && (at.isZero() || r.at.before(at)) {
					r.at, widened = at, true
				}
				if r.up && !up {
					r.up, widened = false, true
				}
				if widened && r.queue != level {
					r.queue = level
					s.next = append(s.next, item)
				}
				return
			}
			if len(s.reach) >= w.MaxItems {
				complete = false
				return
			}
			s.reached(ixReached{item: item, at: at, up: up, queue: level,
				from: Step{Item: item, Event: via, Relation: rel}, prev: prev})
			s.next = append(s.next, item)
		}
		for _, pos := range s.evs {
			e := x.event(pos)
			if e.declared {
				continue
			}
			eAt := instant{e.sec, e.nsec}
			links := e.links
			for _, lw := range links {
				l := linkOf(lw)
				ri, ok := s.find(l.item)
				if !ok || s.reach[ri].front != level {
					continue
				}
				r := s.reach[ri]
				if fwd && !r.at.isZero() && eAt.before(r.at) || !fwd && !r.at.isZero() && r.at.before(eAt) {
					continue // before it arrived (forward), after it left (backward)
				}
				if fromSet && eAt.before(from) || toSet && !eAt.before(to) {
					complete = false // the chain goes on beyond the window
					continue
				}
				s.events = append(s.events, e.id)
				if e.loc != 0 {
					s.parties = append(s.parties, e.loc)
				}
				for _, pw := range e.parties {
					if p := partyOf(pw); p.Dest == fwd {
						s.parties = append(s.parties, p.Party)
					}
				}
				switch e.typ {
				case x.aggregation, x.association:
					switch {
					case l.role == ixChild && e.action != x.delete:
						at := eAt
						if !fwd {
							at = r.at
						}
						for _, lw := range links {
							if p := linkOf(lw); p.role == ixParent {
								add(ri, p.item, at, true, e.id, RelPackedIn)
							}
						}
					case l.role == ixParent && !r.up:
						for _, lw := range links {
							if c := linkOf(lw); c.role == ixChild {
								add(ri, c.item, eAt, false, e.id, RelContains)
							}
						}
					}
				case x.transformation:
					if fwd && l.role == ixInput {
						for _, lw := range links {
							if o := linkOf(lw); o.role == ixOutput {
								add(ri, o.item, eAt, false, e.id, RelMadeInto)
							}
						}
					}
					if !fwd && l.role == ixOutput {
						for _, lw := range links {
							if in := linkOf(lw); in.role == ixInput {
								add(ri, in.item, eAt, false, e.id, RelMadeFrom)
							}
						}
					}
				}
			}
		}
		s.frontier, s.next = s.next, s.frontier
	}

	// The items, parties and events in one array.
	parties, events := sortedSet(s.parties), sortedSet(s.events)
	ids := make([]int64, len(s.reach)+len(parties)+len(events))
	out := &Walked{Items: ids[:len(s.reach):len(s.reach)], Paths: make([][]Step, len(s.reach)), Complete: complete}
	if len(parties) > 0 {
		out.Parties = ids[len(s.reach) : len(s.reach)+len(parties) : len(s.reach)+len(parties)]
		copy(out.Parties, parties)
	}
	if len(events) > 0 {
		out.Events = ids[len(s.reach)+len(parties):]
		copy(out.Events, events)
	}
	// Each item's path is its predecessor's and its own step, all in one
	// array.
	total := 0
	for i := range s.reach {
		n := int32(1)
		if p := s.reach[i].prev; p >= 0 {
			n += s.plen[p]
		}
		s.plen = append(s.plen, n)
		total += int(n)
	}
	steps := make([]Step, total)
	for i := range s.reach {
		out.Items[i] = s.reach[i].item
		n := int(s.plen[i])
		path := steps[:n:n]
		steps = steps[n:]
		for j, cur := n-1, int32(i); j >= 0; j, cur = j-1, s.reach[cur].prev {
			path[j] = s.reach[cur].from
		}
		out.Paths[i] = path
	}
	return out, nil
}

// sortedSet sorts l and returns its values, each once, in l's array.
func sortedSet(l []int64) []int64 {
	slices.Sort(l)
	return slices.Compact(l)
}
