package credit

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

// Firm is the credit state of one enterprise: its tier, the base tier its
// certification gives, an official decision's override, since when it
// holds the tier and why.
type Firm struct {
	EnterpriseID   risk.ID   `json:"enterprise_id"`
	USCC           string    `json:"uscc"`
	Name           string    `json:"name"`
	NameEn         string    `json:"name_en,omitempty"`
	Tier           string    `json:"tier"`
	Base           string    `json:"base"`
	Override       string    `json:"override,omitempty"`
	OverrideReason string    `json:"override_reason,omitempty"`
	Since          time.Time `json:"since"`
	Outcome        Outcome   `json:"outcome"`
	Rev            int       `json:"rev"` // 0: no credit record yet
}

// Change is one change of a firm's tier, with its explanation.
type Change struct {
	ID           risk.ID   `json:"id"`
	EnterpriseID risk.ID   `json:"enterprise_id"`
	USCC         string    `json:"uscc"`
	Name         string    `json:"name"`
	From         string    `json:"from"`
	To           string    `json:"to"`
	Cause        string    `json:"cause"` // what moved it, in words (bilingual)
	Outcome      Outcome   `json:"outcome"`
	By           string    `json:"by"`
	At           time.Time `json:"at"`
}

// Effect is one firm's credit change as the service worked it out: the
// events recorded (with IDs -1, -2, … until stored: the store gives them
// their IDs and renames them in the outcomes) or moved, the firm's new
// state (Firm.Rev -1: not to be written), the tier change (nil when the
// tier stays) and the audit entries. The store writes a set of
// effects in one transaction, refusing the lot when a firm's credit
// record moved since it was read (Rev), and moves the screening rules'
// version when a tier changed.
type Effect struct {
	Firm      Firm     // the new state; Firm.Rev is the revision read
	NewEvents []*Event // IDs set by the store
	Updated   []*Event // status changes
	Change    *Change
	Audit     []audit.Entry
}

// EventFilter selects events.
type EventFilter struct {
	EnterpriseID risk.ID
	Status       EventStatus
	Kind         string
	Severity     Severity
	Source       Source
	SourceID     risk.ID
	risk.Paging
}

// Store is the persistence of credit.
type Store interface {
	// Rules returns the newest rule table (risk.ErrNotFound when none).
	Rules(ctx context.Context) (*Rules, error)
	SaveRules(ctx context.Context, r *Rules, ae audit.Entry) error
	// Firm returns the stored credit state of an enterprise (Rev 0 when it
	// has none) and all its events.
	Firm(ctx context.Context, e *enterprise.Enterprise) (*Firm, []*Event, error)
	// Apply writes effects in one transaction.
	Apply(ctx context.Context, fx []Effect) error
	Event(ctx context.Context, id risk.ID) (*Event, error)
	Events(ctx context.Context, f EventFilter) ([]*Event, int, error)
	Changes(ctx context.Context, enterpriseID risk.ID, limit int) ([]*Change, error)
	// RecentChanges lists tier changes at or after t, oldest first.
	RecentChanges(ctx context.Context, t time.Time, limit int) ([]*Change, error)
	CreateRepair(ctx context.Context, r *Repair, ae audit.Entry) error
	// ReviewRepair writes r if the stored revision is r.Rev-1, with fx.
	ReviewRepair(ctx context.Context, r *Repair, fx Effect) error
	Repair(ctx context.Context, id risk.ID) (*Repair, error)
	Repairs(ctx context.Context, f RepairFilter) ([]*Repair, int, error)
	// Listed returns the firms whose tier is one of tiers, by USCC.
	Listed(ctx context.Context, tiers []string) ([]ListItem, error)
	LastExport(ctx context.Context, list string) (*Export, error)
	SaveExport(ctx context.Context, x *Export, ae audit.Entry) error
	// Expiring lists the enterprises with events in force whose effect
	// ended on or before day.
	Expiring(ctx context.Context, day string) ([]risk.ID, error)
}

// Firms reads the register.
type Firms interface {
	Get(ctx context.Context, id risk.ID) (*enterprise.Enterprise, error)
	GetByUSCC(ctx context.Context, uscc string) (*enterprise.Enterprise, error)
}

