package credit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// RepairStatus is where an application for repair stands. Values are stored.
type RepairStatus string

// Repair statuses.
const (
	RepairPending  RepairStatus = "pending"
	RepairApproved RepairStatus = "approved"
	RepairRejected RepairStatus = "rejected"
)

var repairLabels = risk.Labels{string(RepairPending): {"待审核", "Pending review"}, string(RepairApproved): {"已批准", "Approved"},
	string(RepairRejected): {"已驳回", "Rejected"}}

// Label names the status.
func (s RepairStatus) Label() (zh, en string) { return repairLabels.Of(string(s)) }

// Repair is a firm's application for credit repair (信用修复) of events
// whose waiting period has passed, with its evidence and the decision.
type Repair struct {
	ID           risk.ID      `json:"id"`
	EnterpriseID risk.ID      `json:"enterprise_id"`
	USCC         string       `json:"uscc"`
	Name         string       `json:"name"`
	EventIDs     []risk.ID    `json:"event_ids"`
	Events       []string     `json:"events"` // the events as named when applied: kind, day, reference
	Evidence     string       `json:"evidence"`
	Documents    []string     `json:"documents,omitempty"` // references of the documents attached
	Status       RepairStatus `json:"status"`
	Reason       string       `json:"reason,omitempty"` // the reviewer's
	AppliedBy    string       `json:"applied_by"`
	AppliedAt    time.Time    `json:"applied_at"`
	ReviewedBy   string       `json:"reviewed_by,omitempty"`
	ReviewedAt   *time.Time   `json:"reviewed_at,omitempty"`
	Rev          int          `json:"rev"`
}

// StatusName is the status in words.
func (r *Repair) StatusName() risk.Labeled { return r.Status }

// RepairFilter selects applications.
type RepairFilter struct {
	EnterpriseID risk.ID
	Status       RepairStatus
	risk.Paging
}

// RepairInput is an application: the events and the evidence that the
// firm has corrected what it did (and paid what it owed).
type RepairInput struct {
	EventIDs  []risk.ID `json:"event_ids"`
	Evidence  string    `json:"evidence"`
	Documents []string  `json:"documents,omitempty"`
}

// RepairReview is the decision: approve or reject, with a reason (required
// to reject), under the revision read.
type RepairReview struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
	Rev    int    `json:"rev"`
}

// Limits of an application.
const (
	MaxRepairEvents = 20
	MaxDocuments    = 20
)

