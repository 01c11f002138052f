package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// CAPNamespace is the XML namespace of CAP 1.2.
const CAPNamespace = "urn:oasis:names:tc:emergency:cap:1.2"

// CAPMediaType is the media type CAP documents are served with.
const CAPMediaType = "application/cap+xml"

// capTime is CAP's date-time form: the schema requires an explicit offset
// and no fractional seconds ("Z" does not validate).
const capTime = "2006-01-02T15:04:05-07:00"

// Hunan is the area every warning covers: the province, by its GB/T 2260
// code.
const (
	HunanCode   = "430000"
	GeocodeName = "GB/T 2260"
)

// Site is what the renderers need to know about the installation.
type Site struct {
	// Sender is the CAP sender: it identifies riskgate as originator.
	Sender string
	// BaseURL is the portal's absolute URL, no trailing slash; empty when
	// none is configured. Without it, links are relative to the document
	// (Atom resolves them against the feed's URL), ids and schemes are tag
	// URIs, and CAP leaves out its optional web element, whose URI must be
	// absolute. Never take it from a request's Host header: anyone can send
	// one, and caches would keep their links.
	BaseURL string
}

// web is the absolute URL of a page of the portal, or "" when no portal
// URL is configured.
func (s Site) web(path string) string {
	if s.BaseURL == "" {
		return ""
	}
	return s.BaseURL + path
}

// tag is a tag URI (RFC 4151) under the sender's name, for identifiers
// that must be absolute when no portal URL is configured.
func (s Site) tag(specific string) string { return "tag:" + s.Sender + ",2026:" + specific }

// scheme is the Atom category scheme of a facet.
func (s Site) scheme(facet string) string {
	if s.BaseURL == "" {
		return s.tag("facet:" + facet)
	}
	return s.BaseURL + "/public#" + facet
}

// CAPAlert is a CAP 1.2 alert message, in the schema's element order.
type CAPAlert struct {
	XMLName     xml.Name  `xml:"urn:oasis:names:tc:emergency:cap:1.2 alert"`
	Identifier  string    `xml:"identifier"`
	Sender      string    `xml:"sender"`
	Sent        string    `xml:"sent"`
	Status      string    `xml:"status"`
	MsgType     string    `xml:"msgType"`
	Source      string    `xml:"source,omitempty"`
	Scope       string    `xml:"scope"`
	Restriction string    `xml:"restriction,omitempty"`
	Addresses   string    `xml:"addresses,omitempty"`
	Code        []string  `xml:"code,omitempty"`
	Note        string    `xml:"note,omitempty"`
	References  string    `xml:"references,omitempty"`
	Info        []CAPInfo `xml:"info"`
}

// CAPInfo is one language's information block.
type CAPInfo struct {
	Language     string     `xml:"language"`
	Category     []string   `xml:"category"`
	Event        string     `xml:"event"`
	ResponseType []string   `xml:"responseType,omitempty"`
	Urgency      string     `xml:"urgency"`
	Severity     string     `xml:"severity"`
	Certainty    string     `xml:"certainty"`
	Audience     string     `xml:"audience,omitempty"`
	EventCode    []CAPValue `xml:"eventCode,omitempty"`
	Effective    string     `xml:"effective,omitempty"`
	Expires      string     `xml:"expires,omitempty"`
	SenderName   string     `xml:"senderName,omitempty"`
	Headline     string     `xml:"headline,omitempty"`
	Description  string     `xml:"description,omitempty"`
	Instruction  string     `xml:"instruction,omitempty"`
	Web          string     `xml:"web,omitempty"`
	Contact      string     `xml:"contact,omitempty"`
	Parameter    []CAPValue `xml:"parameter,omitempty"`
	Area         []CAPArea  `xml:"area"`
}

// CAPValue is a valueName/value pair (eventCode, parameter, geocode).
type CAPValue struct {
	Name  string `xml:"valueName"`
	Value string `xml:"value"`
}

// CAPArea is the area a warning covers.
type CAPArea struct {
	Desc    string     `xml:"areaDesc"`
	Geocode []CAPValue `xml:"geocode"`
}

