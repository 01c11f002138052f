package gongwen

import (
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"

	"riskgate/internal/catalog"
	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Sources are what a message's document draws on besides the message's
// own snapshot of the warning.
type Sources struct {
	// First is the warning's first message (its issue), cited by the
	// documents of later messages.
	First *publish.Message
	// Measures are the warning's measures planned by the time the message
	// was sent (later ones belong to later documents).
	Measures []*measure.Measure
	// Enterprises names the enterprises of the 主送 (通告) and of the
	// scope, by id and by USCC.
	Enterprises map[risk.ID]string
	Makers      map[string]string // USCC → name
	// Signer is the name of the person who signed a 上行文 (the approver).
	Signer string
}

// The policy documents a warning rests on.
const (
	basis = "根据《国务院关于完善进出口商品质量安全风险预警和快速反应监管体系切实保护消费者权益的意见》（国发〔2017〕43号）和《湖南省完善进出口商品质量安全风险预警和快速反应监管体系切实保护消费者权益工作实施方案》（湘政发〔2019〕4号）"
)

// national is the authority a grade I warning is referred to, by
// issuing department (43号: grade I is issued under the State Council's
// authority).
var national = map[string]string{
	"cs-customs":  "海关总署",
	"hn-amr":      "国家市场监督管理总局",
	"hn-health":   "国家卫生健康委员会",
	"hn-agri":     "农业农村部",
	"hn-commerce": "商务部",
	"hn-ecoenv":   "生态环境部",
}

// tradeModes names the customs supervision modes (监管方式) scopes use.
var tradeModes = map[string]string{
	"0110": "一般贸易", "0214": "来料加工", "0615": "进料对口", "1039": "市场采购", "1210": "保税电商",
	"1239": "保税电商A", "4561": "退运货物", "9610": "电子商务", "9710": "跨境电商B2B直接出口", "9810": "跨境电商出口海外仓",
}

// short is the document type of a class: 通报, 通告 or 公告.
func short(c warning.Class) string {
	zh, _ := c.Label()
	return strings.TrimPrefix(zh, "风险警示")
}

// Roman grade numerals (GB 2312 has Ⅰ–Ⅻ).
var gradeWords = map[risk.Grade]string{
	risk.GradeI:   "Ⅰ级（特别严重，红色）",
	risk.GradeII:  "Ⅱ级（严重，橙色）",
	risk.GradeIII: "Ⅲ级（较重，黄色）",
	risk.GradeIV:  "Ⅳ级（一般，蓝色）",
}

// GradeWords names a grade as documents write it: Ⅱ级（严重，橙色）.
func GradeWords(g risk.Grade) string {
	if s, ok := gradeWords[g]; ok {
		return s
	}
	return string(g)
}

func table(name string) *catalog.Table {
	t, _ := catalog.BuiltinTable(name)
	return &t
}

// deptName is a department's full name from the catalogue.
func deptName(code string) string {
	if e := table("departments").Find(code); e != nil {
		return e.NameZh
	}
	return code
}

func deptNames(codes []string) []string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, deptName(c))
	}
	return out
}

// subject is what a warning is about, from its title: 关于…的风险警示通报
// loses its frame.
func subject(w *warning.Warning) string {
	s := strings.TrimSpace(w.Title)
	s = strings.TrimPrefix(s, "关于")
	for _, suffix := range []string{"的风险警示通报", "的风险警示通告", "的风险警示公告", "风险警示通报", "风险警示通告", "风险警示公告",
		"的风险警示", "风险警示", "的通报", "的通告", "的公告"} {
		if t, ok := strings.CutSuffix(s, suffix); ok && t != "" {
			return t
		}
	}
	return s
}

// warningOf is "…风险警示", or "…警示" where the subject ends in 风险.
func warningOf(subj string) string {
	if strings.HasSuffix(subj, "风险") {
		return subj + "警示"
	}
	return subj + "风险警示"
}

