package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/foreign"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// The whole demo's cases, found again by their titles.
const (
	lighterCaseTitle   = "新奇造型打火机烧伤风险（欧盟 Safety Gate 通报与国内投诉）"
	ceramicsCaseTitle  = "出口陶瓷、竹木餐具有害物质迁移风险（欧盟 RASFF 通报）"
	fireworksCaseTitle = "出口组合烟花药量超标风险（口岸查验不合格）"
	toysCaseTitle      = "出口玩具小零件窒息风险（欧盟 Safety Gate 通报与口岸查验）"
)

// ceramicsNotifications are real RASFF notifications (2023–2024) of lead,
// cadmium and formaldehyde migrating from Chinese ceramic and bamboo
// tableware.
var ceramicsNotifications = []string{"2023.3603", "2023.8554", "2023.8592", "2024.4040", "2024.5115", "2024.6737", "2024.6766"}

// toyAlerts are real Safety Gate alerts (2024) of Chinese toys with small
// parts: baby books, toy cars, a clockwork train.
var toyAlerts = []string{"A12/03008/24", "A12/03435/24", "A12/03436/24", "A12/03444/24", "A12/03513/24", "A12/03642/24", "SR/03812/24"}

// walk carries one case through its steps.
type walk struct {
	d          *demo
	title      string
	c          *casefile.Case
	assessment *assess.Assessment
	warnings   []*warning.Warning
	planned    map[risk.ID][]*measure.Measure // by warning
}

// caseByTitle returns the case of a title, nil when there is none.
func caseByTitle(ctx context.Context, a *app.App, title string) (*casefile.Case, error) {
	cs, _, err := a.Cases.List(ctx, risk.System, casefile.Filter{Text: title, Paging: risk.Paging{Limit: 10}})
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Title == title {
			return c, nil
		}
	}
	return nil, nil
}

// foreignSignal returns the signal of an imported record.
func (d *demo) foreignSignal(source, key string) (risk.ID, error) {
	g, err := d.a.DB.Signals().ByRef(d.ctx, foreign.Channel, source+":"+key)
	if err != nil {
		return 0, fmt.Errorf("%s %s: %w", source, key, err)
	}
	return g.ID, nil
}

// open opens the case from signals.
func (w *walk) open(summary string, ids []risk.ID) error {
	c, err := w.d.a.Cases.Open(w.d.ctx, w.d.as("officer"), casefile.OpenInput{Title: w.title, Summary: summary, Signals: ids})
	w.c = c
	return err
}

// assess drafts and submits the case's assessment.
func (w *walk) assess(in assess.Input) error {
	off := w.d.as("officer")
	x, err := w.d.a.Assess.Draft(w.d.ctx, off, w.c.ID, in)
	if err == nil {
		x, err = w.d.a.Assess.Submit(w.d.ctx, off, x.ID, x.Rev)
	}
	w.assessment = x
	return err
}

// approve approves the submitted assessment.
func (w *walk) approve(note string) error {
	x, err := w.d.a.Assess.Decide(w.d.ctx, w.d.as("approver"), w.assessment.ID, "approve", note, w.assessment.Rev)
	w.assessment = x
	return err
}

// draft drafts and submits a warning of the case.
func (w *walk) draft(in warning.Input) error {
	off := w.d.as("officer")
	x, err := w.d.a.Warnings.Draft(w.d.ctx, off, w.c.ID, in)
	if err == nil {
		x, err = w.d.a.Warnings.Act(w.d.ctx, off, x.ID, "submit", "", x.Rev)
	}
	if err == nil {
		w.warnings = append(w.warnings, x)
	}
	return err
}

// act moves every warning of the case by an action of login.
func (w *walk) act(login, action, note string) error {
	for i := range w.warnings {
		if err := w.actOn(i, login, action, note); err != nil {
			return err
		}
	}
	return nil
}

