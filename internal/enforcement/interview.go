package enforcement

import (
	"slices"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/risk"
)

// PartyRole is what a party of an interview is to the product. Values are
// stored.
type PartyRole string

// Party roles.
const (
	BrandOwner   PartyRole = "brand-owner"
	Manufacturer PartyRole = "manufacturer"
	Importer     PartyRole = "importer"
	Agent        PartyRole = "agent"
	Platform     PartyRole = "platform"
	Lab          PartyRole = "lab"
)

// PartyRoles lists the roles in the order forms offer them.
var PartyRoles = []PartyRole{BrandOwner, Manufacturer, Importer, Agent, Platform, Lab}

var partyRoleLabels = risk.Labels{string(BrandOwner): {"品牌方", "Brand owner"}, string(Manufacturer): {"生产企业", "Manufacturer"},
	string(Importer): {"进口商", "Importer"}, string(Agent): {"代理商", "Agent"}, string(Platform): {"电子商务平台", "E-commerce platform"},
	string(Lab): {"第三方检验检测机构", "Third-party lab"}}

// Label names the role.
func (r PartyRole) Label() (zh, en string) { return partyRoleLabels.Of(string(r)) }

// Reason is why an interview is held. Values are stored.
type Reason string

// Reasons.
const (
	ReasonAccident      Reason = "accident"
	ReasonViolation     Reason = "violation"
	ReasonHiddenRisk    Reason = "hidden-risk"
	ReasonNonconforming Reason = "repeated-nonconformity"
)

// Reasons lists the reasons in the order forms offer them.
var Reasons = []Reason{ReasonAccident, ReasonViolation, ReasonHiddenRisk, ReasonNonconforming}

var reasonLabels = risk.Labels{string(ReasonAccident): {"发生质量安全事故", "Accident"}, string(ReasonViolation): {"违法违规行为", "Violation"},
	string(ReasonHiddenRisk): {"存在质量安全隐患", "Hidden risk"}, string(ReasonNonconforming): {"多次检出不合格", "Repeated nonconformity"}}

// Label names the reason.
func (r Reason) Label() (zh, en string) { return reasonLabels.Of(string(r)) }

// CommitmentStatus is where a commitment stands. Values are stored.
type CommitmentStatus string

// Commitment statuses.
const (
	CommitmentOpen   CommitmentStatus = "open"
	CommitmentMet    CommitmentStatus = "met"
	CommitmentMissed CommitmentStatus = "missed"
)

var commitmentLabels = risk.Labels{string(CommitmentOpen): {"待核查", "To check"}, string(CommitmentMet): {"已履行", "Met"},
	string(CommitmentMissed): {"未履行", "Missed"}}

// Label names the status.
func (s CommitmentStatus) Label() (zh, en string) { return commitmentLabels.Of(string(s)) }

// Party is one party of an interview: a registered enterprise (its USCC and
// register ID), or a party named only.
type Party struct {
	Role         PartyRole `json:"role"`
	EnterpriseID risk.ID   `json:"enterprise_id,omitempty"` // 0: not in the register
	USCC         string    `json:"uscc,omitempty"`
	Name         string    `json:"name"`
}

// RoleName is the role in words.
func (p Party) RoleName() risk.Labeled { return p.Role }

// Commitment is what one party undertook to do by a deadline, and its
// check.
type Commitment struct {
	Seq      int              `json:"seq"`   // 1, 2, … within the interview
	Party    int              `json:"party"` // index of Parties
	Text     string           `json:"text"`
	Deadline string           `json:"deadline"`           // YYYY-MM-DD, the last day
	Severity credit.Severity  `json:"severity,omitempty"` // of the event a miss raises; "": the rules' for the kind
	Status   CommitmentStatus `json:"status"`
	// The check: when, by whom, what was found; CreditRaised when the miss
	// raised a credit event (a party in the register).
	CheckedOn    string `json:"checked_on,omitempty"`
	CheckedBy    string `json:"checked_by,omitempty"`
	CheckNote    string `json:"check_note,omitempty"`
	CreditRaised bool   `json:"credit_raised,omitempty"`
}

// StatusName is the status in words.
func (c Commitment) StatusName() risk.Labeled { return c.Status }

// Overdue reports whether the commitment is open past its deadline on day.
func (c Commitment) Overdue(day string) bool { return c.Status == CommitmentOpen && c.Deadline < day }

// Interview is one interview (约谈): who was interviewed, why, by which
// departments, when and where, the minutes, and the commitments made.
type Interview struct {
	ID          risk.ID      `json:"id"`
	Reason      Reason       `json:"reason"`
	Parties     []Party      `json:"parties"`
	Depts       []string     `json:"depts"` // the departments taking part, the lead first
	HeldOn      string       `json:"held_on"`
	Place       string       `json:"place"`
	Minutes     string       `json:"minutes"`
	Documents   []string     `json:"documents,omitempty"` // references of the attached documents
	Commitments []Commitment `json:"commitments"`
	CaseID      risk.ID      `json:"case_id,omitempty"`
	CreatedBy   string       `json:"created_by"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
	Rev         int          `json:"rev"`
}

// ReasonName is the reason in words.
func (iv *Interview) ReasonName() risk.Labeled { return iv.Reason }

// Dept is the lead department.
func (iv *Interview) Dept() string {
	if len(iv.Depts) == 0 {
		return ""
	}
	return iv.Depts[0]
}

// Joint reports whether several departments took part.
func (iv *Interview) Joint() bool { return len(iv.Depts) > 1 }

// NextDue is the earliest deadline of the open commitments, "" when none
// is open: the store keeps it beside the record so that due commitments
// are found without reading every interview.
func (iv *Interview) NextDue() string {
	due := ""
	for _, c := range iv.Commitments {
		if c.Status == CommitmentOpen && (due == "" || c.Deadline < due) {
			due = c.Deadline
		}
	}
	return due
}

// Firms are the register IDs of the parties in the register.
func (iv *Interview) Firms() []risk.ID {
	var out []risk.ID
	for _, p := range iv.Parties {
		if p.EnterpriseID != 0 && !slices.Contains(out, p.EnterpriseID) {
			out = append(out, p.EnterpriseID)
		}
	}
	return out
}

// PartyName names a commitment's party.
func (iv *Interview) PartyName(i int) string {
	if i < 0 || i >= len(iv.Parties) {
		return ""
	}
	return iv.Parties[i].Name
}

// InterviewFilter selects interviews.
type InterviewFilter struct {
	EnterpriseID risk.ID // one firm's (a party)
	Dept         string  // taking part
	CaseID       risk.ID
	DueBy        string // with an open commitment due on or before this day
	Due          bool   // with an open commitment due within QueueDays (or overdue): the service sets DueBy
	risk.Paging
}
