package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
)

// The monitoring forms: a point entered, a plan drafted, a sample
// recorded and a pending sample's results, server-rendered as the other
// forms are (refused input shown at its field, what was typed kept,
// nothing written).

// splitList splits a list of codes as typed: one a line, or separated by
// 、, commas or semicolons; blanks are left out.
func splitList(s string) []string {
	return split(s, func(r rune) bool {
		return r == '\n' || r == '\r' || r == '、' || r == ',' || r == '，' || r == ';' || r == '；'
	})
}

// splitEachLine splits a list of names as typed, one a line (a test item's
// name may hold commas and 、: "铅、镉溶出量").
func splitEachLine(s string) []string {
	return split(s, func(r rune) bool { return r == '\n' || r == '\r' })
}

func split(s string, sep func(rune) bool) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, sep) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// commodityCode is a commodity as typed into a form: a catalogue
// category's Chinese or English name stands for its code; anything else
// (an HS prefix, a code) is passed on as typed, to be checked.
func commodityCode(s string) string {
	s = strings.TrimSpace(s)
	for _, e := range (Page{}).Entries("categories") {
		if s == e.NameZh || strings.EqualFold(s, e.NameEn) {
			return e.Code
		}
	}
	return s
}

// commodityWord is a commodity as the form shows it: a catalogue
// category by its name in lang, an HS prefix as it is.
func commodityWord(code, lang string) string {
	for _, e := range (Page{}).Entries("categories") {
		if e.Code == code {
			if lang == "en" {
				return e.NameEn
			}
			return e.NameZh
		}
	}
	return code
}

// commodityCodes is commodityCode for each of a list.
func commodityCodes(list []string) []string {
	for i, c := range list {
		list[i] = commodityCode(c)
	}
	return list
}

// hunanPrefectures are the 市州 of Hunan in the regions catalogue.
func hunanPrefectures() []catalog.Entry {
	var out []catalog.Entry
	for _, e := range (Page{}).Entries("regions") {
		if e.Parent == "430000" {
			out = append(out, e)
		}
	}
	return out
}

// countiesOf are the county-level divisions of a 市州.
func countiesOf(pref string) []catalog.Entry {
	var out []catalog.Entry
	for _, e := range (Page{}).Entries("regions") {
		if e.Parent == pref {
			out = append(out, e)
		}
	}
	return out
}

// --- Points ---

type monitoringPointFormPage struct {
	Page
	Form
	Point    *monitoring.Point // the point edited; nil: a new one
	V        url.Values        // what was typed (empty for a new form)
	Types    []monitoring.PointType
	Statuses []monitoring.PointStatus
}

// Prefectures are the 市州 a point may lie in.
func (monitoringPointFormPage) Prefectures() []catalog.Entry { return hunanPrefectures() }

// Counties are the counties of a 市州, for the county select's groups.
func (monitoringPointFormPage) Counties(pref string) []catalog.Entry { return countiesOf(pref) }

var pointFormLabels = formLabels{"code": {"", "监测点编号", "Code"}, "name": {"", "名称", "Name"}, "type": {"", "类型", "Type"},
	"prefecture": {"", "市州", "Prefecture"}, "county": {"", "区县", "County"}, "address": {"", "地址", "Address"},
	"lat": {"", "纬度", "Latitude"}, "lon": {"", "经度", "Longitude"}, "commodities": {"", "监测商品", "Commodities"},
	"dept": {"", "负责部门", "Department"}, "status": {"", "状态", "Status"}}

func (s *Server) pointFormOf(r *http.Request, v url.Values) monitoringPointFormPage {
	return monitoringPointFormPage{Page: s.page(r, "登记监测点", "Enter a monitoring point"), V: v, Types: monitoring.PointTypes,
		Statuses: []monitoring.PointStatus{monitoring.PointActive, monitoring.PointSuspended, monitoring.PointClosed}}
}