// Service runs credit.
type Service struct {
	Store Store
	Firms Firms
	Now   func() time.Time
}

// CanRead reports whether a may read credit records: officials all, a
// firm its own (checked by the caller against the enterprise).
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermCreditRead) }

// CanRecord reports whether a may record and withdraw credit events.
func CanRecord(a risk.Actor) bool { return risk.Can(a, risk.PermCreditWrite) }

// CanDecide reports whether a may set a tier by decision and review repairs.
func CanDecide(a risk.Actor) bool { return risk.Can(a, risk.PermCreditDecide) }

// CanApplyRepair reports whether a may apply for repair: a firm's user.
func CanApplyRepair(a risk.Actor) bool {
	return risk.Can(a, risk.PermCreditRepair) && a.EnterpriseID != 0
}

// CanEditRules reports whether a may edit the rule table.
func CanEditRules(a risk.Actor) bool { return risk.Can(a, risk.PermCreditRules) }

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

// Rules returns the rule table in force: the stored newest, else the
// default.
func (s *Service) Rules(ctx context.Context) (*Rules, error) {
	r, err := s.Store.Rules(ctx)
	if errors.Is(err, risk.ErrNotFound) {
		return DefaultRules()
	}
	return r, err
}

// SetRules stores a new version of the rule table. Tiers are recomputed
// by the expiry job and at each firm's next event; the table of each
// change is named in its explanation.
func (s *Service) SetRules(ctx context.Context, a risk.Actor, r Rules) (*Rules, error) {
	if !CanEditRules(a) {
		return nil, forbidden("无权修改信用规则。", "Not allowed to edit the credit rules.")
	}
	cur, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	r.Version = cur.Version + 1
	if err := r.Check(); err != nil {
		return nil, err
	}
	r.CreatedBy, r.CreatedAt = a.Label(), s.Now().UTC().Format(time.RFC3339)
	ae := audit.New(a, "credit.rules", "credit_rules", risk.ID(r.Version), fmt.Sprintf("信用规则第 %d 版 / credit rules version %d", r.Version, r.Version)).
		WithChange(map[string]any{"version": cur.Version}, r)
	if err := s.Store.SaveRules(ctx, &r, ae); err != nil {
		return nil, err
	}
	return &r, nil
}

// SeedRules stores the default table when none is stored.
func SeedRules(ctx context.Context, st Store) error {
	if _, err := st.Rules(ctx); !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	r, err := DefaultRules()
	if err != nil {
		return err
	}
	r.CreatedBy = "system"
	return st.SaveRules(ctx, r, audit.New(risk.System, "credit.rules", "credit_rules", risk.ID(r.Version), "默认信用规则 / default credit rules").WithChange(nil, r))
}

// EventInput is a credit event as recorded: the firm by USCC, the kind,
// severity, day, and the document it comes from.
type EventInput struct {
	EnterpriseUSCC string   `json:"enterprise_uscc"`
	Kind           string   `json:"kind"`
	Severity       Severity `json:"severity"`
	OccurredOn     string   `json:"occurred_on"`
	Reference      string   `json:"reference"`
	Note           string   `json:"note,omitempty"`
	// Source and SourceID name the record: set by the domain that raises
	// the event; by hand, "manual".
	Source   Source  `json:"source,omitempty"`
	SourceID risk.ID `json:"source_id,omitempty"`
}

// check validates in against r, naming fields under prefix.
func (in *EventInput) check(r *Rules, today, prefix string, v *risk.Validation) {
	in.EnterpriseUSCC = strings.ToUpper(strings.TrimSpace(in.EnterpriseUSCC))
	in.Kind, in.Reference, in.Note = strings.TrimSpace(in.Kind), strings.TrimSpace(in.Reference), strings.TrimSpace(in.Note)
	if in.EnterpriseUSCC == "" {
		v.Add(prefix+"enterprise_uscc", "请填写企业统一社会信用代码。", "enterprise_uscc is required.")
	}
	if _, ok := r.Kind(in.Kind); !ok {
		v.Add(prefix+"kind", "失信行为类型 "+in.Kind+" 不在规则的类型目录中。", "kind "+in.Kind+" is not one of the rules' kinds.")
	}
	if in.Severity.Rank() == 0 {
		v.Add(prefix+"severity", "失信等级只能是 minor（轻微）、general（一般）或 serious（严重）。", "severity must be minor, general or serious.")
	}
	if d, err := ParseDay(prefix+"occurred_on", in.OccurredOn); err != nil {
		v.AddErr(prefix+"occurred_on", err)
	} else if d > today {
		v.Add(prefix+"occurred_on", "发生日期不能晚于今天。", "occurred_on cannot be in the future.")
	} else {
		in.OccurredOn = d
	}
	v.Text(prefix+"reference", in.Reference, MaxReference, true, "来源文书", "the reference")
	v.Paragraph(prefix+"note", in.Note, MaxNote, in.Kind == "other", "说明", "the note")
	if in.Source == "" {
		in.Source = FromManual
	}
	if zh, _ := in.Source.Label(); zh == string(in.Source) {
		v.Add(prefix+"source", "来源类型无效。", "unknown source.")
	}
}

