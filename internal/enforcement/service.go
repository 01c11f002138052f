package enforcement

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

// Store is the persistence of interviews and penalty records.
type Store interface {
	// CreateInterview inserts iv with its audit entry and sets iv.ID.
	CreateInterview(ctx context.Context, iv *Interview, ae audit.Entry) error
	// Interview returns risk.ErrNotFound when there is no such interview.
	Interview(ctx context.Context, id risk.ID) (*Interview, error)
	// Interviews lists matching interviews, newest first, and how many match.
	Interviews(ctx context.Context, f InterviewFilter) ([]*Interview, int, error)
	// UpdateInterview writes iv if the stored revision is iv.Rev-1
	// (risk.ErrConflict otherwise), with its audit entries and the credit
	// effects of the commitments missed, in one transaction.
	UpdateInterview(ctx context.Context, iv *Interview, ae []audit.Entry, fx []credit.Effect) error
	// CreatePenalty inserts p with its audit entry and its credit effects in
	// one transaction, sets p.ID, and gives the new events whose SourceID is
	// NewRecord p's ID. A number the department already used for the kind
	// is risk.ErrConflict naming "number".
	CreatePenalty(ctx context.Context, p *Penalty, ae audit.Entry, fx []credit.Effect) error
	// Penalty returns risk.ErrNotFound when there is no such record.
	Penalty(ctx context.Context, id risk.ID) (*Penalty, error)
	// Penalties lists matching records, newest first, and how many match.
	Penalties(ctx context.Context, f PenaltyFilter) ([]*Penalty, int, error)
}

// NewRecord is the SourceID of a credit event raised by a record not yet
// stored: the store gives it the record's ID.
const NewRecord risk.ID = -1

// Firms reads the register.
type Firms interface {
	GetByUSCC(ctx context.Context, uscc string) (*enterprise.Enterprise, error)
}

// Credit works out credit events (credit.Service).
type Credit interface {
	Plan(ctx context.Context, a risk.Actor, ins []credit.EventInput) ([]credit.Effect, error)
	Rules(ctx context.Context) (*credit.Rules, error)
}

// Cases checks a linked case (casefile.Service.Exists: it exists and a may
// see it).
type Cases interface {
	Exists(ctx context.Context, a risk.Actor, id risk.ID) error
}

// Service runs interviews and penalty records.
type Service struct {
	Store  Store
	Firms  Firms
	Credit Credit
	Cases  Cases // nil: links to cases are refused
	Depts  map[string]bool
	Now    func() time.Time
}

// Limits, in characters or entries.
const (
	MaxParties     = 20
	MaxDepts       = 10
	MaxCommitments = 50
	MaxDocuments   = 20
	MaxMinutes     = 20000
	MaxText        = 2000
	MaxLine        = 200
)

// CanRead reports whether a may read enforcement records at all: officials
// all of them, a firm those that name it.
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermEnforcementRead) }

// CanRecordInterview reports whether a may record interviews.
func CanRecordInterview(a risk.Actor) bool {
	return risk.Can(a, risk.PermInterviewWrite) && a.Dept != ""
}

// CanCheck reports whether a may check iv's commitments: an officer of a
// department that took part.
func CanCheck(a risk.Actor, iv *Interview) bool {
	return CanRecordInterview(a) && slices.Contains(iv.Depts, a.Dept)
}

// CanRecordPenalty reports whether a may record penalty decisions, orders
// and hand-overs for its department.
func CanRecordPenalty(a risk.Actor) bool { return risk.Can(a, risk.PermPenaltyWrite) && a.Dept != "" }

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

// canSee reports whether a may read a record naming firms.
func canSee(a risk.Actor, firms ...risk.ID) bool {
	if !CanRead(a) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return a.EnterpriseID != 0 && slices.Contains(firms, a.EnterpriseID)
	}
	return a.IsOfficial()
}

