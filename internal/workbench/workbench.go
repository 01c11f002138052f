package workbench

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/emergency"
	"riskgate/internal/enforcement"
	"riskgate/internal/gateway"
	"riskgate/internal/lab"
	"riskgate/internal/monitoring"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/tbt"
	"riskgate/internal/tracker"
	"riskgate/internal/warning"
)

// Figure names one set of counts the store can make. The service asks only
// for the figures the user's role may see.
type Figure string

// Figures.
const (
	FigNewSignals   Figure = "new_signals"  // signals waiting for triage, by channel
	FigCases        Figure = "cases"        // my open cases, the department's unassigned ones
	FigDrafts       Figure = "drafts"       // the department's draft and returned assessments and warnings
	FigApprovals    Figure = "approvals"    // assessments, warnings and lifting proposals to approve
	FigMeasures     Figure = "measures"     // measures due and overdue
	FigAlarms       Figure = "alarms"       // new detection alarms
	FigMatches      Figure = "matches"      // match candidates to review
	FigInbox        Figure = "inbox"        // unread 通报/通告
	FigFollowups    Figure = "followups"    // 通报 received that await the department's follow-up
	FigDeclarations Figure = "declarations" // declarations waiting for inspection
	FigOwn          Figure = "own"          // the user's own submissions
	FigPetitions    Figure = "petitions"    // petitions to lift awaiting the department's review
	FigPicture      Figure = "picture"      // warnings in force, trend, map
)

// Query is what the store counts for one user.
type Query struct {
	Figures map[Figure]bool
	// Dept is the user's department; AllDepts counts every department's
	// (administrators).
	Dept     string
	AllDepts bool
	UserID   risk.ID
	Login    string
	LabID    risk.ID
	// EnterpriseID is the firm a user of a firm acts for, 0 none.
	EnterpriseID risk.ID
	// Inbox is the user's inbox ("dept:…" or "enterprise:…"), "" none.
	Inbox string
	Now   time.Time
	// DueBy: measures whose deadline falls before it are due.
	DueBy time.Time
	// AlarmsSince: alarms raised since then are new.
	AlarmsSince time.Time
	// Weeks are the boundaries of the trend's weeks, oldest first: Weeks[i]
	// to Weeks[i+1] is week i.
	Weeks []time.Time
	// MapSince: signals received since then colour the map.
	MapSince time.Time
}

// Counts are the store's answer. Maps are keyed by stored codes (channel,
// status, grade, 4-digit prefecture prefix).
type Counts struct {
	NewSignals      map[string]int
	MyCases         int
	UnassignedCases int
	// Drafts of the department: assessments in draft or returned, warnings
	// in draft.
	DraftAssessments int
	DraftWarnings    int
	// Approvals of the department.
	AssessmentsToApprove int
	WarningsToApprove    int
	LiftProposals        int
	// Referrals are grade I warnings referred to the national authority
	// whose answer is still to be recorded.
	Referrals       int
	MeasuresDue     int
	MeasuresOverdue int
	NewAlarms       int
	Matches         int
	InboxUnread     int
	// FollowupsAwaited are the issue times of the issued 通报 delivered to
	// the department that it has not reported a follow-up on; the service
	// works out which are overdue on the working-day calendar.
	FollowupsAwaited    []time.Time
	DeclarationsWaiting int
	// PetitionsToReview wait for the department (the measure's lead or
	// the warning's issuer); PetitionsMoreRequested for the firm's evidence.
	PetitionsToReview      int
	PetitionsMoreRequested int
	OwnSignals             map[string]int
	OwnInspections         int
	InForce                map[string]int
	SignalWeeks            []int
	WarningWeeks           []int
	SignalsByPrefecture    map[string]int
	WarningsByPrefecture   map[string]int
}

// Store counts.
type Store interface {
	Counts(ctx context.Context, q Query) (*Counts, error)
}

