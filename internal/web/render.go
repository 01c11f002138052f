package web

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/contingency"
	"riskgate/internal/credit"
	"riskgate/internal/detection"
	"riskgate/internal/emergency"
	"riskgate/internal/enforcement"
	"riskgate/internal/foreign"
	"riskgate/internal/gateway"
	"riskgate/internal/inspection"
	"riskgate/internal/petition"
	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/reminder"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// Page is what every page's view carries.
type Page struct {
	Lang    string // "zh" or "en"
	Title   string
	Path    string
	Actor   risk.Actor
	CSRF    string
	Nav     []navItem
	Flash   string
	Error   string
	Version string
	// Contingency is the node's contingency state while it is in
	// contingency (or has records the database refused), for the banner;
	// nil otherwise.
	Contingency *contingency.Status
	// person names the user of a login (signed-in pages only).
	person func(login string) string
}

// Person names the user with a login: pages name people, not accounts.
func (p Page) Person(login string) string {
	switch {
	case login == "system":
		return p.T("系统", "riskgate")
	case p.person == nil:
		return login
	}
	return p.person(login)
}

// navItem is a link of the main menu, or a group of links (Items) that
// opens as a drop-down.
type navItem struct {
	Href, Zh, En string
	Active       bool
	Items        []navItem
}

// T picks the text of the page's language.
func (p Page) T(zh, en string) string {
	if p.Lang == "en" {
		return en
	}
	return zh
}

// HTMLLang is the value of <html lang>.
func (p Page) HTMLLang() string {
	if p.Lang == "en" {
		return "en"
	}
	return "zh-CN"
}

// Pick returns the page language's half of a stored "中文 / English" text.
func (p Page) Pick(s string) string {
	zh, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s
	}
	return p.T(zh, en)
}

// L names a stored code — a status, a decision, a class — in the page
// language. Pages show every code through L or Name, never the code itself.
func (p Page) L(v risk.Labeled) string {
	zh, en := v.Label()
	return p.T(zh, en)
}

// SuggestReason names why a signal is suggested as related.
func (p Page) SuggestReason(r string) string {
	zh, en := signal.ReasonLabel(r)
	return p.T(zh, en)
}

// RecallChannel names a channel by which recalled units are reached.
func (p Page) RecallChannel(code string) string {
	zh, en := recall.ChannelLabel(code)
	return p.T(zh, en)
}

// GatewayAction names an action in the history of a gateway filing.
func (p Page) GatewayAction(code string) string {
	zh, en := gateway.Action(code).Label()
	return p.T(zh, en)
}

// Trigger names what set a recall's report clock running.
func (p Page) Trigger(code string) string {
	zh, en := recall.TriggerLabel(code)
	return p.T(zh, en)
}

// LinkKind names a kind of link between signals.
func (p Page) LinkKind(k string) string {
	zh, en := signal.LinkLabel(k)
	return p.T(zh, en)
}

// RoleOf names a role in the page language.
func (p Page) RoleOf(r risk.Role) string {
	zh, en := r.Label()
	return p.T(zh, en)
}

// GradeShort is a grade's short name for badges: II级, Grade II.
func (p Page) GradeShort(g risk.Grade) string {
	if g == "" {
		return ""
	}
	return p.T(string(g)+"级", "Grade "+string(g))
}

// ActorName names who made an audited change: the user's name, else the
// login; riskgate itself and the public by their role.
func (p Page) ActorName(e *audit.Entry) string {
	switch {
	case e.ActorName != "":
		return e.ActorName
	case e.Actor == "system":
		return p.T("系统", "riskgate")
	case e.Actor == "anonymous":
		return p.T("公众", "the public")
	}
	return e.Actor
}

