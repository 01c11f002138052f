package gateway

import (
	"time"

	"riskgate/internal/risk"
)

// Status is where a filing stands. Values are stored.
type Status string

// Statuses of an answer; a self-declaration is declared, accepted or
// rejected.
const (
	StatusSubmitted     Status = "submitted"
	StatusMoreRequested Status = "more_requested"
	StatusAccepted      Status = "accepted"
	StatusRejected      Status = "rejected"
	StatusDeclared      Status = "declared"
)

var statusLabels = risk.Labels{
	string(StatusSubmitted):     {"待审查", "Submitted"},
	string(StatusMoreRequested): {"需补充材料", "More evidence requested"},
	string(StatusAccepted):      {"已认可", "Accepted"},
	string(StatusRejected):      {"不予认可", "Rejected"},
	string(StatusDeclared):      {"已声明，待核查", "Declared"},
}

// Label names the status.
func (s Status) Label() (zh, en string) { return statusLabels.Of(string(s)) }

// Open reports whether the filing awaits someone: the reviewers, or the
// firm's further evidence.
func (s Status) Open() bool {
	return s == StatusSubmitted || s == StatusMoreRequested || s == StatusDeclared
}

// Actions on filings.
const (
	ActSubmit      = "submit" // the first submission: an event, not a step
	ActAttach      = "attach" // a file added: an event, not a step
	ActAccept      = "accept"
	ActRequestMore = "request_more"
	ActReject      = "reject"
	ActResubmit    = "resubmit"
)

var actionLabels = risk.Labels{
	ActSubmit:      {"提交", "Submitted"},
	ActAttach:      {"添加证明材料", "Evidence added"},
	ActAccept:      {"认可", "Accept"},
	ActRequestMore: {"要求补充材料", "Ask for more evidence"},
	ActReject:      {"不予认可", "Reject"},
	ActResubmit:    {"补充后重新提交", "Resubmit with more evidence"},
}

// ActionLabel names an action.
func ActionLabel(a string) (zh, en string) { return actionLabels.Of(a) }

// Action names an action in words, for pages.
type Action string

// Label names the action.
func (a Action) Label() (zh, en string) { return actionLabels.Of(string(a)) }

// AnswerMachine is the life of an answer to a 通告.
var AnswerMachine = risk.Machine{
	Name: "整改报告 answer",
	Next: map[string]map[string]string{
		string(StatusSubmitted): {ActAccept: string(StatusAccepted), ActRequestMore: string(StatusMoreRequested),
			ActReject: string(StatusRejected)},
		string(StatusMoreRequested): {ActResubmit: string(StatusSubmitted), ActReject: string(StatusRejected)},
	},
	StateNames:  statusLabels,
	ActionNames: actionLabels,
}

// DeclarationMachine is the life of a self-declaration: officers accept
// (note) it or reject it with a reason.
var DeclarationMachine = risk.Machine{
	Name: "标准自我声明 self-declaration",
	Next: map[string]map[string]string{
		string(StatusDeclared): {ActAccept: string(StatusAccepted), ActReject: string(StatusRejected)},
	},
	StateNames:  statusLabels,
	ActionNames: actionLabels,
}

// Event is one step of a filing's life.
type Event struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Action string    `json:"action"`
	Note   string    `json:"note,omitempty"`
}

// ActionName is the event's action in words.
func (e Event) ActionName() risk.Labeled { return Action(e.Action) }

// Limits, in characters and items.
const (
	MaxText       = 5000
	MaxNote       = 2000
	MaxName       = 200
	MaxStandards  = 20
	MaxIndicators = 5000
)

// Answer is a firm's answer to a 通告 (整改报告): the corrective actions,
// their dates and the evidence.
type Answer struct {
	ID             risk.ID `json:"id"`
	WarningID      risk.ID `json:"warning_id"`
	WarningNumber  string  `json:"warning_number,omitempty"`
	WarningTitle   string  `json:"warning_title"`
	EnterpriseID   risk.ID `json:"enterprise_id"`
	EnterpriseUSCC string  `json:"enterprise_uscc"`
	EnterpriseName string  `json:"enterprise_name"`
	Dept           string  `json:"dept"` // the 通告's issuer, who reviews
	// Cause is what the firm found; Actions what it did about it.
	Cause       string       `json:"cause,omitempty"`
	Actions     string       `json:"actions"`
	StartedOn   string       `json:"started_on,omitempty"` // YYYY-MM-DD
	CompletedOn string       `json:"completed_on"`         // YYYY-MM-DD
	Attachments []Attachment `json:"attachments"`
	Status      Status       `json:"status"`
	Events      []Event      `json:"events"`
	Outcome     string       `json:"outcome,omitempty"` // the reviewers' last word
	CreatedBy   string       `json:"created_by"`
	CreatedAt   time.Time    `json:"created_at"`
	UpdatedAt   time.Time    `json:"updated_at"`
	Rev         int          `json:"rev"`
}

// WarningRef is the warning's number, or its id while it has none.
func (a *Answer) WarningRef() string {
	if a.WarningNumber != "" {
		return a.WarningNumber
	}
	return "warning " + a.WarningID.String()
}

// Product is what a self-declaration is about.
type Product struct {
	Name   string `json:"name"`
	Model  string `json:"model,omitempty"`
	HSCode string `json:"hs_code,omitempty"`
}

// Standard is one standard a product implements, as declared.
type Standard struct {
	Number string       `json:"number"`
	Kind   StandardKind `json:"kind"`
	Title  string       `json:"title,omitempty"`
}

// KindName is the standard's kind in words.
func (s Standard) KindName() risk.Labeled { return s.Kind }

// SelfDeclaration is a firm's standard self-declaration (标准自我声明) for a
// product.
type SelfDeclaration struct {
	ID             risk.ID    `json:"id"`
	EnterpriseID   risk.ID    `json:"enterprise_id"`
	EnterpriseUSCC string     `json:"enterprise_uscc"`
	EnterpriseName string     `json:"enterprise_name"`
	Region         string     `json:"region,omitempty"` // the firm's
	Product        Product    `json:"product"`
	Standards      []Standard `json:"standards"`
	// Indicators are the key functional and performance indicators the
	// firm discloses; required with an enterprise standard.
	Indicators string    `json:"indicators,omitempty"`
	Status     Status    `json:"status"`
	Events     []Event   `json:"events"`
	Outcome    string    `json:"outcome,omitempty"`
	CreatedBy  string    `json:"created_by"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`
	Rev        int       `json:"rev"`
}