// Recalls counts the recalls waiting on a user (recall.Service).
type Recalls interface {
	Queue(ctx context.Context, a risk.Actor) (recall.Queue, error)
}

// Reminders counts a person's unread reminders (reminder.Service).
type Reminders interface {
	Unread(ctx context.Context, a risk.Actor) (int, error)
}

// Answers lists the answers to 通告 awaiting a's review
// (gateway.Service.AnswerQueue).
type Answers interface {
	AnswerQueue(ctx context.Context, a risk.Actor) ([]*gateway.Answer, error)
}

// Credit says what waits in credit (credit.Service.Queue).
type Credit interface {
	Queue(ctx context.Context, a risk.Actor) (credit.Queue, error)
}

// Labs says what waits in laboratory acceptance (lab.Service.Queue).
type Labs interface {
	Queue(ctx context.Context, a risk.Actor) (lab.Queue, error)
}

// TBT says what waits in TBT/SPS notification work (tbt.Service.Queue).
type TBT interface {
	Queue(ctx context.Context, a risk.Actor) (tbt.Queue, error)
}

// Interviews counts the interviews whose commitments wait for a check
// (enforcement.Service.Queue).
type Interviews interface {
	Queue(ctx context.Context, a risk.Actor) (enforcement.Queue, error)
}

// Reviews counts the assessments waiting for the user's opinion as a
// member of their expert panel (assess.Service.ReviewQueue).
type Reviews interface {
	ReviewQueue(ctx context.Context, a risk.Actor) (int, error)
}

// Monitoring counts the overdue monitoring tasks (monitoring.Service.Queue).
type Monitoring interface {
	Queue(ctx context.Context, a risk.Actor) (monitoring.Queue, error)
}

// Tracker counts a unit's overdue reports on the plan's tasks
// (tracker.Service.Queue).
type Tracker interface {
	Queue(ctx context.Context, a risk.Actor) (tracker.Queue, error)
}

// Emergency counts open incident tasks and overdue drills
// (emergency.Service.Queue).
type Emergency interface {
	Queue(ctx context.Context, a risk.Actor) (emergency.Queue, error)
}

// Calendar says which years of the working-day calendar are missing
// (calendar.Service.Missing).
type Calendar interface {
	Missing(ctx context.Context, a risk.Actor) ([]int, error)
}

// Service builds workbenches.
type Service struct {
	Calendar   Calendar   // nil: no reminder of missing calendar years
	Credit     Credit     // nil: no credit queue
	Labs       Labs       // nil: no cross-check queue
	TBT        TBT        // nil: no queue of comment deadlines
	Interviews Interviews // nil: no queue of commitments to check
	Monitoring Monitoring // nil: no queue of overdue monitoring tasks
	Tracker    Tracker    // nil: no queue of overdue reports on the plan's tasks
	Emergency  Emergency  // nil: no queue of incident tasks and drills
	Reviews    Reviews    // nil: no queue of expert reviews
	Store      Store
	Recalls    Recalls   // nil: no recall queue
	Reminders  Reminders // nil: no reminders
	Answers    Answers   // nil: no queue of answers to review
	Now        func() time.Time
}

// Horizons of the figures.
const (
	TrendWeeks  = 12
	DueWithin   = 7 * 24 * time.Hour // a deadline within a week is due
	AlarmWindow = 7 * 24 * time.Hour // alarms of the last week are new
)

// Bench is one user's workbench.
type Bench struct {
	Sections []Section `json:"sections"`
	// Picture is nil for users who see no warnings.
	Picture *Picture `json:"picture,omitempty"`
}

// Section is a group of queues, e.g. 待研判 or 待审批.
type Section struct {
	Key   string `json:"key"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Items []Item `json:"items"`
}

// Item is one queue: how many things wait and where they are.
type Item struct {
	Key   string `json:"key"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
	Count int    `json:"count"`
	// Href is the page that lists them.
	Href string `json:"href"`
	// Urgent marks what is late (overdue measures).
	Urgent bool `json:"urgent,omitempty"`
	// Code is the catalogue code the item stands for (a channel), "" none;
	// pages name it from the catalogue.
	Code string `json:"code,omitempty"`
}