// monitoringPointNew is the form that enters a point (officers).
func (s *Server) monitoringPointNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !monitoring.CanManage(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记监测点。 / Not allowed to enter monitoring points.")
	}
	return s.render(w, r, http.StatusOK, "monitoring_point_form.html", s.pointFormOf(r, url.Values{"dept": {actorOf(r).Dept}}))
}

// monitoringPointEdit is the form that edits a point (officers): the
// point's values, the code fixed.
func (s *Server) monitoringPointEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if !monitoring.CanManage(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权修改监测点。 / Not allowed to edit monitoring points.")
	}
	p, err := s.Monitoring.Point(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_point_form.html", s.pointEditOf(r, p, pointValues(p, s.page(r, "", "").Lang)))
}

// pointValues are a point's fields as the form types them (categories by
// their names in lang).
func pointValues(p *monitoring.Point, lang string) url.Values {
	words := make([]string, len(p.Commodities))
	for i, c := range p.Commodities {
		words[i] = commodityWord(c, lang)
	}
	return url.Values{"code": {p.Code}, "name": {p.Name}, "type": {string(p.Type)}, "prefecture": {p.Prefecture}, "county": {p.County},
		"address": {p.Address}, "lat": {strconv.FormatFloat(p.Lat, 'f', -1, 64)}, "lon": {strconv.FormatFloat(p.Lon, 'f', -1, 64)},
		"commodities": {strings.Join(words, "\n")}, "dept": {p.Dept}, "status": {string(p.Status)}, "rev": {strconv.Itoa(p.Rev)}}
}

func (s *Server) pointEditOf(r *http.Request, p *monitoring.Point, v url.Values) monitoringPointFormPage {
	pg := s.pointFormOf(r, v)
	pg.Page = s.page(r, "修改监测点："+p.Name, "Edit the point: "+p.Code)
	pg.Point = p
	return pg
}

// monitoringPointUpdate edits the point from the form.
func (s *Server) monitoringPointUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := pointInputOf(f)
	rev, _ := strconv.Atoi(f.Get("rev"))
	p, err := s.Monitoring.UpdatePoint(r.Context(), actorOf(r), id, in, rev)
	if err == nil {
		s.setFlash(w, r, "ok", risk.Bilingual("已修改监测点 "+p.Code+" "+p.Name+"。", "Monitoring point "+p.Code+" saved."))
		http.Redirect(w, r, "/monitoring/points", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, pointFormLabels, "point", f, "monitoring_point_form.html", func() (monitoringPointFormPage, error) {
		old, gerr := s.Monitoring.Point(r.Context(), actorOf(r), id)
		if gerr != nil {
			return monitoringPointFormPage{}, gerr
		}
		return s.pointEditOf(r, old, f), nil
	})
}

// pointInputOf reads the point form.
func pointInputOf(f url.Values) monitoring.PointInput {
	in := monitoring.PointInput{Code: f.Get("code"), Name: f.Get("name"), Type: monitoring.PointType(f.Get("type")), Prefecture: f.Get("prefecture"),
		County: f.Get("county"), Address: f.Get("address"), Commodities: commodityCodes(splitList(f.Get("commodities"))), Dept: f.Get("dept"),
		Status: monitoring.PointStatus(f.Get("status"))}
	// Coordinates that are not numbers stay 0, outside Hunan: refused at
	// their inputs by the point's check.
	in.Lat, _ = strconv.ParseFloat(strings.TrimSpace(f.Get("lat")), 64)
	in.Lon, _ = strconv.ParseFloat(strings.TrimSpace(f.Get("lon")), 64)
	return in
}

// monitoringPointCreate enters the point from the form.
func (s *Server) monitoringPointCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	p, err := s.Monitoring.CreatePoint(r.Context(), actorOf(r), pointInputOf(f))
	if err == nil {
		s.setFlash(w, r, "ok", risk.Bilingual("已登记监测点 "+p.Code+" "+p.Name+"。", "Monitoring point "+p.Code+" entered."))
		http.Redirect(w, r, "/monitoring/points", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, pointFormLabels, "point", f, "monitoring_point_form.html", func() (monitoringPointFormPage, error) {
		return s.pointFormOf(r, f), nil
	})
}

