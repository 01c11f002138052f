// Package inspection records port inspection and laboratory results for
// product lots and feeds them back into the lifecycle: each result is
// matched against the scopes of the warnings in force; a failure raises a
// signal (port inspection nonconformity, or lab report); a run of clean
// lots counts toward lifting a warning. The lifting evaluator checks every
// warning's machine-checkable conditions and proposes lifting to the
// approvers when they are met.
package inspection

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/contingency"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// Kinds and results. Values are stored.
const (
	KindInspection = "inspection" // physical inspection at the port
	KindLabTest    = "lab_test"
	ResultPass     = "pass"
	ResultFail     = "fail"
)

// KindLabel names a kind of check, Chinese and English.
func KindLabel(kind string) (zh, en string) {
	return risk.Labels{KindInspection: {"口岸查验", "port inspection"}, KindLabTest: {"实验室检测", "laboratory test"}}.Of(kind)
}

// ResultLabel names a result, Chinese and English.
func ResultLabel(result string) (zh, en string) {
	return risk.Labels{ResultPass: {"合格", "Pass"}, ResultFail: {"不合格", "Fail"}}.Of(result)
}

// SubmitterRef is the reference a port or lab gave a result, from the
// stored one (scoped "dept:<code>:…" or "lab:<id>:…", and "inspection:…"
// on the signal a failure raised), for pages.
func SubmitterRef(stored string) string {
	s := strings.TrimPrefix(stored, "inspection:")
	for _, scope := range []string{"dept:", "lab:"} {
		if rest, ok := strings.CutPrefix(s, scope); ok {
			if _, ref, ok := strings.Cut(rest, ":"); ok {
				return ref
			}
		}
	}
	return stored
}

// Kind names a stored kind in words (口岸查验, 实验室检测), for pages.
type Kind string

// Label returns the kind's Chinese and English names.
func (k Kind) Label() (zh, en string) {
	zh, en = KindLabel(string(k))
	if en != "" {
		en = strings.ToUpper(en[:1]) + en[1:]
	}
	return zh, en
}

// Outcome names a stored result in words (合格, 不合格), for pages.
type Outcome string

// Label returns the result's Chinese and English names.
func (o Outcome) Label() (zh, en string) { return ResultLabel(string(o)) }

// Inspection is one recorded result.
type Inspection struct {
	ID             risk.ID     `json:"id"`
	Kind           string      `json:"kind"`
	Result         string      `json:"result"`
	InspectedAt    time.Time   `json:"inspected_at"`
	Lot            warning.Lot `json:"lot"`
	Findings       string      `json:"findings"`
	DeclarationRef string      `json:"declaration_ref,omitempty"`
	ExternalRef    string      `json:"external_ref,omitempty"`
	SignalID       risk.ID     `json:"signal_id,omitempty"` // raised by a failure
	Dept           string      `json:"dept"`
	LabID          risk.ID     `json:"lab_id,omitempty"`
	Warnings       []risk.ID   `json:"warnings"` // whose scope the lot fell in
	CreatedBy      string      `json:"created_by"`
	CreatedAt      time.Time   `json:"created_at"`
	// A correction supersedes an earlier result of the same declaration
	// line and kind, with a reason; the earlier one is kept, marked
	// SupersededBy, and no longer counts (clean lots, new failures).
	Supersedes       risk.ID `json:"supersedes,omitempty"`
	SupersededBy     risk.ID `json:"superseded_by,omitempty"`
	CorrectionReason string  `json:"correction_reason,omitempty"`
	// Contingency marks a result recorded while the database was
	// unreachable (nil otherwise); Pending says it is still held in the
	// node's journal, with no id yet.
	Contingency *contingency.Mark `json:"contingency,omitempty"`
	Pending     bool              `json:"pending,omitempty"`
}

// KindName is the kind in words.
func (x *Inspection) KindName() risk.Labeled { return Kind(x.Kind) }

