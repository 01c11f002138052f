package monitoring

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// PointFilter selects points.
type PointFilter struct {
	Type       PointType
	Prefecture string
	Status     PointStatus
	Dept       string
	IDs        []risk.ID
	risk.Paging
}

// PlanFilter selects plans.
type PlanFilter struct {
	Year   int
	Status PlanStatus
	risk.Paging
}

// TaskFilter selects tasks.
type TaskFilter struct {
	PlanID  risk.ID
	PointID risk.ID
	Dept    string
	// Approved: only tasks of approved plans (the ones that count).
	Approved bool
}

// SampleFilter selects samples.
type SampleFilter struct {
	PlanID     risk.ID
	ItemNo     int
	PointID    risk.ID
	Conclusion Conclusion
	risk.Paging
}

// Store is the persistence of the monitoring network and its plans.
type Store interface {
	// CreatePoint inserts a point (ErrConflict on a code in use).
	CreatePoint(ctx context.Context, p *Point, ae audit.Entry) error
	Point(ctx context.Context, id risk.ID) (*Point, error)
	Points(ctx context.Context, f PointFilter) ([]*Point, int, error)
	// UpdatePoint writes p under the revision it was read at (ErrConflict
	// when it moved).
	UpdatePoint(ctx context.Context, p *Point, ae audit.Entry) error
	CreatePlan(ctx context.Context, p *Plan, ae audit.Entry) error
	Plan(ctx context.Context, id risk.ID) (*Plan, error)
	Plans(ctx context.Context, f PlanFilter) ([]*Plan, int, error)
	// SavePlan writes p under the revision it was read at (ErrConflict
	// when it moved), stores v as a version when not nil, inserts the
	// tasks and appends the audit entry, in one transaction.
	SavePlan(ctx context.Context, p *Plan, v *Version, tasks []*Task, ae audit.Entry) error
	Versions(ctx context.Context, planID risk.ID) ([]*Version, error)
	// Tasks lists tasks with their counts of samples, by plan, item,
	// point and period.
	Tasks(ctx context.Context, f TaskFilter) ([]*Task, error)
	Sample(ctx context.Context, id risk.ID) (*Sample, error)
	Samples(ctx context.Context, f SampleFilter) ([]*Sample, int, error)
	// RecordSample inserts a sample with its audit entry, its warning
	// matches and, for a failure, the signal it raises with that signal's
	// entry (entries[1]); a failure withdraws the lifting proposals of the
	// warnings it matched. ErrConflict on a sample number in use.
	RecordSample(ctx context.Context, s *Sample, sig *signal.Signal, entries []audit.Entry) error
	// SetResults stores the results of a sample still pending
	// (ErrConflict otherwise), with the signal a failure raises.
	SetResults(ctx context.Context, s *Sample, sig *signal.Signal, entries []audit.Entry) error
	// Hotspots counts, since a time, the signals by HS heading, hazard and
	// channel, and the current inspection results by HS heading and
	// outcome, for targeted spot checks.
	Hotspots(ctx context.Context, since time.Time) ([]Hotspot, error)
}

// Signals prepares the signal a failing sample raises (signal.Service.Prepare).
type Signals interface {
	Prepare(a risk.Actor, in signal.Input) (*signal.Signal, audit.Entry, error)
}

// Warnings lists the warnings in force (store.InspectionStore), whose
// scopes samples are matched against.
type Warnings interface {
	ActiveWarnings(ctx context.Context) ([]*warning.Warning, error)
}

// Calendar is the official working-day calendar (calendar.Service).
type Calendar interface {
	Calendar(ctx context.Context) (*calendar.Calendar, error)
}

// Service runs the monitoring network and plans.
type Service struct {
	Store    Store
	Signals  Signals
	Calendar Calendar // nil: the embedded official calendar
	Warnings Warnings // nil: samples count toward no lifting conditions
	Sets     *catalog.Sets
	Now      func() time.Time
}

// CanRead reports whether a may see points, plans, tasks and samples.
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermMonitoringRead) }

