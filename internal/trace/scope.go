package trace

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/measure"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// GLNKind is what a Global Location Number stands for in riskgate. Values
// are stored.
type GLNKind string

// GLN kinds.
const (
	GLNPort       GLNKind = "port"       // a port: a customs district code (关区代码)
	GLNEnterprise GLNKind = "enterprise" // an enterprise of the register (by its USCC)
)

var glnKindLabels = risk.Labels{
	string(GLNPort):       {"口岸", "Port"},
	string(GLNEnterprise): {"企业", "Enterprise"},
}

// Label names the kind.
func (k GLNKind) Label() (zh, en string) { return glnKindLabels.Of(string(k)) }

// GLNKinds are the kinds, in the order forms offer them.
var GLNKinds = []GLNKind{GLNEnterprise, GLNPort}

// GLN is one entry of the GLN register: a Global Location Number (of a
// place, sgln, or of a party, pgln) and the port or enterprise riskgate
// knows it as. A trace's places and parties become ports and enterprises
// through it.
type GLN struct {
	GLN          string    `json:"gln"` // 13 digits
	Kind         GLNKind   `json:"kind"`
	Port         string    `json:"port,omitempty"`
	EnterpriseID risk.ID   `json:"enterprise_id,omitempty"`
	USCC         string    `json:"uscc,omitempty"`
	Name         string    `json:"name"` // the port's or the enterprise's Chinese name
	Note         string    `json:"note,omitempty"`
	CreatedBy    string    `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// GLNInput records a GLN: for a port its code, for an enterprise its USCC.
type GLNInput struct {
	GLN  string  `json:"gln"` // 13 digits, or an sgln/pgln URN or Digital Link
	Kind GLNKind `json:"kind"`
	Port string  `json:"port"`
	USCC string  `json:"uscc"`
	Note string  `json:"note"`
}

// MaxGLNNote bounds a GLN entry's note.
const MaxGLNNote = 500

// Firms finds enterprises of the register by USCC.
type Firms interface {
	GetByUSCC(ctx context.Context, uscc string) (*enterprise.Enterprise, error)
}

// Warnings reads the warning a trace scopes measures of.
type Warnings interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*warning.Warning, error)
}

// Measures plans measures (measure.Service.Plan: one transaction, each
// with its audit entry).
type Measures interface {
	Plan(ctx context.Context, a risk.Actor, warningID risk.ID, ins []measure.Input) ([]*measure.Measure, error)
}

// Recalls reads a recall and adds what a trace found to it
// (recall.Service).
type Recalls interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*recall.Recall, error)
	AddTraced(ctx context.Context, a risk.Actor, id risk.ID, t recall.Traced) (*recall.Recall, error)
}

// CanMapGLN reports whether a may keep the GLN register: it belongs with
// the enterprise register, so those who keep that (officers,
// administrators).
func CanMapGLN(a risk.Actor) bool { return risk.Can(a, risk.PermEnterpriseWrite) }

// ParseGLN reads a GLN: 13 digits with the GS1 check digit, or an sgln or
// pgln EPC URN or Digital Link, whose GLN it returns.
func ParseGLN(field, s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) == 13 && strings.Trim(s, "0123456789") == "" {
		s = "https://id.gs1.org/417/" + s
	}
	e, err := ident.ParseEPC(field, s)
	if err != nil {
		return "", err
	}
	if g := glnOf(e); g != "" {
		return g, nil
	}
	return "", risk.Invalid(field, fmt.Sprintf("%s 不是全球位置码（GLN：13 位数字，或 sgln、pgln 标识）。", s),
		fmt.Sprintf("%s is not a Global Location Number (GLN: 13 digits, or an sgln or pgln identifier).", s))
}

// glnOf returns the GLN of a place (…/414/GLN[/254/ext]) or party
// (…/417/GLN) identifier, "" for another.
func glnOf(e ident.EPC) string {
	if e.Scheme != "sgln" && e.Scheme != "pgln" && !strings.HasPrefix(e.Key, "https://id.gs1.org/41") {
		return ""
	}
	rest, ok := strings.CutPrefix(e.Key, "https://id.gs1.org/414/")
	if !ok {
		rest, ok = strings.CutPrefix(e.Key, "https://id.gs1.org/417/")
	}
	if !ok || len(rest) < 13 {
		return ""
	}
	return rest[:13]
}

// MapGLN records (or replaces) what a GLN stands for, with its audit entry.
func (s *Service) MapGLN(ctx context.Context, a risk.Actor, in GLNInput) (*GLN, error) {
	if !CanMapGLN(a) {
		return nil, forbidden("无权维护全球位置码（GLN）登记。", "Not allowed to keep the GLN register.")
	}
	var v risk.Validation
	g := &GLN{Kind: in.Kind, Note: strings.TrimSpace(in.Note), CreatedBy: a.Label(), CreatedAt: s.Now().UTC()}
	var err error
	g.GLN, err = ParseGLN("gln", in.GLN)
	v.AddErr("gln", err)
	v.Text("note", g.Note, MaxGLNNote, false, "备注", "the note")
	switch in.Kind {
	case GLNPort:
		g.Port = strings.TrimSpace(in.Port)
		if g.Name, _ = catalog.Label("ports", g.Port); g.Port == "" || g.Name == g.Port {
			v.Add("port", fmt.Sprintf("口岸代码 %q 不在口岸目录中。", g.Port), fmt.Sprintf("port code %q is not in the ports catalogue.", g.Port))
		}
	case GLNEnterprise:
		u, err := ident.ParseUSCC(strings.ToUpper(strings.TrimSpace(in.USCC)))
		if err != nil {
			v.AddErr("uscc", err)
			break
		}
		f, err := s.Firms.GetByUSCC(ctx, string(u))
		if errors.Is(err, risk.ErrNotFound) {
			v.Add("uscc", "企业名录中没有该统一社会信用代码的企业，请先登记企业。", "no enterprise with this USCC is in the register; register it first.")
			break
		}
		if err != nil {
			return nil, err
		}
		g.EnterpriseID, g.USCC, g.Name = f.ID, f.USCC, f.NameZh
	default:
		v.Add("kind", "类型应为口岸（port）或企业（enterprise）。", "kind must be port or enterprise.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	zh, en := g.Kind.Label()
	ae := audit.New(a, "trace.gln", "trace_gln", 0, risk.Bilingual(fmt.Sprintf("登记全球位置码 %s：%s %s", g.GLN, zh, g.Name),
		fmt.Sprintf("GLN %s recorded: %s %s", g.GLN, strings.ToLower(en), g.Name))).WithChange(nil, g)
	if err := s.Store.SaveGLN(ctx, g, ae); err != nil {
		return nil, err
	}
	return g, nil
}

// UnmapGLN removes a GLN from the register, with its audit entry
// (risk.ErrNotFound when it is not there).
func (s *Service) UnmapGLN(ctx context.Context, a risk.Actor, gln string) error {
	if !CanMapGLN(a) {
		return forbidden("无权维护全球位置码（GLN）登记。", "Not allowed to keep the GLN register.")
	}
	g, err := ParseGLN("gln", gln)
	if err != nil {
		return err
	}
	ae := audit.New(a, "trace.gln_remove", "trace_gln", 0, risk.Bilingual("删除全球位置码登记 "+g, "GLN "+g+" removed from the register"))
	return s.Store.DeleteGLN(ctx, g, ae)
}

// GLNs lists the register (officials and those who trace).
func (s *Service) GLNs(ctx context.Context, a risk.Actor) ([]GLN, error) {
	if !CanMapGLN(a) && !CanTrace(a) {
		return nil, forbidden("无权查看全球位置码（GLN）登记。", "Not allowed to see the GLN register.")
	}
	return s.glns(ctx, nil)
}

// glns reads the register's entries, naming ports from the catalogue.
func (s *Service) glns(ctx context.Context, glns []string) ([]GLN, error) {
	l, err := s.Store.GLNs(ctx, glns)
	for i := range l {
		if l[i].Kind == GLNPort {
			l[i].Name, _ = catalog.Label("ports", l[i].Port)
		}
	}
	return l, err
}

// Scoped is a trace with what riskgate makes of it: the lots reached, the
// ports and enterprises its places and parties are (through the GLN
// register), and the places and parties it does not know.
type Scoped struct {
	*Result
	Lots        []ScopeLot   `json:"lots"`
	Ports       []ScopePort  `json:"ports"`
	Enterprises []ScopeFirm  `json:"enterprises"`
	Unmapped    []ScopeParty `json:"unmapped"` // places and parties that are no port or enterprise riskgate knows
}

// ScopeLot is a lot (an LGTIN) the trace reached.
type ScopeLot struct {
	ID    string `json:"id"`
	GTIN  string `json:"gtin"` // GTIN-13 where the GTIN-14 starts with 0
	Batch string `json:"batch"`
}

// ScopePort is a port the trace passed, with the identifiers that are it.
type ScopePort struct {
	Code string   `json:"code"`
	Name string   `json:"name"`
	Via  []string `json:"via"`
}

// ScopeFirm is an enterprise of the register the trace reached.
type ScopeFirm struct {
	EnterpriseID risk.ID  `json:"enterprise_id"`
	USCC         string   `json:"uscc"`
	Name         string   `json:"name"`
	Via          []string `json:"via"`
}

// ScopeParty is a place or party the register does not know.
type ScopeParty struct {
	ID  string `json:"id"`
	GLN string `json:"gln,omitempty"`
}

// Scope traces and maps the result (CanTrace).
func (s *Service) Scope(ctx context.Context, a risk.Actor, d Direction, in TraceInput) (*Scoped, error) {
	r, err := s.Trace(ctx, a, d, in)
	if err != nil {
		return nil, err
	}
	return s.scopeOf(ctx, r)
}

func (s *Service) scopeOf(ctx context.Context, r *Result) (*Scoped, error) {
	sc := &Scoped{Result: r, Lots: []ScopeLot{}, Ports: []ScopePort{}, Enterprises: []ScopeFirm{}, Unmapped: []ScopeParty{}}
	for _, it := range r.Items {
		if l, ok := lotOf(it); ok {
			sc.Lots = append(sc.Lots, l)
		}
	}
	glnOfParty := map[string]string{}
	var glns []string
	for _, p := range r.Parties {
		e, err := ident.ParseEPC("party", p)
		if g := glnOf(e); err == nil && g != "" {
			glnOfParty[p] = g
			if !slices.Contains(glns, g) {
				glns = append(glns, g)
			}
		}
	}
	known := map[string]GLN{}
	if len(glns) > 0 {
		l, err := s.glns(ctx, glns)
		if err != nil {
			return nil, err
		}
		for _, g := range l {
			known[g.GLN] = g
		}
	}
	for _, p := range r.Parties {
		g, ok := known[glnOfParty[p]]
		switch {
		case ok && g.Kind == GLNPort:
			i := slices.IndexFunc(sc.Ports, func(x ScopePort) bool { return x.Code == g.Port })
			if i < 0 {
				sc.Ports = append(sc.Ports, ScopePort{Code: g.Port, Name: g.Name})
				i = len(sc.Ports) - 1
			}
			sc.Ports[i].Via = append(sc.Ports[i].Via, p)
		case ok && g.Kind == GLNEnterprise:
			i := slices.IndexFunc(sc.Enterprises, func(x ScopeFirm) bool { return x.EnterpriseID == g.EnterpriseID })
			if i < 0 {
				sc.Enterprises = append(sc.Enterprises, ScopeFirm{EnterpriseID: g.EnterpriseID, USCC: g.USCC, Name: g.Name})
				i = len(sc.Enterprises) - 1
			}
			sc.Enterprises[i].Via = append(sc.Enterprises[i].Via, p)
		default:
			sc.Unmapped = append(sc.Unmapped, ScopeParty{ID: p, GLN: glnOfParty[p]})
		}
	}
	return sc, nil
}

// lotOf reads the GTIN and lot of an LGTIN identifier.
func lotOf(id string) (ScopeLot, bool) {
	e, err := ident.ParseEPC("id", id)
	if err != nil || e.Scheme != "lgtin" && !strings.Contains(e.Key, "/10/") {
		return ScopeLot{}, false
	}
	rest, ok := strings.CutPrefix(e.Key, "https://id.gs1.org/01/")
	if !ok || len(rest) < 14+4 || rest[14:18] != "/10/" {
		return ScopeLot{}, false
	}
	batch, err := url.PathUnescape(rest[18:])
	if err != nil || batch == "" {
		return ScopeLot{}, false
	}
	return ScopeLot{ID: id, GTIN: shortGTIN(rest[:14]), Batch: batch}, true
}

// shortGTIN writes a GTIN-14 whose indicator is 0 as the GTIN-13 that
// declarations carry.
func shortGTIN(g string) string {
	if len(g) == 14 && g[0] == '0' {
		return g[1:]
	}
	return g
}

// LotID is the identifier of a lot of a GTIN, as a GS1 Digital Link
// (https://id.gs1.org/01/{GTIN-14}/10/{lot}), which traces take; "" when
// gtin is no GTIN or batch is empty.
func LotID(gtin, batch string) string {
	g, err := ident.ParseGTIN(gtin)
	batch = strings.TrimSpace(batch)
	if err != nil || batch == "" {
		return ""
	}
	return "https://id.gs1.org/01/" + string(g.Normalize14()) + "/10/" + url.PathEscape(batch)
}

// MeasureScope turns a scoped trace into the scope of a measure of the
// warning ws: the lots (batches and GTINs), the ports and the enterprises
// (USCCs). A field the warning restricts keeps only the values inside it
// (the others are returned as outside); a field with no value left takes
// the warning's.
func MeasureScope(sc *Scoped, ws warning.Scope) (warning.Scope, []string) {
	var out warning.Scope
	var outside []string
	add := func(vals *[]string, w []string, v string, same func(a, b string) bool) {
		if len(w) > 0 {
			i := slices.IndexFunc(w, func(x string) bool { return same(x, v) })
			if i < 0 {
				if !slices.Contains(outside, v) {
					outside = append(outside, v)
				}
				return
			}
			v = w[i]
		}
		if !slices.Contains(*vals, v) {
			*vals = append(*vals, v)
		}
	}
	eq := func(a, b string) bool { return a == b }
	gtinEq := func(a, b string) bool {
		x, err1 := ident.ParseGTIN(a)
		y, err2 := ident.ParseGTIN(b)
		return err1 == nil && err2 == nil && x.Normalize14() == y.Normalize14()
	}
	for _, l := range sc.Lots {
		add(&out.Batches, ws.Batches, l.Batch, eq)
		add(&out.GTINs, ws.GTINs, l.GTIN, gtinEq)
	}
	for _, p := range sc.Ports {
		add(&out.Ports, ws.Ports, p.Code, eq)
	}
	for _, f := range sc.Enterprises {
		add(&out.USCCs, ws.USCCs, f.USCC, eq)
	}
	return out, outside
}

// ScopeInput asks to turn a trace into scope.
type ScopeInput struct {
	TraceInput
	Direction   Direction
	MeasureType string // a warning's measure: its type (default 追溯调查 trace-investigation)
	Rev         int    // a recall: its revision
}

// norm fills the defaults: forward.
func (in *ScopeInput) norm() error {
	switch in.Direction {
	case "":
		in.Direction = Forward
	case Forward, Backward:
	default:
		return risk.Invalid("direction", "方向应为 forward（正向）或 backward（逆向）。", "direction must be forward or backward.")
	}
	return nil
}

// DefaultMeasureType is the measure a trace scopes unless another is chosen.
const DefaultMeasureType = "trace-investigation"

// PlanMeasure traces the lot and plans one measure of the warning scoped
// to what the trace reached (MeasureScope): who may trace and run the
// warning's measures (measure.CanRun), in the measure service's one
// transaction with its audit entry, which names the trace.
func (s *Service) PlanMeasure(ctx context.Context, a risk.Actor, warningID risk.ID, in ScopeInput) (*measure.Measure, *Scoped, error) {
	if err := in.norm(); err != nil {
		return nil, nil, err
	}
	if !CanTrace(a) {
		return nil, nil, forbidden("无权进行追溯查询。", "Not allowed to trace.")
	}
	w, err := s.Warnings.Get(ctx, a, warningID)
	if err != nil {
		return nil, nil, err
	}
	if !measure.CanRun(a, w) {
		return nil, nil, forbidden("只有预警签发部门的风险管理人员可以安排措施。", "Only risk officers of the issuing department may plan measures.")
	}
	sc, err := s.Scope(ctx, a, in.Direction, in.TraceInput)
	if err != nil {
		return nil, nil, err
	}
	ms, outside := MeasureScope(sc, w.Scope)
	if ms.Empty() {
		return nil, sc, risk.Errorf(risk.ErrConflict, "%s", risk.Bilingual("追溯结果中没有可纳入措施范围的批次、口岸或企业（在预警范围内）。",
			"the trace reached no lot, port or enterprise (within the warning's scope) to scope a measure with."))
	}
	typ := in.MeasureType
	if typ == "" {
		typ = DefaultMeasureType
	}
	dzh, den := in.Direction.Label()
	basis := fmt.Sprintf("依据 %s 的%s结果：批次 %d 个、口岸 %d 个、企业 %d 家", sc.Start, dzh, len(ms.Batches), len(ms.Ports), len(ms.USCCs))
	basisEn := fmt.Sprintf("from the %s trace of %s: %d lots, %d ports, %d enterprises", strings.ToLower(den), sc.Start, len(ms.Batches), len(ms.Ports), len(ms.USCCs))
	if !sc.Complete {
		basis, basisEn = basis+"（追溯链不完整）", basisEn+" (the chain is incomplete)"
	}
	if len(outside) > 0 {
		basis += "；超出预警范围未纳入：" + strings.Join(outside, "、")
		basisEn += "; outside the warning's scope, left out: " + strings.Join(outside, ", ")
	}
	out, err := s.Measures.Plan(ctx, a, warningID, []measure.Input{{Type: typ, Scope: ms, Note: basis, Basis: risk.Bilingual(basis, basisEn)}})
	if err != nil {
		return nil, sc, err
	}
	return out[0], sc, nil
}

// ScopeRecall traces the lot and adds to the recall the lots (as
// products, named as the recall's product of that GTIN, else its first)
// and the distributors (the enterprises and unknown parties reached, not
// the recalling firm itself) it does not list yet: who may trace and act
// on the recall (recall.CanAct), in one transaction with its audit entry.
func (s *Service) ScopeRecall(ctx context.Context, a risk.Actor, recallID risk.ID, in ScopeInput) (*recall.Recall, *Scoped, error) {
	if err := in.norm(); err != nil {
		return nil, nil, err
	}
	if !CanTrace(a) {
		return nil, nil, forbidden("无权进行追溯查询。", "Not allowed to trace.")
	}
	r, err := s.Recalls.Get(ctx, a, recallID)
	if err != nil {
		return nil, nil, err
	}
	if !recall.CanAct(a, r, recall.ActScope) {
		return nil, nil, forbidden("无权修改召回范围。", "Not allowed to change the recall's scope.")
	}
	sc, err := s.Scope(ctx, a, in.Direction, in.TraceInput)
	if err != nil {
		return nil, nil, err
	}
	t := RecallScope(sc, in.Direction, r)
	t.Rev = in.Rev
	out, err := s.Recalls.AddTraced(ctx, a, recallID, t)
	return out, sc, err
}

// RecallScope is what a scoped trace adds to recall r: its lots as
// products and its parties as distributors, those r lists already left out.
func RecallScope(sc *Scoped, d Direction, r *recall.Recall) recall.Traced {
	t := recall.Traced{Start: sc.Start, Direction: string(d), Complete: sc.Complete}
	dzh, den := d.Label()
	t.DirectionZh, t.DirectionEn = dzh, den
	for _, l := range sc.Lots {
		t.Lots = append(t.Lots, recall.Product{GTIN: l.GTIN, Batch: l.Batch})
	}
	for _, f := range sc.Enterprises {
		if f.EnterpriseID == r.EnterpriseID {
			continue
		}
		t.Distributors = append(t.Distributors, recall.Distributor{EnterpriseID: f.EnterpriseID, USCC: f.USCC, Name: f.Name, Party: f.Via[0]})
	}
	for _, p := range sc.Unmapped {
		t.Distributors = append(t.Distributors, recall.Distributor{Party: p.ID, GLN: p.GLN})
	}
	return t
}

// WarningLots are the lots a warning's scope names, as identifiers a trace
// takes: each of its GTINs with each of its batches.
func WarningLots(w *warning.Warning) []string {
	var out []string
	for _, g := range w.Scope.GTINs {
		for _, b := range w.Scope.Batches {
			if id := LotID(g, b); id != "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// RecallLots are the lots a recall's products name (those with a GTIN and
// a batch), as identifiers a trace takes.
func RecallLots(r *recall.Recall) []string {
	var out []string
	for _, p := range r.Products {
		if id := LotID(p.GTIN, p.Batch); id != "" && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// WarningTrace is what the warning's trace page shows: the warning, the
// lots it names, and with an identifier the scoped trace and the scope of
// the measure it would plan.
type WarningTrace struct {
	Warning *warning.Warning
	Lots    []string
	Scoped  *Scoped
	Scope   warning.Scope // of the measure PlanMeasure would plan
	Outside []string      // values the warning's scope leaves out
	CanPlan bool          // a may plan it (measure.CanRun, the warning not ended)
}

// ForWarning traces the lot for warning warningID, without writing
// anything (the identifier empty: no trace). When the trace is refused it
// returns the warning's part with the error.
func (s *Service) ForWarning(ctx context.Context, a risk.Actor, warningID risk.ID, in ScopeInput) (*WarningTrace, error) {
	if err := in.norm(); err != nil {
		return nil, err
	}
	if !CanTrace(a) {
		return nil, forbidden("无权进行追溯查询。", "Not allowed to trace.")
	}
	w, err := s.Warnings.Get(ctx, a, warningID)
	if err != nil {
		return nil, err
	}
	out := &WarningTrace{Warning: w, Lots: WarningLots(w),
		CanPlan: measure.CanRun(a, w) && w.Status != warning.StatusLifted && w.Status != warning.StatusExpired}
	if in.ID == "" {
		return out, nil
	}
	if out.Scoped, err = s.Scope(ctx, a, in.Direction, in.TraceInput); err != nil {
		return out, err // the page shows the warning with the refusal
	}
	out.Scope, out.Outside = MeasureScope(out.Scoped, w.Scope)
	return out, nil
}

// RecallTrace is what the recall's trace page shows: the recall, the lots
// it names, and with an identifier the scoped trace and what it would add.
type RecallTrace struct {
	Recall *recall.Recall
	Lots   []string
	Scoped *Scoped
	Add    recall.Traced // of which AddTraced keeps what the recall lacks
	CanAdd bool
}

// ForRecall traces the lot for recall recallID, without writing anything.
func (s *Service) ForRecall(ctx context.Context, a risk.Actor, recallID risk.ID, in ScopeInput) (*RecallTrace, error) {
	if err := in.norm(); err != nil {
		return nil, err
	}
	if !CanTrace(a) {
		return nil, forbidden("无权进行追溯查询。", "Not allowed to trace.")
	}
	r, err := s.Recalls.Get(ctx, a, recallID)
	if err != nil {
		return nil, err
	}
	out := &RecallTrace{Recall: r, Lots: RecallLots(r), CanAdd: recall.CanAct(a, r, recall.ActScope) && r.Status.Open()}
	if in.ID == "" {
		return out, nil
	}
	if out.Scoped, err = s.Scope(ctx, a, in.Direction, in.TraceInput); err != nil {
		return out, err // the page shows the recall with the refusal
	}
	out.Add = RecallScope(out.Scoped, in.Direction, r)
	return out, nil
}
