package tbt

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// EU is the member code of the European Union, which notifies for its
// member states.
const EU = "EU"

// EUStates are the member states of the European Union (ISO 3166-1
// alpha-2; Greece is GR, not the EU's own EL), 27 since the United
// Kingdom left on 1 February 2020. An EU notification concerns exports to
// any of them.
var EUStates = []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
	"LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"}

// Destinations are the countries a member's measures apply to: the EU's
// member states, or the member itself.
func Destinations(member string) []string {
	if member == EU {
		return EUStates
	}
	return []string{member}
}

// overlaps reports whether two members' destinations meet (DE and EU do).
func overlaps(a, b string) bool {
	if a == b {
		return true
	}
	return a == EU && slices.Contains(EUStates, b) || b == EU && slices.Contains(EUStates, a)
}

// MemberName names a member in both languages.
func MemberName(member string) (zh, en string) {
	if member == EU {
		return "欧盟", "European Union"
	}
	return catalog.Label("countries", member)
}

var alpha3 struct {
	once sync.Once
	m    map[string]string // ISO alpha-3 → alpha-2
}

// memberOfSymbol is the member a symbol's code stands for: EU for EU (and
// the EEC of older symbols), the alpha-2 code of an ISO alpha-3 code, or ""
// when the catalogue does not know it (WTO's own codes, such as TPKM).
func memberOfSymbol(code string) string {
	if code == "EU" || code == "EEC" {
		return EU
	}
	alpha3.once.Do(func() {
		alpha3.m = map[string]string{}
		t, err := catalog.BuiltinTable("countries")
		if err != nil {
			return
		}
		for _, e := range t.Entries {
			if a := e.Attrs["alpha3"]; a != "" {
				alpha3.m[a] = e.Code
			}
		}
	})
	return alpha3.m[code]
}

// ParseMember reads a WTO member: an ISO 3166-1 alpha-2 code the catalogue
// knows, or EU. Errors name the field "member".
func ParseMember(s string, countries *ident.CountrySet) (string, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	if t == EU {
		return EU, nil
	}
	c, err := ident.ParseCountry(t)
	if err == nil {
		err = countries.Check(c)
	}
	if err != nil {
		return "", risk.Invalid("member", "通报成员 "+s+" 无法识别：应为 ISO 3166-1 两位字母代码（如 US、JP）或 EU（欧盟）。",
			"unknown member "+s+": a member is an ISO 3166-1 alpha-2 code (US, JP) or EU for the European Union.")
	}
	return string(c), nil
}

// Document is a document of a notification: the notified text, a
// translation, a link.
type Document struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// Change is what a later document (an addendum, corrigendum or revision)
// changed in its base notification.
type Change struct {
	Symbol string `json:"symbol"`
	Field  string `json:"field"`
	From   string `json:"from"`
	To     string `json:"to"`
}

// Notification is a TBT or SPS notification, or a later document under its
// symbol.
type Notification struct {
	ID        risk.ID   `json:"id"`
	Symbol    string    `json:"symbol"`
	Agreement Agreement `json:"agreement"`
	Kind      Kind      `json:"kind"`
	// BaseSymbol is the symbol of the notification a later document
	// belongs to (the symbol itself for a notification); BaseID its record,
	// 0 while it is not registered.
	BaseSymbol string  `json:"base_symbol"`
	BaseID     risk.ID `json:"base_id,omitempty"`
	// Member is the notifying member: ISO 3166-1 alpha-2, or EU.
	Member          string     `json:"member"`
	Date            string     `json:"date,omitempty"` // of distribution, YYYY-MM-DD
	HSCodes         []string   `json:"hs_codes"`
	ICSCodes        []string   `json:"ics_codes"`
	Products        string     `json:"products,omitempty"`
	Title           string     `json:"title"`
	Description     string     `json:"description,omitempty"`
	Objective       string     `json:"objective,omitempty"`
	Adoption        string     `json:"adoption,omitempty"`         // proposed date of adoption, as notified
	EntryIntoForce  string     `json:"entry_into_force,omitempty"` // proposed date of entry into force, as notified
	CommentDeadline string     `json:"comment_deadline,omitempty"` // final date for comments, YYYY-MM-DD
	Documents       []Document `json:"documents"`
	// Changes are what later documents changed here, in the order applied.
	Changes []Change `json:"changes,omitempty"`
	// Later lists the later documents under the symbol (read, not stored).
	Later   []Ref    `json:"later,omitempty"`
	Comment *Comment `json:"comment,omitempty"`
	Source  string   `json:"source"` // manual or import
	Dept    string   `json:"dept,omitempty"`
	// CreatedBy is the login of who entered or imported it.
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	Rev       int       `json:"rev"`
}

