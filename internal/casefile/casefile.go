// Package casefile is the risk case (风险案件): the file that gathers the
// signals about one product risk and carries it through assessment,
// warnings and measures. A case belongs to a department and is assigned to
// an officer; it may be shared with other departments, which then see it
// and its signals. ("case" is a Go keyword, hence the name.)
package casefile

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// Status of a case. Values are stored.
type Status string

// Case statuses.
const (
	StatusOpen   Status = "open"
	StatusClosed Status = "closed"
)

var statusLabels = risk.Labels{string(StatusOpen): {"办理中", "Open"}, string(StatusClosed): {"已结案", "Closed"}}

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// actionLabels name the lifecycle's actions in its messages.
var actionLabels = risk.Labels{"close": {"结案", "close"}, "reopen": {"重新开启", "reopen"}}

var lifecycle = risk.Machine{Name: "案件 case", StateNames: statusLabels, ActionNames: actionLabels, Next: map[string]map[string]string{
	string(StatusOpen):   {"close": string(StatusClosed)},
	string(StatusClosed): {"reopen": string(StatusOpen)},
}}

// Lifecycle is the case state machine (for tests and pages).
func Lifecycle() risk.Machine { return lifecycle }

// Case is a risk case.
type Case struct {
	ID               risk.ID   `json:"id"`
	Number           string    `json:"number"`
	Title            string    `json:"title"`
	Summary          string    `json:"summary"`
	Dept             string    `json:"dept"`
	AssigneeID       risk.ID   `json:"assignee_id,omitempty"`
	Assignee         string    `json:"assignee,omitempty"`      // login
	AssigneeName     string    `json:"assignee_name,omitempty"` // the person's name, for pages
	Status           Status    `json:"status"`
	RecallCompletion *float64  `json:"recall_completion,omitempty"` // 0..100, until recalls have their own records
	SharedWith       []string  `json:"shared_with"`
	Signals          int       `json:"signals"`
	CreatedBy        string    `json:"created_by"`
	CreatedAt        time.Time `json:"created_at"`
	UpdatedAt        time.Time `json:"updated_at"`
	Version          int       `json:"version"`
}

// Filter selects cases.
type Filter struct {
	Text     string
	Status   Status
	Dept     string
	Assignee string // login
	// Unassigned keeps the cases nobody is assigned to.
	Unassigned bool
	Viewer     string // department of the viewer; "" = all (set by the service)
	risk.Paging
}

// User is what the case service needs to know of an assignee.
type User struct {
	ID   risk.ID
	Dept string
	Role risk.Role
}

// Store is the persistence of cases.
type Store interface {
	// Open creates a case and moves the signals into it (status triaged);
	// ErrConflict if any signal is no longer new or is in a case.
	Open(ctx context.Context, c *Case, signals []risk.ID, ae audit.Entry) error
	AddSignals(ctx context.Context, id risk.ID, signals []risk.ID, ae audit.Entry) error
	Get(ctx context.Context, id risk.ID) (*Case, error)
	List(ctx context.Context, f Filter) ([]*Case, int, error)
	// Update writes dept, assignee, status, title, summary and recall
	// completion if the stored version is c.Version-1.
	Update(ctx context.Context, c *Case, ae audit.Entry) error
	Share(ctx context.Context, id risk.ID, dept string, ae audit.Entry) error
	UserByLogin(ctx context.Context, login string) (*User, error)
	// SignalState returns a signal's department, status and case.
	SignalState(ctx context.Context, id risk.ID) (dept, status string, caseID risk.ID, err error)
	// History returns the audit entries about case id and the records
	// that sc admits, newest first, at most sc.Limit.
	History(ctx context.Context, id risk.ID, sc HistoryScope) ([]*audit.Entry, error)
}

// Dossier is a case with the history its reader may see: the entries
// about the case, its assessments and the warnings drawn from it that the
// reader may read.
type Dossier struct {
	Case    *Case
	History []*audit.Entry
}

// HistoryScope says which records' entries a case's history holds besides
// the case's own and its assessments'.
type HistoryScope struct {
	Warnings bool   // the entries of the case's warnings
	Viewer   string // with Warnings: only the warnings issued by or delivered to this department ("" every one)
	Limit    int    // the newest entries, at most
}

// DossierHistory is how many entries a dossier's history holds at most.
const DossierHistory = 200

