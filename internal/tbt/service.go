package tbt

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/reminder"
	"riskgate/internal/risk"
)

// Filter selects notifications.
type Filter struct {
	Agreement Agreement
	Member    string
	HSPrefix  string
	// Later includes the later documents registered under their base
	// (addenda, corrigenda, revisions); without it a list shows each
	// notification once.
	Later bool
	// DeadlineFrom and DeadlineTo (YYYY-MM-DD, inclusive) select by the
	// final date for comments; Unsent keeps those without a comment sent.
	DeadlineFrom, DeadlineTo string
	Unsent                   bool
	// CreatedSince keeps those registered since then.
	CreatedSince time.Time
	risk.Paging
}

// Store is the persistence of notifications, subscriptions and studies.
type Store interface {
	// Family returns the registered documents whose symbol or base symbol
	// is one of bases.
	Family(ctx context.Context, bases []string) ([]*Notification, error)
	// Save writes notifications in one transaction with their audit
	// entries (one each, in order): ID 0 inserted, others updated under
	// their Rev. ErrConflict when a symbol is taken or a record moved.
	Save(ctx context.Context, ns []*Notification, entries []audit.Entry) error
	// Get returns a notification with its later documents (ErrNotFound).
	Get(ctx context.Context, id risk.ID) (*Notification, error)
	List(ctx context.Context, f Filter) ([]*Notification, int, error)
	// Impact counts the screened export declaration lines by consignor.
	Impact(ctx context.Context, q ImpactQuery) ([]Affected, error)
	// Subscriptions lists a person's subscriptions (userID 0: everyone's).
	Subscriptions(ctx context.Context, userID risk.ID) ([]*Subscription, error)
	AddSubscription(ctx context.Context, s *Subscription, ae audit.Entry) error
	// DeleteSubscription removes one of a person's (ErrNotFound for
	// another's).
	DeleteSubscription(ctx context.Context, userID, id risk.ID, ae audit.Entry) error
	CreateStudy(ctx context.Context, st *Study, ae audit.Entry) error
	Study(ctx context.Context, id risk.ID) (*Study, error)
	Studies(ctx context.Context, f StudyFilter) ([]*Study, int, error)
	// SaveStudy writes a study under its revision, the reminders its
	// publication sends and its audit entry, in one transaction; it
	// returns how many reminders it wrote.
	SaveStudy(ctx context.Context, st *Study, told []reminder.Candidate, ae audit.Entry) (int, error)
}

// People finds the users of a department or firm (reminder.Store.People).
type People = reminder.People

// Service runs TBT/SPS notification tracking.
type Service struct {
	Store  Store
	People People
	Sets   Sets
	Now    func() time.Time
}

// CanRead reports whether a may read notifications (officials, firms).
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermTBTRead) }

// CanWrite reports whether a may enter and import notifications, record
// comments and run studies.
func CanWrite(a risk.Actor) bool { return risk.Can(a, risk.PermTBTWrite) }

// CanSeeImpact reports whether a may see which firms a notification
// concerns and their trade: officials only, as declarations are.
func CanSeeImpact(a risk.Actor) bool { return CanRead(a) && a.IsOfficial() }

// CanSubscribe reports whether a may keep subscriptions.
func CanSubscribe(a risk.Actor) bool { return risk.Can(a, risk.PermTBTSubscribe) && a.UserID != 0 }

// CanSeeStudy reports whether a may read study st: officials every one,
// firms those whose guidance is published.
func CanSeeStudy(a risk.Actor, st *Study) bool {
	return CanRead(a) && (a.IsOfficial() || st.Status == StudyPublished)
}

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

// Create registers a notification entered by hand. A later document is
// linked to its base and changes it; a notification registered after its
// later documents takes their changes.
func (s *Service) Create(ctx context.Context, a risk.Actor, in Input) (*Notification, error) {
	if !CanWrite(a) {
		return nil, forbidden("无权登记 TBT/SPS 通报。", "Not allowed to register TBT/SPS notifications.")
	}
	var v risk.Validation
	n := in.Check(s.Sets, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	n.Source = "manual"
	if _, err := s.register(ctx, a, []*Notification{n}, false); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, n.ID)
}

