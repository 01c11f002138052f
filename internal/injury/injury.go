// Package injury keeps injury records — emergency department cases in
// the layout of the US NEISS (treatment date, age, sex, body part,
// diagnosis, disposition, product codes, narrative, statistical weight) —
// as the 伤害报告 (injury-report) channel. Records are not triaged one by
// one: detectors count them with the signals, and an alarm over them
// raises a signal.
package injury

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Channel is the channel injury records count on.
const Channel = "injury-report"

// Limits on an import.
const (
	MaxFileBytes = 64 << 20
	MaxRecords   = 500_000
)

// Record is one injury case.
type Record struct {
	ID            risk.ID   `json:"id"`
	Source        string    `json:"source"`
	Key           string    `json:"key"` // the case number, or a digest of the case
	TreatmentDate time.Time `json:"treatment_date"`
	AgeYears      *float64  `json:"age_years,omitempty"` // under 2: months as a fraction
	Sex           string    `json:"sex,omitempty"`
	BodyPart      string    `json:"body_part,omitempty"`
	Diagnosis     string    `json:"diagnosis,omitempty"`
	Disposition   string    `json:"disposition,omitempty"`
	Locale        string    `json:"locale,omitempty"`
	ProductCodes  []string  `json:"product_codes,omitempty"`
	Narrative     string    `json:"narrative,omitempty"`
	Weight        *float64  `json:"weight,omitempty"` // statistical weight (national estimate per case)
	Hazard        string    `json:"hazard,omitempty"` // riskgate hazard, from the diagnosis
	HSCode        string    `json:"hs_code,omitempty"`
	Line          int       `json:"-"`
	Digest        string    `json:"-"`
}

