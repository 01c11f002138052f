package warning

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// A grade I warning is issued under State Council authority (国发〔2017〕43号
// §8: 报请国务院授权部门发布), not by the province. Instead of 签发 the
// province refers it (上报) to the national authority — 海关总署 (GACC) for
// port matters, 国家市场监督管理总局 (SAMR) for the market — while the
// provincial measures apply from the referral on. The referral is a record
// with its own document number; the authority's answer is recorded later:
// issued nationally (the province's warning then follows the national one),
// or returned with a grade II–IV (the province issues it as such).

// Outcome is the national authority's answer to a referral. Values are
// stored.
type Outcome string

// Outcomes.
const (
	OutcomePending  Outcome = "pending"           // 待国家层面答复
	OutcomeNational Outcome = "issued_nationally" // 国家层面已发布
	OutcomeReturned Outcome = "returned"          // 退回，由省级按定级发布
)

var outcomeLabels = risk.Labels{
	string(OutcomePending):  {"待国家层面答复", "Awaiting the national reply"},
	string(OutcomeNational): {"国家层面已发布", "Issued nationally"},
	string(OutcomeReturned): {"国家主管部门退回，由省级发布", "Returned for the province to issue"},
}

// Label returns the outcome's Chinese and English names.
func (o Outcome) Label() (zh, en string) { return outcomeLabels.Of(string(o)) }

// ReplyWorkingDays is how many working days a referral may wait for the
// national reply before the warning page shows it as overdue.
const ReplyWorkingDays = 5

// AuthoritiesCatalog names the catalogue of national authorities.
const AuthoritiesCatalog = "national-authorities"

// Referral is the record of a grade I warning referred to the national
// authority, and of the authority's answer.
type Referral struct {
	Number     string    `json:"number,omitempty"` // the province's referral document, 湘关预警报〔2026〕1号
	Authority  string    `json:"authority"`        // national-authorities catalogue code
	ReferredAt time.Time `json:"referred_at,omitzero"`
	ReferredBy string    `json:"referred_by,omitempty"` // the person's name
	Note       string    `json:"note,omitempty"`
	Outcome    Outcome   `json:"outcome"`
	// The answer, once recorded.
	DecidedAt         *time.Time `json:"decided_at,omitempty"`         // the date of the national decision
	NationalReference string     `json:"national_reference,omitempty"` // e.g. 海关总署公告2026年第12号
	NationalURL       string     `json:"national_url,omitempty"`
	ReturnedGrade     risk.Grade `json:"returned_grade,omitempty"`
	OutcomeNote       string     `json:"outcome_note,omitempty"`
	RecordedAt        *time.Time `json:"outcome_recorded_at,omitempty"`
	RecordedBy        string     `json:"outcome_recorded_by,omitempty"`
}

// Pending reports whether the national answer is still awaited.
func (r *Referral) Pending() bool { return r != nil && r.Outcome == OutcomePending }

// Waited is how many working days (the official calendar, with the years
// administrators entered) the referral has waited by now; an error when
// the calendar does not cover the dates.
func (r *Referral) Waited(now time.Time) (int, error) {
	cal, err := calendar.Current()
	if err != nil {
		return 0, err
	}
	return cal.Count(r.ReferredAt, now)
}

// Overdue reports whether a pending referral has waited longer than
// ReplyWorkingDays (false when the calendar cannot say).
func (r *Referral) Overdue(now time.Time) bool {
	if !r.Pending() {
		return false
	}
	n, err := r.Waited(now)
	return err == nil && n > ReplyWorkingDays
}

// Authority returns the national-authorities catalogue entry of code, or
// nil.
func Authority(code string) *catalog.Entry {
	t, err := catalog.BuiltinTable(AuthoritiesCatalog)
	if err != nil || code == "" {
		return nil
	}
	return t.Find(code)
}

// AuthorityName names a national authority, Chinese and English; an
// unknown or unrecorded one (a referral made before referrals were
// recorded) is "the national authority".
func AuthorityName(code string) (zh, en string) {
	if e := Authority(code); e != nil {
		return e.NameZh, e.NameEn
	}
	return "国家主管部门", "national authority"
}

// SuggestAuthority is the authority a grade I warning is usually referred
// to: the one whose catalogue entry lists the issuing department (海关总署
// for 长沙海关, 市场监管总局 for 省市场监管局); else 海关总署 when the scope
// names ports or trade modes (a port matter); else 市场监管总局.
func SuggestAuthority(w *Warning) string {
	t, err := catalog.BuiltinTable(AuthoritiesCatalog)
	if err != nil {
		return ""
	}
	for _, e := range t.Entries {
		if slices.Contains(strings.Fields(e.Attrs["depts"]), w.Dept) {
			return e.Code
		}
	}
	want := "market"
	if len(w.Scope.Ports)+len(w.Scope.TradeModes) > 0 {
		want = "port"
	}
	for _, e := range t.Entries {
		if e.Attrs["for"] == want {
			return e.Code
		}
	}
	return ""
}