// --- Plans ---

// planRow is one item row of the plan form, as typed.
type planRow struct {
	Commodity, Hazard, TestItems, Quota, Period, Dept, ReportDays, Source string
	Points                                                                []string
}

func (r planRow) blank() bool {
	return r.Commodity == "" && r.Hazard == "" && r.TestItems == "" && r.Quota == "" && r.ReportDays == "" && len(r.Points) == 0
}

type monitoringPlanFormPage struct {
	Page
	Form
	Year, Title string
	Rows        []planRow
	Points      []*monitoring.Point // the active points
	Periods     []monitoring.Period
	Sources     []monitoring.Source
	DefaultDept string
}

// Chosen reports whether the point is among a row's.
func (monitoringPlanFormPage) Chosen(ids []string, id risk.ID) bool {
	return slices.Contains(ids, id.String())
}

// Blank rows the plan form shows beyond those filled.
const planBlankRows = 3

func (s *Server) planFormOf(r *http.Request, year, title string, rows []planRow, more int) (monitoringPlanFormPage, error) {
	a := actorOf(r)
	pts, _, err := s.Monitoring.Points(r.Context(), a, monitoring.PointFilter{Status: monitoring.PointActive, Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return monitoringPlanFormPage{}, err
	}
	p := monitoringPlanFormPage{Page: s.page(r, "起草监测计划", "Draft a monitoring plan"), Year: year, Title: title, Points: pts,
		Periods: []monitoring.Period{monitoring.Monthly, monitoring.Quarterly, monitoring.HalfYearly, monitoring.Yearly},
		Sources: []monitoring.Source{monitoring.Provincial, monitoring.National}, DefaultDept: a.Dept}
	p.Rows = slices.Clone(rows)
	for range planBlankRows + more {
		p.Rows = append(p.Rows, planRow{Dept: a.Dept, Source: string(monitoring.Provincial)})
	}
	return p, nil
}

// planInputOf reads the plan form: its non-blank rows, in order (the
// refused form shows them in that order, so that items[i] is row i).
func planInputOf(f url.Values) (monitoring.PlanInput, []planRow) {
	in := monitoring.PlanInput{Title: f.Get("title")}
	in.Year, _ = strconv.Atoi(strings.TrimSpace(f.Get("year")))
	n, _ := strconv.Atoi(f.Get("items_count"))
	n = min(max(n, 0), monitoring.MaxItems+planBlankRows*10)
	var rows []planRow
	for i := range n {
		get := func(k string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("items[%d].%s", i, k))) }
		row := planRow{Commodity: get("commodity"), Hazard: get("hazard"), TestItems: get("test_items"), Quota: get("quota"), Period: get("period"),
			Dept: get("dept"), ReportDays: get("report_days"), Source: get("source"), Points: f[fmt.Sprintf("items[%d].points", i)]}
		if row.blank() {
			continue
		}
		rows = append(rows, row)
		it := monitoring.ItemInput{Commodity: commodityCode(row.Commodity), Hazard: row.Hazard, TestItems: splitEachLine(row.TestItems), Period: monitoring.Period(row.Period),
			Dept: row.Dept, Source: monitoring.Source(row.Source)}
		for _, p := range row.Points {
			id, _ := risk.ParseID(p) // 0 when not an ID: no such point, refused at the row
			it.Points = append(it.Points, id)
		}
		// Numbers that do not parse are refused by the item's check.
		if row.Quota != "" {
			if it.Quota, _ = strconv.Atoi(row.Quota); it.Quota == 0 {
				it.Quota = -1
			}
		}
		if row.ReportDays != "" {
			if it.ReportDays, _ = strconv.Atoi(row.ReportDays); it.ReportDays == 0 {
				it.ReportDays = -1
			}
		}
		in.Items = append(in.Items, it)
	}
	return in, rows
}