// Record records one event and works out the firm's tier.
func (s *Service) Record(ctx context.Context, a risk.Actor, in EventInput) (*Event, *Change, error) {
	if !CanRecord(a) {
		return nil, nil, forbidden("无权登记信用事件。", "Not allowed to record credit events.")
	}
	fx, err := s.Plan(ctx, a, []EventInput{in})
	if err != nil {
		return nil, nil, err
	}
	if err := s.Store.Apply(ctx, fx); err != nil {
		return nil, nil, err
	}
	return fx[0].NewEvents[0], fx[0].Change, nil
}

// Plan works out the effects of recording events, one effect a firm, for
// a domain that writes them in its own transaction (the measure
// 调整信用等级) or for Record. Each input is checked; an unknown USCC is
// named.
func (s *Service) Plan(ctx context.Context, a risk.Actor, ins []EventInput) ([]Effect, error) {
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	today := Today(now)
	var v risk.Validation
	firms := map[string]*enterprise.Enterprise{}
	for i := range ins {
		prefix := ""
		if len(ins) > 1 {
			prefix = fmt.Sprintf("events[%d].", i)
		}
		in := &ins[i]
		in.check(r, today, prefix, &v)
		if in.EnterpriseUSCC == "" || firms[in.EnterpriseUSCC] != nil {
			continue
		}
		e, err := s.Firms.GetByUSCC(ctx, in.EnterpriseUSCC)
		if errors.Is(err, risk.ErrNotFound) {
			v.Add(prefix+"enterprise_uscc", "统一社会信用代码 "+in.EnterpriseUSCC+" 未在企业名录中登记。", "USCC "+in.EnterpriseUSCC+" is not in the register.")
			continue
		} else if err != nil {
			return nil, err
		}
		firms[in.EnterpriseUSCC] = e
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var out []Effect
	var prior [][]*Event // each effect's firm's stored events
	idx := map[string]int{}
	for _, in := range ins {
		ent := firms[in.EnterpriseUSCC]
		i, ok := idx[in.EnterpriseUSCC]
		if !ok {
			firm, events, err := s.Store.Firm(ctx, ent)
			if err != nil {
				return nil, err
			}
			out, prior = append(out, Effect{Firm: *firm}), append(prior, events)
			i = len(out) - 1
			idx[in.EnterpriseUSCC] = i
		}
		sr := r.Severities[in.Severity]
		ev := &Event{EnterpriseID: ent.ID, EnterpriseUSCC: ent.USCC, EnterpriseName: ent.NameZh, Kind: in.Kind, Severity: in.Severity,
			OccurredOn: in.OccurredOn, EndsOn: addDays(in.OccurredOn, sr.EffectDays), RepairableOn: addDays(in.OccurredOn, sr.RepairWaitDays),
			Reference: in.Reference, Source: in.Source, SourceID: in.SourceID, Note: in.Note, Status: InForce, Dept: a.Dept,
			CreatedBy: a.Label(), CreatedAt: now.UTC(), UpdatedAt: now.UTC()}
		ev.ID = -risk.ID(len(out[i].NewEvents) + 1) // until stored: the outcome names it by this
		out[i].NewEvents = append(out[i].NewEvents, ev)
		kzh, ken := r.KindName(in.Kind)
		szh, sen := in.Severity.Label()
		out[i].Audit = append(out[i].Audit, audit.New(a, "credit.event", "credit_event", 0,
			fmt.Sprintf("信用事件：%s %s（%s）%s / credit event: %s %s (%s) %s", ent.NameZh, kzh, szh, in.Reference, ent.USCC, ken, strings.ToLower(sen), in.Reference)).
			WithChange(nil, ev))
	}
	for i := range out {
		fx := &out[i]
		all := append(prior[i], fx.NewEvents...)
		s.settle(a, r, fx, all, today, "登记信用事件", "credit event recorded")
	}
	return out, nil
}

// settle works out the firm's tier from all its events (with the ones the
// effect adds or moves) and, when it moves, the change and its audit
// entry.
func (s *Service) settle(a risk.Actor, r *Rules, fx *Effect, all []*Event, today, causeZh, causeEn string) {
	f := &fx.Firm
	o := Decide(r, f.Base, f.Override, f.OverrideReason, all, today)
	f.Outcome = o
	if o.Tier == f.Tier {
		return
	}
	now := s.Now().UTC()
	ch := &Change{EnterpriseID: f.EnterpriseID, USCC: f.USCC, Name: f.Name, From: f.Tier, To: o.Tier, Cause: risk.Bilingual(causeZh, causeEn),
		Outcome: o, By: a.Label(), At: now}
	fzh, fen := tierName(f.Tier)
	tzh, ten := tierName(o.Tier)
	fx.Audit = append(fx.Audit, audit.New(a, "credit.tier", "enterprise", f.EnterpriseID,
		fmt.Sprintf("信用等级：%s %s → %s（%s） / credit tier: %s %s → %s (%s)", f.Name, fzh, tzh, causeZh, f.USCC, fen, ten, causeEn)).
		WithChange(map[string]any{"credit_tier": f.Tier}, map[string]any{"credit_tier": o.Tier, "why": o.WhyZh, "rules_version": o.RulesVersion}))
	f.Tier, f.Since = o.Tier, now
	fx.Change = ch
}

// load reads an enterprise's credit state.
func (s *Service) load(ctx context.Context, id risk.ID) (*enterprise.Enterprise, *Firm, []*Event, error) {
	e, err := s.Firms.Get(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	f, events, err := s.Store.Firm(ctx, e)
	return e, f, events, err
}

// Withdraw ends an event recorded in error or annulled (a penalty
// overturned on review), with the reason, and recomputes the tier.
func (s *Service) Withdraw(ctx context.Context, a risk.Actor, id risk.ID, reason string) (*Event, *Change, error) {
	if !CanRecord(a) {
		return nil, nil, forbidden("无权撤销信用事件。", "Not allowed to withdraw credit events.")
	}
	var v risk.Validation
	v.Paragraph("reason", reason, MaxNote, true, "撤销理由", "the reason")
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	ev, err := s.Store.Event(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if ev.Status != InForce {
		zh, en := ev.Status.Label()
		return nil, nil, &risk.Error{Kind: risk.ErrConflict, Field: "status", Message: risk.Bilingual("该事件状态为"+zh+"，不能撤销。", "the event is "+strings.ToLower(en)+" and cannot be withdrawn.")}
	}
	fx, ev, err := s.moveEvents(ctx, a, ev.EnterpriseID, []risk.ID{id}, Withdrawn, strings.TrimSpace(reason), "撤销信用事件", "credit event withdrawn")
	if err != nil {
		return nil, nil, err
	}
	if err := s.Store.Apply(ctx, []Effect{*fx}); err != nil {
		return nil, nil, err
	}
	return ev, fx.Change, nil
}

// moveEvents works out the effect of moving some of a firm's events to a
// status; it returns the first event moved.
func (s *Service) moveEvents(ctx context.Context, a risk.Actor, enterpriseID risk.ID, ids []risk.ID, to EventStatus, note, causeZh, causeEn string) (*Effect, *Event, error) {
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, nil, err
	}
	_, firm, events, err := s.load(ctx, enterpriseID)
	if err != nil {
		return nil, nil, err
	}
	fx := &Effect{Firm: *firm}
	now := s.Now().UTC()
	var first *Event
	for _, e := range events {
		if !slices.Contains(ids, e.ID) {
			continue
		}
		from := e.Status
		e.Status, e.StatusNote, e.UpdatedAt = to, note, now
		fx.Updated = append(fx.Updated, e)
		if first == nil {
			first = e
		}
		fzh, fen := from.Label()
		tzh, ten := to.Label()
		fx.Audit = append(fx.Audit, audit.New(a, "credit.event."+string(to), "credit_event", e.ID,
			fmt.Sprintf("信用事件 %s：%s → %s / credit event %s: %s → %s", e.Reference, fzh, tzh, e.Reference, fen, ten)).
			WithChange(map[string]any{"status": from}, map[string]any{"status": to, "note": note}))
	}
	if first == nil {
		return nil, nil, risk.Errorf(risk.ErrNotFound, "没有该信用事件。 / No such credit event.")
	}
	s.settle(a, r, fx, events, Today(now), causeZh, causeEn)
	return fx, first, nil
}

// DecisionInput is an official decision on a firm's tier: a base tier
// (its certification), a dishonest tier beyond the rules, or "rules" to
// return to the rules; always with a reason and its document.
type DecisionInput struct {
	Tier      string `json:"tier"`
	Reason    string `json:"reason"`
	Reference string `json:"reference"`
}

// Decide records an official decision and recomputes the tier.
func (s *Service) Decide(ctx context.Context, a risk.Actor, enterpriseID risk.ID, in DecisionInput) (*Firm, *Change, error) {
	if !CanDecide(a) {
		return nil, nil, forbidden("无权作出信用决定。", "Not allowed to decide credit tiers.")
	}
	var v risk.Validation
	in.Tier = strings.TrimSpace(in.Tier)
	if in.Tier != "rules" && !slices.Contains(Tiers, in.Tier) {
		v.Add("tier", "信用等级 "+in.Tier+" 无效。", "unknown credit tier "+in.Tier+".")
	}
	v.Paragraph("reason", in.Reason, MaxNote, true, "决定理由", "the reason")
	v.Text("reference", in.Reference, MaxReference, true, "决定文书", "the decision's reference")
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, nil, err
	}
	_, firm, events, err := s.load(ctx, enterpriseID)
	if err != nil {
		return nil, nil, err
	}
	fx := &Effect{Firm: *firm}
	f := &fx.Firm
	before := map[string]any{"base": f.Base, "override": f.Override}
	reason := strings.TrimSpace(in.Reason) + "（" + strings.TrimSpace(in.Reference) + "）"
	switch {
	case in.Tier == "rules":
		f.Override, f.OverrideReason = "", ""
	case IsBase(in.Tier):
		f.Base, f.Override, f.OverrideReason = in.Tier, "", ""
	default:
		f.Override, f.OverrideReason = in.Tier, reason
	}
	fx.Audit = append(fx.Audit, audit.New(a, "credit.decision", "enterprise", enterpriseID,
		fmt.Sprintf("信用决定：%s %s / credit decision: %s %s", f.Name, reason, f.USCC, in.Tier)).
		WithChange(before, map[string]any{"base": f.Base, "override": f.Override, "reason": reason}))
	s.settle(a, r, fx, events, Today(s.Now()), "信用决定："+reason, "decision: "+reason)
	if err := s.Store.Apply(ctx, []Effect{*fx}); err != nil {
		return nil, nil, err
	}
	return f, fx.Change, nil
}

// Expire records the end of the events whose effect has ended and
// recomputes those firms' tiers. The expiry job runs it; it finds only
// what is still due, so a second run writes nothing.
func (s *Service) Expire(ctx context.Context) (int, error) {
	today := Today(s.Now())
	ids, err := s.Store.Expiring(ctx, today)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		_, _, events, err := s.load(ctx, id)
		if err != nil {
			return n, err
		}
		var due []risk.ID
		for _, e := range events {
			if e.Status == InForce && e.EndsOn != "" && e.EndsOn <= today {
				due = append(due, e.ID)
			}
		}
		if len(due) == 0 {
			continue
		}
		fx, _, err := s.moveEvents(ctx, risk.System, id, due, Expired, "有效期届满 / effect ended", "失信行为有效期届满", "events expired")
		if err != nil {
			return n, err
		}
		if err := s.Store.Apply(ctx, []Effect{*fx}); err != nil {
			if errors.Is(err, risk.ErrConflict) {
				continue // another node or a user moved it; the next run sees it
			}
			return n, err
		}
		n += len(due)
	}
	return n, nil
}