// Picture is the province at a glance.
type Picture struct {
	InForce map[risk.Grade]int `json:"in_force"`
	// Weeks are the first days of the trend's weeks (Monday, China time).
	Weeks        []time.Time `json:"weeks"`
	SignalWeeks  []int       `json:"signal_weeks"`
	WarningWeeks []int       `json:"warning_weeks"`
	// By prefecture code (6 digits, e.g. 430100).
	SignalsByPrefecture  map[string]int `json:"signals_by_prefecture"`
	WarningsByPrefecture map[string]int `json:"warnings_by_prefecture"`
}

// Total is the number of things waiting in a section.
func (s Section) Total() int {
	n := 0
	for _, it := range s.Items {
		n += it.Count
	}
	return n
}

// figures decides what a may see.
func figures(a risk.Actor) map[Figure]bool {
	f := map[Figure]bool{}
	can := func(p risk.Permission) bool { return risk.Can(a, p) }
	if a.IsOfficial() && a.Dept != "" || a.Role == risk.RoleAdmin {
		if can(risk.PermSignalWrite) {
			f[FigNewSignals] = true
			f[FigMatches] = true
		}
		if can(risk.PermCaseWrite) {
			f[FigCases] = true
		}
		if can(risk.PermAssessmentWrite) || can(risk.PermWarningWrite) {
			f[FigDrafts] = true
		}
		if can(risk.PermAssessmentApprove) || can(risk.PermWarningApprove) {
			f[FigApprovals] = true
		}
		if can(risk.PermMeasureWrite) {
			f[FigMeasures] = true
		}
		if can(risk.PermSignalRead) {
			f[FigAlarms] = true
		}
		if can(risk.PermWarningRead) {
			f[FigPicture] = true
		}
		if can(risk.PermInspectionWrite) && can(risk.PermDeclarationRead) {
			f[FigDeclarations] = true
		}
		if can(risk.PermPetitionReview) {
			f[FigPetitions] = true
		}
	}
	if _, err := warning.InboxOf(a); err == nil {
		f[FigInbox] = true
		if a.IsOfficial() && a.Dept != "" && risk.Can(a, risk.PermFollowupReport) {
			f[FigFollowups] = true
		}
	}
	if a.Has(risk.RoleEnterprise, risk.RoleLab) {
		f[FigOwn] = true
	}
	return f
}