// Ref names a later document under a notification's symbol.
type Ref struct {
	ID     risk.ID `json:"id"`
	Symbol string  `json:"symbol"`
	Kind   Kind    `json:"kind"`
	Date   string  `json:"date,omitempty"`
}

// KindName names the kind.
func (n *Notification) KindName() risk.Labeled { return n.Kind }

// AgreementName names the agreement.
func (n *Notification) AgreementName() risk.Labeled { return n.Agreement }

// CommentStatus is how far the comment on the notification is: "" none.
func (n *Notification) CommentStatus() CommentStatus {
	if n.Comment == nil {
		return ""
	}
	return n.Comment.Status
}

// CommentOpen reports whether comments may still be made at today
// (YYYY-MM-DD): a deadline not passed, or none notified.
func (n *Notification) CommentOpen(today string) bool {
	return n.CommentDeadline == "" || n.CommentDeadline >= today
}

// Input is a notification as entered or read from a file.
type Input struct {
	Symbol          string     `json:"symbol"`
	Member          string     `json:"member"`
	Date            string     `json:"date"`
	HSCodes         []string   `json:"hs_codes"`
	ICSCodes        []string   `json:"ics_codes"`
	Products        string     `json:"products"`
	Title           string     `json:"title"`
	Description     string     `json:"description"`
	Objective       string     `json:"objective"`
	Adoption        string     `json:"adoption"`
	EntryIntoForce  string     `json:"entry_into_force"`
	CommentDeadline string     `json:"comment_deadline"`
	Documents       []Document `json:"documents"`
}

// Sets are the catalogues a notification is checked against.
type Sets struct {
	HS        *ident.HSSet
	Countries *ident.CountrySet
}

// Check validates the input against the catalogues and returns the
// notification it describes, recording every problem in v under the field
// named as in the API.
func (in *Input) Check(sets Sets, v *risk.Validation) *Notification {
	n := &Notification{HSCodes: []string{}, ICSCodes: []string{}, Documents: []Document{}}
	sym, err := ParseSymbol(in.Symbol)
	if err != nil {
		v.AddErr("symbol", err)
	} else {
		n.Symbol, n.Agreement, n.Kind, n.BaseSymbol = sym.String(), sym.Agreement, sym.Kind(), sym.Base().String()
	}
	implied := ""
	if err == nil {
		implied = memberOfSymbol(sym.Member)
	}
	switch {
	case strings.TrimSpace(in.Member) == "" && implied != "":
		n.Member = implied
	case strings.TrimSpace(in.Member) == "":
		v.Add("member", "通报成员不能为空。", "the member is required.")
	default:
		m, err := ParseMember(in.Member, sets.Countries)
		if err != nil {
			v.AddErr("member", err)
		} else if implied != "" && m != implied {
			v.Add("member", fmt.Sprintf("通报成员 %s 与通报编号中的成员代码 %s 不符。", m, sym.Member),
				fmt.Sprintf("the member %s does not match the member's code %s in the symbol.", m, sym.Member))
		}
		n.Member = m
	}
	n.Date = dateField(v, "date", in.Date, "分发日期", "the date of distribution")
	n.CommentDeadline = dateField(v, "comment_deadline", in.CommentDeadline, "评议截止日期", "the final date for comments")
	if n.Date != "" && n.CommentDeadline != "" && n.CommentDeadline < n.Date {
		v.Add("comment_deadline", "评议截止日期早于分发日期。", "the final date for comments is before the date of distribution.")
	}
	seen := map[string]bool{}
	for i, s := range in.HSCodes {
		field := fmt.Sprintf("hs_codes[%d]", i)
		c, err := ident.ParseHS(s)
		if err == nil {
			err = sets.HS.Check(c)
		}
		if err != nil {
			e, _ := risk.AsError(err)
			msg := "HS 编码无效 / invalid HS code"
			if e != nil {
				msg = e.Message
			}
			v.Problems = append(v.Problems, risk.FieldError{Field: field, Message: risk.Bilingual("HS 编码 "+s+"："+zhOf(msg), "HS code "+s+": "+enOf(msg))})
			continue
		}
		if !seen[string(c)] {
			seen[string(c)] = true
			n.HSCodes = append(n.HSCodes, string(c))
		}
	}
	if len(in.HSCodes) > MaxCodes || len(in.ICSCodes) > MaxCodes {
		v.Add("hs_codes", fmt.Sprintf("HS 编码和 ICS 编码各不能超过 %d 个。", MaxCodes), fmt.Sprintf("at most %d HS codes and %d ICS codes.", MaxCodes, MaxCodes))
	}
	for i, s := range in.ICSCodes {
		c, ok := parseICS(s)
		if !ok {
			v.Add(fmt.Sprintf("ics_codes[%d]", i), "ICS 编码 "+s+" 格式错误（应如 97.200.50）。", "ICS code "+s+" is malformed (expected e.g. 97.200.50).")
			continue
		}
		if !slices.Contains(n.ICSCodes, c) {
			n.ICSCodes = append(n.ICSCodes, c)
		}
	}
	titleRequired := n.Kind == Regular || n.Kind == Revision || n.Kind == ""
	v.Text("title", in.Title, 1000, titleRequired, "标题", "the title")
	v.Paragraph("products", in.Products, 4000, false, "产品", "the products")
	v.Paragraph("description", in.Description, 20000, false, "内容摘要", "the description")
	v.Paragraph("objective", in.Objective, 4000, false, "目的和理由", "the objective")
	v.Text("adoption", in.Adoption, 200, false, "拟批准日期", "the proposed date of adoption")
	v.Text("entry_into_force", in.EntryIntoForce, 200, false, "拟生效日期", "the proposed date of entry into force")
	n.Title, n.Products, n.Description, n.Objective = strings.TrimSpace(in.Title), strings.TrimSpace(in.Products), strings.TrimSpace(in.Description), strings.TrimSpace(in.Objective)
	n.Adoption, n.EntryIntoForce = strings.TrimSpace(in.Adoption), strings.TrimSpace(in.EntryIntoForce)
	if len(in.Documents) > MaxCodes {
		v.Add("documents", fmt.Sprintf("文件不能超过 %d 个。", MaxCodes), fmt.Sprintf("at most %d documents.", MaxCodes))
	}
	for i, d := range in.Documents {
		field := fmt.Sprintf("documents[%d]", i)
		v.Text(field+".title", d.Title, 500, false, "文件名称", "the document's title")
		u, err := url.Parse(strings.TrimSpace(d.URL))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(d.URL) > 2000 {
			v.Add(field+".url", "文件链接应为 http(s) 网址。", "a document's link is an http(s) URL.")
			continue
		}
		title := strings.TrimSpace(d.Title)
		if title == "" {
			title = u.Host
		}
		n.Documents = append(n.Documents, Document{Title: title, URL: u.String()})
	}
	return n
}