// Service opens, assigns and shares cases.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
}

// CanSee reports whether a may see c: administrators see every case,
// officials their department's and those shared with it.
func CanSee(a risk.Actor, c *Case) bool {
	if a.SeesAll() {
		return true
	}
	if !risk.Can(a, risk.PermCaseRead) {
		return false
	}
	if c.Dept == a.Dept {
		return true
	}
	for _, d := range c.SharedWith {
		if d == a.Dept {
			return true
		}
	}
	return false
}

// CanEdit reports whether a may assign, transfer, share, close or add
// signals to c: case writers of the holding department, administrators and
// the system.
func CanEdit(a risk.Actor, c *Case) bool {
	return risk.Can(a, risk.PermCaseWrite) && (a.SeesAll() || a.Dept == c.Dept)
}

func notFound() error { return risk.Errorf(risk.ErrNotFound, "案件不存在。 / No such case.") }

func forbidden() error {
	return risk.Errorf(risk.ErrForbidden, "无权处理该案件。 / Not allowed to act on this case.")
}

// OpenInput opens a case.
type OpenInput struct {
	Title    string    `json:"title"`
	Summary  string    `json:"summary"`
	Signals  []risk.ID `json:"signal_ids"`
	Assignee string    `json:"assignee"` // login; default the opener
}

// Limits on a case's texts, in characters (the forms' maxlength).
const (
	MaxTitle   = 200
	MaxSummary = 10_000
	MaxReason  = 2000 // the reason for closing
)

// MaxSignalsPerCall bounds how many signals one call moves.
const MaxSignalsPerCall = 500

// Open opens a case from one or more new signals the actor may see.
func (s *Service) Open(ctx context.Context, a risk.Actor, in OpenInput) (*Case, error) {
	if !risk.Can(a, risk.PermCaseWrite) {
		return nil, forbidden()
	}
	var v risk.Validation
	in.Title, in.Summary, in.Assignee = strings.TrimSpace(in.Title), strings.TrimSpace(in.Summary), strings.TrimSpace(in.Assignee)
	v.Text("title", in.Title, MaxTitle, true, "案件标题", "the title")
	v.Paragraph("summary", in.Summary, MaxSummary, false, "案件摘要", "the summary")
	s.checkSignals(ctx, a, in.Signals, &v)
	c := &Case{Title: in.Title, Summary: in.Summary, Dept: a.Dept, Status: StatusOpen, CreatedBy: a.Label(), Version: 1}
	if a.Dept == "" {
		v.Add("dept", "开立案件的用户须属于一个部门。", "the user opening a case must belong to a department.")
	}
	assignee := in.Assignee
	if assignee == "" {
		assignee = a.Login
	}
	s.checkAssignee(ctx, assignee, c.Dept, &v, c)
	if err := v.Err(); err != nil {
		return nil, err
	}
	ae := audit.New(a, "case.open", "case", 0, "开立案件："+c.Title+" / case opened").
		WithChange(nil, map[string]any{"title": c.Title, "dept": c.Dept, "assignee": c.Assignee, "signals": in.Signals})
	if err := s.Store.Open(ctx, c, in.Signals, ae); err != nil {
		return nil, err
	}
	return c, nil
}

func (s *Service) checkSignals(ctx context.Context, a risk.Actor, ids []risk.ID, v *risk.Validation) {
	switch {
	case len(ids) == 0:
		v.Add("signal_ids", "至少选择一条风险信息。", "choose at least one signal.")
		return
	case len(ids) > MaxSignalsPerCall:
		v.Add("signal_ids", fmt.Sprintf("一次最多 %d 条风险信息。", MaxSignalsPerCall), fmt.Sprintf("at most %d signals at once.", MaxSignalsPerCall))
		return
	}
	seen := map[risk.ID]bool{}
	for i, id := range ids {
		field := fmt.Sprintf("signal_ids[%d]", i)
		if seen[id] {
			v.Add(field, fmt.Sprintf("风险信息 %d 重复。", id), fmt.Sprintf("signal %d is listed twice.", id))
			continue
		}
		seen[id] = true
		dept, status, caseID, err := s.Store.SignalState(ctx, id)
		switch {
		case err != nil || (dept != a.Dept && !a.SeesAll()):
			v.Add(field, fmt.Sprintf("风险信息 %d 不存在或不属于本部门。", id), fmt.Sprintf("signal %d does not exist or is not your department's.", id))
		case caseID != 0:
			v.Add(field, fmt.Sprintf("风险信息 %d 已归入案件。", id), fmt.Sprintf("signal %d is already in a case.", id))
		case status != "new":
			v.Add(field, fmt.Sprintf("风险信息 %d 已不是待研判状态，只有待研判的信息可以归入案件。", id), fmt.Sprintf("signal %d is no longer to triage; only signals to triage can join a case.", id))
		}
	}
}

