package demo

import (
	"fmt"

	"riskgate/internal/inspection"
	"riskgate/internal/petition"
	"riskgate/internal/risk"
)

// fireworksNoticeTitle is the title of the fireworks case's 通告 to the
// demo enterprise.
const fireworksNoticeTitle = "关于出口组合烟花药量超标问题的风险警示通告"

// planPetitions plans the demo's petition to lift when there is none yet:
// two days before the load the demo enterprise (湖南湘江烟花进出口有限公司)
// petitions to lift its 通告's raised inspection ratio, citing its latest
// lots inspected (or tested) and passed since the measure took effect — at
// most five, the run the ports recorded. It waits for 长沙海关's review.
func (d *demo) planPetitions() error {
	_, n, err := d.a.Petitions.List(d.ctx, risk.System, petition.Filter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	tl.add(tl.at(2, 10, 30), "fireworks petition", func() error {
		firm := d.as("enterprise")
		ds, err := d.a.Warnings.Inbox(d.ctx, firm)
		if err != nil {
			return err
		}
		var id risk.ID
		for _, x := range ds {
			if x.Warning.Title == fireworksNoticeTitle {
				id = x.Warning.ID
			}
		}
		if id == 0 {
			return fmt.Errorf("demo petition: the fireworks notice is not in the enterprise's inbox")
		}
		o, err := d.a.Petitions.OptionsOf(d.ctx, firm, id)
		if err != nil {
			return err
		}
		if len(o.Measures) == 0 {
			return fmt.Errorf("demo petition: the fireworks notice has no measure in force")
		}
		m := o.Measures[0]
		// The firm's declarations since the measure, newest last, whose
		// every line has a result and all passed.
		uscc := d.usccs[firms[0].nameZh]
		var passed []string
		for _, p := range d.declarations() {
			if p.decl.ConsignorUSCC != uscc || !p.at.After(m.StartsAt) || !p.at.Before(tl.at(4, 0, 0)) {
				continue
			}
			xs, err := d.a.Inspections.LineResults(d.ctx, risk.System, p.decl.Number, len(p.decl.Lines))
			if err != nil {
				return err
			}
			ok := map[string]bool{}
			bad := false
			for _, x := range xs {
				if !x.Current() {
					continue
				}
				bad = bad || x.Result != inspection.ResultPass
				ok[x.DeclarationRef] = true
			}
			if !bad && len(ok) == len(p.decl.Lines) {
				passed = append(passed, p.decl.Number)
			}
		}
		if len(passed) > 5 {
			passed = passed[len(passed)-5:]
		}
		_, err = d.a.Petitions.File(d.ctx, firm, petition.Input{MeasureID: m.ID, Declarations: passed,
			Grounds: "通告所列问题已整改：装药工序增加称量复核，发射药与效果药分区存放；整改后出口的组合烟花逐批经口岸查验合格（见所列报关单）。申请解除对本企业出口烟花提高查验比例的措施。"})
		return err
	})
	return nil
}
