package demo

import (
	"fmt"

	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// planRecalls plans the whole demo's recalls when there are none yet:
//
//   - the 邵东 maker's dice-shaped lighters (the lighter case's Safety Gate
//     alerts SR/03746/24 and SR/03726/24): opened by the market regulator
//     on learning of the recall abroad, investigated, the defect confirmed,
//     the maker's plan filed (refund, 90 %), the notice published, the
//     recall run with three progress reports (81 % at the end, short of
//     the target) and completed, its summary filed — awaiting the
//     regulator's evaluation of its effect;
//   - the demo enterprise's own report, two days before the load, of a
//     cake of fireworks (lot XJ36-0301) its American importer recalls:
//     suspected, the regulator's to investigate; the next day the market
//     regulator traces the lot forward from the recall's page and adds the
//     two importers abroad it reached as the recall's distributors.
func (d *demo) planRecalls() error {
	_, n, err := d.a.Recalls.List(d.ctx, risk.System, recall.Filter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	var id risk.ID
	rev := 0
	step := func(days, hh int, login, action, note string) {
		tl.add(tl.at(days, hh, 0), "lighter recall: "+action, func() error {
			r, err := d.a.Recalls.Act(d.ctx, d.as(login), id, action, note, rev)
			if err == nil {
				rev = r.Rev
			}
			return err
		})
	}
	maker := moreFirms[0].nameZh
	tl.add(tl.at(50, 10, 0), "lighter recall", func() error {
		r, err := d.a.Recalls.Open(d.ctx, d.as("amr"), recall.Input{Kind: recall.Voluntary, EnterpriseUSCC: d.usccs[maker],
			Products: []recall.Product{{Name: "骰子造型打火机", Brand: "YONGMING", Model: "YM-D6", Batch: "2024-05", HSCode: "9613800000",
				ProducedFrom: tl.at(200, 0, 0).Format("2006-01-02"), ProducedTo: tl.at(150, 0, 0).Format("2006-01-02"),
				Made: 48000, Sold: 41000, InChain: 5200}},
			Defect:         "骰子造型外观易被儿童误认为玩具，无防止儿童开启装置，不符合 GB 26693 和 EN 13869 防儿童开启要求。",
			Cause:          "外观设计未经儿童安全评估，点火装置为普通按压式。",
			Hazard:         "burns",
			Consequences:   "儿童按压点火可致烧伤、烫伤，并可能引发火灾。",
			Incidents:      "欧盟 Safety Gate 2024 年通报 2 起；12315 投诉 1 起儿童手指烫伤。",
			ForeignRecalls: []string{"EU Safety Gate SR/03746/24", "EU Safety Gate SR/03726/24"},
			Trigger:        "recall_abroad", AwareOn: tl.at(51, 0, 0).Format("2006-01-02"), ReportedOn: tl.at(50, 0, 0).Format("2006-01-02")})
		if err == nil {
			id, rev = r.ID, r.Rev
		}
		return err
	})
	step(49, 9, "amr", recall.ActInvestigate, "调取生产记录和出口报关单，抽样送检。")
	step(47, 15, "amr", recall.ActConfirm, "送检样品不具备防儿童开启功能，缺陷成立。")
	tl.add(tl.at(46, 11, 0), "lighter recall: plan", func() error {
		r, err := d.a.Recalls.FilePlan(d.ctx, d.as("amr"), id, recall.PlanInput{Remedy: recall.Refund,
			StartDate: tl.at(45, 0, 0).Format("2006-01-02"), CompletionDate: tl.at(12, 0, 0).Format("2006-01-02"), TargetCompletion: 0.9,
			Channels: "经销商和小商品市场门店张贴召回公告；电商平台下架并向购买者发送站内信；邵东市场监管局督促批发商清点库存。",
			Notice:   "邵东市永明打火机制造有限公司召回 2024 年 5 月批次骰子造型打火机（型号 YM-D6）。该产品无防止儿童开启装置，儿童可能误当玩具按压点火致烧伤。请立即停止使用，凭产品到购买处退货退款。",
			Rev:      rev})
		if err == nil {
			rev = r.Rev
		}
		return err
	})
	step(45, 10, "amr", recall.ActPublishNotice, "召回公告在省市场监管局网站和企业门店发布。")
	step(44, 9, "amr", recall.ActStart, "")
	for _, pr := range []struct {
		days                                   int
		located, corrected, returned, destroyd int64
		byChannel                              map[string]int64
		region                                 int64
	}{
		{30, 21000, 12500, 3100, 0, map[string]int64{"consumers": 9800, "retailers": 4100, "online": 1700}, 6200},
		{20, 31500, 22400, 5200, 600, map[string]int64{"consumers": 17900, "retailers": 6600, "online": 3100}, 10400},
		{12, 40500, 30600, 6000, 1000, map[string]int64{"consumers": 24300, "retailers": 8800, "online": 4500}, 13900},
	} {
		tl.add(tl.at(pr.days, 10, 0), "lighter recall: progress", func() error {
			_, err := d.a.Recalls.Report(d.ctx, d.as("amr"), id, recall.ProgressInput{AsOf: tl.at(pr.days+1, 0, 0).Format("2006-01-02"),
				Located: pr.located, Corrected: pr.corrected, Returned: pr.returned, Destroyed: pr.destroyd, ByChannel: pr.byChannel,
				ByRegion: map[string]int64{"430582": pr.region}, Note: "企业报告，邵东市市场监管局核实。"})
			if err == nil {
				rev++ // a report moves the recall's revision
			}
			return err
		})
	}
	step(12, 16, "amr", recall.ActComplete, "企业报告已处理 37,600 件（约占已售和在途的 81%），未达 90% 目标。")
	step(5, 10, "amr", recall.ActFileSummary, "企业提交召回总结报告。")

	own := firms[0]
	uscc, err := usccOf(own)
	if err != nil {
		return err
	}
	var fwID risk.ID
	tl.add(tl.at(2, 15, 0), "fireworks recall report", func() error {
		r, err := d.a.Recalls.Open(d.ctx, d.as("enterprise"), recall.Input{Kind: recall.Voluntary, EnterpriseUSCC: uscc,
			Products: []recall.Product{{Name: "组合烟花（36 发）", Brand: "XIANGJIANG", Model: "XJ-36", Batch: "XJ36-0301", GTIN: TraceFireworksGTIN, HSCode: "3604100000",
				Made: 12000, Sold: 9800}},
			Defect:         "部分产品发射筒底座粘接不牢，燃放时可能倾倒，烟花横向喷射。",
			Incidents:      "美国进口商收到 2 起燃放时倾倒的消费者投诉，无人受伤。",
			ForeignRecalls: []string{fmt.Sprintf("美国进口商自愿召回（%s 通知本企业）", tl.at(3, 0, 0).Format("2006-01-02"))},
			Trigger:        "recall_abroad", AwareOn: tl.at(3, 0, 0).Format("2006-01-02")})
		if err == nil {
			fwID = r.ID
		}
		return err
	})
	// The next morning the market regulator traces the lot forward from the
	// recall's page and, with one action, adds the importers it reached.
	tl.add(tl.at(1, 10, 0), "fireworks recall: trace this lot", func() error {
		amr := d.as("amr")
		in := trace.ScopeInput{TraceInput: trace.TraceInput{ID: TraceFireworksLot}, Direction: trace.Forward}
		v, err := d.a.Trace.ForRecall(d.ctx, amr, fwID, trace.ScopeInput{})
		if err != nil {
			return err
		}
		in.Rev = v.Recall.Rev
		_, _, err = d.a.Trace.ScopeRecall(d.ctx, amr, fwID, in)
		return err
	})
	return nil
}
