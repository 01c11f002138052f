package trace

import (
	"context"
	"slices"
	"time"

	"riskgate/internal/epcis"
)

// Direction is the way a trace walks.
type Direction string

const (
	Forward  Direction = "forward"  // where it went: later events, outputs made from it, destinations
	Backward Direction = "backward" // where it came from: earlier events, inputs it was made of, sources
)

// Label names the direction.
func (d Direction) Label() (zh, en string) {
	if d == Forward {
		return "正向追踪（去向）", "forward (where it went)"
	}
	return "逆向追溯（来源）", "backward (where it came from)"
}

// Link is one identifier an occurrence names, by its number in the store.
type Link struct {
	Item int64
	Role epcis.Role
}

// PartyLink is a source or destination of an occurrence.
type PartyLink struct {
	Party int64
	Dest  bool
}

// Occurrence is an event as a trace sees it: when, what kind, the
// identifiers it names with their roles and its parties. Events declared
// in error are never occurrences.
type Occurrence struct {
	ID          int64
	Type        string
	Action      string
	At          time.Time
	BizLocation int64 // 0: none
	Refs        []Link
	Parties     []PartyLink
}

// Loader returns the occurrences that name any of items (all of their
// links, not only those to items). The store implements it over indexed
// tables; a test over a map.
type Loader func(ctx context.Context, items []int64) ([]*Occurrence, error)

// Relation says how a step of a path reached its item.
type Relation string

const (
	RelStart      Relation = "start"
	RelPackedIn   Relation = "packed_in" // the item travelled inside this parent (aggregation, association)
	RelContains   Relation = "contains"  // the parent held this child
	RelMadeInto   Relation = "made_into" // forward through a transformation: an output of the item
	RelMadeFrom   Relation = "made_from" // backward through a transformation: an input of the item
	maxItemsLimit          = 100000
	maxDepthLimit          = 64
)

// Label names the relation.
func (r Relation) Label() (zh, en string) {
	switch r {
	case RelStart:
		return "起点", "start"
	case RelPackedIn:
		return "装入", "packed in"
	case RelContains:
		return "内含", "contains"
	case RelMadeInto:
		return "加工为", "made into"
	case RelMadeFrom:
		return "由其加工", "made from"
	}
	return string(r), string(r)
}

// Step is one link of the path to an item: the item, the event that led
// to it and how.
type Step struct {
	Item     int64
	Event    int64 // 0 for the start
	Relation Relation
}

// Window bounds a trace: events before From or at or after To are not
// followed (zero: open); MaxItems and MaxDepth stop a runaway walk.
type Window struct {
	From, To time.Time
	MaxItems int
	MaxDepth int
}

// bounded is the window with its limits set to the largest allowed where
// they are unset or beyond it.
func (w Window) bounded() Window {
	if w.MaxItems <= 0 || w.MaxItems > maxItemsLimit {
		w.MaxItems = maxItemsLimit
	}
	if w.MaxDepth <= 0 || w.MaxDepth > maxDepthLimit {
		w.MaxDepth = maxDepthLimit
	}
	return w
}

// Walked is the result of a walk, in numbers the store resolves.
type Walked struct {
	Items    []int64 // in the order reached, the start first
	Parties  []int64
	Events   []int64  // the occurrences followed
	Paths    [][]Step // Paths[i]: the steps from the start to Items[i]
	Complete bool     // false: the window closed or a limit stopped the walk while the chain went on
}

// Path returns the steps from the start to item (nil: not reached).
func (w *Walked) Path(item int64) []Step {
	if i := slices.Index(w.Items, item); i >= 0 {
		return w.Paths[i]
	}
	return nil
}

type reached struct {
	at   time.Time // forward: the earliest time the item can have been here; backward: the latest
	up   bool      // reached from a child: do not descend to the parent's other children
	from Step      // the last step of its path
	prev int64     // the item the step came from
}

