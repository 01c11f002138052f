package lab

import (
	"crypto/hmac"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// GradeRule is one grade of the province's scheme, best first, with the
// share of its laboratories' reports drawn for a cross-check.
type GradeRule struct {
	Code  string  `json:"code"`
	Zh    string  `json:"zh"`
	En    string  `json:"en"`
	Share float64 `json:"share"` // 0–1
}

// Rule moves a laboratory's grade: it is met when, over the last Last
// cross-checks in the window (all of them when 0), there are at least
// MinChecks and the share that disagreed is at least MinDisagree (when
// set) and the share that agreed at least MinAgree (when set). The first
// rule met sets Grade and, with Suspend, suspends acceptance.
type Rule struct {
	MinChecks   int     `json:"min_checks"`
	Last        int     `json:"last,omitempty"`
	MinDisagree float64 `json:"min_disagree,omitempty"`
	MinAgree    float64 `json:"min_agree,omitempty"`
	Grade       string  `json:"grade"`
	Suspend     bool    `json:"suspend,omitempty"`
	Basis       string  `json:"basis"` // "order" (stated by the 采信管理办法) or "provincial"
	Cite        string  `json:"cite"`
}

// Tolerance is how far customs' numeric result of a test item may lie from
// the laboratory's and still agree: the larger of Absolute and Relative
// times the laboratory's result.
type Tolerance struct {
	TestItem string  `json:"test_item"`
	Relative float64 `json:"relative"`
	Absolute float64 `json:"absolute,omitempty"`
}

// Rules is the rule table of laboratory acceptance, as data: a new version
// each edit.
type Rules struct {
	Version int    `json:"version"`
	Note    string `json:"note,omitempty"`
	// Grades, best first; a new laboratory holds InitialGrade.
	Grades       []GradeRule `json:"grades"`
	InitialGrade string      `json:"initial_grade"`
	// WindowDays is how far back the evaluation reads cross-checks.
	WindowDays int    `json:"window_days"`
	Rules      []Rule `json:"rules"`
	// RevokeOnFalsified revokes acceptance when a cross-check finds a
	// falsified report in the window.
	RevokeOnFalsified bool `json:"revoke_on_falsified"`
	// Tolerances by test item; DefaultRelative for the others.
	Tolerances      []Tolerance `json:"tolerances"`
	DefaultRelative float64     `json:"default_relative"`
	// ValidityMonths is a report's validity when its scope item sets none.
	ValidityMonths int    `json:"validity_months"`
	CreatedBy      string `json:"created_by,omitempty"`
	CreatedAt      string `json:"created_at,omitempty"`
}

//go:embed rules.json
var defaultRules []byte

// DefaultRules returns the default rule table.
func DefaultRules() (*Rules, error) {
	var r Rules
	if err := json.Unmarshal(defaultRules, &r); err != nil {
		return nil, fmt.Errorf("lab: default rules: %w", err)
	}
	return &r, r.Check()
}

// Grade returns the grade with code.
func (r *Rules) Grade(code string) (GradeRule, bool) {
	for _, g := range r.Grades {
		if g.Code == code {
			return g, true
		}
	}
	return GradeRule{}, false
}

// GradeName names a grade in words (the code when unknown).
func (r *Rules) GradeName(code string) (zh, en string) {
	if g, ok := r.Grade(code); ok {
		return g.Zh, g.En
	}
	return code, code
}

// Check validates the table, naming each bad field.
func (r *Rules) Check() error {
	var v risk.Validation
	if r.Version < 1 {
		v.Add("version", "版本号须为正整数。", "version must be a positive integer.")
	}
	v.Paragraph("note", r.Note, MaxNote, false, "说明", "the note")
	if len(r.Grades) == 0 || len(r.Grades) > 10 {
		v.Add("grades", "等级须有 1–10 个。", "there must be 1–10 grades.")
	}
	seen := map[string]bool{}
	for i, g := range r.Grades {
		f := fmt.Sprintf("grades[%d]", i)
		if g.Code == "" || len(g.Code) > 10 || strings.TrimSpace(g.Code) != g.Code {
			v.Add(f+".code", "等级代码须为 1–10 个字符。", "code must be 1–10 characters.")
		} else if seen[g.Code] {
			v.Add(f+".code", "等级 "+g.Code+" 重复。", "grade "+g.Code+" appears twice.")
		}
		seen[g.Code] = true
		v.Text(f+".zh", g.Zh, 50, true, "中文名称", "the Chinese name")
		v.Text(f+".en", g.En, 50, true, "英文名称", "the English name")
		if g.Share < 0 || g.Share > 1 || math.IsNaN(g.Share) {
			v.Add(f+".share", "抽取比例须在 0–1 之间。", "share must be between 0 and 1.")
		}
	}
	if !seen[r.InitialGrade] {
		v.Add("initial_grade", "初始等级须是表中的等级。", "initial_grade must be one of the grades.")
	}
	if r.WindowDays < 1 || r.WindowDays > 3650 {
		v.Add("window_days", "评估窗口须为 1–3650 天。", "window_days must be 1–3650.")
	}
	if len(r.Rules) > 50 {
		v.Add("rules", "规则最多 50 条。", "there may be at most 50 rules.")
	}
	for i, ru := range r.Rules {
		f := fmt.Sprintf("rules[%d]", i)
		if ru.MinChecks < 1 || ru.MinChecks > 10000 {
			v.Add(f+".min_checks", "比对次数须在 1–10000 之间。", "min_checks must be 1–10000.")
		}
		if ru.Last < 0 || (ru.Last > 0 && ru.Last < ru.MinChecks) {
			v.Add(f+".last", "最近次数须为 0（全部）或不少于 min_checks。", "last must be 0 (all) or at least min_checks.")
		}
		for _, s := range []struct {
			name string
			x    float64
		}{{"min_disagree", ru.MinDisagree}, {"min_agree", ru.MinAgree}} {
			if s.x < 0 || s.x > 1 || math.IsNaN(s.x) {
				v.Add(f+"."+s.name, "比例须在 0–1 之间。", s.name+" must be between 0 and 1.")
			}
		}
		if !seen[ru.Grade] {
			v.Add(f+".grade", "等级须是表中的等级。", "grade must be one of the grades.")
		}
		if ru.Basis != "order" && ru.Basis != "provincial" {
			v.Add(f+".basis", "依据只能是 order（办法规定）或 provincial（省级设置）。", "basis must be order or provincial.")
		}
		v.Text(f+".cite", ru.Cite, 300, true, "依据说明", "the citation")
	}
	for i, t := range r.Tolerances {
		f := fmt.Sprintf("tolerances[%d]", i)
		v.Text(f+".test_item", t.TestItem, MaxText, true, "检测项目", "the test item")
		if t.Relative < 0 || t.Relative > 10 || t.Absolute < 0 || math.IsNaN(t.Relative) || math.IsNaN(t.Absolute) {
			v.Add(f, "允差不能为负。", "a tolerance cannot be negative.")
		}
	}
	if r.DefaultRelative < 0 || r.DefaultRelative > 10 || math.IsNaN(r.DefaultRelative) {
		v.Add("default_relative", "默认相对允差须在 0–10 之间。", "default_relative must be 0–10.")
	}
	if r.ValidityMonths < 1 || r.ValidityMonths > 60 {
		v.Add("validity_months", "报告有效期须为 1–60 个月。", "validity_months must be 1–60.")
	}
	return v.Err()
}

// Draw is the deterministic number in [0, 1) that decides whether a
// report is drawn for a cross-check: HMAC-SHA256 of
// "lab-report/<lab id>/<report number>" under the screening salt, the same
// construction as the port's random inspection (screening.Draw). Anyone
// holding the salt reproduces the draw from the stored report.
func Draw(salt []byte, labID risk.ID, number string) float64 {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte("lab-report/" + strconv.FormatInt(int64(labID), 10) + "/" + number))
	sum := m.Sum(nil)
	return float64(binary.BigEndian.Uint64(sum[:8])>>11) / (1 << 53)
}