// ResultName is the result in words.
func (x *Inspection) ResultName() risk.Labeled { return Outcome(x.Result) }

// Current reports whether the result is in force (not superseded by a
// correction).
func (x *Inspection) Current() bool { return x.SupersededBy == 0 }

// Input is a result as submitted.
type Input struct {
	Kind           string      `json:"kind"`
	Result         string      `json:"result"`
	InspectedAt    time.Time   `json:"inspected_at"`
	Lot            warning.Lot `json:"lot"`
	Findings       string      `json:"findings"`
	DeclarationRef string      `json:"declaration_ref"`
	ExternalRef    string      `json:"external_ref"`
}

// Store is the persistence of inspections and what lifting evaluation reads.
type Store interface {
	// Record stores in, its warning matches and, for a failure, the signal
	// it raises (nil otherwise), with the audit entries, in one
	// transaction. A result whose external reference is stored is not
	// recorded again: the stored one is returned with created false.
	Record(ctx context.Context, in *Inspection, sig *signal.Signal, entries []audit.Entry) (created bool, err error)
	Get(ctx context.Context, id risk.ID) (*Inspection, error)
	// ActiveWarnings lists the warnings in force.
	ActiveWarnings(ctx context.Context) ([]*warning.Warning, error)
	// Results lists the results matched to a warning, newest first: the
	// current inspection results and the monitoring samples in its scope
	// with their results in.
	Results(ctx context.Context, warningID risk.ID, limit int) ([]string, error)
	// RecallCompletion returns the case's recall completion, if recorded.
	RecallCompletion(ctx context.Context, caseID risk.ID) (*float64, error)
	// SignalsSince counts the signals of the case received at or after t,
	// and the failed results and monitoring samples matched to the warning
	// since t (each of which raised a signal outside the case).
	SignalsSince(ctx context.Context, caseID, warningID risk.ID, t time.Time) (int, error)
	// ProposeLift records that a warning's conditions are met.
	ProposeLift(ctx context.Context, warningID risk.ID, text string, ae audit.Entry) error
	// CurrentLine returns the current result of a kind on a declaration
	// line (ref "number#line"); ErrNotFound when there is none.
	CurrentLine(ctx context.Context, ref, kind string) (*Inspection, error)
	// RecordLine stores x as the current result of its kind on its
	// declaration line, with its matches, the signal (nil but for a
	// failure) and the audit entries, in one transaction. When
	// x.Supersedes is 0 the line must have no result of the kind yet; else
	// x.Supersedes must be the current one, which is then marked
	// superseded. ErrConflict otherwise (another result came first).
	RecordLine(ctx context.Context, x *Inspection, sig *signal.Signal, entries []audit.Entry) error
	// ByDeclaration lists the results recorded against the declaration
	// lines refs, corrections and the results they superseded included,
	// oldest first.
	ByDeclaration(ctx context.Context, refs []string) ([]*Inspection, error)
	// ByQueueID returns the result stored under a contingency queue id;
	// ErrNotFound when there is none.
	ByQueueID(ctx context.Context, id string) (*Inspection, error)
}

// LineLots finds the lot of a stored declaration's line (the screening
// engine), for results resubmitted after contingency.
type LineLots interface {
	LineLot(ctx context.Context, number string, line int) (warning.Lot, error)
}

// Service records results and evaluates lifting conditions.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
	// Contingency, when set, holds results in the node's journal while the
	// database is unreachable (ResubmitLine, ResubmitInspection store them
	// when it is back); Lines finds their lots then.
	Contingency *contingency.Mode
	Lines       LineLots
}

// Record stores an inspection or lab result. While the database is
// unreachable the result is held (Pending, created true), or, held
// already, returned as held (created false).
func (s *Service) Record(ctx context.Context, a risk.Actor, in Input) (*Inspection, bool, error) {
	if s.Contingency.Active() {
		return s.holdRecord(a, in)
	}
	actx, cancel := s.Contingency.Attempt(ctx)
	defer cancel()
	x, sig, entries, err := s.prepare(actx, a, in)
	if err == nil {
		var created bool
		if created, err = s.Store.Record(actx, x, sig, entries); err == nil {
			return x, created, nil
		}
	}
	if s.Contingency.Outage(ctx, err) {
		return s.holdRecord(a, in)
	}
	return nil, false, err
}

