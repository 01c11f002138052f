package demo

import (
	"fmt"

	"riskgate/internal/ident"
	"riskgate/internal/lab"
	"riskgate/internal/risk"
)

// The laboratories of the whole demo beside the foundation's.
const (
	// LabTextiles is accepted; one cross-check in six disagreed, so it
	// moved from grade A to B.
	LabTextiles = "湖南湘纺检测技术有限公司"
	// LabToys was suspended after half of its twenty cross-checks
	// disagreed.
	LabToys = "长沙恒信玩具检测有限公司"
	// LabCeramicsReport is the demo laboratory's report on the 醴陵
	// exporter's ceramic tableware that relieves its lines at the port.
	LabCeramicsReport = "HNQI-2026-C0412"

	labTextilesBody = "91430111MA4PQ8RT2"
	labToysBody     = "91430104MA4R2K3L5"
)

// planLabs plans third-party acceptance (采信) when only the foundation's
// laboratory is registered. Sixty days before the load the demo
// laboratory (the `lab` account's) enters its accreditations and scope —
// ceramic tableware, lighters, toys; its CMA certificate expires 25 days
// after the load, so its reminder is due — and two laboratories are
// registered. The demo laboratory reports on the 醴陵 exporter's ceramic
// tableware before the ceramics 通报's 100 % laboratory test enters force;
// that measure accepts reports covering lead and cadmium release, so the
// exporter's later ceramic lines go to a document check, the report named
// in the reasons (a report the keyed draw selects is cross-checked by
// customs first). The textile laboratory's sixth cross-check disagrees
// (grade A → B); the toy laboratory's reports on the 永州 toy maker
// disagree with customs' results every other time and it is suspended at
// the twentieth cross-check.
func (d *demo) planLabs() error {
	_, n, err := d.a.Labs.List(d.ctx, risk.System, lab.Filter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 1 {
		return err
	}
	tl := d.tl
	officer, inspector, labUser := d.as("officer"), d.as("inspector"), d.as("lab")
	day := func(days int) string { return lab.Today(tl.at(days, 12, 0)) }
	ceramics := d.usccs["醴陵市瓷城陶瓷进出口有限公司"]
	toys := d.usccs["永州潇湘玩具制造有限公司"]

	tl.add(tl.at(60, 10, 0), "demo laboratory scope", func() error {
		l, err := d.a.Labs.Get(d.ctx, officer, labUser.LabID)
		if err != nil {
			return err
		}
		cma := lab.Today(tl.today.AddDate(0, 0, 25))
		_, err = d.a.Labs.Update(d.ctx, officer, l.ID, lab.LabInput{Name: l.Name, NameEn: l.NameEn, USCC: l.USCC,
			Address: "长沙市雨花区城南中路 248 号", ContactName: "赵磊", ContactPhone: "0731-85231234", ContactEmail: "lab@hnqi.example.cn",
			Accreditations: []lab.Accreditation{
				{Scheme: "CNAS", Number: "CNAS L0315", ScopeDocument: "CNAS L0315 认可范围（2025 年版）", ValidUntil: "2029-03-31"},
				{Scheme: "CMA", Number: "CMA 201918000315", ValidUntil: cma}},
			Scopes: []lab.Scope{
				{HSPrefix: "6911", TestItem: "铅溶出量", Method: "GB 31604.34-2016", Accreditation: "CNAS L0315"},
				{HSPrefix: "6911", TestItem: "镉溶出量", Method: "GB 31604.24-2016", Accreditation: "CNAS L0315"},
				{HSPrefix: "6912", TestItem: "铅溶出量", Method: "GB 31604.34-2016", Accreditation: "CNAS L0315"},
				{HSPrefix: "6912", TestItem: "镉溶出量", Method: "GB 31604.24-2016", Accreditation: "CNAS L0315"},
				{HSPrefix: "9613", TestItem: "火焰高度", Method: "GB 25722-2010", Accreditation: "CNAS L0315"},
				{HSPrefix: "9503", TestItem: "可迁移元素", Method: "GB 6675.4-2014", Accreditation: "CMA 201918000315"}}}, l.Rev)
		return err
	})

	register := func(name, body, cnas, address string, scopes []lab.Scope) (*lab.Lab, error) {
		uscc, err := ident.MakeUSCC(body)
		if err != nil {
			return nil, err
		}
		return d.a.Labs.Register(d.ctx, officer, lab.LabInput{Name: name, USCC: uscc, Address: address,
			Accreditations: []lab.Accreditation{{Scheme: "CNAS", Number: cnas, ValidUntil: "2028-09-30"}}, Scopes: scopes})
	}

	// The demo laboratory's reports on the 醴陵 ceramics, issued before the
	// ceramics 通报's measures enter force (45 days before the load).
	for i, r := range []struct {
		number, hs, product string
		lead                string
	}{{LabCeramicsReport, "6911101100", "釉上彩陶瓷餐具套装（16 头）", "0.12"}, {"HNQI-2026-C0413", "6912001000", "日用陶瓷马克杯", "0.08"}} {
		var rep *lab.Report
		tl.add(tl.at(47, 16, i), "demo laboratory report "+r.number, func() error {
			var err error
			rep, err = d.a.Labs.SubmitReport(d.ctx, labUser, labUser.LabID, lab.ReportInput{Number: r.number, IssuedOn: day(47),
				EnterpriseUSCC: ceramics, Product: r.product, HSCode: r.hs, Conclusion: lab.Pass,
				Items: []lab.Item{{TestItem: "铅溶出量", Method: "GB 31604.34-2016", Result: r.lead, Limit: "0.8", Unit: "mg/dm²"},
					{TestItem: "镉溶出量", Method: "GB 31604.24-2016", Result: "0.005", Limit: "0.07", Unit: "mg/dm²"}}})
			return err
		})
		// A report the keyed draw selected: customs tests a sample itself
		// two days on.
		tl.add(tl.at(45, 11, i), "cross-check "+r.number, func() error {
			if !rep.Drawn {
				return nil
			}
			_, _, err := d.a.Labs.CrossCheck(d.ctx, inspector, labUser.LabID, lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Pass,
				Items: []lab.CheckItem{{TestItem: "铅溶出量", Result: r.lead}}, Reference: fmt.Sprintf("长关检 %s-0%d", day(45), i+1)})
			return err
		})
	}

	// The textile laboratory: six reports cross-checked, the last one off.
	var textiles *lab.Lab
	tl.add(tl.at(58, 10, 30), "textile laboratory", func() error {
		var err error
		textiles, err = register(LabTextiles, labTextilesBody, "CNAS L5120", "长沙市开福区三一大道 466 号", []lab.Scope{
			{HSPrefix: "61", TestItem: "甲醛含量", Method: "GB/T 2912.1-2009"}, {HSPrefix: "61", TestItem: "pH值", Method: "GB/T 7573-2009"},
			{HSPrefix: "62", TestItem: "甲醛含量", Method: "GB/T 2912.1-2009"}, {HSPrefix: "62", TestItem: "pH值", Method: "GB/T 7573-2009"}})
		return err
	})
	for i := range 6 {
		at := 50 - 5*i
		number := fmt.Sprintf("XF-2026-%04d", 311+i)
		var rep *lab.Report
		tl.add(tl.at(at, 15, 0), "textile report "+number, func() error {
			var err error
			rep, err = d.a.Labs.SubmitReport(d.ctx, officer, textiles.ID, lab.ReportInput{Number: number, IssuedOn: day(at), Product: "针织棉制 T 恤衫",
				HSCode: "6109100010", Conclusion: lab.Pass, Items: []lab.Item{{TestItem: "甲醛含量", Result: "32", Limit: "75", Unit: "mg/kg"},
					{TestItem: "pH值", Result: "6.8", Limit: "4.0–8.5"}}})
			return err
		})
		tl.add(tl.at(at-2, 10, 0), "textile cross-check "+number, func() error {
			in := lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Pass, Items: []lab.CheckItem{{TestItem: "甲醛含量", Result: "35"}},
				Reference: fmt.Sprintf("长关检 %s-1%02d", day(at-2), i)}
			if i == 5 { // customs measured 81 mg/kg: over the limit, and far from the report's 32
				in.CustomsResult, in.Items[0].Result, in.Note = lab.Fail, "81", "海关复检甲醛含量 81 mg/kg，超过 GB 18401-2010 B 类限量。"
			}
			_, _, err := d.a.Labs.CrossCheck(d.ctx, inspector, textiles.ID, in)
			return err
		})
	}

	// The toy laboratory: twenty reports on the 永州 maker's toys, every
	// other one contradicted by customs' own test; suspended at the last.
	var toyLab *lab.Lab
	tl.add(tl.at(59, 9, 30), "toy laboratory", func() error {
		var err error
		toyLab, err = register(LabToys, labToysBody, "CNAS L7788", "长沙市岳麓区麓谷大道 627 号", []lab.Scope{
			{HSPrefix: "9503", TestItem: "可迁移元素", Method: "GB 6675.4-2014"}, {HSPrefix: "9503", TestItem: "小零件", Method: "GB 6675.2-2014"}})
		return err
	})
	for i := range 20 {
		at := 57 - i
		number := fmt.Sprintf("HX-2026-T%03d", 101+i)
		var rep *lab.Report
		tl.add(tl.at(at, 14, 0), "toy report "+number, func() error {
			var err error
			rep, err = d.a.Labs.SubmitReport(d.ctx, officer, toyLab.ID, lab.ReportInput{Number: number, IssuedOn: day(at), EnterpriseUSCC: toys,
				Product: "塑料玩具车", HSCode: "9503001000", TestItem: "小零件", Result: "未发现小零件", Conclusion: lab.Pass})
			return err
		})
		tl.add(tl.at(at, 17, 0), "toy cross-check "+number, func() error {
			in := lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Pass, Reference: fmt.Sprintf("长关检 %s-2%02d", day(at), i)}
			if i%2 == 1 {
				in.CustomsResult, in.Note = lab.Fail, "海关抽样复检：拉力试验后车轮脱落，脱落件可完全放入小零件试验器。"
			}
			_, _, err := d.a.Labs.CrossCheck(d.ctx, inspector, toyLab.ID, in)
			return err
		})
	}
	return nil
}
