package assess

import (
	"embed"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"riskgate/internal/risk"
)

//go:embed profiles/*.json
var profileFS embed.FS

// DefaultProfile names the matrix used when a request names none.
const DefaultProfile = "rag-2019"

// Profile is a risk matrix: rows of probability thresholds, highest first,
// each giving the level for severities 1..Severities.
type Profile struct {
	Name       string `json:"name"`
	Version    int    `json:"version"`
	TitleZh    string `json:"title_zh"`
	TitleEn    string `json:"title_en"`
	Severities int    `json:"severities"`
	Rows       []Row  `json:"rows"`
}

// Row is one probability band: probabilities ≥ Min (and below the row
// above) map to Levels[severity-1].
type Row struct {
	Min    string       `json:"min"`
	Levels []risk.Level `json:"levels"`
	min    *big.Rat
}

// Check validates a profile and prepares it for use.
func (p *Profile) Check() error {
	if p.Name == "" || p.Version < 1 || p.Severities < 1 || len(p.Rows) == 0 {
		return fmt.Errorf("assess: profile %q: name, version, severities and rows are required", p.Name)
	}
	var prev *big.Rat
	for i := range p.Rows {
		r := &p.Rows[i]
		m, err := parseRat(r.Min)
		if err != nil || m.Sign() < 0 || m.Cmp(big.NewRat(1, 1)) > 0 {
			return fmt.Errorf("assess: profile %s row %d: min %q is not a probability", p.Name, i+1, r.Min)
		}
		if prev != nil && m.Cmp(prev) >= 0 {
			return fmt.Errorf("assess: profile %s row %d: thresholds must decrease", p.Name, i+1)
		}
		if len(r.Levels) != p.Severities {
			return fmt.Errorf("assess: profile %s row %d: %d levels for %d severities", p.Name, i+1, len(r.Levels), p.Severities)
		}
		for _, l := range r.Levels {
			if _, err := risk.ParseLevel(string(l)); err != nil {
				return fmt.Errorf("assess: profile %s row %d: level %q", p.Name, i+1, l)
			}
		}
		r.min, prev = m, m
	}
	if prev.Sign() != 0 {
		return fmt.Errorf("assess: profile %s: the last row must start at 0", p.Name)
	}
	return nil
}

// Level returns the level of a probability and severity, and the index of
// the row that decided it.
func (p *Profile) Level(prob *big.Rat, severity int) (risk.Level, int) {
	for i, r := range p.Rows {
		if prob.Cmp(r.min) >= 0 {
			return r.Levels[severity-1], i
		}
	}
	last := len(p.Rows) - 1
	return p.Rows[last].Levels[severity-1], last
}

// BuiltinProfiles returns the profiles shipped with riskgate.
func BuiltinProfiles() ([]*Profile, error) {
	entries, err := profileFS.ReadDir("profiles")
	if err != nil {
		return nil, err
	}
	var out []*Profile
	for _, e := range entries {
		b, err := profileFS.ReadFile("profiles/" + e.Name())
		if err != nil {
			return nil, err
		}
		p, err := ParseProfile(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.Name(), err)
		}
		out = append(out, p)
	}
	return out, nil
}

// ParseProfile decodes and checks a profile.
func ParseProfile(b []byte) (*Profile, error) {
	var p Profile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	return &p, nil
}

// decimal is a plain decimal number, optionally with a decimal exponent
// (7.4e-05, as Python and most JSON encoders write small floats).
var decimal = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?$`)

// MaxExponent bounds the decimal exponent of a probability: every float64
// (down to about 4.9e-324) is accepted, while 1e-1000000, which would cost
// seconds of exact arithmetic, is not.
const MaxExponent = 400

// parseRat reads "1/10", "0.05", "7.4e-05" or "1" as an exact rational.
func parseRat(s string) (*big.Rat, error) {
	s = strings.TrimSpace(s)
	if len(s) > 64 {
		return nil, fmt.Errorf("too long: %q", s)
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, err1 := strconv.ParseInt(strings.TrimSpace(num), 10, 64)
		d, err2 := strconv.ParseInt(strings.TrimSpace(den), 10, 64)
		if err1 != nil || err2 != nil || d == 0 {
			return nil, fmt.Errorf("not a fraction: %q", s)
		}
		return big.NewRat(n, d), nil
	}
	m := decimal.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("not a decimal or fraction: %q", s)
	}
	if m[1] != "" {
		if e, err := strconv.Atoi(m[1]); err != nil || e < -MaxExponent || e > MaxExponent {
			return nil, fmt.Errorf("exponent out of range: %q", s)
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("not a number: %q", s)
	}
	return r, nil
}
