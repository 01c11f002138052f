package web

import (
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

type recallListPage = listPage[recall.Filter, *recall.Recall]

// recallList is /recalls: the recalls the user may see, with their
// deadlines.
func (s *Server) recallList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := recallFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Recalls.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "缺陷召回", "Recalls"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "recalls.html", recallsPage{recallListPage: p, CanOpen: canOpenRecall(actorOf(r))})
}

type recallsPage struct {
	recallListPage
	CanOpen bool
}

func canOpenRecall(a risk.Actor) bool {
	return risk.Can(a, risk.PermRecallWrite) || a.Role == risk.RoleEnterprise && risk.Can(a, risk.PermRecallReport)
}

// recallAction is a button of the recall page.
type recallAction struct{ Code, Zh, En string }

type recallPage struct {
	Page
	Form
	R         *recall.Recall
	Actions   []recallAction
	CanPlan   bool
	CanReport bool
	Progress  []*recall.Progress
	Curve     map[string]any // the completion curve (ECharts)
	Effect    *recall.Effect
	History   []*audit.Entry
	// "Trace this lot": the lots the products name, and whether a may trace.
	CanTrace  bool
	TraceLots []string
}

func (s *Server) recallView(r *http.Request, id risk.ID) (recallPage, error) {
	a := actorOf(r)
	rc, err := s.Recalls.Get(r.Context(), a, id)
	if err != nil {
		return recallPage{}, err
	}
	p := recallPage{Page: s.page(r, "召回 "+strconv.Itoa(int(rc.ID)), "Recall "+strconv.Itoa(int(rc.ID))), R: rc}
	for _, act := range recall.Actions(a, rc) {
		zh, en := recall.ActionLabel(act)
		p.Actions = append(p.Actions, recallAction{act, zh, en})
	}
	_, planErr := recall.Machine.Step(string(rc.Status), recall.ActFilePlan)
	p.CanPlan = planErr == nil && recall.CanAct(a, rc, recall.ActFilePlan)
	p.CanReport = recall.CanReport(a, rc)
	p.CanTrace, p.TraceLots = trace.CanTrace(a), trace.RecallLots(rc)
	if p.Progress, err = s.Recalls.ProgressOf(r.Context(), a, id); err != nil {
		return recallPage{}, err
	}
	p.Curve = completionCurve(p.Page, rc, p.Progress)
	if a.IsOfficial() {
		if p.Effect, err = s.Recalls.EffectOf(r.Context(), rc, p.Progress); err != nil {
			return recallPage{}, err
		}
	}
	// The history of a record is part of it: whoever may read the recall
	// reads who did what to it.
	if p.History, err = s.Audit.History(r.Context(), []audit.Ref{{Entity: "recall", ID: rc.ID}}, 50); err != nil {
		return recallPage{}, err
	}
	return p, nil
}

// recallShow is a recall's page.
func (s *Server) recallShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.recallView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "recall.html", p)
}

// recallPlanLabels and recallActLabels name the fields of the page's forms.
var recallPlanLabels = formLabels{
	"remedy":            {"", "召回措施", "Remedy"},
	"start_date":        {"", "开始日期", "Start date"},
	"completion_date":   {"", "计划完成日期", "Completion date"},
	"target_completion": {"", "目标完成率", "Target completion"},
	"notice":            {"", "召回公告", "Notice"},
	"channels":          {"", "通知方式", "Channels"},
	"rev":               {"plan-submit", "版本", "Revision"},
}

var recallProgressLabels = formLabels{
	"as_of":        {"", "截至日期", "As of"},
	"located":      {"", "已查明", "Located"},
	"corrected":    {"", "已修理、更换或退款", "Corrected"},
	"returned":     {"", "已退回", "Returned"},
	"destroyed":    {"", "已销毁", "Destroyed"},
	"by_channel":   {"ch_consumers", "按渠道", "By channel"},
	"by_region":    {"region_code", "按地区", "By region"},
	"note":         {"progress_note", "说明", "Note"},
	"status":       {"progress-submit", "状态", "Status"},
	"region_units": {"region_code", "按地区", "By region"},
	"rev":          {"progress-submit", "版本", "Revision"},
}

