package matching

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"riskgate/internal/audit"
	"riskgate/internal/casefile"
	"riskgate/internal/foreign"
	"riskgate/internal/ident"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// Statuses of a candidate in the review queue.
const (
	Proposed  = "proposed"
	Confirmed = "confirmed"
	Rejected  = "rejected"
	// Tied candidates are below the threshold because firms that shipped
	// like goods to the notifying country tie (Candidate.Tied): listed
	// apart, decided by hand as proposed ones are.
	Tied = "tied"
)

// Statuses lists the statuses in the order the queue's tabs show them.
var Statuses = []string{Proposed, Tied, Confirmed, Rejected}

// Status is a candidate's status, named in words (risk.Labeled).
type Status string

var statusLabels = risk.Labels{Proposed: {"待审核", "To review"}, Tied: {"待人工判断", "Decide by hand"},
	Confirmed: {"已确认", "Confirmed"}, Rejected: {"已排除", "Rejected"}}

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Open lists the statuses of candidates still to decide: the ones Confirm
// and Reject take, the stores' Decide moves and the workbench counts.
var Open = []string{Proposed, Tied}

// OpenSQL is Open as an SQL list ('proposed', 'tied'), for the stores.
var OpenSQL = "'" + strings.Join(Open, "', '") + "'"

// MaxTied bounds the tied candidates stored for one notification.
const MaxTied = 5

