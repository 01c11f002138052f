package reminder

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/credit"
	"riskgate/internal/lab"
	"riskgate/internal/measure"
	"riskgate/internal/petition"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// People finds who reminders go to (Store.People).
type People interface {
	People(ctx context.Context, dept string, roles []risk.Role, enterpriseID risk.ID) ([]risk.ID, error)
}

var (
	officers  = []risk.Role{risk.RoleOfficer}
	approvers = []risk.Role{risk.RoleApprover}
)

// stageOf is where a deadline due on due stands at today: due soon
// (within DueWithin working days), overdue, or neither; ok false when the
// calendar cannot say (never a guess).
func stageOf(cal *calendar.Calendar, today, due time.Time) (Stage, bool) {
	today, due = risk.Day(today), risk.Day(due)
	if today.After(due) {
		return Overdue, true
	}
	n, err := cal.Count(today, due)
	if err != nil {
		return "", false
	}
	if n <= DueWithin {
		return DueSoon, true
	}
	return "", true
}

// deadline is the candidates of one deadline: due soon or overdue to
// doers, and once overdue, escalated to the approvers.
func deadline(key string, stage Stage, doers, approvers []risk.ID, zh, en, href, due string) []Candidate {
	var out []Candidate
	key += ":" + due // a deadline that moves reminds again
	switch stage {
	case DueSoon:
		out = append(out, Candidate{Key: key + ":" + string(DueSoon), Stage: DueSoon, Users: doers, Href: href, Due: due,
			Subject: risk.Bilingual(zh+"，"+due+" 到期", en+", due "+due)})
	case Overdue:
		out = append(out, Candidate{Key: key + ":" + string(Overdue), Stage: Overdue, Users: doers, Href: href, Due: due,
			Subject: risk.Bilingual(zh+"，已于 "+due+" 逾期", en+", overdue since "+due)})
		if len(approvers) > 0 {
			out = append(out, Candidate{Key: key + ":" + string(Escalated), Stage: Escalated, Users: approvers, Href: href, Due: due,
				Subject: risk.Bilingual("逾期上报："+zh+"，已于 "+due+" 逾期", "Escalated: "+en+", overdue since "+due)})
		}
	}
	return out
}

// RecallSource reminds of recalls' legal periods: the firm's users and
// the lead department's officers before and after each falls due, the
// lead department's approvers once it is overdue.
func RecallSource(recalls *recall.Service, people People) Source {
	return func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]Candidate, error) {
		var out []Candidate
		f := recall.Filter{Open: true, Paging: risk.Paging{Limit: risk.MaxLimit}}
		for {
			rs, total, err := recalls.List(ctx, risk.System, f)
			if err != nil {
				return nil, err
			}
			for _, r := range rs {
				for _, d := range r.DeadlineList {
					if d.Met != "" || d.Due == "" {
						continue
					}
					due, err := recall.ParseDate("due", d.Due)
					if err != nil {
						continue
					}
					stage, ok := stageOf(cal, now, due)
					if !ok || stage == "" {
						continue
					}
					firm, err := people.People(ctx, "", nil, r.EnterpriseID)
					if err != nil {
						return nil, err
					}
					lead, err := people.People(ctx, r.Dept, officers, 0)
					if err != nil {
						return nil, err
					}
					appr, err := people.People(ctx, r.Dept, approvers, 0)
					if err != nil {
						return nil, err
					}
					zh, en := d.Label()
					out = append(out, deadline(fmt.Sprintf("recall:%d:%s", r.ID, d.Code), stage, append(firm, lead...), appr,
						fmt.Sprintf("召回 %d（%s）：%s", r.ID, r.Title(), zh), fmt.Sprintf("Recall %d (%s): %s", r.ID, r.Title(), en),
						fmt.Sprintf("/recalls/%d", r.ID), d.Due)...)
				}
			}
			f.Offset += len(rs)
			if len(rs) == 0 || f.Offset >= total {
				return out, nil
			}
		}
	}
}

// MeasureSource reminds of measures' deadlines: the lead department's
// officers before and after, its approvers once overdue.
func MeasureSource(measures measure.Store, people People) Source {
	return func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]Candidate, error) {
		ms, err := measures.List(ctx, measure.Filter{Open: true, Limit: 10000})
		if err != nil {
			return nil, err
		}
		var out []Candidate
		for _, m := range ms {
			if m.Deadline == nil {
				continue
			}
			stage, ok := stageOf(cal, now, *m.Deadline)
			if !ok || stage == "" {
				continue
			}
			lead, err := people.People(ctx, m.Lead, officers, 0)
			if err != nil {
				return nil, err
			}
			appr, err := people.People(ctx, m.Lead, approvers, 0)
			if err != nil {
				return nil, err
			}
			due := risk.Day(*m.Deadline).Format("2006-01-02")
			out = append(out, deadline(fmt.Sprintf("measure:%d:deadline", m.ID), stage, lead, appr,
				fmt.Sprintf("措施 %d 的期限", m.ID), fmt.Sprintf("the deadline of measure %d", m.ID), "/tasks", due)...)
		}
		return out, nil
	}
}

