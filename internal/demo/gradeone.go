package demo

import (
	"fmt"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/calendar"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// The grade I cases (国发〔2017〕43号 §8: issued under State Council
// authority) and the case whose warning is lifted.
const (
	blastCaseTitle     = "出口礼花弹整体爆炸危险（危险货物分类申报不实）"
	magnetsCaseTitle   = "儿童磁力玩具强磁体误吞致肠穿孔风险（在售）"
	cosmeticsCaseTitle = "跨境电商进口化妆品禁用物质风险（欧盟 Safety Gate 通报）"
)

// NationalReference is the demo's answer of 海关总署 to the fireworks
// referral: a fictitious reference, marked as such.
const NationalReference = "海关总署公告2026年第168号（演示）"

// blastMaker is the 浏阳 maker whose display shells are the grade I risk.
var blastMaker = firm{"91430181MA4T9R2P5", "浏阳市金鼎花炮制造有限公司", "Liuyang Jinding Fireworks Manufacturing Co., Ltd.", "430181",
	[]string{"manufacturer", "exporter"}, "routine", "浏阳市大瑶镇花炮工业园 12 号"}

// planBlast: display shells of a 浏阳 maker, declared for export as
// UN0336 (1.4G) but mass-exploding in a test and in a fire on the road,
// become a case whose serious, urgent and wide risk gives a grade I 公告.
// It is referred (上报) to 海关总署 with its measures already in force in
// the province — the maker's shells banned from export and detained, its
// credit adjusted, the lots traced; return and recall planned — and 海关总署
// answers a week later by issuing it nationally, so that the province's
// 公告 is published citing the national one. A grade II 通告 of the same
// case tells 浏阳's fireworks exporters (the enterprise account's company
// among them) to have every shipment's dangerous-goods classification
// checked, which the ports do on their documents.
func (d *demo) planBlast(w *walk) {
	tl := d.tl
	maker := d.usccs[blastMaker.nameZh]
	exporter := d.usccs[firms[0].nameZh]
	var ids []risk.ID
	keep := func(res []signal.Result, err error) error {
		if err == nil {
			ids = append(ids, res[0].ID)
		}
		return err
	}
	tl.add(tl.at(36, 15, 0), "blast inspection", func() error {
		x, _, err := d.a.Inspections.Record(d.ctx, d.as("inspector"), inspection.Input{Result: inspection.ResultFail,
			InspectedAt: tl.at(36, 14, 30), ExternalRef: "CIQ-" + tl.at(36, 0, 0).Format("20060102") + "-07",
			Findings: "6 英寸礼花弹按 UN0336（1.4G）申报；抽样送危险货物分类鉴定，联合国 6(c) 外部火烧试验中包装件整体爆炸，应归为 1.1G。单发药量 180 g。",
			Lot: warning.Lot{HSCode: "3604100000", Name: "礼花弹（6 英寸）", USCC: maker, Manufacturer: blastMaker.nameZh, Origin: "CN", Destination: "US",
				Port: "4900", TradeMode: "0110"}})
		if err == nil {
			ids = append(ids, x.SignalID)
		}
		return err
	})
	tl.add(tl.at(35, 9, 10), "blast news", func() error {
		return keep(d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{{Channel: "public-opinion",
			ExternalRef: "YQ-" + tl.at(35, 0, 0).Format("20060102") + "-0031", ReceivedAt: tl.at(35, 8, 40), Region: "430181",
			Product: signal.Product{Name: "礼花弹", HSCode: "3604100000", Origin: "CN", Manufacturer: blastMaker.nameZh}, Hazard: "fire",
			Injuries:    signal.Injuries{Count: 3, Severity: 3},
			Description: "媒体报道：一辆运送出口烟花的货车在高速服务区起火，车载礼花弹整体爆炸，3 人受伤住院，周边车辆受损。货物运单标注为 1.4G 类烟花。",
			Reporter:    signal.Reporter{Name: "舆情监测"}}}))
	})
	tl.add(tl.at(35, 16, 40), "blast hotline", func() error {
		return keep(d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{{Channel: "12360",
			ExternalRef: "12360-" + tl.at(35, 0, 0).Format("20060102") + "-0212", ReceivedAt: tl.at(35, 16, 20), Region: "430181",
			Product: signal.Product{Name: "礼花弹（6 英寸、8 英寸）", HSCode: "3604100000", Origin: "CN", Manufacturer: blastMaker.nameZh}, Hazard: "fire",
			Description: "来电举报：浏阳某花炮企业将大规格礼花弹按 1.4G 类申报出口，以规避危险货物运输要求。",
			Reporter:    signal.Reporter{Name: "匿名举报人"}}}))
	})
	tl.add(tl.at(34, 10, 0), "blast case", func() error {
		return w.open("浏阳出口礼花弹按 1.4G 申报，分类鉴定和运输途中的火灾均显示整体爆炸危险（1.1G）；涉及多个口岸和运输线路。须立即控制在途和在库批次，并报请国家层面发布。", ids)
	})
	tl.add(tl.at(33, 10, 0), "blast assessment", func() error {
		return w.assess(assess.Input{Product: "出口礼花弹（6–8 英寸），按 UN0336（1.4G）申报", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{
				{Description: "按 1.4G 管理的礼花弹在运输、仓储中遇火整体爆炸，波及人员", Hazard: "fire", Population: "运输、仓储和装卸人员及周边人员",
					Injury: "爆炸致死亡或重伤", Severity: 4,
					Steps:       []assess.Step{{Description: "批次中含整体爆炸的包装件", Probability: "1/10"}, {Description: "运输、仓储中遇火或撞击", Probability: "1/50"}},
					Uncertainty: "medium", Notes: "鉴定结果和火灾事故均指向整体爆炸；遇火概率参考危险货物运输事故统计。"},
				{Description: "燃放时礼花弹在发射筒内爆炸", Hazard: "burns", Population: "燃放者", Injury: "烧伤、听力损伤", Severity: 3,
					Steps: []assess.Step{{Probability: "1/1000"}}, Uncertainty: "high"},
			}})
	})
	tl.add(tl.at(32, 9, 0), "blast approval", func() error {
		return w.approve("同意，按严重风险处置；已造成伤害、涉及多个口岸，报请国家层面发布。")
	})
	start := tl.at(31, 9, 30)
	scope := warning.Scope{HSPrefixes: []string{"3604"}, USCCs: []string{maker}, Keywords: []string{"礼花弹"}}
	tl.add(tl.at(32, 10, 0), "blast warnings", func() error {
		err := w.draft(warning.Input{Class: warning.ClassAnnouncement, Title: "警惕出口礼花弹整体爆炸危险",
			Urgency: warning.UrgencyImmediate, Reach: warning.ReachWide, Scope: scope,
			Summary:  "浏阳市金鼎花炮制造有限公司出口的 6–8 英寸礼花弹按 1.4G 类申报，实际存在整体爆炸危险，已在运输途中发生爆炸伤人事故。",
			Matters:  "相关礼花弹危险货物分类申报不实，遇火可整体爆炸，运输、仓储和燃放中可致死亡或重伤。",
			Advice:   "请勿运输、储存或燃放上述企业的大规格礼花弹；发现相关产品请立即远离并拨打 12360 或 119 报告。",
			StartsAt: start, ValidUntil: start.AddDate(0, 6, 0),
			Conditions: []warning.Condition{{Kind: warning.CondNoSignals, Days: 90}, {Kind: warning.CondExpiresAt}}})
		if err != nil {
			return err
		}
		return w.draft(warning.Input{Class: warning.ClassNotice, Title: "关于出口烟花危险货物分类申报的风险警示通告",
			Scope:    warning.Scope{HSPrefixes: []string{"3604"}, USCCs: []string{exporter, maker}},
			Matters:  "浏阳出口礼花弹发现危险货物分类申报不实（1.1G 按 1.4G 申报），已发生运输途中的爆炸伤人事故。",
			Advice:   "各出口企业对每批出口烟花提交有资质机构出具的危险货物分类鉴定报告，口岸逐批核验；发现分类不实的批次立即停止出口并报告。",
			StartsAt: start, ValidUntil: start.AddDate(0, 6, 0), Addressees: []risk.ID{d.ids[firms[0].nameZh], d.ids[blastMaker.nameZh]},
			Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 10}, {Kind: warning.CondNoSignals, Days: 90}, {Kind: warning.CondExpiresAt}}})
	})
	tl.add(tl.at(32, 11, 0), "blast warnings approved", func() error { return w.act("approver", "approve", "同意。公告报请海关总署发布。") })
	tl.add(tl.at(32, 14, 0), "blast measures planned", func() error {
		trace := d.tl.today.AddDate(0, 0, 5).Add(18 * time.Hour)
		err := w.plan(0, true, func(b []measure.Input) []measure.Input {
			for i := range b {
				switch b[i].Type {
				case "trace-investigation":
					b[i].Deadline, b[i].Supporting = &trace, []string{"hn-emergency"}
				case "credit-adjustment":
					b[i].Note = "拟将该企业信用等级调整为失信企业。"
				}
			}
			return b
		})
		if err != nil {
			return err
		}
		return w.plan(1, false, func([]measure.Input) []measure.Input {
			return []measure.Input{{Type: "prior-conditions", EffectMetric: "危险货物分类鉴定报告核验批次数",
				Note: "每批出口烟花须附有资质机构出具的危险货物分类鉴定报告。"}}
		})
	})
	tl.add(start, "blast referral", func() error {
		x, err := d.a.Warnings.Refer(d.ctx, d.as("officer"), w.warnings[0].ID, warning.ReferralInput{Authority: "gacc",
			Note: "已造成运输途中爆炸伤人事故，涉及长沙、长沙黄花机场等多个口岸和跨省运输线路，建议由海关总署发布。省内措施已同步实施。", Rev: w.warnings[0].Rev})
		if err == nil {
			w.warnings[0] = x
		}
		if err != nil {
			return err
		}
		return w.actOn(1, "officer", "issue", "")
	})
	tl.add(tl.at(31, 10, 0), "blast measures", func() error {
		if err := w.enforce(0, "return", "defect-recall"); err != nil {
			return err
		}
		return w.enforce(1)
	})
	tl.add(tl.at(24, 15, 0), "blast national answer", func() error {
		x, err := d.a.Warnings.RecordOutcome(d.ctx, d.as("approver"), w.warnings[0].ID, warning.OutcomeInput{Outcome: warning.OutcomeNational,
			NationalReference: NationalReference, DecidedAt: tl.at(24, 9, 0),
			Note: "海关总署发布公告，全国口岸暂停该企业礼花弹出口；本省公告随之发布。", Rev: w.warnings[0].Rev})
		if err == nil {
			w.warnings[0] = x
		}
		return err
	})
}