// ImportResult reports an import.
type ImportResult struct {
	Rows     int `json:"rows"`
	Created  int `json:"created"`
	Existing int `json:"existing"` // already registered: left as they are
	// Updated counts the registered notifications later documents changed.
	Updated    int               `json:"updated"`
	Errors     []risk.FieldError `json:"errors,omitempty"`
	MoreErrors int               `json:"more_errors,omitempty"`
}

// register works out what registering ns causes — each new document
// inserted, linked to its base, the base changed by its later documents
// (new ones applied to a registered base; registered ones to a new base) —
// and writes it in one transaction. With skip, a symbol already registered
// is left as it is; without, it is a conflict.
func (s *Service) register(ctx context.Context, a risk.Actor, ns []*Notification, skip bool) (*ImportResult, error) {
	res := &ImportResult{Rows: len(ns)}
	bases := make([]string, 0, len(ns))
	for _, n := range ns {
		if !slices.Contains(bases, n.BaseSymbol) {
			bases = append(bases, n.BaseSymbol)
		}
	}
	family, err := s.Store.Family(ctx, bases)
	if err != nil {
		return nil, err
	}
	bySymbol := map[string]*Notification{}
	for _, f := range family {
		bySymbol[f.Symbol] = f
	}
	now := s.Now().UTC()
	// Bases first, then later documents in symbol order, so that each
	// finds its base and changes apply in the order issued.
	order := slices.Clone(ns)
	slices.SortStableFunc(order, func(x, y *Notification) int {
		if (x.Kind == Regular) != (y.Kind == Regular) {
			if x.Kind == Regular {
				return -1
			}
			return 1
		}
		return 0
	})
	var fresh []*Notification
	changed := map[*Notification]bool{}
	for _, n := range order {
		if _, ok := bySymbol[n.Symbol]; ok {
			if !skip {
				return nil, &risk.Error{Kind: risk.ErrConflict, Field: "symbol", Message: risk.Bilingual("通报 "+n.Symbol+" 已登记。", "notification "+n.Symbol+" is registered.")}
			}
			res.Existing++
			continue
		}
		n.CreatedBy, n.Dept, n.CreatedAt, n.UpdatedAt, n.Rev = a.Label(), a.Dept, now, now, 1
		bySymbol[n.Symbol] = n
		fresh = append(fresh, n)
		if n.Kind != Regular {
			if base, ok := bySymbol[n.BaseSymbol]; ok && len(base.Apply(n)) > 0 {
				changed[base] = true
			}
			continue
		}
		// Later documents registered before their base.
		var orphans []*Notification
		for _, f := range family {
			if f.BaseSymbol == n.Symbol && f.Symbol != n.Symbol {
				orphans = append(orphans, f)
			}
		}
		slices.SortFunc(orphans, func(x, y *Notification) int { return strings.Compare(x.Symbol, y.Symbol) })
		for _, o := range orphans {
			n.Apply(o)
		}
	}
	var writes []*Notification
	var entries []audit.Entry
	for _, n := range fresh {
		writes = append(writes, n)
		kzh, ken := n.Kind.Label()
		entries = append(entries, audit.New(a, "tbt.create", "tbt_notification", 0,
			fmt.Sprintf("登记%s %s / registered %s %s", kzh, n.Symbol, strings.ToLower(ken), n.Symbol)).WithChange(nil, n))
		res.Created++
	}
	for _, f := range family {
		if !changed[f] {
			continue
		}
		f.UpdatedAt = now
		writes = append(writes, f)
		entries = append(entries, audit.New(a, "tbt.update", "tbt_notification", f.ID,
			fmt.Sprintf("通报 %s 依后续文件更新 / notification %s updated by a later document", f.Symbol, f.Symbol)).WithChange(nil, f.Changes))
		res.Updated++
	}
	if len(writes) == 0 {
		return res, nil
	}
	return res, s.Store.Save(ctx, writes, entries)
}

// Get returns a notification.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Notification, error) {
	if !CanRead(a) {
		return nil, forbidden("无权查看 TBT/SPS 通报。", "Not allowed to read TBT/SPS notifications.")
	}
	n, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	redact(a, n)
	return n, nil
}

// redact keeps the comment, which is the officials' work until sent and
// theirs to tell, from anyone else.
func redact(a risk.Actor, ns ...*Notification) {
	if a.IsOfficial() {
		return
	}
	for _, n := range ns {
		n.Comment = nil
	}
}

