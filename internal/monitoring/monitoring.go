package monitoring

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// PointType is the kind of a monitoring point. Values are stored.
type PointType string

// Point types.
const (
	Port        PointType = "port"
	Market      PointType = "market"
	Factory     PointType = "factory"
	CrossBorder PointType = "cbec"        // cross-border e-commerce hub (跨境电商)
	Procurement PointType = "procurement" // market-procurement hub (市场采购)
	Hospital    PointType = "hospital"    // sentinel hospital (哨点医院)
)

// PointTypes lists the types in the order pages offer them.
var PointTypes = []PointType{Port, Market, Factory, CrossBorder, Procurement, Hospital}

var typeLabels = risk.Labels{string(Port): {"口岸", "Port"}, string(Market): {"市场", "Market"}, string(Factory): {"生产企业", "Factory"},
	string(CrossBorder): {"跨境电商监管中心", "Cross-border e-commerce hub"}, string(Procurement): {"市场采购集聚区", "Market-procurement hub"},
	string(Hospital): {"哨点医院", "Sentinel hospital"}}

// Label names the type.
func (t PointType) Label() (zh, en string) { return typeLabels.Of(string(t)) }

// PointStatus is whether a point takes samples. Values are stored.
type PointStatus string

// Point statuses.
const (
	PointActive    PointStatus = "active"
	PointSuspended PointStatus = "suspended"
	PointClosed    PointStatus = "closed"
)

var pointStatusLabels = risk.Labels{string(PointActive): {"运行中", "Active"}, string(PointSuspended): {"暂停", "Suspended"},
	string(PointClosed): {"已撤销", "Closed"}}

// Label names the status.
func (s PointStatus) Label() (zh, en string) { return pointStatusLabels.Of(string(s)) }

// Point is one monitoring point of the network.
type Point struct {
	ID   risk.ID   `json:"id"`
	Code string    `json:"code"` // the province's number for the point, unique
	Name string    `json:"name"`
	Type PointType `json:"type"`
	// Prefecture is the 市州 (GB/T 2260, 4301xx → 430100), County the
	// county-level division inside it.
	Prefecture string  `json:"prefecture"`
	County     string  `json:"county"`
	Address    string  `json:"address,omitempty"`
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	// Commodities are what the point watches: HS prefixes (digits) or
	// catalogue categories (codes).
	Commodities []string    `json:"commodities"`
	Dept        string      `json:"dept"`
	Status      PointStatus `json:"status"`
	Rev         int         `json:"rev"`
	CreatedAt   time.Time   `json:"created_at"`
	UpdatedAt   time.Time   `json:"updated_at"`
}

// TypeName and StatusName are the type and status in words.
func (p *Point) TypeName() risk.Labeled { return p.Type }

// StatusName is the status in words.
func (p *Point) StatusName() risk.Labeled { return p.Status }

// PointInput is a point as entered.
type PointInput struct {
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Type        PointType   `json:"type"`
	Prefecture  string      `json:"prefecture"`
	County      string      `json:"county"`
	Address     string      `json:"address,omitempty"`
	Lat         float64     `json:"lat"`
	Lon         float64     `json:"lon"`
	Commodities []string    `json:"commodities"`
	Dept        string      `json:"dept"`
	Status      PointStatus `json:"status,omitempty"`
}

// Hunan's extent, a little generous: a point outside it is a typo.
const (
	minLat, maxLat = 24.5, 30.3
	minLon, maxLon = 108.7, 114.4
)

// Limits of input.
const (
	MaxText        = 200
	MaxNote        = 2000
	MaxCommodities = 50
	MaxItems       = 200
	MaxTestItems   = 50
	MaxPoints      = 200
	MaxQuota       = 1000
	MaxReportDays  = 60
	MaxCode        = 40  // a point's code
	MaxNumber      = 60  // a sample number
	MaxLot         = 100 // a sample's lot
	MaxValue       = 100 // a result's value and limit
	MaxUnit        = 40  // a result's unit
	// DefaultReportDays is how many working days after its period a
	// task's results are due, unless the item says otherwise.
	DefaultReportDays = 10
)