// referralDays is how many days before today the pending referral was
// made: at least seven working days by the official calendar (so it is
// past the five allowed), ten days when the calendar cannot say.
func (d *demo) referralDays() int {
	cal, err := calendar.Official()
	if err != nil {
		return 10
	}
	for n := 9; n <= 30; n++ {
		if c, err := cal.Count(d.tl.at(n, 9, 30), d.tl.today); err != nil {
			return 10
		} else if c >= 7 {
			return n
		}
	}
	return 10
}

// planMagnets: children's magnetic building sets on sale now — found by
// the market regulator's sampling, a hospital's report of a child's
// perforated bowel and a failed inspection of a cross-border e-commerce
// import — become a case whose serious, urgent and wide risk gives a grade
// I 通报, referred to 海关总署 over seven working days ago and still
// unanswered (待国家层面答复: the approver's queue shows it). Its measures
// are in force in the province: imports detained, sales suspended and
// listings taken down by the market regulator, the lots traced (due in
// three days); return and recall planned. A 公告 for the public is being
// drafted.
func (d *demo) planMagnets(w *walk) {
	tl := d.tl
	r := d.referralDays()
	importer := d.usccs[firms[1].nameZh]
	var ids []risk.ID
	tl.add(tl.at(r+8, 10, 20), "magnets sampling", func() error {
		res, err := d.a.Signals.Create(d.ctx, d.as(MarketOfficer.Login), []signal.Input{{Channel: "inter-department", Dept: "cs-customs",
			ExternalRef: "SJ-" + tl.at(r+8, 0, 0).Format("20060102") + "-015", ReceivedAt: tl.at(r+8, 10, 0), Region: "430100", Hazard: "choking",
			Product:     signal.Product{Name: "儿童磁力积木、磁力珠", HSCode: "9503008900"},
			Description: "省市场监管局转来：长沙市场和电商平台监督抽检儿童磁力玩具 6 批次，3 批磁通量指数 86–142 kG²mm²，超过 GB 6675.2-2014 的 50 kG²mm² 限值，磁体可被小零件试验器容纳。其中 2 批为跨境电商进口。",
			Reporter:    signal.Reporter{Name: "湖南省市场监督管理局"}}})
		if err == nil {
			ids = append(ids, res[0].ID)
		}
		return err
	})
	tl.add(tl.at(r+6, 15, 0), "magnets injury", func() error {
		res, err := d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{{Channel: "injury-report",
			ExternalRef: "SH-" + tl.at(r+6, 0, 0).Format("20060102") + "-004", ReceivedAt: tl.at(r+6, 14, 0), Region: "430103", Hazard: "choking",
			Product: signal.Product{Name: "磁力珠（5 mm 强磁球）", HSCode: "9503008900"}, Injuries: signal.Injuries{Count: 1, Severity: 4},
			Description: "医院报告：3 岁患儿误吞 4 颗磁力珠，磁珠隔肠壁相互吸引致肠穿孔，急诊手术。家长称产品购自电商平台，标注适用年龄 3 岁以上。",
			Reporter:    signal.Reporter{Name: "湖南省儿童医院"}}})
		if err == nil {
			ids = append(ids, res[0].ID)
		}
		return err
	})
	tl.add(tl.at(r+5, 14, 30), "magnets inspection", func() error {
		x, _, err := d.a.Inspections.Record(d.ctx, d.as("inspector"), inspection.Input{Result: inspection.ResultFail,
			InspectedAt: tl.at(r+5, 14, 0), ExternalRef: "CIQ-" + tl.at(r+5, 0, 0).Format("20060102") + "-11",
			Findings: "磁通量指数 92 kG²mm²，超过 GB 6675.2-2014 的 50 kG²mm² 限值；磁体可被小零件试验器容纳。",
			Lot:      warning.Lot{HSCode: "9503008900", Name: "磁力积木（64 件）", USCC: importer, Origin: "US", Port: "4908", TradeMode: "1210"}})
		if err == nil {
			ids = append(ids, x.SignalID)
		}
		return err
	})
	tl.add(tl.at(r+4, 10, 0), "magnets case", func() error {
		return w.open("儿童磁力积木、磁力珠强磁体脱落，误吞 2 颗以上可隔肠壁相互吸引致肠穿孔，已有患儿手术；产品正在电商平台和跨境电商渠道销售。", ids)
	})
	tl.add(tl.at(r+3, 10, 0), "magnets assessment", func() error {
		return w.assess(assess.Input{Product: "儿童磁力积木、磁力珠（磁通量指数超标的小磁体）", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{{Description: "儿童吞咽 2 颗以上脱落的强磁体，磁体隔肠壁相互吸引致肠穿孔", Hazard: "choking",
				Population: "36 个月以下及学龄前儿童", Vulnerable: true, Injury: "肠穿孔、肠梗阻，可致死亡", Severity: 4,
				Steps: []assess.Step{{Description: "磁体从玩具脱落", Probability: "1/5"}, {Description: "儿童将磁体放入口中", Probability: "1/20"},
					{Description: "吞咽 2 颗以上", Probability: "1/10"}},
				Uncertainty: "medium", Notes: "参考欧盟和美国同类事故统计；国内电商销量大。"}}})
	})
	tl.add(tl.at(r+2, 9, 30), "magnets approval", func() error {
		return w.approve("同意，按严重风险处置；产品正在销售，报请国家层面发布。")
	})
	start := tl.at(r, 9, 30)
	tl.add(tl.at(r+1, 10, 0), "magnets bulletin", func() error {
		return w.draft(warning.Input{Class: warning.ClassBulletin, Title: "关于儿童磁力玩具强磁体误吞风险的风险警示通报",
			Urgency: warning.UrgencyImmediate, Reach: warning.ReachWide,
			Scope:    warning.Scope{HSPrefixes: []string{"9503"}, Keywords: []string{"磁力", "磁珠"}, TradeModes: []string{"1210", "9610"}},
			Matters:  "儿童磁力积木、磁力珠磁通量指数超标，强磁体脱落后误吞可致肠穿孔；产品经跨境电商和电商平台销售，已有患儿手术。",
			Advice:   "各口岸对跨境电商进口的磁力玩具扣留送检；市场监管部门责令电商平台下架、暂停销售，追溯进口和销售批次。",
			StartsAt: start, ValidUntil: start.AddDate(0, 6, 0),
			Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 10}, {Kind: warning.CondNoSignals, Days: 60}, {Kind: warning.CondExpiresAt}},
			Recipients: []string{"hn-amr", "hn-commerce"}})
	})
	tl.add(tl.at(r+1, 11, 30), "magnets bulletin approved", func() error { return w.act("approver", "approve", "同意，报请海关总署发布。") })
	tl.add(tl.at(r+1, 14, 0), "magnets measures planned", func() error {
		trace := d.tl.today.AddDate(0, 0, 3).Add(18 * time.Hour)
		return w.plan(0, true, func(b []measure.Input) []measure.Input {
			var out []measure.Input
			for _, m := range b {
				switch m.Type {
				case "trace-investigation":
					m.Deadline, m.Supporting = &trace, []string{"hn-amr"}
				case "ban", "credit-adjustment":
					continue // the importers are not yet known: detained, not banned
				}
				out = append(out, m)
			}
			return append(out,
				measure.Input{Type: "suspend-sales", Lead: "hn-amr", EffectMetric: "暂停销售的网点和店铺数"},
				measure.Input{Type: "online-delisting", Lead: "hn-amr", EffectMetric: "下架商品链接数"})
		})
	})
	tl.add(start, "magnets referral", func() error {
		x, err := d.a.Warnings.Refer(d.ctx, d.as("officer"), w.warnings[0].ID, warning.ReferralInput{Authority: "gacc",
			Note: "产品正在电商平台和跨境电商渠道销售，已有患儿肠穿孔手术；建议由海关总署会同市场监管总局发布。省内措施已实施。", Rev: w.warnings[0].Rev})
		if err == nil {
			w.warnings[0] = x
		}
		return err
	})
	tl.add(tl.at(r, 10, 0), "magnets measures", func() error { return w.enforce(0, "return", "defect-recall") })
	tl.add(tl.at(1, 17, 0), "magnets announcement draft", func() error {
		_, err := d.a.Warnings.Draft(d.ctx, d.as("officer"), w.c.ID, warning.Input{Class: warning.ClassAnnouncement, Title: "警惕儿童磁力玩具强磁体误吞风险",
			Urgency: warning.UrgencyImmediate, Reach: warning.ReachWide,
			Scope:    warning.Scope{HSPrefixes: []string{"9503"}, Keywords: []string{"磁力", "磁珠"}},
			Summary:  "部分儿童磁力积木、磁力珠的强磁体容易脱落，儿童误吞 2 颗以上可致肠穿孔。",
			Matters:  "磁通量指数超过 GB 6675.2-2014 限值的小磁体，误吞后隔肠壁相互吸引。",
			Advice:   "请勿给 14 岁以下儿童购买含小颗强磁体的玩具；发现儿童误吞磁体，请立即就医。",
			StartsAt: tl.at(0, 9, 0), ValidUntil: tl.at(0, 9, 0).AddDate(0, 6, 0),
			Conditions: []warning.Condition{{Kind: warning.CondExpiresAt}}})
		return err
	})
}