// Compare decides whether customs' result agrees with the report: the
// conclusions must match and each numeric item customs measured must lie
// within the tolerance of the laboratory's result. A falsified report
// never agrees. Pure.
func Compare(r *Rules, rep *Report, customs Conclusion, items []CheckItem, falsified bool) (agree bool, out []CheckItem, whyZh, whyEn string) {
	agree = customs == rep.Conclusion && !falsified
	var zh, en []string
	if customs != rep.Conclusion {
		czh, cen := customs.Label()
		lzh, len_ := rep.Conclusion.Label()
		zh = append(zh, fmt.Sprintf("海关结论%s，报告结论%s", czh, lzh))
		en = append(en, fmt.Sprintf("customs found %s, the report %s", strings.ToLower(cen), strings.ToLower(len_)))
	}
	for _, it := range items {
		it.Agree = true
		for _, ri := range rep.Items {
			if ri.TestItem != it.TestItem {
				continue
			}
			it.LabResult = ri.Result
			c, err1 := strconv.ParseFloat(strings.TrimSpace(it.Result), 64)
			l, err2 := strconv.ParseFloat(strings.TrimSpace(ri.Result), 64)
			if err1 != nil || err2 != nil {
				break // not numeric: the conclusion decides
			}
			it.Tolerance = r.tolerance(it.TestItem, l)
			if math.Abs(c-l) > it.Tolerance+1e-12 {
				it.Agree = false
				agree = false
				zh = append(zh, fmt.Sprintf("%s：海关 %s，报告 %s，差值超出允差 %g", it.TestItem, it.Result, ri.Result, it.Tolerance))
				en = append(en, fmt.Sprintf("%s: customs %s, report %s, beyond the tolerance %g", it.TestItem, it.Result, ri.Result, it.Tolerance))
			}
			break
		}
		out = append(out, it)
	}
	if falsified {
		zh = append(zh, "认定报告造假")
		en = append(en, "the report was found falsified")
	}
	if agree {
		return true, out, fmt.Sprintf("一致：结论相同，数值项目均在允差内（第 %d 版规则）。", r.Version),
			fmt.Sprintf("agrees: same conclusion, numeric items within tolerance (rules version %d).", r.Version)
	}
	return false, out, "不一致：" + strings.Join(zh, "；") + "。", "disagrees: " + strings.Join(en, "; ") + "."
}

