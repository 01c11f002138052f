package signal

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// Store is the persistence of signals. Every write takes the audit entries
// to append in the same transaction.
type Store interface {
	// Create stores signals in one transaction. A signal whose channel and
	// external reference are already stored is not created again: the
	// stored one is returned in its place with created false. entries[i]
	// records items[i] and is written only when it is created (the store
	// fills in its EntityID).
	Create(ctx context.Context, items []*Signal, entries []audit.Entry) (created []bool, err error)
	// CreateNew stores signals none of whose channel and external
	// reference is stored, in one transaction, and reports true; when one
	// is stored already (or named twice among them) it stores nothing and
	// reports false, for Create to sort out. entries as for Create.
	CreateNew(ctx context.Context, items []*Signal, entries []audit.Entry) (bool, error)
	// ByRef returns the signal stored under a channel and external
	// reference, or ErrNotFound.
	ByRef(ctx context.Context, channel, ref string) (*Signal, error)
	// ByRefs returns the stored signals among channel → references, keyed
	// by channel and reference.
	ByRefs(ctx context.Context, refs map[string][]string) (map[[2]string]*Signal, error)
	// Get returns a signal with its attachments, or ErrNotFound.
	Get(ctx context.Context, id risk.ID) (*Signal, error)
	List(ctx context.Context, f Filter) ([]*Signal, int, error)
	// Candidates returns signals that share an identifier with s, or the
	// same HS heading or product name, newest first, for Suggest.
	Candidates(ctx context.Context, s *Signal, limit int) ([]*Signal, error)
	// Link records that a and b are duplicates or related; ErrConflict if
	// they are already linked.
	Link(ctx context.Context, a, b risk.ID, kind, by string, ae audit.Entry) error
	Links(ctx context.Context, id risk.ID) ([]Link, error)
	// SetStatus moves a signal that is still in status from (and in no
	// case) to status; ErrConflict if it moved meanwhile.
	SetStatus(ctx context.Context, id risk.ID, from, status Status, note string, ae audit.Entry) error
	AddAttachment(ctx context.Context, id risk.ID, a *Attachment, data []byte, ae audit.Entry) error
	Attachment(ctx context.Context, signalID, id risk.ID) (*Attachment, []byte, error)
	// Visible reports whether dept may see the signal: it holds it, or the
	// signal's case is shared with it.
	Visible(ctx context.Context, id risk.ID, dept string) (bool, error)
}

// Link joins two signals.
type Link struct {
	Other     risk.ID   `json:"signal_id"`
	Kind      string    `json:"kind"` // duplicate or related
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// Link kinds.
const (
	LinkDuplicate = "duplicate"
	LinkRelated   = "related"
)

// Service records, lists and triages signals.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
	// Random is where complaint tracking numbers come from; nil is
	// crypto/rand. Only tests that compare output byte for byte (the
	// web package's goldens) set it.
	Random io.Reader

	once              sync.Once
	channels, hazards map[string]bool
}

func (s *Service) vocab() {
	s.once.Do(func() {
		s.channels, s.hazards = codes("channels"), codes("hazards")
	})
}

// codes returns the set of codes of a builtin catalogue.
func codes(name string) map[string]bool {
	m := map[string]bool{}
	if t, err := catalog.BuiltinTable(name); err == nil {
		for _, e := range t.Entries {
			m[e.Code] = true
		}
	}
	return m
}

// ReporterRef is the reference an enterprise or lab gave its report, from
// the stored one ("enterprise:42:ZC-1" → "ZC-1"); ok is false for others.
func ReporterRef(stored string) (string, bool) {
	for _, scope := range []string{"enterprise:", "lab:"} {
		if rest, found := strings.CutPrefix(stored, scope); found {
			if _, ref, found := strings.Cut(rest, ":"); found {
				return ref, true
			}
		}
	}
	return "", false
}

// reporterKey namespaces the external references of enterprises and labs.
func reporterKey(a risk.Actor) string {
	if a.Role == risk.RoleLab {
		return fmt.Sprintf("lab:%d:", a.LabID)
	}
	return fmt.Sprintf("enterprise:%d:", a.EnterpriseID)
}

// reportChannel is the one channel enterprises and labs report on.
func reportChannel(a risk.Actor) string {
	switch a.Role {
	case risk.RoleEnterprise:
		return "enterprise-self-report"
	case risk.RoleLab:
		return "lab-report"
	}
	return ""
}

