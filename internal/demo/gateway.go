package demo

import (
	"fmt"

	"riskgate/internal/gateway"
	"riskgate/internal/risk"
)

// planGateway plans the demo enterprise's filings on the gateway when it
// has none yet: two days before the load it answers the fireworks 通告
// with its corrective actions and a PDF of its rectification report,
// waiting for 长沙海关's review, and declares the standards its combination
// fireworks implement.
func (d *demo) planGateway() error {
	_, n, err := d.a.Gateway.ListAnswers(d.ctx, risk.System, gateway.AnswerFilter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	tl.add(tl.at(2, 11, 0), "fireworks answer", func() error {
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
			return fmt.Errorf("demo answer: the fireworks notice is not in the enterprise's inbox")
		}
		ans, err := d.a.Gateway.Answer(d.ctx, firm, id, gateway.AnswerInput{
			Cause:       "装药工序无称量复核，个别批次单发药量超过 25 g 限量。",
			Actions:     "停用超量批次并全部返工；装药工序增加称量复核并留存记录；发射药与效果药分区存放；对装药班组重新培训。",
			StartedOn:   tl.at(9, 0, 0).In(risk.China).Format("2006-01-02"),
			CompletedOn: tl.at(4, 0, 0).In(risk.China).Format("2006-01-02"),
		})
		if err != nil {
			return err
		}
		report := []byte("%PDF-1.4\n% 湖南湘江烟花进出口有限公司 整改报告（演示）\n%%EOF\n")
		_, err = d.a.Gateway.Attach(d.ctx, firm, ans.ID, "整改报告.pdf", report)
		return err
	})
	tl.add(tl.at(2, 11, 30), "fireworks self-declaration", func() error {
		_, err := d.a.Gateway.Declare(d.ctx, d.as("enterprise"), gateway.DeclarationInput{
			Product: gateway.Product{Name: "组合烟花", Model: "36 发", HSCode: "3604100000"},
			Standards: []gateway.Standard{
				{Number: "GB 10631-2013", Title: "烟花爆竹 安全与质量"},
				{Number: "GB 31368-2015", Title: "烟花爆竹 标志"},
				{Number: "Q/LYXJ 001-2024", Title: "组合烟花（出口）"},
			},
			Indicators: "单发药量 ≤ 25 g；总药量 ≤ 1000 g；发射偏斜角 ≤ 22.5°；燃放无残火、无烧燃。",
		})
		return err
	})
	return nil
}
