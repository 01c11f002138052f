package demo

import (
	"context"
	_ "embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/ident"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

//go:embed data/eu_safety_gate_alerts_sample.csv
var safetyGateCSV string

// coreAlerts are the Safety Gate alerts the core carries: a toy set left
// in triage and the two novelty lighters of the case.
var coreAlerts = []string{"A12/02685/24", "SR/03746/24", "SR/03726/24"}

// alert is a row of the Safety Gate extract.
type alert struct {
	Number, Category, Name, Brand, Description, Origin, Risk, Barcode string
}

// alerts returns the rows of the extract with the given numbers, in the
// extract's order.
func alerts(numbers ...string) ([]alert, error) {
	rows, err := csv.NewReader(strings.NewReader(safetyGateCSV)).ReadAll()
	if err != nil {
		return nil, err
	}
	var out []alert
	for _, r := range rows[1:] {
		if slices.Contains(numbers, r[0]) {
			out = append(out, alert{Number: r[0], Category: r[1], Name: r[2], Brand: r[3], Description: r[4], Origin: r[5], Risk: r[6], Barcode: r[7]})
		}
	}
	return out, nil
}

// demoCaseTitle marks the demo case, so that a second load finds it.
const demoCaseTitle = "新奇造型打火机烧伤风险（欧盟 Safety Gate 通报）"

// loadLifecycle carries real Safety Gate alerts through the whole walk:
// signals → case → approved assessment → issued 通报 and 公告 with
// measures → inspection results. It does nothing when the case exists.
func loadLifecycle(ctx context.Context, a *app.App) error {
	actor := func(login string) (risk.Actor, error) {
		u, _, err := a.DB.Auth().UserByLogin(ctx, login)
		if err != nil {
			return risk.Actor{}, err
		}
		return u.Actor(), nil
	}
	off, err := actor("officer")
	if err != nil {
		return err
	}
	appr, err := actor("approver")
	if err != nil {
		return err
	}
	insp, err := actor("inspector")
	if err != nil {
		return err
	}
	if _, n, err := a.Cases.List(ctx, off, casefile.Filter{Text: demoCaseTitle}); err != nil || n > 0 {
		return err
	}
	rows, err := alerts(coreAlerts...)
	if err != nil {
		return err
	}
	// 1. Signals: the Safety Gate alerts as foreign notifications, and a
	// domestic complaint about the same kind of product.
	received := time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC)
	var ins []signal.Input
	for i, r := range rows {
		p := signal.Product{Name: r.Name, Brand: r.Brand, Origin: "CN", HSCode: "9613"}
		hazard := "burns"
		if r.Category == "Toys" {
			p.HSCode, hazard = "9503", "choking"
		}
		if _, gerr := ident.ParseGTIN(r.Barcode); r.Barcode != "" && gerr == nil {
			p.GTIN = r.Barcode
		}
		ins = append(ins, signal.Input{Channel: "foreign-notification", ExternalRef: "SafetyGate " + r.Number, ReceivedAt: received.Add(time.Duration(i) * time.Hour),
			Product: p, Hazard: hazard, Description: fmt.Sprintf("EU Safety Gate %s（%s）：%s %s — %s。风险：%s。", r.Number, r.Category, r.Name, r.Brand, r.Description, r.Risk),
			Reporter: signal.Reporter{Name: "EU Safety Gate"}})
	}
	ins = append(ins, signal.Input{Channel: "12315", ExternalRef: "12315-2024-DEMO-0001", ReceivedAt: received.Add(48 * time.Hour), Region: "430500",
		Product: signal.Product{Name: "口红造型打火机", HSCode: "9613", Origin: "CN"}, Hazard: "burns",
		Injuries:    signal.Injuries{Count: 1, Severity: 2},
		Description: "（演示数据）消费者反映儿童将口红造型打火机当作玩具，点燃后烫伤手指。", Reporter: signal.Reporter{Name: "演示投诉人", Contact: "13800000000"}})
	res, err := a.Signals.Create(ctx, off, ins)
	if err != nil {
		return fmt.Errorf("demo signals: %w", err)
	}
	var lighterSignals []risk.ID
	for i, r := range res {
		if i < len(rows) && rows[i].Category == "Toys" {
			continue // stays in triage, for the suggestions view
		}
		lighterSignals = append(lighterSignals, r.ID)
	}
	// 2. Case.
	c, err := a.Cases.Open(ctx, off, casefile.OpenInput{Title: demoCaseTitle, Signals: lighterSignals,
		Summary: "欧盟 Safety Gate 2024 年通报两起中国产新奇造型（口红、骰子）打火机烧伤风险；国内投诉反映儿童误当玩具使用。湖南邵东为打火机主要产区。"})
	if err != nil {
		return fmt.Errorf("demo case: %w", err)
	}
	// 3. Assessment, approved.
	x, err := a.Assess.Draft(ctx, off, c.ID, lighterAssessment())
	if err == nil {
		x, err = a.Assess.Submit(ctx, off, x.ID, x.Rev)
	}
	if err == nil {
		x, err = a.Assess.Decide(ctx, appr, x.ID, "approve", "同意，按严重风险处置。", x.Rev)
	}
	if err != nil {
		return fmt.Errorf("demo assessment: %w", err)
	}
	// 4. Warnings: a bulletin to regulators and ports, a public announcement.
	now := a.DB.Now() // the database's clock, so that a test can fix the day
	issue := func(in warning.Input) (*warning.Warning, error) {
		w, err := a.Warnings.Draft(ctx, off, c.ID, in)
		for _, st := range []struct {
			who    risk.Actor
			action string
		}{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
			if err != nil {
				break
			}
			w, err = a.Warnings.Act(ctx, st.who, w.ID, st.action, "", w.Rev)
		}
		return w, err
	}
	bulletin, err := issue(lighterBulletin(now))
	if err != nil {
		return fmt.Errorf("demo bulletin: %w", err)
	}
	if _, err := issue(lighterAnnouncement(now)); err != nil {
		return fmt.Errorf("demo announcement: %w", err)
	}
	// 5. Measures: the grade's default bundle on the bulletin, and a raised
	// inspection ratio at the ports with a deadline for its review.
	bundle, err := a.Measures.Propose(ctx, off, bulletin.ID)
	if err != nil {
		return err
	}
	review := now.AddDate(0, 1, 0)
	bundle = append(bundle, measure.Input{Type: "raised-lab-test", Rate: 0.3, Supporting: []string{"hn-amr"}, Deadline: &review,
		EffectMetric: "防儿童开启性能检测不合格率"})
	ms, err := a.Measures.Plan(ctx, off, bulletin.ID, bundle)
	if err != nil {
		return fmt.Errorf("demo measures: %w", err)
	}
	for _, m := range ms {
		if m.Type == "seal-detain" || m.Type == "destruction" {
			continue
		}
		if _, err := a.Measures.Act(ctx, off, m.ID, "enforce", "", m.Rev); err != nil {
			return fmt.Errorf("demo measure %s: %w", m.Type, err)
		}
	}
	// 6. Inspection results at 长沙黄花机场 and 长沙 ports.
	lots := []struct {
		result, findings, port, name string
	}{
		{"pass", "", "4900", "一次性打火机（口红造型）"},
		{"fail", "抽样 20 只，6 只无防止儿童开启装置。", "4900", "骰子造型打火机"},
		{"pass", "", "4908", "一次性打火机"},
	}
	for i, l := range lots {
		if _, _, err := a.Inspections.Record(ctx, insp, inspection.Input{Result: l.result, Findings: l.findings,
			InspectedAt: now.Add(time.Duration(i-3) * time.Hour), ExternalRef: fmt.Sprintf("DEMO-CIQ-%03d", i+1),
			Lot: warning.Lot{HSCode: "9613800000", Name: l.name, Origin: "CN", Destination: "DE", Port: l.port, TradeMode: "0110"}}); err != nil {
			return fmt.Errorf("demo inspection: %w", err)
		}
	}
	a.Log.Info("demo lifecycle loaded", "case", c.Number, "bulletin", bulletin.Number)
	return nil
}