// actOn moves the case's i-th warning by an action of login.
func (w *walk) actOn(i int, login, action, note string) error {
	x, err := w.d.a.Warnings.Act(w.d.ctx, w.d.as(login), w.warnings[i].ID, action, note, w.warnings[i].Rev)
	if err != nil {
		return fmt.Errorf("%s %s: %w", action, w.warnings[i].Title, err)
	}
	w.warnings[i] = x
	return nil
}

// plan plans measures on the case's i-th warning before it is issued, as
// an officer bundles them before 签发 so that the document lists them: the
// grade's default bundle, edited (nil keeps it), or only the extra ones
// when bundle is false.
func (w *walk) plan(i int, bundle bool, edit func([]measure.Input) []measure.Input) error {
	off := w.d.as("officer")
	var ins []measure.Input
	if bundle {
		var err error
		if ins, err = w.d.a.Measures.Propose(w.d.ctx, off, w.warnings[i].ID); err != nil {
			return err
		}
	}
	if edit != nil {
		ins = edit(ins)
	}
	ms, err := w.d.a.Measures.Plan(w.d.ctx, off, w.warnings[i].ID, ins)
	if err != nil {
		return err
	}
	if w.planned == nil {
		w.planned = map[risk.ID][]*measure.Measure{}
	}
	w.planned[w.warnings[i].ID] = append(w.planned[w.warnings[i].ID], ms...)
	return nil
}

// enforce puts in force the planned measures of the case's i-th warning,
// but those of the types kept planned; each by the officer, or by the
// market regulator's officer when that department leads it.
func (w *walk) enforce(i int, planned ...string) error {
	for _, m := range w.planned[w.warnings[i].ID] {
		if slices.Contains(planned, m.Type) || m.Status != measure.StatusPlanned {
			continue
		}
		who := "officer"
		if m.Lead == MarketOfficer.Dept {
			who = MarketOfficer.Login
		}
		x, err := w.d.a.Measures.Act(w.d.ctx, w.d.as(who), m.ID, "enforce", "", m.Rev)
		if err != nil {
			return fmt.Errorf("measure %s: %w", m.Type, err)
		}
		*m = *x
	}
	return nil
}

// measure returns the case's planned measure of a type on its i-th
// warning, nil when there is none.
func (w *walk) measure(i int, typ string) *measure.Measure {
	for _, m := range w.planned[w.warnings[i].ID] {
		if m.Type == typ {
			return m
		}
	}
	return nil
}

// planStories plans each case of the whole demo that does not exist yet.
func (d *demo) planStories() error {
	for _, s := range []struct {
		title string
		plan  func(*walk)
	}{
		{lighterCaseTitle, d.planLighters}, {ceramicsCaseTitle, d.planCeramics},
		{fireworksCaseTitle, d.planFireworks}, {toysCaseTitle, d.planToys},
		{blastCaseTitle, d.planBlast}, {magnetsCaseTitle, d.planMagnets}, {cosmeticsCaseTitle, d.planCosmetics},
	} {
		c, err := caseByTitle(d.ctx, d.a, s.title)
		if err != nil {
			return err
		}
		if c == nil {
			s.plan(&walk{d: d, title: s.title})
		}
	}
	return nil
}

