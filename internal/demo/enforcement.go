package demo

import (
	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/risk"
)

// Enforcement stories of the whole demo.
const (
	enforceAgent    = "张家界武陵山特产贸易有限公司"
	enforceImporter = "郴州有色金属进出口有限公司"
	enforcePlace    = "长沙海关 5 楼约谈室"
	// EnforcePenaltyNumber is the demo's penalty decision.
	EnforcePenaltyNumber = "长关缉违字〔2026〕27号"
)

// planEnforcement plans the demo's interview and penalty when there are no
// interviews yet. Thirty days before the load, 长沙海关 and 省市场监管局 hold
// a joint interview with the 张家界 agent whose bamboo tableware failed
// again and again, and its (unregistered) supplier: the supplier commits
// to a new anti-mould process, checked as met by 省市场监管局 five days
// later; the agent commits to test each lot by a deadline that passes
// unmet, so the job marks the commitment missed and its credit event
// makes the agent a dishonest firm. Ten days before the load 长沙海关
// records a penalty decision on the 郴州 importer's false declaration.
func (d *demo) planEnforcement() error {
	_, n, err := d.a.Enforcement.Interviews(d.ctx, risk.System, enforcement.InterviewFilter{Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	var iv *enforcement.Interview
	tl.add(tl.at(30, 14, 30), "joint interview", func() error {
		var err error
		iv, err = d.a.Enforcement.RecordInterview(d.ctx, d.as("officer"), enforcement.InterviewInput{Reason: enforcement.ReasonNonconforming,
			Depts: []string{MarketOfficer.Dept}, HeldOn: credit.Today(tl.at(30, 0, 0)), Place: enforcePlace,
			Minutes: "2026 年以来该公司代理出口的竹木餐具（筷子、饭勺）在口岸抽检中 4 批次检出霉菌，2 批次二氧化硫残留超标。" +
				"长沙海关和省市场监管局联合约谈代理出口企业及其供货竹制品厂，通报检出情况，听取原因说明，要求落实出口商品质量安全主体责任。\n" +
				"企业说明：供货厂防霉处理工艺不稳定，代理企业未对供货批次自行送检。",
			Documents: []string{"约谈通知书 长关约〔2026〕3号", "口岸抽检不合格情况汇总表", "约谈签到表"},
			Parties: []enforcement.PartyInput{{Role: enforcement.Agent, USCC: d.usccs[enforceAgent]},
				{Role: enforcement.Manufacturer, Name: "桃江县竹乡竹木制品厂"}},
			Commitments: []enforcement.CommitmentInput{
				{Party: 1, Text: "改用高温碳化防霉工艺，停止使用硫磺熏蒸。", Deadline: credit.Today(tl.at(26, 0, 0))},
				{Party: 0, Text: "建立供货商审核制度，出口竹木餐具逐批送第三方检测机构检测并留存报告。", Deadline: credit.Today(tl.at(20, 0, 0))}}})
		return err
	})
	tl.add(tl.at(25, 10, 0), "interview commitment met", func() error {
		_, err := d.a.Enforcement.CheckCommitment(d.ctx, d.as(MarketOfficer.Login), iv.ID, enforcement.Check{Commitment: 1,
			Result: enforcement.CommitmentMet, Note: "现场核查：已购置碳化炉并投产，硫磺熏蒸设备已拆除。", Rev: iv.Rev})
		return err
	})
	tl.add(tl.at(19, 2, 0), "overdue commitments", func() error {
		_, err := d.a.Enforcement.MarkOverdue(d.ctx) // as the periodic job runs it
		return err
	})
	tl.add(tl.at(10, 15, 0), "penalty decision", func() error {
		_, _, err := d.a.Enforcement.RecordPenalty(d.ctx, d.as("officer"), enforcement.PenaltyInput{Kind: enforcement.KindPenalty,
			EnterpriseUSCC: d.usccs[enforceImporter], Number: EnforcePenaltyNumber, DecidedOn: credit.Today(tl.at(10, 0, 0)),
			LegalBasis: "《中华人民共和国海关行政处罚实施条例》第十五条第（一）项",
			Facts:      "进口铜精矿申报品名与实际不符，影响海关统计准确性。", Amount: 8_000_000, Severity: credit.General})
		return err
	})
	return nil
}