// upward reports whether a message goes to a higher authority: a grade I
// warning referred to the national authority (上行文, which names its
// 签发人: 《党政机关公文处理工作条例》第九条).
func upward(m *publish.Message) bool {
	return m.Warning.Status == warning.StatusReferred && m.Type != publish.Cancel
}

// Title is the document title of a message.
func Title(m *publish.Message) string {
	w := &m.Warning
	subj, kind := subject(w), short(w.Class)
	switch {
	case upward(m) && m.Type == publish.Alert:
		return "关于报请发布" + warningOf(subj) + "的请示"
	case upward(m):
		return "关于调整报请发布的" + warningOf(subj) + "的请示"
	case m.Type == publish.Cancel:
		return "关于解除" + warningOf(subj) + "的" + kind
	case m.Type == publish.Update:
		return "关于调整" + warningOf(subj) + "的" + kind
	}
	return "关于" + subj + "的风险警示" + kind
}

// FromMessage maps a published message of a warning to its document: the
// issue to the warning (a 上行文 请示 for a grade I warning referred to the
// national authority), an update to the adjusted warning, a lifting or
// expiry to a notice that lifts the one first issued, citing its number.
// Every code appears as its Chinese name.
func FromMessage(m *publish.Message, src Sources) *Document {
	w := &m.Warning
	kind := short(w.Class)
	authority := deptName(w.Dept)
	d := &Document{Number: w.Number, Title: Title(m), Authority: authority, Date: m.Sent, PrintDate: m.Sent,
		Printer: authority + "办公室", Mark: authority}
	if w.Class == warning.ClassBulletin || upward(m) {
		d.Mark = authority + "文件"
	}
	if m.Type != publish.Alert {
		// Updates and liftings have no number of their own in the message
		// log: they cite the first document's.
		d.Number = ""
	}
	// 主送.
	switch {
	case upward(m):
		d.Upward = true
		to := national[w.Dept]
		if to == "" {
			to = "国务院有关主管部门"
		}
		d.To = []string{to}
		if src.Signer != "" {
			d.Signers = []string{src.Signer}
		}
	case w.Class == warning.ClassBulletin:
		d.To = deptNames(w.Recipients)
		if len(d.To) == 0 {
			d.To = []string{"各有关单位"}
		}
	case w.Class == warning.ClassNotice:
		for _, id := range w.Addressees {
			if n := src.Enterprises[id]; n != "" {
				d.To = append(d.To, n)
			}
		}
		if len(d.To) == 0 {
			d.To = []string{"各有关企业"}
		}
	}
	// 抄送: the departments the warning goes to besides the 主送, and those
	// that lead or support its measures.
	seen := map[string]bool{w.Dept: true}
	if w.Class == warning.ClassBulletin && !d.Upward {
		for _, r := range w.Recipients {
			seen[r] = true
		}
	}
	addCC := func(code string) {
		if code != "" && !seen[code] {
			seen[code] = true
			d.CC = append(d.CC, deptName(code))
		}
	}
	if d.Upward {
		addCC("hn-gov")
	}
	for _, r := range w.Recipients {
		addCC(r)
	}
	for _, x := range src.Measures {
		addCC(x.Lead)
		for _, s := range x.Supporting {
			addCC(s)
		}
	}
	if m.Type == publish.Cancel {
		d.Body = liftingBody(m, src, kind)
		return d
	}
	d.Body, d.Attachments = warningBody(m, src, kind)
	return d
}

// cite names the first document: 《关于…的风险警示通报》（湘关预警〔2026〕12号）.
func cite(src Sources, m *publish.Message) string {
	first := src.First
	if first == nil {
		first = m
	}
	s := "《" + Title(first) + "》"
	if first.Warning.Number != "" {
		s += "（" + first.Warning.Number + "）"
	}
	return s
}

func firstSent(src Sources, m *publish.Message) time.Time {
	if src.First != nil {
		return src.First.Sent
	}
	return m.Sent
}