// CanManage reports whether a may enter points and draft plans.
func CanManage(a risk.Actor) bool { return risk.Can(a, risk.PermMonitoringWrite) }

// CanApprove reports whether a may approve plans and add items to them.
func CanApprove(a risk.Actor) bool { return risk.Can(a, risk.PermMonitoringApprove) }

// CanSample reports whether a may record samples and their results.
func CanSample(a risk.Actor) bool { return risk.Can(a, risk.PermMonitoringSample) }

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

func (s *Service) read(a risk.Actor) error {
	if !CanRead(a) {
		return forbidden("无权查看风险监测。", "Not allowed to read risk monitoring.")
	}
	return nil
}

// CreatePoint enters a monitoring point.
func (s *Service) CreatePoint(ctx context.Context, a risk.Actor, in PointInput) (*Point, error) {
	if !CanManage(a) {
		return nil, forbidden("无权登记监测点。", "Not allowed to enter monitoring points.")
	}
	if err := in.Check(s.Sets); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	p := &Point{Code: in.Code, Name: in.Name, Type: in.Type, Prefecture: in.Prefecture, County: in.County, Address: in.Address,
		Lat: in.Lat, Lon: in.Lon, Commodities: in.Commodities, Dept: in.Dept, Status: in.Status, Rev: 1, CreatedAt: now, UpdatedAt: now}
	tzh, ten := p.Type.Label()
	ae := audit.New(a, "monitoring.point", "monitoring_point", 0,
		fmt.Sprintf("登记监测点 %s %s（%s） / monitoring point %s entered (%s)", p.Code, p.Name, tzh, p.Code, strings.ToLower(ten))).WithChange(nil, p)
	if err := s.Store.CreatePoint(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdatePoint edits a point under the revision read (rev; 0 skips the
// check): its name, type, place, commodities, department and status — a
// point suspended or closed can no longer be named in a plan, while the
// tasks and samples it has keep it. The code stays.
func (s *Service) UpdatePoint(ctx context.Context, a risk.Actor, id risk.ID, in PointInput, rev int) (*Point, error) {
	if !CanManage(a) {
		return nil, forbidden("无权修改监测点。", "Not allowed to edit monitoring points.")
	}
	old, err := s.Store.Point(ctx, id)
	if err != nil {
		return nil, err
	}
	if rev != 0 && rev != old.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("监测点已被他人修改，请刷新后重试。", "the point was changed by someone else; reload and try again.")}
	}
	if c := strings.TrimSpace(in.Code); c != "" && c != old.Code {
		return nil, risk.Invalid("code", "监测点编号不能修改。", "the code cannot be changed.")
	}
	in.Code = old.Code
	if in.Status == "" {
		in.Status = old.Status
	}
	if err := in.Check(s.Sets); err != nil {
		return nil, err
	}
	p := *old
	p.Name, p.Type, p.Prefecture, p.County, p.Address = in.Name, in.Type, in.Prefecture, in.County, in.Address
	p.Lat, p.Lon, p.Commodities, p.Dept, p.Status, p.UpdatedAt = in.Lat, in.Lon, in.Commodities, in.Dept, in.Status, s.Now().UTC()
	fzh, fen := old.Status.Label()
	tzh, ten := p.Status.Label()
	ae := audit.New(a, "monitoring.point.update", "monitoring_point", p.ID,
		fmt.Sprintf("修改监测点 %s %s（%s → %s） / monitoring point %s edited (%s → %s)", p.Code, p.Name, fzh, tzh, p.Code, strings.ToLower(fen), strings.ToLower(ten))).
		WithChange(old, &p)
	if err := s.Store.UpdatePoint(ctx, &p, ae); err != nil {
		return nil, err
	}
	return &p, nil
}

// Point returns a point.
func (s *Service) Point(ctx context.Context, a risk.Actor, id risk.ID) (*Point, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	return s.Store.Point(ctx, id)
}

// Points lists points.
func (s *Service) Points(ctx context.Context, a risk.Actor, f PointFilter) ([]*Point, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	if f.Type != "" {
		if zh, _ := f.Type.Label(); zh == string(f.Type) {
			v.Add("type", "监测点类型无效。", "unknown point type.")
		}
	}
	if f.Prefecture != "" && !IsPrefecture(f.Prefecture) {
		v.Add("prefecture", "市州代码无效。", "unknown prefecture.")
	}
	if f.Status != "" {
		if zh, _ := f.Status.Label(); zh == string(f.Status) {
			v.Add("status", "状态无效。", "unknown status.")
		}
	}
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.Points(ctx, f)
}

// pointsOf returns the points the items name, by ID.
func (s *Service) pointsOf(ctx context.Context, items []ItemInput) (map[risk.ID]*Point, error) {
	var ids []risk.ID
	for _, it := range items {
		ids = append(ids, it.Points...)
	}
	out := map[risk.ID]*Point{}
	if len(ids) == 0 {
		return out, nil
	}
	ps, _, err := s.Store.Points(ctx, PointFilter{IDs: ids, Paging: risk.Paging{Limit: len(ids)}})
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		out[p.ID] = p
	}
	return out, nil
}