// lighterAssessment is the assessment of the lighter case: serious.
func lighterAssessment() assess.Input {
	return assess.Input{Product: "新奇造型一次性打火机（口红、骰子造型），无防止儿童开启装置", Assessor: "李敏", Organisation: "长沙海关风险管理处",
		Scenarios: []assess.Scenario{
			{Description: "儿童把外形似玩具的打火机当作玩具，点燃后烧伤", Hazard: "burns", Population: "3–8 岁儿童", Vulnerable: true, Injury: "手部、面部烧伤", Severity: 3,
				Steps: []assess.Step{{Description: "家中有此类打火机且儿童可以拿到", Probability: "1/10"}, {Description: "儿童将其当作玩具", Probability: "1/2"},
					{Description: "儿童能够点燃（无防儿童开启装置）", Probability: "1/2"}, {Description: "点燃后烧伤需住院", Probability: "1/10"}},
				Uncertainty: "medium", Notes: "概率参考欧盟同类通报；儿童开启比例缺少本地数据。"},
			{Description: "成年人使用时火焰过高烫伤", Hazard: "burns", Population: "成年使用者", Injury: "手部轻度烫伤", Severity: 1,
				Steps: []assess.Step{{Probability: "1/100"}}, Uncertainty: "low"},
		}}
}