// warningBody is the body of an issued, updated or referred warning: an
// opening, 一、预警级别 to 六、解除条件, and a closing for a 请示.
func warningBody(m *publish.Message, src Sources, kind string) ([]Paragraph, []Attachment) {
	w := &m.Warning
	var b []Paragraph
	add := func(p ...Paragraph) { b = append(b, p...) }
	switch {
	case upward(m) && m.Type == publish.Alert:
		add(P(basis + "，经风险评估，" + warningOf(subject(w)) + "的预警级别为" + GradeWords(w.Grade) +
			"，按规定应由国务院授权部门发布。在国家层面发布前，我省已先行采取下列快速反应措施。现将有关情况报告如下："))
	case upward(m):
		add(P("我单位于" + Date(firstSent(src, m)) + "报请发布的" + warningOf(subject(w)) + "，现调整如下："))
	case m.Type == publish.Update:
		add(P("现对" + Date(firstSent(src, m)) + "发布的" + cite(src, m) + "作如下调整，调整后的风险警示内容" + kind + "如下："))
	default:
		add(P(basis + "，经风险评估，决定发布本风险警示" + kind + "。现将有关事项" + kind + "如下："))
	}
	// 一、预警级别.
	add(Heading("一、预警级别"))
	lz, _ := w.Level.Label()
	grade := "预警级别为" + GradeWords(w.Grade) + "。"
	if lz != "" && w.Level != "" {
		grade += "经风险评估，风险等级为" + lz
		if w.Urgency == warning.UrgencyImmediate {
			grade += "，伤害已经发生或者产品正在销售"
		}
		if w.Reach == warning.ReachWide {
			grade += "，影响范围涉及多个市州、口岸或者全国性销售渠道"
		}
		grade += "。"
	}
	add(P(grade))
	// 二、起始时间和有效期.
	add(Heading("二、起始时间和有效期"))
	add(P("自" + Date(w.StartsAt) + "起施行，有效期至" + Date(w.ValidUntil) + "。有效期届满未延续的，本风险警示自动解除。"))
	// 三、预警范围.
	add(Heading("三、预警范围"))
	scope, detail := scopeLines(w, src)
	if len(scope) == 0 {
		add(P("本风险警示的范围见警示事项。"))
	}
	for i, s := range scope {
		add(P(fmt.Sprintf("%d.%s", i+1, s)))
	}
	// 四、警示事项.
	add(Heading("四、警示事项"))
	if w.Class == warning.ClassAnnouncement && strings.TrimSpace(w.Summary) != "" {
		add(paragraphs(w.Summary)...)
	}
	if strings.TrimSpace(w.Matters) != "" {
		add(paragraphs(w.Matters)...)
	}
	// 五、措施.
	add(Heading("五、措施"))
	n := 0
	for _, x := range src.Measures {
		n++
		add(Paragraph{{chineseOrdinal(n) + measureName(x.Type) + "。", KaiTi}, {measureText(x), FangSong}})
	}
	if advice := strings.TrimSpace(w.Advice); advice != "" {
		n++
		label := map[warning.Class]string{warning.ClassBulletin: "工作要求", warning.ClassNotice: "企业责任", warning.ClassAnnouncement: "消费提示"}[w.Class]
		add(Paragraph{{chineseOrdinal(n) + label + "。", KaiTi}, {oneLine(advice), FangSong}})
	}
	if n == 0 {
		add(P("各有关部门按照职责分工采取相应的快速反应措施。"))
	}
	// 六、解除条件.
	add(Heading("六、解除条件"))
	var conds []string
	expires := false
	for _, c := range w.Conditions {
		switch c.Kind {
		case warning.CondCleanLots:
			conds = append(conds, fmt.Sprintf("预警范围内连续%d批检验合格", c.N))
		case warning.CondRecall:
			conds = append(conds, "召回完成率达到"+percent(c.Percent/100))
		case warning.CondNoSignals:
			conds = append(conds, fmt.Sprintf("连续%d天未收到新的风险信息", c.Days))
		case warning.CondManual:
			conds = append(conds, "经确认"+strings.TrimRight(strings.TrimSpace(c.Text), "。；;."))
		case warning.CondExpiresAt:
			expires = true
		}
	}
	if len(conds) > 0 {
		add(P("同时满足下列条件的，由" + deptName(w.Dept) + "按权限解除本风险警示："))
		for i, c := range conds {
			end := "；"
			if i == len(conds)-1 {
				end = "。"
			}
			add(P(fmt.Sprintf("%d.%s%s", i+1, c, end)))
		}
	}
	if expires || len(conds) == 0 {
		add(P("有效期于" + Date(w.ValidUntil) + "届满，届满未延续的自动解除。"))
	}
	if upward(m) {
		add(P("以上请示妥否，请批示。"))
	}
	var atts []Attachment
	if len(detail) > 0 {
		atts = append(atts, Attachment{Name: "预警范围明细", Body: detail})
	}
	return b, atts
}