// Walk follows the chain from start in direction d, level by level, each
// level one call of load for the items the previous level reached.
// Forward, an item's events at or after it arrived are followed:
// aggregation takes a child to its parent (the child goes where the parent
// goes) and a parent reached other than from a child to its children;
// transformation takes inputs to outputs; every followed event adds its
// destinations and business location to the parties. Backward mirrors it:
// events at or before the time the item is known to have been there,
// outputs to inputs, sources.
func Walk(ctx context.Context, d Direction, start int64, w Window, load Loader) (*Walked, error) {
	w = w.bounded()
	fwd := d == Forward
	startAt := w.From
	if !fwd {
		startAt = w.To
	}
	seen := map[int64]*reached{start: {at: startAt, from: Step{Item: start, Relation: RelStart}}}
	out := &Walked{Items: []int64{start}, Complete: true}
	parties := map[int64]bool{}
	events := map[int64]bool{}
	frontier := []int64{start}
	for depth := 0; len(frontier) > 0; depth++ {
		if depth >= w.MaxDepth {
			out.Complete = false
			break
		}
		occs, err := load(ctx, frontier)
		if err != nil {
			return nil, err
		}
		// Earlier events first, so that an item reached twice keeps the
		// path of its first arrival (forward) or of its last (backward).
		slices.SortFunc(occs, func(a, b *Occurrence) int {
			if c := a.At.Compare(b.At); c != 0 {
				if fwd {
					return c
				}
				return -c
			}
			return cmpInt(a.ID, b.ID)
		})
		inFrontier := map[int64]bool{}
		for _, it := range frontier {
			inFrontier[it] = true
		}
		var next []int64
		queued := map[int64]bool{}
		add := func(prev, item int64, at time.Time, up bool, via *Occurrence, rel Relation) {
			if r, ok := seen[item]; ok {
				// Already reached: its path stays that of its first arrival,
				// but a wider time bound (or a way to it not from a child)
				// lets it reach more, so it is walked again.
				widened := false
				if fwd && at.Before(r.at) || !fwd && !r.at.IsZero() && (at.IsZero() || at.After(r.at)) {
					r.at, widened = at, true
				}
				if r.up && !up {
					r.up, widened = false, true
				}
				if widened && !queued[item] {
					queued[item] = true
					next = append(next, item)
				}
				return
			}
			if len(seen) >= w.MaxItems {
				out.Complete = false
				return
			}
			seen[item] = &reached{at: at, up: up, from: Step{Item: item, Event: via.ID, Relation: rel}, prev: prev}
			out.Items = append(out.Items, item)
			queued[item] = true
			next = append(next, item)
		}
		for _, o := range occs {
			for _, l := range o.Refs {
				if !inFrontier[l.Item] {
					continue
				}
				r := seen[l.Item]
				if fwd && !r.at.IsZero() && o.At.Before(r.at) || !fwd && !r.at.IsZero() && o.At.After(r.at) {
					continue // before it arrived (forward), after it left (backward)
				}
				if !w.From.IsZero() && o.At.Before(w.From) || !w.To.IsZero() && !o.At.Before(w.To) {
					out.Complete = false // the chain goes on beyond the window
					continue
				}
				events[o.ID] = true
				if o.BizLocation != 0 {
					parties[o.BizLocation] = true
				}
				for _, p := range o.Parties {
					if p.Dest == fwd {
						parties[p.Party] = true
					}
				}
				switch o.Type {
				case epcis.AggregationEvent, epcis.AssociationEvent:
					switch {
					case l.Role == epcis.RoleChild && o.Action != "DELETE":
						at := o.At
						if !fwd {
							at = r.at
						}
						for _, p := range o.Refs {
							if p.Role == epcis.RoleParent {
								add(l.Item, p.Item, at, true, o, RelPackedIn)
							}
						}
					case l.Role == epcis.RoleParent && !r.up:
						for _, c := range o.Refs {
							if c.Role == epcis.RoleChild {
								add(l.Item, c.Item, o.At, false, o, RelContains)
							}
						}
					}
				case epcis.TransformationEvent:
					if fwd && l.Role == epcis.RoleInput {
						for _, x := range o.Refs {
							if x.Role == epcis.RoleOutput {
								add(l.Item, x.Item, o.At, false, o, RelMadeInto)
							}
						}
					}
					if !fwd && l.Role == epcis.RoleOutput {
						for _, x := range o.Refs {
							if x.Role == epcis.RoleInput {
								add(l.Item, x.Item, o.At, false, o, RelMadeFrom)
							}
						}
					}
				}
			}
		}
		frontier = next
	}
	for id := range parties {
		out.Parties = append(out.Parties, id)
	}
	slices.Sort(out.Parties)
	for id := range events {
		out.Events = append(out.Events, id)
	}
	slices.Sort(out.Events)
	out.Paths = make([][]Step, len(out.Items))
	for i, it := range out.Items {
		var path []Step
		for cur := it; ; {
			r := seen[cur]
			path = append(path, r.from)
			if r.from.Relation == RelStart {
				break
			}
			cur = r.prev
		}
		slices.Reverse(path)
		out.Paths[i] = path
	}
	return out, nil
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