// Ref shows a signal's external reference as its sender gave it — a
// foreign record's number with its source's name, a port's, lab's or
// enterprise's own reference, an alarm's detector and week — never
// riskgate's scoped key.
func (p Page) Ref(ref string) string {
	if strings.HasPrefix(ref, "inspection:") {
		return inspection.SubmitterRef(ref)
	}
	if r, ok := signal.ReporterRef(ref); ok {
		return r
	}
	for _, label := range []func(string) (string, string, bool){foreign.RefLabel, detection.RefLabel} {
		if zh, en, ok := label(ref); ok {
			return p.T(zh, en)
		}
	}
	return ref
}

// Can reports whether the page's actor holds a permission.
func (p Page) Can(perm string) bool { return risk.Can(p.Actor, risk.Permission(perm)) }

// RoleName is the actor's role in the page language.
func (p Page) RoleName() string {
	zh, en := p.Actor.Role.Label()
	return p.T(zh, en)
}

// Name returns a catalogue entry's name in the page language ("" code gives "").
func (p Page) Name(cat, code string) string {
	if code == "" {
		return ""
	}
	if e := lookupEntry(cat, code); e != nil {
		return e.Name(p.Lang)
	}
	return code
}

// Entries lists a builtin catalogue (for selects and checkboxes).
func (p Page) Entries(cat string) []catalog.Entry {
	t, err := catalog.BuiltinTable(cat)
	if err != nil {
		return nil
	}
	return t.Entries
}

var entryIndex = map[string]map[string]*catalog.Entry{}

func init() {
	ts, err := catalog.Builtin()
	if err != nil {
		return
	}
	for _, t := range ts {
		m := make(map[string]*catalog.Entry, len(t.Entries))
		for i := range t.Entries {
			m[t.Entries[i].Code] = &t.Entries[i]
		}
		entryIndex[t.Name] = m
	}
}

func lookupEntry(cat, code string) *catalog.Entry { return entryIndex[cat][code] }