// liftingBody is the body of a lifting (or expiry) notice.
func liftingBody(m *publish.Message, src Sources, kind string) []Paragraph {
	w := &m.Warning
	ended := m.Sent
	if w.EndedAt != nil {
		ended = *w.EndedAt
	}
	var b []Paragraph
	cited := Date(firstSent(src, m)) + "发布的" + cite(src, m)
	if w.Status == warning.StatusExpired {
		b = append(b, P(cited+"有效期已于"+Date(w.ValidUntil)+"届满，未予延续，自"+Date(ended)+"起解除。"))
	} else {
		reason := strings.TrimRight(oneLine(w.EndReason), "。；;.")
		p := cited + "，经评估，相关风险已得到控制"
		if reason != "" {
			p += "（" + reason + "）"
		}
		b = append(b, P(p+"，决定自"+Date(ended)+"起予以解除。"))
	}
	var kept []string
	for _, x := range src.Measures {
		if x.Keep && x.Status != measure.StatusLifted && x.Status != measure.StatusCompleted {
			kept = append(kept, measureName(x.Type)+"（"+deptName(x.Lead)+"牵头）")
		}
	}
	if len(kept) > 0 {
		b = append(b, P("该风险警示项下的快速反应措施同时解除，但下列措施继续执行："+strings.Join(kept, "、")+"。"))
	} else {
		b = append(b, P("该风险警示项下的快速反应措施同时解除。"))
	}
	b = append(b, P("各有关单位和企业如发现相关产品出现新的质量安全风险，请及时报告。特此"+kind+"。"))
	return b
}

func paragraphs(s string) []Paragraph {
	var out []Paragraph
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, P(line))
		}
	}
	return out
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

// chineseOrdinal is a second-level number: （一）, （十二）.
func chineseOrdinal(n int) string {
	var s string
	switch {
	case n <= 10:
		s = ordinals[n-1]
	case n < 20:
		s = "十" + ordinals[n-11]
	case n%10 == 0:
		s = ordinals[n/10-1] + "十"
	default:
		s = ordinals[n/10-1] + "十" + ordinals[n%10-1]
	}
	return "（" + s + "）"
}

func measureName(code string) string {
	if e := table("measures").Find(code); e != nil {
		return e.NameZh
	}
	return code
}

func percent(x float64) string {
	p := x * 100
	if p == math.Trunc(p) {
		return fmt.Sprintf("%.0f%%", p)
	}
	return fmt.Sprintf("%.1f%%", p)
}

