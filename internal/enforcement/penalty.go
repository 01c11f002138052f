package enforcement

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/risk"
)

// Kind is the kind of a penalty record. Values are stored.
type Kind string

// Kinds of penalty record.
const (
	KindPenalty    Kind = "penalty"     // 行政处罚决定
	KindMarketExit Kind = "market-exit" // 责令退出市场
	KindHandover   Kind = "handover"    // 移送公安机关或检察机关（行政司法衔接）
)

// Kinds lists the kinds in the order forms offer them.
var Kinds = []Kind{KindPenalty, KindMarketExit, KindHandover}

var kindLabels = risk.Labels{string(KindPenalty): {"行政处罚决定", "Penalty decision"},
	string(KindMarketExit): {"责令退出市场", "Order to leave the market"},
	string(KindHandover):   {"移送司法机关", "Handed to the courts"}}

// Label names the kind.
func (k Kind) Label() (zh, en string) { return kindLabels.Of(string(k)) }

// defaultCredit is the kind and severity of the credit event each kind
// raises when the officer names none (the severity of a penalty decision
// is always the officer's).
var defaultCredit = map[Kind]struct {
	kind     string
	severity credit.Severity
}{
	KindPenalty:    {"penalty-violation", ""},
	KindMarketExit: {"penalty-violation", credit.Serious},
	KindHandover:   {"smuggling-crime", credit.Serious},
}

// Authority is who receives a case handed over. Values are stored.
type Authority string

// Authorities.
const (
	PublicSecurity Authority = "public-security"
	Procuratorate  Authority = "procuratorate"
)

// Authorities lists the receiving authorities.
var Authorities = []Authority{PublicSecurity, Procuratorate}

var authorityLabels = risk.Labels{string(PublicSecurity): {"公安机关", "Public security"}, string(Procuratorate): {"检察机关", "Procuratorate"}}

// Label names the authority.
func (a Authority) Label() (zh, en string) { return authorityLabels.Of(string(a)) }

// Yuan is an amount of money in fen (hundredths of a yuan), written in
// JSON as a number of yuan with at most two decimals.
type Yuan int64

// MaxYuan is the largest amount accepted: one hundred billion yuan.
const MaxYuan Yuan = 100_000_000_000 * 100

// ParseYuan reads an amount of yuan ("50000", "1234.5", "0.01"), naming
// field when it is not one.
func ParseYuan(field, s string) (Yuan, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), ",", "")
	bad := risk.Invalid(field, "金额应为不超过两位小数的非负数（元）。", "the amount must be a non-negative number of yuan with at most two decimals.")
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" || len(whole) > 12 {
		return 0, bad
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, bad
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	y := Yuan(w*100 + f)
	if y > MaxYuan {
		return 0, bad
	}
	return y, nil
}

// String is the amount with two decimals: "50000.00".
func (y Yuan) String() string { return fmt.Sprintf("%d.%02d", int64(y)/100, int64(y)%100) }

// MarshalJSON writes the amount as a number of yuan.
func (y Yuan) MarshalJSON() ([]byte, error) { return []byte(y.String()), nil }

// UnmarshalJSON reads a number of yuan (or the same as a string).
func (y *Yuan) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(b, `"`))
	if s == "null" {
		*y = 0
		return nil
	}
	v, err := ParseYuan("amount", s)
	if err != nil {
		return err
	}
	*y = v
	return nil
}

// Penalty is one record of the penalty register: a penalty decision, an
// order to leave the market or a hand-over to the courts, with the credit
// event it raised.
type Penalty struct {
	ID             risk.ID         `json:"id"`
	Kind           Kind            `json:"kind"`
	Dept           string          `json:"dept"`   // the issuing department
	Number         string          `json:"number"` // the decision's number (决定书文号), the order's, or the hand-over's reference
	EnterpriseID   risk.ID         `json:"enterprise_id"`
	EnterpriseUSCC string          `json:"enterprise_uscc"`
	EnterpriseName string          `json:"enterprise_name"`
	DecidedOn      string          `json:"decided_on"` // YYYY-MM-DD
	LegalBasis     string          `json:"legal_basis,omitempty"`
	Facts          string          `json:"facts,omitempty"`
	Amount         Yuan            `json:"amount"`                   // a penalty's fine and confiscation, in yuan
	Authority      Authority       `json:"authority,omitempty"`      // a hand-over's receiving authority
	AuthorityName  string          `json:"authority_name,omitempty"` // e.g. 长沙市公安局
	CaseID         risk.ID         `json:"case_id,omitempty"`
	CreditKind     string          `json:"credit_kind"`
	Severity       credit.Severity `json:"severity"`
	CreatedBy      string          `json:"created_by"`
	CreatedAt      time.Time       `json:"created_at"`
}

// KindName is the kind in words.
func (p *Penalty) KindName() risk.Labeled { return p.Kind }

// SeverityName is the credit event's severity in words.
func (p *Penalty) SeverityName() risk.Labeled { return p.Severity }

// AuthorityLabel is the receiving authority in words.
func (p *Penalty) AuthorityLabel() risk.Labeled { return p.Authority }

// PenaltyFilter selects penalty records.
type PenaltyFilter struct {
	EnterpriseID risk.ID
	Kind         Kind
	Dept         string
	CaseID       risk.ID
	risk.Paging
}