// List lists notifications, newest first.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Notification, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看 TBT/SPS 通报。", "Not allowed to read TBT/SPS notifications.")
	}
	var v risk.Validation
	f.Paging.Check(&v)
	if f.Agreement != "" && f.Agreement != TBT && f.Agreement != SPS {
		v.Add("agreement", "协定应为 TBT 或 SPS。", "agreement must be TBT or SPS.")
	}
	if f.Member != "" {
		m, err := ParseMember(f.Member, s.Sets.Countries)
		v.AddErr("member", err)
		f.Member = m
	}
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	ns, total, err := s.Store.List(ctx, f)
	redact(a, ns...)
	return ns, total, err
}

// since is the start of the impact window at now: the same day twelve
// months before, China time.
func (s *Service) since() time.Time {
	return risk.Day(s.Now()).AddDate(0, -ImpactWindow, 0)
}

// Impact ranks the Hunan exporters a notification concerns.
func (s *Service) Impact(ctx context.Context, a risk.Actor, id risk.ID) (*Impact, error) {
	if !CanSeeImpact(a) {
		return nil, forbidden("无权查看通报对企业的影响。", "Not allowed to see which firms a notification concerns.")
	}
	n, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.impact(ctx, n.Member, n.HSCodes, true)
}

// impact counts the exports to member under codes (none: nothing when
// needCodes, else any).
func (s *Service) impact(ctx context.Context, member string, codes []string, needCodes bool) (*Impact, error) {
	since := s.since()
	im := &Impact{Member: member, Destinations: Destinations(member), HSCodes: codes, Since: since.Format("2006-01-02"), Items: []Affected{}}
	if needCodes && len(codes) == 0 {
		return im, nil
	}
	items, err := s.Store.Impact(ctx, ImpactQuery{Destinations: im.Destinations, HSPrefixes: codes, Since: since.UTC()})
	if err != nil {
		return nil, err
	}
	Rank(items)
	im.Items = items
	for _, it := range items {
		im.Lines += it.Lines
		im.Value += it.Value
	}
	return im, nil
}

// Comment drafts (or redrafts) the comment on a notification, or records
// its sending through the national enquiry point (action "send").
func (s *Service) Comment(ctx context.Context, a risk.Actor, id risk.ID, action string, in CommentInput) (*Notification, error) {
	if !CanWrite(a) {
		return nil, forbidden("无权记录评议意见。", "Not allowed to record comments.")
	}
	n, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Rev != 0 && in.Rev != n.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该通报已被他人修改，请刷新后重试。", "the notification was changed by someone else; reload and try again.")}
	}
	to, err := CommentMachine.Step(string(n.CommentStatus()), action)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	var v risk.Validation
	c := Comment{}
	if n.Comment != nil {
		c = *n.Comment
	}
	switch action {
	case "draft":
		v.Paragraph("text", in.Text, 20000, true, "评议意见", "the comment")
		c.Text, c.DraftedBy, c.DraftedAt = strings.TrimSpace(in.Text), a.Label(), now
	case "send":
		via := strings.TrimSpace(in.Via)
		if via == "" {
			via = n.Agreement.EnquiryPoint()
		}
		v.Text("via", via, 300, true, "提交渠道", "the channel")
		on := dateField(&v, "sent_on", in.SentOn, "提交日期", "the date sent")
		if on == "" && strings.TrimSpace(in.SentOn) == "" {
			on = Today(now)
		}
		if on > Today(now) {
			v.Add("sent_on", "提交日期不能晚于今天。", "the date sent cannot be after today.")
		}
		c.Via, c.SentOn, c.SentBy = via, on, a.Label()
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	before := n.Comment
	c.Status = CommentStatus(to)
	n.Comment, n.UpdatedAt = &c, now
	szh, sen := c.Status.Label()
	ae := audit.New(a, "tbt.comment."+action, "tbt_notification", n.ID, fmt.Sprintf("通报 %s：%s / notification %s: %s", n.Symbol, szh, n.Symbol, strings.ToLower(sen))).
		WithChange(before, n.Comment)
	if err := s.Store.Save(ctx, []*Notification{n}, []audit.Entry{ae}); err != nil {
		return nil, err
	}
	return s.Store.Get(ctx, id)
}

// Subscriptions lists a's own subscriptions.
func (s *Service) Subscriptions(ctx context.Context, a risk.Actor) ([]*Subscription, error) {
	if !CanSubscribe(a) {
		return nil, forbidden("无权订阅通报。", "Not allowed to subscribe to notifications.")
	}
	return s.Store.Subscriptions(ctx, a.UserID)
}

