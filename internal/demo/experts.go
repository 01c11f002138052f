package demo

import (
	"errors"
	"fmt"

	"riskgate/internal/assess"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// Profiles and experts of the whole demo. The food profile's cells and
// the GB/T 22760 profile's are the demo's: the GB/T 22760 profile names
// its severities as GB/T 22760-2008 does (微弱、一般、严重、非常严重) and
// keeps the EU method's bands and cells until the expert committee enters
// the standard's own table as a new version (docs/ASSESSMENT.md).
const (
	FoodProfile = "food-2026"
	GBTProfile  = "gbt-22760"
)

// foodProfile is version 1 of the demo's food profile.
func foodProfile() *assess.Profile {
	return &assess.Profile{Name: FoodProfile, TitleZh: "进出口食品风险矩阵（演示）", TitleEn: "Import and export food risk matrix (demo)", Severities: 4,
		Definitions: []assess.Severity{
			{Zh: "轻微不适，可自行恢复", En: "mild discomfort, self-limiting"},
			{Zh: "需就医的急性健康损害", En: "acute harm needing medical care"},
			{Zh: "住院或持续较长的健康损害", En: "hospitalisation or lasting harm"},
			{Zh: "致死、致癌或其他不可逆损害", En: "fatal, carcinogenic or other irreversible harm"}},
		Rows: []assess.Row{
			{Min: "1/100", Max: "1", Levels: []risk.Level{"medium", "high", "serious", "serious"}},
			{Min: "1/1000", Max: "1/100", Levels: []risk.Level{"low", "medium", "high", "serious"}},
			{Min: "1/100000", Max: "1/1000", Levels: []risk.Level{"low", "low", "medium", "high"}},
			{Min: "0", Max: "1/100000", Levels: []risk.Level{"low", "low", "low", "medium"}}},
		PanelLevels: []risk.Level{"serious"}}
}

// gbtProfile is version 1 of the demo's GB/T 22760 profile.
func gbtProfile() (*assess.Profile, error) {
	ps, err := assess.BuiltinProfiles()
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		if p.Name == assess.DefaultProfile {
			g := &assess.Profile{Name: GBTProfile, TitleZh: "消费品安全风险评估（GB/T 22760 结构）", TitleEn: "Consumer product safety risk assessment (GB/T 22760 structure)",
				Severities: 4, Definitions: []assess.Severity{
					{Zh: "微弱：无需治疗或仅需急救，可完全恢复", En: "Slight: no treatment or first aid, fully reversible"},
					{Zh: "一般：需门诊或急诊治疗，短期内恢复", En: "Moderate: outpatient or emergency treatment, recovery within months"},
					{Zh: "严重：需住院，或造成持久性损伤", En: "Serious: hospitalisation, or lasting harm"},
					{Zh: "非常严重：致死或永久性严重残疾", En: "Very serious: fatal, or permanent disability"}},
				PanelLevels: []risk.Level{"serious", "high"}}
			for _, r := range p.Rows {
				g.Rows = append(g.Rows, assess.Row{Min: r.Min, Max: r.Max, Levels: append([]risk.Level(nil), r.Levels...)})
			}
			return g, nil
		}
	}
	return nil, fmt.Errorf("demo: no %s profile", assess.DefaultProfile)
}

// demoExperts are the register's entries: who, and which firm each must
// not review. The inspector account is the first expert's.
var demoExperts = []struct {
	name, field, org, title, login, conflict, reason string
}{
	{"刘洋", "toys_children", "长沙海关技术中心", "高级工程师", "inspector", "", ""},
	{"吴建国", "risk_methods", "中南大学公共卫生学院", "教授", "", "", ""},
	{"陈丽华", "toys_children", "湖南省产商品质量检验研究院", "正高级工程师", "", "", ""},
	{"谭志远", "toys_children", "湖南省玩具行业协会", "高级工程师", "", "永州潇湘玩具制造有限公司", "技术顾问"},
	{"周晓岚", "food_safety", "湖南农业大学食品科学技术学院", "教授", "", "衡阳雁城食品进出口有限公司", "持股"},
	{"黄海涛", "fireworks_explosives", "湖南省烟花爆竹产品质量监督检验中心", "研究员", "", "湖南湘江烟花进出口有限公司", "曾任职"},
}