// holdRecord checks a result and holds it in the contingency journal.
func (s *Service) holdRecord(a risk.Actor, in Input) (*Inspection, bool, error) {
	in, err := s.check(a, in)
	if err != nil {
		return nil, false, err
	}
	key := scopedRef(a, in.ExternalRef)
	if r, ok := s.Contingency.Find(contingency.KindInspection, key); ok && key != "" {
		var held Input
		if err := json.Unmarshal(r.Payload, &held); err != nil {
			return nil, false, err
		}
		return heldInspection(r, held), false, nil
	}
	recs, err := s.Contingency.Hold(contingency.Held{Kind: contingency.KindInspection, Key: key, Actor: a, At: s.Now(), Payload: in})
	if err != nil {
		return nil, false, err
	}
	return heldInspection(recs[0], in), true, nil
}

// heldInspection is a held result as the caller sees it: no id yet,
// marked as made in contingency.
func heldInspection(r contingency.Record, in Input) *Inspection {
	m := r.Mark()
	a := r.Actor
	return &Inspection{Kind: in.Kind, Result: in.Result, InspectedAt: in.InspectedAt.UTC(), Lot: in.Lot, Findings: strings.TrimSpace(in.Findings),
		DeclarationRef: in.DeclarationRef, ExternalRef: scopedRef(a, in.ExternalRef), Dept: a.Dept, LabID: a.LabID, Warnings: []risk.ID{},
		CreatedBy: a.Label(), CreatedAt: r.At, Contingency: &m, Pending: true}
}

// scopedRef is the stored form of a submitter's external reference:
// references are the submitter's own, and a lab's and a port's may
// coincide.
func scopedRef(a risk.Actor, ref string) string {
	ref = strings.TrimSpace(ref)
	switch {
	case ref == "":
		return ""
	case a.Role == risk.RoleLab:
		return fmt.Sprintf("lab:%d:%s", a.LabID, ref)
	}
	return "dept:" + a.Dept + ":" + ref
}