// scope narrows a firm's lists to itself.
func scope(a risk.Actor, id *risk.ID) error {
	if !CanRead(a) {
		return forbidden("无权查看约谈和处罚记录。", "Not allowed to read interviews and penalties.")
	}
	if a.Role == risk.RoleEnterprise {
		if a.EnterpriseID == 0 {
			return forbidden("账号未关联企业。", "The account belongs to no enterprise.")
		}
		*id = a.EnterpriseID
	}
	return nil
}

// PartyInput is a party as typed: a registered enterprise by USCC, or a
// party named only.
type PartyInput struct {
	Role PartyRole `json:"role"`
	USCC string    `json:"uscc,omitempty"`
	Name string    `json:"name,omitempty"`
}

// CommitmentInput is a commitment as typed: the index of its party in the
// parties, what it undertakes and by when.
type CommitmentInput struct {
	Party    int             `json:"party"`
	Text     string          `json:"text"`
	Deadline string          `json:"deadline"`
	Severity credit.Severity `json:"severity,omitempty"`
}

// InterviewInput is an interview as recorded.
type InterviewInput struct {
	Reason      Reason            `json:"reason"`
	Parties     []PartyInput      `json:"parties"`
	Depts       []string          `json:"depts"` // taking part; the recorder's department is the lead
	HeldOn      string            `json:"held_on"`
	Place       string            `json:"place"`
	Minutes     string            `json:"minutes"`
	Documents   []string          `json:"documents,omitempty"`
	Commitments []CommitmentInput `json:"commitments,omitempty"`
	CaseID      risk.ID           `json:"case_id,omitempty"`
}

// day checks a YYYY-MM-DD day not after today.
func day(v *risk.Validation, field, s, today string, required bool) string {
	if strings.TrimSpace(s) == "" {
		if required {
			v.Add(field, "请填写日期（YYYY-MM-DD）。", field+" is required (YYYY-MM-DD).")
		}
		return ""
	}
	d, err := credit.ParseDay(field, s)
	if err != nil {
		v.AddErr(field, err)
		return ""
	}
	if today != "" && d > today {
		v.Add(field, "日期不能晚于今天。", field+" cannot be in the future.")
	}
	return d
}

// checkCase checks a linked case.
func (s *Service) checkCase(ctx context.Context, a risk.Actor, id risk.ID, v *risk.Validation) error {
	if id == 0 {
		return nil
	}
	if s.Cases == nil {
		v.Add("case_id", "无法关联风险案件。", "cases cannot be linked here.")
		return nil
	}
	err := s.Cases.Exists(ctx, a, id)
	var re *risk.Error
	if errors.As(err, &re) && (errors.Is(err, risk.ErrNotFound) || errors.Is(err, risk.ErrForbidden)) {
		v.Add("case_id", fmt.Sprintf("风险案件 %d 不存在或无权查看。", id), fmt.Sprintf("case %d does not exist or is not yours to see.", id))
		return nil
	}
	return err
}

// firm reads a registered firm, naming field when the USCC is unknown.
func (s *Service) firm(ctx context.Context, field, uscc string, v *risk.Validation) (*enterprise.Enterprise, error) {
	e, err := s.Firms.GetByUSCC(ctx, uscc)
	if errors.Is(err, risk.ErrNotFound) {
		v.Add(field, "统一社会信用代码 "+uscc+" 未在企业名录中登记。", "USCC "+uscc+" is not in the register.")
		return nil, nil
	}
	return e, err
}