// MaxCodes bounds the HS codes, ICS codes and documents of a notification.
const MaxCodes = 200

// parseICS reads an International Classification for Standards code: a
// field (2 digits), group (3) and sub-group (2), as 97, 97.200 or
// 97.200.50.
func parseICS(s string) (string, bool) {
	t := strings.TrimSpace(s)
	parts := strings.Split(t, ".")
	widths := []int{2, 3, 2}
	if len(parts) > 3 {
		return "", false
	}
	for i, p := range parts {
		if len(p) != widths[i] || strings.IndexFunc(p, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return "", false
		}
	}
	return t, true
}

// dateLayouts are the forms a date is accepted in: ISO first, then the
// day-first forms of WTO documents and ePing exports.
var dateLayouts = []string{"2006-01-02", "2006/01/02", "02/01/2006", "02.01.2006", "2006-01-02 15:04:05", "2006-01-02T15:04:05Z07:00"}

// noDate are the words that stand for no date in ePing exports.
var noDate = map[string]bool{"": true, "n/a": true, "na": true, "not applicable": true, "not specified": true, "无": true, "-": true}

// ParseDate reads a date in one of the accepted forms and returns it as
// YYYY-MM-DD ("" for none).
func ParseDate(field, s, zh, en string) (string, error) {
	t := strings.TrimSpace(s)
	if noDate[strings.ToLower(t)] {
		return "", nil
	}
	for _, l := range dateLayouts {
		if d, err := time.Parse(l, t); err == nil && d.Year() >= 1995 && d.Year() < 2100 {
			return d.Format("2006-01-02"), nil
		}
	}
	return "", risk.Invalid(field, zh+" "+s+" 无法识别，应为 YYYY-MM-DD 或 DD/MM/YYYY。", en+" "+s+" is not a date: use YYYY-MM-DD or DD/MM/YYYY.")
}

func dateField(v *risk.Validation, field, s, zh, en string) string {
	d, err := ParseDate(field, s, zh, en)
	v.AddErr(field, err)
	return d
}

func zhOf(msg string) string { zh, _, _ := strings.Cut(msg, " / "); return zh }

func enOf(msg string) string {
	_, en, ok := strings.Cut(msg, " / ")
	if !ok {
		return msg
	}
	return en
}

