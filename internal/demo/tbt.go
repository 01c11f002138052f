package demo

import (
	"strconv"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
	"riskgate/internal/tbt"
)

// TBT/SPS notifications of the whole demo. The symbols' numbers are
// illustrative; the measures are of the kinds these members notify.
const (
	TBTToys      = "G/TBT/N/EU/1139"
	TBTLighters  = "G/TBT/N/EU/1141"
	TBTFireworks = "G/TBT/N/USA/2115"
	SPSFish      = "G/SPS/N/JPN/1287"
)

// tbtExport is the ePing export 长沙海关 imports twenty-eight days before the
// load (dates relative to the load: {dN} is N days before it, {d-N} N days
// after).
const tbtExport = `Document symbol,Notifying member,Date of distribution,Title,Description of content,Products covered,HS code(s),ICS code(s),Objective and rationale,Proposed date of adoption,Proposed date of entry into force,Final date for comments,Keywords,Link to document
G/TBT/N/EU/1139,European Union,{d44},Proposal for a Regulation on the safety of toys (to replace the Toy Safety Directive),"The proposal updates the essential safety requirements for toys, bans carcinogenic, mutagenic, reprotoxic and endocrine-disrupting chemicals in toys, and introduces a digital product passport for every toy placed on the EU market.",Toys,"9503 - Tricycles, scooters, pedal cars and similar wheeled toys; dolls; other toys",97.200.50,"Protection of human health or safety; consumer information",Third quarter 2026,42 months after entry into force,{d4},toys; chemicals; digital product passport,https://docs.wto.org/edl/G-TBT-N-EU-1139.pdf
G/TBT/N/EU/1141,European Union,{d40},Draft Commission Decision on the child-resistance requirements for cigarette lighters and the ban of novelty lighters,"Prolongs the requirement that disposable lighters be child-resistant (EN 13869) and the prohibition of novelty lighters on the EU market.","Disposable and refillable lighters, novelty lighters","9613.10; 9613.80",97.180,Protection of human health or safety (children),Upon adoption,20 days after publication,{d-9},lighters; child-resistance,https://docs.wto.org/edl/G-TBT-N-EU-1141.pdf
G/SPS/N/JPN/1287,Japan,{d40},Revision of the maximum residue limits of veterinary drugs in fishery products,"Sets uniform limits for triphenylmethane dyes (malachite green, crystal violet) and their metabolites in fish and fish fillets: not detected.",Fish fillets,0304,67.120.30,Food safety,June 2026,Upon adoption,{d-50},fish; veterinary drugs,
`