// regions is the regions catalogue by code, for 市州 and county checks.
var regions = sync.OnceValue(func() map[string]catalog.Entry {
	m := map[string]catalog.Entry{}
	if t, err := catalog.BuiltinTable("regions"); err == nil {
		for _, e := range t.Entries {
			m[e.Code] = e
		}
	}
	return m
})

// categories is the categories catalogue by code.
var categories = sync.OnceValue(func() map[string]catalog.Entry {
	m := map[string]catalog.Entry{}
	if t, err := catalog.BuiltinTable("categories"); err == nil {
		for _, e := range t.Entries {
			m[e.Code] = e
		}
	}
	return m
})

// hazards is the hazards catalogue's codes.
var hazards = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	if t, err := catalog.BuiltinTable("hazards"); err == nil {
		for _, e := range t.Entries {
			m[e.Code] = true
		}
	}
	return m
})

// IsPrefecture reports whether code is a 市州 of Hunan.
func IsPrefecture(code string) bool {
	e, ok := regions()[code]
	return ok && e.Parent == "430000"
}

// CheckPlace checks a 市州 and a county in it, naming the fields.
func CheckPlace(v *risk.Validation, prefecture, county string) {
	if !IsPrefecture(prefecture) {
		v.Add("prefecture", "市州代码 "+prefecture+" 不是湖南省的市州（如 430100 长沙市）。", "prefecture "+prefecture+" is not a prefecture of Hunan (e.g. 430100 Changsha).")
		return
	}
	if e, ok := regions()[county]; !ok || e.Parent != prefecture {
		zh, en := catalog.Label("regions", prefecture)
		v.Add("county", "区县代码 "+county+" 不是"+zh+"的区县。", "county "+county+" is not a county of "+en+".")
	}
}

// CommodityHS returns the HS prefixes a commodity stands for: itself when
// it is an HS prefix, the category's headings when it is a category.
func CommodityHS(c string) []string {
	if isDigits(c) {
		return []string{c}
	}
	if e, ok := categories()[c]; ok {
		return strings.Fields(e.Attrs["hs"])
	}
	return nil
}

// CommodityName names a commodity: the category's or the HS line's name.
func CommodityName(c string) (zh, en string) {
	if isDigits(c) {
		zh, en = catalog.Label("hs", c)
		if zh == c {
			return "HS " + c, "HS " + c
		}
		return "HS " + c + " " + zh, "HS " + c + " " + en
	}
	return catalog.Label("categories", c)
}

// Commodity is a commodity code shown in words on pages.
type Commodity string

// Label names the commodity.
func (c Commodity) Label() (zh, en string) { return CommodityName(string(c)) }

// checkCommodity checks an HS prefix (known to the HS set) or a category
// code, naming field.
func checkCommodity(v *risk.Validation, sets *catalog.Sets, field, c string) string {
	c = strings.TrimSpace(c)
	if c == "" {
		v.Add(field, "请填写商品（HS 编码或目录类别）。", "the commodity (an HS code or a catalogue category) is required.")
		return c
	}
	if t := strings.ReplaceAll(c, ".", ""); isDigits(t) {
		hs, err := ident.ParseHS(t)
		if err == nil && sets != nil {
			err = sets.HS.Check(hs)
		}
		if err != nil {
			v.AddErr(field, err)
			return c
		}
		return string(hs)
	}
	if _, ok := categories()[c]; !ok {
		v.Add(field, "商品类别 "+c+" 不在目录中，也不是 HS 编码。", "commodity "+c+" is neither a catalogue category nor an HS code.")
	}
	return c
}