// planFormLabels name the plan form's fields; an item's field is shown at
// its row's input ("items[1].quota" at #items[1].quota).
var planFormLabels = labelFunc(func(field string) (fieldLabel, bool) {
	switch field {
	case "year":
		return fieldLabel{"year", "计划年度", "Year"}, true
	case "title":
		return fieldLabel{"title", "计划名称", "Title"}, true
	case "items":
		return fieldLabel{"items[0].commodity", "计划项目", "Items"}, true
	}
	row, col, ok := strings.Cut(field, "].")
	if !ok || !strings.HasPrefix(row, "items[") {
		return fieldLabel{}, false
	}
	i, err := strconv.Atoi(strings.TrimPrefix(row, "items["))
	if err != nil {
		return fieldLabel{}, false
	}
	if j := strings.IndexByte(col, '['); j > 0 {
		col = col[:j] // items[0].points[2]: at the row's points
	}
	cols := map[string][2]string{"commodity": {"商品", "commodity"}, "hazard": {"危害", "hazard"}, "test_items": {"检测项目", "test items"},
		"points": {"监测点", "points"}, "quota": {"每点每期抽样数量", "quota"}, "period": {"周期", "period"}, "dept": {"负责部门", "department"},
		"report_days": {"结果报送时限", "report days"}, "source": {"来源", "source"}}
	c, ok := cols[col]
	if !ok {
		return fieldLabel{}, false
	}
	return fieldLabel{fmt.Sprintf("items[%d].%s", i, col), fmt.Sprintf("第 %d 项%s", i+1, c[0]), fmt.Sprintf("item %d, %s", i+1, c[1])}, true
})

// monitoringPlanNew is the form that drafts a plan (officers).
func (s *Server) monitoringPlanNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !monitoring.CanManage(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权制定监测计划。 / Not allowed to draft monitoring plans.")
	}
	year := strconv.Itoa(s.Monitoring.Now().In(risk.China).Year())
	p, err := s.planFormOf(r, year, "", nil, 0)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_plan_form.html", p)
}

// monitoringPlanCreate drafts the plan from the form; "more rows" shows
// the form again with blank rows added.
func (s *Server) monitoringPlanCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in, rows := planInputOf(f)
	if f.Get("action") == "more" {
		p, err := s.planFormOf(r, f.Get("year"), f.Get("title"), rows, planBlankRows)
		if err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "monitoring_plan_form.html", p)
	}
	p, err := s.Monitoring.CreatePlan(r.Context(), actorOf(r), in)
	if err == nil {
		s.setFlash(w, r, "ok", risk.Bilingual("已起草监测计划“"+p.Title+"”，待审批人批准。", "Plan “"+p.Title+"” drafted, awaiting approval."))
		http.Redirect(w, r, "/monitoring/plans/"+p.ID.String(), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, planFormLabels, "plan", f, "monitoring_plan_form.html", func() (monitoringPlanFormPage, error) {
		return s.planFormOf(r, f.Get("year"), f.Get("title"), rows, 0)
	})
}

// --- Samples ---

// resultRow is one test item's row of a results table, as typed.
type resultRow struct {
	TestItem, Value, Limit, Unit, Method, Conclusion string
}

func (r resultRow) blank() bool {
	return r.Value == "" && r.Limit == "" && r.Unit == "" && r.Method == "" && r.Conclusion == ""
}