// planLighters: two Safety Gate alerts on Chinese novelty lighters and a
// 12315 complaint become a case; its serious risk gives a grade II 通报 to
// the ports and the market regulator and a 公告 to the public, their
// measures planned before they are issued (so that each document lists
// them): the 通报's (the grade's bundle plus a raised laboratory test
// ratio) — 100 % laboratory testing of lighters at export, detention of
// novelty lighters until tested, suspended sales and trace investigation
// in force, the ordered recall planned until the trace finds the lots —
// and the 公告's, the market regulator's: consumers warned, listings taken
// down (completed). The 公告 is updated three weeks before the load (new
// shapes; an Update message), and a 通告 to the maker waits for approval.
func (d *demo) planLighters(w *walk) {
	tl := d.tl
	var complaint risk.ID
	tl.add(tl.at(58, 9, 40), "12315 lighter complaint", func() error {
		res, err := d.a.Signals.Create(d.ctx, d.as("officer"), []signal.Input{{Channel: "12315",
			ExternalRef: "12315-" + tl.at(58, 0, 0).Format("20060102") + "-0417", ReceivedAt: tl.at(58, 9, 20), Region: "430582",
			Product: signal.Product{Name: "口红造型打火机", HSCode: "9613", Origin: "CN"}, Hazard: "burns", Injuries: signal.Injuries{Count: 1, Severity: 2},
			Description: "消费者来电反映：家中 5 岁儿童把口红造型打火机当作口红玩具，按压后起火，手指烫伤起泡，到社区医院处理。产品无防止儿童开启装置，购于本地小商品店。",
			Reporter:    signal.Reporter{Name: "王女士", Contact: "139****2046"}}})
		if err == nil {
			complaint = res[0].ID
		}
		return err
	})
	tl.add(tl.at(dayLighter, 9, 30), "lighter case", func() error {
		ids := []risk.ID{}
		for _, n := range []string{"SR/03746/24", "SR/03726/24"} {
			id, err := d.foreignSignal("safetygate", n)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return w.open("欧盟 Safety Gate 2024 年通报两起中国产新奇造型（口红、骰子）打火机烧伤风险；12315 投诉反映儿童误当玩具使用致烫伤。湖南邵东为打火机主要产区，须核查出口企业和批次。",
			append(ids, complaint))
	})
	tl.add(tl.at(55, 10, 0), "lighter assessment", func() error { return w.assess(lighterAssessment()) })
	tl.add(tl.at(54, 9, 15), "lighter approval", func() error { return w.approve("同意，按严重风险处置。") })
	start := tl.at(53, 15, 0)
	tl.add(tl.at(53, 10, 0), "lighter warnings", func() error {
		if err := w.draft(lighterBulletin(start)); err != nil {
			return err
		}
		return w.draft(lighterAnnouncement(start))
	})
	tl.add(tl.at(53, 11, 30), "lighter warnings approved", func() error { return w.act("approver", "approve", "同意发布。") })
	tl.add(tl.at(53, 14, 0), "lighter measures planned", func() error {
		review := start.AddDate(0, 1, 0)
		err := w.plan(0, true, func(b []measure.Input) []measure.Input {
			for i := range b {
				if b[i].Type == "seal-detain" {
					// Novelty lighters (9613.80) are held until tested.
					b[i].Scope = warning.Scope{HSPrefixes: []string{"961380"}}
				}
			}
			return append(b, measure.Input{Type: "raised-lab-test", Rate: 0.3, Supporting: []string{"hn-amr"}, Deadline: &review,
				EffectMetric: "防儿童开启性能检测不合格率"})
		})
		if err != nil {
			return err
		}
		// The 公告's own measures are the market regulator's: consumers
		// warned, listings taken down.
		delist := start.AddDate(0, 0, 10)
		return w.plan(1, false, func([]measure.Input) []measure.Input {
			return []measure.Input{
				{Type: "warn-consumers", Lead: "hn-amr", EffectMetric: "警示信息覆盖的销售网点数"},
				{Type: "online-delisting", Lead: "hn-amr", Deadline: &delist, EffectMetric: "下架商品链接数"},
			}
		})
	})
	tl.add(start, "lighter warnings issued", func() error { return w.act("officer", "issue", "") })
	tl.add(tl.at(53, 15, 30), "lighter measures", func() error {
		if err := w.enforce(0, "defect-recall"); err != nil {
			return err
		}
		return w.enforce(1)
	})
	// The market regulator reports its follow-up on the 通报 within the
	// 10 working days; 省商务厅, the other recipient, has not answered.
	tl.add(tl.at(47, 17, 0), "lighter follow-up", func() error {
		_, err := d.a.Warnings.ReportFollowup(d.ctx, d.as(MarketOfficer.Login), w.warnings[0].ID, warning.FollowupInput{
			Finding: warning.FindingFound, Measures: []string{"withdrawal", "seal-detain"},
			Actions:    "抽查长沙、株洲、邵阳 46 家商超、小商品市场和文具店，5 家有售口红、骰子造型打火机，责令下架并查封库存；已约谈 2 家批发商。",
			Quantities: warning.Quantities{Found: 1260, Withdrawn: 1260, Unit: "piece"},
			Note:       "供货来源为邵东 2 家生产企业，已通报邵阳市市场监管局追溯。"})
		return err
	})
	tl.add(tl.at(45, 16, 0), "lighter listings taken down", func() error {
		m := w.measure(1, "online-delisting")
		x, err := d.a.Measures.Act(d.ctx, d.as(MarketOfficer.Login), m.ID, "complete", "主要电商平台已下架新奇造型打火机商品链接 37 个。", m.Rev)
		if err == nil {
			*m = *x
		}
		return err
	})
	// The 公告 is updated when new shapes turn up: an Update message.
	tl.add(tl.at(20, 10, 0), "lighter announcement updated", func() error {
		in := lighterAnnouncement(start)
		in.Matters += "近期又发现手枪、手机造型的打火机，同样无防止儿童开启装置。"
		in.Advice = "请勿购买外形似玩具（口红、骰子、手枪、手机等造型）的打火机；已购买的请放在儿童接触不到的地方；发现问题产品请拨打 12315 或 12360 反映。"
		in.ValidUntil = start.AddDate(0, 9, 0)
		in.Reason = "发现手枪、手机造型等新款式，补充警示事项并延长有效期三个月。"
		in.Rev = w.warnings[1].Rev
		x, err := d.a.Warnings.Update(d.ctx, d.as("officer"), w.warnings[1].ID, in)
		if err == nil {
			w.warnings[1] = x
		}
		return err
	})
	// A 通告 to the maker whose lighters are detained waits for approval.
	tl.add(tl.at(1, 16, 0), "lighter notice", func() error {
		in := lighterNotice(d.usccs[moreFirms[0].nameZh], d.ids[moreFirms[0].nameZh], tl.at(0, 9, 0))
		x, err := d.a.Warnings.Draft(d.ctx, d.as("officer"), w.c.ID, in)
		if err == nil {
			_, err = d.a.Warnings.Act(d.ctx, d.as("officer"), x.ID, "submit", "", x.Rev)
		}
		return err
	})
}

// lighterNotice is the 通告 of the lighter case to the 邵东 maker whose
// novelty lighters are detained.
func lighterNotice(uscc string, id risk.ID, start time.Time) warning.Input {
	return warning.Input{Class: warning.ClassNotice, Title: "关于出口新奇造型打火机防儿童开启装置问题的风险警示通告",
		Scope:    warning.Scope{HSPrefixes: []string{"9613"}, USCCs: []string{uscc}},
		Matters:  "你单位出口的骰子造型打火机多批次被扣留检测，部分样品无防止儿童开启装置，不符合 EN 13869 和欧盟 2006/502/EC 决定要求。",
		Advice:   "请立即停止生产和出口新奇造型打火机，对在库产品逐批加装防儿童开启装置并自检，于 15 个工作日内书面报告整改情况。",
		StartsAt: start, ValidUntil: start.AddDate(0, 6, 0), Addressees: []risk.ID{id},
		Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 5}, {Kind: warning.CondExpiresAt}}}
}

