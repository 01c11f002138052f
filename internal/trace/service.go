package trace

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/epcis"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Service captures, queries and traces supply-chain events.
type Service struct {
	Store Store
	Now   func() time.Time
	Log   *slog.Logger
	// Firms checks the enterprises the GLN register names; Warnings,
	// Measures and Recalls receive the scope a trace turns into
	// (PlanMeasure, ScopeRecall). app.New connects them.
	Firms     Firms
	Warnings  Warnings
	Measures  Measures
	Recalls   Recalls
	index     atomic.Pointer[Index]
	building  atomic.Bool
	lastBuild atomic.Pointer[chan struct{}]   // closed when the last build begun ends
	life      atomic.Pointer[context.Context] // StartIndex's: rebuilds end with it
}

// SetIndex makes traces walk x (nil: the store) while it is usable and
// can be brought up to date (see FreshIndex).
func (s *Service) SetIndex(x *Index) { s.index.Store(x) }

// FreshIndex returns the index brought up to date with every capture
// committed before the call — on any node: the captures are numbered in
// commit order (ChangeSource), and those after the last the index holds
// are read back first — or nil when traces walk the store: no index (not
// built yet, or off), one that is not usable, a store that does not number
// its captures, or a failure to read them (logged; the next trace tries
// again). An index left behind by a capture too large to catch up with is
// built again in the background (see StartIndex).
func (s *Service) FreshIndex(ctx context.Context) *Index {
	x := s.index.Load()
	if x == nil {
		return nil
	}
	src, ok := s.Store.(ChangeSource)
	if !ok || !x.Usable() {
		return nil
	}
	seq, err := src.CaptureSeq(ctx)
	if err == nil {
		err = x.catchUp(ctx, src, seq)
	}
	if err != nil {
		if s.Log != nil && ctx.Err() == nil {
			s.Log.Error("trace index: catching up with the captures failed; this trace reads the store", "err", err)
		}
		return nil
	}
	if !x.Usable() {
		x.mu.RLock()
		behind := x.behind
		x.mu.RUnlock()
		if s.index.CompareAndSwap(x, nil) { // free its memory (before building the next)
			switch {
			case behind:
				if s.Log != nil {
					s.Log.Warn("trace index: too many events captured at once to catch up with; building it again", "max", x.max)
				}
				life := context.Background()
				if c := s.life.Load(); c != nil {
					life = *c
				}
				s.startBuild(life, x.max)
			case s.Log != nil:
				s.Log.Warn("trace index dropped: more events than its maximum; traces read the store", "max", x.max)
			}
		}
		return nil
	}
	return x
}

// StartIndex builds the trace index of at most maxEvents events in the
// background; traces walk the store until it is built, and the index once
// it is (FreshIndex keeps it up to date). A failed build is tried again a
// minute later, until ctx ends; an index that would hold more than
// maxEvents is not kept. The channel it returns is closed when the build
// ends.
func (s *Service) StartIndex(ctx context.Context, maxEvents int) <-chan struct{} {
	s.life.Store(&ctx)
	return s.startBuild(ctx, maxEvents)
}

func (s *Service) startBuild(ctx context.Context, maxEvents int) <-chan struct{} {
	done := make(chan struct{})
	if !s.building.CompareAndSwap(false, true) { // one build at a time
		close(done)
		return done
	}
	s.lastBuild.Store(&done)
	go func() {
		defer close(done)
		defer s.building.Store(false)
		s.buildIndex(ctx, maxEvents)
	}()
	return done
}