// resultsOf reads a results table: one row per test item of the plan item
// (its test item fixed); blank rows are left out. kept[k] is the row of
// results[k].
func resultsOf(f url.Values, it *monitoring.Item) (rows []resultRow, rs []monitoring.Result, kept []int) {
	for i, ti := range it.TestItems {
		get := func(k string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("results[%d].%s", i, k))) }
		row := resultRow{TestItem: ti, Value: get("value"), Limit: get("limit"), Unit: get("unit"), Method: get("method"), Conclusion: get("conclusion")}
		rows = append(rows, row)
		if row.blank() {
			continue
		}
		rs = append(rs, monitoring.Result{TestItem: ti, Value: row.Value, Limit: row.Limit, Unit: row.Unit, Method: row.Method,
			Conclusion: monitoring.Conclusion(row.Conclusion)})
		kept = append(kept, i)
	}
	return rows, rs, kept
}

func blankResults(it *monitoring.Item) []resultRow {
	var rows []resultRow
	if it != nil {
		for _, ti := range it.TestItems {
			rows = append(rows, resultRow{TestItem: ti})
		}
	}
	return rows
}

// resultLabels name a results table's fields: results[k] is the row kept[k]
// shows.
func resultLabels(kept []int) labelFunc {
	return func(field string) (fieldLabel, bool) {
		if field == "results" {
			return fieldLabel{"results[0].value", "检测结果", "Results"}, true
		}
		row, col, ok := strings.Cut(field, "].")
		if !ok || !strings.HasPrefix(row, "results[") {
			return fieldLabel{}, false
		}
		k, err := strconv.Atoi(strings.TrimPrefix(row, "results["))
		if err != nil || k < 0 || k >= len(kept) {
			return fieldLabel{}, false
		}
		cols := map[string][2]string{"test_item": {"检测值", "value"}, "value": {"检测值", "value"}, "limit": {"限值", "limit"},
			"unit": {"单位", "unit"}, "method": {"方法或标准", "method"}, "conclusion": {"单项结论", "conclusion"}}
		c, ok := cols[col]
		if !ok {
			return fieldLabel{}, false
		}
		if col == "test_item" {
			col = "value"
		}
		i := kept[k]
		return fieldLabel{fmt.Sprintf("results[%d].%s", i, col), fmt.Sprintf("第 %d 个检测项目%s", i+1, c[0]), fmt.Sprintf("test item %d, %s", i+1, c[1])}, true
	}
}

var sampleFormLabels = formLabels{"number": {"", "样品编号", "Sample number"}, "plan_id": {"number", "监测计划", "Plan"},
	"item_no": {"number", "计划项目", "Plan item"}, "point_id": {"", "监测点", "Point"}, "product": {"", "样品名称", "Product"},
	"hs_code": {"", "HS 编码", "HS code"}, "lot": {"", "批次", "Lot"}, "enterprise_uscc": {"", "企业统一社会信用代码", "Enterprise USCC"},
	"place": {"", "抽样地点", "Where taken"}, "taken_at": {"", "抽样时间", "Taken at"}, "lab": {"", "检测机构", "Laboratory"}}

type monitoringSampleFormPage struct {
	Page
	Form
	Plan   *monitoring.Plan
	Item   *monitoring.Item
	Points []*monitoring.Point // the item's points
	V      url.Values
	Rows   []resultRow
}

// Conclusions are a result's conclusions.
func (monitoringSampleFormPage) Conclusions() []monitoring.Conclusion {
	return []monitoring.Conclusion{monitoring.Pass, monitoring.Fail}
}