// Apply applies a later document to its base notification n, returning
// the changes: an addendum or corrigendum moves the dates it gives and
// adds its HS and ICS codes and documents; a revision also replaces the
// texts it gives (title, products, description, objective) and the codes.
func (n *Notification) Apply(later *Notification) []Change {
	var out []Change
	set := func(field string, dst *string, val string) {
		if val != "" && val != *dst {
			out = append(out, Change{Symbol: later.Symbol, Field: field, From: *dst, To: val})
			*dst = val
		}
	}
	set("comment_deadline", &n.CommentDeadline, later.CommentDeadline)
	set("adoption", &n.Adoption, later.Adoption)
	set("entry_into_force", &n.EntryIntoForce, later.EntryIntoForce)
	codes := func(field string, dst *[]string, add []string) {
		var next []string
		if later.Kind == Revision && len(add) > 0 {
			next = slices.Clone(add)
		} else {
			next = slices.Clone(*dst)
			for _, c := range add {
				if !slices.Contains(next, c) {
					next = append(next, c)
				}
			}
		}
		if !slices.Equal(next, *dst) {
			out = append(out, Change{Symbol: later.Symbol, Field: field, From: strings.Join(*dst, " "), To: strings.Join(next, " ")})
			*dst = next
		}
	}
	codes("hs_codes", &n.HSCodes, later.HSCodes)
	codes("ics_codes", &n.ICSCodes, later.ICSCodes)
	if later.Kind == Revision {
		set("title", &n.Title, later.Title)
		set("products", &n.Products, later.Products)
		set("description", &n.Description, later.Description)
		set("objective", &n.Objective, later.Objective)
	}
	for _, d := range later.Documents {
		if !slices.ContainsFunc(n.Documents, func(x Document) bool { return x.URL == d.URL }) {
			n.Documents = append(n.Documents, d)
			out = append(out, Change{Symbol: later.Symbol, Field: "documents", To: d.URL})
		}
	}
	n.Changes = append(n.Changes, out...)
	return out
}

// FieldName names a field of a notification, for the changes list.
func FieldName(field string) (zh, en string) { return fieldLabels.Of(field) }

var fieldLabels = risk.Labels{"comment_deadline": {"评议截止日期", "Final date for comments"}, "adoption": {"拟批准日期", "Proposed date of adoption"},
	"entry_into_force": {"拟生效日期", "Proposed date of entry into force"}, "hs_codes": {"HS 编码", "HS codes"}, "ics_codes": {"ICS 编码", "ICS codes"},
	"title": {"标题", "Title"}, "products": {"产品", "Products"}, "description": {"内容摘要", "Description"}, "objective": {"目的和理由", "Objective"},
	"documents": {"文件", "Documents"}}

// Name names the field the change is to.
func (c Change) Name() risk.Labeled { return fieldName(c.Field) }

type fieldName string

func (f fieldName) Label() (zh, en string) { return fieldLabels.Of(string(f)) }

// CommentStatus is where the comment on a notification stands. Values
// are stored.
type CommentStatus string

// Comment statuses.
const (
	CommentDrafted CommentStatus = "drafted"
	CommentSent    CommentStatus = "sent"
)

var commentLabels = risk.Labels{"": {"未评议", "No comment"}, string(CommentDrafted): {"评议意见起草中", "Comment drafted"}, string(CommentSent): {"评议意见已提交", "Comment sent"}}

// Label names the status.
func (c CommentStatus) Label() (zh, en string) { return commentLabels.Of(string(c)) }

// CommentMachine is the comment's life: drafted (and redrafted) until it is
// sent through the national enquiry point.
var CommentMachine = risk.Machine{Name: "评议意见 comment",
	Next: map[string]map[string]string{
		"":                     {"draft": string(CommentDrafted)},
		string(CommentDrafted): {"draft": string(CommentDrafted), "send": string(CommentSent)},
	},
	StateNames:  commentLabels,
	ActionNames: risk.Labels{"draft": {"起草", "draft"}, "send": {"提交", "send"}},
}

// Comment is the Chinese comment on a notification.
type Comment struct {
	Status    CommentStatus `json:"status"`
	Text      string        `json:"text"`
	DraftedBy string        `json:"drafted_by"`
	DraftedAt time.Time     `json:"drafted_at"`
	// Via is the enquiry point it was sent through; SentOn the date.
	Via    string `json:"via,omitempty"`
	SentOn string `json:"sent_on,omitempty"`
	SentBy string `json:"sent_by,omitempty"`
}

// StatusName names the status.
func (c *Comment) StatusName() risk.Labeled { return c.Status }

// CommentInput drafts a comment or records its sending.
type CommentInput struct {
	Text   string `json:"text"`
	Via    string `json:"via"`
	SentOn string `json:"sent_on"`
	Rev    int    `json:"rev"`
}

// Today is the date at now in China, as YYYY-MM-DD.
func Today(now time.Time) string { return now.In(risk.China).Format("2006-01-02") }

// Member names a member code as the pages show it.
type Member string

// Label names the member: the EU, or the country from the catalogue.
func (m Member) Label() (zh, en string) { return MemberName(string(m)) }

// MemberName names the notifying member.
func (n *Notification) MemberName() risk.Labeled { return Member(n.Member) }
