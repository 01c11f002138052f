package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/recall"
	"riskgate/internal/risk"
)

// RecallPath is a recall notice's page on the portal; RecallCAPPath its
// CAP document.
func RecallPath(id risk.ID) string    { return "/public/recalls/" + id.String() }
func RecallCAPPath(id risk.ID) string { return "/cap/recalls/" + id.String() + ".xml" }

// recallEntryID is a recall's permanent Atom id and CAP identifier stem.
func recallEntryID(site Site, r *recall.Recall) string {
	return "tag:" + site.Sender + ",2026:recall:" + strconv.FormatInt(int64(r.ID), 10)
}

// noticeTime is when a recall's notice went out: its date, else its last
// change.
func noticeTime(r *recall.Recall) time.Time {
	if t, err := time.ParseInLocation("2006-01-02", r.NoticeOn, risk.China); err == nil {
		return t
	}
	return r.UpdatedAt
}

// recallHeadline is "召回：<firm> <products>".
func recallHeadline(r *recall.Recall, en bool) string {
	if en {
		return "Recall: " + r.Title() + " (" + r.EnterpriseName + ")"
	}
	return "召回：" + r.EnterpriseName + " " + r.Title()
}

// RecallAtom renders the recall notices as an Atom 1.0 feed, newest
// first, each linking to its page on the portal and to its CAP document.
func RecallAtom(f Feed, rs []*recall.Recall, site Site) ([]byte, error) {
	var es []atomEntry
	var latest time.Time
	for _, r := range rs {
		if r.UpdatedAt.After(latest) {
			latest = r.UpdatedAt
		}
		kindZh, kindEn := r.Kind.Label()
		statusZh, statusEn := r.Status.Label()
		e := atomEntry{
			ID:        recallEntryID(site, r),
			Title:     recallHeadline(r, false),
			Updated:   atomTime(r.UpdatedAt),
			Published: atomTime(noticeTime(r)),
			Links: []atomLink{
				{Rel: "alternate", Type: "text/html", Href: site.BaseURL + RecallPath(r.ID), HrefLang: "zh-CN"},
				{Rel: "alternate", Type: CAPMediaType, Href: site.BaseURL + RecallCAPPath(r.ID)},
			},
			Categories: []atomCategory{
				{Term: string(r.Kind), Scheme: site.scheme("recall-kind"), Label: kindZh + " / " + kindEn},
				{Term: string(r.Status), Scheme: site.scheme("recall-status"), Label: statusZh + " / " + statusEn},
			},
			Summary: &atomText{Type: "text", Body: r.Defect},
		}
		if r.Hazard != "" {
			e.Categories = append(e.Categories, atomCategory{Term: r.Hazard, Scheme: site.scheme("hazard")})
		}
		es = append(es, e)
	}
	return encodeFeed(f, "/public/recalls", es, latest, site)
}

// RecallCAP renders a recall notice as a CAP 1.2 alert for the public, in
// Chinese and English: category Safety, the public told to avoid the
// product and take the remedy, an Update once the recall has moved on
// from its notice, a Cancel once it has ended effective.
func RecallCAP(r *recall.Recall, site Site) ([]byte, error) {
	id := recallEntryID(site, r)
	msgType := "Alert"
	switch r.Status {
	case recall.StatusNoticePublished:
	case recall.StatusEvaluated:
		msgType = "Cancel"
	default:
		msgType = "Update"
	}
	first := noticeTime(r)
	sent := first
	if msgType != "Alert" {
		sent = r.UpdatedAt
		id += ":" + strconv.FormatInt(sent.Unix(), 10)
	}
	a := CAPAlert{Identifier: id, Sender: site.Sender, Sent: sent.In(risk.China).Format(capTime), Status: "Actual", MsgType: msgType, Scope: "Public"}
	if msgType != "Alert" {
		a.References = site.Sender + "," + recallEntryID(site, r) + "," + first.In(risk.China).Format(capTime)
	}
	for _, lang := range []string{"zh-CN", "en"} {
		a.Info = append(a.Info, recallInfo(r, site, lang))
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(a); err != nil {
		return nil, fmt.Errorf("publish: encode recall CAP %d: %w", r.ID, err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

func recallInfo(r *recall.Recall, site Site, lang string) CAPInfo {
	en := lang == "en"
	pick := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	kindZh, kindEn := r.Kind.Label()
	dept := builtin("departments").Find(r.Dept)
	deptName := r.Dept
	if dept != nil {
		deptName = dept.Name(lang)
	}
	in := CAPInfo{
		Language:     lang,
		Category:     []string{"Safety"},
		Event:        pick("产品召回："+kindZh, "Product recall: "+strings.ToLower(kindEn)),
		ResponseType: []string{"Avoid"},
		Urgency:      "Expected",
		Severity:     "Unknown",
		Certainty:    "Observed",
		Audience:     pick("消费者和经营者", "consumers and businesses"),
		EventCode:    []CAPValue{{Name: site.scheme("recall-kind"), Value: string(r.Kind)}},
		Effective:    noticeTime(r).In(risk.China).Format(capTime),
		SenderName:   deptName,
		Headline:     recallHeadline(r, en),
		Description:  r.Defect,
		Web:          site.web(RecallPath(r.ID)),
		Area:         []CAPArea{{Desc: pick("中华人民共和国", "People's Republic of China")}},
	}
	if r.Consequences != "" {
		in.Description += "\n" + r.Consequences
	}
	var products []string
	for _, p := range r.Products {
		products = append(products, strings.TrimSpace(strings.Join([]string{p.Brand, p.Name, p.Model, p.Batch}, " ")))
	}
	in.Parameter = append(in.Parameter, CAPValue{Name: pick("产品", "products"), Value: strings.Join(products, "; ")},
		CAPValue{Name: pick("生产者或进口商", "producer or importer"), Value: r.EnterpriseName + " (" + r.EnterpriseUSCC + ")"})
	if r.Plan != nil {
		remZh, remEn := r.Plan.Remedy.Label()
		in.Instruction = pick("请立即停止使用，联系生产者或购买处办理："+remZh+"。", "Stop using the product at once and contact the producer or the seller: "+strings.ToLower(remEn)+".")
		if r.Plan.Notice != "" && !en {
			in.Instruction += "\n" + r.Plan.Notice
		}
		in.Expires = ""
	}
	return in
}
