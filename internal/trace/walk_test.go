package trace

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/epcis"
)

// A small chain: raw lot R made into lot L at the factory (party 100); L
// and lot S packed on pallet P; P shipped to the port (101), then from the
// port to the importer (102). Before L was packed, P had gone to another
// party (103): that trip is not L's.
const (
	lotR, lotL, lotS, palletP      int64 = 1, 2, 3, 4
	factory, port, importer, other int64 = 100, 101, 102, 103
)

func day(d int) time.Time { return time.Date(2026, 3, d, 8, 0, 0, 0, time.UTC) }

var chain = []*Occurrence{
	// L's own making is an event of L: forward from L shows it too.
	{ID: 10, Type: epcis.TransformationEvent, At: day(1), BizLocation: factory,
		Refs: []Link{{lotR, epcis.RoleInput}, {lotL, epcis.RoleOutput}}},
	{ID: 11, Type: epcis.ObjectEvent, Action: "OBSERVE", At: day(2), Refs: []Link{{palletP, epcis.RoleEPC}},
		Parties: []PartyLink{{factory, false}, {other, true}}},
	{ID: 12, Type: epcis.AggregationEvent, Action: "ADD", At: day(3), BizLocation: factory,
		Refs: []Link{{palletP, epcis.RoleParent}, {lotL, epcis.RoleChild}, {lotS, epcis.RoleChild}}},
	{ID: 13, Type: epcis.ObjectEvent, Action: "OBSERVE", At: day(4), Refs: []Link{{palletP, epcis.RoleEPC}},
		Parties: []PartyLink{{factory, false}, {port, true}}},
	{ID: 14, Type: epcis.ObjectEvent, Action: "OBSERVE", At: day(6), Refs: []Link{{palletP, epcis.RoleEPC}},
		Parties: []PartyLink{{port, false}, {importer, true}}},
}

func mapLoader(occs []*Occurrence, calls *int) Loader {
	return func(_ context.Context, items []int64) ([]*Occurrence, error) {
		*calls++
		var out []*Occurrence
		for _, o := range occs {
			if slices.ContainsFunc(o.Refs, func(l Link) bool { return slices.Contains(items, l.Item) }) {
				out = append(out, o)
			}
		}
		return out, nil
	}
}

func TestWalk(t *testing.T) {
	tests := []struct {
		name     string
		d        Direction
		start    int64
		w        Window
		items    []int64
		parties  []int64
		events   []int64
		complete bool
		path     []Step // to the last item
	}{
		{"forward from the lot goes where its pallet goes, after it was packed", Forward, lotL, Window{},
			[]int64{lotL, palletP}, []int64{factory, port, importer}, []int64{10, 12, 13, 14}, true,
			[]Step{{lotL, 0, RelStart}, {palletP, 12, RelPackedIn}}},
		{"forward from the raw lot through the transformation", Forward, lotR, Window{},
			[]int64{lotR, lotL, palletP}, []int64{factory, port, importer}, []int64{10, 12, 13, 14}, true,
			[]Step{{lotR, 0, RelStart}, {lotL, 10, RelMadeInto}, {palletP, 12, RelPackedIn}}},
		{"a window that closes before the export leaves the trace incomplete", Forward, lotL, Window{To: day(5)},
			[]int64{lotL, palletP}, []int64{factory, port}, []int64{10, 12, 13}, false,
			[]Step{{lotL, 0, RelStart}, {palletP, 12, RelPackedIn}}},
		{"backward from the pallet: its contents and what they were made from", Backward, palletP, Window{},
			[]int64{palletP, lotL, lotS, lotR}, []int64{factory, port}, []int64{10, 11, 12, 13, 14}, true,
			[]Step{{palletP, 0, RelStart}, {lotL, 12, RelContains}, {lotR, 10, RelMadeFrom}}},
		{"backward from the lot: not its pallet's siblings", Backward, lotL, Window{},
			[]int64{lotL, palletP, lotR}, []int64{factory, port}, []int64{10, 11, 12, 13, 14}, true,
			[]Step{{lotL, 0, RelStart}, {lotR, 10, RelMadeFrom}}},
		{"an item limit stops the walk", Forward, lotR, Window{MaxItems: 2},
			[]int64{lotR, lotL}, []int64{factory}, []int64{10, 12}, false,
			[]Step{{lotR, 0, RelStart}, {lotL, 10, RelMadeInto}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			got, err := Walk(context.Background(), tt.d, tt.start, tt.w, mapLoader(chain, &calls))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.items, got.Items); diff != "" {
				t.Errorf("items (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.parties, got.Parties); diff != "" {
				t.Errorf("parties (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.events, got.Events); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			if got.Complete != tt.complete {
				t.Errorf("complete = %v, want %v", got.Complete, tt.complete)
			}
			if diff := cmp.Diff(tt.path, got.Path(tt.items[len(tt.items)-1])); diff != "" {
				t.Errorf("path (-want +got):\n%s", diff)
			}
			if calls > len(got.Items)+1 {
				t.Errorf("%d loads for %d items: the walk loads level by level", calls, len(got.Items))
			}
		})
	}
}

// An item reached first late and then, by another way, earlier is walked
// again from the earlier time: lot A goes into pallet P on day 5 (P is
// reached with day 5), and A is made into B on day 1, which goes into P on
// day 2: P's shipment on day 3 is B's, so it is A's scope too.
func TestWalkWidensBounds(t *testing.T) {
	const a, b, p, dest int64 = 1, 2, 3, 100
	occs := []*Occurrence{
		{ID: 1, Type: epcis.AggregationEvent, Action: "ADD", At: day(5), Refs: []Link{{p, epcis.RoleParent}, {a, epcis.RoleChild}}},
		{ID: 2, Type: epcis.TransformationEvent, At: day(1), Refs: []Link{{a, epcis.RoleInput}, {b, epcis.RoleOutput}}},
		{ID: 3, Type: epcis.AggregationEvent, Action: "ADD", At: day(2), Refs: []Link{{p, epcis.RoleParent}, {b, epcis.RoleChild}}},
		{ID: 4, Type: epcis.ObjectEvent, Action: "OBSERVE", At: day(3), Refs: []Link{{p, epcis.RoleEPC}}, Parties: []PartyLink{{dest, true}}},
	}
	calls := 0
	got, err := Walk(context.Background(), Forward, a, Window{}, mapLoader(occs, &calls))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(got.Parties, dest) || !slices.Contains(got.Events, 4) {
		t.Errorf("parties %v events %v: the day-3 shipment of the pallet is missing", got.Parties, got.Events)
	}
	if diff := cmp.Diff([]Step{{a, 0, RelStart}, {p, 1, RelPackedIn}}, got.Path(p)); diff != "" {
		t.Errorf("the pallet keeps the path of its first arrival (-want +got):\n%s", diff)
	}
}
