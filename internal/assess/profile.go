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

// Limits of a profile.
const (
	MaxSeverities  = 6
	MaxBands       = 12
	MaxProfileText = 200
	// MaxDefinition bounds a severity's definition.
	MaxDefinition = 500
)

// Profile is a risk matrix: the definitions of severities 1..Severities,
// and probability bands, highest first, each giving the level for every
// severity. Name is the profile's code (rag-2019, food-2026, gbt-22760);
// each code has numbered versions, one of them active (ProfileVersion).
type Profile struct {
	Name        string     `json:"name"`
	Version     int        `json:"version"`
	TitleZh     string     `json:"title_zh"`
	TitleEn     string     `json:"title_en"`
	Severities  int        `json:"severities"`
	Definitions []Severity `json:"definitions"`
	Rows        []Row      `json:"rows"`
	// PanelLevels are the grades whose assessments an expert panel must
	// review before approval (DESIGN.md "Risk level"; docs/ASSESSMENT.md).
	// Empty: a panel only when one is convened for the case.
	PanelLevels []risk.Level `json:"panel_levels,omitempty"`
}

// Severity defines one severity of harm, in Chinese and English.
type Severity struct {
	Level int    `json:"level"`
	Zh    string `json:"zh"`
	En    string `json:"en"`
}

// Row is one probability band: Min ≤ p < Max (the first band also takes
// p = Max = 1) maps to Levels[severity-1]. A probability on a boundary
// thus belongs to the higher-probability band, as the EU method requires.
type Row struct {
	Min    string       `json:"min"`
	Max    string       `json:"max"`
	Levels []risk.Level `json:"levels"`
	min    *big.Rat
}

// Check validates a profile and prepares it for use.
func (p *Profile) Check() error {
	return p.Validate()
}

// Validate checks everything an administrator writes and reports every
// problem, naming the field: "definitions[2].zh" (a severity without a
// definition), "rows[3].max" (a gap or an overlap between bands),
// "rows[1].levels[2]" (a gap in the matrix). A valid profile is ready for
// Level.
func (p *Profile) Validate() error {
	var v risk.Validation
	if !profileCode.MatchString(p.Name) {
		v.Add("name", "评估矩阵代码须为 2–40 位小写字母、数字或连字符，以字母或数字开头。",
			"the profile code must be 2–40 lower-case letters, digits or hyphens, starting with a letter or digit.")
	}
	if p.Version < 1 {
		v.Add("version", "版本号须为正整数。", "the version must be a positive integer.")
	}
	v.Text("title_zh", p.TitleZh, MaxProfileText, true, "中文名称", "the Chinese title")
	v.Text("title_en", p.TitleEn, MaxProfileText, false, "英文名称", "the English title")
	sevOK := p.Severities >= 1 && p.Severities <= MaxSeverities
	if !sevOK {
		v.Add("severities", fmt.Sprintf("伤害程度等级数须为 1–%d。", MaxSeverities), fmt.Sprintf("the number of severities must be 1–%d.", MaxSeverities))
	}
	if sevOK {
		if len(p.Definitions) > p.Severities {
			v.Add("definitions", fmt.Sprintf("伤害程度定义多于 %d 个等级。", p.Severities), fmt.Sprintf("more definitions than the %d severities.", p.Severities))
		}
		for i := 0; i < p.Severities; i++ {
			f := fmt.Sprintf("definitions[%d]", i)
			if i >= len(p.Definitions) || strings.TrimSpace(p.Definitions[i].Zh) == "" {
				v.Add(f+".zh", fmt.Sprintf("伤害程度 %d 缺少定义。", i+1), fmt.Sprintf("severity %d has no definition.", i+1))
				continue
			}
			d := &p.Definitions[i]
			if d.Level != 0 && d.Level != i+1 {
				v.Add(f+".level", fmt.Sprintf("第 %d 个定义须为伤害程度 %d。", i+1, i+1), fmt.Sprintf("definition %d must be of severity %d.", i+1, i+1))
			}
			d.Level = i + 1
			v.Paragraph(f+".zh", d.Zh, MaxDefinition, true, fmt.Sprintf("伤害程度 %d 的中文定义", i+1), fmt.Sprintf("the Chinese definition of severity %d", i+1))
			v.Paragraph(f+".en", d.En, MaxDefinition, false, fmt.Sprintf("伤害程度 %d 的英文定义", i+1), fmt.Sprintf("the English definition of severity %d", i+1))
		}
	}
	switch {
	case len(p.Rows) == 0:
		v.Add("rows", "至少需要一个概率区间。", "at least one probability band is required.")
	case len(p.Rows) > MaxBands:
		v.Add("rows", fmt.Sprintf("最多 %d 个概率区间。", MaxBands), fmt.Sprintf("at most %d probability bands.", MaxBands))
	}
	one := big.NewRat(1, 1)
	var prevMin *big.Rat // the band above's lower bound
	for i := range p.Rows {
		r := &p.Rows[i]
		f := fmt.Sprintf("rows[%d]", i)
		lo, err := parseRat(r.Min)
		if err != nil || lo.Sign() < 0 || lo.Cmp(one) > 0 {
			v.Add(f+".min", fmt.Sprintf("概率区间 %d 的下限 %q 不是 [0, 1] 内的概率。", i+1, r.Min), fmt.Sprintf("the lower bound %q of band %d is not a probability in [0, 1].", r.Min, i+1))
			lo = nil
		}
		hi, err := parseRat(r.Max)
		if err != nil || hi.Sign() <= 0 || hi.Cmp(one) > 0 {
			v.Add(f+".max", fmt.Sprintf("概率区间 %d 的上限 %q 不是 (0, 1] 内的概率。", i+1, r.Max), fmt.Sprintf("the upper bound %q of band %d is not a probability in (0, 1].", r.Max, i+1))
			hi = nil
		}
		if lo != nil && hi != nil && lo.Cmp(hi) >= 0 {
			v.Add(f+".min", fmt.Sprintf("概率区间 %d 的下限须小于上限。", i+1), fmt.Sprintf("the lower bound of band %d must be below its upper bound.", i+1))
		}
		if hi != nil {
			switch {
			case i == 0 && hi.Cmp(one) != 0:
				v.Add(f+".max", "第一个概率区间的上限须为 1：概率 ("+r.Max+", 1] 没有区间（区间有缺口）。",
					"the first band must reach 1: probabilities above "+r.Max+" fall in no band (a gap).")
			case i > 0 && prevMin != nil && hi.Cmp(prevMin) < 0:
				v.Add(f+".max", fmt.Sprintf("概率区间 %d 与 %d 之间有缺口：[%s, %s) 不属于任何区间。", i, i+1, r.Max, p.Rows[i-1].Min),
					fmt.Sprintf("a gap between bands %d and %d: [%s, %s) falls in no band.", i, i+1, r.Max, p.Rows[i-1].Min))
			case i > 0 && prevMin != nil && hi.Cmp(prevMin) > 0:
				v.Add(f+".max", fmt.Sprintf("概率区间 %d 与 %d 重叠：上限 %s 高于上一区间的下限 %s。", i+1, i, r.Max, p.Rows[i-1].Min),
					fmt.Sprintf("bands %d and %d overlap: upper bound %s is above the lower bound %s of the band above.", i+1, i, r.Max, p.Rows[i-1].Min))
			}
		}
		if i == len(p.Rows)-1 && lo != nil && lo.Sign() != 0 {
			v.Add(f+".min", "最后一个概率区间的下限须为 0：概率 [0, "+r.Min+") 没有区间（区间有缺口）。",
				"the last band must start at 0: probabilities below "+r.Min+" fall in no band (a gap).")
		}
		if sevOK {
			for j := 0; j < p.Severities; j++ {
				lf := fmt.Sprintf("%s.levels[%d]", f, j)
				if j >= len(r.Levels) || r.Levels[j] == "" {
					v.Add(lf, fmt.Sprintf("矩阵有缺口：概率区间 %d、伤害程度 %d 没有风险等级。", i+1, j+1), fmt.Sprintf("a gap in the matrix: band %d, severity %d has no risk level.", i+1, j+1))
					continue
				}
				if _, err := risk.ParseLevel(string(r.Levels[j])); err != nil {
					v.Add(lf, fmt.Sprintf("概率区间 %d、伤害程度 %d 的风险等级 %q 无效。", i+1, j+1, r.Levels[j]), fmt.Sprintf("band %d, severity %d: %q is not a risk level.", i+1, j+1, r.Levels[j]))
				}
			}
			if len(r.Levels) > p.Severities {
				v.Add(f+".levels", fmt.Sprintf("概率区间 %d 的风险等级多于 %d 个伤害程度。", i+1, p.Severities), fmt.Sprintf("band %d has more levels than the %d severities.", i+1, p.Severities))
			}
		}
		r.min = lo
		prevMin = lo
	}
	for i, l := range p.PanelLevels {
		if _, err := risk.ParseLevel(string(l)); err != nil {
			v.Add(fmt.Sprintf("panel_levels[%d]", i), fmt.Sprintf("需专家评审的风险等级 %q 无效。", l), fmt.Sprintf("%q is not a risk level (panel levels).", l))
		}
	}
	return v.Err()
}