// Subscribe adds a subscription of a's.
func (s *Service) Subscribe(ctx context.Context, a risk.Actor, in SubscriptionInput) (*Subscription, error) {
	if !CanSubscribe(a) {
		return nil, forbidden("无权订阅通报。", "Not allowed to subscribe to notifications.")
	}
	sub, err := in.Check(s.Sets)
	if err != nil {
		return nil, err
	}
	sub.UserID, sub.CreatedAt = a.UserID, s.Now().UTC()
	ae := audit.New(a, "tbt.subscribe", "tbt_subscription", 0, fmt.Sprintf("订阅 TBT/SPS 通报：HS %s，市场 %s / subscribed to TBT/SPS notifications: HS %s, markets %s",
		strings.Join(sub.HSPrefixes, " "), strings.Join(sub.Members, " "), strings.Join(sub.HSPrefixes, " "), strings.Join(sub.Members, " "))).WithChange(nil, sub)
	return sub, s.Store.AddSubscription(ctx, sub, ae)
}

// Unsubscribe removes one of a's subscriptions.
func (s *Service) Unsubscribe(ctx context.Context, a risk.Actor, id risk.ID) error {
	if !CanSubscribe(a) {
		return forbidden("无权订阅通报。", "Not allowed to subscribe to notifications.")
	}
	return s.Store.DeleteSubscription(ctx, a.UserID, id, audit.New(a, "tbt.unsubscribe", "tbt_subscription", id, "取消订阅 / unsubscribed"))
}