// planTBT plans the TBT/SPS work when no notification is registered:
// fifty days before the load the officer subscribes to toys and lighters
// in the EU and the fireworks exporter's user (the enterprise account) to
// fireworks in the US and the EU; forty days before, 长沙海关 imports an
// ePing export (the EU's toy safety regulation and lighter decision,
// Japan's limits for dyes in fish); twenty-five days before it registers
// the US fireworks rule by hand, records its comment sent through the
// national enquiry point three days later, and opens a study whose
// guidance it publishes fifteen days before the load to the exporters
// concerned; twelve days before, the EU's addendum extends the toy
// regulation's comment period, and five days before the officer drafts a
// comment on it. The lighter decision's comments close nine days after
// the load, with no comment yet: the officer's workbench lists it.
func (d *demo) planTBT() error {
	_, n, err := d.a.TBT.List(d.ctx, risk.System, tbt.Filter{Later: true, Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	tl := d.tl
	day := func(n int) string { return tbt.Today(tl.at(n, 12, 0)) }
	off := d.as("officer")
	tl.add(tl.at(50, 9, 0), "tbt subscriptions", func() error {
		if _, err := d.a.TBT.Subscribe(d.ctx, off, tbt.SubscriptionInput{HSCodes: []string{"9503", "9613"}, Members: []string{"EU"}}); err != nil {
			return err
		}
		_, err := d.a.TBT.Subscribe(d.ctx, d.as("enterprise"), tbt.SubscriptionInput{HSCodes: []string{"3604"}, Members: []string{"US", "EU"}})
		return err
	})
	tl.add(tl.at(28, 10, 0), "tbt import", func() error {
		text := tbtExport
		for _, n := range []int{44, 40, 4, -9, -50} {
			text = strings.ReplaceAll(text, "{d"+strconv.Itoa(n)+"}", day(n))
		}
		p, err := tbt.Parse(strings.NewReader(text), tabular.CSV)
		if err != nil {
			return err
		}
		_, err = d.a.TBT.Import(d.ctx, off, p)
		return err
	})
	var us *tbt.Notification
	tl.add(tl.at(25, 15, 0), "tbt fireworks rule", func() error {
		var err error
		us, err = d.a.TBT.Create(d.ctx, off, tbt.Input{Symbol: TBTFireworks, Date: day(26), HSCodes: []string{"3604.10"}, ICSCodes: []string{"71.100.30"},
			Title:       "Fireworks Devices; Notice of proposed rulemaking (Consumer Product Safety Commission)",
			Description: "Would require fireworks devices to meet limits on lead and other prohibited chemicals, the stability of base-mounted devices and the burn time of fuses, with a testing and certification programme.",
			Products:    "Consumer fireworks devices", Objective: "Protection of human health or safety",
			Adoption: "To be determined", EntryIntoForce: "180 days after publication of the final rule", CommentDeadline: day(20)})
		return err
	})
	tl.add(tl.at(23, 10, 0), "tbt fireworks comment drafted", func() error {
		_, err := d.a.TBT.Comment(d.ctx, off, us.ID, "draft", tbt.CommentInput{Text: "一、建议对引火线燃烧时间的测试方法采用 ISO 标准；二、建议给予出口企业 12 个月过渡期；三、请明确第三方检测报告的采信范围。"})
		return err
	})
	tl.add(tl.at(22, 16, 0), "tbt fireworks comment sent", func() error {
		_, err := d.a.TBT.Comment(d.ctx, off, us.ID, "send", tbt.CommentInput{SentOn: day(22)})
		return err
	})
	var st *tbt.Study
	tl.add(tl.at(21, 10, 0), "tbt fireworks study", func() error {
		var err error
		st, err = d.a.TBT.OpenStudy(d.ctx, off, tbt.StudyInput{NotificationID: us.ID, Title: "美国烟花爆竹新规对湖南烟花出口的影响评估"})
		return err
	})
	tl.add(tl.at(15, 11, 0), "tbt fireworks guidance", func() error {
		_, err := d.a.TBT.UpdateStudy(d.ctx, off, st.ID, "publish", tbt.StudyUpdate{
			Findings: "浏阳、醴陵出口美国的烟花以组合烟花和礼花弹为主；新规对引火线燃烧时间、底座稳定性和重金属含量的要求高于现行 GB 10631-2013。",
			Guidance: "1. 对照新规自查出口美国的组合烟花引火线燃烧时间（3–9 秒）和底座稳定性；2. 出口批次送第三方检测机构检测重金属；3. 关注最终规则的发布，如需技术咨询请联系长沙海关技术性贸易措施研究评议基地。"})
		return err
	})
	tl.add(tl.at(12, 10, 0), "tbt toys addendum", func() error {
		_, err := d.a.TBT.Create(d.ctx, off, tbt.Input{Symbol: TBTToys + "/Add.1", Date: day(12), Title: "Extension of the comment period",
			CommentDeadline: day(-30)})
		return err
	})
	tl.add(tl.at(5, 15, 0), "tbt toys comment drafted", func() error {
		toys, _, err := d.a.TBT.List(d.ctx, off, tbt.Filter{Member: "EU", HSPrefix: "9503", Paging: risk.Paging{Limit: 1}})
		if err != nil || len(toys) == 0 {
			return err
		}
		_, err = d.a.TBT.Comment(d.ctx, off, toys[0].ID, "draft", tbt.CommentInput{Text: "建议数字产品护照允许以包装上的二维码实现，并对中小企业给予过渡期。"})
		return err
	})
	return nil
}