// Get returns a's workbench.
func (s *Service) Get(ctx context.Context, a risk.Actor) (*Bench, error) {
	if !risk.Can(a, risk.PermDashboard) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看工作台。 / Not allowed to view the workbench.")
	}
	now := s.Now().UTC()
	q := Query{Figures: figures(a), Dept: a.Dept, AllDepts: a.SeesAll(), UserID: a.UserID,
		Login: a.Login, LabID: a.LabID, EnterpriseID: a.EnterpriseID, Now: now, DueBy: now.Add(DueWithin), AlarmsSince: now.Add(-AlarmWindow)}
	if box, err := warning.InboxOf(a); err == nil {
		q.Inbox = box
	}
	first := risk.Monday(now).AddDate(0, 0, -7*(TrendWeeks-1))
	for i := 0; i <= TrendWeeks; i++ {
		q.Weeks = append(q.Weeks, first.AddDate(0, 0, 7*i).UTC())
	}
	q.MapSince = q.Weeks[0]
	c, err := s.Store.Counts(ctx, q)
	if err != nil {
		return nil, err
	}
	b := build(q, c)
	if s.Answers != nil && a.IsOfficial() && risk.Can(a, risk.PermAnswerReview) {
		as, err := s.Answers.AnswerQueue(ctx, a)
		if err != nil {
			return nil, err
		}
		b.Sections = append(b.Sections, Section{Key: "answers", Zh: "整改报告", En: "Answers to notices", Items: []Item{
			{Key: "answers-review", Zh: "待审查的整改报告", En: "Answers to review", Count: len(as), Href: "/answers?status=submitted"}}})
	}
	if s.Credit != nil {
		cq, err := s.Credit.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		switch {
		case cq.Pending > 0:
			b.Sections = append(b.Sections, Section{Key: "credit", Zh: "企业信用", En: "Enterprise credit", Items: []Item{
				{Key: "credit-repairs", Zh: "待审核的信用修复申请", En: "Credit repairs to review", Count: cq.Pending, Href: "/credit/repairs?status=pending"}}})
		case cq.Repairable > 0:
			b.Sections = append(b.Sections, Section{Key: "credit", Zh: "企业信用", En: "Credit", Items: []Item{
				{Key: "credit-repairable", Zh: "可申请修复的信用事件", En: "Credit events you may apply to repair", Count: cq.Repairable, Href: "/credit/firms/" + cq.EnterpriseID.String()}}})
		}
	}
	if s.Labs != nil {
		lq, err := s.Labs.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		var items []Item
		if lq.Awaiting > 0 {
			items = append(items, Item{Key: "lab-crosschecks", Zh: "抽中待比对的采信报告", En: "Reports drawn for a cross-check", Count: lq.Awaiting, Href: "/labs/reports?awaiting=1"})
		}
		if lq.Expiring > 0 {
			href := "/labs"
			if lq.LabID != 0 {
				href = "/labs/" + lq.LabID.String()
			}
			items = append(items, Item{Key: "lab-accreditations-expiring", Zh: fmt.Sprintf("%d 天内到期的检测机构资质", lab.ExpiryNotice),
				En: fmt.Sprintf("Laboratory accreditations expiring within %d days", lab.ExpiryNotice), Count: lq.Expiring, Href: href})
		}
		if len(items) > 0 {
			b.Sections = append(b.Sections, Section{Key: "labs", Zh: "第三方采信", En: "Laboratory acceptance", Items: items})
		}
	}
	if s.TBT != nil {
		tq, err := s.TBT.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		if tq.DeadlinesSoon > 0 {
			b.Sections = append(b.Sections, Section{Key: "tbt", Zh: "技术性贸易措施", En: "TBT/SPS notifications", Items: []Item{
				{Key: "tbt-deadlines", Zh: "评议即将截止、尚未提交意见的通报", En: "Notifications whose comments close soon, no comment sent", Count: tq.DeadlinesSoon, Href: "/tbt?due=1"}}})
		}
	}
	if s.Interviews != nil {
		iq, err := s.Interviews.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		if iq.Due > 0 {
			b.Sections = append(b.Sections, Section{Key: "interviews", Zh: "约谈", En: "Interviews", Items: []Item{
				{Key: "interviews-due", Zh: "承诺到期待核查的约谈", En: "Interviews with commitments due to check", Count: iq.Due, Href: "/interviews?due=1"}}})
		}
	}
	if s.Reviews != nil {
		n, err := s.Reviews.ReviewQueue(ctx, a)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			b.Sections = append(b.Sections, Section{Key: "reviews", Zh: "专家评审", En: "Expert reviews", Items: []Item{
				{Key: "reviews-pending", Zh: "待您发表意见的风险评估", En: "Assessments waiting for your opinion", Count: n, Href: "/reviews"}}})
		}
	}
	if s.Monitoring != nil {
		mq, err := s.Monitoring.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		if mq.Overdue > 0 {
			b.Sections = append(b.Sections, Section{Key: "monitoring", Zh: "风险监测", En: "Risk monitoring", Items: []Item{
				{Key: "monitoring-overdue", Zh: "逾期未完成的监测任务", En: "Monitoring tasks overdue", Count: mq.Overdue, Href: "/monitoring/tasks?overdue=1", Urgent: true}}})
		}
	}
	if s.Tracker != nil {
		tq, err := s.Tracker.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		if tq.Overdue > 0 {
			b.Sections = append(b.Sections, Section{Key: "tracker", Zh: "任务落实", En: "Plan tracker", Items: []Item{
				{Key: "tracker-overdue", Zh: "逾期未报的任务季度进展", En: "Quarterly reports on the plan's tasks overdue", Count: tq.Overdue, Href: "/tracker?overdue=1", Urgent: true}}})
		}
	}
	if s.Emergency != nil {
		eq, err := s.Emergency.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		var items []Item
		if eq.OpenTasks > 0 {
			items = append(items, Item{Key: "emergency-tasks", Zh: "突发事件待办任务", En: "Open incident tasks", Count: eq.OpenTasks, Href: "/emergency/incidents?status=responding"})
		}
		if eq.OverdueTasks > 0 {
			items = append(items, Item{Key: "emergency-tasks-overdue", Zh: "逾期的突发事件任务", En: "Incident tasks overdue", Count: eq.OverdueTasks, Href: "/emergency/incidents?status=responding", Urgent: true})
		}
		if eq.OverdueDrills > 0 {
			items = append(items, Item{Key: "emergency-drills-overdue", Zh: "逾期未开展的应急演练", En: "Drills overdue", Count: eq.OverdueDrills, Href: "/emergency/drills?overdue=1", Urgent: true})
		}
		if len(items) > 0 {
			b.Sections = append(b.Sections, Section{Key: "emergency", Zh: "口岸应急处置", En: "Port emergencies", Items: items})
		}
	}
	if s.Calendar != nil {
		ys, err := s.Calendar.Missing(ctx, a)
		if err != nil {
			return nil, err
		}
		if len(ys) > 0 {
			b.Sections = append(b.Sections, calendarSection(ys, now))
		}
	}
	if s.Reminders != nil && a.UserID != 0 {
		n, err := s.Reminders.Unread(ctx, a)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			b.Sections = append([]Section{{Key: "reminders", Zh: "提醒", En: "Reminders", Items: []Item{
				{Key: "reminders-unread", Zh: "未读提醒", En: "Unread reminders", Count: n, Href: "/reminders", Urgent: true}}}}, b.Sections...)
		}
	}
	if s.Recalls != nil && risk.Can(a, risk.PermRecallRead) && (a.Role == risk.RoleEnterprise || risk.Can(a, risk.PermRecallWrite)) {
		rq, err := s.Recalls.Queue(ctx, a)
		if err != nil {
			return nil, err
		}
		b.Sections = append(b.Sections, recallSection(a, rq))
	}
	return b, nil
}