// profileCode is the form of a profile's code.
var profileCode = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{1,39}$`)

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

// NeedsPanel reports whether an assessment graded l under p needs an
// expert panel's conclusion before approval.
func (p *Profile) NeedsPanel(l risk.Level) bool {
	for _, x := range p.PanelLevels {
		if x == l {
			return true
		}
	}
	return false
}

// Definition returns the names of severity n under p.
func (p *Profile) Definition(n int) (zh, en string) {
	if n >= 1 && n <= len(p.Definitions) {
		d := p.Definitions[n-1]
		en = d.En
		if en == "" {
			en = d.Zh
		}
		return fmt.Sprintf("%d级：%s", n, d.Zh), fmt.Sprintf("%d: %s", n, en)
	}
	return "—", "—"
}

// legacy fills what profiles stored before bands had upper bounds and
// severities definitions lack: each band's upper bound is the lower bound
// of the band above (1 for the first), and a four-severity profile takes
// the EU method's definitions (SeverityLabel). Grading is unchanged.
func (p *Profile) legacy() {
	noMax := true
	for _, r := range p.Rows {
		if r.Max != "" {
			noMax = false
		}
	}
	if noMax {
		for i := range p.Rows {
			if i == 0 {
				p.Rows[i].Max = "1"
			} else {
				p.Rows[i].Max = p.Rows[i-1].Min
			}
		}
	}
	if len(p.Definitions) == 0 && p.Severities == 4 {
		for n := 1; n <= 4; n++ {
			zh, en := SeverityLabel(n)
			_, zh, _ = strings.Cut(zh, "：")
			_, en, _ = strings.Cut(en, ": ")
			p.Definitions = append(p.Definitions, Severity{Level: n, Zh: zh, En: en})
		}
	}
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

// ParseProfile decodes and checks a stored or builtin profile; one
// stored before bands had upper bounds is read as it graded (legacy).
func ParseProfile(b []byte) (*Profile, error) {
	var p Profile
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, err
	}
	p.legacy()
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
