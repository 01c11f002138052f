package demo

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// good is a product a demo firm declares.
type good struct {
	hs, name, brand, model, gtin string
}

// trade is a run of declarations of one firm: count declarations on days
// spread over [to, from] days before today, each of one or two of the
// goods, to one of the countries (from one, for imports).
type trade struct {
	firm      string
	count     int
	from, to  int
	inbound   bool
	mode      string
	countries []string
	goods     []good
	fails     string // findings of a failed inspection or test
}

// trades are the whole demo's declarations. The products that foreign
// notifications name are real: the XINHUA charger of Safety Gate alert
// A11/00166/24 (with its barcode), the Torch duck family of A12/03458/24,
// the soft bullet gun of SR/03782/24 and the LED lighting chain of
// A12/03500/24 — so matching finds their makers here: by barcode and
// brand; the duck family's lots, which carry only its brand and are of these
// weeks, long after its 2024 alert, stay below the threshold.
var trades = []trade{
	{firm: "邵东市永明打火机制造有限公司", count: 3, from: 62, to: 54, mode: "0110", countries: []string{"DE", "PL", "ES"},
		goods: []good{{hs: "9613100000", name: "一次性打火机（口红造型）", brand: "YONGMING"}, {hs: "9613800000", name: "骰子造型打火机", brand: "YONGMING"}}},
	{firm: "邵东市永明打火机制造有限公司", count: 20, from: 52, to: 1, mode: "0110", countries: []string{"DE", "PL", "ES", "BR", "RU", "NG"},
		goods: []good{{hs: "9613100000", name: "一次性打火机（口红造型）", brand: "YONGMING"}, {hs: "9613800000", name: "骰子造型打火机", brand: "YONGMING"},
			{hs: "9613100000", name: "一次性打火机（透明）", brand: "YONGMING"}},
		fails: "抽样 20 只，5 只无防止儿童开启装置，不符合 EN 13869 要求。"},
	{firm: "醴陵市瓷城陶瓷进出口有限公司", count: 3, from: 61, to: 46, mode: "0110", countries: []string{"US", "DE", "FR"},
		goods: []good{{hs: "6911101100", name: "釉上彩陶瓷餐具套装（16 头）"}, {hs: "6912001000", name: "日用陶瓷马克杯"}}},
	{firm: "醴陵市瓷城陶瓷进出口有限公司", count: 16, from: 44, to: 1, mode: "0110", countries: []string{"US", "DE", "FR", "JP", "KR", "AU"},
		goods: []good{{hs: "6911101100", name: "釉上彩陶瓷餐具套装（16 头）"}, {hs: "6912001000", name: "日用陶瓷马克杯"}, {hs: "6911101100", name: "骨质瓷盘（10 英寸）"}},
		fails: "4% 乙酸浸泡 24 h 铅溶出量 1.8 mg/L，超过 GB 4806.4-2016 限量。"},
	{firm: "益阳竹艺家居出口有限公司", count: 8, from: 44, to: 1, mode: "0110", countries: []string{"JP", "KR", "US", "DE"},
		goods: []good{{hs: "4419121000", name: "一次性竹筷"}, {hs: "4419110000", name: "竹砧板"}},
		fails: "甲醛迁移量 18 mg/kg，超过限量。"},
	{firm: "永州潇湘玩具制造有限公司", count: 14, from: 58, to: 1, mode: "0110", countries: []string{"US", "GB", "FR", "DE"},
		goods: []good{{hs: "9503001000", name: "塑料玩具车"}, {hs: "9503008900", name: "洗澡鸭玩具（鸭子一家） Duck family", brand: "Torch"},
			{hs: "9503008900", name: "软弹玩具枪套装 Soft bullet gun", gtin: "6971396360259"}, {hs: "9503002100", name: "毛绒玩具熊"}},
		fails: "拉力试验 90 N 下眼睛脱落，脱落件可完全放入小零件试验器。"},
	{firm: "湖南湘江烟花进出口有限公司", count: 4, from: 60, to: 39, mode: "0110", countries: []string{"US", "DE", "NL"},
		goods: []good{{hs: "3604100000", name: "组合烟花（36 发）"}, {hs: "3604100000", name: "喷花类烟花"}}},
	// After its 通告 the exporter checks every lot: they pass.
	{firm: "湖南湘江烟花进出口有限公司", count: 14, from: 37, to: 1, mode: "0110", countries: []string{"US", "DE", "NL", "GB", "AU"},
		goods: []good{{hs: "3604100000", name: "组合烟花（36 发）"}, {hs: "3604100000", name: "组合烟花（49 发）"}, {hs: "3604100000", name: "喷花类烟花"}}},
	{firm: "岳阳洞庭湖水产品有限公司", count: 5, from: 50, to: 2, mode: "0110", countries: []string{"JP", "KR", "US"},
		goods: []good{{hs: "0304620000", name: "冻鮰鱼片"}}, fails: "检出孔雀石绿 2.1 μg/kg。"},
	{firm: "新化县新华电子科技有限公司", count: 6, from: 57, to: 3, mode: "0110", countries: []string{"DE", "PL", "IT", "HU"},
		goods: []good{{hs: "8504401400", name: "USB 充电器 2.4A FAST SMART CHARGER", brand: "XINHUA", gtin: "6001835000078"},
			{hs: "8504401400", name: "USB 快速充电器", brand: "XINHUA"}}},
	{firm: "株洲动力机电出口有限公司", count: 3, from: 55, to: 5, mode: "0110", countries: []string{"DE", "NL", "GB"},
		goods: []good{{hs: "9405310000", name: "LED 圣诞灯串（140 灯） Merry Christmas 140 LED", gtin: "6902204579143"}}},
	{firm: "株洲动力机电出口有限公司", count: 3, from: 60, to: 6, mode: "0110", countries: []string{"ID", "RU", "AE"},
		goods: []good{{hs: "8429521200", name: "履带式液压挖掘机", model: "ZD-220"}}},
	{firm: "娄底新化农机出口有限公司", count: 4, from: 59, to: 4, mode: "0110", countries: []string{"VN", "TH", "UZ"},
		goods: []good{{hs: "8433510000", name: "谷物联合收割机"}, {hs: "8432299000", name: "微耕机"}}},
	{firm: "长沙星城跨境电子商务有限公司", count: 6, from: 60, to: 2, inbound: true, mode: "1210", countries: []string{"KR", "JP", "FR"},
		goods: []good{{hs: "3304990099", name: "保湿面霜"}, {hs: "3304100000", name: "口红"}}},
	{firm: "衡阳雁城食品进出口有限公司", count: 2, from: 40, to: 8, inbound: true, mode: "0110", countries: []string{"NL", "NZ"},
		goods: []good{{hs: "1901101000", name: "婴儿配方奶粉（1 段）"}}},
	{firm: "常德桃源茶业进出口有限公司", count: 3, from: 56, to: 9, mode: "0110", countries: []string{"MA", "UZ", "DE"},
		goods: []good{{hs: "0902109000", name: "绿茶（眉茶）"}}},
	{firm: "湘西酒鬼酒业进出口有限公司", count: 2, from: 45, to: 10, mode: "0110", countries: []string{"SG", "US"},
		goods: []good{{hs: "2208901000", name: "白酒（馥郁香型）"}}},
	{firm: "邵阳宝庆箱包制造有限公司", count: 3, from: 53, to: 7, mode: "0110", countries: []string{"US", "AE"},
		goods: []good{{hs: "4202129000", name: "拉杆箱（20 英寸）"}}},
	// The grade I case's maker: its display shells before and after the
	// ban, and the cross-border imports of the other cases.
	{firm: "浏阳市金鼎花炮制造有限公司", count: 3, from: 60, to: 38, mode: "0110", countries: []string{"US", "DE"},
		goods: []good{{hs: "3604100000", name: "礼花弹（6 英寸）"}, {hs: "3604100000", name: "组合烟花（100 发）"}}},
	{firm: "浏阳市金鼎花炮制造有限公司", count: 3, from: 30, to: 2, mode: "0110", countries: []string{"US", "DE", "AU"},
		goods: []good{{hs: "3604100000", name: "礼花弹（8 英寸）"}, {hs: "3604100000", name: "礼花弹（6 英寸）"}}},
	{firm: "长沙星城跨境电子商务有限公司", count: 4, from: 33, to: 15, inbound: true, mode: "1210", countries: []string{"FR"},
		goods: []good{{hs: "3304990099", name: "保湿面霜"}, {hs: "3305900000", name: "护发素"}}},
	{firm: "长沙星城跨境电子商务有限公司", count: 3, from: 9, to: 1, inbound: true, mode: "1210", countries: []string{"US", "KR"},
		goods: []good{{hs: "9503008900", name: "磁力积木（64 件）"}, {hs: "9503008900", name: "磁力珠（216 颗）"}},
		fails: "磁通量指数 88 kG²mm²，超过 GB 6675.2-2014 的 50 kG²mm² 限值。"},
}