// ReferralInput is what referring a grade I warning records.
type ReferralInput struct {
	Authority string `json:"authority"` // national-authorities catalogue code
	Note      string `json:"note"`
	Rev       int    `json:"rev"`
}

// OutcomeInput is the national authority's answer to a referral.
type OutcomeInput struct {
	Outcome           Outcome    `json:"outcome"`            // issued_nationally or returned
	NationalReference string     `json:"national_reference"` // required when issued nationally
	DecidedAt         time.Time  `json:"decided_at"`         // when the authority decided
	NationalURL       string     `json:"national_url"`       // optional, http(s)
	Grade             risk.Grade `json:"grade"`              // returned: II, III or IV
	Note              string     `json:"note"`
	Rev               int        `json:"rev"`
}

// current checks that the assessment behind w is still its case's approved
// one: a grade rests on it, and a later version may have superseded it.
func (s *Service) current(ctx context.Context, a risk.Actor, w *Warning) error {
	if x, err := s.Assessments.Approved(ctx, a, w.CaseID); err != nil || x.ID != w.AssessmentID {
		return &risk.Error{Kind: risk.ErrConflict, Field: "assessment_id",
			Message: risk.Bilingual("预警所依据的风险评估已被新版本取代，请依据新评估重新起草。", "the assessment behind this warning has been superseded; draft a new warning from the current one.")}
	}
	return nil
}

// person names who acted in a record people read: the name, not the login
// (the audit entry keeps the login).
func person(a risk.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.Label()
}

func errGradeI() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "action", Message: risk.Bilingual(
		"I 级预警报请国务院授权部门发布，本省不签发：请上报国家主管部门，省级措施自上报起即可执行。",
		"a grade I warning is issued under State Council authority, not by the province: refer it to the national authority; the provincial measures apply from the referral on.")}
}

// Refer refers an approved grade I warning to the national authority
// (报请国务院授权部门发布): the warning becomes referred (已上报) and
// stays in force, so that its measures may be enforced now, and the
// referral is recorded with its own document number, the authority, the
// time, who referred it and a note. Nothing is published: the warning is
// not issued until the outcome is recorded.
func (s *Service) Refer(ctx context.Context, a risk.Actor, id risk.ID, in ReferralInput) (*Warning, error) {
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanHandle(a, w.Dept) {
		return nil, forbidden("只有签发部门的人员可以上报。", "Only the issuing department may refer a warning.")
	}
	to, err := lifecycle.Step(string(w.Status), "refer")
	if err != nil {
		return nil, err
	}
	if w.Grade != risk.GradeI {
		zh, en := w.Grade.Label()
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "grade", Message: risk.Bilingual(
			"只有 I 级预警报请国务院授权部门发布；本预警为"+zh+"，由本部门签发。",
			"only grade I warnings are referred to the national authority; this one is "+en+" and is issued here.")}
	}
	if err := s.current(ctx, a, w); err != nil {
		return nil, err
	}
	var v risk.Validation
	in.Authority = strings.TrimSpace(in.Authority)
	auth := Authority(in.Authority)
	switch {
	case in.Authority == "":
		v.Add("authority", "请选择上报的国家主管部门。", "choose the national authority to refer the warning to.")
	case auth == nil:
		v.Add("authority", "国家主管部门代码无效："+in.Authority+"。", "unknown national authority "+in.Authority+".")
	}
	in.Note = strings.TrimSpace(in.Note)
	v.Paragraph("note", in.Note, MaxNote, false, "上报说明", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Rev != w.Rev {
		return nil, staleRev()
	}
	now := s.now()
	from := w.Status
	w.Status = Status(to)
	w.Rev++
	if w.StartsAt.Before(now) && now.Sub(w.StartsAt) > 24*time.Hour {
		w.StartsAt = now.Truncate(time.Second) // the provincial measures apply from now
	}
	w.Referral = &Referral{Authority: auth.Code, ReferredAt: now, ReferredBy: person(a), Note: in.Note, Outcome: OutcomePending}
	ae := audit.New(a, "warning.refer", "warning", id,
		fmt.Sprintf("预警 %s 报请国务院授权部门发布，上报%s / warning referred to %s", w.Title, auth.NameZh, auth.NameEn)).
		WithChange(map[string]any{"status": from}, map[string]any{"status": to, "authority": auth.Code, "note": in.Note})
	fx, err := s.effects(ctx, from, w, ae)
	if err != nil {
		return nil, err
	}
	if err := s.Store.Refer(ctx, w, s.prefix(w.Dept)+"报", fx); err != nil {
		return nil, err
	}
	return w, nil
}

// MaxReferenceLen bounds the national reference.
const MaxReferenceLen = 100