// measureText describes a measure: compulsory or not, who leads and who
// supports, its rate, period and deadline.
func measureText(x *measure.Measure) string {
	var parts []string
	if x.Compulsory {
		parts = append(parts, "强制性措施")
	} else {
		parts = append(parts, "指导性措施")
	}
	lead := deptName(x.Lead) + "牵头"
	if len(x.Supporting) > 0 {
		lead += "，" + strings.Join(deptNames(x.Supporting), "、") + "配合"
	}
	parts = append(parts, lead)
	if x.Rate > 0 {
		parts = append(parts, "比例"+percent(x.Rate))
	}
	period := "自" + Date(x.StartsAt) + "起至风险警示解除"
	if x.EndsAt != nil {
		period = "自" + Date(x.StartsAt) + "起至" + Date(*x.EndsAt)
	}
	parts = append(parts, period)
	if x.Deadline != nil {
		parts = append(parts, Date(*x.Deadline)+"前报告实施效果")
	}
	if m := strings.TrimSpace(x.EffectMetric); m != "" {
		parts = append(parts, "效果指标为"+oneLine(m))
	}
	return strings.Join(parts, "；") + "。"
}

// inline is how many values of a scope field the body lists; longer
// lists go to the attachment 预警范围明细 in full.
const inline = 10

// scopeLines describes the scope, one line per field, each value by its
// name; fields with more than inline values are cut short in the body and
// listed in full in the returned attachment body.
func scopeLines(w *warning.Warning, src Sources) (body []string, detail []Paragraph) {
	s := &w.Scope
	field := func(label string, values []string) {
		if len(values) == 0 {
			return
		}
		line := label + "：" + strings.Join(values[:min(len(values), inline)], "、")
		if len(values) > inline {
			line += fmt.Sprintf("等%d项（详见附件）", len(values))
			detail = append(detail, Heading(fmt.Sprintf("%s（%d项）", label, len(values))))
			for i, v := range values {
				detail = append(detail, P(fmt.Sprintf("%d.%s", i+1, v)))
			}
		}
		body = append(body, line+"。")
	}
	named := func(tableName string, codes []string, format func(code, name string) string) []string {
		t := table(tableName)
		out := make([]string, 0, len(codes))
		for _, c := range codes {
			name := ""
			if e := t.Find(c); e != nil {
				name = e.NameZh
			}
			out = append(out, format(c, name))
		}
		return out
	}
	var hs []string
	for _, c := range s.HSPrefixes {
		if name := hsName(c); name != "" {
			hs = append(hs, c+"（"+name+"）")
		} else {
			hs = append(hs, c)
		}
	}
	field("商品编码（HS）", hs)
	quote := func(vs []string) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = "“" + v + "”"
		}
		return out
	}
	field("产品名称含", quote(s.Keywords))
	field("原产国或目的国（地区）", named("countries", s.Countries, func(code, name string) string {
		if name == "" {
			return "代码为" + code + "的国家（地区）"
		}
		return name
	}))
	field("品牌", s.Brands)
	field("型号", s.Models)
	field("商品条码（GTIN）", s.GTINs)
	field("批次", s.Batches)
	field("生产企业", s.Makers)
	var firms []string
	for _, u := range s.USCCs {
		if n := src.Makers[u]; n != "" {
			firms = append(firms, n+"（统一社会信用代码"+u+"）")
		} else {
			firms = append(firms, "统一社会信用代码为"+u+"的企业")
		}
	}
	field("涉及企业", firms)
	ports, _ := catalog.BuiltinTable("ports")
	var ps []string
	for _, p := range s.Ports {
		if e := ports.Find(p); e != nil {
			ps = append(ps, e.NameZh)
		} else {
			ps = append(ps, "关区代码"+p+"的口岸")
		}
	}
	field("口岸", ps)
	var tms []string
	for _, t := range s.TradeModes {
		if n := tradeModes[t]; n != "" {
			tms = append(tms, n)
		} else {
			tms = append(tms, "代码为"+t+"的监管方式")
		}
	}
	field("贸易方式", tms)
	return body, detail
}

// hsName names an HS code by its longest prefix in the catalogue that has
// a Chinese name (the catalogue's subheadings are named in English only).
func hsName(code string) string {
	t := table("hs")
	for n := len(code); n >= 2; n-- {
		if e := t.Find(code[:n]); e != nil && hasHan(e.NameZh) {
			return e.NameZh
		}
	}
	return ""
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