// ports are the demo's ports of declaration: 长沙海关 and 长沙黄花机场.
var ports = []string{"4900", "4908"} // 长沙海关, 长沙黄花机场海关 (the ports catalogue)

// planned is one declaration of the timeline.
type planned struct {
	at    time.Time
	decl  screening.Declaration
	fails string
}

// declarations builds the whole demo's declarations, the same for the same
// today: numbered port, year, 1 and a nine-digit sequence, as customs
// numbers are.
func (d *demo) declarations() []planned {
	r := rand.New(rand.NewPCG(2026, 12))
	var out []planned
	for _, t := range trades {
		uscc := d.usccs[t.firm]
		for range t.count {
			day := t.to + r.IntN(t.from-t.to+1)
			at := d.tl.at(day, 8+r.IntN(9), r.IntN(60))
			port := ports[r.IntN(len(ports))]
			country := t.countries[r.IntN(len(t.countries))]
			x := screening.Declaration{Direction: "export", Port: port, DeclaredAt: at.UTC(), TradeMode: t.mode, ConsignorUSCC: uscc}
			if t.inbound {
				x.Direction, x.ConsignorUSCC, x.ConsigneeUSCC = "import", "", uscc
			}
			n := 1 + r.IntN(2)
			first := r.IntN(len(t.goods))
			for i := range min(n, len(t.goods)) {
				g := t.goods[(first+i)%len(t.goods)]
				l := screening.Line{HSCode: g.hs, Name: g.name, Brand: g.brand, Model: g.model, GTIN: g.gtin,
					Quantity: float64(50 * (1 + r.IntN(40))), Unit: "箱", Value: float64(1000 * (5 + r.IntN(95))),
					Batch: fmt.Sprintf("%s%02d", at.In(risk.China).Format("060102"), 1+r.IntN(20))}
				if t.inbound {
					l.Origin = country
				} else {
					l.Origin, l.Destination, l.Manufacturer, l.ManufacturerUSCC = "CN", country, t.firm, uscc
				}
				x.Lines = append(x.Lines, l)
			}
			out = append(out, planned{at: at, decl: x, fails: t.fails})
		}
	}
	// Numbered in the order they were declared.
	sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	for i := range out {
		x := &out[i].decl
		x.Number = fmt.Sprintf("%s%s1%09d", x.Port, out[i].at.In(risk.China).Format("2006"), 300000+i+1)
	}
	return out
}