// OpenStudy opens a special study on a notification or on a market.
func (s *Service) OpenStudy(ctx context.Context, a risk.Actor, in StudyInput) (*Study, error) {
	if !CanWrite(a) {
		return nil, forbidden("无权开展专项调查评估。", "Not allowed to open special studies.")
	}
	var v risk.Validation
	st := &Study{HSCodes: []string{}, Status: StudyOpen}
	v.Text("title", in.Title, 500, true, "标题", "the title")
	st.Title = strings.TrimSpace(in.Title)
	if in.NotificationID != 0 {
		n, err := s.Store.Get(ctx, in.NotificationID)
		if err != nil {
			if e, ok := risk.AsError(err); ok && e.Kind == risk.ErrNotFound {
				return nil, risk.Invalid("notification_id", "没有该通报。", "no such notification.")
			}
			return nil, err
		}
		st.NotificationID, st.Symbol, st.Member, st.HSCodes = n.ID, n.Symbol, n.Member, slices.Clone(n.HSCodes)
	} else {
		sub, err := (&SubscriptionInput{HSCodes: in.HSCodes, Members: []string{in.Member}}).Check(s.Sets)
		switch {
		case strings.TrimSpace(in.Member) == "":
			v.Add("member", "请指明通报或市场。", "give a notification or a market.")
		case err != nil:
			e, _ := risk.AsError(err)
			for _, d := range e.Details {
				if strings.HasPrefix(d.Field, "members") {
					d.Field = "member"
				}
				v.Problems = append(v.Problems, d)
			}
		default:
			st.Member, st.HSCodes = sub.Members[0], sub.HSPrefixes
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	st.Dept, st.CreatedBy, st.CreatedAt, st.UpdatedAt, st.Rev = a.Dept, a.Label(), now, now, 1
	ae := audit.New(a, "tbt.study.open", "tbt_study", 0, "开展专项调查评估："+st.Title+" / opened a special study: "+st.Title).WithChange(nil, st)
	return st, s.Store.CreateStudy(ctx, st, ae)
}

// Study returns a study a may see.
func (s *Service) Study(ctx context.Context, a risk.Actor, id risk.ID) (*Study, error) {
	if !CanRead(a) {
		return nil, forbidden("无权查看专项调查评估。", "Not allowed to read special studies.")
	}
	st, err := s.Store.Study(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanSeeStudy(a, st) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该专项调查评估。 / No such study.")
	}
	return st, nil
}

// Studies lists studies a may see, newest first.
func (s *Service) Studies(ctx context.Context, a risk.Actor, f StudyFilter) ([]*Study, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看专项调查评估。", "Not allowed to read special studies.")
	}
	if !a.IsOfficial() {
		f.Status = StudyPublished
	}
	var v risk.Validation
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return s.Store.Studies(ctx, f)
}

// StudyImpact ranks the firms a study concerns: its notification's, or
// the exporters to its market (under its HS codes, if any).
func (s *Service) StudyImpact(ctx context.Context, a risk.Actor, st *Study) (*Impact, error) {
	if !CanSeeImpact(a) {
		return nil, forbidden("无权查看受影响企业。", "Not allowed to see the firms concerned.")
	}
	return s.impact(ctx, st.Member, st.HSCodes, st.NotificationID != 0)
}

// UpdateStudy records findings and guidance (action "record") or records
// them and publishes the guidance (action "publish"): the users of each
// affected firm in the register are told in their reminders (and by
// e-mail when they chose it), in the transaction that publishes.
func (s *Service) UpdateStudy(ctx context.Context, a risk.Actor, id risk.ID, action string, in StudyUpdate) (*Study, error) {
	if !CanWrite(a) {
		return nil, forbidden("无权开展专项调查评估。", "Not allowed to run special studies.")
	}
	st, err := s.Store.Study(ctx, id)
	if err != nil {
		return nil, err
	}
	if in.Rev != 0 && in.Rev != st.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该调查评估已被他人修改，请刷新后重试。", "the study was changed by someone else; reload and try again.")}
	}
	to, err := StudyMachine.Step(string(st.Status), action)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	v.Paragraph("findings", in.Findings, 20000, action == "publish", "调查发现", "the findings")
	v.Paragraph("guidance", in.Guidance, 20000, action == "publish", "应对指导意见", "the guidance")
	if err := v.Err(); err != nil {
		return nil, err
	}
	before := *st
	now := s.Now().UTC()
	st.Findings, st.Guidance, st.UpdatedAt, st.Status = strings.TrimSpace(in.Findings), strings.TrimSpace(in.Guidance), now, StudyStatus(to)
	var told []reminder.Candidate
	summary := "记录专项调查评估 " + st.Title + " / recorded study " + st.Title
	if action == "publish" {
		im, err := s.impact(ctx, st.Member, st.HSCodes, st.NotificationID != 0)
		if err != nil {
			return nil, err
		}
		st.Firms, st.PublishedAt, st.PublishedBy = im.Items, &now, a.Label()
		for _, f := range im.Items {
			if f.EnterpriseID == 0 || s.People == nil {
				continue
			}
			users, err := s.People.People(ctx, "", nil, f.EnterpriseID)
			if err != nil {
				return nil, err
			}
			if len(users) == 0 {
				continue
			}
			told = append(told, Candidate(fmt.Sprintf("tbt-study:%d", st.ID), users, fmt.Sprintf("/tbt/studies/%d", st.ID),
				"技术性贸易措施应对指导："+st.Title, "Guidance on a trade measure: "+st.Title))
		}
		summary = fmt.Sprintf("发布专项调查评估指导意见 %s（%d 家企业） / published the guidance of study %s (%d firms)", st.Title, len(im.Items), st.Title, len(im.Items))
	}
	ae := audit.New(a, "tbt.study."+action, "tbt_study", st.ID, summary).WithChange(map[string]any{"findings": before.Findings, "guidance": before.Guidance, "status": before.Status},
		map[string]any{"findings": st.Findings, "guidance": st.Guidance, "status": st.Status, "firms": len(st.Firms)})
	n, err := s.Store.SaveStudy(ctx, st, told, ae)
	if err != nil {
		return nil, err
	}
	if action == "publish" {
		st.Told = n
	}
	return s.Store.Study(ctx, id)
}

// Candidate is a notice reminder to users.
func Candidate(key string, users []risk.ID, href, zh, en string) reminder.Candidate {
	return reminder.Candidate{Key: key, Stage: reminder.Notice, Users: users, Href: href, Subject: risk.Bilingual(zh, en)}
}

// Queue is what waits on an official in TBT/SPS work.
type Queue struct {
	// DeadlinesSoon are notifications whose final date for comments falls
	// within QueueDays and that have no comment sent.
	DeadlinesSoon int
}

// QueueDays is how far ahead the workbench looks for comment deadlines.
const QueueDays = 14

// Queue says what waits on a.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if !CanWrite(a) {
		return q, nil
	}
	today := s.Now()
	_, n, err := s.Store.List(ctx, Filter{DeadlineFrom: Today(today), DeadlineTo: Today(today.AddDate(0, 0, QueueDays)), Unsent: true, Paging: risk.Paging{Limit: 1}})
	q.DeadlinesSoon = n
	return q, err
}