// RecordInterview records an interview held, with its parties and
// commitments.
func (s *Service) RecordInterview(ctx context.Context, a risk.Actor, in InterviewInput) (*Interview, error) {
	if !CanRecordInterview(a) {
		return nil, forbidden("无权登记约谈。", "Not allowed to record interviews.")
	}
	now := s.Now()
	today := credit.Today(now)
	var v risk.Validation
	iv := &Interview{Reason: in.Reason, HeldOn: day(&v, "held_on", in.HeldOn, today, true), Place: strings.TrimSpace(in.Place),
		Minutes: strings.TrimSpace(in.Minutes), CaseID: in.CaseID, CreatedBy: a.Label(), CreatedAt: now.UTC(), UpdatedAt: now.UTC(), Rev: 1}
	if !slices.Contains(Reasons, in.Reason) {
		v.Add("reason", "约谈事由只能是 accident、violation、hidden-risk 或 repeated-nonconformity。", "reason must be accident, violation, hidden-risk or repeated-nonconformity.")
	}
	iv.Depts = []string{a.Dept}
	for i, d := range in.Depts {
		d = strings.TrimSpace(d)
		if !s.Depts[d] {
			v.Add(fmt.Sprintf("depts[%d]", i), "部门 "+d+" 不在部门目录中。", "department "+d+" is not in the catalogue.")
		} else if !slices.Contains(iv.Depts, d) {
			iv.Depts = append(iv.Depts, d)
		}
	}
	if len(iv.Depts) > MaxDepts {
		v.Add("depts", fmt.Sprintf("参加部门最多 %d 个。", MaxDepts), fmt.Sprintf("at most %d departments.", MaxDepts))
	}
	v.Text("place", iv.Place, MaxLine, true, "约谈地点", "the place")
	v.Paragraph("minutes", iv.Minutes, MaxMinutes, true, "约谈纪要", "the minutes")
	if len(in.Documents) > MaxDocuments {
		v.Add("documents", fmt.Sprintf("附件最多 %d 份。", MaxDocuments), fmt.Sprintf("at most %d documents.", MaxDocuments))
	}
	for i, d := range in.Documents {
		d = strings.TrimSpace(d)
		v.Text(fmt.Sprintf("documents[%d]", i), d, MaxLine, true, "附件名称或文号", "the document's reference")
		iv.Documents = append(iv.Documents, d)
	}
	if len(in.Parties) == 0 || len(in.Parties) > MaxParties {
		v.Add("parties", fmt.Sprintf("请列出被约谈方（1–%d 个）。", MaxParties), fmt.Sprintf("list the parties interviewed (1–%d).", MaxParties))
	}
	for i, p := range in.Parties {
		f := fmt.Sprintf("parties[%d]", i)
		pt := Party{Role: p.Role}
		if !slices.Contains(PartyRoles, p.Role) {
			v.Add(f+".role", "被约谈方类型无效。", "role must be brand-owner, manufacturer, importer, agent, platform or lab.")
		}
		uscc := strings.ToUpper(strings.TrimSpace(p.USCC))
		switch {
		case uscc != "":
			e, err := s.firm(ctx, f+".uscc", uscc, &v)
			if err != nil {
				return nil, err
			}
			if e != nil {
				pt.EnterpriseID, pt.USCC, pt.Name = e.ID, e.USCC, e.NameZh
			}
		default:
			pt.Name = strings.TrimSpace(p.Name)
			v.Text(f+".name", pt.Name, MaxLine, true, "被约谈方名称（未登记企业）或统一社会信用代码", "the party's USCC or, when not registered, its name")
		}
		iv.Parties = append(iv.Parties, pt)
	}
	if len(in.Commitments) > MaxCommitments {
		v.Add("commitments", fmt.Sprintf("承诺事项最多 %d 项。", MaxCommitments), fmt.Sprintf("at most %d commitments.", MaxCommitments))
	}
	for i, c := range in.Commitments {
		f := fmt.Sprintf("commitments[%d]", i)
		cm := Commitment{Seq: i + 1, Party: c.Party, Text: strings.TrimSpace(c.Text), Severity: c.Severity, Status: CommitmentOpen}
		if c.Party < 0 || c.Party >= len(in.Parties) {
			v.Add(f+".party", "承诺方须为被约谈方之一。", "party must be one of the parties (its index).")
		}
		v.Paragraph(f+".text", cm.Text, MaxText, true, "承诺内容", "the commitment")
		if strings.TrimSpace(c.Deadline) == "" {
			v.Add(f+".deadline", "请填写承诺的履行期限。", "the commitment needs a deadline.")
		} else if d, err := credit.ParseDay(f+".deadline", c.Deadline); err != nil {
			v.AddErr(f+".deadline", err)
		} else if iv.HeldOn != "" && d < iv.HeldOn {
			v.Add(f+".deadline", "履行期限不能早于约谈日期。", "the deadline cannot be before the interview.")
		} else {
			cm.Deadline = d
		}
		if c.Severity != "" && c.Severity.Rank() == 0 {
			v.Add(f+".severity", "失信等级只能是 minor、general 或 serious。", "severity must be minor, general or serious.")
		}
		iv.Commitments = append(iv.Commitments, cm)
	}
	if err := s.checkCase(ctx, a, in.CaseID, &v); err != nil {
		return nil, err
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	rzh, ren := iv.Reason.Label()
	names := make([]string, len(iv.Parties))
	for i, p := range iv.Parties {
		names[i] = p.Name
	}
	ae := audit.New(a, "interview.record", "interview", 0, fmt.Sprintf("约谈（%s）：%s / interview (%s): %s", rzh, strings.Join(names, "、"), strings.ToLower(ren), strings.Join(names, ", "))).
		WithChange(nil, iv)
	if err := s.Store.CreateInterview(ctx, iv, ae); err != nil {
		return nil, err
	}
	return iv, nil
}

// Interview returns one interview a may see.
func (s *Service) Interview(ctx context.Context, a risk.Actor, id risk.ID) (*Interview, error) {
	iv, err := s.Store.Interview(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(a, iv.Firms()...) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该约谈记录。 / No such interview.")
	}
	return iv, nil
}

// Interviews lists the interviews a may see: a firm those it was a party
// to.
func (s *Service) Interviews(ctx context.Context, a risk.Actor, f InterviewFilter) ([]*Interview, int, error) {
	if err := scope(a, &f.EnterpriseID); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	if f.Due {
		f.DueBy = addDays(credit.Today(s.Now()), QueueDays)
	}
	return s.Store.Interviews(ctx, f)
}

// Check is a follow-up check of one commitment: met or missed, with a
// note, on a day (default today), under the interview's revision.
type Check struct {
	Commitment int              `json:"commitment"` // its seq
	Result     CommitmentStatus `json:"result"`     // met or missed
	Note       string           `json:"note"`
	CheckedOn  string           `json:"checked_on,omitempty"`
	Rev        int              `json:"rev"`
}

// CheckCommitment records a check. A commitment missed by a registered
// party raises a credit event for it, written with the check.
func (s *Service) CheckCommitment(ctx context.Context, a risk.Actor, id risk.ID, in Check) (*Interview, error) {
	iv, err := s.Interview(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanCheck(a, iv) {
		return nil, forbidden("只有参加约谈的部门可以核查承诺。", "Only a department that took part may check the commitments.")
	}
	today := credit.Today(s.Now())
	var v risk.Validation
	if in.Commitment < 1 || in.Commitment > len(iv.Commitments) {
		v.Add("commitment", "没有该承诺事项。", "no such commitment.")
	}
	if in.Result != CommitmentMet && in.Result != CommitmentMissed {
		v.Add("result", "核查结果只能是 met（已履行）或 missed（未履行）。", "result must be met or missed.")
	}
	v.Paragraph("note", in.Note, MaxText, true, "核查情况", "the note")
	checked := day(&v, "checked_on", in.CheckedOn, today, false)
	if checked == "" {
		checked = today
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	c := &iv.Commitments[in.Commitment-1]
	if c.Status != CommitmentOpen {
		zh, en := c.Status.Label()
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "commitment", Message: risk.Bilingual("该承诺已核查（"+zh+"）。", "the commitment was checked already ("+strings.ToLower(en)+").")}
	}
	if in.Rev != iv.Rev {
		return nil, staleInterview()
	}
	if checked < iv.HeldOn {
		return nil, risk.Invalid("checked_on", "核查日期不能早于约谈日期。", "checked_on cannot be before the interview.")
	}
	return iv, s.settle(ctx, a, iv, []int{in.Commitment - 1}, in.Result, strings.TrimSpace(in.Note), checked)
}

func staleInterview() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("约谈记录已被他人修改，请刷新后重试。", "the interview was changed by someone else; reload and try again.")}
}