// planCosmetics: two Safety Gate alerts on French cosmetics and a 12360
// call about a cream bought through cross-border e-commerce become a case
// of medium risk; its grade IV 通报 has every such import (3304, 3305 from
// France, trade mode 1210) tested in the laboratory. The lots pass, the
// nightly evaluation proposes lifting, and the approver lifts it: a lifting
// document (解除通报) and its measure lifted with it.
func (d *demo) planCosmetics(w *walk) {
	tl := d.tl
	var call risk.ID
	tl.add(tl.at(37, 11, 0), "cosmetics hotline", func() error {
		res, err := d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{{Channel: "12360",
			ExternalRef: "12360-" + tl.at(37, 0, 0).Format("20060102") + "-0188", ReceivedAt: tl.at(37, 10, 40), Region: "430104", Hazard: "chemical",
			Product:     signal.Product{Name: "保湿面霜", HSCode: "3304990099", Origin: "FR"},
			Description: "消费者来电：经跨境电商购买的法国产面霜使用后面部红肿，怀疑含欧盟已禁用的香料成分，询问海关是否检测。",
			Reporter:    signal.Reporter{Name: "赵女士", Contact: "137****5521"}}})
		if err == nil {
			call = res[0].ID
		}
		return err
	})
	tl.add(tl.at(36, 10, 0), "cosmetics case", func() error {
		var ids []risk.ID
		for _, n := range []string{"SR/03835/24", "SR/03831/24"} {
			id, err := d.foreignSignal("safetygate", n)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return w.open("欧盟 Safety Gate 2024 年通报法国产面霜、护发素存在化学风险；消费者反映跨境电商进口面霜使用后过敏。长沙星城跨境电商经 1210 保税模式进口同类产品。", append(ids, call))
	})
	tl.add(tl.at(35, 10, 0), "cosmetics assessment", func() error {
		return w.assess(assess.Input{Product: "跨境电商进口法国产面霜、护发素", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{{Description: "长期使用含禁用成分的化妆品致皮肤致敏", Hazard: "chemical", Population: "一般消费者",
				Injury: "过敏性皮炎，需就医", Severity: 2,
				Steps:       []assess.Step{{Description: "进口批次含禁用成分", Probability: "1/100"}, {Description: "使用者致敏并需就医", Probability: "1/20"}},
				Uncertainty: "medium"}}})
	})
	tl.add(tl.at(34, 9, 30), "cosmetics approval", func() error { return w.approve("同意，按中风险处置。") })
	start := tl.at(34, 15, 0)
	tl.add(tl.at(34, 10, 0), "cosmetics bulletin", func() error {
		return w.draft(warning.Input{Class: warning.ClassBulletin, Title: "关于加强跨境电商进口法国产化妆品检测的风险警示通报",
			Scope:    warning.Scope{HSPrefixes: []string{"3304", "3305"}, Countries: []string{"FR"}, TradeModes: []string{"1210"}},
			Matters:  "欧盟 Safety Gate 通报法国产面霜、护发素存在化学风险；国内消费者反映跨境电商进口面霜致过敏。",
			Advice:   "对跨境电商保税进口的法国产护肤、护发产品逐批抽样检测禁用物质；市场监管部门关注相关产品投诉。",
			StartsAt: start, ValidUntil: start.AddDate(0, 3, 0),
			Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 3}, {Kind: warning.CondNoSignals, Days: 14}, {Kind: warning.CondExpiresAt}},
			Recipients: []string{"hn-amr"}})
	})
	tl.add(tl.at(34, 11, 0), "cosmetics bulletin approved", func() error { return w.act("approver", "approve", "同意发布。") })
	tl.add(tl.at(34, 14, 0), "cosmetics measure planned", func() error {
		return w.plan(0, true, func([]measure.Input) []measure.Input {
			return []measure.Input{{Type: "raised-lab-test", Rate: 1, EffectMetric: "禁用物质检测不合格批次数"}}
		})
	})
	tl.add(start, "cosmetics bulletin issued", func() error { return w.act("officer", "issue", "") })
	tl.add(tl.at(34, 15, 30), "cosmetics measure", func() error { return w.enforce(0) })
	// The nightly job's evaluation, as the server runs it at 02:00.
	tl.add(tl.at(9, 2, 0), "lifting evaluated", func() error {
		n, err := d.a.Inspections.EvaluateLifting(d.ctx)
		if err == nil && n == 0 {
			err = fmt.Errorf("no lifting proposed")
		}
		return err
	})
	tl.add(tl.at(8, 10, 0), "cosmetics lifted", func() error {
		x, err := d.a.Warnings.Get(d.ctx, d.as("approver"), w.warnings[0].ID)
		if err != nil {
			return err
		}
		if x.LiftProposedAt == nil {
			return fmt.Errorf("%s: lifting not proposed", x.Title)
		}
		w.warnings[0] = x
		return w.actOn(0, "approver", "lift", "连续 3 批实验室检测合格，14 日内无新的风险信息，解除条件已满足。")
	})
}
