package demo

import (
	"errors"
	"strings"

	"riskgate/internal/credit"
	"riskgate/internal/emergency"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// The whole demo's emergency plans (task 14 of 湘政发〔2019〕4号).
const (
	// WastePlanTitle is the plan for imported solid waste, with its drills.
	WastePlanTitle = "湖南省进口固体废物（洋垃圾）口岸应急处置预案"
	// GoodsPlanTitle is the plan for dangerous goods, under which the
	// detained lighters are handled.
	GoodsPlanTitle = "湖南省口岸危险货物质量安全突发事件应急预案"
	// HoldIncidentTitle is the incident opened from a screening hold.
	HoldIncidentTitle = "出口打火机口岸扣留：丁烷充装打火机危险货物处置"
)

// basis is what the demo's plans rest on.
const basis = "《湖南省完善进出口商品质量安全风险预警和快速反应监管体系切实保护消费者权益工作实施方案》（湘政发〔2019〕4号）第 14 项；" +
	"《进出口农产品和食品质量安全突发事件应急处置预案》（原国家质检总局，2007 年）的分级和三级指挥；" +
	"Commission Implementing Regulation (EU) 2019/1715 Art. 28（应急预案及其演练）。"

// wastePlan is the solid waste plan, its resources checked on days before
// the load (one of them past its next check): 重大, 较大 and 一般 (a 特别重大 event is
// for the national authorities: the province's plan has no level I).
func wastePlan(day func(daysBefore int) string) emergency.PlanInput {
	return emergency.PlanInput{Title: WastePlanTitle, Hazard: emergency.SolidWaste, Lead: "hn-port", Basis: basis,
		Levels: []emergency.PlanLevel{
			{Level: emergency.LevelII, Triggers: []emergency.Trigger{
				{Fact: emergency.FactTonnes, Min: 500, Text: "涉嫌走私或夹带固体废物 500 吨以上"},
				{Fact: emergency.FactPorts, Min: 2, Text: "涉及 2 个以上口岸"}},
				Actions: []emergency.Action{
					{Text: "启动省级应急指挥部，报告省人民政府和海关总署", Dept: "hn-port", Within: 2, Unit: emergency.Hours},
					{Text: "对涉事货物全部扣留、封存，暂停同一收货人进口申报", Dept: "cs-customs", Within: 4, Unit: emergency.Hours},
					{Text: "组织固体废物属性鉴别和环境风险评估", Dept: "hn-ecoenv", Within: 3, Unit: emergency.Workdays},
					{Text: "安排退运或无害化处置的运输保障", Dept: "hn-transport", Within: 5, Unit: emergency.Workdays}}},
			{Level: emergency.LevelIII, Triggers: []emergency.Trigger{
				{Fact: emergency.FactTonnes, Min: 100, Text: "涉嫌走私或夹带固体废物 100 吨以上、500 吨以下"},
				{Fact: emergency.FactLots, Min: 3, Text: "同一收货人 3 批次以上"}},
				Actions: []emergency.Action{
					{Text: "指挥部办公室组织会商，通报成员单位", Dept: "hn-port", Within: 4, Unit: emergency.Hours},
					{Text: "扣留涉事货物，取样送固体废物属性鉴别", Dept: "cs-customs", Within: 1, Unit: emergency.Workdays},
					{Text: "现场环境监测，防止渗漏扩散", Dept: "hn-ecoenv", Within: 1, Unit: emergency.Workdays}}},
			{Level: emergency.LevelIV,
				Actions: []emergency.Action{
					{Text: "口岸现场扣留涉事货物并报告指挥部办公室", Dept: "cs-customs", Within: 2, Unit: emergency.Hours},
					{Text: "核实收货人资质和货物来源", Dept: "cs-customs", Within: 3, Unit: emergency.Workdays}}}},
		Roles: []emergency.Role{
			{Dept: "hn-port", Tier: emergency.TierOffice, Duty: "指挥部办公室：值守、信息汇总报送、组织会商和演练"},
			{Dept: "cs-customs", Tier: emergency.TierField, Duty: "口岸查验、扣留、取样鉴别，责令退运，查处走私"},
			{Dept: "hn-ecoenv", Tier: emergency.TierCommand, Duty: "固体废物属性鉴别、环境风险评估和无害化处置监督"},
			{Dept: "hn-emergency", Tier: emergency.TierCommand, Duty: "应急救援力量和物资调度"},
			{Dept: "hn-transport", Tier: emergency.TierCommand, Duty: "退运船舶、车辆和港口作业保障"}},
		Contacts: []emergency.Contact{
			{Dept: "hn-port", Name: "省政府口岸办值班室", Title: "24 小时值班", Phone: "0731-82218000"},
			{Dept: "cs-customs", Name: "城陵矶海关查验科", Title: "科长", Phone: "0730-8290000"},
			{Dept: "hn-ecoenv", Name: "省生态环境厅固体废物处", Title: "处长", Phone: "0731-85698000"}},
		Resources: []emergency.Resource{
			{Name: "防渗漏围堰及覆盖篷布", Location: "岳阳城陵矶港查验场", Quantity: 40, Unit: "套", Owner: "cs-customs", CheckedOn: day(80), NextCheck: day(-100)},
			{Name: "便携式辐射和有毒气体检测仪", Location: "岳阳城陵矶港查验场", Quantity: 6, Unit: "台", Owner: "cs-customs", CheckedOn: day(270), NextCheck: day(90)},
			{Name: "危险废物临时贮存库位", Location: "岳阳云溪危险废物处置中心", Quantity: 800, Unit: "吨", Owner: "hn-ecoenv", CheckedOn: day(55), NextCheck: day(-125)}}}
}

// goodsPlan is the dangerous goods plan, with all four levels.
func goodsPlan(day func(daysBefore int) string) emergency.PlanInput {
	return emergency.PlanInput{Title: GoodsPlanTitle, Hazard: emergency.DangerousGoods, Lead: "hn-port", Basis: basis,
		Levels: []emergency.PlanLevel{
			{Level: emergency.LevelI, Triggers: []emergency.Trigger{{Fact: emergency.FactDeaths, Min: 3, Text: "造成 3 人以上死亡"}},
				Actions: []emergency.Action{{Text: "报请省人民政府启动省级应急响应，指挥长到位", Dept: "hn-port", Within: 1, Unit: emergency.Hours},
					{Text: "组织现场救援、警戒和人员疏散", Dept: "hn-emergency", Within: 1, Unit: emergency.Hours}}},
			{Level: emergency.LevelII, Triggers: []emergency.Trigger{{Fact: emergency.FactDeaths, Min: 1, Text: "造成人员死亡"},
				{Fact: emergency.FactInjured, Min: 10, Text: "10 人以上受伤"}},
				Actions: []emergency.Action{{Text: "启动省级应急指挥部", Dept: "hn-port", Within: 2, Unit: emergency.Hours},
					{Text: "组织现场处置和危险化学品应急救援", Dept: "hn-emergency", Within: 2, Unit: emergency.Hours}}},
			{Level: emergency.LevelIII, Triggers: []emergency.Trigger{{Fact: emergency.FactInjured, Min: 1, Text: "造成人员受伤"},
				{Fact: emergency.FactLots, Min: 10, Text: "同类危险货物 10 批次以上"}},
				Actions: []emergency.Action{{Text: "指挥部办公室组织会商", Dept: "hn-port", Within: 4, Unit: emergency.Hours},
					{Text: "扣留同一发货人的同类货物，逐批查验", Dept: "cs-customs", Within: 1, Unit: emergency.Workdays},
					{Text: "排查生产企业的储存和充装安全", Dept: "hn-emergency", Within: 3, Unit: emergency.Workdays}}},
			{Level: emergency.LevelIV,
				Actions: []emergency.Action{{Text: "隔离存放扣留货物，远离火源并设置警示", Dept: "cs-customs", Within: 2, Unit: emergency.Hours},
					{Text: "核查危险货物包装和申报资料，通报发货人所在地市场监管部门", Dept: "cs-customs", Within: 2, Unit: emergency.Workdays},
					{Text: "核查国内在售同型号产品", Dept: "hn-amr", Within: 5, Unit: emergency.Workdays}}}},
		Roles: []emergency.Role{
			{Dept: "hn-port", Tier: emergency.TierOffice, Duty: "指挥部办公室：值守、信息汇总、组织会商"},
			{Dept: "cs-customs", Tier: emergency.TierField, Duty: "危险货物及其包装查验、扣留、退运"},
			{Dept: "hn-emergency", Tier: emergency.TierCommand, Duty: "危险化学品事故应急救援"},
			{Dept: "hn-amr", Tier: emergency.TierCommand, Duty: "国内市场同类产品核查"},
			{Dept: "hn-transport", Tier: emergency.TierCommand, Duty: "危险货物道路和水路运输管理"}},
		Contacts: []emergency.Contact{{Dept: "hn-port", Name: "省政府口岸办值班室", Title: "24 小时值班", Phone: "0731-82218000"},
			{Dept: "hn-emergency", Name: "省应急厅危险化学品安全监督管理处", Title: "值班", Phone: "0731-89750000"}},
		Resources: []emergency.Resource{
			{Name: "防爆隔离存放柜", Location: "长沙黄花综合保税区查验场", Quantity: 12, Unit: "个", Owner: "cs-customs", CheckedOn: day(105), NextCheck: day(-75)},
			{Name: "干粉灭火器和消防沙", Location: "长沙黄花综合保税区查验场", Quantity: 60, Unit: "套", Owner: "hn-emergency", CheckedOn: day(205), NextCheck: day(25)}}}
}

// planEmergency plans the demo's emergency work when there are no plans
// yet. Forty days before the load 长沙海关 writes the two plans with
// 省政府口岸办 (which leads them); a drill of the solid waste plan at 长沙海关 is held on day
// 21 (a 600-tonne scenario, so at 重大), its tasks done and its findings
// recorded on day 20; the next drill, due four days before the load, is
// not yet run (overdue in the workbench). Two days before the load the
// inspector opens an incident from the latest screening hold of lighters
// (dangerous goods, butane) at 一般 and the tasks are partly done: the
// others wait in the departments' workbenches.
func (d *demo) planEmergency() error {
	_, n, err := d.a.Emergency.Plans(d.ctx, risk.System, emergency.PlanFilter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	off, insp, appr, port := d.as("officer"), d.as("inspector"), d.as("approver"), d.as(PortOfficer.Login)
	var waste *emergency.Plan
	tl.add(tl.at(40, 10, 0), "emergency plans", func() error {
		var err error
		day := func(n int) string { return credit.Today(tl.at(n, 12, 0)) }
		if waste, err = d.a.Emergency.CreatePlan(d.ctx, off, wastePlan(day)); err != nil {
			return err
		}
		_, err = d.a.Emergency.CreatePlan(d.ctx, off, goodsPlan(day))
		return err
	})
	var drill *emergency.Drill
	tl.add(tl.at(35, 9, 0), "drill scheduled", func() error {
		var err error
		drill, err = d.a.Emergency.Schedule(d.ctx, off, emergency.DrillInput{PlanID: waste.ID, Port: "4900", ScheduledOn: credit.Today(tl.at(21, 0, 0)),
			Scenario: "进口“再生铜原料”集装箱 30 个、约 600 吨，查验发现夹带废旧电路板和生活垃圾，疑似洋垃圾；收货人拒不配合退运。",
			Facts:    map[emergency.Fact]float64{emergency.FactTonnes: 600, emergency.FactLots: 3}})
		return err
	})
	tl.add(tl.at(21, 9, 30), "drill run", func() error {
		dr, inc, err := d.a.Emergency.Run(d.ctx, port, drill.ID, drill.Rev)
		if err != nil {
			return err
		}
		drill = dr
		for _, t := range inc.Tasks {
			who := port // the lead completes the tasks of the departments without a demo account
			if t.Dept == off.Dept {
				who = off
			}
			if inc, err = d.a.Emergency.Complete(d.ctx, who, inc.ID, emergency.Completion{Seq: t.Seq, Rev: inc.Rev,
				Note: "演练：按预案完成，用时符合时限要求。"}); err != nil {
				return err
			}
		}
		if inc, err = d.a.Emergency.Record(d.ctx, off, inc.ID, emergency.Note{Rev: inc.Rev,
			Text: "演练中与省生态环境厅视频会商时线路中断 15 分钟，改用电话会商。"}); err != nil {
			return err
		}
		_, err = d.a.Emergency.Close(d.ctx, appr, inc.ID, emergency.ReviewInput{Rev: inc.Rev, Summary: "演练按重大级响应完成扣留、鉴别、退运保障全流程。",
			Lessons: "跨部门视频会商线路不稳定；鉴别取样封识不足。"})
		return err
	})
	tl.add(tl.at(20, 15, 0), "drill findings", func() error {
		_, err := d.a.Emergency.Finish(d.ctx, port, drill.ID, emergency.Findings{Rev: drill.Rev,
			Findings: "一、跨部门视频会商线路中断，信息报送延误 15 分钟；二、查验现场取样封识数量不足；三、联系人名单中 2 人已调岗。",
			FollowUps: []emergency.FollowUpInput{
				{Text: "建立与省生态环境厅的备用会商线路", Dept: "hn-port", Due: credit.Today(tl.at(-10, 0, 0))},
				{Text: "补充取样封识 500 枚并纳入应急物资", Dept: "cs-customs", Due: credit.Today(tl.at(5, 0, 0))},
				{Text: "更新预案联系人名单", Dept: "hn-port", Due: credit.Today(tl.at(15, 0, 0))}}})
		return err
	})
	tl.add(tl.at(20, 16, 0), "next drill scheduled", func() error {
		_, err := d.a.Emergency.Schedule(d.ctx, off, emergency.DrillInput{PlanID: waste.ID, Port: "4908", ScheduledOn: credit.Today(tl.at(4, 0, 0)),
			Scenario: "航空快件中查获夹带废旧电子产品 2 批次，检验整改措施落实情况。", Facts: map[emergency.Fact]float64{emergency.FactLots: 2}})
		return err
	})
	tl.add(tl.at(2, 16, 0), "incident from a hold", func() error {
		held, _, err := d.a.Screening.Queue(d.ctx, insp, screening.QueueFilter{Decision: screening.Detain, Paging: risk.Paging{Limit: 100}})
		if err != nil {
			return err
		}
		var number string
		for _, h := range held {
			st, err := d.a.Screening.Get(d.ctx, insp, h.Number)
			if err != nil {
				return err
			}
			if len(st.Declaration.Lines) > 0 && strings.HasPrefix(st.Declaration.Lines[0].HSCode, "9613") {
				number = h.Number
				break
			}
		}
		if number == "" {
			return errors.New("no lighters held at the port for the emergency incident")
		}
		var goods *emergency.Plan
		plans, _, err := d.a.Emergency.Plans(d.ctx, insp, emergency.PlanFilter{Hazard: emergency.DangerousGoods, Paging: risk.Paging{Limit: 1}})
		if err != nil || len(plans) == 0 {
			return errors.Join(err, errors.New("no dangerous goods plan"))
		}
		goods = plans[0]
		inc, err := d.a.Emergency.Open(d.ctx, insp, emergency.IncidentInput{PlanID: goods.ID, Title: HoldIncidentTitle, Source: emergency.FromHold, Declaration: number,
			Description: "口岸查验扣留的出口打火机为丁烷充装的危险货物，部分批次包装无危险货物标志、无防止儿童开启装置，集中存放于查验场。",
			Facts:       map[emergency.Fact]float64{emergency.FactLots: 1}})
		if err != nil {
			return err
		}
		if inc, err = d.a.Emergency.Complete(d.ctx, insp, inc.ID, emergency.Completion{Seq: 1, Rev: inc.Rev,
			Note: "已移入防爆隔离存放柜，设置警示标志。"}); err != nil {
			return err
		}
		_, err = d.a.Emergency.Record(d.ctx, insp, inc.ID, emergency.Note{Rev: inc.Rev, Text: "已通知发货人，要求提交危险货物包装使用鉴定结果单。"})
		return err
	})
	return nil
}