// sampleFormOf is the form for a sample of the plan's item.
func (s *Server) sampleFormOf(r *http.Request, planID risk.ID, itemNo int, v url.Values, rows []resultRow) (monitoringSampleFormPage, error) {
	a := actorOf(r)
	p, err := s.Monitoring.Plan(r.Context(), a, planID)
	if err != nil {
		return monitoringSampleFormPage{}, err
	}
	if p.Status != monitoring.Approved {
		return monitoringSampleFormPage{}, risk.Invalid("plan", "该监测计划尚未批准，不能录入样品。", "the plan is not approved: no samples yet.")
	}
	it := p.ItemNo(itemNo)
	if it == nil {
		return monitoringSampleFormPage{}, risk.Errorf(risk.ErrNotFound, "计划中没有该项目。 / The plan has no such item.")
	}
	pts, _, err := s.Monitoring.Points(r.Context(), a, monitoring.PointFilter{IDs: it.Points, Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return monitoringSampleFormPage{}, err
	}
	if rows == nil {
		rows = blankResults(it)
	}
	return monitoringSampleFormPage{Page: s.page(r, "录入监测样品", "Record a monitoring sample"), Plan: p, Item: it, Points: pts, V: v, Rows: rows}, nil
}

// monitoringSampleNew is the form that records a sample for a plan item
// (?plan=&item=, and the task's point=): from a task row or the plan's
// page. Without a plan it sends the user to the tasks.
func (s *Server) monitoringSampleNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !monitoring.CanSample(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权录入监测样品。 / Not allowed to record monitoring samples.")
	}
	q := r.URL.Query()
	if q.Get("plan") == "" {
		http.Redirect(w, r, "/monitoring/tasks", http.StatusSeeOther)
		return nil
	}
	var v risk.Validation
	planID := risk.ID(intParam(q.Get("plan"), "plan", &v))
	itemNo := intParam(q.Get("item"), "item", &v)
	if err := v.Err(); err != nil {
		return err
	}
	p, err := s.sampleFormOf(r, planID, itemNo, url.Values{"point_id": {q.Get("point")}}, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_sample_form.html", p)
}

// takenAt reads the form's date and time taken (China's time).
func takenAt(v *risk.Validation, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{} // refused by the service, which requires it
	}
	t, err := time.ParseInLocation("2006-01-02T15:04", s, risk.China)
	if err != nil {
		v.Add("taken_at", "抽样时间格式无效。", "the time taken is not a valid date and time.")
	}
	return t
}

// monitoringSampleCreate records the sample from the form and shows it
// (with the signal it raised, when it failed).
func (s *Server) monitoringSampleCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	planID, _ := risk.ParseID(f.Get("plan_id"))
	itemNo, _ := strconv.Atoi(f.Get("item_no"))
	// The form is the plan item's: its test items make the results rows.
	view, err := s.sampleFormOf(r, planID, itemNo, f, nil)
	if err != nil {
		return err
	}
	rows, rs, kept := resultsOf(f, view.Item)
	var v risk.Validation
	in := monitoring.SampleInput{Number: f.Get("number"), PlanID: planID, ItemNo: itemNo, Product: f.Get("product"), HSCode: strings.TrimSpace(f.Get("hs_code")),
		Lot: f.Get("lot"), EnterpriseUSCC: f.Get("enterprise_uscc"), Place: f.Get("place"), TakenAt: takenAt(&v, f.Get("taken_at")), Lab: f.Get("lab"), Results: rs}
	in.PointID, _ = risk.ParseID(f.Get("point_id"))
	var smp *monitoring.Sample
	if err = v.Err(); err == nil {
		smp, err = s.Monitoring.RecordSample(r.Context(), actorOf(r), in)
	}
	if err == nil {
		s.sampleFlash(w, r, smp, "已录入监测样品 ", "Sample ", " recorded")
		http.Redirect(w, r, "/monitoring/samples/"+smp.ID.String(), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labelsAll{sampleFormLabels, resultLabels(kept)}, "sample", f, "monitoring_sample_form.html",
		func() (monitoringSampleFormPage, error) {
			view.Rows = rows
			return view, nil
		})
}

// sampleFlash says what became of a sample; a failure names its signal.
func (s *Server) sampleFlash(w http.ResponseWriter, r *http.Request, smp *monitoring.Sample, zh, en, enDone string) {
	czh, cen := smp.Conclusion.Label()
	msg := risk.Bilingual(zh+smp.Number+"："+czh+"。", en+smp.Number+enDone+": "+strings.ToLower(cen)+".")
	if smp.SignalID != 0 {
		msg = risk.Bilingual(zh+smp.Number+"：不合格，已生成风险信息 #"+smp.SignalID.String()+"。",
			en+smp.Number+enDone+": failed, signal #"+smp.SignalID.String()+" raised.")
	}
	s.setFlash(w, r, "ok", msg)
}