func (s *Service) buildIndex(ctx context.Context, maxEvents int) {
	src, ok := s.Store.(OccurrenceSource)
	if !ok {
		return
	}
	for {
		start := time.Now()
		x, err := BuildIndex(ctx, src, maxEvents)
		if err == nil {
			if !x.Usable() { // kept, it would hold its memory for nothing
				if s.Log != nil {
					s.Log.Warn("trace index not used: more events than its maximum; traces read the store", "max", maxEvents)
				}
				return
			}
			s.index.Store(x)
			if s.Log != nil {
				s.Log.Info("trace index built", "events", x.Len(), "took", time.Since(start).Round(time.Millisecond))
			}
			return
		}
		if ctx.Err() != nil {
			return
		}
		if s.Log != nil {
			s.Log.Error("trace index: build failed; traces read the store, trying again in a minute", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

// walk walks over the index while it is usable and up to date
// (Index.Walk), else over the store (Walk over its Around).
func (s *Service) walk(ctx context.Context, d Direction, start int64, w Window) (*Walked, error) {
	if x := s.FreshIndex(ctx); x != nil {
		return x.Walk(ctx, d, start, w)
	}
	return Walk(ctx, d, start, w, s.Store.Around)
}

// CanCapture reports whether a may capture events: an enterprise's users
// (the events are recorded as the enterprise's own), officials, and the
// systems that hold their tokens.
func CanCapture(a risk.Actor) bool {
	return risk.Can(a, risk.PermTraceCapture) && (a.Role != risk.RoleEnterprise || a.EnterpriseID != 0)
}

// CanQuery reports whether a may query events: officials all, an
// enterprise those it captured.
func CanQuery(a risk.Actor) bool {
	return risk.Can(a, risk.PermTraceRead) && (a.Role != risk.RoleEnterprise || a.EnterpriseID != 0)
}

// CanTrace reports whether a may trace forward and backward across every
// party's events and export them: officials only.
func CanTrace(a risk.Actor) bool { return risk.Can(a, risk.PermTraceTrace) }

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

// Capture parses an EPCIS 2.0 document and writes its events, all or
// nothing. An event whose hash (or eventID) is already held is a
// duplicate and adds nothing; an event carrying an errorDeclaration marks
// the held event it declares (found by eventID, else by hash) as declared
// in error, or is kept, declared, when that event is not held.
func (s *Service) Capture(ctx context.Context, a risk.Actor, body []byte) (*CaptureResult, error) {
	if !CanCapture(a) {
		return nil, forbidden("无权采集追溯事件。", "Not allowed to capture traceability events.")
	}
	doc, err := epcis.Parse(body)
	if err != nil {
		return nil, err
	}
	var hashes, ids []string
	for _, ev := range doc.Events {
		hashes = append(hashes, ev.Hash)
		if ev.EventID != "" {
			ids = append(ids, ev.EventID)
		}
	}
	held, err := s.Store.Held(ctx, hashes, ids)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	c := &Capture{At: now, ActorID: a.UserID, Created: doc.CreationDate.UTC()}
	if a.Role == risk.RoleEnterprise {
		c.EnterpriseID = a.EnterpriseID
	}
	s.sortOut(c, doc.Events, held, now, contextOf(doc.Context))
	c.Audit = captureAudit(a, &c.Result)
	if err := s.Store.Capture(ctx, c); err != nil {
		return nil, err
	}
	c.Result.CaptureID = c.ID
	return &c.Result, nil
}

// sortOut works out what the events of a document (or of a chunk of one)
// are against the held events and those new earlier in the same list:
// new records, declarations of held events, duplicates; it appends them
// to c and counts them in c.Result.
func (s *Service) sortOut(c *Capture, evs []*epcis.Event, held []Held, now time.Time, ctxEntries []json.RawMessage) {
	byHash, byID := map[string]*Held{}, map[string]*Held{}
	for i := range held {
		h := &held[i]
		byHash[h.Hash] = h
		byID[h.EventID] = h
	}
	res := &c.Result
	res.Events += len(evs)
	pending := map[string]*Record{} // new in this document, by hash and by eventID
	for _, ev := range evs {
		var h *Held
		if ev.EventID != "" {
			h = byID[ev.EventID]
		}
		if h == nil {
			h = byHash[ev.Hash]
		}
		if ev.ErrorDeclaration != nil {
			switch {
			case h != nil && h.Declared:
				res.Duplicates++
				res.EventIDs = append(res.EventIDs, h.EventID)
			case h != nil:
				c.Declarations = append(c.Declarations, Declaration{Event: h.ID, Declaration: *ev.ErrorDeclaration, Body: ev.Raw})
				h.Declared = true
				res.Declared++
				res.EventIDs = append(res.EventIDs, h.EventID)
			case pending[ev.EventID] != nil && ev.EventID != "" || pending[ev.Hash] != nil:
				r := pending[ev.EventID]
				if r == nil || ev.EventID == "" {
					r = pending[ev.Hash]
				}
				if r.Declared == nil {
					r.Declared = ev.ErrorDeclaration
					res.Declared++
				} else {
					res.Duplicates++
				}
				res.EventIDs = append(res.EventIDs, r.EventID)
			default:
				r := s.record(ev, now, ctxEntries)
				r.Declared = ev.ErrorDeclaration
				c.Records = append(c.Records, r)
				pending[ev.Hash] = r
				if ev.EventID != "" {
					pending[ev.EventID] = r
				}
				res.Captured++
				res.EventIDs = append(res.EventIDs, r.EventID)
			}
			continue
		}
		if h != nil {
			res.Duplicates++
			res.EventIDs = append(res.EventIDs, h.EventID)
			continue
		}
		if r := pending[ev.Hash]; r != nil || (ev.EventID != "" && pending[ev.EventID] != nil) {
			if r == nil {
				r = pending[ev.EventID]
			}
			res.Duplicates++
			res.EventIDs = append(res.EventIDs, r.EventID)
			continue
		}
		r := s.record(ev, now, ctxEntries)
		c.Records = append(c.Records, r)
		pending[ev.Hash] = r
		if ev.EventID != "" {
			pending[ev.EventID] = r
		}
		res.Captured++
		res.EventIDs = append(res.EventIDs, r.EventID)
	}
}

// captureAudit is a capture's audit entry.
func captureAudit(a risk.Actor, res *CaptureResult) audit.Entry {
	return audit.New(a, "trace.capture", "trace_capture", 0, fmt.Sprintf("采集 EPCIS 文档：%d 个事件，新增 %d，重复 %d，声明错误 %d / captured an EPCIS document: %d events, %d new, %d duplicates, %d declared in error",
		res.Events, res.Captured, res.Duplicates, res.Declared, res.Events, res.Captured, res.Duplicates, res.Declared))
}

// CaptureStream is Capture for a JSON-LD document read from r as a
// stream (epcis.Stream): its events are checked and written StreamChunk
// at a time within one transaction, each chunk sorted out against the
// events held — those of the earlier chunks included — so that the
// document is all or nothing, as Capture's, while never held whole. The
// answer leaves out event_ids (one per event of a document of up to a
// million).
func (s *Service) CaptureStream(ctx context.Context, a risk.Actor, r io.Reader) (*CaptureResult, error) {
	if !CanCapture(a) {
		return nil, forbidden("无权采集追溯事件。", "Not allowed to capture traceability events.")
	}
	now := s.Now().UTC()
	c := &Capture{At: now, ActorID: a.UserID}
	if a.Role == risk.RoleEnterprise {
		c.EnterpriseID = a.EnterpriseID
	}
	err := s.Store.CaptureStream(ctx, c, func(w CaptureWriter) error {
		doc, err := epcis.Stream(r, StreamChunk, func(docCtx json.RawMessage, evs []*epcis.Event) error {
			var hashes, ids []string
			for _, ev := range evs {
				hashes = append(hashes, ev.Hash)
				if ev.EventID != "" {
					ids = append(ids, ev.EventID)
				}
			}
			held, err := w.Held(ctx, hashes, ids)
			if err != nil {
				return err
			}
			c.Records, c.Declarations = nil, nil
			s.sortOut(c, evs, held, now, contextOf(docCtx))
			c.Result.EventIDs = nil
			if err := w.Write(ctx, c); err != nil {
				return err
			}
			return nil
		})
		if err != nil {
			return err
		}
		c.Records, c.Declarations = nil, nil
		c.Created = doc.CreationDate.UTC()
		c.Audit = captureAudit(a, &c.Result)
		return nil
	})
	if err != nil {
		return nil, err
	}
	c.Result.CaptureID = c.ID
	return &c.Result, nil
}

// CaptureXML is Capture for a document in the XML binding, read into its
// JSON-LD form first (epcis.FromXML).
func (s *Service) CaptureXML(ctx context.Context, a risk.Actor, body []byte) (*CaptureResult, error) {
	if !CanCapture(a) {
		return nil, forbidden("无权采集追溯事件。", "Not allowed to capture traceability events.")
	}
	j, err := epcis.FromXML(body)
	if err != nil {
		return nil, err
	}
	return s.Capture(ctx, a, j)
}

// record makes the stored form of a new event: the eventID given, or the
// hash; the body as received with recordTime, eventID and the document's
// JSON-LD context added so that it stands alone in query results.
func (s *Service) record(ev *epcis.Event, now time.Time, ctxEntries []json.RawMessage) *Record {
	r := &Record{Event: ev, EventID: ev.EventID, RecordTime: now}
	if r.EventID == "" {
		r.EventID = ev.Hash
	}
	var m map[string]json.RawMessage
	_ = json.Unmarshal(ev.Raw, &m) // Parse has read it as an object
	m["eventID"], _ = json.Marshal(r.EventID)
	m["recordTime"], _ = json.Marshal(now.Format("2006-01-02T15:04:05.000Z"))
	if _, ok := m["@context"]; !ok && len(ctxEntries) > 0 {
		m["@context"], _ = json.Marshal(ctxEntries)
	}
	r.Body, _ = json.Marshal(m)
	return r
}

// contextOf returns the document's own @context entries: those besides the
// standard EPCIS context, which query documents carry anyway.
func contextOf(raw json.RawMessage) []json.RawMessage {
	var l []json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		l = []json.RawMessage{raw}
	}
	var out []json.RawMessage
	for _, e := range l {
		var s string
		if json.Unmarshal(e, &s) == nil && strings.Contains(s, "epcis-context.jsonld") {
			continue
		}
		out = append(out, e)
	}
	return out
}

// QueryInput is a SimpleEventQuery as the REST binding gives it: each
// parameter's values (repeated parameters, or values separated by |).
type QueryInput map[string][]string

// queryParams are the parameters Events understands.
var queryParams = []string{"eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime", "EQ_bizStep", "EQ_disposition", "MATCH_epc",
	"MATCH_anyEPC", "MATCH_epcClass", "EQ_bizLocation", "EXISTS_errorDeclaration", "perPage", "nextPageToken"}

// Page is a page of query results.
type Page struct {
	Events []json.RawMessage
	Next   string // nextPageToken; "" on the last page
}

// Events answers a SimpleEventQuery.
func (s *Service) Events(ctx context.Context, a risk.Actor, in QueryInput) (*Page, error) {
	if !CanQuery(a) {
		return nil, forbidden("无权查询追溯事件。", "Not allowed to query traceability events.")
	}
	f, err := ParseQuery(in)
	if err != nil {
		return nil, err
	}
	if a.Role == risk.RoleEnterprise {
		f.EnterpriseID = a.EnterpriseID
	}
	evs, err := s.Store.Events(ctx, f)
	if err != nil {
		return nil, err
	}
	p := &Page{}
	if len(evs) > f.Limit {
		evs = evs[:f.Limit]
		p.Next = pageToken(evs[len(evs)-1].ID)
	}
	for _, e := range evs {
		p.Events = append(p.Events, withDeclaration(e))
	}
	return p, nil
}

// DefaultPerPage and MaxPerPage bound a query page.
const (
	DefaultPerPage = 30
	MaxPerPage     = 500
)

// ParseQuery reads the query parameters into a Filter; an unknown
// parameter, time, vocabulary term or identifier is a bilingual error
// naming the parameter.
func ParseQuery(in QueryInput) (Filter, error) {
	var v risk.Validation
	f := Filter{Limit: DefaultPerPage}
	vals := func(k string) []string {
		var out []string
		for _, s := range in[k] {
			for _, p := range strings.Split(s, "|") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
		}
		return out
	}
	for k := range in {
		if !slices.Contains(queryParams, k) {
			v.Add(k, "不支持的查询参数 "+k+"。", "unsupported query parameter "+k+".")
		}
	}
	for _, t := range vals("eventType") {
		if !slices.Contains(epcis.EventTypes, t) {
			v.Add("eventType", fmt.Sprintf("事件类型 %q 无效。", t), fmt.Sprintf("event type %q is invalid.", t))
		}
		f.EventTypes = append(f.EventTypes, t)
	}
	tm := func(k string) time.Time {
		l := vals(k)
		if len(l) == 0 {
			return time.Time{}
		}
		// A "+" of an offset sent unescaped in a query string arrives as a space.
		t, err := epcis.ParseTime(strings.Replace(l[0], " ", "+", 1))
		if err != nil {
			v.Add(k, k+" 应为带时区的日期时间（RFC 3339）。", k+" must be a date-time with offset (RFC 3339).")
		}
		return t.UTC()
	}
	f.GETime, f.LTTime, f.GERecordTime = tm("GE_eventTime"), tm("LT_eventTime"), tm("GE_recordTime")
	for _, b := range vals("EQ_bizStep") {
		t, _, ok := epcis.BizSteps.Term(b)
		if !ok {
			v.Add("EQ_bizStep", fmt.Sprintf("%q 不是 CBV 业务步骤。", b), fmt.Sprintf("%q is not a CBV business step.", b))
		}
		f.BizSteps = append(f.BizSteps, t)
	}
	for _, d := range vals("EQ_disposition") {
		t, _, ok := epcis.Dispositions.Term(d)
		if !ok {
			v.Add("EQ_disposition", fmt.Sprintf("%q 不是 CBV 处置状态。", d), fmt.Sprintf("%q is not a CBV disposition.", d))
		}
		f.Dispositions = append(f.Dispositions, t)
	}
	for _, l := range vals("EQ_bizLocation") {
		e, err := ident.ParseEPC("EQ_bizLocation", l)
		v.AddErr("EQ_bizLocation", err)
		f.BizLocations = append(f.BizLocations, e.Key)
	}
	matches := func(k string) []Match {
		var out []Match
		for _, s := range vals(k) {
			m, err := MatchOf(k, s)
			v.AddErr(k, err)
			out = append(out, m)
		}
		return out
	}
	f.MatchEPC, f.MatchAnyEPC, f.MatchClass = matches("MATCH_epc"), matches("MATCH_anyEPC"), matches("MATCH_epcClass")
	if l := vals("EXISTS_errorDeclaration"); len(l) > 0 {
		t := l[0] != "false"
		f.ErrorDeclared = &t
	}
	if l := vals("perPage"); len(l) > 0 {
		if _, err := fmt.Sscan(l[0], &f.Limit); err != nil || f.Limit < 1 || f.Limit > MaxPerPage {
			v.Add("perPage", fmt.Sprintf("perPage 应为 1–%d。", MaxPerPage), fmt.Sprintf("perPage must be 1–%d.", MaxPerPage))
		}
	}
	if l := vals("nextPageToken"); len(l) > 0 {
		id, ok := parsePageToken(l[0])
		if !ok {
			v.Add("nextPageToken", "nextPageToken 无效。", "nextPageToken is invalid.")
		}
		f.After = id
	}
	return f, v.Err()
}

// MatchOf reads an identifier or pattern of a MATCH_ parameter: an EPC URN,
// a Digital Link, or an EPC pattern URN whose serial is * (urn:epc:idpat:
// sgtin:…*: every instance of the GTIN).
func MatchOf(field, s string) (Match, error) {
	e, err := ident.ParseEPC(field, s)
	if err != nil {
		return Match{}, err
	}
	if e.Scheme == "sgtin-pattern" {
		return Match{Key: e.Key + "/", Prefix: true}, nil
	}
	return Match{Key: e.Key}, nil
}

// pageToken writes the keyset position of a page's last event.
func pageToken(id int64) string { return fmt.Sprintf("e%x", id) }

func parsePageToken(s string) (int64, bool) {
	var id int64
	if _, err := fmt.Sscanf(s, "e%x", &id); err != nil || id <= 0 || pageToken(id) != s {
		return 0, false
	}
	return id, true
}

// TraceInput asks for a trace.
type TraceInput struct {
	ID       string
	From, To time.Time
	MaxItems int
}

// Result is a trace as the API answers it.
type Result struct {
	Direction Direction             `json:"direction"`
	Start     string                `json:"start"`
	Items     []string              `json:"items"`
	Parties   []string              `json:"parties"`
	Events    []*EventSummary       `json:"events"`
	Paths     map[string][]PathStep `json:"paths"`
	Complete  bool                  `json:"complete"`
}

// PathStep is one step of the path to an item.
type PathStep struct {
	ID       string   `json:"id"`
	Event    string   `json:"event_id,omitempty"`
	Relation Relation `json:"relation"`
}

// Trace follows the chain from an identifier (an EPC, or a class such as
// an LGTIN lot) in direction d (see Walk).
func (s *Service) Trace(ctx context.Context, a risk.Actor, d Direction, in TraceInput) (*Result, error) {
	if !CanTrace(a) {
		return nil, forbidden("无权进行追溯查询。", "Not allowed to trace.")
	}
	var v risk.Validation
	e, err := ident.ParseEPC("id", in.ID)
	v.AddErr("id", err)
	if !in.From.IsZero() && !in.To.IsZero() && !in.From.Before(in.To) {
		v.Add("to", "结束时间应晚于开始时间。", "to must be after from.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	start, err := s.Store.Item(ctx, e.Key)
	if err != nil {
		return nil, err
	}
	w, err := s.walk(ctx, d, start, Window{From: in.From, To: in.To, MaxItems: in.MaxItems})
	if err != nil {
		return nil, err
	}
	return s.resolve(ctx, d, w)
}

// resolve names a walk's numbers.
func (s *Service) resolve(ctx context.Context, d Direction, w *Walked) (*Result, error) {
	ids := append(slices.Clone(w.Items), w.Parties...)
	names, err := s.Store.Names(ctx, ids)
	if err != nil {
		return nil, err
	}
	evs, err := s.Store.Summaries(ctx, w.Events)
	if err != nil {
		return nil, err
	}
	evID := map[int64]string{}
	for _, e := range evs {
		evID[e.ID] = e.EventID
	}
	r := &Result{Direction: d, Start: names[w.Items[0]], Items: []string{}, Parties: []string{}, Events: evs,
		Paths: map[string][]PathStep{}, Complete: w.Complete}
	if r.Events == nil {
		r.Events = []*EventSummary{}
	}
	for i, it := range w.Items {
		r.Items = append(r.Items, names[it])
		var path []PathStep
		for _, st := range w.Paths[i] {
			path = append(path, PathStep{ID: names[st.Item], Event: evID[st.Event], Relation: st.Relation})
		}
		r.Paths[names[it]] = path
	}
	for _, p := range w.Parties {
		r.Parties = append(r.Parties, names[p])
	}
	slices.Sort(r.Parties)
	return r, nil
}

// withDeclaration returns the body of a stored event with the error
// declaration made against it, as a query shows it.
func withDeclaration(e StoredEvent) json.RawMessage {
	if len(e.ErrorDeclaration) == 0 {
		return e.Body
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(e.Body, &m); err != nil {
		return e.Body
	}
	m["errorDeclaration"] = e.ErrorDeclaration
	b, err := json.Marshal(m)
	if err != nil {
		return e.Body
	}
	return b
}