// RecordOutcome records the national authority's answer to a referral, as
// an approver of the issuing department (who may lift it): issued
// nationally — the national reference and date, optionally a URL — after
// which the province's warning is issued following the national one; or
// returned with a grade II–IV, after which the warning is re-graded and
// issued by the province as such. Either way the warning gets its number
// (when it has none) and its publication, in the transaction of the
// answer.
func (s *Service) RecordOutcome(ctx context.Context, a risk.Actor, id risk.ID, in OutcomeInput) (*Warning, error) {
	w, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanApprove(a, w.Dept) {
		return nil, forbidden("只有签发部门的审批人可以记录国家层面的答复。", "Only an approver of the issuing department may record the national reply.")
	}
	var action string
	switch in.Outcome {
	case OutcomeNational:
		action = "national_issue"
	case OutcomeReturned:
		action = "national_return"
	default:
		return nil, risk.Invalid("outcome", "请选择答复结果：国家层面已发布，或退回由省级发布。",
			"choose the answer: issued nationally, or returned for the province to issue.")
	}
	to, err := lifecycle.Step(string(w.Status), action)
	if err != nil {
		return nil, err
	}
	if !w.Referral.Pending() {
		return nil, risk.Errorf(risk.ErrConflict, "该预警没有待答复的上报记录。 / The warning has no referral awaiting a reply.")
	}
	now := s.now()
	var v risk.Validation
	in.NationalReference, in.NationalURL, in.Note = strings.TrimSpace(in.NationalReference), strings.TrimSpace(in.NationalURL), strings.TrimSpace(in.Note)
	v.Text("national_reference", in.NationalReference, MaxReferenceLen, in.Outcome == OutcomeNational, "国家层面发布文号", "the national reference")
	switch {
	case in.DecidedAt.IsZero():
		v.Add("decided_at", "请填写国家主管部门作出决定的日期。", "the date of the national decision is required.")
	case in.DecidedAt.After(now):
		v.Add("decided_at", "决定日期不能晚于今天。", "the date of the decision must not be in the future.")
	case in.DecidedAt.Before(risk.Day(w.Referral.ReferredAt)):
		v.Add("decided_at", "决定日期不能早于上报日期。", "the date of the decision must not be before the referral.")
	}
	if in.NationalURL != "" {
		v.Text("national_url", in.NationalURL, MaxURLLen, false, "国家层面发布网址", "the national URL")
		if u, err := url.Parse(in.NationalURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add("national_url", "网址须以 http:// 或 https:// 开头。", "the web address must start with http:// or https://.")
		}
	}
	switch {
	case in.Outcome == OutcomeReturned && in.Grade != risk.GradeII && in.Grade != risk.GradeIII && in.Grade != risk.GradeIV:
		v.Add("grade", "退回时须填写国家主管部门确定的等级（II、III 或 IV 级）。", "a returned warning needs the grade the authority gave: II, III or IV.")
	case in.Outcome == OutcomeNational && in.Grade != "" && in.Grade != risk.GradeI:
		v.Add("grade", "国家层面发布的预警为 I 级；如被降级，请选择“退回”。", "a warning issued nationally is grade I; for a lower grade, record a return.")
	}
	v.Paragraph("note", in.Note, MaxNote, false, "答复说明", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Rev != w.Rev {
		return nil, staleRev()
	}
	r := *w.Referral
	decided := in.DecidedAt.UTC().Truncate(time.Second)
	r.Outcome, r.DecidedAt, r.NationalReference, r.NationalURL, r.OutcomeNote = in.Outcome, &decided, in.NationalReference, in.NationalURL, in.Note
	r.RecordedAt, r.RecordedBy = &now, person(a)
	from := w.Status
	before := map[string]any{"status": w.Status, "grade": w.Grade}
	authZh, authEn := AuthorityName(r.Authority)
	var summary string
	if in.Outcome == OutcomeReturned {
		r.ReturnedGrade = in.Grade
		w.Grade = in.Grade
		w.GradeJustification = fmt.Sprintf("国家主管部门（%s）退回，定为 %s 级，由省级发布", authZh, in.Grade)
		if in.NationalReference != "" {
			w.GradeJustification += "（" + in.NationalReference + "）"
		}
		summary = fmt.Sprintf("国家主管部门退回预警 %s，定为 %s 级，由省级发布 / warning returned by %s at grade %s, issued provincially", w.Title, in.Grade, authEn, in.Grade)
	} else {
		summary = fmt.Sprintf("预警 %s 经%s发布：%s / warning issued nationally by %s", w.Title, authZh, in.NationalReference, authEn)
	}
	w.Status = Status(to)
	w.Referral = &r
	w.Rev++
	w.LiftProposedAt, w.LiftProposal = nil, ""
	ae := audit.New(a, "warning."+action, "warning", id, summary).
		WithChange(before, map[string]any{"status": w.Status, "grade": w.Grade, "outcome": r.Outcome, "national_reference": r.NationalReference,
			"decided_at": decided, "national_url": r.NationalURL, "note": r.OutcomeNote})
	fx, err := s.effects(ctx, from, w, ae)
	if err != nil {
		return nil, err
	}
	if err := s.Store.RecordOutcome(ctx, w, s.prefix(w.Dept), fx); err != nil {
		return nil, err
	}
	return w, nil
}