func langOf(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// page builds the common part of a view.
func (s *Server) page(r *http.Request, zh, en string) Page {
	p := Page{Lang: langOf(r), Path: r.URL.Path, Actor: actorOf(r)}
	if !p.Actor.IsAnonymous() && s.Auth != nil {
		names := map[string]string{}
		p.person = func(login string) string {
			if n, ok := names[login]; ok {
				return n
			}
			names[login] = s.Auth.NameOf(r.Context(), login)
			return names[login]
		}
	}
	p.Title = p.T(zh, en)
	if st := s.Contingency.Status(); st.Active || (st.Rejected > 0 && !p.Actor.IsAnonymous() && p.Actor.IsOfficial()) {
		p.Contingency = &st
	}
	if sess := sessionOf(r); sess != nil {
		p.CSRF = sess.CSRF
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		if b, err := base64.RawURLEncoding.DecodeString(c.Value); err == nil {
			kind, msg, _ := strings.Cut(string(b), ":")
			switch kind {
			case "ok":
				p.Flash = p.T("已保存。", "Saved.")
				if msg != "" {
					p.Flash = msg
				}
			case "err":
				p.Error = p.Pick(msg) // a refused action's message, in the page language
			}
		}
	}
	p.Nav = navFor(p.Actor, r.URL.Path)
	return p
}

// scopeField names a scope list in forms and pages.
type scopeField struct{ Name, Zh, En string }

var scopeFields = []scopeField{
	{"hs_prefixes", "HS 编码前缀", "HS prefixes"}, {"keywords", "品名关键词", "Product-name keywords"},
	{"countries", "国家或地区", "Countries"}, {"usccs", "企业统一社会信用代码", "Enterprise USCCs"},
	{"brands", "品牌", "Brands"}, {"models", "型号", "Models"}, {"gtins", "商品条码", "GTINs"},
	{"batches", "批次", "Batches"}, {"manufacturers", "生产商", "Manufacturers"},
	{"ports", "口岸代码", "Ports"}, {"trade_modes", "贸易方式", "Trade modes"},
}

func scopeValues(s warning.Scope, name string) []string {
	switch name {
	case "hs_prefixes":
		return s.HSPrefixes
	case "keywords":
		return s.Keywords
	case "countries":
		return s.Countries
	case "usccs":
		return s.USCCs
	case "brands":
		return s.Brands
	case "models":
		return s.Models
	case "gtins":
		return s.GTINs
	case "batches":
		return s.Batches
	case "manufacturers":
		return s.Makers
	case "ports":
		return s.Ports
	case "trade_modes":
		return s.TradeModes
	}
	return nil
}

// formField is the view of one text input.
type formField struct {
	Name, Label, Value, Hint, Error string
	Required                        bool
	Max                             int // maxlength, the server's limit; 0: none
}

var funcs = template.FuncMap{
	"roles": func() []risk.Role { return risk.Roles },
	"list":  func(xs ...string) []string { return xs },
	"classes": func() []warning.Class {
		return []warning.Class{warning.ClassBulletin, warning.ClassNotice, warning.ClassAnnouncement}
	},
	"grades":        func() []risk.Grade { return risk.Grades },
	"auditEntities": func() []auditEntity { return auditEntities },
	"caseStatuses":  func() []casefile.Status { return []casefile.Status{casefile.StatusOpen, casefile.StatusClosed} },
	"warningStatuses": func() []warning.Status {
		return []warning.Status{warning.StatusDraft, warning.StatusReview, warning.StatusApproved, warning.StatusIssued,
			warning.StatusReferred, warning.StatusLifted, warning.StatusExpired}
	},
	"recallStatuses": func() []recall.Status {
		return []recall.Status{recall.StatusSuspected, recall.StatusInvestigating, recall.StatusConfirmed, recall.StatusPlanFiled,
			recall.StatusNoticePublished, recall.StatusInProgress, recall.StatusCompleted, recall.StatusSummaryFiled, recall.StatusEvaluated, recall.StatusClosed}
	},
	"recallKinds": func() []recall.Kind { return []recall.Kind{recall.Voluntary, recall.Ordered, recall.Environmental} },
	"recallRemedies": func() []recall.Remedy {
		return []recall.Remedy{recall.Repair, recall.Replace, recall.Refund, recall.Label}
	},
	"recallTriggers":   func() []string { return recall.Triggers },
	"recallChannels":   func() []string { return recall.Channels },
	"reminderChannels": func() []reminder.Channel { return []reminder.Channel{reminder.ByEmail, reminder.InboxOnly} },
	"petitionStatuses": func() []petition.Status {
		return []petition.Status{petition.StatusSubmitted, petition.StatusMoreRequested, petition.StatusAccepted, petition.StatusRejected}
	},
	"creditSeverities": func() []credit.Severity { return credit.Severities },
	"creditEventStatuses": func() []credit.EventStatus {
		return []credit.EventStatus{credit.InForce, credit.Repaired, credit.Expired, credit.Withdrawn}
	},
	"creditRepairStatuses": func() []credit.RepairStatus {
		return []credit.RepairStatus{credit.RepairPending, credit.RepairApproved, credit.RepairRejected}
	},
	"creditTiers":      func() []string { return credit.Tiers },
	"interviewReasons": func() []enforcement.Reason { return enforcement.Reasons },
	"emergencyFacts":   func() []emergency.Fact { return emergency.Facts },
	"emergencyLevels":  func() []emergency.Level { return emergency.Levels },
	"emergencySources": func() []emergency.Source {
		return []emergency.Source{emergency.FromHand, emergency.FromHold, emergency.FromSignal}
	},
	"emergencyLinks": func() []emergency.LinkKind {
		return []emergency.LinkKind{emergency.LinkWarning, emergency.LinkMeasure, emergency.LinkCase}
	},
	"partyRoles":   func() []enforcement.PartyRole { return enforcement.PartyRoles },
	"penaltyKinds": func() []enforcement.Kind { return enforcement.Kinds },
	"authorities":  func() []enforcement.Authority { return enforcement.Authorities },
	"commitmentResults": func() []enforcement.CommitmentStatus {
		return []enforcement.CommitmentStatus{enforcement.CommitmentMet, enforcement.CommitmentMissed}
	},
	"neg":       func(n int) int { return -n },
	"inc":       func(n int) int { return n + 1 },
	"mul100":    func(x float64) float64 { return 100 * x },
	"rowOf":     func(p pageText, m *publish.Message) announcementRow { return announcementRow{p, m} },
	"summaryOf": func(p approvalsPage, it warningItem) summaryView { return summaryView{p, it} },
	"decisions": func() []screening.Decision { return decisionOrder },
	"pct":       func(f float64) float64 { return f * 100 },
	"measureActionName": func(p Page, action string) string {
		names := map[string][2]string{"enforce": {"生效", "Enforce"}, "complete": {"完成", "Complete"}, "lift": {"解除", "Lift"}}
		if n, ok := names[action]; ok {
			return p.T(n[0], n[1])
		}
		return action
	},
	"scopeFields": func() []scopeField { return scopeFields },
	"scopeValues": scopeValues,
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(risk.China).Format("2006-01-02")
	},
	// lastDay shows an exclusive end instant as the last day it covers.
	"lastDay": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(risk.China).Add(-time.Second).Format("2006-01-02")
	},
	"condName": func(p Page, kind string) string {
		zh, en := warning.Condition{Kind: kind, N: 0}.Describe()
		switch kind {
		case warning.CondCleanLots:
			zh, en = "连续合格批次", "Consecutive clean lots"
		case warning.CondRecall:
			zh, en = "召回完成率（%）", "Recall completion (%)"
		case warning.CondNoSignals:
			zh, en = "无新风险信息（天）", "No new signals (days)"
		case warning.CondManual:
			zh, en = "人工确认", "Manual"
		}
		return p.T(zh, en)
	},
	"actionName": func(p Page, action string) string {
		names := map[string][2]string{"submit": {"提交审核", "Submit"}, "approve": {"批准", "Approve"}, "return": {"退回", "Return"},
			"issue": {"签发", "Issue"}, "lift": {"解除", "Lift"}, "refer": {"上报", "Refer"}}
		if n, ok := names[action]; ok {
			return p.T(n[0], n[1])
		}
		return action
	},
	"deref": func(p *float64) float64 { return *p },
	"levelName": func(p Page, l risk.Level) string {
		zh, en := l.Label()
		return p.T(zh, en)
	},
	// fieldOf builds a formField from a form page (anything with T and
	// FieldError, as pages that embed Form have), so that every input
	// renders the same way; max is the server's limit on its length.
	"fieldOf": func(p interface {
		T(string, string) string
		FieldError(string) string
	}, name, zh, en, value string, required bool, hint string, max int) formField {
		return formField{Name: name, Label: p.T(zh, en), Value: value, Hint: hint, Error: p.FieldError(name), Required: required, Max: max}
	},
	"date": dateText,
	// received is when a signal came in: its year alone when the source
	// gave only that (signal.Signal.ReceivedYearOnly), not the made-up
	// midnight of its 1 January.
	"received": func(t time.Time, yearOnly bool) string {
		if yearOnly && !t.IsZero() {
			return t.UTC().Format("2006")
		}
		return dateText(t)
	},
	"json": func(v any) (string, error) {
		b, err := json.Marshal(v)
		return string(b), err
	},
	"join": strings.Join,
	"add":  func(a, b int) int { return a + b },
	"has": func(list []string, s string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	},
	"query": func(kv ...any) string {
		var b strings.Builder
		for i := 0; i+1 < len(kv); i += 2 {
			v := fmt.Sprint(kv[i+1])
			if v == "" || v == "0" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(urlQueryEscape(fmt.Sprint(kv[i])) + "=" + urlQueryEscape(v))
		}
		return b.String()
	},
}