// prepare checks a result and works out what recording it does: the
// inspection with the warnings whose scope its lot falls in, the signal a
// failure raises and the audit entries (the inspection's first).
func (s *Service) prepare(ctx context.Context, a risk.Actor, in Input) (*Inspection, *signal.Signal, []audit.Entry, error) {
	in, err := s.check(a, in)
	if err != nil {
		return nil, nil, nil, err
	}
	l := &in.Lot
	active, err := s.Store.ActiveWarnings(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	ref := scopedRef(a, in.ExternalRef)
	x := &Inspection{Kind: in.Kind, Result: in.Result, InspectedAt: in.InspectedAt.UTC().Truncate(time.Microsecond), Lot: in.Lot,
		Findings: strings.TrimSpace(in.Findings), DeclarationRef: in.DeclarationRef, ExternalRef: ref,
		Dept: a.Dept, LabID: a.LabID, Warnings: []risk.ID{}, CreatedBy: a.Label()}
	for _, w := range active {
		if w.Scope.Matches(x.Lot) {
			x.Warnings = append(x.Warnings, w.ID)
		}
	}
	kindZh, kindEn := KindLabel(x.Kind)
	resZh, resEn := ResultLabel(x.Result)
	entries := []audit.Entry{audit.New(a, "inspection.record", "inspection", 0, fmt.Sprintf("录入%s结果：%s %s / %s result recorded: %s", kindZh, x.Lot.Name, resZh, kindEn, resEn)).
		WithChange(nil, map[string]any{"lot": x.Lot, "result": x.Result, "warnings": x.Warnings})}
	var sig *signal.Signal
	if x.Result == ResultFail {
		channel := "port-nonconformity"
		if x.Kind == KindLabTest {
			channel = "lab-report"
		}
		dept := a.Dept
		if dept == "" {
			dept = "cs-customs"
		}
		ref := ""
		if x.ExternalRef != "" {
			ref = "inspection:" + x.ExternalRef
		}
		sig = &signal.Signal{Channel: channel, ExternalRef: ref, ReceivedAt: x.InspectedAt, Dept: dept, Status: signal.StatusNew, CreatedBy: a.Label(),
			Product: signal.Product{HSCode: l.HSCode, Name: l.Name, Brand: l.Brand, Model: l.Model, GTIN: l.GTIN, Batch: l.Batch, USCC: l.USCC,
				Origin: l.Origin, Destination: l.Destination},
			Description: "检验不合格 / failed " + kindEn + "：" + x.Findings, Reporter: &signal.Reporter{}}
		entries = append(entries, audit.New(a, "signal.create", "signal", 0, kindZh+"不合格生成风险信息 / signal raised by a failed "+kindEn))
	}
	return x, sig, entries, nil
}

// check checks and normalises a result, without the database: the
// permission, the kind, result and time (checkResult), the lot and the
// texts.
func (s *Service) check(a risk.Actor, in Input) (Input, error) {
	if !risk.Can(a, risk.PermInspectionWrite) {
		return in, risk.Errorf(risk.ErrForbidden, "只有口岸查验人员和检测机构可以录入检验结果。 / Only port inspectors and laboratories record results.")
	}
	var v risk.Validation
	s.checkResult(a, &in, &v)
	s.checkLot(&in, &v)
	s.checkTexts(&in, &v)
	return in, v.Err()
}

// checkResult checks the kind (by default the actor's), the result and
// the time of a result (by default now).
func (s *Service) checkResult(a risk.Actor, in *Input, v *risk.Validation) {
	now := s.Now().UTC()
	if in.Kind == "" {
		in.Kind = KindInspection
		if a.Role == risk.RoleLab {
			in.Kind = KindLabTest
		}
	}
	if in.Kind != KindInspection && in.Kind != KindLabTest {
		v.Add("kind", "类型须为 inspection 或 lab_test。", "kind must be inspection or lab_test.")
	}
	if in.Result != ResultPass && in.Result != ResultFail {
		v.Add("result", "结论须为 pass 或 fail。", "result must be pass or fail.")
	}
	switch {
	case in.InspectedAt.IsZero():
		in.InspectedAt = now
	case in.InspectedAt.After(now.Add(5 * time.Minute)):
		v.Add("inspected_at", "检验时间不能晚于当前时间。", "inspected_at must not be in the future.")
	}
}

// checkLot checks and normalises the lot of a result.
func (s *Service) checkLot(in *Input, v *risk.Validation) {
	l := &in.Lot
	for _, p := range []*string{&l.HSCode, &l.Name, &l.Brand, &l.Model, &l.GTIN, &l.Batch, &l.USCC, &l.Origin, &l.Destination, &l.Port, &l.TradeMode} {
		*p = strings.TrimSpace(*p)
	}
	if c, err := ident.ParseHS(l.HSCode); err != nil {
		v.AddErr("lot.hs_code", err)
	} else if err := s.Sets.HS.Check(c); err != nil {
		v.AddErr("lot.hs_code", err)
	} else {
		l.HSCode = string(c)
	}
	v.Text("lot.name", l.Name, 200, true, "品名", "the product name")
	for _, f := range []struct{ name, val string }{{"lot.brand", l.Brand}, {"lot.model", l.Model}, {"lot.batch", l.Batch}} {
		v.Text(f.name, f.val, 100, false, f.name, f.name)
	}
	if l.GTIN != "" {
		if g, err := ident.ParseGTIN(l.GTIN); err != nil {
			v.AddErr("lot.gtin", err)
		} else {
			l.GTIN = string(g)
		}
	}
	if l.USCC != "" {
		if u, err := ident.ParseUSCC(l.USCC); err != nil {
			v.AddErr("lot.uscc", err)
		} else {
			l.USCC = string(u)
		}
	}
	for _, c := range []struct {
		name string
		val  *string
	}{{"lot.origin", &l.Origin}, {"lot.destination", &l.Destination}} {
		if *c.val == "" {
			continue
		}
		cc, err := ident.ParseCountry(*c.val)
		if err == nil {
			err = s.Sets.Countries.Check(cc)
		}
		if err != nil {
			v.AddErr(c.name, err)
		} else {
			*c.val = string(cc)
		}
	}
	for _, c := range []struct{ name, val string }{{"lot.port", l.Port}, {"lot.trade_mode", l.TradeMode}} {
		if c.val != "" && (len(c.val) != 4 || strings.Trim(c.val, "0123456789") != "") {
			v.Add(c.name, "应为 4 位数字代码。", "must be a 4-digit code.")
		}
	}
}

// checkTexts checks the findings (required for a failure) and the
// references.
func (s *Service) checkTexts(in *Input, v *risk.Validation) {
	v.Paragraph("findings", in.Findings, 5000, in.Result == ResultFail, "检验发现", "the findings")
	v.Text("declaration_ref", in.DeclarationRef, 100, false, "报关单号", "the declaration number")
	v.Text("external_ref", in.ExternalRef, 200, false, "外部编号", "the external reference")
}

// LineRef is the declaration reference of a declaration line: the
// declaration's number and the line's index from 0, "number#line".
func LineRef(number string, line int) string { return fmt.Sprintf("%s#%d", number, line) }

// MaxReason bounds the reason of a correction, in characters.
const MaxReason = 2000

// RecordLine records the result of one kind on a declaration line (ref
// from LineRef; the lot is the line's). A line has one result of each
// kind: the same result sent again is returned as stored (created false);
// a different one is refused with ErrConflict — it is changed only by
// CorrectLine, with a reason. While the database is unreachable the result
// is held (HoldLine).
func (s *Service) RecordLine(ctx context.Context, a risk.Actor, ref string, in Input) (*Inspection, bool, error) {
	if s.Contingency.Active() {
		return s.HoldLine(a, ref, in)
	}
	actx, cancel := s.Contingency.Attempt(ctx)
	defer cancel()
	x, created, err := s.recordLine(actx, a, ref, in)
	if s.Contingency.Outage(ctx, err) {
		return s.HoldLine(a, ref, in)
	}
	return x, created, err
}

// HoldLine holds the result of a kind on a declaration line in the
// contingency journal: the kind, result, time and findings are checked
// now; the lot is taken from the stored declaration when the result is
// resubmitted (it may not be readable now). The same result held already
// is returned as held (created false); a different one is refused with
// ErrConflict, as RecordLine does.
func (s *Service) HoldLine(a risk.Actor, ref string, in Input) (*Inspection, bool, error) {
	if !risk.Can(a, risk.PermInspectionWrite) {
		return nil, false, risk.Errorf(risk.ErrForbidden, "只有口岸查验人员和检测机构可以录入检验结果。 / Only port inspectors and laboratories record results.")
	}
	if s.Contingency == nil {
		return nil, false, risk.Errorf(risk.ErrUnavailable, "数据库暂时不可达，请稍后再试。 / The database cannot be reached for now; try again later.")
	}
	in.DeclarationRef, in.ExternalRef = ref, ""
	var v risk.Validation
	s.checkResult(a, &in, &v)
	if in.Lot.HSCode != "" {
		s.checkLot(&in, &v)
	}
	s.checkTexts(&in, &v)
	if err := v.Err(); err != nil {
		return nil, false, err
	}
	key := ref + "/" + in.Kind
	if r, ok := s.Contingency.Find(contingency.KindLineResult, key); ok {
		var held Input
		if err := json.Unmarshal(r.Payload, &held); err != nil {
			return nil, false, err
		}
		if held.Result == in.Result && strings.TrimSpace(held.Findings) == strings.TrimSpace(in.Findings) {
			return heldInspection(r, held), false, nil
		}
		return nil, false, lineTaken(Kind(held.Kind), Outcome(held.Result))
	}
	recs, err := s.Contingency.Hold(contingency.Held{Kind: contingency.KindLineResult, Key: key, Actor: a, At: s.Now(), Payload: in})
	if err != nil {
		return nil, false, err
	}
	return heldInspection(recs[0], in), true, nil
}

// lineTaken refuses a second, different result of a kind on a line.
func lineTaken(k Kind, o Outcome) error {
	kzh, ken := k.Label()
	rzh, ren := o.Label()
	return &risk.Error{Kind: risk.ErrConflict, Field: "result", Message: risk.Bilingual(
		fmt.Sprintf("该行已录入%s结果（%s），不能再次录入；如需更改，请提交更正并说明理由。", kzh, rzh),
		fmt.Sprintf("this line already has a %s result (%s); to change it, submit a correction with a reason.", strings.ToLower(ken), strings.ToLower(ren)))}
}

func (s *Service) recordLine(ctx context.Context, a risk.Actor, ref string, in Input) (*Inspection, bool, error) {
	in.DeclarationRef, in.ExternalRef = ref, ""
	x, sig, entries, err := s.prepare(ctx, a, in)
	if err != nil {
		return nil, false, err
	}
	cur, err := s.Store.CurrentLine(ctx, ref, x.Kind)
	switch {
	case err == nil:
		if cur.Result == x.Result && cur.Findings == x.Findings {
			return cur, false, nil
		}
		return nil, false, lineTaken(Kind(cur.Kind), Outcome(cur.Result))
	case !errors.Is(err, risk.ErrNotFound):
		return nil, false, err
	}
	if err := s.Store.RecordLine(ctx, x, sig, entries); err != nil {
		return nil, false, err
	}
	return x, true, nil
}

// CorrectLine replaces the current result of a kind on a declaration line
// with a new one, for a reason. corrects, when not 0, is the result the
// caller saw as current: if another correction came first the call is
// refused with ErrConflict. The earlier result is kept as history and no
// longer counts; the correction is audited with both results and the
// reason, and a corrected failure raises a signal as any failure does. A
// result is corrected by the department that recorded it, or by the
// laboratory that submitted it.
func (s *Service) CorrectLine(ctx context.Context, a risk.Actor, ref string, in Input, corrects risk.ID, reason string) (*Inspection, error) {
	if !risk.Can(a, risk.PermInspectionWrite) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有口岸查验人员和检测机构可以录入检验结果。 / Only port inspectors and laboratories record results.")
	}
	if s.Contingency.Active() {
		return nil, ErrNoCorrection
	}
	x, err := s.correctLine(ctx, a, ref, in, corrects, reason)
	if s.Contingency.Outage(ctx, err) {
		return nil, ErrNoCorrection
	}
	return x, err
}

