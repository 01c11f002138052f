package signal

import (
	"net/mail"
	"strings"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Status is where a signal stands in triage. Values are stored.
type Status string

// Triage statuses.
const (
	StatusNew       Status = "new"       // 待研判
	StatusTriaged   Status = "triaged"   // 已研判，归入案件
	StatusDismissed Status = "dismissed" // 已排除
)

var statusLabels = risk.Labels{string(StatusNew): {"待研判", "To triage"}, string(StatusTriaged): {"已研判", "Triaged"},
	string(StatusDismissed): {"已排除", "Dismissed"}}

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Product identifies the goods a signal is about.
type Product struct {
	HSCode       string `json:"hs_code,omitempty"`
	Name         string `json:"name,omitempty"`
	Brand        string `json:"brand,omitempty"`
	Model        string `json:"model,omitempty"`
	GTIN         string `json:"gtin,omitempty"`
	Batch        string `json:"batch,omitempty"`
	Manufacturer string `json:"manufacturer,omitempty"`
	USCC         string `json:"uscc,omitempty"` // the responsible enterprise
	Origin       string `json:"origin,omitempty"`
	Destination  string `json:"destination,omitempty"`
}

// Reporter is who reported the signal; personal data.
type Reporter struct {
	Name    string `json:"name,omitempty"`
	Contact string `json:"contact,omitempty"` // phone or e-mail
}

// Injuries summarises harm already done.
type Injuries struct {
	Count    int `json:"count"`
	Severity int `json:"severity"` // worst severity, 0 none, 1–4 as in assessments
}

// Attachment is evidence stored with its SHA-256.
type Attachment struct {
	ID          risk.ID   `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// Signal is one piece of risk information.
type Signal struct {
	ID          risk.ID   `json:"id"`
	Channel     string    `json:"channel"`
	ExternalRef string    `json:"external_ref,omitempty"`
	ReceivedAt  time.Time `json:"received_at"`
	// ReceivedYearOnly says ReceivedAt gives only the year: a source that
	// dates a record by its year alone (Safety Gate's sample) is stored as
	// received on that year's 1 January, 00:00 UTC.
	ReceivedYearOnly bool         `json:"received_year_only,omitempty"`
	Region           string       `json:"region,omitempty"`
	Reporter         *Reporter    `json:"reporter,omitempty"` // nil when the viewer may not see it
	Product          Product      `json:"product"`
	Hazard           string       `json:"hazard,omitempty"`
	Injuries         Injuries     `json:"injuries"`
	Description      string       `json:"description"`
	Dept             string       `json:"dept"`
	Status           Status       `json:"status"`
	CaseID           risk.ID      `json:"case_id,omitempty"`
	Note             string       `json:"note,omitempty"` // triage note, e.g. the reason for dismissal
	CreatedBy        string       `json:"created_by"`
	CreatedAt        time.Time    `json:"created_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
	Attachments      []Attachment `json:"attachments,omitempty"`
}

// Input is a signal as submitted.
type Input struct {
	Channel     string    `json:"channel"`
	ExternalRef string    `json:"external_ref"`
	ReceivedAt  time.Time `json:"received_at"`
	Region      string    `json:"region"`
	Reporter    Reporter  `json:"reporter"`
	Product     Product   `json:"product"`
	Hazard      string    `json:"hazard"`
	Injuries    Injuries  `json:"injuries"`
	Description string    `json:"description"`
	// Dept is the department to hold the signal; default the submitter's.
	Dept string `json:"dept"`
}

// Limits on a signal.
const (
	MaxDescription = 10_000
	// MaxText bounds a product's name, brand, model, batch and maker, the
	// external reference and the reporter's contact.
	MaxText = 200
	// MaxReporterName bounds the reporter's name.
	MaxReporterName = 100
	// MaxReason bounds the reason for dismissing a signal.
	MaxReason      = 2000
	MaxBatch       = 1000
	MaxAttachment  = 10 << 20
	MaxAttachments = 10
)

// Check normalises in and records every problem in v, with field names
// prefixed by prefix (e.g. "items[3].").
func (in *Input) Check(sets *catalog.Sets, channels, hazards map[string]bool, now time.Time, prefix string, v *risk.Validation) {
	add := func(field, zh, en string) { v.Add(prefix+field, zh, en) }
	addErr := func(field string, err error) { v.AddErr(prefix+field, err) }
	trim := func(ps ...*string) {
		for _, p := range ps {
			*p = strings.TrimSpace(*p)
		}
	}
	p := &in.Product
	trim(&in.Channel, &in.ExternalRef, &in.Region, &in.Reporter.Name, &in.Reporter.Contact, &in.Hazard, &in.Description, &in.Dept,
		&p.HSCode, &p.Name, &p.Brand, &p.Model, &p.GTIN, &p.Batch, &p.Manufacturer, &p.USCC, &p.Origin, &p.Destination)
	if !channels[in.Channel] {
		add("channel", "信息来源渠道 "+in.Channel+" 无效。", "unknown channel "+in.Channel+".")
	}
	v.Text(prefix+"external_ref", in.ExternalRef, MaxText, false, "外部编号", "the external reference")
	v.Text(prefix+"reporter.name", in.Reporter.Name, MaxReporterName, false, "报告人姓名", "the reporter's name")
	v.Text(prefix+"reporter.contact", in.Reporter.Contact, MaxText, false, "报告人联系方式", "the reporter's contact")
	v.Paragraph(prefix+"description", in.Description, MaxDescription, false, "描述", "the description")
	for _, f := range []struct {
		name, val, zh, en string
	}{{"product.name", p.Name, "产品名称", "the product name"}, {"product.brand", p.Brand, "品牌", "the brand"},
		{"product.model", p.Model, "型号", "the model"}, {"product.batch", p.Batch, "批次", "the batch"},
		{"product.manufacturer", p.Manufacturer, "生产商", "the manufacturer"}} {
		v.Text(prefix+f.name, f.val, MaxText, false, f.zh, f.en)
	}
	if in.Description == "" && p.Name == "" {
		add("description", "请填写描述或产品名称。", "a description or a product name is required.")
	}
	switch {
	case in.ReceivedAt.IsZero():
		in.ReceivedAt = now
	case in.ReceivedAt.After(now.Add(5 * time.Minute)):
		add("received_at", "接收时间不能晚于当前时间。", "the time received must not be in the future.")
	case in.ReceivedAt.Year() < 2000:
		add("received_at", "接收时间早于 2000 年。", "the time received is before 2000.")
	}
	in.ReceivedAt = in.ReceivedAt.UTC().Truncate(time.Microsecond)
	if in.Region != "" {
		r, err := ident.ParseRegion(in.Region)
		if err != nil {
			addErr("region", err)
		} else if !sets.Regions[string(r)] && !sets.Regions[r.Province()] {
			add("region", "行政区划代码 "+in.Region+" 不在目录中。", "region "+in.Region+" is not in the catalogue.")
		}
	}
	if in.Reporter.Contact != "" && strings.Contains(in.Reporter.Contact, "@") {
		if _, err := mail.ParseAddress(in.Reporter.Contact); err != nil {
			add("reporter.contact", "电子邮箱格式无效。", "the e-mail address is not valid.")
		}
	}
	if p.HSCode != "" {
		c, err := ident.ParseHS(p.HSCode)
		if err == nil {
			err = sets.HS.Check(c)
		}
		if err != nil {
			addErr("product.hs_code", err)
		} else {
			p.HSCode = string(c)
		}
	}
	if p.GTIN != "" {
		g, err := ident.ParseGTIN(p.GTIN)
		if err != nil {
			addErr("product.gtin", err)
		} else {
			p.GTIN = string(g)
		}
	}
	if p.USCC != "" {
		u, err := ident.ParseUSCC(p.USCC)
		if err != nil {
			addErr("product.uscc", err)
		} else {
			p.USCC = string(u)
		}
	}
	for _, c := range []struct {
		field string
		val   *string
	}{{"product.origin", &p.Origin}, {"product.destination", &p.Destination}} {
		if *c.val == "" {
			continue
		}
		cc, err := ident.ParseCountry(*c.val)
		if err == nil {
			err = sets.Countries.Check(cc)
		}
		if err != nil {
			addErr(c.field, err)
		} else {
			*c.val = string(cc)
		}
	}
	if in.Hazard != "" && !hazards[in.Hazard] {
		add("hazard", "风险类型 "+in.Hazard+" 不在目录中。", "hazard "+in.Hazard+" is not in the catalogue.")
	}
	if in.Injuries.Count < 0 || in.Injuries.Count > 1_000_000 {
		add("injuries.count", "伤害人数无效。", "the number of injured people is out of range.")
	}
	if in.Injuries.Severity < 0 || in.Injuries.Severity > 4 {
		add("injuries.severity", "伤害程度须为 0–4。", "the severity must be 0–4.")
	}
	if in.Injuries.Count == 0 && in.Injuries.Severity > 0 {
		add("injuries.count", "有伤害程度时须填写伤害人数。", "a severity needs a count of injuries.")
	}
	if in.Dept != "" && !sets.Depts[in.Dept] {
		add("dept", "部门代码 "+in.Dept+" 不在目录中。", "department "+in.Dept+" is not in the catalogue.")
	}
}

// Filter selects signals.
type Filter struct {
	Text    string // part of the product name, brand, model or description
	Channel string
	Status  Status
	Hazard  string
	HS      string // HS prefix
	CaseID  risk.ID
	// Reporter keeps the signals one user reported (their submissions).
	Reporter risk.ID
	Since    time.Time
	Until    time.Time
	// Scope restricts to what an actor may see; set by the service.
	Depts []string // departments whose signals are visible; nil = all
	risk.Paging
}