// settle moves commitments (indexes of iv.Commitments) to result and
// writes iv with the audit entries and the credit events the misses
// raise.
func (s *Service) settle(ctx context.Context, a risk.Actor, iv *Interview, idx []int, result CommitmentStatus, note, checked string) error {
	var ins []credit.EventInput
	var entries []audit.Entry
	var rules *credit.Rules
	for _, i := range idx {
		c := &iv.Commitments[i]
		p := iv.Parties[c.Party]
		c.Status, c.CheckedOn, c.CheckedBy, c.CheckNote = result, checked, a.Label(), note
		szh, sen := result.Label()
		entries = append(entries, audit.New(a, "interview.check", "interview", iv.ID,
			fmt.Sprintf("约谈承诺核查：%s 承诺 %d %s / interview commitment checked: %s commitment %d %s", p.Name, c.Seq, szh, p.Name, c.Seq, strings.ToLower(sen))).
			WithChange(map[string]any{"commitment": c.Seq, "status": CommitmentOpen}, map[string]any{"commitment": c.Seq, "status": result, "note": note}))
		if result != CommitmentMissed || p.EnterpriseID == 0 {
			continue
		}
		if rules == nil {
			r, err := s.Credit.Rules(ctx)
			if err != nil {
				return err
			}
			rules = r
		}
		sev := c.Severity
		if sev == "" {
			k, _ := rules.Kind("commitment-missed")
			sev = k.Severity
		}
		if sev == "" {
			sev = credit.General
		}
		occurred := checked
		if next := addDays(c.Deadline, 1); next < occurred {
			occurred = next // missed from the day after its deadline
		}
		c.CreditRaised = true
		ins = append(ins, credit.EventInput{EnterpriseUSCC: p.USCC, Kind: "commitment-missed", Severity: sev, OccurredOn: occurred,
			Reference: fmt.Sprintf("约谈记录 %d 承诺 %d（%s）", iv.ID, c.Seq, iv.HeldOn), Note: c.Text + "\n" + note,
			Source: credit.FromInterview, SourceID: iv.ID})
	}
	var fx []credit.Effect
	if len(ins) > 0 {
		var err error
		if fx, err = s.Credit.Plan(ctx, a, ins); err != nil {
			return err
		}
	}
	iv.Rev++
	iv.UpdatedAt = s.Now().UTC()
	return s.Store.UpdateInterview(ctx, iv, entries, fx)
}