// CommentWarn is how many working days before the final date for comments
// subscribers and the registering department are reminded.
const CommentWarn = 10

// ReminderSource tells subscribers of the notifications they asked for,
// once each, and reminds them and the officers of the department that
// registered a notification of its final date for comments, CommentWarn
// working days before it, while no comment is sent.
func (s *Service) ReminderSource() reminder.Source {
	return func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]reminder.Candidate, error) {
		subs, err := s.Store.Subscriptions(ctx, 0)
		if err != nil {
			return nil, err
		}
		subscribers := func(n *Notification) []risk.ID {
			var out []risk.ID
			for _, sub := range subs {
				if sub.Matches(n) && !slices.Contains(out, sub.UserID) {
					out = append(out, sub.UserID)
				}
			}
			return out
		}
		href := func(n *Notification) string {
			if n.BaseID != 0 {
				return fmt.Sprintf("/tbt/%d", n.BaseID)
			}
			return fmt.Sprintf("/tbt/%d", n.ID)
		}
		var out []reminder.Candidate
		if len(subs) > 0 {
			f := Filter{Later: true, CreatedSince: now.Add(-reminder.NoticeWindow), Paging: risk.Paging{Limit: risk.MaxLimit}}
			bases := map[risk.ID]*Notification{}
			for {
				ns, total, err := s.Store.List(ctx, f)
				if err != nil {
					return nil, err
				}
				for _, n := range ns {
					// A later document is matched by what its base
					// notification covers.
					match := n
					if n.BaseID != 0 {
						if base, ok := bases[n.BaseID]; ok {
							match = base
						} else if base, err := s.Store.Get(ctx, n.BaseID); err == nil {
							bases[n.BaseID], match = base, base
						} else {
							return nil, err
						}
					}
					if users := subscribers(match); len(users) > 0 {
						mzh, men := MemberName(n.Member)
						out = append(out, Candidate(fmt.Sprintf("tbt:%d:new", n.ID), users, href(n),
							fmt.Sprintf("新的 TBT/SPS 通报 %s（%s）：%s", n.Symbol, mzh, n.Title), fmt.Sprintf("New TBT/SPS notification %s (%s): %s", n.Symbol, men, n.Title)))
					}
				}
				f.Offset += len(ns)
				if len(ns) == 0 || f.Offset >= total {
					break
				}
			}
		}
		today := risk.Day(now)
		f := Filter{DeadlineFrom: Today(now), DeadlineTo: Today(now.AddDate(0, 0, 2*CommentWarn+14)), Unsent: true, Paging: risk.Paging{Limit: risk.MaxLimit}}
		officers := map[string][]risk.ID{}
		for {
			ns, total, err := s.Store.List(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, n := range ns {
				due, err := time.ParseInLocation("2006-01-02", n.CommentDeadline, risk.China)
				if err != nil {
					continue
				}
				left, err := cal.Count(today, due)
				if err != nil || left > CommentWarn {
					continue // the calendar cannot say, or not yet
				}
				users := subscribers(n)
				if n.Dept != "" && s.People != nil {
					ids, ok := officers[n.Dept]
					if !ok {
						if ids, err = s.People.People(ctx, n.Dept, []risk.Role{risk.RoleOfficer}, 0); err != nil {
							return nil, err
						}
						officers[n.Dept] = ids
					}
					for _, id := range ids {
						if !slices.Contains(users, id) {
							users = append(users, id)
						}
					}
				}
				if len(users) == 0 {
					continue
				}
				out = append(out, reminder.Candidate{Key: fmt.Sprintf("tbt:%d:comments:%s:%s", n.ID, n.CommentDeadline, reminder.DueSoon), Stage: reminder.DueSoon,
					Users: users, Href: href(n), Due: n.CommentDeadline,
					Subject: risk.Bilingual(fmt.Sprintf("通报 %s 的评议将于 %s 截止：%s", n.Symbol, n.CommentDeadline, n.Title),
						fmt.Sprintf("Comments on %s close on %s: %s", n.Symbol, n.CommentDeadline, n.Title))})
			}
			f.Offset += len(ns)
			if len(ns) == 0 || f.Offset >= total {
				return out, nil
			}
		}
	}
}
