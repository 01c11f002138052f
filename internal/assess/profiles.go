package assess

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// ProfileStatus is where a profile version stands. Values are stored.
type ProfileStatus string

// Profile version statuses: a draft is written and previewed, activation
// makes it the version new assessments are graded with and retires the
// version active before. Only a draft changes.
const (
	ProfileDraft   ProfileStatus = "draft"
	ProfileActive  ProfileStatus = "active"
	ProfileRetired ProfileStatus = "retired"
)

var profileStatusLabels = risk.Labels{
	string(ProfileDraft):   {"草稿", "Draft"},
	string(ProfileActive):  {"启用中", "Active"},
	string(ProfileRetired): {"已停用", "Retired"},
}

// Label returns the status's Chinese and English names.
func (s ProfileStatus) Label() (zh, en string) { return profileStatusLabels.Of(string(s)) }

// StoredProfile is one version of a profile as stored, with its status.
type StoredProfile struct {
	Profile     *Profile      `json:"profile"`
	Status      ProfileStatus `json:"status"`
	Note        string        `json:"note,omitempty"`
	CreatedBy   string        `json:"created_by,omitempty"`
	CreatedAt   time.Time     `json:"created_at"`
	ActivatedAt *time.Time    `json:"activated_at,omitempty"`
}

// ProfileSummary is one profile code with its versions, for the list.
type ProfileSummary struct {
	Name     string `json:"name"`
	TitleZh  string `json:"title_zh"`
	TitleEn  string `json:"title_en"`
	Active   int    `json:"active"` // the active version, 0 none yet
	Draft    int    `json:"draft"`  // the draft version, 0 none
	Versions int    `json:"versions"`
}

// Label returns the profile's title in both languages (English falls back
// to Chinese), for pages.
func (p *Profile) Label() (zh, en string) {
	if p.TitleEn == "" {
		return p.TitleZh, p.TitleZh
	}
	return p.TitleZh, p.TitleEn
}

// MaxNote bounds a version's note (what changed and why).
const MaxNote = 2000

// CanWriteProfiles reports whether a may add, version, preview and
// activate profiles: administrators.
func CanWriteProfiles(a risk.Actor) bool { return risk.Can(a, risk.PermProfileWrite) }

// CanReadProfiles reports whether a may see the profiles: whoever may
// evaluate assessments, and administrators.
func CanReadProfiles(a risk.Actor) bool {
	return risk.Can(a, risk.PermAssessmentRun) || risk.Can(a, risk.PermProfileWrite)
}

func forbiddenProfiles() error {
	return risk.Errorf(risk.ErrForbidden, "只有管理员可以维护评估矩阵。 / Only administrators keep the risk matrix profiles.")
}

// Profiles lists the profile codes with their active and draft versions.
func (s *Service) Profiles(ctx context.Context, a risk.Actor) ([]ProfileSummary, error) {
	if !CanReadProfiles(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看评估矩阵。 / Not allowed to see the risk matrix profiles.")
	}
	all, err := s.Store.ProfileVersions(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []ProfileSummary
	idx := map[string]int{}
	for _, sp := range all {
		i, ok := idx[sp.Profile.Name]
		if !ok {
			i = len(out)
			idx[sp.Profile.Name] = i
			out = append(out, ProfileSummary{Name: sp.Profile.Name})
		}
		sum := &out[i]
		sum.Versions++
		switch sp.Status {
		case ProfileActive:
			sum.Active, sum.TitleZh, sum.TitleEn = sp.Profile.Version, sp.Profile.TitleZh, sp.Profile.TitleEn
		case ProfileDraft:
			sum.Draft = sp.Profile.Version
		}
		if sum.TitleZh == "" {
			sum.TitleZh, sum.TitleEn = sp.Profile.TitleZh, sp.Profile.TitleEn
		}
	}
	return out, nil
}

// ActiveProfiles returns the active version of every profile, for the
// assessment form's choice of method.
func (s *Service) ActiveProfiles(ctx context.Context) ([]*Profile, error) {
	all, err := s.Store.ProfileVersions(ctx, "")
	if err != nil {
		return nil, err
	}
	var out []*Profile
	for _, sp := range all {
		if sp.Status == ProfileActive {
			out = append(out, sp.Profile)
		}
	}
	return out, nil
}

// ProfileVersions returns the versions of one profile, newest first;
// ErrNotFound when the code has none.
func (s *Service) ProfileVersions(ctx context.Context, a risk.Actor, name string) ([]*StoredProfile, error) {
	if !CanReadProfiles(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看评估矩阵。 / Not allowed to see the risk matrix profiles.")
	}
	vs, err := s.Store.ProfileVersions(ctx, name)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, risk.Errorf(risk.ErrNotFound, "没有评估矩阵 %s。 / No risk matrix profile %s.", name, name)
	}
	return vs, nil
}

