package lab

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// Status is where a laboratory stands in the register. Values are stored.
type Status string

// Statuses. Only an accepted laboratory's reports count.
const (
	Applied   Status = "applied"
	Accepted  Status = "accepted"
	Suspended Status = "suspended"
	Revoked   Status = "revoked"
)

var statusLabels = risk.Labels{string(Applied): {"申请中", "Applied"}, string(Accepted): {"已采信", "Accepted"},
	string(Suspended): {"暂停采信", "Suspended"}, string(Revoked): {"取消采信", "Revoked"}}

// Label names the status.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Machine is the register's lifecycle: an application accepted or
// refused; acceptance suspended (by the rules or by an official) and
// reinstated after a review; revoked for good.
var Machine = risk.Machine{
	Name: "检测机构 laboratory",
	Next: map[string]map[string]string{
		string(Applied):   {"accept": string(Accepted), "revoke": string(Revoked)},
		string(Accepted):  {"suspend": string(Suspended), "revoke": string(Revoked)},
		string(Suspended): {"reinstate": string(Accepted), "revoke": string(Revoked)},
	},
	StateNames: statusLabels,
	ActionNames: risk.Labels{"accept": {"采信", "accept"}, "suspend": {"暂停采信", "suspend"},
		"reinstate": {"恢复采信", "reinstate"}, "revoke": {"取消采信", "revoke"}},
}

// Schemes of accreditation.
var Schemes = []string{"CNAS", "CMA", "ILAC-MRA"}

// Accreditation is one accreditation or qualification of a laboratory:
// CNAS (ISO/IEC 17025), CMA (资质认定) or a foreign body's under ILAC-MRA.
type Accreditation struct {
	Scheme        string `json:"scheme"`
	Body          string `json:"body,omitempty"` // the foreign accreditation body (ILAC-MRA)
	Number        string `json:"number"`
	ScopeDocument string `json:"scope_document,omitempty"` // the accredited scope's document or link
	ValidUntil    string `json:"valid_until"`              // YYYY-MM-DD, inclusive
}

// ScopeStatus is whether a scope item is accepted now. Values are stored.
type ScopeStatus string

// Scope statuses.
const (
	ScopeActive    ScopeStatus = "active"
	ScopeSuspended ScopeStatus = "suspended"
)

var scopeLabels = risk.Labels{string(ScopeActive): {"有效", "Active"}, string(ScopeSuspended): {"已暂停", "Suspended"}}

// Label names the status.
func (s ScopeStatus) Label() (zh, en string) { return scopeLabels.Of(string(s)) }

// Scope is one item of the acceptance scope: the goods (an HS prefix), the
// test item and, when set, the method or standard; the accreditation that
// covers it (its number; empty: any of the laboratory's) and how long its
// reports are valid.
type Scope struct {
	HSPrefix       string      `json:"hs_prefix"`
	TestItem       string      `json:"test_item"`
	Method         string      `json:"method,omitempty"`
	Accreditation  string      `json:"accreditation,omitempty"`
	ValidityMonths int         `json:"validity_months"`
	Status         ScopeStatus `json:"status"`
	StatusNote     string      `json:"status_note,omitempty"`
}

// StatusName is the status in words.
func (s *Scope) StatusName() risk.Labeled { return s.Status }

// Tally counts a laboratory's cross-checks.
type Tally struct {
	Total int `json:"total"`
	Agree int `json:"agree"`
}

