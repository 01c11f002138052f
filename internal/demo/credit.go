package demo

import (
	"fmt"
	"strings"

	"riskgate/internal/credit"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Credit stories of the whole demo.
const (
	creditLighterNote = "邵东市永明打火机制造有限公司出口的骰子造型打火机多批次无防止儿童开启装置，被扣留后仍继续出口同款产品。"
	creditLateRef     = "长关通〔2026〕58号"
)

// planCredit plans the demo's credit stories when there are no credit
// events yet: four days before the load, under the lighter case's warning
// in force, 长沙海关 puts a credit adjustment into effect on the 邵东
// lighter maker (its tier falls by the warning's grade, and the ports
// sample its lines at the new rate); the demo enterprise, whose late
// documents were recorded as a minor event (tolerated: its tier stays)
// months ago, applies two days before the load to repair it, and the
// application waits for 长沙海关's approver.
func (d *demo) planCredit() error {
	_, n, err := d.a.Credit.Events(d.ctx, risk.System, credit.EventFilter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	xiangjiang := d.usccs[firms[0].nameZh]
	tl.add(tl.at(40, 15, 0), "late documents recorded", func() error {
		_, _, err := d.a.Credit.Record(d.ctx, d.as("officer"), credit.EventInput{EnterpriseUSCC: xiangjiang, Kind: "late-documents",
			Severity: credit.Minor, OccurredOn: credit.Today(tl.at(120, 0, 0)), Reference: creditLateRef,
			Note: "出口组合烟花的危险货物包装使用鉴定结果单逾期 12 天补交。"})
		return err
	})
	tl.add(tl.at(4, 11, 0), "lighter credit adjustment", func() error {
		officer := d.as("officer")
		ws, _, err := d.a.Warnings.List(d.ctx, officer, warning.Filter{Text: "打火机", Paging: risk.Paging{Limit: 50}})
		if err != nil {
			return err
		}
		var in *warning.Warning
		for _, w := range ws {
			if w.Status.Active() && w.Class == warning.ClassBulletin && strings.Contains(w.Title, "打火机") {
				in = w
				break
			}
		}
		if in == nil {
			return fmt.Errorf("demo credit: no lighter bulletin in force")
		}
		maker := d.usccs[moreFirms[0].nameZh]
		ms, err := d.a.Measures.Plan(d.ctx, officer, in.ID, []measure.Input{{Type: "credit-adjustment",
			Scope: warning.Scope{USCCs: []string{maker}}, Note: creditLighterNote, EffectMetric: "该企业出口打火机逐批查验"}})
		if err != nil {
			return err
		}
		_, err = d.a.Measures.Act(d.ctx, officer, ms[0].ID, "enforce", "", ms[0].Rev)
		return err
	})
	tl.add(tl.at(2, 9, 40), "credit repair applied for", func() error {
		firm := d.as("enterprise")
		evs, _, err := d.a.Credit.Events(d.ctx, firm, credit.EventFilter{Status: credit.InForce, Paging: risk.Paging{Limit: 10}})
		if err != nil {
			return err
		}
		var ids []risk.ID
		for _, e := range evs {
			if e.Reference == creditLateRef {
				ids = append(ids, e.ID)
			}
		}
		_, err = d.a.Credit.ApplyRepair(d.ctx, firm, credit.RepairInput{EventIDs: ids,
			Evidence:  "已建立单证到期提醒台账，由专人每周核对危险货物包装鉴定结果单的有效期；此后各批次单证均按时提交。",
			Documents: []string{"单证管理制度（2026 年修订）", "此后 10 批出口报关单的单证提交记录"}})
		return err
	})
	return nil
}