// planCeramics: RASFF notifications of lead, cadmium and formaldehyde
// migrating from Chinese ceramic and bamboo tableware, and a laboratory's
// failed test of 醴陵 plates, become a case; its high risk gives a grade
// III 通报 whose measures put in force 100 % laboratory testing of ceramic
// tableware (6911, 6912), a 50 % physical inspection ratio of ceramic and
// bamboo tableware (4419), trace investigation and the exporters' own
// recall of nonconforming lots.
func (d *demo) planCeramics(w *walk) {
	tl := d.tl
	var lab risk.ID
	tl.add(tl.at(49, 14, 0), "ceramics lab report", func() error {
		res, err := d.a.Signals.Create(d.ctx, d.as("lab"), []signal.Input{{ExternalRef: "JC-" + tl.at(49, 0, 0).Format("20060102") + "-031",
			ReceivedAt: tl.at(49, 13, 30), Region: "430281", Hazard: "chemical",
			Product:     signal.Product{Name: "釉上彩陶瓷盘（10 英寸）", HSCode: "6911101100", Origin: "CN", Manufacturer: "醴陵市瓷城陶瓷进出口有限公司"},
			Description: "委托检测 3 批出口釉上彩陶瓷盘，1 批 4% 乙酸浸泡 24 h 铅溶出量 2.6 mg/L，超过 GB 4806.4-2016 及欧盟 84/500/EEC 限量；镉未检出超限。"}})
		if err == nil {
			lab = res[0].ID
		}
		return err
	})
	tl.add(tl.at(47, 10, 0), "ceramics case", func() error {
		var ids []risk.ID
		for _, n := range ceramicsNotifications {
			id, err := d.foreignSignal("rasff", n)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return w.open("欧盟 RASFF 2023–2024 年多次通报中国产陶瓷、竹木餐具铅、镉、甲醛迁移超标；实验室检测发现醴陵出口釉上彩陶瓷盘铅溶出超标。醴陵为陶瓷餐具主要产区，益阳为竹制餐具主要产区。",
			append(ids, lab))
	})
	tl.add(tl.at(46, 10, 0), "ceramics assessment", func() error {
		return w.assess(assess.Input{Product: "出口食品接触用陶瓷餐具（釉上彩）和竹木餐具", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{
				{Description: "长期用铅溶出超标的陶瓷餐具盛放酸性食物，铅经口摄入", Hazard: "chemical", Population: "儿童及孕妇", Vulnerable: true,
					Injury: "慢性铅暴露，神经发育损害", Severity: 3,
					Steps: []assess.Step{{Description: "餐具铅溶出超标", Probability: "1/10"}, {Description: "长期盛放酸性食物", Probability: "1/5"},
						{Description: "摄入量达到损害水平", Probability: "1/100"}},
					Uncertainty: "high", Notes: "溶出量取自 RASFF 通报和实验室检测；暴露比例缺少本地数据。"},
				{Description: "竹木餐具甲醛迁移", Hazard: "chemical", Population: "一般消费者", Injury: "刺激症状", Severity: 1,
					Steps: []assess.Step{{Probability: "1/50"}}, Uncertainty: "medium"},
			}})
	})
	tl.add(tl.at(45, 9, 30), "ceramics approval", func() error { return w.approve("同意，按高风险处置。") })
	start := tl.at(45, 15, 0)
	tl.add(tl.at(45, 10, 30), "ceramics bulletin", func() error {
		return w.draft(warning.Input{Class: warning.ClassBulletin, Title: "关于加强出口食品接触用陶瓷和竹木餐具检验监管的风险警示通报",
			Scope:    warning.Scope{HSPrefixes: []string{"6911", "6912", "4419"}},
			Matters:  "欧盟 RASFF 2023–2024 年通报中国产陶瓷餐具铅、镉迁移超标和竹木餐具甲醛、铅迁移超标共 7 起；实验室检测发现醴陵出口釉上彩陶瓷盘铅溶出超标。",
			Advice:   "各口岸对出口陶瓷餐具实施 100% 抽样检测铅、镉溶出量，对竹木餐具提高查验比例至 50%；生产企业对不合格批次自主召回并报告整改情况。",
			StartsAt: start, ValidUntil: start.AddDate(0, 6, 0),
			Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 10}, {Kind: warning.CondNoSignals, Days: 60}, {Kind: warning.CondExpiresAt}},
			Recipients: []string{"hn-amr"}})
	})
	tl.add(tl.at(45, 14, 0), "ceramics bulletin approved", func() error { return w.act("approver", "approve", "同意发布。") })
	tl.add(tl.at(45, 14, 30), "ceramics measures planned", func() error {
		return w.plan(0, true, func(b []measure.Input) []measure.Input {
			for i := range b {
				if b[i].Type == "raised-lab-test" {
					b[i].Rate, b[i].Scope = 1, warning.Scope{HSPrefixes: []string{"6911", "6912"}}
					b[i].EffectMetric = "陶瓷餐具铅、镉溶出检测不合格率"
					// Accepted laboratories' reports on both releases spare the test.
					b[i].Acceptance = &measure.Acceptance{TestItems: []string{"铅溶出量", "镉溶出量"}, Decision: "document_check"}
				}
			}
			return b
		})
	})
	tl.add(start, "ceramics bulletin issued", func() error { return w.act("officer", "issue", "") })
	tl.add(tl.at(45, 15, 30), "ceramics measures", func() error { return w.enforce(0) })
}

