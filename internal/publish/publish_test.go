package publish_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func TestTypeOf(t *testing.T) {
	tests := []struct {
		from, to warning.Status
		live     bool // a message in force already
		want     publish.MsgType
		ok       bool
	}{
		{warning.StatusApproved, warning.StatusIssued, false, publish.Alert, true},
		{warning.StatusIssued, warning.StatusIssued, true, publish.Update, true},
		{warning.StatusIssued, warning.StatusIssued, false, publish.Alert, true}, // issued before the message log
		{warning.StatusIssued, warning.StatusLifted, true, publish.Cancel, true},
		{warning.StatusIssued, warning.StatusExpired, true, publish.Cancel, true},
		// Grade I: a referral publishes nothing; the answer publishes the Alert.
		{warning.StatusApproved, warning.StatusReferred, false, "", false},
		{warning.StatusReferred, warning.StatusReferred, false, "", false},
		{warning.StatusReferred, warning.StatusLifted, false, "", false},
		{warning.StatusReferred, warning.StatusExpired, false, "", false},
		{warning.StatusReferred, warning.StatusIssued, false, publish.Alert, true},
		// Referred before this rule, with an Alert at the referral.
		{warning.StatusReferred, warning.StatusReferred, true, publish.Update, true},
		{warning.StatusReferred, warning.StatusLifted, true, publish.Cancel, true},
		{warning.StatusReferred, warning.StatusIssued, true, publish.Alert, true},
		{warning.StatusDraft, warning.StatusReview, false, "", false},
		{warning.StatusReview, warning.StatusApproved, false, "", false},
		{warning.StatusDraft, warning.StatusDraft, false, "", false},
	}
	for _, tt := range tests {
		got, ok := publish.TypeOf(tt.from, tt.to, tt.live)
		if got != tt.want || ok != tt.ok {
			t.Errorf("TypeOf(%s, %s, live=%v) = %q, %v; want %q, %v", tt.from, tt.to, tt.live, got, ok, tt.want, tt.ok)
		}
	}
}

func lighter() *warning.Warning {
	issued := time.Date(2026, 11, 20, 2, 30, 0, 0, time.UTC)
	return &warning.Warning{ID: 7, Class: warning.ClassAnnouncement, Title: "警惕新奇造型打火机烧伤风险", Summary: "摘要", Matters: "事项",
		Advice: "停止使用", Grade: risk.GradeII, Urgency: warning.UrgencyImmediate, Dept: "cs-customs", Number: "湘关预警〔2026〕2号",
		Scope:    warning.Scope{HSPrefixes: []string{"9613"}, Countries: []string{"CN"}},
		StartsAt: issued, ValidUntil: issued.AddDate(0, 6, 0), IssuedAt: &issued, Status: warning.StatusIssued}
}

func TestFacets(t *testing.T) {
	f := publish.FacetsOf(lighter(), []string{"burns", "", "burns", "fire"})
	if strings.Join(f.Categories, ",") != "lighters" || strings.Join(f.Hazards, ",") != "burns,fire" || f.Food || f.Grade != risk.GradeII {
		t.Fatalf("facets %+v", f)
	}
	w := lighter()
	w.Scope.HSPrefixes = []string{"6911"} // ceramic tableware: food contact → Health
	if g := publish.FacetsOf(w, nil); !g.Food {
		t.Errorf("6911 is not food contact: %+v", g)
	}
	tests := []struct {
		name string
		q    publish.Filter
		want bool
	}{
		{"empty", publish.Filter{}, true},
		{"category", publish.Filter{Categories: []string{"lighters"}}, true},
		{"other category", publish.Filter{Categories: []string{"toys"}}, false},
		{"hs narrower", publish.Filter{HSPrefixes: []string{"961310"}}, true},
		{"hs wider", publish.Filter{HSPrefixes: []string{"96"}}, true},
		{"hs other", publish.Filter{HSPrefixes: []string{"3604"}}, false},
		{"hazard", publish.Filter{Hazards: []string{"fire", "chemical"}}, true},
		{"grade", publish.Filter{Grades: []risk.Grade{risk.GradeIII}}, false},
		{"all set", publish.Filter{Categories: []string{"lighters"}, Countries: []string{"CN"}, Grades: []risk.Grade{risk.GradeII}}, true},
	}
	for _, tt := range tests {
		if got := f.Matches(tt.q); got != tt.want {
			t.Errorf("%s: Matches = %v", tt.name, got)
		}
	}
}