// Severity maps a warning grade to CAP severity: I Extreme (red), II
// Severe (orange), III Moderate (yellow), IV Minor (blue).
func Severity(g risk.Grade) string {
	switch g {
	case risk.GradeI:
		return "Extreme"
	case risk.GradeII:
		return "Severe"
	case risk.GradeIII:
		return "Moderate"
	case risk.GradeIV:
		return "Minor"
	}
	return "Unknown"
}

// Urgency maps the warning's urgency: harm that has occurred or a product
// on sale now is Immediate; otherwise action is Expected soon. A lifted
// warning is Past.
func Urgency(t MsgType, u warning.Urgency) string {
	switch {
	case t == Cancel:
		return "Past"
	case u == warning.UrgencyImmediate:
		return "Immediate"
	}
	return "Expected"
}

// Certainty maps the assessment behind the warning: harm that has occurred
// is Observed; a risk established by an approved assessment is Likely.
func Certainty(u warning.Urgency) string {
	if u == warning.UrgencyImmediate {
		return "Observed"
	}
	return "Likely"
}

// ResponseTypes maps class and grade to what the audience should do:
// consumers Avoid the product for grades I–II and Monitor for III–IV;
// regulators (通报) and enterprises (通告) Execute the measures; a
// lifted warning is AllClear.
func ResponseTypes(t MsgType, c warning.Class, g risk.Grade) []string {
	switch {
	case t == Cancel:
		return []string{"AllClear"}
	case c != warning.ClassAnnouncement:
		return []string{"Execute"}
	case g == risk.GradeI || g == risk.GradeII:
		return []string{"Avoid"}
	}
	return []string{"Monitor"}
}

// Scope is the CAP scope of a class: 公告 Public, 通报 Restricted (to
// regulators), 通告 Private (to the enterprises addressed).
func Scope(c warning.Class) string {
	switch c {
	case warning.ClassAnnouncement:
		return "Public"
	case warning.ClassNotice:
		return "Private"
	}
	return "Restricted"
}

// Ref is an earlier message that a message references.
type Ref struct {
	Identifier string
	Sent       time.Time
}