func (s *Service) checkAssignee(ctx context.Context, login, dept string, v *risk.Validation, c *Case) {
	u, err := s.Store.UserByLogin(ctx, login)
	switch {
	case err != nil:
		v.Add("assignee", "用户 "+login+" 不存在。", "no user "+login+".")
	case u.Dept != dept:
		v.Add("assignee", "承办人须属于案件所属部门。", "the assignee must belong to the case's department.")
	case u.Role != risk.RoleOfficer && u.Role != risk.RoleAdmin:
		v.Add("assignee", "承办人须为风险管理人员。", "the assignee must be a risk officer.")
	default:
		c.AssigneeID, c.Assignee = u.ID, login
	}
}

// Get returns a case a may see.
// Exists answers nil when a may see case id, else the error Get answers.
func (s *Service) Exists(ctx context.Context, a risk.Actor, id risk.ID) error {
	_, err := s.Get(ctx, a, id)
	return err
}

func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Case, error) {
	c, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSee(a, c) {
		if !risk.Can(a, risk.PermCaseRead) {
			return nil, risk.Errorf(risk.ErrForbidden, "无权查看案件。 / Not allowed to read cases.")
		}
		return nil, notFound()
	}
	return c, nil
}

// Dossier returns a case a may see with its history: the case's and its
// assessments' entries, and those of its warnings for who may read
// warnings, as warning.Service.List shows them (administrators every one,
// officials those issued by or delivered to their department).
func (s *Service) Dossier(ctx context.Context, a risk.Actor, id risk.ID) (*Dossier, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	sc := HistoryScope{Warnings: risk.Can(a, risk.PermWarningRead), Limit: DossierHistory}
	if sc.Warnings && !a.SeesAll() {
		sc.Viewer = a.Dept
	}
	h, err := s.Store.History(ctx, id, sc)
	if err != nil {
		return nil, err
	}
	return &Dossier{Case: c, History: h}, nil
}

// List returns the cases a may see.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Case, int, error) {
	if !risk.Can(a, risk.PermCaseRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看案件。 / Not allowed to read cases.")
	}
	var v risk.Validation
	f.Text = strings.TrimSpace(f.Text)
	v.Text("q", f.Text, 100, false, "查询文字", "the query")
	switch f.Status {
	case "", StatusOpen, StatusClosed:
	default:
		v.Add("status", "状态只能是 open 或 closed。", "status must be open or closed.")
	}
	if f.Dept != "" && !s.Sets.Depts[f.Dept] {
		v.Add("dept", "部门代码无效。", "unknown department.")
	}
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	f.Viewer = ""
	if !a.SeesAll() {
		f.Viewer = a.Dept
	}
	return s.Store.List(ctx, f)
}

// AddSignals moves more new signals into an open case.
func (s *Service) AddSignals(ctx context.Context, a risk.Actor, id risk.ID, ids []risk.ID) error {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if !CanEdit(a, c) {
		return forbidden()
	}
	if c.Status != StatusOpen {
		return risk.Errorf(risk.ErrConflict, "案件已结案，不能加入风险信息。 / The case is closed; reopen it first.")
	}
	var v risk.Validation
	s.checkSignals(ctx, a, ids, &v)
	if err := v.Err(); err != nil {
		return err
	}
	ae := audit.New(a, "case.add_signals", "case", id, fmt.Sprintf("案件 %s 加入 %d 条风险信息 / %d signals added", c.Number, len(ids), len(ids))).
		WithChange(nil, map[string]any{"signals": ids})
	return s.Store.AddSignals(ctx, id, ids, ae)
}

// Change is an edit of a case; nil fields are left alone. Version must be
// the version read.
type Change struct {
	Version          int      `json:"version"`
	Title            *string  `json:"title"`
	Summary          *string  `json:"summary"`
	Dept             *string  `json:"dept"`     // transfer to another department
	Assignee         *string  `json:"assignee"` // login
	Action           *string  `json:"action"`   // close or reopen
	Reason           string   `json:"reason"`   // for close
	RecallCompletion *float64 `json:"recall_completion"`
}