// Profile is a firm's credit in one place.
type Profile struct {
	Firm    *Firm     `json:"firm"`
	Events  []*Event  `json:"events"`
	Changes []*Change `json:"changes"`
	Repairs []*Repair `json:"repairs"`
}

// Repairable lists the firm's events it may apply to repair on day: in
// force, past their waiting period, and in no pending application.
func (p *Profile) Repairable(day string) []*Event {
	pending := map[risk.ID]bool{}
	for _, r := range p.Repairs {
		if r.Status == RepairPending {
			for _, id := range r.EventIDs {
				pending[id] = true
			}
		}
	}
	var out []*Event
	for _, e := range p.Events {
		if e.InForceOn(day) && e.RepairableOn <= day && !pending[e.ID] {
			out = append(out, e)
		}
	}
	return out
}

// Profile returns a firm's credit: officials any firm, a firm its own.
func (s *Service) Profile(ctx context.Context, a risk.Actor, enterpriseID risk.ID) (*Profile, error) {
	if !CanRead(a) || (!a.IsOfficial() && a.EnterpriseID != enterpriseID) {
		return nil, forbidden("无权查看该企业的信用记录。", "Not allowed to read this firm's credit.")
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	_, firm, events, err := s.load(ctx, enterpriseID)
	if err != nil {
		return nil, err
	}
	if firm.Rev == 0 || firm.Outcome.WhyZh == "" {
		firm.Outcome = Decide(r, firm.Base, firm.Override, firm.OverrideReason, events, Today(s.Now()))
		firm.Outcome.Tier = firm.Tier
	}
	slices.SortFunc(events, func(a, b *Event) int { return int(b.ID - a.ID) })
	changes, err := s.Store.Changes(ctx, enterpriseID, 100)
	if err != nil {
		return nil, err
	}
	repairs, _, err := s.Store.Repairs(ctx, RepairFilter{EnterpriseID: enterpriseID, Paging: risk.Paging{Limit: 100}})
	if err != nil {
		return nil, err
	}
	return &Profile{Firm: firm, Events: events, Changes: changes, Repairs: repairs}, nil
}

// Events lists events: officials any, a firm its own.
func (s *Service) Events(ctx context.Context, a risk.Actor, f EventFilter) ([]*Event, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看信用事件。", "Not allowed to read credit events.")
	}
	if !a.IsOfficial() {
		if a.EnterpriseID == 0 {
			return nil, 0, forbidden("无权查看信用事件。", "Not allowed to read credit events.")
		}
		f.EnterpriseID = a.EnterpriseID
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.Events(ctx, f)
}

// Event returns one event within what a may see.
func (s *Service) Event(ctx context.Context, a risk.Actor, id risk.ID) (*Event, error) {
	if !CanRead(a) {
		return nil, forbidden("无权查看信用事件。", "Not allowed to read credit events.")
	}
	e, err := s.Store.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	if !a.IsOfficial() && a.EnterpriseID != e.EnterpriseID {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该信用事件。 / No such credit event.")
	}
	return e, nil
}

// RecentChanges lists tier changes since t (for notices to the firms).
func (s *Service) RecentChanges(ctx context.Context, t time.Time) ([]*Change, error) {
	return s.Store.RecentChanges(ctx, t, 1000)
}

// Queue is what waits on a user in credit: applications to review (an
// approver), and for a firm its events it may apply to repair.
type Queue struct {
	Pending      int     // applications waiting for review
	Repairable   int     // the firm's events in force past their waiting period, in no pending application
	EnterpriseID risk.ID // the firm's, for its link
}

// Queue returns what waits on a for the workbench.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	switch {
	case CanDecide(a):
		_, n, err := s.Store.Repairs(ctx, RepairFilter{Status: RepairPending, Paging: risk.Paging{Limit: 1}})
		q.Pending = n
		return q, err
	case CanApplyRepair(a):
		p, err := s.Profile(ctx, a, a.EnterpriseID)
		if err != nil {
			return q, err
		}
		q.EnterpriseID = a.EnterpriseID
		q.Repairable = len(p.Repairable(Today(s.Now())))
	}
	return q, nil
}