// CAP renders m as a CAP 1.2 alert; earlier are the warning's earlier
// messages, which an Update or Cancel references.
func CAP(m *Message, earlier []Ref, site Site) ([]byte, error) {
	w := &m.Warning
	a := CAPAlert{
		Identifier: m.Identifier,
		Sender:     site.Sender,
		Sent:       m.Sent.In(risk.China).Format(capTime),
		Status:     "Actual",
		MsgType:    string(m.Type),
		Source:     w.Number,
		Scope:      Scope(w.Class),
	}
	switch a.Scope {
	case "Restricted":
		a.Restriction = "仅限监管部门和口岸使用 / for regulators and ports only"
	case "Private":
		var addr []string
		for _, e := range w.Addressees {
			addr = append(addr, "enterprise:"+strconv.FormatInt(int64(e), 10))
		}
		for _, d := range w.Recipients {
			addr = append(addr, "dept:"+d)
		}
		if len(addr) == 0 {
			addr = []string{"dept:" + w.Dept}
		}
		a.Addresses = strings.Join(addr, " ")
	}
	if m.Type == Cancel {
		a.Note = w.EndReason
	}
	if zh, en := NationalIssue(w); m.Type == Alert && zh != "" {
		a.Note = zh + " / " + en // the national answer this issue follows
	}
	var refs []string
	for _, r := range earlier {
		refs = append(refs, site.Sender+","+r.Identifier+","+r.Sent.In(risk.China).Format(capTime))
	}
	a.References = strings.Join(refs, " ")
	a.Info = []CAPInfo{info(m, site, "zh-CN"), info(m, site, "en")}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("publish: encode CAP %s: %w", m.Identifier, err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func info(m *Message, site Site, lang string) CAPInfo {
	w := &m.Warning
	en := lang == "en"
	pick := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	classZh, classEn := w.Class.Label()
	_, gradeEn := w.Grade.Label()
	dept := builtin("departments").Find(w.Dept)
	deptName := w.Dept
	if dept != nil {
		deptName = dept.Name(lang)
	}
	in := CAPInfo{
		Language:     lang,
		Category:     []string{"Safety"},
		Event:        pick(classZh, classEn),
		ResponseType: ResponseTypes(m.Type, w.Class, w.Grade),
		Urgency:      Urgency(m.Type, w.Urgency),
		Severity:     Severity(w.Grade),
		Certainty:    Certainty(w.Urgency),
		Audience:     audience(w.Class, en),
		SenderName:   deptName,
		Contact:      deptName,
		Web:          site.web(webPath(w)),
		Area:         []CAPArea{{Desc: pick("湖南省", "Hunan Province"), Geocode: []CAPValue{{GeocodeName, HunanCode}}}},
	}
	if m.Facets.Food {
		in.Category = []string{"Health"}
	}
	if !w.StartsAt.IsZero() {
		in.Effective = w.StartsAt.In(risk.China).Format(capTime)
	}
	if !w.ValidUntil.IsZero() {
		in.Expires = w.ValidUntil.In(risk.China).Format(capTime)
	}
	for _, h := range m.Facets.Hazards {
		in.EventCode = append(in.EventCode, CAPValue{"riskgate:hazard", h})
	}
	for _, c := range m.Facets.Categories {
		in.EventCode = append(in.EventCode, CAPValue{"riskgate:category", c})
	}
	in.Parameter = append(in.Parameter, CAPValue{"riskgate:number", w.Number}, CAPValue{"riskgate:grade", string(w.Grade)},
		CAPValue{"riskgate:class", string(w.Class)})
	if r := w.Referral; r != nil && r.Outcome != warning.OutcomePending {
		if r.Authority != "" {
			in.Parameter = append(in.Parameter, CAPValue{"riskgate:national_authority", r.Authority})
		}
		if r.NationalReference != "" {
			in.Parameter = append(in.Parameter, CAPValue{"riskgate:national_reference", r.NationalReference})
		}
	}
	if len(w.Scope.HSPrefixes) > 0 {
		in.Parameter = append(in.Parameter, CAPValue{"HS", strings.Join(w.Scope.HSPrefixes, " ")})
	}
	if len(w.Scope.Countries) > 0 {
		in.Parameter = append(in.Parameter, CAPValue{"ISO3166-1", strings.Join(w.Scope.Countries, " ")})
	}
	lifted := m.Type == Cancel
	if !en {
		in.Headline = w.Title
		if lifted {
			in.Headline = "【已解除】" + w.Title
		}
		in.Description = strings.TrimSpace(w.Summary + "\n\n警示事项：" + w.Matters)
		if zh, _ := NationalIssue(w); zh != "" {
			in.Description = zh + "\n\n" + in.Description
		}
		if lifted {
			in.Description = "该预警已解除：" + w.EndReason + "\n\n" + in.Description
		}
		in.Instruction = w.Advice
		return in
	}
	in.Headline = fmt.Sprintf("%s %s: grade %s", classEn, w.Number, w.Grade)
	if lifted {
		in.Headline = "Lifted — " + in.Headline
	}
	in.Description = englishDescription(m, classEn, gradeEn, deptName) + "\n\nThe authoritative text is the Chinese (zh-CN) information block."
	if _, en := NationalIssue(w); en != "" {
		in.Description = en + "\n\n" + in.Description
	}
	in.Instruction = englishInstruction(m.Type, w.Class, w.Grade)
	return in
}

func audience(c warning.Class, en bool) string {
	switch {
	case c == warning.ClassAnnouncement && en:
		return "consumers and the public"
	case c == warning.ClassAnnouncement:
		return "消费者和社会公众"
	case c == warning.ClassNotice && en:
		return "the enterprises addressed"
	case c == warning.ClassNotice:
		return "被通告企业"
	case en:
		return "regulators and ports"
	}
	return "监管部门和口岸"
}

func webPath(w *warning.Warning) string {
	if w.Class == warning.ClassAnnouncement {
		return "/public/announcements/" + strconv.FormatInt(int64(w.ID), 10)
	}
	return "/warnings/" + strconv.FormatInt(int64(w.ID), 10)
}

// englishDescription describes the warning from its structured fields (the
// free text is written in Chinese).
func englishDescription(m *Message, classEn, gradeEn, deptName string) string {
	w := &m.Warning
	names := func(table string, codes []string) string {
		t := builtin(table)
		var out []string
		for _, c := range codes {
			if e := t.Find(c); e != nil {
				out = append(out, e.Name("en"))
			} else {
				out = append(out, c)
			}
		}
		return strings.Join(out, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s issued by %s", gradeEn, strings.ToLower(classEn), deptName)
	if len(m.Facets.Categories) > 0 {
		fmt.Fprintf(&b, " concerning %s", names("categories", m.Facets.Categories))
	}
	if len(w.Scope.HSPrefixes) > 0 {
		fmt.Fprintf(&b, " (HS %s)", strings.Join(w.Scope.HSPrefixes, ", "))
	}
	b.WriteString(".")
	if len(m.Facets.Hazards) > 0 {
		fmt.Fprintf(&b, " Hazards: %s.", names("hazards", m.Facets.Hazards))
	}
	if len(w.Scope.Countries) > 0 {
		fmt.Fprintf(&b, " Countries: %s.", names("countries", w.Scope.Countries))
	}
	if len(w.Scope.Brands) > 0 {
		fmt.Fprintf(&b, " Brands: %s.", strings.Join(w.Scope.Brands, ", "))
	}
	if len(w.Scope.Models) > 0 {
		fmt.Fprintf(&b, " Models: %s.", strings.Join(w.Scope.Models, ", "))
	}
	if !w.ValidUntil.IsZero() {
		fmt.Fprintf(&b, " Valid until %s.", w.ValidUntil.In(risk.China).Format("2006-01-02"))
	}
	if m.Type == Cancel && w.EndedAt != nil {
		fmt.Fprintf(&b, " Lifted on %s.", w.EndedAt.In(risk.China).Format("2006-01-02"))
	}
	return b.String()
}

func englishInstruction(t MsgType, c warning.Class, g risk.Grade) string {
	switch {
	case t == Cancel:
		return "The warning has been lifted; its measures have ended unless stated otherwise."
	case c == warning.ClassBulletin:
		return "Apply the port-control and supervisory measures of this bulletin."
	case c == warning.ClassNotice:
		return "Take the mitigation measures this notice requires and report on them."
	case g == risk.GradeI || g == risk.GradeII:
		return "Stop using products within the scope of this announcement and follow the measures announced."
	}
	return "Check whether you own products within the scope of this announcement and follow the advice given."
}

// NationalIssue describes, in Chinese and English, the national answer a
// grade I warning's issue follows: issued nationally (the province's
// warning follows the national one, which it cites), or returned with a
// grade for the province to issue. Both are empty for a warning that was
// not referred, or whose answer is not recorded.
func NationalIssue(w *warning.Warning) (zh, en string) {
	r := w.Referral
	if r == nil || r.DecidedAt == nil {
		return "", ""
	}
	authZh, authEn := warning.AuthorityName(r.Authority)
	d := r.DecidedAt.In(risk.China)
	dayZh, dayEn := fmt.Sprintf("%d年%d月%d日", d.Year(), d.Month(), d.Day()), d.Format("2006-01-02")
	switch r.Outcome {
	case warning.OutcomeNational:
		return fmt.Sprintf("本预警为 I 级，经报请国务院授权部门发布：%s于%s以%s发布，本省据此发布并执行省级措施。", authZh, dayZh, r.NationalReference),
			fmt.Sprintf("Grade I, referred for issue under State Council authority: issued nationally by the %s as %s on %s; this is the province's warning following it.", authEn, r.NationalReference, dayEn)
	case warning.OutcomeReturned:
		ref, refEn := "", ""
		if r.NationalReference != "" {
			ref, refEn = "（"+r.NationalReference+"）", " ("+r.NationalReference+")"
		}
		return fmt.Sprintf("本预警原报请国务院授权部门发布，%s于%s退回%s，定为 %s 级，由本省发布。", authZh, dayZh, ref, r.ReturnedGrade),
			fmt.Sprintf("Referred for issue under State Council authority as grade I and returned by the %s on %s%s with grade %s; issued by the province.", authEn, dayEn, refEn, r.ReturnedGrade)
	}
	return "", ""
}