func (r *Rules) tolerance(item string, lab float64) float64 {
	rel, abs := r.DefaultRelative, 0.0
	for _, t := range r.Tolerances {
		if t.TestItem == item {
			rel, abs = t.Relative, t.Absolute
			break
		}
	}
	return math.Max(abs, rel*math.Abs(lab))
}

// Outcome is a laboratory's grade and status worked out, with why.
type Outcome struct {
	Grade  string `json:"grade"`
	Status Status `json:"status"`
	// Rule is the index of the rule met in the table of RulesVersion; -1
	// when none was (the grade stays), -2 for a falsified report.
	Rule         int       `json:"rule"`
	RulesVersion int       `json:"rules_version"`
	From         string    `json:"from"` // the window, YYYY-MM-DD
	To           string    `json:"to"`
	Checks       int       `json:"checks"` // cross-checks the rule read
	Agree        int       `json:"agree"`
	Falsified    []risk.ID `json:"falsified,omitempty"`
	WhyZh        string    `json:"why_zh"`
	WhyEn        string    `json:"why_en"`
}

// Why is the explanation in lang.
func (o *Outcome) Why(lang string) string {
	if lang == "en" {
		return o.WhyEn
	}
	return o.WhyZh
}

// Evaluate works out a laboratory's grade and status on now from its
// cross-checks: those in the window (WindowDays back, and not before the
// laboratory's CountFrom) are read, newest last; a falsified report
// revokes acceptance (RevokeOnFalsified); else the first rule met sets the
// grade and may suspend; else the grade stays. Evaluation never lifts a
// suspension or a revocation: only a review does. Pure: tests replay the
// table on sequences of cross-checks.
func Evaluate(r *Rules, l *Lab, checks []*CrossCheck, now time.Time) Outcome {
	to := Today(now)
	start := now.AddDate(0, 0, -r.WindowDays)
	if l.CountFrom.After(start) {
		start = l.CountFrom
	}
	o := Outcome{Grade: l.Grade, Status: l.Status, Rule: -1, RulesVersion: r.Version, From: Today(start), To: to}
	var in []*CrossCheck
	for _, c := range checks {
		if !c.CreatedAt.Before(start) && !c.CreatedAt.After(now) {
			in = append(in, c)
		}
	}
	slices.SortStableFunc(in, func(a, b *CrossCheck) int {
		if c := a.CreatedAt.Compare(b.CreatedAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	count := func(cs []*CrossCheck) (n, agree int) {
		for _, c := range cs {
			if c.Agree {
				agree++
			}
		}
		return len(cs), agree
	}
	o.Checks, o.Agree = count(in)
	for _, c := range in {
		if c.Falsified {
			o.Falsified = append(o.Falsified, c.ID)
		}
	}
	if len(o.Falsified) > 0 && r.RevokeOnFalsified {
		o.Rule, o.Status = -2, Revoked
		if l.Status == Applied {
			o.Status = l.Status
		}
		o.WhyZh = fmt.Sprintf("%s 至 %s 期间，比对 %d 次中发现报告造假 %d 次，按第 %d 版规则取消采信。", o.From, o.To, o.Checks, len(o.Falsified), r.Version)
		o.WhyEn = fmt.Sprintf("from %s to %s, %d of %d cross-checks found a falsified report: acceptance revoked under rules version %d.", o.From, o.To, len(o.Falsified), o.Checks, r.Version)
		return o
	}
	for i, ru := range r.Rules {
		cs := in
		if ru.Last > 0 && len(cs) > ru.Last {
			cs = cs[len(cs)-ru.Last:]
		}
		n, agree := count(cs)
		if n < ru.MinChecks || n == 0 {
			continue
		}
		dis := float64(n-agree) / float64(n)
		if (ru.MinDisagree > 0 && dis < ru.MinDisagree) || (ru.MinAgree > 0 && float64(agree)/float64(n) < ru.MinAgree) {
			continue
		}
		o.Rule, o.Grade, o.Checks, o.Agree = i, ru.Grade, n, agree
		gzh, gen := r.GradeName(ru.Grade)
		czh, cen := halves(ru.Cite)
		last, lastEn := "", ""
		if ru.Last > 0 {
			last, lastEn = fmt.Sprintf("最近 %d 次", ru.Last), fmt.Sprintf(" (the last %d)", ru.Last)
		}
		o.WhyZh = fmt.Sprintf("%s 至 %s 期间%s比对 %d 次，一致 %d 次、不一致 %d 次；第 %d 版规则第 %d 条：评为%s", o.From, o.To, last, n, agree, n-agree, r.Version, i+1, gzh)
		o.WhyEn = fmt.Sprintf("from %s to %s, %d cross-checks%s: %d agreed, %d disagreed; rule %d of version %d: %s", o.From, o.To, n, lastEn, agree, n-agree, i+1, r.Version, gen)
		if ru.Suspend && l.Status == Accepted {
			o.Status = Suspended
			o.WhyZh += "，暂停采信"
			o.WhyEn += ", acceptance suspended"
		}
		o.WhyZh += "。依据：" + czh
		o.WhyEn += ". Basis: " + cen
		return o
	}
	gzh, gen := r.GradeName(l.Grade)
	o.WhyZh = fmt.Sprintf("%s 至 %s 期间比对 %d 次、一致 %d 次，未达到第 %d 版任何规则的条件，保持%s。", o.From, o.To, o.Checks, o.Agree, r.Version, gzh)
	o.WhyEn = fmt.Sprintf("from %s to %s, %d cross-checks, %d agreed: no rule of version %d is met; the laboratory stays %s.", o.From, o.To, o.Checks, o.Agree, r.Version, gen)
	return o
}

// halves splits a "中文 / English" text; a text with no English half is
// both.
func halves(s string) (zh, en string) {
	zh, en, ok := strings.Cut(s, " / ")
	if !ok {
		return s, s
	}
	return zh, en
}