// addDays moves a YYYY-MM-DD day by n days.
func addDays(d string, n int) string {
	t, err := time.Parse("2006-01-02", d)
	if err != nil {
		return d
	}
	return t.AddDate(0, 0, n).Format("2006-01-02")
}

// OverdueNote is the note of a commitment the job marks missed.
const OverdueNote = "履行期限已过，未经核查，按未履行处理。 / The deadline passed without a check: recorded as missed."

// MarkOverdue is the periodic job: each open commitment whose deadline
// has passed is marked missed, raising its credit event, one interview a
// transaction. A second run finds nothing.
func (s *Service) MarkOverdue(ctx context.Context) (int, error) {
	today := credit.Today(s.Now())
	n := 0
	for {
		ivs, _, err := s.Store.Interviews(ctx, InterviewFilter{DueBy: addDays(today, -1), Paging: risk.Paging{Limit: risk.MaxLimit}})
		if err != nil || len(ivs) == 0 {
			return n, err
		}
		for _, iv := range ivs {
			m, err := s.markOverdue(ctx, iv, today)
			if err != nil {
				return n, fmt.Errorf("interview %d: %w", iv.ID, err)
			}
			n += m
		}
	}
}

// markOverdue marks iv's overdue commitments missed.
func (s *Service) markOverdue(ctx context.Context, iv *Interview, today string) (int, error) {
	var idx []int
	for i, c := range iv.Commitments {
		if c.Overdue(today) {
			idx = append(idx, i)
		}
	}
	if len(idx) == 0 {
		return 0, fmt.Errorf("listed as due but has no overdue commitment (next due %s)", iv.NextDue())
	}
	return len(idx), s.settle(ctx, risk.System, iv, idx, CommitmentMissed, OverdueNote, today)
}