// ErrNoCorrection refuses a correction in contingency: it needs the
// current result, which only the database knows.
var ErrNoCorrection = risk.Errorf(risk.ErrUnavailable, "应急模式下（数据库不可达）不能更正结果，请在数据库恢复后更正。 / A result cannot be corrected in contingency mode (the database is unreachable); correct it when the database is back.")

func (s *Service) correctLine(ctx context.Context, a risk.Actor, ref string, in Input, corrects risk.ID, reason string) (*Inspection, error) {
	in.DeclarationRef, in.ExternalRef = ref, ""
	reason = strings.TrimSpace(reason)
	var v risk.Validation
	v.Paragraph("reason", reason, MaxReason, true, "更正理由", "the reason for the correction")
	if err := v.Err(); err != nil {
		return nil, err
	}
	x, sig, entries, err := s.prepare(ctx, a, in)
	if err != nil {
		return nil, err
	}
	kzh, ken := Kind(x.Kind).Label()
	cur, err := s.Store.CurrentLine(ctx, ref, x.Kind)
	if errors.Is(err, risk.ErrNotFound) {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "kind", Message: risk.Bilingual(
			fmt.Sprintf("该行还没有%s结果，无需更正，请直接录入。", kzh),
			fmt.Sprintf("this line has no %s result to correct: record one instead.", strings.ToLower(ken)))}
	}
	if err != nil {
		return nil, err
	}
	ownLab := cur.LabID != 0 && cur.LabID == a.LabID
	ownDept := cur.LabID == 0 && a.Role != risk.RoleLab && cur.Dept == a.Dept
	if !ownLab && !ownDept {
		return nil, risk.Errorf(risk.ErrForbidden, "只有录入该结果的部门或检测机构可以更正。 / Only the department or laboratory that recorded the result may correct it.")
	}
	if corrects != 0 && corrects != cur.ID {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "corrects", Message: risk.Bilingual(
			"该结果已被更正，请刷新后重试。", "the result was corrected meanwhile; reload and try again.")}
	}
	if cur.Result == x.Result && cur.Findings == x.Findings {
		return nil, risk.Invalid("result", "更正后的结果与原结果相同。", "the corrected result is the same as the current one.")
	}
	x.Supersedes, x.CorrectionReason = cur.ID, reason
	ozh, oen := Outcome(cur.Result).Label()
	nzh, nen := Outcome(x.Result).Label()
	entries[0] = audit.New(a, "inspection.correct", "inspection", 0,
		fmt.Sprintf("更正%s结果（%s）：%s → %s；理由：%s / %s result corrected (%s): %s → %s; reason: %s",
			kzh, ref, ozh, nzh, reason, strings.ToLower(ken), ref, strings.ToLower(oen), strings.ToLower(nen), reason)).
		WithChange(map[string]any{"id": cur.ID, "result": cur.Result, "findings": cur.Findings},
			map[string]any{"result": x.Result, "findings": x.Findings, "reason": reason, "supersedes": cur.ID, "warnings": x.Warnings})
	if err := s.Store.RecordLine(ctx, x, sig, entries); err != nil {
		return nil, err
	}
	return x, nil
}

