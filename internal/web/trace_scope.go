package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// "Trace this lot" (追溯此批次): a warning's and a recall's page offer a
// trace of the lots they name; the trace page shows the result mapped to
// ports and enterprises (the GLN register) and turns it, with one action,
// into a measure of the warning scoped to it or into the recall's lots and
// distributors.

// traceScopePage is the trace page of a warning or a recall.
type traceScopePage struct {
	Page
	Form
	Back, BackTitle string // the warning's or recall's page and title
	Action          string // where the form posts
	ID              string
	Direction       trace.Direction
	Directions      []trace.Direction
	Lots            []string
	Scoped          *trace.Scoped
	Items           []traceItemView
	// A warning's: the measure the action plans.
	Warning     *trace.WarningTrace
	MeasureType string
	Types       []catalog.Entry
	Scope       []scopeRow
	// A recall's: what the action adds.
	Recall *trace.RecallTrace
	Rev    int
	CanAct bool
}

// scopeRow is one field of a measure's scope as the page lists it.
type scopeRow struct {
	Zh, En string
	Values []string
}

func scopeInputOf(q url.Values) (trace.ScopeInput, error) {
	var v risk.Validation
	in := trace.ScopeInput{TraceInput: trace.TraceInput{ID: strings.TrimSpace(q.Get("id"))}, Direction: trace.Direction(q.Get("direction")),
		MeasureType: strings.TrimSpace(q.Get("type"))}
	var err error
	in.From, err = trace.ParseWhen("from", q.Get("from"))
	v.AddErr("from", err)
	in.To, err = trace.ParseWhen("to", q.Get("to"))
	v.AddErr("to", err)
	in.Rev, _ = strconv.Atoi(q.Get("rev"))
	return in, v.Err()
}

func (s *Server) traceScopeBase(r *http.Request, in trace.ScopeInput) traceScopePage {
	p := traceScopePage{Page: s.page(r, "追溯此批次", "Trace this lot"), ID: in.ID, Direction: in.Direction,
		Directions: []trace.Direction{trace.Forward, trace.Backward}}
	if p.Direction == "" {
		p.Direction = trace.Forward
	}
	return p
}

func (p *traceScopePage) fill(sc *trace.Scoped) {
	p.Scoped = sc
	if sc == nil {
		return
	}
	for _, it := range sc.Items {
		v := traceItemView{ID: it}
		for _, st := range sc.Paths[it] {
			v.Path = append(v.Path, tracePathView{ID: st.ID, Relation: st.Relation})
		}
		p.Items = append(p.Items, v)
	}
}

// warningTraceView builds a warning's trace page for the query q.
func (s *Server) warningTraceView(r *http.Request, id risk.ID, q url.Values) (traceScopePage, error) {
	in, inErr := scopeInputOf(q)
	p := s.traceScopeBase(r, in)
	if inErr != nil {
		in.ID = "" // the page without a trace, with the refusal
	}
	wt, err := s.Trace.ForWarning(r.Context(), actorOf(r), id, in)
	if wt == nil {
		return p, err
	}
	p.Warning, p.Lots, p.CanAct = wt, wt.Lots, wt.CanPlan
	p.Back, p.BackTitle = "/warnings/"+strconv.Itoa(int(id)), wt.Warning.Title
	p.Action = p.Back + "/trace"
	p.fill(wt.Scoped)
	p.MeasureType = in.MeasureType
	if p.MeasureType == "" {
		p.MeasureType = trace.DefaultMeasureType
	}
	if t, err := catalog.BuiltinTable("measures"); err == nil {
		p.Types = t.Entries
	}
	if inErr != nil {
		return p, inErr
	}
	if err != nil {
		return p, err
	}
	sc := wt.Scope
	var ports, firms []string
	for _, code := range sc.Ports {
		zh, en := catalog.Label("ports", code)
		ports = append(ports, p.T(zh, en)+" "+code)
	}
	for _, u := range sc.USCCs {
		name := u
		for _, f := range wt.Scoped.Enterprises {
			if f.USCC == u {
				name = f.Name + " " + u
			}
		}
		firms = append(firms, name)
	}
	for _, row := range []scopeRow{{"批次", "Lots", sc.Batches}, {"商品条码", "GTINs", sc.GTINs}, {"口岸", "Ports", ports}, {"企业", "Enterprises", firms}} {
		if len(row.Values) > 0 {
			p.Scope = append(p.Scope, row)
		}
	}
	return p, nil
}

// warningTrace is /warnings/{id}/trace: the lots the warning names, and
// with ?id= the lot's trace and the measure it would scope.
func (s *Server) warningTrace(w http.ResponseWriter, r *http.Request) error {
	return s.traceScopeGet(w, r, s.warningTraceView)
}

// traceScopeView builds a trace page of a warning or a recall for a query.
type traceScopeView func(r *http.Request, id risk.ID, q url.Values) (traceScopePage, error)

// traceScopeGet shows a warning's or a recall's trace page.
func (s *Server) traceScopeGet(w http.ResponseWriter, r *http.Request, view traceScopeView) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := view(r, id, r.URL.Query())
	if err != nil {
		return traceRefused(s, w, r, p, err)
	}
	return s.render(w, r, http.StatusOK, "trace_scope.html", p)
}