// calendarSection asks for the years the working-day calendar lacks: urgent
// when one of them is the current year, or in the last month before the
// next begins.
func calendarSection(years []int, now time.Time) Section {
	today := risk.Day(now)
	var ys []string
	urgent := false
	for _, y := range years {
		ys = append(ys, strconv.Itoa(y))
		urgent = urgent || y <= today.Year() || today.Month() == time.December
	}
	return Section{Key: "calendar", Zh: "工作日历", En: "Working-day calendar", Items: []Item{
		{Key: "calendar-missing", Zh: "待录入的节假日安排：" + strings.Join(ys, "、") + " 年", En: "Holidays to enter: " + strings.Join(ys, ", "),
			Count: len(years), Href: "/admin/calendar", Urgent: urgent}}}
}

// recallSection is the recall queue: for the regulator, recalls to decide
// on; for a firm, plans to file and progress to report; for both, those
// with a deadline overdue.
func recallSection(a risk.Actor, q recall.Queue) Section {
	sec := Section{Key: "recalls", Zh: "缺陷召回", En: "Recalls"}
	if a.Role == risk.RoleEnterprise {
		sec.Items = append(sec.Items,
			Item{Key: "recalls-plan", Zh: "需备案召回计划", En: "Recall plans to file", Count: q.ToPlan, Href: "/recalls?open=1"},
			Item{Key: "recalls-report", Zh: "实施中、需报告进度", En: "Recalls running: progress to report", Count: q.ToReport, Href: "/recalls?status=in_progress"})
	} else {
		sec.Items = append(sec.Items, Item{Key: "recalls-decide", Zh: "待调查、审核或评估的召回", En: "Recalls to investigate, review or evaluate",
			Count: q.ToDecide, Href: "/recalls?open=1"})
	}
	sec.Items = append(sec.Items, Item{Key: "recalls-overdue", Zh: "期限已逾期的召回", En: "Recalls with a deadline overdue",
		Count: q.Overdue, Href: "/recalls?open=1", Urgent: q.Overdue > 0})
	return sec
}