// Result is the outcome of one submitted signal.
type Result struct {
	ID      risk.ID `json:"id"`
	Created bool    `json:"created"`
}

// Create records one or more signals (at most MaxBatch) in one
// transaction: all are valid and stored, or none is. A signal already
// stored under the same channel and external reference is not stored
// again. Officials record on any channel for their department;
// enterprises and labs only on their own channel.
func (s *Service) Create(ctx context.Context, a risk.Actor, ins []Input) ([]Result, error) {
	s.vocab()
	official := risk.Can(a, risk.PermSignalWrite)
	if !official && !risk.Can(a, risk.PermSignalReport) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权报送风险信息。 / Not allowed to record signals.")
	}
	switch {
	case len(ins) == 0:
		return nil, risk.Invalid("items", "没有风险信息。", "no signals given.")
	case len(ins) > MaxBatch:
		return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "items",
			Message: risk.Bilingual(fmt.Sprintf("一次最多 %d 条。", MaxBatch), fmt.Sprintf("at most %d signals per request.", MaxBatch))}
	}
	items, entries, err := s.build(a, official, ins)
	if err != nil {
		return nil, err
	}
	// A batch of references none of which is stored, the usual one, is
	// stored as it is, with no lookup before: the store's unique index
	// says whether one of them is stored, and then nothing is.
	ok, err := s.createNew(ctx, items, entries)
	if err != nil {
		return nil, err
	} else if ok {
		out := make([]Result, len(items))
		for i, it := range items {
			out[i] = Result{ID: it.ID, Created: true}
		}
		return out, nil
	}
	// Some reference is stored already (a resend) or named twice. A resend
	// gets the stored signal back — only if the sender may see it;
	// otherwise the reference is someone else's. One lookup a batch.
	var v risk.Validation
	refs := map[string][]string{}
	for i := range ins {
		if in := &ins[i]; in.ExternalRef != "" {
			refs[in.Channel] = append(refs[in.Channel], in.ExternalRef)
		}
	}
	if len(refs) > 0 {
		stored, err := s.Store.ByRefs(ctx, refs)
		if err != nil {
			return nil, err
		}
		for i := range ins {
			old, ok := stored[[2]string{ins[i].Channel, ins[i].ExternalRef}]
			if !ok {
				continue
			}
			if ok, err := s.canSee(ctx, a, old); err != nil {
				return nil, err
			} else if !ok && (official || old.CreatedBy != a.Label()) {
				v.Add(itemPrefix(i, len(ins))+"external_ref", "该外部编号已被其他部门或报告人使用。", "this external reference is already used by another department or reporter.")
			}
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
	}
	created, err := s.Store.Create(ctx, items, entries)
	if err != nil {
		return nil, err
	}
	out := make([]Result, len(items))
	for i, it := range items {
		out[i] = Result{ID: it.ID, Created: created[i]}
	}
	return out, nil
}

// build checks a batch and builds its signals and audit entries. A large
// batch is checked in parallel parts, one a core (the checks and the
// entries' JSON are this process's work alone, with the database idle
// meanwhile); the problems are reported in the order of the items, as
// checking them one after the other would.
func (s *Service) build(a risk.Actor, official bool, ins []Input) ([]*Signal, []audit.Entry, error) {
	now := s.Now().UTC()
	items := make([]*Signal, len(ins))
	entries := make([]audit.Entry, len(ins))
	check := func(lo, hi int, v *risk.Validation) {
		for i := lo; i < hi; i++ {
			in := &ins[i]
			prefix := itemPrefix(i, len(ins))
			if !official {
				if in.Channel != "" && in.Channel != reportChannel(a) {
					v.Add(prefix+"channel", "只能通过“"+reportChannel(a)+"”渠道报送。", "you may report only on channel "+reportChannel(a)+".")
				}
				in.Channel = reportChannel(a)
				in.Dept = ""
				if ref := strings.TrimSpace(in.ExternalRef); ref != "" {
					// A reporter's references are its own: two enterprises
					// may both number their reports 1.
					in.ExternalRef = reporterKey(a) + ref
				}
			}
			in.Check(s.Sets, s.channels, s.hazards, now, prefix, v)
			items[i], entries[i] = s.newSignal(a, in)
		}
	}
	parts := 1
	if len(ins) >= parallelCheck {
		parts = min(runtime.GOMAXPROCS(0), 8)
	}
	vs := make([]risk.Validation, parts)
	per := (len(ins) + parts - 1) / parts
	var wg sync.WaitGroup
	for p := range parts {
		lo, hi := min(p*per, len(ins)), min((p+1)*per, len(ins))
		if p == parts-1 {
			check(lo, hi, &vs[p])
		} else {
			wg.Go(func() { check(lo, hi, &vs[p]) })
		}
	}
	wg.Wait()
	var v risk.Validation
	for _, x := range vs {
		v.Problems = append(v.Problems, x.Problems...)
	}
	return items, entries, v.Err()
}