// ResubmitLine stores a line result held in contingency, with the lot of
// the stored declaration's line, its mark and audit entries naming the
// time it was recorded and the node, in one transaction. A result stored
// under its queue id already, or the same result on the line, is left as
// it is; a different result on the line is refused (ErrConflict), as is a
// line the declaration does not have.
func (s *Service) ResubmitLine(ctx context.Context, r contingency.Record) error {
	var in Input
	if err := json.Unmarshal(r.Payload, &in); err != nil {
		return fmt.Errorf("inspection: held line result %s: %w", r.ID, err)
	}
	if _, err := s.Store.ByQueueID(ctx, r.ID); err == nil || !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	ref := in.DeclarationRef
	i := strings.LastIndexByte(ref, '#')
	line, err := strconv.Atoi(ref[i+1:])
	if i < 0 || err != nil {
		return risk.Invalid("declaration_ref", "报关单行号无效。", "invalid declaration line.")
	}
	if in.Lot, err = s.Lines.LineLot(ctx, ref[:i], line); err != nil {
		return err
	}
	x, sig, entries, err := s.prepare(ctx, r.Actor, in)
	if err != nil {
		return err
	}
	cur, err := s.Store.CurrentLine(ctx, ref, x.Kind)
	switch {
	case err == nil:
		if cur.Result == x.Result && cur.Findings == x.Findings {
			return nil
		}
		return lineTaken(Kind(cur.Kind), Outcome(cur.Result))
	case !errors.Is(err, risk.ErrNotFound):
		return err
	}
	s.mark(x, entries, r)
	return s.Store.RecordLine(ctx, x, sig, entries)
}