// Check validates a point, naming each bad field.
func (in *PointInput) Check(sets *catalog.Sets) error {
	var v risk.Validation
	in.Code, in.Name, in.Address = strings.TrimSpace(in.Code), strings.TrimSpace(in.Name), strings.TrimSpace(in.Address)
	in.Prefecture, in.County, in.Dept = strings.TrimSpace(in.Prefecture), strings.TrimSpace(in.County), strings.TrimSpace(in.Dept)
	v.Text("code", in.Code, MaxCode, true, "监测点编号", "the point's code")
	v.Text("name", in.Name, MaxText, true, "监测点名称", "the name")
	v.Text("address", in.Address, MaxText, false, "地址", "the address")
	if !slices.Contains(PointTypes, in.Type) {
		v.Add("type", "类型只能是 port、market、factory、cbec、procurement 或 hospital。", "type must be port, market, factory, cbec, procurement or hospital.")
	}
	CheckPlace(&v, in.Prefecture, in.County)
	if in.Lat < minLat || in.Lat > maxLat {
		v.Add("lat", fmt.Sprintf("纬度须在湖南省范围内（%.1f–%.1f）。", minLat, maxLat), fmt.Sprintf("lat must lie in Hunan (%.1f–%.1f).", minLat, maxLat))
	}
	if in.Lon < minLon || in.Lon > maxLon {
		v.Add("lon", fmt.Sprintf("经度须在湖南省范围内（%.1f–%.1f）。", minLon, maxLon), fmt.Sprintf("lon must lie in Hunan (%.1f–%.1f).", minLon, maxLon))
	}
	if len(in.Commodities) == 0 || len(in.Commodities) > MaxCommodities {
		v.Add("commodities", fmt.Sprintf("请填写 1–%d 项监测商品。", MaxCommodities), fmt.Sprintf("commodities must list 1–%d entries.", MaxCommodities))
	}
	for i, c := range in.Commodities {
		in.Commodities[i] = checkCommodity(&v, sets, fmt.Sprintf("commodities[%d]", i), c)
	}
	checkDept(&v, sets, "dept", in.Dept)
	switch in.Status {
	case "":
		in.Status = PointActive
	case PointActive, PointSuspended, PointClosed:
	default:
		v.Add("status", "状态只能是 active、suspended 或 closed。", "status must be active, suspended or closed.")
	}
	return v.Err()
}

func checkDept(v *risk.Validation, sets *catalog.Sets, field, d string) {
	if d == "" {
		v.Add(field, "请填写负责部门。", "the responsible department is required.")
	} else if sets != nil && !sets.Depts[d] {
		v.Add(field, "部门代码 "+d+" 不在目录中。", "department "+d+" is not in the catalogue.")
	}
}

// Period is how often an item's points sample. Values are stored.
type Period string

// Periods.
const (
	Monthly    Period = "month"
	Quarterly  Period = "quarter"
	HalfYearly Period = "half"
	Yearly     Period = "year"
)

var periodLabels = risk.Labels{string(Monthly): {"每月", "Monthly"}, string(Quarterly): {"每季度", "Quarterly"},
	string(HalfYearly): {"每半年", "Half-yearly"}, string(Yearly): {"每年", "Yearly"}}

// Label names the period.
func (p Period) Label() (zh, en string) { return periodLabels.Of(string(p)) }

// months is the length of a period in months (0: not a period).
func (p Period) months() int {
	return map[Period]int{Monthly: 1, Quarterly: 3, HalfYearly: 6, Yearly: 12}[p]
}

// Span is one period of a year: its first and last day (YYYY-MM-DD).
type Span struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// Spans returns the periods of year, in order.
func (p Period) Spans(year int) []Span {
	m := p.months()
	if m == 0 {
		return nil
	}
	var out []Span
	for first := 1; first <= 12; first += m {
		s := time.Date(year, time.Month(first), 1, 0, 0, 0, 0, time.UTC)
		out = append(out, Span{s.Format("2006-01-02"), s.AddDate(0, m, -1).Format("2006-01-02")})
	}
	return out
}

// Source is where a plan item comes from. Values are stored.
type Source string

// Sources.
const (
	National   Source = "national"   // the national plan's framework item
	Provincial Source = "provincial" // the province's own
	SpotCheck  Source = "spot-check" // a targeted spot check (重点抽查)
)

var sourceLabels = risk.Labels{string(National): {"国家计划", "National plan"}, string(Provincial): {"本省项目", "Provincial"},
	string(SpotCheck): {"重点抽查", "Targeted spot check"}}

// Label names the source.
func (s Source) Label() (zh, en string) { return sourceLabels.Of(string(s)) }