// build lays the counts out as sections, in the order a user works.
func build(q Query, c *Counts) *Bench {
	b := &Bench{}
	has := q.Figures
	if has[FigNewSignals] {
		sec := Section{Key: "triage", Zh: "待研判", En: "To triage"}
		for _, code := range sortedKeys(c.NewSignals) {
			sec.Items = append(sec.Items, Item{Key: "signals-new", Code: code, Count: c.NewSignals[code],
				Zh: "待研判风险信息", En: "Signals to triage", Href: "/signals?status=new&channel=" + url.QueryEscape(code)})
		}
		if len(sec.Items) == 0 {
			sec.Items = append(sec.Items, Item{Key: "signals-new", Zh: "待研判风险信息", En: "Signals to triage", Href: "/signals?status=new"})
		}
		if has[FigAlarms] {
			sec.Items = append(sec.Items, Item{Key: "alarms", Zh: "新的统计预警（7天内）", En: "New statistical alarms (7 days)",
				Count: c.NewAlarms, Href: "/detection"})
		}
		sec.Items = append(sec.Items, Item{Key: "matches", Zh: "待审核的国外通报匹配", En: "Foreign matches to review",
			Count: c.Matches, Href: "/matching"})
		b.Sections = append(b.Sections, sec)
	}
	if has[FigCases] || has[FigDrafts] {
		sec := Section{Key: "work", Zh: "我的办理", En: "My work"}
		if has[FigCases] {
			sec.Items = append(sec.Items,
				Item{Key: "cases-mine", Zh: "我承办的案件", En: "My open cases", Count: c.MyCases, Href: "/cases?status=open&assignee=me"},
				Item{Key: "cases-unassigned", Zh: "本部门未分配案件", En: "Unassigned cases of my department", Count: c.UnassignedCases, Href: "/cases?status=open&assignee=-"})
		}
		if has[FigDrafts] {
			sec.Items = append(sec.Items,
				Item{Key: "assessments-draft", Zh: "草稿或退回的评估", En: "Assessments in draft or returned", Count: c.DraftAssessments, Href: "/cases"},
				Item{Key: "warnings-draft", Zh: "预警草稿", En: "Draft warnings", Count: c.DraftWarnings, Href: "/warnings?status=draft"})
		}
		b.Sections = append(b.Sections, sec)
	}
	if has[FigApprovals] {
		b.Sections = append(b.Sections, Section{Key: "approvals", Zh: "待审批", En: "Awaiting my approval", Items: []Item{
			{Key: "assessments-submitted", Zh: "待审批的风险评估", En: "Assessments to approve", Count: c.AssessmentsToApprove, Href: "/approvals"},
			{Key: "warnings-review", Zh: "待审核的预警", En: "Warnings to approve", Count: c.WarningsToApprove, Href: "/approvals"},
			{Key: "lift-proposals", Zh: "建议解除的预警", En: "Warnings proposed for lifting", Count: c.LiftProposals, Href: "/approvals"},
			{Key: "referrals", Zh: "待国家层面答复的上报", En: "Referrals awaiting the national answer", Count: c.Referrals, Href: "/approvals#referrals"},
		}})
	}
	if has[FigMeasures] {
		b.Sections = append(b.Sections, Section{Key: "measures", Zh: "措施任务", En: "Measures", Items: []Item{
			{Key: "measures-overdue", Zh: "已逾期的措施", En: "Overdue measures", Count: c.MeasuresOverdue, Href: "/tasks", Urgent: c.MeasuresOverdue > 0},
			{Key: "measures-due", Zh: "7日内到期的措施", En: "Measures due within 7 days", Count: c.MeasuresDue, Href: "/tasks"},
		}})
	}
	if has[FigPetitions] {
		b.Sections = append(b.Sections, Section{Key: "petitions", Zh: "解除申请", En: "Petitions to lift", Items: []Item{
			{Key: "petitions-submitted", Zh: "待审查的企业解除申请", En: "Firms' petitions to review", Count: c.PetitionsToReview, Href: "/petitions?status=submitted"},
		}})
	}
	if has[FigDeclarations] {
		b.Sections = append(b.Sections, Section{Key: "port", Zh: "口岸查验", En: "Port", Items: []Item{
			{Key: "declarations-waiting", Zh: "待查验的报关单", En: "Declarations waiting for inspection", Count: c.DeclarationsWaiting, Href: "/declarations"},
		}})
	}
	if has[FigInbox] {
		sec := Section{Key: "inbox", Zh: "收件箱", En: "Inbox", Items: []Item{
			{Key: "inbox-unread", Zh: "未确认的通报、通告", En: "Unacknowledged bulletins and notices", Count: c.InboxUnread, Href: "/inbox"},
		}}
		if has[FigFollowups] {
			awaited, overdue := len(c.FollowupsAwaited), 0
			for _, at := range c.FollowupsAwaited {
				if warning.FollowupOverdue(at, q.Now) {
					overdue++
				}
			}
			sec.Items = append(sec.Items,
				Item{Key: "followups-overdue", Zh: "逾期未报告处置情况的通报", En: "Bulletins with the follow-up overdue", Count: overdue, Href: "/inbox", Urgent: overdue > 0},
				Item{Key: "followups-awaited", Zh: "待报告处置情况的通报", En: "Bulletins awaiting your follow-up", Count: awaited, Href: "/inbox"})
		}
		b.Sections = append(b.Sections, sec)
	}
	if has[FigOwn] {
		sec := Section{Key: "own", Zh: "我的报送", En: "My submissions"}
		for _, st := range []signal.Status{signal.StatusNew, signal.StatusTriaged, signal.StatusDismissed} {
			zh, en := st.Label()
			sec.Items = append(sec.Items, Item{Key: "own-" + string(st), Zh: "我报送的：" + zh, En: "My reports: " + en,
				Count: c.OwnSignals[string(st)], Href: "/submissions?status=" + string(st)})
		}
		if q.EnterpriseID != 0 {
			sec.Items = append(sec.Items, Item{Key: "own-petitions-more", Zh: "需补充材料的解除申请", En: "Petitions to lift awaiting more evidence",
				Count: c.PetitionsMoreRequested, Href: "/petitions?status=more_requested", Urgent: c.PetitionsMoreRequested > 0})
		}
		if q.LabID != 0 {
			sec.Items = append(sec.Items, Item{Key: "own-inspections", Zh: "已提交的检测结果", En: "Test results submitted", Count: c.OwnInspections, Href: "/submissions"})
		}
		b.Sections = append(b.Sections, sec)
	}
	if has[FigPicture] {
		p := &Picture{InForce: map[risk.Grade]int{}, SignalWeeks: c.SignalWeeks, WarningWeeks: c.WarningWeeks,
			SignalsByPrefecture: c.SignalsByPrefecture, WarningsByPrefecture: c.WarningsByPrefecture}
		for _, g := range risk.Grades {
			p.InForce[g] = c.InForce[string(g)]
		}
		p.Weeks = q.Weeks[:len(q.Weeks)-1]
		b.Picture = p
	}
	return b
}