// sampleFilter reads a sample search from the query string.
func sampleFilter(q url.Values) (monitoring.SampleFilter, error) {
	var v risk.Validation
	f := monitoring.SampleFilter{PlanID: risk.ID(intParam(q.Get("plan"), "plan", &v)), ItemNo: intParam(q.Get("item"), "item", &v),
		PointID: risk.ID(intParam(q.Get("point"), "point", &v)), Conclusion: monitoring.Conclusion(q.Get("conclusion"))}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

type monitoringSamplesPage struct {
	listPage[monitoring.SampleFilter, *monitoring.Sample]
	Conclusions []monitoring.Conclusion
}

// monitoringSamples is /monitoring/samples: the samples, newest first, by
// plan and conclusion.
func (s *Server) monitoringSamples(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := sampleFilter(r.URL.Query())
	if err != nil {
		return err
	}
	items, total, err := s.Monitoring.Samples(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_samples.html", monitoringSamplesPage{
		listPage:    listPageOf(s.page(r, "监测样品", "Monitoring samples"), f, f.Paging, items, total),
		Conclusions: []monitoring.Conclusion{monitoring.Pending, monitoring.Pass, monitoring.Fail}})
}

type monitoringSamplePage struct {
	Page
	Form
	Sample *monitoring.Sample
	Plan   *monitoring.Plan
	Item   *monitoring.Item
	// CanResults: the sample is pending and the user may record its
	// results (the form's rows).
	CanResults bool
	Rows       []resultRow
}

// Conclusions are a result's conclusions.
func (monitoringSamplePage) Conclusions() []monitoring.Conclusion {
	return []monitoring.Conclusion{monitoring.Pass, monitoring.Fail}
}

func (s *Server) sampleView(r *http.Request, id risk.ID) (monitoringSamplePage, error) {
	a := actorOf(r)
	smp, err := s.Monitoring.Sample(r.Context(), a, id)
	if err != nil {
		return monitoringSamplePage{}, err
	}
	p, err := s.Monitoring.Plan(r.Context(), a, smp.PlanID)
	if err != nil {
		return monitoringSamplePage{}, err
	}
	pg := monitoringSamplePage{Page: s.page(r, "监测样品 "+smp.Number, "Monitoring sample "+smp.Number), Sample: smp, Plan: p, Item: p.ItemNo(smp.ItemNo)}
	if smp.Conclusion == monitoring.Pending && monitoring.CanSample(a) && pg.Item != nil {
		pg.CanResults, pg.Rows = true, blankResults(pg.Item)
	}
	return pg, nil
}

// monitoringSample is a sample's page: where and when it was taken, its
// results, the signal a failure raised, and for a pending sample the form
// that records its results.
func (s *Server) monitoringSample(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.sampleView(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "monitoring_sample.html", p)
}

// monitoringSampleResults records a pending sample's results from its
// page.
func (s *Server) monitoringSampleResults(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	f := r.PostForm
	view, err := s.sampleView(r, id)
	if err != nil {
		return err
	}
	var rows []resultRow
	var rs []monitoring.Result
	var kept []int
	if view.Item != nil {
		rows, rs, kept = resultsOf(f, view.Item)
	}
	smp, err := s.Monitoring.SetResults(r.Context(), actorOf(r), id, monitoring.ResultsInput{Results: rs})
	if err == nil {
		s.sampleFlash(w, r, smp, "已录入样品检测结果 ", "Results of sample ", " recorded")
		http.Redirect(w, r, "/monitoring/samples/"+id.String(), http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, resultLabels(kept), "results", f, "monitoring_sample.html", func() (monitoringSamplePage, error) {
		if view.CanResults {
			view.Rows = rows
		}
		return view, nil
	})
}
