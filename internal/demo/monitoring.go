package demo

import (
	"fmt"
	"time"

	"riskgate/internal/inspection"
	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// The monitoring story of the whole demo.
const (
	// MonitoringPlanTitle is the demo's plan.
	MonitoringPlanTitle = "湖南省进出口商品质量安全风险监测计划"
	// MonitoringFailedSample is the sample that failed and raised a signal.
	MonitoringFailedSample = "HNJC-CERAMIC-FAIL-01"
	dayMonitoringPlan      = 82 // the plan drafted; approved the next morning
)

// demoPoint is a point of the network.
type demoPoint struct {
	code, name string
	typ        monitoring.PointType
	county     string
	lat, lon   float64
	dept       string
	watches    []string
}

// monitoringPoints are thirteen points across six 市州: the ports and the
// cross-border e-commerce and market-procurement hubs where imported
// consumer goods and new trade forms are watched, the industrial clusters
// of the province's own export commodities, and two sentinel hospitals.
var monitoringPoints = []demoPoint{
	{"HN-PORT-01", "长沙黄花国际机场口岸", monitoring.Port, "430121", 28.1892, 113.2196, "cs-customs", []string{"toys", "cosmetics"}},
	{"HN-PORT-02", "岳阳城陵矶港口岸", monitoring.Port, "430602", 29.4380, 113.1490, "cs-customs", []string{"toys", "construction-machinery"}},
	{"HN-CBEC-01", "长沙金霞跨境电商监管中心", monitoring.CrossBorder, "430105", 28.3006, 112.9946, "cs-customs", []string{"toys", "cosmetics"}},
	{"HN-PROC-01", "长沙高桥大市场市场采购集聚区", monitoring.Procurement, "430111", 28.1614, 113.0255, "cs-customs", []string{"lighters", "ceramic-tableware", "toys"}},
	{"HN-FAC-01", "浏阳花炮产业集聚区", monitoring.Factory, "430181", 28.1428, 113.6431, "cs-customs", []string{"pyrotechnic-articles"}},
	{"HN-FAC-02", "醴陵日用陶瓷产业园", monitoring.Factory, "430281", 27.6459, 113.4968, "cs-customs", []string{"ceramic-tableware"}},
	{"HN-FAC-03", "邵东打火机产业园", monitoring.Factory, "430582", 27.2587, 111.7440, "cs-customs", []string{"lighters"}},
	{"HN-FAC-04", "桃江竹木制品集聚区", monitoring.Factory, "430922", 28.5180, 112.1556, "cs-customs", []string{"bamboo-chopsticks"}},
	{"HN-FAC-05", "长沙经开区工程机械产业集群", monitoring.Factory, "430121", 28.2480, 113.0822, "cs-customs", []string{"construction-machinery"}},
	{"HN-PORT-03", "郴州湘南国际陆港", monitoring.Port, "431002", 25.7934, 113.0320, "cs-customs", []string{"toys", "cosmetics"}},
	{"HN-MKT-01", "岳阳步行街商圈进口商品市场", monitoring.Market, "430602", 29.3640, 113.1310, "hn-amr", []string{"toys", "cosmetics"}},
	{"HN-HOSP-01", "中南大学湘雅医院（哨点医院）", monitoring.Hospital, "430105", 28.2149, 112.9880, "hn-health", []string{"pyrotechnic-articles", "lighters"}},
	{"HN-HOSP-02", "浏阳市人民医院（哨点医院）", monitoring.Hospital, "430181", 28.1530, 113.6390, "hn-health", []string{"pyrotechnic-articles"}},
}

// demoItem is an item of the plan: its points by code, and the HS code,
// product and results its samples carry.
type demoItem struct {
	in      monitoring.ItemInput
	points  []string
	hs      string
	product string
	results []monitoring.Result
	// skip leaves a period's samples untaken at a point ("code start"),
	// so that its task is overdue.
	skip map[string]bool
}

func passing(item, value, limit, unit string) monitoring.Result {
	return monitoring.Result{TestItem: item, Value: value, Limit: limit, Unit: unit, Conclusion: monitoring.Pass}
}

// monitoringItems are the province's items: 烟花爆竹, 打火机, 陶瓷, 竹木筷,
// 工程机械, and imported consumer goods through the ports and the new
// trade forms.
func monitoringItems(year int) []demoItem {
	y := fmt.Sprint(year)
	return []demoItem{
		{in: monitoring.ItemInput{Commodity: "pyrotechnic-articles", Hazard: "burns", TestItems: []string{"药量", "燃放性能", "标志标识"}, Quota: 2,
			Period: monitoring.Quarterly, Dept: "cs-customs", Source: monitoring.Provincial}, points: []string{"HN-FAC-01"}, hs: "36041000", product: "组合烟花",
			results: []monitoring.Result{passing("药量", "186", "≤200", "g"), passing("燃放性能", "无异常", "无烧成团、无爆炸", ""), passing("标志标识", "齐全", "GB 10631-2013 第 9 章", "")}},
		{in: monitoring.ItemInput{Commodity: "lighters", Hazard: "burns", TestItems: []string{"火焰高度", "防儿童开启装置", "燃料泄漏"}, Quota: 2,
			Period: monitoring.Quarterly, Dept: "cs-customs", Source: monitoring.Provincial}, points: []string{"HN-FAC-03", "HN-PROC-01"}, hs: "96131000", product: "一次性气体打火机",
			results: []monitoring.Result{passing("火焰高度", "42", "≤50", "mm"), passing("防儿童开启装置", "符合", "GB 26691-2011", ""), passing("燃料泄漏", "0.9", "≤15", "mg/min")},
			skip:    map[string]bool{"HN-PROC-01 " + y + "-04-01": true}},
		{in: monitoring.ItemInput{Commodity: "ceramic-tableware", Hazard: "food-migration", TestItems: []string{"铅溶出量", "镉溶出量"}, Quota: 2,
			Period: monitoring.Quarterly, Dept: "cs-customs", Source: monitoring.Provincial}, points: []string{"HN-FAC-02", "HN-PROC-01"}, hs: "69111011", product: "日用陶瓷餐具（扁平制品）",
			results: []monitoring.Result{passing("铅溶出量", "0.12", "≤0.8", "mg/dm²"), passing("镉溶出量", "<0.01", "≤0.07", "mg/dm²")}},
		{in: monitoring.ItemInput{Commodity: "bamboo-chopsticks", Hazard: "microbiological", TestItems: []string{"霉菌", "二氧化硫残留量"}, Quota: 1,
			Period: monitoring.Monthly, Dept: "cs-customs", Source: monitoring.Provincial}, points: []string{"HN-FAC-04"}, hs: "4419121000", product: "竹筷",
			results: []monitoring.Result{passing("霉菌", "未检出", "不得检出", ""), passing("二氧化硫残留量", "12", "≤600", "mg/kg")}},
		{in: monitoring.ItemInput{Commodity: "construction-machinery", Hazard: "injuries", TestItems: []string{"安全防护装置", "噪声"}, Quota: 1,
			Period: monitoring.HalfYearly, Dept: "cs-customs", Source: monitoring.National}, points: []string{"HN-FAC-05"}, hs: "84295211", product: "履带式挖掘机",
			results: []monitoring.Result{passing("安全防护装置", "符合", "GB 25684", ""), passing("噪声", "98", "≤101", "dB(A)")},
			skip:    map[string]bool{"HN-FAC-05 " + y + "-01-01": true}},
		{in: monitoring.ItemInput{Commodity: "toys", Hazard: "choking", TestItems: []string{"小零件", "邻苯二甲酸酯"}, Quota: 2,
			Period: monitoring.Quarterly, Dept: "cs-customs", Source: monitoring.National}, points: []string{"HN-PORT-01", "HN-CBEC-01", "HN-PORT-02"}, hs: "95030090", product: "进口塑料玩具",
			results: []monitoring.Result{passing("小零件", "未发现", "不得有小零件", ""), passing("邻苯二甲酸酯", "0.02", "≤0.1", "%")}},
		{in: monitoring.ItemInput{Commodity: "cosmetics", Hazard: "chemical", TestItems: []string{"汞", "禁用物质"}, Quota: 1,
			Period: monitoring.Quarterly, Dept: "hn-amr", Source: monitoring.Provincial}, points: []string{"HN-CBEC-01", "HN-MKT-01"}, hs: "33049900", product: "跨境进口面霜",
			results: []monitoring.Result{passing("汞", "<0.1", "≤1", "mg/kg"), passing("禁用物质", "未检出", "不得检出", "")}},
	}
}

// planMonitoring plans the monitoring story when there is no plan yet:
// the thirteen points entered on day 84; on day 82 the officer drafts the
// year's plan (7 items) and the approver approves it the next morning,
// which generates the tasks; the samples of each period are recorded a
// week after they were taken, all passing, but for two gaps left (打火机 at
// 高桥 in the second quarter, 工程机械 in the first half: overdue tasks)
// and one ceramic sample of 醴陵 taken 18 days before the load whose lead
// release fails — it raises a signal on the monitoring channel; samples
// of the last fortnight still await their results.
func (d *demo) planMonitoring() error {
	_, n, err := d.a.Monitoring.Plans(d.ctx, risk.System, monitoring.PlanFilter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	year := tl.at(dayMonitoringPlan, 0, 0).In(risk.China).Year()
	points := map[string]risk.ID{}
	tl.add(tl.at(dayRegister, 10, 0), "monitoring points", func() error {
		for _, p := range monitoringPoints {
			pt, err := d.a.Monitoring.CreatePoint(d.ctx, d.as("officer"), monitoring.PointInput{Code: p.code, Name: p.name, Type: p.typ,
				Prefecture: p.county[:4] + "00", County: p.county, Lat: p.lat, Lon: p.lon, Commodities: p.watches, Dept: p.dept})
			if err != nil {
				return fmt.Errorf("point %s: %w", p.code, err)
			}
			points[p.code] = pt.ID
		}
		return nil
	})
	// The 岳阳 fish exporter's fillets failed the port's checks before its
	// later declarations (which the credit-tier draw samples): the history
	// the plan's spot-check proposal for HS 0304 rests on, whatever the
	// draw of this database picks.
	fish := d.usccs["岳阳洞庭湖水产品有限公司"]
	for i, c := range []struct {
		days int
		fail bool
	}{{78, true}, {71, false}, {64, true}} {
		tl.add(tl.at(c.days, 15, 0), "fish inspection", func() error {
			in := inspection.Input{Result: inspection.ResultPass, InspectedAt: tl.at(c.days, 14, 0),
				ExternalRef: fmt.Sprintf("CIQ-%s-Y%d", tl.at(c.days, 0, 0).Format("20060102"), i+1),
				Lot: warning.Lot{HSCode: "0304620000", Name: "冻鮰鱼片", USCC: fish, Manufacturer: "岳阳洞庭湖水产品有限公司", Origin: "CN",
					Destination: "JP", Port: "4900", TradeMode: "0110"}}
			if c.fail {
				in.Result, in.Findings = inspection.ResultFail, "检出孔雀石绿 1.6 μg/kg，超过出口目的国限量。"
			}
			_, _, err := d.a.Inspections.Record(d.ctx, d.as("inspector"), in)
			return err
		})
	}
	items := monitoringItems(year)
	var plan *monitoring.Plan
	tl.add(tl.at(dayMonitoringPlan, 15, 0), "monitoring plan", func() error {
		in := monitoring.PlanInput{Year: year, Title: fmt.Sprintf("%d 年%s", year, MonitoringPlanTitle)}
		for _, it := range items {
			x := it.in
			for _, c := range it.points {
				x.Points = append(x.Points, points[c])
			}
			in.Items = append(in.Items, x)
		}
		var err error
		plan, err = d.a.Monitoring.CreatePlan(d.ctx, d.as("officer"), in)
		return err
	})
	approved := tl.at(dayMonitoringPlan-1, 9, 30)
	tl.add(approved, "monitoring plan approved", func() error {
		var err error
		plan, err = d.a.Monitoring.Approve(d.ctx, d.as("approver"), plan.ID)
		return err
	})
	last := tl.at(3, 0, 0) // nothing is taken in the last three days
	fresh := tl.at(25, 0, 0)
	failAt := tl.at(18, 10, 30)
	if failAt.In(risk.China).Year() != year {
		failAt = time.Date(year, 12, 20, 2, 30, 0, 0, time.UTC)
	}
	n = 0
	for no, it := range items {
		for _, code := range it.points {
			for _, sp := range it.in.Period.Spans(year) {
				if it.skip[code+" "+sp.Start] {
					continue
				}
				start, _ := time.ParseInLocation("2006-01-02", sp.Start, risk.China)
				for k := range it.in.Quota {
					taken := start.Add(time.Duration(10+9*k)*24*time.Hour + 10*time.Hour)
					if !taken.Before(last) {
						continue
					}
					n++
					number := fmt.Sprintf("HNJC-%d-%04d", year, n)
					results := it.results
					if taken.After(fresh) {
						results = nil // the laboratory has not reported yet
					}
					at := taken.Add(7 * 24 * time.Hour)
					if limit := tl.at(1, 9, 0); at.After(limit) {
						at = limit.Add(time.Duration(n) * time.Minute)
					}
					if at.Before(approved) {
						at = approved.Add(time.Duration(n) * time.Minute)
					}
					in := monitoring.SampleInput{Number: number, ItemNo: no + 1, Product: it.product, HSCode: it.hs,
						Lot: fmt.Sprintf("%s-%s-%d", code, taken.Format("0102"), k+1), Place: "成品仓库", TakenAt: taken.UTC(),
						Lab: "湖南省产商品质量检验研究院（演示）", Results: results}
					tl.add(at, "monitoring sample "+number, func() error {
						in.PlanID, in.PointID = plan.ID, points[code]
						_, err := d.a.Monitoring.RecordSample(d.ctx, d.as("inspector"), in)
						return err
					})
				}
			}
		}
	}
	tl.add(failAt.Add(2*24*time.Hour), "monitoring sample failed", func() error {
		_, err := d.a.Monitoring.RecordSample(d.ctx, d.as("inspector"), monitoring.SampleInput{Number: MonitoringFailedSample, PlanID: plan.ID, ItemNo: 3,
			PointID: points["HN-FAC-02"], Product: "釉上彩陶瓷汤盘（扁平制品）", HSCode: "69111011", Lot: "LL-" + failAt.Format("0102") + "-07",
			EnterpriseUSCC: d.usccs["醴陵市瓷城陶瓷进出口有限公司"], Place: "企业成品仓库（待出口）", TakenAt: failAt.UTC(), Lab: "湖南省产商品质量检验研究院（演示）",
			Results: []monitoring.Result{{TestItem: "铅溶出量", Value: "2.6", Limit: "≤0.8", Unit: "mg/dm²", Method: "GB 31604.34-2016", Conclusion: monitoring.Fail},
				passing("镉溶出量", "0.05", "≤0.07", "mg/dm²")}})
		return err
	})
	return nil
}