// completionCurve is the recall's completion over its reports against
// the plan's target, for ECharts (nil without reports).
func completionCurve(p Page, r *recall.Recall, ps []*recall.Progress) map[string]any {
	if len(ps) == 0 {
		return nil
	}
	var xs []string
	var ys, target []float64
	for _, pr := range ps {
		xs = append(xs, pr.AsOf)
		ys = append(ys, math.Round(1000*pr.Completion)/10)
		if r.Plan != nil {
			target = append(target, math.Round(1000*r.Plan.TargetCompletion)/10)
		}
	}
	series := []map[string]any{{"name": p.T("完成率", "Completion"), "type": "line", "data": ys, "areaStyle": map[string]any{}}}
	if target != nil {
		series = append(series, map[string]any{"name": p.T("目标", "Target"), "type": "line", "data": target, "lineStyle": map[string]any{"type": "dashed"}, "symbol": "none"})
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{},
		"xAxis":   map[string]any{"type": "category", "data": xs},
		"yAxis":   map[string]any{"type": "value", "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"series":  series,
	}
}

var recallActLabels = formLabels{"note": {"", "说明", "Note"}, "action": {"note", "操作", "Action"}, "rev": {"note", "版本", "Revision"}}

// recallPost takes the page's forms: the plan, or an action.
func (s *Server) recallPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	var form string
	var labels formLabels
	if f.Get("form") == "progress" {
		form, labels = "progress", recallProgressLabels
		var v risk.Validation
		n := func(name string) int64 { return int64(formInt(&v, name, f.Get(name), "数量", "A quantity")) }
		in := recall.ProgressInput{AsOf: f.Get("as_of"), Located: n("located"), Corrected: n("corrected"), Returned: n("returned"),
			Destroyed: n("destroyed"), Note: f.Get("progress_note"), ByChannel: map[string]int64{}}
		for _, c := range recall.Channels {
			if v := n("ch_" + c); v != 0 {
				in.ByChannel[c] = v
			}
		}
		if code := strings.TrimSpace(f.Get("region_code")); code != "" {
			in.ByRegion = map[string]int64{code: n("region_units")}
		}
		if err = v.Err(); err == nil {
			_, err = s.Recalls.Report(r.Context(), actorOf(r), id, in)
		}
	} else if f.Get("form") == "plan" {
		form, labels = "plan", recallPlanLabels
		target, perr := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(f.Get("target_completion")), "%"), 64)
		if perr == nil && target > 1 {
			target /= 100 // typed as a percentage
		}
		_, err = s.Recalls.FilePlan(r.Context(), actorOf(r), id, recall.PlanInput{Remedy: recall.Remedy(f.Get("remedy")),
			StartDate: f.Get("start_date"), CompletionDate: f.Get("completion_date"), TargetCompletion: target,
			Notice: f.Get("notice"), Channels: f.Get("channels"), Rev: rev})
	} else {
		form, labels = "act", recallActLabels
		_, err = s.Recalls.Act(r.Context(), actorOf(r), id, f.Get("action"), f.Get("note"), rev)
	}
	if err == nil {
		http.Redirect(w, r, "/recalls/"+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labels, form, f, "recall.html", func() (recallPage, error) { return s.recallView(r, id) })
}

type recallFormPage struct {
	Page
	Form
	OwnUSCC string // a firm opens its own recalls only
}

var recallFormLabels = formLabels{
	"kind":            {"", "召回类型", "Kind"},
	"enterprise_uscc": {"", "生产者或进口商统一社会信用代码", "Producer's or importer's USCC"},
	"products":        {"product_name", "产品", "Product"},
	"products.name":   {"product_name", "产品名称", "Product name"},
	"defect":          {"", "缺陷描述", "Defect"},
	"cause":           {"", "缺陷原因", "Cause"},
	"incidents":       {"", "投诉和事故情况", "Complaints and incidents"},
	"trigger":         {"", "报告事由", "What set the clock running"},
	"aware_on":        {"", "获知日期", "Learned of it on"},
}

// recallFormLabel names the product fields ("products[0].hs_code") too.
var recallFormLabel = labelsAll{recallFormLabels, labelFunc(func(field string) (fieldLabel, bool) {
	_, sub, ok := strings.Cut(field, "].")
	if !ok || !strings.HasPrefix(field, "products[") {
		return fieldLabel{}, false
	}
	names := map[string]fieldLabel{
		"name": {"product_name", "产品名称", "Product name"}, "brand": {"product_brand", "品牌", "Brand"}, "model": {"product_model", "型号", "Model"},
		"batch": {"product_batch", "批次", "Batch"}, "gtin": {"product_gtin", "商品条码", "GTIN"}, "hs_code": {"product_hs_code", "HS 编码", "HS code"},
		"quantity_made": {"product_made", "生产数量", "Quantity made"}, "quantity_sold": {"product_sold", "销售数量", "Quantity sold"},
		"quantity_in_chain": {"product_in_chain", "供应链中数量", "In the supply chain"},
		"produced_from":     {"product_from", "生产日期自", "Produced from"}, "produced_to": {"product_to", "生产日期至", "Produced to"},
	}
	l, ok := names[sub]
	return l, ok
})}

func (s *Server) recallFormPageOf(r *http.Request) (recallFormPage, error) {
	a := actorOf(r)
	p := recallFormPage{Page: s.page(r, "登记召回", "Open a recall")}
	if a.Role == risk.RoleEnterprise && a.EnterpriseID != 0 {
		e, err := s.Enterprises.Get(r.Context(), a, a.EnterpriseID)
		if err != nil {
			return p, err
		}
		p.OwnUSCC = e.USCC
	}
	return p, nil
}

// recallNew shows the form that opens a recall.
func (s *Server) recallNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !canOpenRecall(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记召回。 / Not allowed to open a recall.")
	}
	p, err := s.recallFormPageOf(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "recall_form.html", p)
}

// recallCreate opens a recall from the form (one product; more through the
// API).
func (s *Server) recallCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	var v risk.Validation
	qty := func(name string) int64 { return int64(formInt(&v, name, f.Get(name), "数量", "A quantity")) }
	p0 := recall.Product{Name: f.Get("product_name"), Brand: f.Get("product_brand"), Model: f.Get("product_model"), Batch: f.Get("product_batch"),
		GTIN: f.Get("product_gtin"), HSCode: f.Get("product_hs_code"), ProducedFrom: f.Get("product_from"), ProducedTo: f.Get("product_to"),
		Made: qty("product_made"), Sold: qty("product_sold"), InChain: qty("product_in_chain")}
	in := recall.Input{Kind: recall.Kind(f.Get("kind")), EnterpriseUSCC: f.Get("enterprise_uscc"), Products: []recall.Product{p0},
		Defect: f.Get("defect"), Cause: f.Get("cause"), Incidents: f.Get("incidents"), Trigger: f.Get("trigger"), AwareOn: f.Get("aware_on")}
	err := v.Err()
	var rc *recall.Recall
	if err == nil {
		rc, err = s.Recalls.Open(r.Context(), actorOf(r), in)
	}
	if err == nil {
		http.Redirect(w, r, "/recalls/"+strconv.Itoa(int(rc.ID)), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, recallFormLabel, "open", url.Values(f), "recall_form.html", func() (recallFormPage, error) { return s.recallFormPageOf(r) })
}