// CaseSource tells each open case's assignee it is theirs, once per
// assignee.
func CaseSource(cases casefile.Store) Source {
	return func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]Candidate, error) {
		var out []Candidate
		f := casefile.Filter{Status: casefile.StatusOpen, Paging: risk.Paging{Limit: risk.MaxLimit}}
		for {
			cs, total, err := cases.List(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				if c.AssigneeID == 0 {
					continue
				}
				out = append(out, Candidate{Key: fmt.Sprintf("case:%d:assigned:%d", c.ID, c.AssigneeID), Stage: Assigned, Users: []risk.ID{c.AssigneeID},
					Href: fmt.Sprintf("/cases/%d", c.ID), Subject: risk.Bilingual("案件 "+c.Number+" 由您承办："+c.Title, "Case "+c.Number+" is assigned to you: "+c.Title)})
			}
			f.Offset += len(cs)
			if len(cs) == 0 || f.Offset >= total {
				return out, nil
			}
		}
	}
}

// FollowupSource reminds the recipients of an issued 通报 that have not
// reported their follow-up: their officers before the due day and once it
// has passed, their approvers once overdue.
func FollowupSource(warnings warning.Store, people People) Source {
	return func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]Candidate, error) {
		var out []Candidate
		f := warning.Filter{Class: warning.ClassBulletin, Status: warning.StatusIssued, Paging: risk.Paging{Limit: risk.MaxLimit}}
		for {
			ws, total, err := warnings.List(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, w := range ws {
				fs, err := warnings.Followups(ctx, w.ID)
				if err != nil {
					return nil, err
				}
				rep := warning.Report(w, fs, now)
				if rep.Due == "" {
					continue // the calendar cannot say
				}
				due, err := recall.ParseDate("due", rep.Due)
				if err != nil {
					continue
				}
				stage, ok := stageOf(cal, now, due)
				if !ok || stage == "" {
					continue
				}
				for _, rf := range rep.Recipients {
					if rf.Answered || !slices.Contains(w.Recipients, rf.Dept) {
						continue
					}
					doers, err := people.People(ctx, rf.Dept, officers, 0)
					if err != nil {
						return nil, err
					}
					appr, err := people.People(ctx, rf.Dept, approvers, 0)
					if err != nil {
						return nil, err
					}
					out = append(out, deadline(fmt.Sprintf("followup:%d:%s", w.ID, rf.Dept), stage, doers, appr,
						"通报 "+w.Number+" 的处置情况反馈", "the follow-up on bulletin "+w.Number, fmt.Sprintf("/warnings/%d#followups", w.ID), rep.Due)...)
				}
			}
			f.Offset += len(ws)
			if len(ws) == 0 || f.Offset >= total {
				return out, nil
			}
		}
	}
}

// NoticeWindow is how far back decisions are told: a change older than
// this when the job first runs is not told again.
const NoticeWindow = 30 * 24 * time.Hour

// CreditSource tells a firm's users of the changes of its credit tier and
// of the decisions on its applications for repair, once each.
func CreditSource(credits *credit.Service, people People) Source {
	return func(ctx context.Context, now time.Time, _ *calendar.Calendar) ([]Candidate, error) {
		since := now.Add(-NoticeWindow)
		changes, err := credits.RecentChanges(ctx, since)
		if err != nil {
			return nil, err
		}
		var out []Candidate
		for _, c := range changes {
			firm, err := people.People(ctx, "", nil, c.EnterpriseID)
			if err != nil {
				return nil, err
			}
			fzh, fen := tierLabel(c.From)
			tzh, ten := tierLabel(c.To)
			out = append(out, Candidate{Key: fmt.Sprintf("credit-change:%d", c.ID), Stage: Notice, Users: firm,
				Href:    fmt.Sprintf("/credit/firms/%d", c.EnterpriseID),
				Subject: risk.Bilingual("信用等级调整："+fzh+" → "+tzh+"。"+c.Outcome.WhyZh, "Credit tier changed: "+fen+" → "+ten+". "+c.Outcome.WhyEn)})
		}
		rs, _, err := credits.Repairs(ctx, risk.System, credit.RepairFilter{Paging: risk.Paging{Limit: risk.MaxLimit}})
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			if r.ReviewedAt == nil || r.ReviewedAt.Before(since) {
				continue
			}
			firm, err := people.People(ctx, "", nil, r.EnterpriseID)
			if err != nil {
				return nil, err
			}
			zh, en := r.Status.Label()
			out = append(out, Candidate{Key: fmt.Sprintf("credit-repair:%d", r.ID), Stage: Notice, Users: firm, Href: fmt.Sprintf("/credit/repairs/%d", r.ID),
				Subject: risk.Bilingual(fmt.Sprintf("信用修复申请 %d %s", r.ID, zh), fmt.Sprintf("Credit repair %d %s", r.ID, strings.ToLower(en)))})
		}
		return out, nil
	}
}