// planFireworks: two failed port inspections of 浏阳 fireworks become a
// case; its medium risk gives a grade IV 通告 to the exporter, whose
// measure raises the physical inspection ratio of its fireworks to 15 %.
// The exporter reports its own checks back; its later lots pass, so that
// three weeks without a new signal meet the lifting conditions and the
// nightly evaluation proposes lifting it (the approver has not yet).
func (d *demo) planFireworks(w *walk) {
	tl := d.tl
	firm := d.usccs[firms[0].nameZh]
	var failed []risk.ID
	for i, f := range []struct {
		days              int
		name, findings    string
		port, destination string
	}{
		{43, "组合烟花（36 发）", "抽样 5 件，2 件单发药量 32 g，超过 GB 10631-2013 规定的 25 g 限量。", "4900", "US"},
		{42, "组合烟花（49 发）", "抽样 5 件，1 件发射药与效果药混装，燃放试验中筒体侧向喷火。", "4908", "DE"},
	} {
		tl.add(tl.at(f.days, 15, 0), "fireworks inspection", func() error {
			x, _, err := d.a.Inspections.Record(d.ctx, d.as("inspector"), inspection.Input{Result: inspection.ResultFail, Findings: f.findings,
				InspectedAt: tl.at(f.days, 14, 30), ExternalRef: fmt.Sprintf("CIQ-%s-%02d", tl.at(f.days, 0, 0).Format("20060102"), i+1),
				Lot: warning.Lot{HSCode: "3604100000", Name: f.name, USCC: firm, Manufacturer: firms[0].nameZh, Origin: "CN", Destination: f.destination,
					Port: f.port, TradeMode: "0110"}})
			if err == nil {
				failed = append(failed, x.SignalID)
			}
			return err
		})
	}
	tl.add(tl.at(40, 10, 0), "fireworks case", func() error {
		return w.open("浏阳出口组合烟花连续两批口岸查验不合格（单发药量超标、发射药与效果药混装）；美国 NEISS 数据显示烟花伤害集中在独立日前后。须督促出口企业自查整改。", failed)
	})
	tl.add(tl.at(39, 10, 0), "fireworks assessment", func() error {
		return w.assess(assess.Input{Product: "出口组合烟花（36–49 发）", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{{Description: "单发药量超标的组合烟花燃放时异常爆炸，燃放者手部烧伤", Hazard: "burns", Population: "燃放者",
				Injury: "手部烧伤，急诊处理", Severity: 2,
				Steps:       []assess.Step{{Description: "批次中含药量超标产品", Probability: "1/10"}, {Description: "燃放时异常爆炸并伤及燃放者", Probability: "1/500"}},
				Uncertainty: "medium"}}})
	})
	tl.add(tl.at(39, 16, 0), "fireworks approval", func() error { return w.approve("同意，按中风险处置，向企业发布通告。") })
	start := tl.at(38, 15, 0)
	tl.add(tl.at(38, 10, 0), "fireworks notice", func() error {
		return w.draft(warning.Input{Class: warning.ClassNotice, Title: "关于出口组合烟花药量超标问题的风险警示通告",
			Scope:    warning.Scope{HSPrefixes: []string{"3604"}, USCCs: []string{firm}},
			Matters:  "你单位出口的组合烟花连续两批口岸查验不合格：单发药量超过 GB 10631-2013 限量，发射药与效果药混装。",
			Advice:   "请立即对在库和待出口批次开展自查，暂停不合格批次出口，于 10 个工作日内书面报告自查和整改情况；海关对你单位出口烟花提高查验比例。",
			StartsAt: start, ValidUntil: start.AddDate(0, 3, 0), Addressees: []risk.ID{d.ids[firms[0].nameZh]},
			Conditions: []warning.Condition{{Kind: warning.CondNoSignals, Days: 21}, {Kind: warning.CondExpiresAt}}})
	})
	tl.add(tl.at(38, 11, 0), "fireworks notice approved", func() error { return w.act("approver", "approve", "同意。") })
	tl.add(tl.at(38, 14, 0), "fireworks measure planned", func() error { return w.plan(0, true, nil) })
	tl.add(start, "fireworks notice issued", func() error { return w.act("officer", "issue", "") })
	tl.add(tl.at(38, 15, 30), "fireworks measures", func() error { return w.enforce(0) })
	tl.add(tl.at(31, 16, 20), "fireworks self-report", func() error {
		_, err := d.a.Signals.Create(d.ctx, d.as("enterprise"), []signal.Input{{ExternalRef: "ZC-" + tl.at(31, 0, 0).Format("20060102") + "-01",
			ReceivedAt: tl.at(31, 16, 0), Region: "430181", Hazard: "burns",
			Product:     signal.Product{Name: "组合烟花（36 发、49 发）", HSCode: "3604100000", Origin: "CN", Manufacturer: firms[0].nameZh},
			Description: "关于通告所列问题的自查报告：已对在库 12 批组合烟花逐批复检，2 批单发药量超标已隔离返工；装药工序增加称量复核，发射药与效果药分区存放。"}})
		return err
	})
}