// condValue is a lifting condition's number as its form shows it.
func condValue(c warning.Condition) string {
	switch c.Kind {
	case warning.CondCleanLots:
		return strconv.Itoa(c.N)
	case warning.CondNoSignals:
		return strconv.Itoa(c.Days)
	case warning.CondRecall:
		return strconv.FormatFloat(c.Percent, 'f', -1, 64)
	}
	return ""
}

// auditEntity is a kind of record the audit trail can be filtered by.
type auditEntity struct{ Code, Zh, En string }

var auditEntities = []auditEntity{
	{"signal", "风险信息", "Signal"}, {"case", "案件", "Case"}, {"assessment", "风险评估", "Assessment"},
	{"warning", "预警", "Warning"}, {"measure", "措施", "Measure"}, {"inspection", "检验结果", "Inspection result"},
	{"declaration", "报关单", "Declaration"}, {"enterprise", "企业", "Enterprise"}, {"user", "用户", "User"},
	{"lab", "检测机构", "Laboratory"}, {"detector", "检测器", "Detector"}, {"match_candidate", "通报匹配", "Match"},
	{"subscription", "订阅", "Subscription"}, {"report", "质量报告", "Quality report"},
	{"foreign_import", "国外通报导入", "Foreign import"}, {"injury_record", "伤害记录", "Injury record"},
	{"injury_import", "伤害记录导入", "Injury import"}, {"catalog", "参考目录", "Catalogue"},
	{"warning_rules", "预警分级规则", "Grading rules"}, {"measure_bundles", "默认措施组合", "Measure bundles"},
	{"credit_rates", "信用等级抽检比例", "Inspection rates by credit tier"}, {"assessment_profile", "评估矩阵", "Risk matrix"},
	{"petition", "解除申请", "Petition to lift"},
	{"answer", "整改报告", "Answer to a notice"},
	{"self_declaration", "标准自我声明", "Standard self-declaration"},
	{"emergency_plan", "应急预案", "Emergency plan"}, {"emergency_incident", "突发事件", "Incident"},
	{"emergency_drill", "应急演练", "Drill"},
}