// parallelCheck is the smallest batch build checks in parallel parts.
const parallelCheck = 128

// createNew stores a batch none of whose references is stored, and
// reports whether it did; a batch that names a reference twice is left to
// Store.Create.
func (s *Service) createNew(ctx context.Context, items []*Signal, entries []audit.Entry) (bool, error) {
	seen := make(map[[2]string]bool, len(items))
	for _, g := range items {
		if g.ExternalRef == "" {
			continue
		}
		k := [2]string{g.Channel, g.ExternalRef}
		if seen[k] {
			return false, nil
		}
		seen[k] = true
	}
	return s.Store.CreateNew(ctx, items, entries)
}

// Prepare checks a signal that another domain raises as an effect of its
// own change (a failed monitoring sample) and builds it with its audit
// entry, without storing it: the raising domain's store writes it in the
// transaction of that change. The caller has decided that a may cause it;
// the input is checked as Create checks it, on any channel.
func (s *Service) Prepare(a risk.Actor, in Input) (*Signal, audit.Entry, error) {
	s.vocab()
	var v risk.Validation
	in.Check(s.Sets, s.channels, s.hazards, s.Now().UTC(), "signal.", &v)
	if err := v.Err(); err != nil {
		return nil, audit.Entry{}, err
	}
	sig, e := s.newSignal(a, &in)
	return sig, e, nil
}

// itemPrefix prefixes the fields of item i of a batch of n ("items[3].");
// a single signal's fields are named bare.
func itemPrefix(i, n int) string {
	if n == 1 {
		return ""
	}
	return fmt.Sprintf("items[%d].", i)
}

// newSignal builds the signal of a checked input and its audit entry.
func (s *Service) newSignal(a risk.Actor, in *Input) (*Signal, audit.Entry) {
	dept := a.Dept
	if in.Dept != "" {
		dept = in.Dept
	}
	if dept == "" {
		// Reports from enterprises and labs go to the customs risk office.
		dept = "cs-customs"
	}
	sig := &Signal{Channel: in.Channel, ExternalRef: in.ExternalRef, ReceivedAt: in.ReceivedAt, Region: in.Region,
		Reporter: &Reporter{Name: in.Reporter.Name, Contact: in.Reporter.Contact}, Product: in.Product, Hazard: in.Hazard,
		Injuries: in.Injuries, Description: in.Description, Dept: dept, Status: StatusNew, CreatedBy: a.Label()}
	e := audit.New(a, "signal.create", "signal", 0, "登记风险信息："+summary(sig)+" / signal recorded").
		WithChange(nil, createdFields{Channel: sig.Channel, Dept: sig.Dept, ExternalRef: sig.ExternalRef, Hazard: sig.Hazard, Product: sig.Product})
	return sig, e
}

// createdFields is what a new signal's audit entry records, its fields in
// the order of their JSON names: the bytes a map of them encodes to (as
// the entries were written before), without a map to sort a signal.
type createdFields struct {
	Channel     string  `json:"channel"`
	Dept        string  `json:"dept"`
	ExternalRef string  `json:"external_ref"`
	Hazard      string  `json:"hazard"`
	Product     Product `json:"product"`
}

func summary(s *Signal) string {
	t := s.Product.Name
	if t == "" {
		t = s.Description
	}
	if r := []rune(t); len(r) > 40 {
		t = string(r[:40]) + "…"
	}
	return t
}