func TestCAPMapping(t *testing.T) {
	site := publish.Site{Sender: "riskgate.test", BaseURL: "https://portal.test"}
	w := lighter()
	m := &publish.Message{WarningID: w.ID, Seq: 1, Type: publish.Alert, Identifier: publish.Identifier(w.ID, 1), Sent: *w.IssuedAt,
		Public: true, Facets: publish.FacetsOf(w, []string{"burns"}), Warning: *w}
	body, err := publish.CAP(m, nil, site)
	if err != nil {
		t.Fatal(err)
	}
	var a publish.CAPAlert
	if err := xml.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	if a.Identifier != "HNRG-W7-1" || a.Sent != "2026-11-20T10:30:00+08:00" || a.MsgType != "Alert" || a.Scope != "Public" || a.References != "" {
		t.Errorf("alert header %+v", a)
	}
	if len(a.Info) != 2 || a.Info[0].Language != "zh-CN" || a.Info[1].Language != "en" {
		t.Fatalf("infos %+v", a.Info)
	}
	zh, en := a.Info[0], a.Info[1]
	if zh.Severity != "Severe" || zh.Urgency != "Immediate" || zh.Certainty != "Observed" || zh.Category[0] != "Safety" ||
		zh.ResponseType[0] != "Avoid" || zh.Headline != w.Title || zh.Instruction != "停止使用" || zh.Expires != "2027-05-20T10:30:00+08:00" {
		t.Errorf("zh info %+v", zh)
	}
	if !strings.Contains(en.Description, "Lighters") || !strings.Contains(en.Description, "Burns") || en.Web != "https://portal.test/public/announcements/7" {
		t.Errorf("en info %+v", en)
	}
	if g := zh.Area[0].Geocode[0]; g.Name != "GB/T 2260" || g.Value != "430000" {
		t.Errorf("geocode %+v", g)
	}

	// Lifted: a Cancel that references the Alert and the Update.
	ended := w.IssuedAt.Add(48 * time.Hour)
	m.Type, m.Seq, m.Identifier, m.Sent = publish.Cancel, 3, publish.Identifier(w.ID, 3), ended
	m.Warning.Status, m.Warning.EndedAt, m.Warning.EndReason = warning.StatusLifted, &ended, "召回完成"
	body, err = publish.CAP(m, []publish.Ref{{"HNRG-W7-1", *w.IssuedAt}, {"HNRG-W7-2", w.IssuedAt.Add(time.Hour)}}, site)
	if err != nil {
		t.Fatal(err)
	}
	a = publish.CAPAlert{}
	if err := xml.Unmarshal(body, &a); err != nil {
		t.Fatal(err)
	}
	want := "riskgate.test,HNRG-W7-1,2026-11-20T10:30:00+08:00 riskgate.test,HNRG-W7-2,2026-11-20T11:30:00+08:00"
	if a.MsgType != "Cancel" || a.References != want || a.Note != "召回完成" || a.Info[0].Urgency != "Past" || a.Info[0].ResponseType[0] != "AllClear" {
		t.Errorf("cancel %+v", a)
	}

	// A 通报 is Restricted; a 通告 Private to its addressees.
	for _, tt := range []struct {
		class       warning.Class
		scope, more string
	}{{warning.ClassBulletin, "Restricted", "restriction"}, {warning.ClassNotice, "Private", "enterprise:3"}} {
		m.Warning.Class, m.Warning.Addressees = tt.class, []risk.ID{3}
		body, err := publish.CAP(m, nil, site)
		if err != nil {
			t.Fatal(err)
		}
		a := publish.CAPAlert{}
		xml.Unmarshal(body, &a)
		if a.Scope != tt.scope || (a.Restriction == "" && !strings.Contains(a.Addresses, tt.more)) {
			t.Errorf("%s: scope %s restriction %q addresses %q", tt.class, a.Scope, a.Restriction, a.Addresses)
		}
	}
}