// Lab is one laboratory of the register.
type Lab struct {
	ID             risk.ID         `json:"id"`
	Name           string          `json:"name"`
	NameEn         string          `json:"name_en,omitempty"`
	USCC           string          `json:"uscc"`
	Address        string          `json:"address,omitempty"`
	ContactName    string          `json:"contact_name,omitempty"`
	ContactPhone   string          `json:"contact_phone,omitempty"`
	ContactEmail   string          `json:"contact_email,omitempty"`
	Accreditations []Accreditation `json:"accreditations"`
	Scopes         []Scope         `json:"scopes"`
	Status         Status          `json:"status"`
	Grade          string          `json:"grade"`
	// CountFrom is when the evaluation window starts at the earliest: the
	// last reinstatement (a reviewed laboratory starts afresh).
	CountFrom  time.Time `json:"count_from,omitzero"`
	CrossCheck Tally     `json:"crosschecks"`
	Rev        int       `json:"rev"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
}

// StatusName is the status in words.
func (l *Lab) StatusName() risk.Labeled { return l.Status }

// AgreementPercent is the share of cross-checks that agreed, in per cent
// (0 with none).
func (l *Lab) AgreementPercent() int {
	if l.CrossCheck.Total == 0 {
		return 0
	}
	return l.CrossCheck.Agree * 100 / l.CrossCheck.Total
}

// ExpiryNotice is how many days before an accreditation expires its
// laboratory is reminded and the workbench counts it.
const ExpiryNotice = 30

// Expiring returns the accreditations valid today whose last valid day is
// at most ExpiryNotice days after today (days as YYYY-MM-DD).
func (l *Lab) Expiring(today string) []Accreditation {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		return nil
	}
	until := t.AddDate(0, 0, ExpiryNotice).Format(time.DateOnly)
	var out []Accreditation
	for _, a := range l.Accreditations {
		if a.ValidUntil >= today && a.ValidUntil <= until {
			out = append(out, a)
		}
	}
	return out
}

// covered reports whether a valid accreditation covers scope item sc on
// day.
func (l *Lab) covered(sc Scope, day string) bool {
	for _, a := range l.Accreditations {
		if (sc.Accreditation == "" || sc.Accreditation == a.Number) && a.ValidUntil >= day {
			return true
		}
	}
	return false
}

// ScopeFor returns the index of the active scope item that covers an HS
// code, a test item and a method on day (an accreditation valid then),
// or -1.
func (l *Lab) ScopeFor(hs, item, method, day string) int {
	for i, sc := range l.Scopes {
		if sc.Status == ScopeActive && strings.HasPrefix(hs, sc.HSPrefix) && sc.TestItem == item &&
			(sc.Method == "" || method == "" || sc.Method == method) && l.covered(sc, day) {
			return i
		}
	}
	return -1
}

// Conclusion is a report's or customs' overall result. Values are stored.
type Conclusion string

// Conclusions.
const (
	Pass Conclusion = "pass"
	Fail Conclusion = "fail"
)

var conclusionLabels = risk.Labels{string(Pass): {"合格", "Pass"}, string(Fail): {"不合格", "Fail"}}

// Label names the conclusion.
func (c Conclusion) Label() (zh, en string) { return conclusionLabels.Of(string(c)) }

// Item is one test item of a report: the result, its limit and unit, the
// method or standard.
type Item struct {
	TestItem string `json:"test_item"`
	Method   string `json:"method,omitempty"`
	Result   string `json:"result,omitempty"`
	Limit    string `json:"limit,omitempty"`
	Unit     string `json:"unit,omitempty"`
}

// Report is a test report the laboratory submitted for acceptance.
type Report struct {
	ID             risk.ID    `json:"id"`
	LabID          risk.ID    `json:"lab_id"`
	LabName        string     `json:"lab_name"`
	Number         string     `json:"number"`
	IssuedOn       string     `json:"issued_on"`
	ValidUntil     string     `json:"valid_until"` // inclusive
	DeclarationRef string     `json:"declaration_ref,omitempty"`
	EnterpriseUSCC string     `json:"enterprise_uscc,omitempty"`
	Product        string     `json:"product,omitempty"`
	HSCode         string     `json:"hs_code"`
	Items          []Item     `json:"items"`
	Conclusion     Conclusion `json:"conclusion"`
	PDFSHA256      string     `json:"pdf_sha256,omitempty"` // SHA-256 of the report's PDF, hex
	HasPDF         bool       `json:"has_pdf,omitempty"`    // the PDF itself was uploaded (GET /labs/reports/{id}/pdf)
	// The cross-check draw: the number drawn, the share of the lab's grade
	// then and whether it fell inside it.
	Draw      float64   `json:"draw"`
	Share     float64   `json:"share"`
	Grade     string    `json:"grade"`
	Drawn     bool      `json:"drawn"`
	CheckID   risk.ID   `json:"crosscheck_id,omitempty"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ConclusionName is the conclusion in words.
func (r *Report) ConclusionName() risk.Labeled { return r.Conclusion }

// Standing is whether a report counts now. Values are not stored: they
// follow from the report and its laboratory.
type Standing string

// Standings.
const (
	Valid      Standing = "valid"
	Expired    Standing = "expired"
	NotCounted Standing = "lab_not_accepted"
)

var standingLabels = risk.Labels{string(Valid): {"有效", "Valid"}, string(Expired): {"已过有效期", "Expired"},
	string(NotCounted): {"机构非采信状态，不予采信", "Not counted: the laboratory is not accepted"}}

// Label names the standing.
func (s Standing) Label() (zh, en string) { return standingLabels.Of(string(s)) }

// StandingOf is whether r counts on day for a laboratory in status st: a
// suspended or revoked laboratory's reports stop counting at once.
func StandingOf(r *Report, st Status, day string) Standing {
	switch {
	case st != Accepted:
		return NotCounted
	case day > r.ValidUntil:
		return Expired
	}
	return Valid
}

// CheckItem is customs' result for one test item, compared with the
// report's.
type CheckItem struct {
	TestItem  string  `json:"test_item"`
	Result    string  `json:"result"`
	LabResult string  `json:"lab_result,omitempty"`
	Tolerance float64 `json:"tolerance,omitempty"` // the absolute difference allowed
	Agree     bool    `json:"agree"`
}

// CrossCheck is customs' own test of an accepted report and whether it
// agreed.
type CrossCheck struct {
	ID            risk.ID     `json:"id"`
	LabID         risk.ID     `json:"lab_id"`
	ReportID      risk.ID     `json:"report_id"`
	ReportNumber  string      `json:"report_number"`
	Drawn         bool        `json:"drawn"`
	CustomsResult Conclusion  `json:"customs_result"`
	LabResult     Conclusion  `json:"lab_result"`
	Items         []CheckItem `json:"items,omitempty"`
	Falsified     bool        `json:"falsified"`
	FirmSupplied  bool        `json:"firm_supplied,omitempty"`
	Agree         bool        `json:"agree"`
	WhyZh         string      `json:"why_zh"`
	WhyEn         string      `json:"why_en"`
	Reference     string      `json:"reference,omitempty"` // customs' own test report
	Note          string      `json:"note,omitempty"`
	Dept          string      `json:"dept"`
	CreatedBy     string      `json:"created_by"`
	CreatedAt     time.Time   `json:"created_at"`
}

// Why is the explanation in lang.
func (c *CrossCheck) Why(lang string) string {
	if lang == "en" {
		return c.WhyEn
	}
	return c.WhyZh
}

// ResultName is customs' conclusion in words.
func (c *CrossCheck) ResultName() risk.Labeled { return c.CustomsResult }

// AgreeName says agreement or disagreement in words.
func (c *CrossCheck) AgreeName() risk.Labeled {
	if c.Falsified {
		return agreement("falsified")
	}
	if c.Agree {
		return agreement("agree")
	}
	return agreement("disagree")
}

type agreement string

func (a agreement) Label() (zh, en string) {
	return risk.Labels{"agree": {"一致", "Agrees"}, "disagree": {"不一致", "Disagrees"}, "falsified": {"报告造假", "Falsified report"}}.Of(string(a))
}

// Change is one change of a laboratory's grade or status, with why.
type Change struct {
	ID         risk.ID   `json:"id"`
	LabID      risk.ID   `json:"lab_id"`
	FromGrade  string    `json:"from_grade"`
	ToGrade    string    `json:"to_grade"`
	FromStatus Status    `json:"from_status"`
	ToStatus   Status    `json:"to_status"`
	Cause      string    `json:"cause"` // what moved it (bilingual)
	Outcome    *Outcome  `json:"outcome,omitempty"`
	By         string    `json:"by"`
	At         time.Time `json:"at"`
}

// FromName and ToName are the statuses in words.
func (c *Change) FromName() risk.Labeled { return c.FromStatus }

// ToName is the new status in words.
func (c *Change) ToName() risk.Labeled { return c.ToStatus }

// Why is the explanation in lang: the outcome's, else the cause.
func (c *Change) Why(lang string) string {
	if c.Outcome != nil {
		return c.Outcome.Why(lang)
	}
	zh, en, ok := strings.Cut(c.Cause, " / ")
	if lang == "en" && ok {
		return en
	}
	return zh
}

// Limits of input, in characters or entries.
const (
	MaxText   = 200
	MaxNote   = 2000
	MaxItems  = 100
	MaxScopes = 500
)

// ParseDay reads a YYYY-MM-DD day, naming field when it is not one.
func ParseDay(field, s string) (string, error) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return "", risk.Invalid(field, "日期格式应为 YYYY-MM-DD。", "the date must be YYYY-MM-DD.")
	}
	return t.Format("2006-01-02"), nil
}