// ApplyRepair files a firm's application for the repair of its events:
// each in force, its waiting period passed, and not in another pending
// application.
func (s *Service) ApplyRepair(ctx context.Context, a risk.Actor, in RepairInput) (*Repair, error) {
	if !CanApplyRepair(a) {
		return nil, forbidden("只有企业用户可以申请信用修复。", "Only a firm's users may apply for credit repair.")
	}
	var v risk.Validation
	v.Paragraph("evidence", in.Evidence, MaxNote, true, "整改证明", "the evidence")
	if len(in.EventIDs) == 0 || len(in.EventIDs) > MaxRepairEvents {
		v.Add("event_ids", fmt.Sprintf("请选择 1–%d 个信用事件。", MaxRepairEvents), fmt.Sprintf("choose 1–%d events.", MaxRepairEvents))
	}
	if len(in.Documents) > MaxDocuments {
		v.Add("documents", fmt.Sprintf("最多 %d 份文件。", MaxDocuments), fmt.Sprintf("at most %d documents.", MaxDocuments))
	}
	for i, d := range in.Documents {
		v.Text(fmt.Sprintf("documents[%d]", i), d, MaxReference, true, "文件", "the document")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	ent, _, events, err := s.load(ctx, a.EnterpriseID)
	if err != nil {
		return nil, err
	}
	pending, _, err := s.Store.Repairs(ctx, RepairFilter{EnterpriseID: ent.ID, Status: RepairPending, Paging: risk.Paging{Limit: 100}})
	if err != nil {
		return nil, err
	}
	today := Today(s.Now())
	rep := &Repair{EnterpriseID: ent.ID, USCC: ent.USCC, Name: ent.NameZh, Evidence: strings.TrimSpace(in.Evidence), Documents: in.Documents,
		Status: RepairPending, AppliedBy: a.Label(), AppliedAt: s.Now().UTC(), Rev: 1}
	for i, id := range in.EventIDs {
		f := fmt.Sprintf("event_ids[%d]", i)
		idx := slices.IndexFunc(events, func(e *Event) bool { return e.ID == id })
		switch {
		case idx < 0:
			v.Add(f, "本企业没有该信用事件。", "your firm has no such event.")
		case slices.Contains(rep.EventIDs, id):
			v.Add(f, "信用事件重复。", "the event appears twice.")
		case !events[idx].InForceOn(today):
			v.Add(f, "该信用事件已不在有效期内，无需修复。", "the event is no longer in force.")
		case events[idx].RepairableOn > today:
			v.Add(f, "修复等待期未满：该事件自 "+events[idx].RepairableOn+" 起方可申请修复。", "the waiting period has not passed: repair may be applied for from "+events[idx].RepairableOn+".")
		case slices.ContainsFunc(pending, func(p *Repair) bool { return slices.Contains(p.EventIDs, id) }):
			v.Add(f, "该信用事件已在待审核的修复申请中。", "the event is already in a pending application.")
		default:
			e := events[idx]
			kzh, _ := r.KindName(e.Kind)
			rep.EventIDs = append(rep.EventIDs, id)
			rep.Events = append(rep.Events, fmt.Sprintf("%s %s %s", e.OccurredOn, kzh, e.Reference))
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ae := audit.New(a, "credit.repair.apply", "credit_repair", 0, fmt.Sprintf("信用修复申请：%s / credit repair applied for: %s", ent.NameZh, ent.USCC)).WithChange(nil, rep)
	if err := s.Store.CreateRepair(ctx, rep, ae); err != nil {
		return nil, err
	}
	return rep, nil
}

// Repair returns one application: officials any, a firm its own.
func (s *Service) Repair(ctx context.Context, a risk.Actor, id risk.ID) (*Repair, error) {
	if !CanRead(a) {
		return nil, forbidden("无权查看信用修复申请。", "Not allowed to read credit repairs.")
	}
	rep, err := s.Store.Repair(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.IsOfficial() && a.EnterpriseID != rep.EnterpriseID {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该信用修复申请。 / No such repair application.")
	}
	return rep, nil
}

// Repairs lists applications: officials all, a firm its own.
func (s *Service) Repairs(ctx context.Context, a risk.Actor, f RepairFilter) ([]*Repair, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看信用修复申请。", "Not allowed to read credit repairs.")
	}
	if !a.IsOfficial() {
		if a.EnterpriseID == 0 {
			return nil, 0, forbidden("无权查看信用修复申请。", "Not allowed to read credit repairs.")
		}
		f.EnterpriseID = a.EnterpriseID
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.Repairs(ctx, f)
}

// ReviewRepair approves (the events end as repaired, the tier is
// recomputed) or rejects an application, in one transaction.
func (s *Service) ReviewRepair(ctx context.Context, a risk.Actor, id risk.ID, in RepairReview) (*Repair, *Change, error) {
	if !CanDecide(a) {
		return nil, nil, forbidden("无权审核信用修复申请。", "Not allowed to review credit repairs.")
	}
	var v risk.Validation
	if in.Action != "approve" && in.Action != "reject" {
		v.Add("action", "审核结果只能是 approve（批准）或 reject（驳回）。", "action must be approve or reject.")
	}
	v.Paragraph("reason", in.Reason, MaxNote, in.Action == "reject", "理由", "the reason")
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	rep, err := s.Store.Repair(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if rep.Status != RepairPending {
		zh, en := rep.Status.Label()
		return nil, nil, &risk.Error{Kind: risk.ErrConflict, Field: "status", Message: risk.Bilingual("该申请"+zh+"，不能再审核。", "the application is "+strings.ToLower(en)+" already.")}
	}
	if in.Rev != rep.Rev {
		return nil, nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("申请已被他人处理，请刷新后重试。", "the application was changed by someone else; reload and try again.")}
	}
	now := s.Now().UTC()
	rep.Reason, rep.ReviewedBy, rep.ReviewedAt, rep.Rev = strings.TrimSpace(in.Reason), a.Label(), &now, rep.Rev+1
	var fx *Effect
	if in.Action == "approve" {
		rep.Status = RepairApproved
		var inForce []risk.ID
		_, _, events, err := s.load(ctx, rep.EnterpriseID)
		if err != nil {
			return nil, nil, err
		}
		for _, e := range events {
			if slices.Contains(rep.EventIDs, e.ID) && e.Status == InForce {
				inForce = append(inForce, e.ID)
			}
		}
		if len(inForce) > 0 {
			note := fmt.Sprintf("信用修复申请 %d 已批准 / repair %d approved", rep.ID, rep.ID)
			if fx, _, err = s.moveEvents(ctx, a, rep.EnterpriseID, inForce, Repaired, note, "信用修复", "credit repaired"); err != nil {
				return nil, nil, err
			}
		}
	} else {
		rep.Status = RepairRejected
	}
	if fx == nil {
		_, firm, _, err := s.load(ctx, rep.EnterpriseID)
		if err != nil {
			return nil, nil, err
		}
		fx = &Effect{Firm: *firm}
		fx.Firm.Rev = -1 // nothing of the firm's record to write
	}
	zh, en := rep.Status.Label()
	fx.Audit = append([]audit.Entry{audit.New(a, "credit.repair."+in.Action, "credit_repair", rep.ID,
		fmt.Sprintf("信用修复申请 %s：%s / credit repair %s: %s", rep.Name, zh, rep.USCC, strings.ToLower(en))).
		WithChange(map[string]any{"status": RepairPending}, map[string]any{"status": rep.Status, "reason": rep.Reason})}, fx.Audit...)
	if err := s.Store.ReviewRepair(ctx, rep, *fx); err != nil {
		return nil, nil, err
	}
	return rep, fx.Change, nil
}