// Item is one line of a plan.
type Item struct {
	No        int       `json:"no"` // 1, 2, … in the plan; stable across versions
	Commodity string    `json:"commodity"`
	Hazard    string    `json:"hazard"`
	TestItems []string  `json:"test_items"`
	Points    []risk.ID `json:"points"`
	// Quota is the number of samples each point takes each period.
	Quota  int    `json:"quota"`
	Period Period `json:"period"`
	Dept   string `json:"dept"`
	// ReportDays: the results are due this many working days after each
	// period ends.
	ReportDays int    `json:"report_days"`
	Source     Source `json:"source"`
	// Evidence is why a targeted spot check was added.
	Evidence   string      `json:"evidence,omitempty"`
	AddedIn    int         `json:"added_in"` // the plan version that added the item
	Completion *Completion `json:"completion,omitempty"`
}

// CommodityName, HazardName, PeriodName and SourceName are the codes in
// words.
func (it *Item) CommodityName() risk.Labeled { return Commodity(it.Commodity) }

// HazardName is the hazard in words.
func (it *Item) HazardName() risk.Labeled { return CatalogCode{"hazards", it.Hazard} }

// PeriodName is the period in words.
func (it *Item) PeriodName() risk.Labeled { return it.Period }

// SourceName is the source in words.
func (it *Item) SourceName() risk.Labeled { return it.Source }

// CatalogCode is a code of a builtin catalogue, named from it.
type CatalogCode struct{ Table, Code string }

// Label names the code.
func (c CatalogCode) Label() (zh, en string) { return catalog.Label(c.Table, c.Code) }

// Covers reports whether an HS code falls under the item's commodity.
func (it *Item) Covers(hs string) bool {
	for _, p := range CommodityHS(it.Commodity) {
		if strings.HasPrefix(hs, p) {
			return true
		}
	}
	return false
}

// ItemInput is an item as entered.
type ItemInput struct {
	Commodity  string    `json:"commodity"`
	Hazard     string    `json:"hazard"`
	TestItems  []string  `json:"test_items"`
	Points     []risk.ID `json:"points"`
	Quota      int       `json:"quota"`
	Period     Period    `json:"period"`
	Dept       string    `json:"dept"`
	ReportDays int       `json:"report_days,omitempty"`
	Source     Source    `json:"source,omitempty"`
	Evidence   string    `json:"evidence,omitempty"`
}

// check validates an item; points are the points known by ID, and f
// prefixes the field names ("items[2].").
func (in *ItemInput) check(v *risk.Validation, sets *catalog.Sets, points map[risk.ID]*Point, f string) {
	in.Commodity = checkCommodity(v, sets, f+"commodity", in.Commodity)
	in.Hazard, in.Dept, in.Evidence = strings.TrimSpace(in.Hazard), strings.TrimSpace(in.Dept), strings.TrimSpace(in.Evidence)
	if in.Hazard == "" {
		v.Add(f+"hazard", "请填写危害类别。", "the hazard is required.")
	} else if !hazards()[in.Hazard] {
		v.Add(f+"hazard", "危害类别 "+in.Hazard+" 不在目录中。", "hazard "+in.Hazard+" is not in the catalogue.")
	}
	if len(in.TestItems) == 0 || len(in.TestItems) > MaxTestItems {
		v.Add(f+"test_items", fmt.Sprintf("请填写 1–%d 个检测项目。", MaxTestItems), fmt.Sprintf("test_items must list 1–%d entries.", MaxTestItems))
	}
	seen := map[string]bool{}
	for i := range in.TestItems {
		in.TestItems[i] = strings.TrimSpace(in.TestItems[i])
		v.Text(fmt.Sprintf("%stest_items[%d]", f, i), in.TestItems[i], MaxText, true, "检测项目", "the test item")
		if seen[in.TestItems[i]] {
			v.Add(fmt.Sprintf("%stest_items[%d]", f, i), "检测项目“"+in.TestItems[i]+"”重复。", "test item “"+in.TestItems[i]+"” appears twice.")
		}
		seen[in.TestItems[i]] = true
	}
	if len(in.Points) == 0 || len(in.Points) > MaxPoints {
		v.Add(f+"points", fmt.Sprintf("请选择 1–%d 个监测点。", MaxPoints), fmt.Sprintf("points must list 1–%d monitoring points.", MaxPoints))
	}
	seenP := map[risk.ID]bool{}
	for i, id := range in.Points {
		p, ok := points[id]
		switch {
		case !ok:
			v.Add(fmt.Sprintf("%spoints[%d]", f, i), fmt.Sprintf("没有编号为 %d 的监测点。", id), fmt.Sprintf("there is no monitoring point %d.", id))
		case p.Status != PointActive:
			v.Add(fmt.Sprintf("%spoints[%d]", f, i), "监测点 "+p.Name+" 未在运行。", "monitoring point "+p.Code+" is not active.")
		case seenP[id]:
			v.Add(fmt.Sprintf("%spoints[%d]", f, i), "监测点 "+p.Name+" 重复。", "monitoring point "+p.Code+" appears twice.")
		}
		seenP[id] = true
	}
	if in.Quota <= 0 || in.Quota > MaxQuota {
		v.Add(f+"quota", fmt.Sprintf("请填写抽样数量（每个监测点每期 1–%d 批）。", MaxQuota), fmt.Sprintf("quota is required: 1–%d samples per point per period.", MaxQuota))
	}
	if in.Period.months() == 0 {
		v.Add(f+"period", "请填写抽样周期：month、quarter、half 或 year。", "period is required: month, quarter, half or year.")
	}
	checkDept(v, sets, f+"dept", in.Dept)
	if in.ReportDays == 0 {
		in.ReportDays = DefaultReportDays
	}
	if in.ReportDays < 0 || in.ReportDays > MaxReportDays {
		v.Add(f+"report_days", fmt.Sprintf("结果报送时限须为 1–%d 个工作日。", MaxReportDays), fmt.Sprintf("report_days must be 1–%d working days.", MaxReportDays))
	}
	switch in.Source {
	case "":
		in.Source = Provincial
	case National, Provincial, SpotCheck:
	default:
		v.Add(f+"source", "来源只能是 national、provincial 或 spot-check。", "source must be national, provincial or spot-check.")
	}
	v.Paragraph(f+"evidence", in.Evidence, MaxNote, in.Source == SpotCheck, "抽查依据", "the evidence")
}