// planToys: Safety Gate alerts on Chinese toys with small parts and the
// failed inspections of a toy maker's exports become a case whose
// assessment waits for the approver.
func (d *demo) planToys(w *walk) {
	tl := d.tl
	tl.add(tl.at(5, 10, 0), "toys case", func() error {
		var ids []risk.ID
		for _, n := range toyAlerts {
			id, err := d.foreignSignal("safetygate", n)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		fails, _, err := d.a.Signals.List(d.ctx, d.as("officer"), signal.Filter{Channel: "port-nonconformity", HS: "9503", Status: signal.StatusNew, Paging: risk.Paging{Limit: 20}})
		if err != nil {
			return err
		}
		for _, g := range fails {
			ids = append(ids, g.ID)
		}
		return w.open("欧盟 Safety Gate 2024 年通报中国产布书、玩具车、发条火车等玩具小零件脱落致窒息风险 7 起；永州出口玩具近期口岸查验发现小零件脱落。", ids)
	})
	tl.add(tl.at(4, 15, 0), "toys assessment", func() error {
		return w.assess(assess.Input{Product: "出口婴幼儿玩具（布书、塑料玩具车、发条玩具）", Assessor: "李敏", Organisation: "长沙海关风险管理处",
			Scenarios: []assess.Scenario{{Description: "36 个月以下儿童咬下或拉下小零件并吞咽", Hazard: "choking", Population: "36 个月以下儿童", Vulnerable: true,
				Injury: "气道阻塞窒息", Severity: 4,
				Steps: []assess.Step{{Description: "玩具小零件可被拉下", Probability: "1/20"}, {Description: "儿童将小零件放入口中", Probability: "1/10"},
					{Description: "吞咽致气道阻塞", Probability: "1/10"}},
				Uncertainty: "medium", Notes: "拉力试验结果取自口岸查验记录。"}}})
	})
}
