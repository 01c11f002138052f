package gongwen

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func message(class warning.Class, status warning.Status, t publish.MsgType) *publish.Message {
	sent := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
	w := warning.Warning{ID: 7, Class: class, Title: "关于加强新奇造型打火机进出口检验监管的风险警示通报", Summary: "新奇造型打火机外形似玩具。",
		Level: risk.LevelSerious, Urgency: warning.UrgencyImmediate, Reach: warning.ReachLocal, Grade: risk.GradeII,
		Scope:   warning.Scope{HSPrefixes: []string{"9613"}, Countries: []string{"CN", "DE"}, USCCs: []string{"91430100MA4L1A2B3X"}, TradeModes: []string{"9610"}, Ports: []string{"4900"}},
		Matters: "欧盟通报烧伤风险。\n产品无防止儿童开启装置。", Advice: "各口岸加严查验。",
		StartsAt: sent, ValidUntil: time.Date(2027, 6, 4, 0, 0, 0, 0, risk.China),
		Conditions: []warning.Condition{{Kind: warning.CondCleanLots, N: 5}, {Kind: warning.CondRecall, Percent: 95}, {Kind: warning.CondExpiresAt}},
		Addressees: []risk.ID{3}, Recipients: []string{"hn-amr", "hn-commerce"}, Dept: "cs-customs", Number: "湘关预警〔2026〕12号", Status: status, ApproverID: 2}
	return &publish.Message{WarningID: 7, Seq: 1, Type: t, Sent: sent, Warning: w}
}