// ResubmitInspection stores a result on a lot held in contingency, as
// ResubmitLine does; a result stored under its queue id or its external
// reference already is left as it is.
func (s *Service) ResubmitInspection(ctx context.Context, r contingency.Record) error {
	var in Input
	if err := json.Unmarshal(r.Payload, &in); err != nil {
		return fmt.Errorf("inspection: held result %s: %w", r.ID, err)
	}
	if _, err := s.Store.ByQueueID(ctx, r.ID); err == nil || !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	x, sig, entries, err := s.prepare(ctx, r.Actor, in)
	if err != nil {
		return err
	}
	s.mark(x, entries, r)
	_, err = s.Store.Record(ctx, x, sig, entries)
	return err
}

// mark marks a resubmitted result and its audit entries as made in
// contingency, with the original time and the node.
func (s *Service) mark(x *Inspection, entries []audit.Entry, r contingency.Record) {
	now := s.Now().UTC()
	m := r.Mark()
	m.ResubmittedAt = &now
	x.Contingency = &m
	for i := range entries {
		entries[i] = contingency.Annotate(entries[i], r, "录入", "recorded")
	}
}

// LineResults lists the results recorded against the lines of a
// declaration of n lines, corrections and superseded results included,
// oldest first.
func (s *Service) LineResults(ctx context.Context, a risk.Actor, number string, n int) ([]*Inspection, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看报关单。 / Not allowed to read declarations.")
	}
	refs := make([]string, n)
	for i := range refs {
		refs[i] = LineRef(number, i)
	}
	return s.Store.ByDeclaration(ctx, refs)
}