// tierLabel names a credit tier from the catalogue.
func tierLabel(code string) (zh, en string) { return catalog.Label("credit-tiers", code) }

// PetitionSource tells the officers of the reviewing department of each
// petition to lift waiting for review, once per submission (a petition
// resubmitted with more evidence tells them again).
func PetitionSource(petitions petition.Store, people People) Source {
	return func(ctx context.Context, _ time.Time, _ *calendar.Calendar) ([]Candidate, error) {
		var out []Candidate
		f := petition.Filter{Status: petition.StatusSubmitted, Paging: risk.Paging{Limit: risk.MaxLimit}}
		officersOf := map[string][]risk.ID{}
		for {
			ps, total, err := petitions.List(ctx, f)
			if err != nil {
				return nil, err
			}
			for _, p := range ps {
				users, ok := officersOf[p.Dept]
				if !ok {
					if users, err = people.People(ctx, p.Dept, officers, 0); err != nil {
						return nil, err
					}
					officersOf[p.Dept] = users
				}
				out = append(out, Candidate{Key: fmt.Sprintf("petition:%d:%d", p.ID, p.Rev), Stage: Assigned, Users: users,
					Href: fmt.Sprintf("/petitions/%d", p.ID),
					Subject: risk.Bilingual(fmt.Sprintf("解除申请 %d 待审查：%s（%s）", p.ID, p.EnterpriseName, p.WarningTitle),
						fmt.Sprintf("Petition %d to review: %s (%s)", p.ID, p.EnterpriseName, p.WarningTitle))})
			}
			f.Offset += len(ps)
			if len(ps) == 0 || f.Offset >= total {
				return out, nil
			}
		}
	}
}

// LabPeople finds a laboratory's users (Store.LabUsers).
type LabPeople interface {
	LabUsers(ctx context.Context, labID risk.ID) ([]risk.ID, error)
}

// LabSource tells a laboratory's users of each change of its grade or
// status (once each, within NoticeWindow) and of each accreditation that
// expires within lab.ExpiryNotice days — before the periodic job suspends
// the scope items it covers (once per accreditation and last valid day:
// a renewal reminds again when the new date comes near).
func LabSource(labs *lab.Service, people LabPeople) Source {
	return func(ctx context.Context, now time.Time, _ *calendar.Calendar) ([]Candidate, error) {
		users := map[risk.ID][]risk.ID{}
		usersOf := func(id risk.ID) ([]risk.ID, error) {
			if u, ok := users[id]; ok {
				return u, nil
			}
			u, err := people.LabUsers(ctx, id)
			users[id] = u
			return u, err
		}
		var out []Candidate
		changes, err := labs.RecentChanges(ctx, now.Add(-NoticeWindow))
		if err != nil {
			return nil, err
		}
		for _, c := range changes {
			u, err := usersOf(c.LabID)
			if err != nil {
				return nil, err
			}
			fzh, fen := c.FromStatus.Label()
			tzh, ten := c.ToStatus.Label()
			out = append(out, Candidate{Key: fmt.Sprintf("lab-change:%d", c.ID), Stage: Notice, Users: u, Href: fmt.Sprintf("/labs/%d", c.LabID),
				Subject: risk.Bilingual(fmt.Sprintf("检测机构采信调整：%s 级（%s）→ %s 级（%s）。%s", c.FromGrade, fzh, c.ToGrade, tzh, c.Why("zh")),
					fmt.Sprintf("Acceptance changed: grade %s (%s) → %s (%s). %s", c.FromGrade, strings.ToLower(fen), c.ToGrade, strings.ToLower(ten), c.Why("en")))})
		}
		exp, err := labs.Expiring(ctx, risk.System)
		if err != nil {
			return nil, err
		}
		for _, e := range exp {
			u, err := usersOf(e.Lab.ID)
			if err != nil {
				return nil, err
			}
			for _, a := range e.Accreditations {
				out = append(out, Candidate{Key: fmt.Sprintf("lab-accreditation:%d:%s:%s", e.Lab.ID, a.Number, a.ValidUntil), Stage: DueSoon, Users: u,
					Href: fmt.Sprintf("/labs/%d", e.Lab.ID), Due: a.ValidUntil,
					Subject: risk.Bilingual(fmt.Sprintf("资质 %s 将于 %s 到期，到期后其覆盖的采信范围暂停", a.Number, a.ValidUntil),
						fmt.Sprintf("Accreditation %s expires on %s; the acceptance scope it covers is then suspended", a.Number, a.ValidUntil))})
			}
		}
		return out, nil
	}
}
