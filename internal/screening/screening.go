package screening

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"strconv"
	"time"

	"riskgate/internal/contingency"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Line is one goods line of a declaration.
type Line struct {
	HSCode           string  `json:"hs_code"`
	Name             string  `json:"name"`
	Brand            string  `json:"brand,omitempty"`
	Model            string  `json:"model,omitempty"`
	GTIN             string  `json:"gtin,omitempty"`
	Batch            string  `json:"batch,omitempty"`
	Manufacturer     string  `json:"manufacturer,omitempty"`
	ManufacturerUSCC string  `json:"manufacturer_uscc,omitempty"`
	Origin           string  `json:"origin,omitempty"`
	Destination      string  `json:"destination,omitempty"`
	Quantity         float64 `json:"quantity,omitempty"`
	Unit             string  `json:"unit,omitempty"`
	Value            float64 `json:"value,omitempty"`
}

// Declaration is an import or export declaration (single-window style).
type Declaration struct {
	Number        string    `json:"number"`
	Direction     string    `json:"direction"` // import or export
	Port          string    `json:"port"`
	DeclaredAt    time.Time `json:"declared_at"`
	TradeMode     string    `json:"trade_mode"`
	ConsignorUSCC string    `json:"consignor_uscc,omitempty"`
	ConsigneeUSCC string    `json:"consignee_uscc,omitempty"`
	// ConsignorName and ConsigneeName are the names as declared; pages
	// prefer the register's name when the USCC is registered.
	ConsignorName string `json:"consignor_name,omitempty"`
	ConsigneeName string `json:"consignee_name,omitempty"`
	Lines         []Line `json:"lines"`
}

// Responsible is the USCC of the enterprise whose credit sets the sampling
// rate: the consignee of an import, the consignor of an export.
func (d *Declaration) Responsible() string {
	if d.Direction == "export" {
		return d.ConsignorUSCC
	}
	return d.ConsigneeUSCC
}

// Rule is one compiled scope: a measure in force, or an issued 通报 without
// a measure that decides.
type Rule struct {
	MeasureID     risk.ID
	WarningID     risk.ID
	WarningNumber string
	Decision      Decision
	// Rate samples matching lines at this ratio (strengthened supervision);
	// 0 or ≥ 1 applies the decision to every matching line.
	Rate  float64
	Scope warning.Scope
	From  time.Time // zero: open
	Until time.Time // exclusive; zero: until lifted
	Why   string
	// Relief, when set, lightens the decision on lines an accepted report
	// covers (采信).
	Relief *Relief
}

func (r *Rule) sampled() bool { return r.Rate > 0 && r.Rate < 1 }

// Reason explains a line's decision.
type Reason struct {
	MeasureID     risk.ID `json:"measure_id,omitempty"`
	WarningNumber string  `json:"warning_number,omitempty"`
	Why           string  `json:"why"`
}

// LineResult is the decision on one line.
type LineResult struct {
	Decision Decision `json:"decision"`
	Reasons  []Reason `json:"reasons"`
	Sampled  bool     `json:"sampled"`
	Rate     float64  `json:"rate"`
}

// Result is the decision on a declaration.
type Result struct {
	Number   string       `json:"number"`
	Decision Decision     `json:"decision"`
	Lines    []LineResult `json:"lines"`
	// Contingency marks a decision made while the database was
	// unreachable, against the rules the node held then (nil otherwise).
	Contingency *contingency.Mark `json:"contingency,omitempty"`
}

// Credit is what sampling needs to know of enterprises.
type Credit struct {
	Tiers       map[string]string  // USCC → credit tier code
	Rates       map[string]float64 // tier code → base inspection rate
	DefaultTier string             // for enterprises not in the register
	// TierNames names the tiers (Chinese, English) in the reasons of
	// random inspections; a tier without a name is given by its code.
	TierNames map[string][2]string
}

// tierName returns the Chinese and English names of a tier.
func (c *Credit) tierName(tier string) (zh, en string) {
	if n, ok := c.TierNames[tier]; ok {
		return n[0], n[1]
	}
	return tier, tier
}

// Rate returns the base inspection rate of an enterprise and its tier.
func (c *Credit) Rate(uscc string) (float64, string) {
	tier, ok := c.Tiers[uscc]
	if !ok || uscc == "" {
		tier = c.DefaultTier
	}
	return c.Rates[tier], tier
}

// Draw is the deterministic random number in [0, 1) of a declaration line:
// HMAC-SHA256 of "number/line" under the secret salt. Anyone holding the
// salt can reproduce the draw from the stored declaration.
func Draw(salt []byte, number string, line int) float64 {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(number))
	m.Write([]byte{'/'})
	m.Write([]byte(strconv.Itoa(line)))
	sum := m.Sum(nil)
	return float64(binary.BigEndian.Uint64(sum[:8])>>11) / (1 << 53)
}

func pct(r float64) string { return strconv.FormatFloat(r*100, 'f', -1, 64) + "%" }