// traceScopePost applies a trace's scope with act, then shows the record
// at back; a refusal shows the page again with the form's problems.
func (s *Server) traceScopePost(w http.ResponseWriter, r *http.Request, back string, view traceScopeView,
	act func(ctx context.Context, a risk.Actor, id risk.ID, in trace.ScopeInput) error) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	in, err := scopeInputOf(r.PostForm)
	if err == nil {
		err = act(r.Context(), actorOf(r), id, in)
	}
	if err == nil {
		http.Redirect(w, r, back+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	p, verr := view(r, id, r.PostForm)
	if verr != nil {
		return traceRefused(s, w, r, p, verr)
	}
	f, ok := formErrorOf(p.Page, err, traceScopeLabels)
	if !ok {
		return err
	}
	p.Form = f
	return s.render(w, r, statusOf(err), "trace_scope.html", p)
}

// traceRefused shows a refused identifier or window on the page, other
// errors as errors.
func traceRefused(s *Server, w http.ResponseWriter, r *http.Request, p traceScopePage, err error) error {
	f, ok := formErrorOf(p.Page, err, traceScopeLabels)
	if !ok {
		e, isRisk := risk.AsError(err)
		if !isRisk || statusOf(err) != http.StatusNotFound || p.Back == "" {
			return err // the warning or recall itself is not there, or not to be seen
		}
		// No event names the identifier.
		f = Form{Problems: []Problem{{ID: "id", Label: p.T("标识", "Identifier"), Message: p.Pick(e.Message)}}}
	}
	p.Form = f
	p.Scoped, p.Items = nil, nil
	return s.render(w, r, statusOf(err), "trace_scope.html", p)
}

var traceScopeLabels = formLabels{"id": {"", "标识", "Identifier"}, "from": {"", "自", "From"}, "to": {"", "至", "To"},
	"direction": {"", "方向", "Direction"}, "type": {"", "措施类型", "Measure type"}, "rev": {"id", "版本", "Revision"},
	"items[0].type": {"type", "措施类型", "Measure type"}, "products": {"id", "召回产品", "Products"}, "distributors": {"id", "经销商", "Distributors"}}

// warningTracePost plans the measure the trace scopes, then shows the
// warning.
func (s *Server) warningTracePost(w http.ResponseWriter, r *http.Request) error {
	return s.traceScopePost(w, r, "/warnings/", s.warningTraceView, func(ctx context.Context, a risk.Actor, id risk.ID, in trace.ScopeInput) error {
		_, _, err := s.Trace.PlanMeasure(ctx, a, id, in)
		return err
	})
}

// recallTraceView builds a recall's trace page for the query q.
func (s *Server) recallTraceView(r *http.Request, id risk.ID, q url.Values) (traceScopePage, error) {
	in, inErr := scopeInputOf(q)
	p := s.traceScopeBase(r, in)
	if inErr != nil {
		in.ID = "" // the page without a trace, with the refusal
	}
	rt, err := s.Trace.ForRecall(r.Context(), actorOf(r), id, in)
	if rt == nil {
		return p, err
	}
	p.Recall, p.Lots, p.CanAct, p.Rev = rt, rt.Lots, rt.CanAdd, rt.Recall.Rev
	p.Back, p.BackTitle = "/recalls/"+strconv.Itoa(int(id)), rt.Recall.Title()
	p.Action = p.Back + "/trace"
	p.fill(rt.Scoped)
	if inErr != nil {
		return p, inErr
	}
	return p, err
}

// recallTrace is /recalls/{id}/trace: the recall's lots, and with ?id= the
// lot's trace and the lots and distributors it would add.
func (s *Server) recallTrace(w http.ResponseWriter, r *http.Request) error {
	return s.traceScopeGet(w, r, s.recallTraceView)
}

// recallTracePost adds what the trace found to the recall, then shows it.
func (s *Server) recallTracePost(w http.ResponseWriter, r *http.Request) error {
	return s.traceScopePost(w, r, "/recalls/", s.recallTraceView, func(ctx context.Context, a risk.Actor, id risk.ID, in trace.ScopeInput) error {
		_, _, err := s.Trace.ScopeRecall(ctx, a, id, in)
		return err
	})
}

// glnPage is /trace/glns: the GLN register and its form.
type glnPage struct {
	Page
	Form
	GLNs   []trace.GLN
	Kinds  []trace.GLNKind
	Ports  []catalog.Entry
	CanMap bool
}

var glnLabels = formLabels{"gln": {"", "全球位置码（GLN）", "GLN"}, "kind": {"", "类型", "Kind"}, "port": {"", "口岸", "Port"},
	"uscc": {"", "统一社会信用代码", "USCC"}, "note": {"", "备注", "Note"}}

func (s *Server) glnView(r *http.Request) (glnPage, error) {
	a := actorOf(r)
	p := glnPage{Page: s.page(r, "全球位置码登记", "GLN register"), Kinds: trace.GLNKinds, CanMap: trace.CanMapGLN(a)}
	var err error
	if p.GLNs, err = s.Trace.GLNs(r.Context(), a); err != nil {
		return p, err
	}
	if t, err := catalog.BuiltinTable("ports"); err == nil {
		p.Ports = t.Entries
	}
	return p, nil
}

// traceGLNs is the GLN register's page.
func (s *Server) traceGLNs(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.glnView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "trace_glns.html", p)
}

// traceGLNPost records a GLN, or removes one (action=delete).
func (s *Server) traceGLNPost(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var err error
	if f.Get("action") == "delete" {
		err = s.Trace.UnmapGLN(r.Context(), actorOf(r), f.Get("gln"))
	} else {
		_, err = s.Trace.MapGLN(r.Context(), actorOf(r), trace.GLNInput{GLN: f.Get("gln"), Kind: trace.GLNKind(f.Get("kind")),
			Port: f.Get("port"), USCC: f.Get("uscc"), Note: f.Get("note")})
	}
	if err == nil {
		http.Redirect(w, r, "/trace/glns?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, glnLabels, "map", f, "trace_glns.html", func() (glnPage, error) { return s.glnView(r) })
}