// Today is now's day in China.
func Today(now time.Time) string { return now.In(risk.China).Format("2006-01-02") }

// addMonths moves a day by n months; the day before gives the inclusive
// end of a period of n months.
func lastDay(day string, months int) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, months, -1).Format("2006-01-02")
}

// LabInput is a laboratory as registered.
type LabInput struct {
	Name           string          `json:"name"`
	NameEn         string          `json:"name_en,omitempty"`
	USCC           string          `json:"uscc"`
	Address        string          `json:"address,omitempty"`
	ContactName    string          `json:"contact_name,omitempty"`
	ContactPhone   string          `json:"contact_phone,omitempty"`
	ContactEmail   string          `json:"contact_email,omitempty"`
	Accreditations []Accreditation `json:"accreditations"`
	Scopes         []Scope         `json:"scopes"`
	// Status is accepted (an official registers a laboratory the
	// catalogue lists) unless "applied" (an application to review).
	Status Status `json:"status,omitempty"`
}

// Check validates the input against the rules, naming each bad field.
func (in *LabInput) Check(r *Rules, today string) error { return in.check(r, today, nil) }

// check is Check; kept lists accreditations already on the register by
// number with their last valid day: an edit may keep one that has expired
// unchanged (its scope items stay suspended), not enter a new one.
func (in *LabInput) check(r *Rules, today string, kept map[string]string) error {
	var v risk.Validation
	in.Name, in.NameEn, in.Address = strings.TrimSpace(in.Name), strings.TrimSpace(in.NameEn), strings.TrimSpace(in.Address)
	in.USCC = strings.ToUpper(strings.TrimSpace(in.USCC))
	v.Text("name", in.Name, MaxText, true, "机构名称", "the name")
	v.Text("name_en", in.NameEn, MaxText, false, "英文名称", "the English name")
	v.Text("address", in.Address, MaxText, false, "地址", "the address")
	v.Text("contact_name", in.ContactName, MaxText, false, "联系人", "the contact")
	v.Text("contact_phone", in.ContactPhone, 50, false, "联系电话", "the phone")
	v.Text("contact_email", in.ContactEmail, MaxText, false, "电子邮箱", "the e-mail")
	if in.USCC == "" {
		v.Add("uscc", "请填写统一社会信用代码。", "uscc is required.")
	} else if _, err := ident.ParseUSCC(in.USCC); err != nil {
		v.Add("uscc", "统一社会信用代码无效。", "uscc is not a valid unified social credit code.")
	}
	switch in.Status {
	case "":
		in.Status = Accepted
	case Applied, Accepted:
	default:
		v.Add("status", "登记时状态只能是 applied（申请中）或 accepted（已采信）。", "status must be applied or accepted when registering.")
	}
	if len(in.Accreditations) == 0 || len(in.Accreditations) > 20 {
		v.Add("accreditations", "请填写 1–20 项资质（CNAS、CMA 或 ILAC-MRA）。", "accreditations must list 1–20 entries (CNAS, CMA or ILAC-MRA).")
	}
	numbers := map[string]bool{}
	for i := range in.Accreditations {
		a := &in.Accreditations[i]
		f := fmt.Sprintf("accreditations[%d].", i)
		a.Scheme, a.Number, a.Body = strings.ToUpper(strings.TrimSpace(a.Scheme)), strings.TrimSpace(a.Number), strings.TrimSpace(a.Body)
		if !slices.Contains(Schemes, a.Scheme) {
			v.Add(f+"scheme", "资质类型只能是 CNAS、CMA 或 ILAC-MRA。", "scheme must be CNAS, CMA or ILAC-MRA.")
		}
		if a.Number == "" {
			v.Add(f+"number", "请填写资质证书编号。", "number is required.")
		} else if numbers[a.Number] {
			v.Add(f+"number", "资质证书编号 "+a.Number+" 重复。", "number "+a.Number+" appears twice.")
		}
		numbers[a.Number] = true
		v.Text(f+"number", a.Number, 100, false, "证书编号", "the number")
		v.Text(f+"body", a.Body, MaxText, a.Scheme == "ILAC-MRA", "认可机构", "the accreditation body")
		v.Text(f+"scope_document", a.ScopeDocument, MaxText, false, "认可范围文件", "the scope document")
		if d, err := ParseDay(f+"valid_until", a.ValidUntil); err != nil {
			v.AddErr(f+"valid_until", err)
		} else if d < today && kept[a.Number] != d {
			v.Add(f+"valid_until", "资质已过有效期。", "the accreditation has expired.")
		} else {
			a.ValidUntil = d
		}
	}
	if len(in.Scopes) == 0 || len(in.Scopes) > MaxScopes {
		v.Add("scopes", fmt.Sprintf("请填写 1–%d 项采信范围。", MaxScopes), fmt.Sprintf("scopes must list 1–%d entries.", MaxScopes))
	}
	for i := range in.Scopes {
		sc := &in.Scopes[i]
		f := fmt.Sprintf("scopes[%d].", i)
		sc.HSPrefix, sc.TestItem, sc.Method, sc.Accreditation = strings.TrimSpace(sc.HSPrefix), strings.TrimSpace(sc.TestItem), strings.TrimSpace(sc.Method), strings.TrimSpace(sc.Accreditation)
		if !isDigits(sc.HSPrefix) || len(sc.HSPrefix) < 2 || len(sc.HSPrefix) > 10 {
			v.Add(f+"hs_prefix", "HS 编码前缀须为 2–10 位数字。", "hs_prefix must be 2–10 digits.")
		}
		v.Text(f+"test_item", sc.TestItem, MaxText, true, "检测项目", "the test item")
		v.Text(f+"method", sc.Method, MaxText, false, "方法或标准", "the method")
		if sc.Accreditation != "" && !numbers[sc.Accreditation] {
			v.Add(f+"accreditation", "资质编号 "+sc.Accreditation+" 不是该机构登记的资质。", "accreditation "+sc.Accreditation+" is not one of the laboratory's.")
		}
		if sc.ValidityMonths == 0 {
			sc.ValidityMonths = r.ValidityMonths
		}
		if sc.ValidityMonths < 1 || sc.ValidityMonths > 60 {
			v.Add(f+"validity_months", "报告有效期须为 1–60 个月。", "validity_months must be 1–60.")
		}
		sc.Status, sc.StatusNote = ScopeActive, ""
	}
	return v.Err()
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil && !strings.ContainsAny(s, "+-")
}

// Counts reports whether a report may relieve lines at the port now: it
// passed, and a cross-check, if any, agreed with it (the store reads only
// reports of laboratories accepted now and still valid). checks and agreed
// count its cross-checks and the agreeing ones.
func (r *Report) Counts(checks, agreed int) bool { return r.Conclusion == Pass && agreed == checks }

// Relieving is the report as the port's screening reads it (采信): what it
// covers, and whether it awaits the cross-check it was drawn for.
func (r *Report) Relieving(labName string, checks int) screening.Report {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	items := make([]string, 0, len(r.Items))
	for _, it := range r.Items {
		items = append(items, it.TestItem)
	}
	return screening.Report{ID: r.ID, Number: r.Number, Lab: labName, HSCode: r.HSCode, EnterpriseUSCC: r.EnterpriseUSCC,
		DeclarationRef: r.DeclarationRef, IssuedOn: day(r.IssuedOn), ValidUntil: day(r.ValidUntil), TestItems: items,
		Awaiting: r.Drawn && checks == 0}
}