// parseTemplates parses every page with the layout, at start-up.
func parseTemplates() (map[string]*template.Template, error) {
	pages, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		name := path.Base(p)
		if name == "layout.html" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", p)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

const flashCookie = "rg_flash"

// setFlash leaves a message for the next page the browser shows.
func (s *Server) setFlash(w http.ResponseWriter, r *http.Request, kind, msg string) {
	if len(msg) > 1000 {
		msg = msg[:1000]
	}
	s.setCookie(w, r, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(kind+":"+msg)), time.Minute)
}

// render executes a page into a buffer, then sends it, so that a template
// error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, view any) error {
	t, ok := s.tmpl[name]
	if !ok {
		return fmt.Errorf("web: no template %s", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", view); err != nil {
		s.Log.ErrorContext(r.Context(), "render failed", "template", name, "error", err)
		http.Error(w, "render error / 页面渲染失败", http.StatusInternalServerError)
		return nil
	}
	if _, err := r.Cookie(flashCookie); err == nil {
		s.clearCookie(w, r, flashCookie) // shown once
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := buf.WriteTo(w)
	return err
}

// staticHandler serves the embedded assets with long caching.
func (s *Server) staticHandler() http.Handler {
	fsrv := http.FileServerFS(s.static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

// parseDay reads a YYYY-MM-DD date in China time.
func parseDay(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", s, risk.China)
	if err != nil {
		return t, risk.Invalid("date", "日期格式无效："+s+"。", "not a valid date: "+s+".")
	}
	return t, nil
}

// dateText is a time as the pages show it, in China's time; "" for none.
func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(risk.China).Format("2006-01-02 15:04")
}