// Reject is a row that could not be read, and why.
type Reject struct {
	Line   int    `json:"line"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Report is what an import did.
type Report struct {
	File      string   `json:"file,omitempty"`
	Records   int      `json:"records"`
	New       int      `json:"new"`
	Unchanged int      `json:"unchanged"`
	Updated   int      `json:"updated"`
	Rejected  int      `json:"rejected"`
	Skipped   []Reject `json:"skipped,omitempty"`
}

// Filter selects records.
type Filter struct {
	Since, Until        time.Time
	BodyPart, Diagnosis string
	Product, Text       string
	Offset, Limit       int
}

// Store is the persistence of injury records.
type Store interface {
	// Digests returns the stored records of a source by key.
	Digests(ctx context.Context, source string) (map[string]string, error)
	// Save writes new and changed records, their audit entries and the
	// import's, in one transaction.
	Save(ctx context.Context, fresh, changed []*Record, a risk.Actor, ae audit.Entry) error
	List(ctx context.Context, f Filter) ([]*Record, int, error)
}

// Service imports and lists injury records.
type Service struct {
	Store Store
	Now   func() time.Time
}

// Options are an import's choices.
type Options struct {
	SkipInvalid bool
	// Product is the NEISS product code of rows that name none (an
	// extract of one product, like the fireworks cases, drops the column).
	Product string
}

// Import reads a NEISS-layout CSV: all of it, or with SkipInvalid its
// valid rows; a file with an invalid row otherwise writes nothing.
func (s *Service) Import(ctx context.Context, a risk.Actor, source, name string, r io.Reader, opt Options) (*Report, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.ErrForbidden
	}
	if source == "" {
		source = "neiss"
	}
	recs, rejects, err := Parse(r, opt.Product)
	if err != nil {
		return nil, risk.Unreadable(err)
	}
	rep := &Report{File: name, Records: len(recs) + len(rejects), Rejected: len(rejects)}
	if len(rejects) > 0 && !opt.SkipInvalid {
		e := &risk.Error{Kind: risk.ErrInvalid, Field: "file", Message: risk.Bilingual(
			fmt.Sprintf("%d 行无效，未导入任何记录（可用 --skip-invalid 跳过）。", len(rejects)),
			fmt.Sprintf("%d rows are invalid; nothing was imported (--skip-invalid imports the rest).", len(rejects)))}
		for i, rj := range rejects {
			if i == 100 {
				break
			}
			e.Details = append(e.Details, risk.FieldError{Field: fmt.Sprintf("line %d: %s", rj.Line, rj.Field), Message: rj.Reason})
		}
		return nil, e
	}
	rep.Skipped = rejects
	seen, err := s.Store.Digests(ctx, source)
	if err != nil {
		return nil, err
	}
	var fresh, changed []*Record
	for _, rec := range recs {
		rec.Source = source
		switch old, ok := seen[rec.Key]; {
		case !ok:
			fresh = append(fresh, rec)
			seen[rec.Key] = rec.Digest
		case old != rec.Digest:
			changed = append(changed, rec)
		default:
			rep.Unchanged++
		}
	}
	rep.New, rep.Updated = len(fresh), len(changed)
	ae := audit.New(a, "injury.import", "injury_import", 0,
		fmt.Sprintf("导入伤害记录 %s：新增 %d，更新 %d，未变 %d，拒绝 %d", name, rep.New, rep.Updated, rep.Unchanged, rep.Rejected))
	if err := s.Store.Save(ctx, fresh, changed, a, ae); err != nil {
		return nil, err
	}
	return rep, nil
}

// List returns injury records, newest first (at most 500 a page).
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Record, int, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, 0, risk.ErrForbidden
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	return s.Store.List(ctx, f)
}

// Parse reads a NEISS-layout CSV: the public NEISS columns
// (CPSC_Case_Number, Treatment_Date, Age, Sex, Body_Part, Diagnosis,
// Disposition, Location, Product_1..3, Narrative_1, Weight) or their
// decoded names (treatment_date, age_years, sex, body_part, diagnosis,
// disposition, incident_locale, narrative).
func Parse(r io.Reader, product string) ([]*Record, []Reject, error) {
	if product != "" && (len(product) > 4 || strings.Trim(product, "0123456789") != "") {
		return nil, nil, risk.Invalid("product", "产品代码 "+strconv.Quote(product)+" 无效：应为 NEISS 产品代码（最多 4 位数字），如 1313。",
			"product code "+strconv.Quote(product)+" is invalid: it must be a NEISS product code (up to 4 digits), such as 1313.")
	}
	cr := csv.NewReader(&capped{r: r, left: MaxFileBytes})
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("第 1 行无法读取 / line 1: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[norm(h)] = i
	}
	if _, ok := col["treatment_date"]; !ok {
		return nil, nil, errors.New("缺少列 treatment_date / missing column treatment_date")
	}
	var recs []*Record
	var rejects []Reject
	seen := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return recs, rejects, nil
		}
		if err != nil {
			// FieldPos panics after a failed Read: the line is the error's.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			}
			return nil, nil, fmt.Errorf("第 %d 行：CSV 格式错误 / line %d: malformed CSV: %w", line, line, err)
		}
		line, _ := cr.FieldPos(0)
		for i := range rec {
			if !utf8.ValidString(rec[i]) {
				return nil, nil, fmt.Errorf("第 %d 行不是 UTF-8 编码 / line %d is not UTF-8", line, line)
			}
			// U+0000 means nothing in a case, and PostgreSQL text cannot
			// hold it: the record would fail to store.
			rec[i] = strings.ReplaceAll(rec[i], "\x00", "")
		}
		if len(recs)+len(rejects) >= MaxRecords {
			return nil, nil, tooMany()
		}
		get := func(names ...string) string {
			for _, n := range names {
				if i, ok := col[n]; ok && i < len(rec) {
					if v := strings.TrimSpace(rec[i]); v != "" {
						return v
					}
				}
			}
			return ""
		}
		x, rj := row(get, product)
		if rj != nil {
			rj.Line = line
			rejects = append(rejects, *rj)
			continue
		}
		x.Line = line
		if first, dup := seen[x.Key]; dup {
			rejects = append(rejects, Reject{Line: line, Field: "cpsc_case_number", Reason: fmt.Sprintf("与第 %d 行重复 / repeats line %d", first, first)})
			continue
		}
		seen[x.Key] = line
		recs = append(recs, x)
	}
}

func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return '_'
		}
		return unicode.ToLower(r)
	}, strings.TrimSpace(strings.TrimPrefix(s, "\ufeff")))
}

// row reads one case.
func row(get func(...string) string, product string) (*Record, *Reject) {
	x := &Record{}
	d := get("treatment_date")
	var ok bool
	for _, layout := range []string{time.DateOnly, "01/02/2006", "1/2/2006"} {
		if t, err := time.Parse(layout, d); err == nil {
			x.TreatmentDate, ok = t, true
			break
		}
	}
	if !ok {
		return nil, &Reject{Field: "treatment_date", Reason: "日期无效：" + d + " / not a date: " + d}
	}
	if x.TreatmentDate.Year() < 1970 {
		// NEISS began in 1972; an earlier date is a typo (0001-01-01 would
		// also read as no date at all).
		return nil, &Reject{Field: "treatment_date", Reason: "日期早于 1970 年：" + d + " / date before 1970: " + d}
	}
	if age := get("age_years", "age"); age != "" {
		v, err := strconv.ParseFloat(age, 64)
		if err != nil || !(v >= 0 && v <= 250) { // NaN fails both
			return nil, &Reject{Field: "age", Reason: "年龄无效：" + age + " / bad age: " + age}
		}
		// NEISS codes ages under two as 200 + months.
		if get("age_years") == "" && v > 200 {
			v = (v - 200) / 12
		}
		if v > 130 {
			return nil, &Reject{Field: "age", Reason: "年龄无效：" + age + " / bad age: " + age}
		}
		x.AgeYears = &v
	}
	x.Sex = decode(get("sex"), map[string]string{"0": "Not recorded", "1": "Male", "2": "Female", "3": "Non-binary/Other"})
	x.BodyPart = get("body_part")
	x.Diagnosis = get("diagnosis", "diag")
	x.Disposition = get("disposition")
	x.Locale = get("incident_locale", "location")
	for _, p := range []string{"product_1", "product_2", "product_3", "product_codes", "product"} {
		for _, c := range strings.FieldsFunc(get(p), func(r rune) bool { return r == ';' || r == ',' || r == ' ' }) {
			if c != "0" && c != "" {
				x.ProductCodes = append(x.ProductCodes, c)
			}
		}
	}
	if len(x.ProductCodes) == 0 && product != "" {
		x.ProductCodes = []string{product}
	}
	x.Narrative = get("narrative", "narrative_1")
	if n2 := get("narrative_2"); n2 != "" {
		x.Narrative += " " + n2
	}
	if w := get("weight"); w != "" {
		v, err := strconv.ParseFloat(w, 64)
		if err != nil || !(v >= 0) || math.IsInf(v, 0) {
			return nil, &Reject{Field: "weight", Reason: "权重无效：" + w + " / bad weight: " + w}
		}
		x.Weight = &v
	}
	x.Hazard = hazardOf(x.Diagnosis)
	for _, c := range x.ProductCodes {
		if hs, ok := productHS[c]; ok {
			x.HSCode = hs
			break
		}
	}
	h := sha256.New()
	for _, v := range []string{x.TreatmentDate.Format(time.DateOnly), get("age_years", "age"), x.Sex, x.BodyPart, x.Diagnosis, x.Disposition, x.Locale,
		strings.Join(x.ProductCodes, ","), x.Narrative, get("weight"), get("alcohol"), get("drug")} {
		fmt.Fprintf(h, "%s\x00", v)
	}
	x.Digest = hex.EncodeToString(h.Sum(nil))
	x.Key = get("cpsc_case_number", "case_number")
	if x.Key == "" {
		// No case number in the extract: the case's own content is its key.
		x.Key = "h:" + x.Digest[:24]
	}
	if x.Narrative == "" && x.Diagnosis == "" {
		return nil, &Reject{Field: "narrative", Reason: "缺少诊断和描述 / diagnosis and narrative are both missing"}
	}
	return x, nil
}

func decode(v string, codes map[string]string) string {
	if c, ok := codes[v]; ok {
		return c
	}
	return v
}

// hazardOf maps a NEISS diagnosis (name or code) to a riskgate hazard.
func hazardOf(diag string) string {
	if c, ok := diagnosisCodes[diag]; ok {
		return c
	}
	l := strings.ToLower(diag)
	for _, r := range []struct{ word, code string }{
		{"burn", "burns"}, {"laceration", "cuts"}, {"puncture", "cuts"}, {"avulsion", "cuts"}, {"electric", "electric-shock"},
		{"poison", "chemical"}, {"dermatitis", "chemical"}, {"anoxia", "asphyxiation"}, {"submersion", "drowning"},
		{"ingest", "choking"}, {"aspiration", "choking"}, {"foreign body", "choking"}, {"hearing", "damage-to-hearing"},
		{"fracture", "injuries"}, {"contusion", "injuries"}, {"amputation", "injuries"}, {"internal", "injuries"},
		{"strain", "injuries"}, {"concussion", "injuries"}, {"hematoma", "injuries"}, {"crush", "injuries"}, {"dislocation", "injuries"},
	} {
		if strings.Contains(l, r.word) {
			return r.code
		}
	}
	return ""
}

// diagnosisCodes are NEISS diagnosis codes.
var diagnosisCodes = map[string]string{
	"46": "burns", "47": "burns", "48": "burns", "49": "burns", "51": "burns", "73": "burns",
	"59": "cuts", "63": "cuts", "72": "cuts", "67": "electric-shock", "68": "chemical", "74": "chemical",
	"65": "asphyxiation", "69": "drowning", "41": "choking", "42": "choking",
	"50": "injuries", "52": "injuries", "53": "injuries", "54": "injuries", "55": "injuries", "57": "injuries", "58": "injuries",
	"62": "injuries", "64": "injuries",
}

// productHS maps the NEISS product codes riskgate knows to HS headings.
var productHS = map[string]string{
	"1313": "3604", // fireworks
	"5040": "8712", // bicycles
}

// tooMany is the error of a file over MaxRecords.
func tooMany() error {
	return &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
		Message: risk.Bilingual(fmt.Sprintf("一次最多导入 %d 行。", MaxRecords), fmt.Sprintf("at most %d rows per import.", MaxRecords))}
}

// capped reads at most left bytes of r, then fails with a risk.ErrTooLarge
// if r has more: a file over MaxFileBytes is refused, not cut short.
type capped struct {
	r    io.Reader
	left int64
}

func (c *capped) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, err := c.r.Read(one[:]); n == 0 {
			return 0, err
		}
		return 0, &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
			Message: risk.Bilingual(fmt.Sprintf("文件超过 %d MiB。", MaxFileBytes>>20), fmt.Sprintf("the file exceeds %d MiB.", MaxFileBytes>>20))}
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