func text(d *Document) string {
	var b strings.Builder
	for _, p := range d.Body {
		for _, s := range p {
			b.WriteString(s.Text)
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func sources() Sources {
	return Sources{Enterprises: map[risk.ID]string{3: "湖南湘江烟花进出口有限公司"}, Makers: map[string]string{"91430100MA4L1A2B3X": "湖南湘江烟花进出口有限公司"},
		Measures: []*measure.Measure{{Type: "raised-lab-test", Compulsory: true, Lead: "cs-customs", Supporting: []string{"hn-amr", "hn-police"}, Rate: 0.3,
			StartsAt: time.Date(2026, 12, 4, 0, 0, 0, 0, risk.China)}}, Signer: "张伟"}
}

func TestFromMessage(t *testing.T) {
	d := FromMessage(message(warning.ClassBulletin, warning.StatusIssued, publish.Alert), sources())
	body := text(d)
	if d.Mark != "长沙海关文件" || d.Number != "湘关预警〔2026〕12号" || d.Title != "关于加强新奇造型打火机进出口检验监管的风险警示通报" ||
		strings.Join(d.To, "、") != "湖南省市场监督管理局、湖南省商务厅" || d.Upward || d.Authority != "长沙海关" || d.Printer != "长沙海关办公室" ||
		Date(d.Date) != "2026年12月4日" || strings.Join(d.CC, "，") != "湖南省公安厅" {
		t.Fatalf("document %+v", d)
	}
	order := []string{"国发〔2017〕43号", "一、预警级别", "Ⅱ级（严重，橙色）", "严重风险，伤害已经发生", "二、起始时间和有效期", "自2026年12月4日起施行，有效期至2027年6月4日",
		"三、预警范围", "9613（香烟打火机", "中国、德国", "湖南湘江烟花进出口有限公司（统一社会信用代码91430100MA4L1A2B3X）", "口岸：长沙海关", "电子商务",
		"四、警示事项", "欧盟通报烧伤风险。\n产品无防止", "五、措施", "（一）提高抽样检测比例。强制性措施；长沙海关牵头，湖南省市场监督管理局、湖南省公安厅配合；比例30%",
		"（二）工作要求。各口岸加严查验。", "六、解除条件", "1.预警范围内连续5批检验合格；", "2.召回完成率达到95%。", "有效期于2027年6月4日届满"}
	at := 0
	for _, want := range order {
		i := strings.Index(body[at:], want)
		if i < 0 {
			t.Fatalf("body lacks %q after %d:\n%s", want, at, body)
		}
		at += i
	}
	if regexp.MustCompile(`hn-|cs-customs|raised-lab|\bCN\b|\bDE\b`).MatchString(body) || strings.Contains(body, "新奇造型打火机外形似玩具") {
		t.Errorf("a code, or the 公告's summary, in the body:\n%s", body)
	}
	// A 通告 goes to the enterprises by name, a 公告 to nobody.
	if d := FromMessage(message(warning.ClassNotice, warning.StatusIssued, publish.Alert), sources()); strings.Join(d.To, "") != "湖南湘江烟花进出口有限公司" ||
		d.Mark != "长沙海关" || d.Title != "关于加强新奇造型打火机进出口检验监管的风险警示通告" || !strings.Contains(text(d), "（二）企业责任。") {
		t.Errorf("notice: %q to %q", d.Title, d.To)
	}
	if d := FromMessage(message(warning.ClassAnnouncement, warning.StatusIssued, publish.Alert), sources()); len(d.To) != 0 ||
		!strings.Contains(text(d), "新奇造型打火机外形似玩具") || !strings.Contains(strings.Join(d.CC, "，"), "湖南省市场监督管理局") {
		t.Errorf("announcement to %q, cc %q", d.To, d.CC)
	}
}

func TestFromMessageReferral(t *testing.T) {
	m := message(warning.ClassAnnouncement, warning.StatusReferred, publish.Alert)
	m.Warning.Grade = risk.GradeI
	d := FromMessage(m, sources())
	if !d.Upward || strings.Join(d.Signers, "") != "张伟" || strings.Join(d.To, "") != "海关总署" || d.Mark != "长沙海关文件" ||
		d.Title != "关于报请发布加强新奇造型打火机进出口检验监管风险警示的请示" || !strings.Contains(text(d), "Ⅰ级（特别严重，红色），按规定应由国务院授权部门发布") ||
		!strings.HasSuffix(text(d), "以上请示妥否，请批示。\n") || d.CC[0] != "湖南省人民政府" {
		t.Errorf("referral %+v\n%s", d, text(d))
	}
}

func TestFromMessageLifting(t *testing.T) {
	first := message(warning.ClassBulletin, warning.StatusIssued, publish.Alert)
	m := message(warning.ClassBulletin, warning.StatusLifted, publish.Cancel)
	m.Seq, m.Sent = 2, time.Date(2027, 1, 10, 3, 0, 0, 0, time.UTC)
	ended := m.Sent
	m.Warning.EndedAt, m.Warning.EndReason = &ended, "连续5批检验合格。"
	src := sources()
	src.First = first
	src.Measures[0].Keep = true
	d := FromMessage(m, src)
	body := text(d)
	if d.Number != "" || d.Title != "关于解除加强新奇造型打火机进出口检验监管风险警示的通报" || Date(d.Date) != "2027年1月10日" {
		t.Fatalf("lifting %q %q", d.Number, d.Title)
	}
	for _, want := range []string{"2026年12月4日发布的《关于加强新奇造型打火机进出口检验监管的风险警示通报》（湘关预警〔2026〕12号）", "（连续5批检验合格）",
		"自2027年1月10日起予以解除", "下列措施继续执行：提高抽样检测比例（长沙海关牵头）", "特此通报。"} {
		if !strings.Contains(body, want) {
			t.Errorf("lifting lacks %q:\n%s", want, body)
		}
	}
	m.Warning.Status = warning.StatusExpired
	if body := text(FromMessage(m, src)); !strings.Contains(body, "有效期已于2027年6月4日届满，未予延续") {
		t.Errorf("expiry:\n%s", body)
	}
	u := message(warning.ClassNotice, warning.StatusIssued, publish.Update)
	if d := FromMessage(u, Sources{First: first}); d.Title != "关于调整加强新奇造型打火机进出口检验监管风险警示的通告" || d.Number != "" ||
		!strings.Contains(text(d), "作如下调整") {
		t.Errorf("update %q %q", d.Title, text(d))
	}
}

func TestFileName(t *testing.T) {
	if got := FileName(&Document{Number: "湘关预警〔2026〕12号", Title: "关于A/B的通报"}); got != "湘关预警〔2026〕12号 关于A_B的通报.pdf" {
		t.Errorf("FileName = %q", got)
	}
}