// CreatePlan drafts a year's plan with its items.
func (s *Service) CreatePlan(ctx context.Context, a risk.Actor, in PlanInput) (*Plan, error) {
	if !CanManage(a) {
		return nil, forbidden("无权制定监测计划。", "Not allowed to draft monitoring plans.")
	}
	now := s.Now().UTC()
	var v risk.Validation
	in.Title = strings.TrimSpace(in.Title)
	if y := now.In(risk.China).Year(); in.Year < y-1 || in.Year > y+1 {
		v.Add("year", fmt.Sprintf("计划年度须为 %d–%d。", y-1, y+1), fmt.Sprintf("year must be %d–%d.", y-1, y+1))
	}
	v.Text("title", in.Title, MaxText, true, "计划名称", "the title")
	if len(in.Items) == 0 || len(in.Items) > MaxItems {
		v.Add("items", fmt.Sprintf("请填写 1–%d 个计划项目。", MaxItems), fmt.Sprintf("items must list 1–%d entries.", MaxItems))
	}
	points, err := s.pointsOf(ctx, in.Items)
	if err != nil {
		return nil, err
	}
	p := &Plan{Year: in.Year, Title: in.Title, Status: Draft, Version: 1, Dept: a.Dept, CreatedBy: a.Label(), Rev: 1, CreatedAt: now, UpdatedAt: now}
	for i := range in.Items {
		in.Items[i].check(&v, s.Sets, points, fmt.Sprintf("items[%d].", i))
		p.Items = append(p.Items, in.Items[i].item(i+1, 1))
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ae := audit.New(a, "monitoring.plan", "monitoring_plan", 0,
		fmt.Sprintf("制定 %d 年监测计划“%s”（%d 项） / %d monitoring plan drafted (%d items)", p.Year, p.Title, len(p.Items), p.Year, len(p.Items))).WithChange(nil, p)
	if err := s.Store.CreatePlan(ctx, p, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// tasksFor are the tasks of an item: one per point and period.
func tasksFor(p *Plan, it *Item) []*Task {
	var out []*Task
	for _, pid := range it.Points {
		for _, sp := range it.Period.Spans(p.Year) {
			out = append(out, &Task{PlanID: p.ID, ItemNo: it.No, PointID: pid, Commodity: it.Commodity, PeriodStart: sp.Start, PeriodEnd: sp.End,
				Quota: it.Quota, Dept: it.Dept, ReportDays: it.ReportDays})
		}
	}
	return out
}

// Approve approves a draft plan: the version is stored and the tasks
// generated, one per item, point and period.
func (s *Service) Approve(ctx context.Context, a risk.Actor, id risk.ID) (*Plan, error) {
	if !CanApprove(a) {
		return nil, forbidden("只有审批人可以批准监测计划。", "Only approvers approve monitoring plans.")
	}
	p, err := s.Store.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status != Draft {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "status", Message: risk.Bilingual("该计划已批准。", "the plan is approved already.")}
	}
	now := s.Now().UTC()
	next := *p
	next.Status, next.ApprovedBy, next.ApprovedAt, next.UpdatedAt = Approved, a.Label(), now, now
	var tasks []*Task
	for i := range next.Items {
		tasks = append(tasks, tasksFor(&next, &next.Items[i])...)
	}
	ver := &Version{PlanID: p.ID, Version: p.Version, Items: next.Items, Note: "批准计划 / Plan approved", By: a.Label(), At: now}
	ae := audit.New(a, "monitoring.plan.approve", "monitoring_plan", p.ID,
		fmt.Sprintf("批准 %d 年监测计划“%s”第 %d 版，生成 %d 项任务 / %d monitoring plan version %d approved, %d tasks", p.Year, p.Title, p.Version, len(tasks), p.Year, p.Version, len(tasks))).
		WithChange(map[string]any{"status": p.Status}, map[string]any{"status": next.Status, "version": next.Version, "tasks": len(tasks)})
	if err := s.Store.SavePlan(ctx, &next, ver, tasks, ae); err != nil {
		return nil, err
	}
	next.Rev++
	return &next, nil
}

// AddItem adds an item to a plan — a targeted spot check, usually. On an
// approved plan it is the approver's: the plan's version moves on and the
// item's tasks are generated at once; on a draft the officer's.
func (s *Service) AddItem(ctx context.Context, a risk.Actor, id risk.ID, in ItemInput) (*Plan, error) {
	p, err := s.Store.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	if p.Status == Approved && !CanApprove(a) {
		return nil, forbidden("只有审批人可以向已批准的计划增加项目。", "Only approvers add items to an approved plan.")
	}
	if p.Status == Draft && !CanManage(a) {
		return nil, forbidden("无权修改监测计划。", "Not allowed to edit monitoring plans.")
	}
	points, err := s.pointsOf(ctx, []ItemInput{in})
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	in.check(&v, s.Sets, points, "")
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	next := *p
	next.Items = append([]Item(nil), p.Items...)
	no := 1
	for _, it := range p.Items {
		no = max(no, it.No+1)
	}
	var ver *Version
	var tasks []*Task
	if p.Status == Approved {
		next.Version++
	}
	it := in.item(no, next.Version)
	next.Items = append(next.Items, it)
	next.UpdatedAt = now
	if p.Status == Approved {
		tasks = tasksFor(&next, &it)
		szh, sen := it.Source.Label()
		ver = &Version{PlanID: p.ID, Version: next.Version, Items: next.Items, Note: "增加" + szh + "项目 / Item added: " + strings.ToLower(sen), By: a.Label(), At: now}
	}
	czh, cen := CommodityName(it.Commodity)
	ae := audit.New(a, "monitoring.plan.item", "monitoring_plan", p.ID,
		fmt.Sprintf("监测计划“%s”增加第 %d 项：%s（第 %d 版） / plan item %d added: %s (version %d)", p.Title, it.No, czh, next.Version, it.No, cen, next.Version)).
		WithChange(nil, it)
	if err := s.Store.SavePlan(ctx, &next, ver, tasks, ae); err != nil {
		return nil, err
	}
	next.Rev++
	return &next, nil
}

// cal is the calendar deadlines count on.
func (s *Service) cal(ctx context.Context) (*calendar.Calendar, error) {
	if s.Calendar != nil {
		return s.Calendar.Calendar(ctx)
	}
	return calendar.Official()
}

// settle fills in each task's deadline and whether it is overdue on
// today's date. A deadline in a year the calendar does not know is left
// empty: such a task is not overdue yet (the calendar knows every year up
// to today's, or nothing is overdue).
func (s *Service) settle(ctx context.Context, tasks []*Task) error {
	c, err := s.cal(ctx)
	if err != nil {
		return err
	}
	today := s.Now().In(risk.China).Format("2006-01-02")
	for _, t := range tasks {
		end, err := time.ParseInLocation("2006-01-02", t.PeriodEnd, risk.China)
		if err != nil {
			return fmt.Errorf("monitoring: task %d: period end %q: %w", t.ID, t.PeriodEnd, err)
		}
		due, err := c.Add(end, t.ReportDays)
		if err != nil {
			continue
		}
		t.Due = due.Format("2006-01-02")
		t.Overdue = today > t.Due && !t.Done()
	}
	return nil
}

// Plan returns a plan with its completion per item, point and department.
func (s *Service) Plan(ctx context.Context, a risk.Actor, id risk.ID) (*Plan, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	p, err := s.Store.Plan(ctx, id)
	if err != nil {
		return nil, err
	}
	tasks, err := s.Store.Tasks(ctx, TaskFilter{PlanID: id})
	if err != nil {
		return nil, err
	}
	if err := s.settle(ctx, tasks); err != nil {
		return nil, err
	}
	Complete(p, tasks)
	return p, nil
}

// Plans lists plans, newest year first.
func (s *Service) Plans(ctx context.Context, a risk.Actor, f PlanFilter) ([]*Plan, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.Plans(ctx, f)
}

// Versions lists a plan's versions, oldest first.
func (s *Service) Versions(ctx context.Context, a risk.Actor, id risk.ID) ([]*Version, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	if _, err := s.Store.Plan(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.Versions(ctx, id)
}

// Tasks lists tasks with their deadlines; overdue keeps only the overdue
// ones.
func (s *Service) Tasks(ctx context.Context, a risk.Actor, f TaskFilter, overdue bool) ([]*Task, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	f.Approved = true
	tasks, err := s.Store.Tasks(ctx, f)
	if err != nil {
		return nil, err
	}
	if err := s.settle(ctx, tasks); err != nil {
		return nil, err
	}
	if !overdue {
		return tasks, nil
	}
	var out []*Task
	for _, t := range tasks {
		if t.Overdue {
			out = append(out, t)
		}
	}
	return out, nil
}

// Queue is what waits in monitoring for the workbench.
type Queue struct {
	Overdue int
}

// Queue counts the overdue tasks of a's department (every department's
// for those who see all).
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if !CanSample(a) && !CanManage(a) {
		return q, nil
	}
	f := TaskFilter{}
	if !a.SeesAll() {
		if a.Dept == "" {
			return q, nil
		}
		f.Dept = a.Dept
	}
	tasks, err := s.Tasks(ctx, a, f, true)
	q.Overdue = len(tasks)
	return q, err
}

// Sample returns a sample.
func (s *Service) Sample(ctx context.Context, a risk.Actor, id risk.ID) (*Sample, error) {
	if err := s.read(a); err != nil {
		return nil, err
	}
	return s.Store.Sample(ctx, id)
}

// Samples lists samples, newest first.
func (s *Service) Samples(ctx context.Context, a risk.Actor, f SampleFilter) ([]*Sample, int, error) {
	if err := s.read(a); err != nil {
		return nil, 0, err
	}
	var v risk.Validation
	if f.Conclusion != "" {
		if zh, _ := f.Conclusion.Label(); zh == string(f.Conclusion) {
			v.Add("conclusion", "结论无效。", "unknown conclusion.")
		}
	}
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.Samples(ctx, f)
}

// RecordSample records a sample taken for a plan item at one of its
// points, in the period its date falls in. A sample with a failed result
// raises a signal on the monitoring channel in the same transaction; its
// ID is the sample's SignalID.
func (s *Service) RecordSample(ctx context.Context, a risk.Actor, in SampleInput) (*Sample, error) {
	if !CanSample(a) {
		return nil, forbidden("无权录入监测样品。", "Not allowed to record monitoring samples.")
	}
	now := s.Now().UTC()
	var v risk.Validation
	in.Number, in.Product, in.Lot, in.Place, in.Lab = strings.TrimSpace(in.Number), strings.TrimSpace(in.Product), strings.TrimSpace(in.Lot), strings.TrimSpace(in.Place), strings.TrimSpace(in.Lab)
	in.EnterpriseUSCC = strings.ToUpper(strings.TrimSpace(in.EnterpriseUSCC))
	v.Text("number", in.Number, MaxNumber, true, "样品编号", "the sample number")
	v.Text("product", in.Product, MaxText, true, "样品名称", "the product")
	v.Text("lot", in.Lot, MaxLot, true, "批次", "the lot")
	v.Text("place", in.Place, MaxText, true, "抽样地点", "where it was taken")
	v.Text("lab", in.Lab, MaxText, true, "检测机构", "the laboratory")
	if in.EnterpriseUSCC != "" {
		if u, err := ident.ParseUSCC(in.EnterpriseUSCC); err != nil {
			v.AddErr("enterprise_uscc", err)
		} else {
			in.EnterpriseUSCC = string(u)
		}
	}
	hs := ""
	if c, err := ident.ParseHS(in.HSCode); err != nil {
		v.AddErr("hs_code", err)
	} else if err := s.Sets.HS.Check(c); err != nil {
		v.AddErr("hs_code", err)
	} else {
		hs = string(c)
	}
	switch {
	case in.TakenAt.IsZero():
		v.Add("taken_at", "请填写抽样时间。", "taken_at is required.")
	case in.TakenAt.After(now.Add(5 * time.Minute)):
		v.Add("taken_at", "抽样时间不能晚于当前时间。", "taken_at must not be in the future.")
	}
	var p *Plan
	var it *Item
	var pt *Point
	var task *Task
	if in.PlanID <= 0 {
		v.Add("plan_id", "请填写监测计划（plan_id）。", "plan_id is required.")
	} else if got, err := s.Store.Plan(ctx, in.PlanID); errors.Is(err, risk.ErrNotFound) {
		v.Add("plan_id", fmt.Sprintf("没有编号为 %d 的监测计划。", in.PlanID), fmt.Sprintf("there is no monitoring plan %d.", in.PlanID))
	} else if err != nil {
		return nil, err
	} else if got.Status != Approved {
		v.Add("plan_id", "该监测计划尚未批准，不能录入样品。", "the plan is not approved: no samples yet.")
	} else {
		p = got
	}
	if p != nil {
		if it = p.ItemNo(in.ItemNo); it == nil {
			v.Add("item_no", fmt.Sprintf("计划中没有第 %d 项。", in.ItemNo), fmt.Sprintf("the plan has no item %d.", in.ItemNo))
		} else if hs != "" && !it.Covers(hs) {
			czh, cen := CommodityName(it.Commodity)
			v.Add("hs_code", "HS 编码 "+hs+" 不属于计划项目的商品“"+czh+"”。", "HS code "+hs+" is not under the item's commodity “"+cen+"”.")
		}
	}
	if it != nil {
		if !containsID(it.Points, in.PointID) {
			v.Add("point_id", fmt.Sprintf("监测点 %d 不在计划第 %d 项的监测点中。", in.PointID, it.No), fmt.Sprintf("point %d is not one of the points of plan item %d.", in.PointID, it.No))
		} else if got, err := s.Store.Point(ctx, in.PointID); err != nil {
			return nil, err
		} else {
			pt = got
		}
	}
	if pt != nil && !in.TakenAt.IsZero() {
		day := in.TakenAt.In(risk.China).Format("2006-01-02")
		tasks, err := s.Store.Tasks(ctx, TaskFilter{PlanID: p.ID, PointID: pt.ID})
		if err != nil {
			return nil, err
		}
		for _, t := range tasks {
			if t.ItemNo == it.No && t.PeriodStart <= day && day <= t.PeriodEnd {
				task = t
			}
		}
		if task == nil {
			v.Add("taken_at", fmt.Sprintf("抽样日期 %s 不在 %d 年计划的抽样期内。", day, p.Year), fmt.Sprintf("%s is outside the %d plan's periods.", day, p.Year))
		}
	}
	conclusion := checkResults(&v, it, in.Results)
	if err := v.Err(); err != nil {
		return nil, err
	}
	smp := &Sample{Number: in.Number, PlanID: p.ID, ItemNo: it.No, TaskID: task.ID, PointID: pt.ID, PointName: pt.Name, Region: pt.County,
		Dept: it.Dept, Product: in.Product, HSCode: hs, Hazard: it.Hazard, Lot: in.Lot, EnterpriseUSCC: in.EnterpriseUSCC, Place: in.Place,
		TakenAt: in.TakenAt.UTC().Truncate(time.Microsecond), Lab: in.Lab, Results: in.Results, Conclusion: conclusion, CreatedBy: a.Label(), CreatedAt: now}
	if smp.Results == nil {
		smp.Results = []Result{}
	}
	smp.Warnings = []risk.ID{}
	if s.Warnings != nil {
		active, err := s.Warnings.ActiveWarnings(ctx)
		if err != nil {
			return nil, err
		}
		for _, w := range active {
			if w.Scope.Matches(smp.AsLot()) {
				smp.Warnings = append(smp.Warnings, w.ID)
			}
		}
	}
	czh, cen := smp.Conclusion.Label()
	entries := []audit.Entry{audit.New(a, "monitoring.sample", "monitoring_sample", 0,
		fmt.Sprintf("录入监测样品 %s：%s，%s / monitoring sample %s recorded: %s", smp.Number, smp.Product, czh, smp.Number, strings.ToLower(cen))).WithChange(nil, smp)}
	sig, err := s.raise(a, smp, &entries)
	if err != nil {
		return nil, err
	}
	if err := s.Store.RecordSample(ctx, smp, sig, entries); err != nil {
		return nil, err
	}
	return smp, nil
}

// ResultsInput is the results of a sample recorded without them.
type ResultsInput struct {
	Results []Result `json:"results"`
}

// SetResults records the results of a pending sample; a failure raises
// the signal as at recording.
func (s *Service) SetResults(ctx context.Context, a risk.Actor, id risk.ID, in ResultsInput) (*Sample, error) {
	if !CanSample(a) {
		return nil, forbidden("无权录入检测结果。", "Not allowed to record results.")
	}
	smp, err := s.Store.Sample(ctx, id)
	if err != nil {
		return nil, err
	}
	p, err := s.Store.Plan(ctx, smp.PlanID)
	if err != nil {
		return nil, err
	}
	if smp.Conclusion != Pending {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "results", Message: risk.Bilingual("该样品已有检测结果。", "the sample has its results already.")}
	}
	var v risk.Validation
	if len(in.Results) == 0 {
		v.Add("results", "请填写检测结果。", "results are required.")
	}
	next := *smp
	next.Results = in.Results
	next.Conclusion = checkResults(&v, p.ItemNo(smp.ItemNo), in.Results)
	if err := v.Err(); err != nil {
		return nil, err
	}
	czh, cen := next.Conclusion.Label()
	entries := []audit.Entry{audit.New(a, "monitoring.sample.results", "monitoring_sample", smp.ID,
		fmt.Sprintf("监测样品 %s 检测结果：%s / results of sample %s: %s", smp.Number, czh, smp.Number, strings.ToLower(cen))).
		WithChange(map[string]any{"conclusion": smp.Conclusion}, map[string]any{"conclusion": next.Conclusion, "results": next.Results})}
	sig, err := s.raise(a, &next, &entries)
	if err != nil {
		return nil, err
	}
	if err := s.Store.SetResults(ctx, &next, sig, entries); err != nil {
		return nil, err
	}
	return &next, nil
}

// raise prepares the signal a failed sample raises, through the signal
// service, and appends its audit entry; nil for a sample that did not
// fail.
func (s *Service) raise(a risk.Actor, smp *Sample, entries *[]audit.Entry) (*signal.Signal, error) {
	if smp.Conclusion != Fail || s.Signals == nil {
		return nil, nil
	}
	sig, ae, err := s.Signals.Prepare(a, signal.Input{Channel: Channel, ExternalRef: "sample:" + smp.Number, ReceivedAt: smp.TakenAt, Region: smp.Region,
		Product: signal.Product{HSCode: smp.HSCode, Name: smp.Product, Batch: smp.Lot, USCC: smp.EnterpriseUSCC},
		Hazard:  smp.Hazard, Description: Evidence(smp), Dept: smp.Dept})
	if err != nil {
		return nil, err
	}
	*entries = append(*entries, ae)
	return sig, nil
}

// Channel is the signal channel of monitoring samples (监测抽样结果).
const Channel = "monitoring-sample"

func containsID(ids []risk.ID, id risk.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}