// canSee reports whether a may see signal s.
func (s *Service) canSee(ctx context.Context, a risk.Actor, sig *Signal) (bool, error) {
	if a.SeesAll() {
		return true, nil
	}
	if !risk.Can(a, risk.PermSignalRead) {
		return false, nil
	}
	if sig.Dept == a.Dept {
		return true, nil
	}
	return s.Store.Visible(ctx, sig.ID, a.Dept)
}

func notFound() error {
	return risk.Errorf(risk.ErrNotFound, "风险信息不存在。 / No such signal.")
}

// Get returns a signal that a may see. Reporter details are kept.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Signal, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看风险信息。 / Not allowed to read signals.")
	}
	sig, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	ok, err := s.canSee(ctx, a, sig)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, notFound()
	}
	return sig, nil
}

// List returns the signals a may see. Reporter details are left out of
// lists.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Signal, int, error) {
	s.vocab()
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看风险信息。 / Not allowed to read signals.")
	}
	var v risk.Validation
	f.Text = strings.TrimSpace(f.Text)
	v.Text("q", f.Text, 100, false, "查询文字", "the query")
	if f.Channel != "" && !s.channels[f.Channel] {
		v.Add("channel", "信息来源渠道无效。", "unknown channel.")
	}
	if f.Hazard != "" && !s.hazards[f.Hazard] {
		v.Add("hazard", "风险类型无效。", "unknown hazard.")
	}
	switch f.Status {
	case "", StatusNew, StatusTriaged, StatusDismissed:
	default:
		v.Add("status", "状态只能是 new、triaged 或 dismissed。", "status must be new, triaged or dismissed.")
	}
	if f.HS != "" && strings.Trim(f.HS, "0123456789") != "" {
		v.Add("hs", "HS 编码前缀只能是数字。", "the HS prefix must be digits.")
	}
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if !a.SeesAll() {
		f.Depts = []string{a.Dept}
	}
	items, total, err := s.Store.List(ctx, f)
	for _, it := range items {
		it.Reporter = nil
	}
	return items, total, err
}

// Submissions lists what a reported (enterprises and labs: their own
// reports, with where each stands), newest first. Reporter details stay:
// they are a's own.
func (s *Service) Submissions(ctx context.Context, a risk.Actor, status Status, offset, limit int) ([]*Signal, int, error) {
	if !risk.Can(a, risk.PermSignalReport) || a.UserID == 0 {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看报送记录。 / Not allowed to read submissions.")
	}
	var v risk.Validation
	switch status {
	case "", StatusNew, StatusTriaged, StatusDismissed:
	default:
		v.Add("status", "状态无效。", "unknown status.")
	}
	if offset < 0 {
		v.Add("offset", "偏移量不能为负。", "offset must not be negative.")
	}
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.Store.List(ctx, Filter{Reporter: a.UserID, Status: status, Paging: risk.Paging{Offset: offset, Limit: limit}})
}

// Suggest lists possible duplicates and related signals of id.
func (s *Service) Suggest(ctx context.Context, a risk.Actor, id risk.ID) ([]Suggestion, error) {
	sig, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	cands, err := s.Store.Candidates(ctx, sig, 500)
	if err != nil {
		return nil, err
	}
	var visible []*Signal
	for _, c := range cands {
		if ok, err := s.canSee(ctx, a, c); err != nil {
			return nil, err
		} else if ok {
			visible = append(visible, c)
		}
	}
	out := Suggest(sig, visible)
	if len(out) > 20 {
		out = out[:20]
	}
	return out, nil
}

// Link records that two signals are duplicates or related.
func (s *Service) Link(ctx context.Context, a risk.Actor, id, other risk.ID, kind string) error {
	if !risk.Can(a, risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权关联风险信息。 / Not allowed to link signals.")
	}
	if kind != LinkDuplicate && kind != LinkRelated {
		return risk.Invalid("kind", "关联类型只能是 duplicate 或 related。", "kind must be duplicate or related.")
	}
	if id == other {
		return risk.Invalid("signal_id", "不能与自身关联。", "a signal cannot be linked to itself.")
	}
	for _, x := range []risk.ID{id, other} {
		if _, err := s.Get(ctx, a, x); err != nil {
			return err
		}
	}
	lo, hi := min(id, other), max(id, other)
	ae := audit.New(a, "signal.link", "signal", id, fmt.Sprintf("关联风险信息 %d 与 %d（%s） / linked signals %d and %d as %s", id, other, kind, id, other, kind))
	return s.Store.Link(ctx, lo, hi, kind, a.Label(), ae)
}