// PenaltyInput is a penalty record as entered.
type PenaltyInput struct {
	Kind           Kind      `json:"kind"`
	EnterpriseUSCC string    `json:"enterprise_uscc"`
	Number         string    `json:"number"`
	DecidedOn      string    `json:"decided_on"`
	LegalBasis     string    `json:"legal_basis,omitempty"`
	Facts          string    `json:"facts,omitempty"`
	Amount         Yuan      `json:"amount,omitempty"`
	Authority      Authority `json:"authority,omitempty"`
	AuthorityName  string    `json:"authority_name,omitempty"`
	// CreditKind and Severity are the credit event's; "" takes the kind's
	// default (a penalty decision's severity must be given).
	CreditKind string          `json:"credit_kind,omitempty"`
	Severity   credit.Severity `json:"severity,omitempty"`
	CaseID     risk.ID         `json:"case_id,omitempty"`
}

// numberLabel names the number field by kind.
func numberLabel(k Kind) (zh, en string) {
	switch k {
	case KindHandover:
		return "移送文号", "the hand-over's reference"
	case KindMarketExit:
		return "责令退出市场决定文号", "the order's number"
	}
	return "行政处罚决定书文号", "the decision number"
}

// RecordPenalty records a penalty decision, an order to leave the market
// or a hand-over, with the credit event it raises, in one transaction.
func (s *Service) RecordPenalty(ctx context.Context, a risk.Actor, in PenaltyInput) (*Penalty, *credit.Change, error) {
	if !CanRecordPenalty(a) {
		return nil, nil, forbidden("无权登记行政处罚和案件移送。", "Not allowed to record penalties and hand-overs.")
	}
	now := s.Now()
	today := credit.Today(now)
	var v risk.Validation
	p := &Penalty{Kind: in.Kind, Dept: a.Dept, Number: strings.TrimSpace(in.Number), DecidedOn: day(&v, "decided_on", in.DecidedOn, today, true),
		LegalBasis: strings.TrimSpace(in.LegalBasis), Facts: strings.TrimSpace(in.Facts), Amount: in.Amount, CaseID: in.CaseID,
		AuthorityName: strings.TrimSpace(in.AuthorityName), CreditKind: strings.TrimSpace(in.CreditKind), Severity: in.Severity,
		CreatedBy: a.Label(), CreatedAt: now.UTC()}
	def, ok := defaultCredit[in.Kind]
	if !ok {
		v.Add("kind", "类型只能是 penalty（行政处罚决定）、market-exit（责令退出市场）或 handover（移送司法机关）。", "kind must be penalty, market-exit or handover.")
	}
	uscc := strings.ToUpper(strings.TrimSpace(in.EnterpriseUSCC))
	if uscc == "" {
		v.Add("enterprise_uscc", "请填写企业统一社会信用代码。", "enterprise_uscc is required.")
	} else {
		e, err := s.firm(ctx, "enterprise_uscc", uscc, &v)
		if err != nil {
			return nil, nil, err
		}
		if e != nil {
			p.EnterpriseID, p.EnterpriseUSCC, p.EnterpriseName = e.ID, e.USCC, e.NameZh
		}
	}
	nzh, nen := numberLabel(in.Kind)
	if p.Number == "" {
		v.Add("number", "请填写"+nzh+"。", nen+" is required.")
	} else {
		v.Text("number", p.Number, MaxLine, true, nzh, nen)
	}
	v.Paragraph("legal_basis", p.LegalBasis, MaxText, in.Kind != KindHandover, "法律依据", "the legal basis")
	v.Paragraph("facts", p.Facts, MaxText, false, "违法事实", "the facts")
	if p.Amount < 0 || p.Amount > MaxYuan {
		v.Add("amount", "金额无效。", "the amount is out of range.")
	}
	if in.Kind != KindPenalty && p.Amount != 0 {
		v.Add("amount", "只有行政处罚决定有罚没金额。", "only a penalty decision has an amount.")
	}
	if in.Kind == KindHandover {
		p.Authority = in.Authority
		if !slices.Contains(Authorities, in.Authority) {
			v.Add("authority", "接收机关只能是 public-security（公安机关）或 procuratorate（检察机关）。", "authority must be public-security or procuratorate.")
		}
		v.Text("authority_name", p.AuthorityName, MaxLine, true, "接收机关名称", "the receiving authority's name")
	} else if in.Authority != "" || p.AuthorityName != "" {
		v.Add("authority", "只有案件移送填写接收机关。", "only a hand-over has a receiving authority.")
	}
	if p.CreditKind == "" {
		p.CreditKind = def.kind
	}
	if p.Severity == "" {
		p.Severity = def.severity
	}
	if ok && p.Severity.Rank() == 0 {
		v.Add("severity", "请选择失信等级：minor（轻微）、general（一般）或 serious（严重）。", "severity must be minor, general or serious.")
	}
	rules, err := s.Credit.Rules(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, known := rules.Kind(p.CreditKind); !known {
		v.Add("credit_kind", "失信行为类型 "+p.CreditKind+" 不在信用规则的类型目录中。", "credit_kind "+p.CreditKind+" is not one of the credit rules' kinds.")
	}
	if err := s.checkCase(ctx, a, in.CaseID, &v); err != nil {
		return nil, nil, err
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	fx, err := s.Credit.Plan(ctx, a, []credit.EventInput{{EnterpriseUSCC: p.EnterpriseUSCC, Kind: p.CreditKind, Severity: p.Severity,
		OccurredOn: p.DecidedOn, Reference: p.Number, Note: p.Facts, Source: credit.FromPenalty, SourceID: NewRecord}})
	if err != nil {
		return nil, nil, err
	}
	kzh, ken := p.Kind.Label()
	ae := audit.New(a, "penalty.record", "penalty", 0, fmt.Sprintf("%s：%s %s / %s: %s %s", kzh, p.EnterpriseName, p.Number, ken, p.EnterpriseUSCC, p.Number)).
		WithChange(nil, p)
	if err := s.Store.CreatePenalty(ctx, p, ae, fx); err != nil {
		return nil, nil, err
	}
	return p, fx[0].Change, nil
}

// Penalty returns one record a may see.
func (s *Service) Penalty(ctx context.Context, a risk.Actor, id risk.ID) (*Penalty, error) {
	p, err := s.Store.Penalty(ctx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(a, p.EnterpriseID) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该处罚记录。 / No such penalty record.")
	}
	return p, nil
}

// Penalties lists the records a may see: a firm its own.
func (s *Service) Penalties(ctx context.Context, a risk.Actor, f PenaltyFilter) ([]*Penalty, int, error) {
	if err := scope(a, &f.EnterpriseID); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	f.Paging.Check(&v)
	if f.Kind != "" && !slices.Contains(Kinds, f.Kind) {
		v.Add("kind", "类型无效。", "unknown kind.")
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.Store.Penalties(ctx, f)
}

// Queue is what waits on an officer: the interviews of its department with
// commitments due within QueueDays (or overdue), to check.
type Queue struct {
	Due int
}

// QueueDays is how far ahead the queue looks for commitments to check.
const QueueDays = 7

// Queue counts the interviews a must check soon.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	if !CanRecordInterview(a) {
		return Queue{}, nil
	}
	_, n, err := s.Store.Interviews(ctx, InterviewFilter{Dept: a.Dept, DueBy: addDays(credit.Today(s.Now()), QueueDays), Paging: risk.Paging{Limit: 1}})
	return Queue{Due: n}, err
}