// Update edits, reassigns, transfers, closes or reopens a case.
func (s *Service) Update(ctx context.Context, a risk.Actor, id risk.ID, ch Change) (*Case, error) {
	old, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanEdit(a, old) {
		return nil, forbidden()
	}
	c := *old
	var v risk.Validation
	if ch.Version <= 0 {
		v.Add("version", "缺少版本号，请刷新后重试。", "the form lacks the version of the case; reload and try again.")
	}
	if ch.Title != nil {
		c.Title = strings.TrimSpace(*ch.Title)
		v.Text("title", c.Title, MaxTitle, true, "案件标题", "the title")
	}
	if ch.Summary != nil {
		c.Summary = strings.TrimSpace(*ch.Summary)
		v.Paragraph("summary", c.Summary, MaxSummary, false, "案件摘要", "the summary")
	}
	if ch.Dept != nil && *ch.Dept != c.Dept {
		if !s.Sets.Depts[*ch.Dept] {
			v.Add("dept", "部门代码无效。", "unknown department.")
		}
		c.Dept = *ch.Dept
		if ch.Assignee == nil {
			c.AssigneeID, c.Assignee = 0, "" // the receiving department assigns
		}
	}
	if ch.Assignee != nil {
		if *ch.Assignee == "" {
			c.AssigneeID, c.Assignee = 0, ""
		} else {
			s.checkAssignee(ctx, *ch.Assignee, c.Dept, &v, &c)
		}
	}
	if ch.RecallCompletion != nil {
		if !(*ch.RecallCompletion >= 0 && *ch.RecallCompletion <= 100) { // also refuses NaN
			v.Add("recall_completion", "召回完成率须在 0–100 之间。", "the recall completion must be 0–100.")
		}
		rc := *ch.RecallCompletion
		c.RecallCompletion = &rc
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if ch.Action != nil {
		to, err := lifecycle.Step(string(c.Status), *ch.Action)
		if err != nil {
			return nil, err
		}
		if *ch.Action == "close" {
			v.Paragraph("reason", ch.Reason, MaxReason, true, "结案理由", "the reason for closing")
			if err := v.Err(); err != nil {
				return nil, err
			}
		}
		c.Status = Status(to)
	}
	if ch.Version != old.Version {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "version",
			Message: risk.Bilingual("案件已被他人修改，请刷新后重试。", "the case was changed by someone else; reload and try again.")}
	}
	c.Version = old.Version + 1
	before, after := diff(old, &c)
	if ch.Reason != "" {
		after["reason"] = ch.Reason
	}
	ae := audit.New(a, "case.update", "case", id, "修改案件 "+c.Number+" / case updated").WithChange(before, after)
	if err := s.Store.Update(ctx, &c, ae); err != nil {
		return nil, err
	}
	return &c, nil
}

func diff(a, b *Case) (before, after map[string]any) {
	before, after = map[string]any{}, map[string]any{}
	cmp := func(k string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			before[k], after[k] = x, y
		}
	}
	cmp("title", a.Title, b.Title)
	cmp("summary", a.Summary, b.Summary)
	cmp("dept", a.Dept, b.Dept)
	cmp("assignee", a.Assignee, b.Assignee)
	cmp("status", a.Status, b.Status)
	rc := func(p *float64) any {
		if p == nil {
			return nil
		}
		return *p
	}
	cmp("recall_completion", rc(a.RecallCompletion), rc(b.RecallCompletion))
	return before, after
}

// Share lets another department see the case and its signals.
func (s *Service) Share(ctx context.Context, a risk.Actor, id risk.ID, dept string) error {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	if !CanEdit(a, c) {
		return forbidden()
	}
	if !s.Sets.Depts[dept] || dept == c.Dept {
		return risk.Invalid("dept", "请选择另一个有效的部门。", "choose another valid department.")
	}
	for _, d := range c.SharedWith {
		if d == dept {
			return nil
		}
	}
	deptZh, deptEn := catalog.Label("departments", dept)
	ae := audit.New(a, "case.share", "case", id, "案件 "+c.Number+" 共享给"+deptZh+" / case shared with "+deptEn)
	return s.Store.Share(ctx, id, dept, ae)
}