func (in *ItemInput) item(no, version int) Item {
	return Item{No: no, Commodity: in.Commodity, Hazard: in.Hazard, TestItems: in.TestItems, Points: in.Points, Quota: in.Quota,
		Period: in.Period, Dept: in.Dept, ReportDays: in.ReportDays, Source: in.Source, Evidence: in.Evidence, AddedIn: version}
}

// PlanStatus is where a plan stands. Values are stored.
type PlanStatus string

// Plan statuses.
const (
	Draft    PlanStatus = "draft"
	Approved PlanStatus = "approved"
)

var planStatusLabels = risk.Labels{string(Draft): {"草稿", "Draft"}, string(Approved): {"已批准", "Approved"}}

// Label names the status.
func (s PlanStatus) Label() (zh, en string) { return planStatusLabels.Of(string(s)) }

// Plan is one year's monitoring plan.
type Plan struct {
	ID         risk.ID    `json:"id"`
	Year       int        `json:"year"`
	Title      string     `json:"title"`
	Status     PlanStatus `json:"status"`
	Version    int        `json:"version"`
	Items      []Item     `json:"items"`
	Dept       string     `json:"dept"`
	CreatedBy  string     `json:"created_by"`
	ApprovedBy string     `json:"approved_by,omitempty"`
	ApprovedAt time.Time  `json:"approved_at,omitzero"`
	Rev        int        `json:"rev"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// Completion is the plan's by point and by department (filled by Get).
	ByPoint []PointCompletion `json:"completion_by_point,omitempty"`
	ByDept  []DeptCompletion  `json:"completion_by_dept,omitempty"`
	Total   *Completion       `json:"completion,omitempty"`
}

// StatusName is the status in words.
func (p *Plan) StatusName() risk.Labeled { return p.Status }

// ItemNo returns the item numbered no, or nil.
func (p *Plan) ItemNo(no int) *Item {
	for i := range p.Items {
		if p.Items[i].No == no {
			return &p.Items[i]
		}
	}
	return nil
}

// PlanInput is a plan as drafted.
type PlanInput struct {
	Year  int         `json:"year"`
	Title string      `json:"title"`
	Items []ItemInput `json:"items"`
}

// Version is a plan as approved or amended: the snapshot of its items.
type Version struct {
	PlanID  risk.ID   `json:"plan_id"`
	Version int       `json:"version"`
	Items   []Item    `json:"items"`
	Note    string    `json:"note"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