// ProfileAt returns one version of a profile, whatever its status: the
// one an assessment was graded with, or a draft.
func (s *Service) ProfileAt(ctx context.Context, name string, version int) (*StoredProfile, error) {
	return s.Store.ProfileAt(ctx, name, version)
}

// SaveProfileDraft validates p and stores it as the draft of its code: a
// new code starts at version 1; a code with a draft has that draft
// replaced (p.Version, when set, must name it); otherwise the draft is the
// version after the newest. Nothing is written when p is invalid.
func (s *Service) SaveProfileDraft(ctx context.Context, a risk.Actor, p *Profile, note string) (*StoredProfile, error) {
	if !CanWriteProfiles(a) {
		return nil, forbiddenProfiles()
	}
	p.Name = strings.TrimSpace(p.Name)
	p.TitleZh, p.TitleEn = strings.TrimSpace(p.TitleZh), strings.TrimSpace(p.TitleEn)
	vs, err := s.Store.ProfileVersions(ctx, p.Name)
	if err != nil {
		return nil, err
	}
	next, replace := 1, false
	for _, sp := range vs {
		if sp.Profile.Version >= next {
			next = sp.Profile.Version + 1
		}
		if sp.Status == ProfileDraft {
			next, replace = sp.Profile.Version, true
			break
		}
	}
	var v risk.Validation
	if p.Version != 0 && p.Version != next {
		if replace {
			v.Add("version", fmt.Sprintf("评估矩阵 %s 已有草稿第 %d 版，只能修改它。", p.Name, next), fmt.Sprintf("profile %s has draft version %d; only that draft can change.", p.Name, next))
		} else {
			v.Add("version", fmt.Sprintf("评估矩阵 %s 的新版本应为第 %d 版；已启用或停用的版本不能修改。", p.Name, next), fmt.Sprintf("the next version of profile %s is %d; active and retired versions do not change.", p.Name, next))
		}
	}
	p.Version = next
	if err := p.Validate(); err != nil {
		if e, ok := risk.AsError(err); ok {
			v.Problems = append(v.Problems, e.Details...)
		}
	}
	v.Paragraph("note", note, MaxNote, false, "版本说明", "the note")
	if err := v.Err(); err != nil {
		return nil, err
	}
	sp := &StoredProfile{Profile: p, Status: ProfileDraft, Note: strings.TrimSpace(note), CreatedBy: a.Login}
	verb, en := "新建", "drafted"
	if replace {
		verb, en = "修改", "draft changed"
	}
	ae := audit.New(a, "assessment.profile.draft", "assessment_profile", 0,
		fmt.Sprintf("%s评估矩阵 %s 第 %d 版草稿 / risk matrix %s v%d %s", verb, p.Name, p.Version, p.Name, p.Version, en)).
		WithChange(nil, map[string]any{"name": p.Name, "version": p.Version, "bands": len(p.Rows), "severities": p.Severities, "panel_levels": p.PanelLevels})
	if err := s.Store.SaveProfileDraft(ctx, sp, replace, ae); err != nil {
		return nil, err
	}
	return sp, nil
}

// ActivateProfile makes a draft version the one new assessments of its
// code are graded with; the version active before is retired. Existing
// assessments keep the version they were graded with.
func (s *Service) ActivateProfile(ctx context.Context, a risk.Actor, name string, version int) (*StoredProfile, error) {
	if !CanWriteProfiles(a) {
		return nil, forbiddenProfiles()
	}
	sp, err := s.Store.ProfileAt(ctx, name, version)
	if err != nil {
		return nil, err
	}
	if sp.Status != ProfileDraft {
		zh, en := sp.Status.Label()
		return nil, risk.Errorf(risk.ErrConflict, "评估矩阵 %s 第 %d 版为“%s”，只有草稿可以启用。 / Version %d of %s is %s; only a draft can be activated.", name, version, zh, version, name, en)
	}
	ae := audit.New(a, "assessment.profile.activate", "assessment_profile", 0,
		fmt.Sprintf("启用评估矩阵 %s 第 %d 版 / risk matrix %s v%d activated", name, version, name, version)).
		WithChange(map[string]any{"status": ProfileDraft}, map[string]any{"name": name, "version": version, "status": ProfileActive})
	if err := s.Store.ActivateProfile(ctx, name, version, ae); err != nil {
		return nil, err
	}
	return s.Store.ProfileAt(ctx, name, version)
}

