package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// tracePage looks a lot (or any EPC) up and shows its forward or backward
// trace: the items reached with their paths, the parties and the events.
type tracePage struct {
	Page
	ID, From, To string
	Direction    trace.Direction
	Directions   []trace.Direction
	Result       *trace.Result
	Items        []traceItemView
	Events       []traceEventView
	CanExport    bool
}

type traceItemView struct {
	ID   string
	Path []tracePathView
}

type tracePathView struct {
	ID       string
	Relation trace.Relation
}

type traceEventView struct {
	*trace.EventSummary
	EventType trace.EventType
	Step      trace.BizStep
	Items     []traceRefView
}

type traceRefView struct {
	ID   string
	Role trace.Role
	Qty  string
}

func (s *Server) traceLookup(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !trace.CanTrace(a) {
		return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual("无权进行追溯查询。", "Not allowed to trace."))
	}
	q := r.URL.Query()
	p := tracePage{Page: s.page(r, "全链条追溯", "Traceability"), ID: strings.TrimSpace(q.Get("id")), From: q.Get("from"), To: q.Get("to"),
		Direction: trace.Forward, Directions: []trace.Direction{trace.Forward, trace.Backward}, CanExport: trace.CanTrace(a)}
	if q.Get("direction") == string(trace.Backward) {
		p.Direction = trace.Backward
	}
	if p.ID == "" {
		return s.render(w, r, http.StatusOK, "trace.html", p)
	}
	in, err := traceInput(r)
	if err == nil {
		p.Result, err = s.Trace.Trace(r.Context(), a, p.Direction, in)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		p.Error = p.Pick(e.Message)
		return s.render(w, r, statusOf(err), "trace.html", p)
	}
	for _, it := range p.Result.Items {
		v := traceItemView{ID: it}
		for _, st := range p.Result.Paths[it] {
			v.Path = append(v.Path, tracePathView{ID: st.ID, Relation: st.Relation})
		}
		p.Items = append(p.Items, v)
	}
	for _, e := range p.Result.Events {
		v := traceEventView{EventSummary: e, EventType: trace.EventType(e.Type), Step: trace.BizStep(e.BizStep)}
		for _, ref := range e.Items {
			rv := traceRefView{ID: ref.ID, Role: trace.Role(ref.Role)}
			if ref.Quantity != nil {
				rv.Qty = strings.TrimSpace(formatQty(*ref.Quantity) + " " + ref.UOM)
			}
			v.Items = append(v.Items, rv)
		}
		p.Events = append(p.Events, v)
	}
	return s.render(w, r, http.StatusOK, "trace.html", p)
}

// formatQty writes a quantity without trailing zeros.
func formatQty(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