// Stored is a candidate in the review queue.
type Stored struct {
	ID         risk.ID    `json:"id"`
	SignalID   risk.ID    `json:"signal_id"`
	Enterprise Enterprise `json:"enterprise"`
	Score      float64    `json:"score"`
	Evidence   []Evidence `json:"evidence"`
	Status     string     `json:"status"`
	Note       string     `json:"note,omitempty"`
	CaseID     risk.ID    `json:"case_id,omitempty"`
	DecidedBy  string     `json:"decided_by,omitempty"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	Dept       string     `json:"dept"` // the signal's department
	// SignalCaseID is the case the signal is in, if any.
	SignalCaseID risk.ID `json:"-"`
	// Of the notification, for the queue.
	Ref     string `json:"external_ref"`
	Product string `json:"product"`
	Brand   string `json:"brand,omitempty"`
	Origin  string `json:"origin,omitempty"`
	// What a recall opened from the match takes from the notification.
	Model           string   `json:"-"`
	HSCode          string   `json:"-"`
	Hazard          string   `json:"-"`
	Description     string   `json:"-"`
	ForeignMeasures []string `json:"-"` // the measures taken abroad (riskgate measure codes)
	// RecallID is the suspected recall the confirmation opened, if any;
	// RecallError why it could not.
	RecallID    risk.ID `json:"recall_id,omitempty"`
	RecallError string  `json:"recall_error,omitempty"`
}

// IsOpen reports a candidate still to decide (Open).
func (c *Stored) IsOpen() bool { return slices.Contains(Open, c.Status) }

// Pending is a foreign notification to match.
type Pending struct {
	SignalID risk.ID
	Dept     string
	N        Notification
}

// Store is the persistence of matching.
type Store interface {
	Register(ctx context.Context) ([]Enterprise, error)
	// ExportLines returns the lines of export declarations since a time.
	ExportLines(ctx context.Context, since time.Time) ([]Line, error)
	// Pending returns the foreign notification signals received since a
	// time that are still new (not triaged).
	Pending(ctx context.Context, since time.Time) ([]Pending, error)
	// Propose stores candidates not stored yet (one per signal and
	// enterprise) with an audit entry each; it returns how many it stored.
	Propose(ctx context.Context, cs []*Stored, a risk.Actor) (int, error)
	Queue(ctx context.Context, status string, depts []string, limit int) ([]*Stored, error)
	Get(ctx context.Context, id risk.ID) (*Stored, error)
	// Decide moves a proposed candidate to confirmed or rejected;
	// ErrConflict if it was decided meanwhile.
	Decide(ctx context.Context, id risk.ID, status, note string, caseID risk.ID, ae audit.Entry) error
}

// Service runs matching and its review queue.
type Service struct {
	Store Store
	Cases *casefile.Service
	// Recalls opens the suspected recall of a confirmed match whose
	// notification is a recall abroad (nil: none).
	Recalls Recalls
	Now     func() time.Time
	// Threshold below which candidates are not proposed (default Threshold).
	Threshold float64
}

// RunResult reports a matching run.
type RunResult struct {
	Notifications int `json:"notifications"`
	Enterprises   int `json:"enterprises"`
	Lines         int `json:"declaration_lines"`
	Proposed      int `json:"proposed"`
	// Tied are the new candidates listed apart, to decide by hand (Tied).
	Tied int `json:"tied"`
	// Refused are the notifications not matched, each with why (a text
	// too long to read whole); the others are matched as usual.
	Refused []string `json:"refused,omitempty"`
}

// MaxDays bounds how far back a run looks.
const MaxDays = 3660

// MaxNote bounds the note of a decision, in characters.
const MaxNote = 1000

// Run matches the untriaged foreign notifications of the last days
// against the register and the export declarations of the last two years,
// and proposes every candidate at or above the threshold (at most five a
// notification); firms tied below it on a shared market (Candidate.Tied)
// are queued apart as tied (at most MaxTied a notification).
func (s *Service) Run(ctx context.Context, a risk.Actor, days int) (*RunResult, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.ErrForbidden
	}
	if days <= 0 {
		days = 30
	}
	if days > MaxDays {
		return nil, risk.Invalid("days", fmt.Sprintf("最多回看 %d 天。", MaxDays), fmt.Sprintf("At most %d days back.", MaxDays))
	}
	now := s.Now().UTC()
	es, err := s.Store.Register(ctx)
	if err != nil {
		return nil, err
	}
	lines, err := s.Store.ExportLines(ctx, now.AddDate(-2, 0, 0))
	if err != nil {
		return nil, err
	}
	pend, err := s.Store.Pending(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		return nil, err
	}
	min := s.Threshold
	if min == 0 {
		min = Threshold
	}
	ix := NewIndex(es, lines)
	res := &RunResult{Notifications: len(pend), Enterprises: len(es), Lines: len(lines)}
	var cs []*Stored
	for _, p := range pend {
		if !a.SeesAll() && p.Dept != a.Dept {
			continue
		}
		if err := p.N.Check(); err != nil {
			msg := err.Error()
			if e, ok := risk.AsError(err); ok {
				msg = e.Message
			}
			res.Refused = append(res.Refused, msg)
			continue
		}
		proposed, tied := 0, 0
		for _, c := range ix.Review(p.N, min) {
			status := Proposed
			switch {
			case c.Score >= min && proposed < 5:
				proposed++
			case c.Score < min && c.Tied && tied < MaxTied:
				status = Tied
				tied++
			default:
				continue
			}
			cs = append(cs, &Stored{SignalID: p.SignalID, Enterprise: c.Enterprise, Score: c.Score, Evidence: c.Evidence, Status: status, CreatedAt: now})
		}
	}
	if _, err = s.Store.Propose(ctx, cs, a); err != nil {
		return nil, err
	}
	for _, c := range cs {
		switch {
		case c.ID == 0: // already in the queue
		case c.Status == Tied:
			res.Tied++
		default:
			res.Proposed++
		}
	}
	return res, nil
}

// Queue lists candidates by status (default proposed) of the actor's
// department (administrators: all).
func (s *Service) Queue(ctx context.Context, a risk.Actor, status string, limit int) ([]*Stored, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, risk.ErrForbidden
	}
	if status == "" {
		status = Proposed
	}
	if !slices.Contains(Statuses, status) {
		return nil, risk.Invalid("status", "状态应为 proposed、tied、confirmed 或 rejected。", "Status must be proposed, tied, confirmed or rejected.")
	}
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	var depts []string
	if a.Role != risk.RoleAdmin {
		depts = []string{a.Dept}
	}
	return s.Store.Queue(ctx, status, depts, limit)
}

func (s *Service) decidable(ctx context.Context, a risk.Actor, id risk.ID) (*Stored, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.ErrForbidden
	}
	c, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.Dept != a.Dept && a.Role != risk.RoleAdmin {
		return nil, risk.ErrNotFound
	}
	if !c.IsOpen() {
		return nil, risk.Errorf(risk.ErrConflict, "该候选已处理。 / The candidate was already decided.")
	}
	return c, nil
}

// Reject records that the notification is not about the enterprise.
func (s *Service) Reject(ctx context.Context, a risk.Actor, id risk.ID, note string) error {
	c, err := s.decidable(ctx, a, id)
	if err != nil {
		return err
	}
	if len([]rune(note)) > MaxNote {
		return risk.Invalid("note", fmt.Sprintf("说明最多 %d 字。", MaxNote), fmt.Sprintf("The note is at most %d characters.", MaxNote))
	}
	ae := audit.New(a, "match.reject", "match_candidate", id, "排除匹配："+c.Enterprise.NameZh).WithChange(map[string]any{"status": c.Status}, map[string]any{"status": Rejected, "note": note})
	return s.Store.Decide(ctx, id, Rejected, note, 0, ae)
}

// Confirm records that the notification is about the enterprise: it opens
// a case with the notification's signal (or keeps the case the signal is
// already in) whose summary drafts the 通告 to the exporter; the formal
// notice follows the case's approved assessment, as every warning does.
func (s *Service) Confirm(ctx context.Context, a risk.Actor, id risk.ID, note string) (*Stored, error) {
	c, err := s.decidable(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if len([]rune(note)) > MaxNote {
		return nil, risk.Invalid("note", fmt.Sprintf("说明最多 %d 字。", MaxNote), fmt.Sprintf("The note is at most %d characters.", MaxNote))
	}
	caseID := c.SignalCaseID // the signal may be in a case already: the match joins it
	if caseID == 0 {
		cs, err := s.Cases.Open(ctx, a, casefile.OpenInput{
			Title:   clipRunes("国外通报涉及湘企："+c.Enterprise.NameZh, 200),
			Summary: draftNotice(c),
			Signals: []risk.ID{c.SignalID},
		})
		if err != nil {
			return nil, err
		}
		caseID = cs.ID
	}
	ae := audit.New(a, "match.confirm", "match_candidate", id, "确认匹配："+c.Enterprise.NameZh).
		WithChange(map[string]any{"status": c.Status}, map[string]any{"status": Confirmed, "case_id": caseID, "note": note})
	if err := s.Store.Decide(ctx, id, Confirmed, note, caseID, ae); err != nil {
		return nil, err
	}
	c.Status, c.CaseID, c.Note = Confirmed, caseID, note
	if s.Recalls != nil && RecalledAbroad(c.ForeignMeasures) {
		// The officer who confirms opens it when its department may; else
		// riskgate does, on its behalf. The match stands either way: a
		// recall that cannot be opened says why, to be opened by hand.
		by := a
		if !risk.Can(a, risk.PermRecallWrite) {
			by = risk.System
		}
		r, err := s.Recalls.Open(ctx, by, suspectedRecall(c))
		if err != nil && by != risk.System {
			r, err = s.Recalls.Open(ctx, risk.System, suspectedRecall(c))
		}
		if err != nil {
			c.RecallError = risk.Bilingual("未能自动登记疑似召回，请在“缺陷召回”中手工登记："+err.Error(),
				"the suspected recall could not be opened; open it by hand under Recalls: "+err.Error())
		} else {
			c.RecallID = r.ID
		}
	}
	return c, nil
}

// Recalls opens recalls (recall.Service).
type Recalls interface {
	Open(ctx context.Context, a risk.Actor, in recall.Input) (*recall.Recall, error)
}

// RecalledAbroad reports whether the measures taken abroad include a
// recall from end users (not only a withdrawal from the market).
func RecalledAbroad(measures []string) bool {
	for _, m := range measures {
		if m == "recall-end-users" || m == "defect-recall" {
			return true
		}
	}
	return false
}

// suspectedRecall is the suspected recall a confirmed match opens for the
// exporter: the product as notified, the recall abroad as its trigger,
// under the match's case. Its report clock does not start here: the firm
// learns of it from the regulator's 通告.
func suspectedRecall(c *Stored) recall.Input {
	name := c.Product
	if strings.TrimSpace(name) == "" {
		name = "国外通报产品"
	}
	line := func(s string) string { return clipRunes(strings.TrimSpace(printable(s, false)), recall.MaxShort) }
	p := recall.Product{Name: line(name), Brand: line(c.Brand), Model: line(c.Model)}
	if _, err := ident.ParseHS(c.HSCode); err == nil && len(c.HSCode) >= 4 {
		p.HSCode = c.HSCode
	}
	defect := "国外召回：" + c.Ref
	if c.Description != "" {
		defect += "。" + c.Description
	}
	defect = printable(defect, true)
	return recall.Input{Kind: recall.Voluntary, EnterpriseUSCC: c.Enterprise.USCC, Products: []recall.Product{p},
		Defect: clipRunes(defect, recall.MaxText), Hazard: line(c.Hazard),
		ForeignRecalls: []string{line(c.Ref)}, Trigger: "recall_abroad", CaseID: c.CaseID}
}

// draftNotice is the draft 风险警示通告 to the exporter, kept in the case.
func draftNotice(c *Stored) string {
	var ev []string
	for _, e := range c.Evidence {
		if e.Kind != "origin" {
			ev = append(ev, "· "+e.Detail)
		}
	}
	return clipRunes(fmt.Sprintf("【风险警示通告（草稿）】致 %s（统一社会信用代码 %s）：\n"+
		"国外通报 %s 涉及你单位出口的产品：%s%s。匹配依据（得分 %.2f）：\n%s\n"+
		"请你单位自查相关批次的出口情况，暂停相关产品出口，并于 10 个工作日内书面报告自查和整改情况。\n"+
		"（经风险评估批准后以正式通告发出。）",
		c.Enterprise.NameZh, c.Enterprise.USCC, c.Ref, c.Product, brandPart(c.Brand), c.Score, strings.Join(ev, "\n")), 4000)
}

func brandPart(b string) string {
	if b == "" {
		return ""
	}
	return "（品牌 " + b + "）"
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// FromSignal is what matching reads of a foreign notification signal.
func FromSignal(g *signal.Signal, words, category string) Notification {
	p := g.Product
	sg := g.Channel == foreign.Channel && strings.HasPrefix(g.ExternalRef, "safetygate:")
	if p.Destination == "" && sg {
		// A Safety Gate alert that names no member state is the EU's
		// (FromRecord).
		p.Destination = euMarket
	}
	return Notification{Ref: g.ExternalRef, Product: p.Name, Brand: p.Brand, Model: p.Model, Batch: p.Batch, GTIN: p.GTIN, Manufacturer: p.Manufacturer,
		USCC: p.USCC, Origin: p.Origin, HSCode: p.HSCode, Category: category, Words: words, Market: p.Destination, Date: g.ReceivedAt, YearOnly: g.ReceivedYearOnly,
		Hazard: HazardOf(g.Description), HazardKind: g.Hazard}
}

// printable is foreign text as received without what a field of ours
// refuses: control characters (line breaks and tabs kept when multiline)
// and invisible formatting.
func printable(s string, multiline bool) string {
	return strings.Map(func(r rune) rune {
		if multiline && (r == '\n' || r == '\t') || !unicode.IsControl(r) && !unicode.Is(unicode.Cf, r) {
			return r
		}
		return -1
	}, s)
}