// planExperts plans the assessment profiles and the expert register when
// no food profile is stored: sixty days before the load the administrator
// adds the food profile and the GB/T 22760 profile, previews and activates
// them, and registers six experts; twenty days before it writes version 2
// of the food profile, previews it against version 1 and activates it.
// After the toys assessment is submitted (four days before), the officer
// convenes its panel — the toy association's expert, a technical adviser
// of the toy maker, is refused — and records two experts' opinions from
// the panel's meeting; the third, the inspector's account, gives its own;
// two days before the load the panel confirms the serious grade, so the
// approver may approve.
func (d *demo) planExperts() error {
	if vs, err := d.a.DB.Assessments().ProfileVersions(d.ctx, FoodProfile); err != nil || len(vs) > 0 {
		return err
	}
	tl, admin, off := d.tl, d.as("admin"), d.as("officer")
	tl.add(tl.at(60, 9, 0), "assessment profiles", func() error {
		g, err := gbtProfile()
		if err != nil {
			return err
		}
		for _, p := range []*assess.Profile{foodProfile(), g} {
			sp, err := d.a.Assess.SaveProfileDraft(d.ctx, admin, p, "首版")
			if err != nil {
				return fmt.Errorf("profile %s: %w", p.Name, err)
			}
			if _, err := d.a.Assess.PreviewProfile(d.ctx, admin, p.Name, sp.Profile.Version, nil); err != nil {
				return err
			}
			if _, err := d.a.Assess.ActivateProfile(d.ctx, admin, p.Name, sp.Profile.Version); err != nil {
				return err
			}
		}
		return nil
	})
	tl.add(tl.at(59, 10, 0), "experts", func() error {
		for _, x := range demoExperts {
			in := expert.Input{Name: x.name, Field: x.field, Organisation: x.org, Title: x.title}
			if x.login != "" {
				in.UserID = d.as(x.login).UserID
			}
			if x.conflict != "" {
				in.Conflicts = []expert.Conflict{{USCC: d.usccs[x.conflict], Name: x.conflict, Reason: x.reason}}
			}
			e, err := d.a.Experts.Create(d.ctx, admin, in)
			if err != nil {
				return fmt.Errorf("expert %s: %w", x.name, err)
			}
			d.ids["expert:"+x.name] = e.ID
		}
		return nil
	})
	tl.add(tl.at(20, 11, 0), "food profile v2", func() error {
		p := foodProfile()
		p.Rows[2].Levels[1] = "medium" // 1/100000 ≤ p < 1/1000, severity 2: low → medium
		sp, err := d.a.Assess.SaveProfileDraft(d.ctx, admin, p, "低概率区间伤害程度 2 上调为中风险（专家委员会建议）")
		if err != nil {
			return err
		}
		if _, err := d.a.Assess.PreviewProfile(d.ctx, admin, FoodProfile, sp.Profile.Version, nil); err != nil {
			return err
		}
		_, err = d.a.Assess.ActivateProfile(d.ctx, admin, FoodProfile, sp.Profile.Version)
		return err
	})
	toys := func() (*assess.Assessment, error) {
		c, err := caseByTitle(d.ctx, d.a, toysCaseTitle)
		if err != nil || c == nil {
			return nil, fmt.Errorf("demo: toys case: %v", err)
		}
		xs, err := d.a.Assess.ByCase(d.ctx, off, c.ID)
		if err != nil || len(xs) == 0 {
			return nil, fmt.Errorf("demo: toys assessment: %v", err)
		}
		return xs[0], nil
	}
	tl.add(tl.at(4, 16, 0), "toys panel", func() error {
		x, err := toys()
		if err != nil {
			return err
		}
		if _, err := d.a.Assess.AddPanelist(d.ctx, off, x.ID, d.ids["expert:谭志远"]); !errors.Is(err, risk.ErrConflict) {
			return fmt.Errorf("demo: the toy maker's adviser joined the toys panel: %v", err)
		}
		for _, n := range []string{"陈丽华", "吴建国", "刘洋"} {
			if _, err := d.a.Assess.AddPanelist(d.ctx, off, x.ID, d.ids["expert:"+n]); err != nil {
				return err
			}
		}
		return nil
	})
	tl.add(tl.at(3, 15, 0), "toys panel opinions", func() error {
		x, err := toys()
		if err != nil {
			return err
		}
		if _, err := d.a.Assess.GiveOpinion(d.ctx, off, x.ID, d.ids["expert:陈丽华"], assess.StanceAgree,
			"小零件拉力试验不合格批次比例与口岸查验记录一致，同意严重风险结论。"); err != nil {
			return err
		}
		_, err = d.a.Assess.GiveOpinion(d.ctx, off, x.ID, d.ids["expert:吴建国"], assess.StanceAmend,
			"“放入口中”概率 1/10 对 36 个月以下儿童偏低，宜取 1/5；结论仍为严重风险。")
		return err
	})
	tl.add(tl.at(3, 17, 0), "toys panel inspector", func() error {
		x, err := toys()
		if err != nil {
			return err
		}
		_, err = d.a.Assess.GiveOpinion(d.ctx, d.as("inspector"), x.ID, d.ids["expert:刘洋"], assess.StanceAgree,
			"口岸查验中布书缝线和玩具车轮轴脱落问题多次出现，同意评估结论。")
		return err
	})
	tl.add(tl.at(2, 10, 0), "toys panel conclusion", func() error {
		x, err := toys()
		if err != nil {
			return err
		}
		_, err = d.a.Assess.ConcludePanel(d.ctx, off, x.ID, assess.OutcomeConfirm,
			"专家组一致认为 36 个月以下儿童吞咽小零件致窒息的风险为严重风险，维持评估结论；建议在措施中加严口岸拉力试验。")
		return err
	})
	return nil
}
