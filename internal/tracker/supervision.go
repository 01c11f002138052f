package tracker

import (
	"context"
	"fmt"
	"strings"

	"riskgate/internal/report"
	"riskgate/internal/risk"
)

// Supervision is the 督查 report for the leading group: every task's
// progress and overdue flag, the items' figures, the overdue reports and
// the reports received, as a document in PDF and XLSX.
func (s *Service) Supervision(ctx context.Context, a risk.Actor) (*report.Document, error) {
	if !CanSupervise(a) {
		return nil, forbidden("无权生成督查报告。", "Not allowed to draw the supervision report.")
	}
	o, err := s.overview(ctx, true)
	if err != nil {
		return nil, err
	}
	return SupervisionOf(o), nil
}

// SupervisionOf lays an overview out as the 督查 report.
func SupervisionOf(o *Overview) *report.Document {
	first, _ := mustQuarter(o.Rounds[0]).Label()
	last, _ := mustQuarter(o.Rounds[len(o.Rounds)-1]).Label()
	at := o.At.In(risk.China)
	d := &report.Document{
		TitleZh:   "湘政发〔2019〕4号实施方案任务落实情况督查报告",
		TitleEn:   "Supervision report: implementation of the tasks of Xiang Zheng Fa [2019] No. 4",
		Generated: o.At,
	}
	sum, overdueTasks := 0, 0
	for _, t := range o.Tasks {
		sum += t.Progress
		if t.Overdue {
			overdueTasks++
		}
	}
	dues := o.OverdueDues()
	d.Lines = []string{
		fmt.Sprintf("跟踪期 %s至%s，指标自 %s 起计，截至 %s。", first, last, o.Since.In(risk.China).Format("2006-01-02"), at.Format("2006-01-02 15:04")),
		fmt.Sprintf("主要任务 18 项、保障措施 3 项，平均进度 %d%%；%d 项有逾期未报的季度进展，逾期未报 %d 份。", (sum+len(o.Tasks)/2)/len(o.Tasks), overdueTasks, len(dues)),
		fmt.Sprintf("18 main tasks and 3 safeguards, mean progress %d%%; %d with quarterly reports overdue, %d reports overdue.", (sum+len(o.Tasks)/2)/len(o.Tasks), overdueTasks, len(dues)),
	}
	yes := func(b bool) string {
		if b {
			return "是 Yes"
		}
		return "否 No"
	}
	var tasks, items, overdue, reports [][]string
	for _, t := range o.Tasks {
		zh, _ := t.Label()
		lead := t.Lead().NameZh
		if !t.LeadNamed {
			lead += "（首列）"
		}
		var sup []string
		for _, u := range t.Supporting() {
			sup = append(sup, u.NameZh)
		}
		tasks = append(tasks, []string{zh, t.Title, lead, strings.Join(sup, "、"), fmt.Sprintf("%d%%", t.Progress), yes(t.Overdue)})
		for _, f := range t.Figures {
			val, target, att := fmt.Sprint(f.Value), fmt.Sprint(f.Item.Target), fmt.Sprintf("%d%%", f.Attained)
			if f.Item.Percent() {
				val, target = fmt.Sprintf("%d%%", f.Value), fmt.Sprintf("%d%%", f.Item.Target)
			}
			if !f.Basis {
				val, att = "—", "—"
			}
			items = append(items, []string{zh, f.Item.NameZh, val, target, att})
		}
		for _, r := range t.Reports {
			u, _ := t.Unit(r.Unit)
			qzh, _ := mustQuarter(r.Quarter).Label()
			when := r.SubmittedAt.In(risk.China).Format("2006-01-02")
			if r.Late {
				when += "（逾期）"
			}
			reports = append(reports, []string{zh, u.NameZh, qzh, when, r.Progress})
		}
	}
	for _, due := range dues {
		t, _ := FindTask(due.Task)
		zh, _ := t.Label()
		qzh, _ := mustQuarter(due.Quarter).Label()
		overdue = append(overdue, []string{zh, due.Unit.NameZh, qzh, due.LastDay().Format("2006-01-02")})
	}
	d.Tables = []report.Table{
		{Title: "一、任务进展 Tasks", Sheet: "任务进展", Head: []string{"序号 No.", "任务 Task", "牵头单位 Lead", "配合单位 Supporting", "进度 %", "逾期 Late"},
			Widths: []float64{26, 46, 36, 48, 16, 18}, Rows: tasks},
		{Title: "二、量化指标 Measurable items", Sheet: "量化指标", Head: []string{"序号 No.", "指标 Item", "完成 Figure", "目标 Target", "完成率 Attained"},
			Widths: []float64{26, 86, 24, 24, 30}, Rows: items},
		{Title: "三、逾期未报 Overdue reports", Sheet: "逾期未报", Head: []string{"序号 No.", "单位 Unit", "季度 Quarter", "截止日期 Due by"},
			Widths: []float64{30, 80, 40, 40}, Rows: overdue},
		{Title: "四、季度进展报告 Quarterly reports", Sheet: "季度进展", Head: []string{"序号 No.", "单位 Unit", "季度 Quarter", "报送 Submitted", "工作进展 Progress"},
			Widths: []float64{26, 40, 30, 30, 64}, Rows: reports},
	}
	return d
}

func mustQuarter(s string) Quarter {
	q, _ := ParseQuarter(s)
	return q
}