// Links lists the signals linked to id.
func (s *Service) Links(ctx context.Context, a risk.Actor, id risk.ID) ([]Link, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.Store.Links(ctx, id)
}

// triage is the life of a signal outside cases: new signals may be
// dismissed, dismissed ones reopened. Joining a case (triaged) happens
// through the case service.
var triage = risk.Machine{Name: "风险信息 signal", StateNames: statusLabels,
	ActionNames: risk.Labels{"dismiss": {"排除", "dismiss"}, "reopen": {"恢复研判", "reopen"}},
	Next: map[string]map[string]string{
		string(StatusNew):       {"dismiss": string(StatusDismissed)},
		string(StatusDismissed): {"reopen": string(StatusNew)},
	}}

// Triage is the state machine of a signal outside cases.
func Triage() risk.Machine { return triage }

// Dismiss marks a new signal as not a risk, with a reason.
func (s *Service) Dismiss(ctx context.Context, a risk.Actor, id risk.ID, reason string) error {
	if !risk.Can(a, risk.PermSignalWrite) { // before looking at the input: deny first
		return risk.Errorf(risk.ErrForbidden, "无权研判风险信息。 / Not allowed to triage signals.")
	}
	var v risk.Validation
	v.Paragraph("reason", reason, MaxReason, true, "排除理由", "the reason")
	if err := v.Err(); err != nil {
		return err
	}
	return s.move(ctx, a, id, "dismiss", reason)
}

// Reopen returns a dismissed signal to triage.
func (s *Service) Reopen(ctx context.Context, a risk.Actor, id risk.ID) error {
	return s.move(ctx, a, id, "reopen", "")
}

func (s *Service) move(ctx context.Context, a risk.Actor, id risk.ID, action, note string) error {
	if !risk.Can(a, risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权研判风险信息。 / Not allowed to triage signals.")
	}
	sig, err := s.Get(ctx, a, id)
	if err != nil {
		return err
	}
	to, err := triage.Step(string(sig.Status), action)
	if err != nil {
		return err
	}
	fromZh, fromEn := sig.Status.Label()
	toZh, toEn := Status(to).Label()
	ae := audit.New(a, "signal."+action, "signal", id, "风险信息："+fromZh+" → "+toZh+" / signal: "+fromEn+" → "+toEn).
		WithChange(map[string]string{"status": string(sig.Status)}, map[string]string{"status": to, "note": note})
	return s.Store.SetStatus(ctx, id, sig.Status, Status(to), note, ae)
}

// AddAttachment stores evidence for a signal.
func (s *Service) AddAttachment(ctx context.Context, a risk.Actor, id risk.ID, name, contentType string, data []byte) (*Attachment, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权添加附件。 / Not allowed to add attachments.")
	}
	sig, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	v.Text("name", name, 200, true, "文件名", "the file name")
	v.Text("content_type", contentType, 100, false, "文件类型", "the content type")
	if len(data) == 0 {
		v.Add("file", "文件为空。", "the file is empty.")
	}
	if len(sig.Attachments) >= MaxAttachments {
		v.Add("file", fmt.Sprintf("每条风险信息最多 %d 个附件。", MaxAttachments), fmt.Sprintf("at most %d attachments per signal.", MaxAttachments))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(data) > MaxAttachment {
		return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual("附件不能超过 10 MiB。", "an attachment must not exceed 10 MiB.")}
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	att := &Attachment{Name: name, ContentType: contentType, Size: int64(len(data)), SHA256: sha256Hex(data)}
	ae := audit.New(a, "signal.attach", "signal", id, "添加附件 "+name+" / attachment added").
		WithChange(nil, map[string]any{"name": name, "size": att.Size, "sha256": att.SHA256})
	if err := s.Store.AddAttachment(ctx, id, att, data, ae); err != nil {
		return nil, err
	}
	return att, nil
}

// Attachment returns one attachment's metadata and content.
func (s *Service) Attachment(ctx context.Context, a risk.Actor, signalID, id risk.ID) (*Attachment, []byte, error) {
	if _, err := s.Get(ctx, a, signalID); err != nil {
		return nil, nil, err
	}
	return s.Store.Attachment(ctx, signalID, id)
}