// lighterScope is the scope of the lighter warnings.
func lighterScope() warning.Scope {
	return warning.Scope{HSPrefixes: []string{"9613"}, Keywords: []string{"打火机"}, Countries: []string{"CN"}}
}

// lighterBulletin is the 通报 of the lighter case, to the ports and the
// market regulator, in force for six months from start.
func lighterBulletin(start time.Time) warning.Input {
	return warning.Input{Class: warning.ClassBulletin, Title: "关于加强新奇造型打火机进出口检验监管的风险警示通报",
		Urgency: warning.UrgencyNormal, Reach: warning.ReachLocal, Scope: lighterScope(),
		Matters:  "欧盟通报中国产新奇造型打火机存在烧伤风险，产品外形似玩具、无防止儿童开启装置，不符合欧盟 2006/502/EC 决定要求。",
		Advice:   "各口岸对出口新奇造型打火机加严查验并抽样检测防儿童开启性能；市场监管部门加强国内市场抽查。",
		StartsAt: start, ValidUntil: start.AddDate(0, 6, 0),
		Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 5}, {Kind: warning.CondNoSignals, Days: 90}, {Kind: warning.CondExpiresAt}},
		Recipients: []string{"hn-amr", "hn-commerce"}}
}

// lighterAnnouncement is the 公告 of the lighter case, to the public.
func lighterAnnouncement(start time.Time) warning.Input {
	return warning.Input{Class: warning.ClassAnnouncement, Title: "警惕新奇造型打火机烧伤风险",
		Urgency: warning.UrgencyNormal, Reach: warning.ReachLocal, Scope: lighterScope(),
		Summary:  "口红、骰子等新奇造型的一次性打火机外形似玩具，儿童容易误用导致烧伤。",
		Matters:  "部分新奇造型打火机无防止儿童开启装置，外形易被儿童当作玩具。",
		Advice:   "请勿购买外形似玩具的打火机；已购买的请放在儿童接触不到的地方；发现问题产品请拨打 12315 或 12360 反映。",
		StartsAt: start, ValidUntil: start.AddDate(0, 6, 0),
		Conditions: []warning.Condition{{Kind: warning.CondExpiresAt}}}
}