// TestCase is one probability and severity to grade in a preview.
type TestCase struct {
	Name        string      `json:"name,omitempty"`
	Severity    int         `json:"severity"`
	Probability Probability `json:"probability"`
}

// PreviewRow is a test case graded under a version and under the active
// version of its code.
type PreviewRow struct {
	TestCase
	Exact   string     `json:"exact"`
	Level   risk.Level `json:"level"`
	Active  risk.Level `json:"active,omitempty"` // "" when there is no active version or it has no such severity
	Differs bool       `json:"differs"`
}

// Preview is what a version would grade, beside the active version.
type Preview struct {
	Name          string       `json:"name"`
	Version       int          `json:"version"`
	ActiveVersion int          `json:"active_version,omitempty"`
	Rows          []PreviewRow `json:"rows"`
	Differ        int          `json:"differ"` // how many rows differ
}

// MaxTestCases bounds one preview.
const MaxTestCases = 200

// StandardCases are the test cases of a preview that names none: every
// severity of p at a probability inside each of the EU method's bands
// (1/2, 1/50, …), and on the DESIGN.md check (severity 1 at 1/500).
func StandardCases(p *Profile) []TestCase {
	probs := []string{"1/2", "1/20", "1/50", "1/500", "1/5000", "1/50000", "1/500000", "1/5000000"}
	var out []TestCase
	for _, pr := range probs {
		for sev := 1; sev <= p.Severities; sev++ {
			out = append(out, TestCase{Severity: sev, Probability: Probability(pr)})
		}
	}
	return out
}

// PreviewProfile grades the test cases under a version (typically a draft)
// and under the active version of its code, and marks those that differ.
// No cases: StandardCases. Nothing is written.
func (s *Service) PreviewProfile(ctx context.Context, a risk.Actor, name string, version int, cases []TestCase) (*Preview, error) {
	if !CanReadProfiles(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看评估矩阵。 / Not allowed to see the risk matrix profiles.")
	}
	sp, err := s.Store.ProfileAt(ctx, name, version)
	if err != nil {
		return nil, err
	}
	return PreviewOf(sp.Profile, s.activeOrNil(ctx, name), cases)
}

func (s *Service) activeOrNil(ctx context.Context, name string) *Profile {
	p, err := s.Store.Profile(ctx, name)
	if err != nil {
		return nil
	}
	return p
}

// PreviewOf grades cases under p and, when active is not nil, under it.
func PreviewOf(p, active *Profile, cases []TestCase) (*Preview, error) {
	if len(cases) == 0 {
		cases = StandardCases(p)
	}
	var v risk.Validation
	if len(cases) > MaxTestCases {
		v.Add("cases", fmt.Sprintf("最多 %d 个测试用例。", MaxTestCases), fmt.Sprintf("at most %d test cases.", MaxTestCases))
		return nil, v.Err()
	}
	pv := &Preview{Name: p.Name, Version: p.Version, Rows: make([]PreviewRow, len(cases))}
	if active != nil && active.Version != p.Version {
		pv.ActiveVersion = active.Version
	} else {
		active = nil
	}
	for i, c := range cases {
		f := fmt.Sprintf("cases[%d]", i)
		if c.Severity < 1 || c.Severity > p.Severities {
			v.Add(f+".severity", fmt.Sprintf("测试用例 %d 的伤害程度须为 1–%d。", i+1, p.Severities), fmt.Sprintf("test case %d: severity must be 1–%d.", i+1, p.Severities))
		}
		r, err := c.Probability.Rat()
		if err != nil {
			v.Add(f+".probability", fmt.Sprintf("测试用例 %d 的概率 %q 无效：须为 (0, 1] 区间内的小数或 \"1/N\" 形式的分数。", i+1, c.Probability),
				fmt.Sprintf("test case %d: probability %q is invalid: it must be a decimal or a fraction \"1/N\" in (0, 1].", i+1, c.Probability))
			continue
		}
		if c.Severity < 1 || c.Severity > p.Severities {
			continue
		}
		row := PreviewRow{TestCase: c, Exact: r.RatString()}
		row.Level, _ = p.Level(r, c.Severity)
		if active != nil && c.Severity <= active.Severities {
			row.Active, _ = active.Level(new(big.Rat).Set(r), c.Severity)
		}
		row.Differs = active != nil && row.Active != row.Level
		if row.Differs {
			pv.Differ++
		}
		pv.Rows[i] = row
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return pv, nil
}