// Get returns a result to officials and the lab that recorded it.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Inspection, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !(a.System || a.IsOfficial() || (a.Role == risk.RoleLab && a.LabID != 0 && a.LabID == x.LabID)) {
		return nil, risk.Errorf(risk.ErrNotFound, "检验记录不存在。 / No such inspection.")
	}
	return x, nil
}

// EvaluateLifting checks every warning in force: when all its
// machine-checkable conditions (clean lots, recall completion, no new
// signals) are met, it proposes lifting to the approvers, once, with an
// audit entry. Expiry is the expiry job's; manual conditions are the
// approver's. It returns how many proposals it made.
func (s *Service) EvaluateLifting(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	active, err := s.Store.ActiveWarnings(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range active {
		if w.LiftProposedAt != nil {
			continue
		}
		met, checkable := 0, 0
		var zh, en []string
		for _, c := range w.Conditions {
			ok := false
			switch c.Kind {
			case warning.CondCleanLots:
				checkable++
				res, err := s.Store.Results(ctx, w.ID, c.N)
				if err != nil {
					return n, err
				}
				ok = len(res) >= c.N
				for _, r := range res {
					ok = ok && r == ResultPass
				}
			case warning.CondRecall:
				checkable++
				rc, err := s.Store.RecallCompletion(ctx, w.CaseID)
				if err != nil {
					return n, err
				}
				ok = rc != nil && *rc >= c.Percent
			case warning.CondNoSignals:
				checkable++
				since := now.AddDate(0, 0, -c.Days)
				if w.IssuedAt != nil && !w.IssuedAt.After(since) {
					cnt, err := s.Store.SignalsSince(ctx, w.CaseID, w.ID, since)
					if err != nil {
						return n, err
					}
					ok = cnt == 0
				}
			default:
				continue
			}
			if ok {
				met++
				z, e := c.Describe()
				zh, en = append(zh, z), append(en, e)
			}
		}
		if checkable == 0 || met < checkable {
			continue
		}
		text := "解除条件已满足：" + strings.Join(zh, "；") + " / lifting conditions met: " + strings.Join(en, "; ")
		ae := audit.New(risk.System, "warning.lift_proposed", "warning", w.ID, "建议解除预警 "+w.Number+" / lifting proposed").WithChange(nil, map[string]string{"proposal": text})
		if err := s.Store.ProposeLift(ctx, w.ID, text, ae); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