// planDeclarations plans the declarations, each screened 25 minutes after
// it was declared (as the single window passes them on), and the results
// of the lines held: a physical inspection the next morning, a laboratory
// test two days on — except for those of the last four days, which wait
// in the queue. About one result in six fails.
func (d *demo) planDeclarations() error {
	ps := d.declarations()
	if len(ps) == 0 {
		return nil
	}
	if _, err := d.a.Screening.Get(d.ctx, risk.System, ps[0].decl.Number); err == nil {
		return nil
	} else if !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	for i, p := range ps {
		d.tl.add(p.at.Add(25*time.Minute), "screen "+p.decl.Number, func() error {
			// The rules as they stand now: the server's loop refreshes the
			// index four times a second, the demo before each declaration.
			if err := d.a.Screening.Refresh(d.ctx); err != nil {
				return err
			}
			_, err := d.a.Screening.Screen(d.ctx, risk.System, []screening.Declaration{p.decl})
			return err
		})
		if !p.at.Before(d.tl.at(4, 0, 0)) {
			continue
		}
		for n := range p.decl.Lines {
			fail := p.fails != "" && (i+n)%6 == 5
			for _, kind := range []string{inspection.KindInspection, inspection.KindLabTest} {
				at, who := p.at.AddDate(0, 0, 1).Add(2*time.Hour), "inspector"
				if kind == inspection.KindLabTest {
					at, who = p.at.AddDate(0, 0, 2).Add(5*time.Hour), "lab"
				}
				d.tl.add(at, "result "+p.decl.Number, func() error { return d.result(p, n, kind, who, at, fail) })
			}
		}
	}
	return nil
}

// result records the result of a line held for the kind of check, as the
// declaration page does, if the line was held for it.
func (d *demo) result(p planned, n int, kind, who string, at time.Time, fail bool) error {
	s, err := d.a.Screening.Get(d.ctx, risk.System, p.decl.Number)
	if err != nil {
		return err
	}
	// Lines held for a test, or detained until tested, go to the
	// laboratory; the others are inspected at the port.
	switch dec := s.Result.Lines[n].Decision; {
	case dec == screening.Release, dec == screening.Refuse:
		return nil // released, or refused and returned: nothing to test
	case (dec == screening.LabTest || dec == screening.Detain) != (kind == inspection.KindLabTest):
		return nil
	}
	in := inspection.Input{Kind: kind, Result: inspection.ResultPass, InspectedAt: at.Add(-30 * time.Minute), Lot: s.Declaration.LineLot(n)}
	if fail {
		in.Result, in.Findings = inspection.ResultFail, p.fails
	}
	// Once per line and kind, as the page records it: a second run finds it.
	_, _, err = d.a.Inspections.RecordLine(d.ctx, d.as(who), inspection.LineRef(s.Declaration.Number, n), in)
	return err
}
