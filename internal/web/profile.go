package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"riskgate/internal/assess"
	"riskgate/internal/risk"
)

// Slots the profile form offers: severities and probability bands.
const formBands = assess.MaxBands

type profilesPage struct {
	Page
	Items    []assess.ProfileSummary
	CanWrite bool
}

// profileList is /admin/profiles: each risk-matrix profile with its
// active and draft versions.
func (s *Server) profileList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	items, err := s.Assess.Profiles(r.Context(), a)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "profiles.html", profilesPage{Page: s.page(r, "评估矩阵", "Risk matrices"), Items: items,
		CanWrite: assess.CanWriteProfiles(a)})
}

type profilePage struct {
	Page
	Form
	Code     string // the profile's code
	Versions []*assess.StoredProfile
	Shown    *assess.StoredProfile // the version shown
	Active   int                   // the active version, 0 none
	Preview  *assess.Preview
	Cases    string // the test cases as typed
	CanWrite bool
}

// Cell returns the level of band i, severity j (0-based) of the shown
// version.
func (p profilePage) Cell(i, j int) risk.Level {
	return cellOf(p.Shown.Profile, i, j)
}

func cellOf(pr *assess.Profile, i, j int) risk.Level {
	if pr == nil || i >= len(pr.Rows) || j >= len(pr.Rows[i].Levels) {
		return ""
	}
	return pr.Rows[i].Levels[j]
}

// SeverityNames lists the shown version's severities 1..n.
func (p profilePage) SeverityNames() []int { return seq(p.Shown.Profile.Severities) }

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// Definition names severity n of the shown version.
func (p profilePage) Definition(n int) string {
	zh, en := p.Shown.Profile.Definition(n)
	return p.T(zh, en)
}

// PanelLevels names the grades that need a panel under the shown version.
func (p profilePage) PanelLevels() string {
	var out []string
	for _, l := range p.Shown.Profile.PanelLevels {
		out = append(out, p.L(l))
	}
	return strings.Join(out, p.T("、", ", "))
}

// profileShow is /admin/profiles/{name}: the versions of a profile and
// one of them (?version=, default the draft, else the active one) in full,
// with, for a draft, the preview on test cases and activation.
func (s *Server) profileShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.profileView(r, r.PathValue("name"), r.URL.Query().Get("version"))
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "profile.html", p)
}

func (s *Server) profileView(r *http.Request, name, version string) (profilePage, error) {
	a := actorOf(r)
	vs, err := s.Assess.ProfileVersions(r.Context(), a, name)
	if err != nil {
		return profilePage{}, err
	}
	p := profilePage{Code: name, Versions: vs, CanWrite: assess.CanWriteProfiles(a)}
	want, _ := strconv.Atoi(version)
	for _, v := range vs {
		if v.Status == assess.ProfileActive {
			p.Active = v.Profile.Version
		}
	}
	for _, v := range vs {
		switch {
		case want != 0 && v.Profile.Version == want,
			want == 0 && p.Shown == nil && v.Status == assess.ProfileDraft:
			p.Shown = v
		}
	}
	if p.Shown == nil {
		for _, v := range vs {
			if v.Profile.Version == p.Active || p.Active == 0 {
				p.Shown = v
				break
			}
		}
	}
	if p.Shown == nil {
		return profilePage{}, risk.Errorf(risk.ErrNotFound, "评估矩阵 %s 没有第 %s 版。 / Profile %s has no version %s.", name, version, name, version)
	}
	zh, en := p.Shown.Profile.Label()
	p.Page = s.page(r, "评估矩阵："+zh, "Risk matrix: "+en)
	return p, nil
}

// parseCases reads test cases typed one a line: "severity probability
// [name]", e.g. "3 1/500 小零件".
func parseCases(text string) ([]assess.TestCase, error) {
	var out []assess.TestCase
	for i, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) < 2 {
			return nil, risk.Invalid("cases", fmt.Sprintf("第 %d 行应为“伤害程度 概率 [名称]”，如“3 1/500 小零件”。", i+1),
				fmt.Sprintf("line %d must read \"severity probability [name]\", e.g. \"3 1/500 small parts\".", i+1))
		}
		sev, err := strconv.Atoi(f[0])
		if err != nil {
			return nil, risk.Invalid("cases", fmt.Sprintf("第 %d 行的伤害程度 %q 不是整数。", i+1, f[0]), fmt.Sprintf("line %d: severity %q is not a whole number.", i+1, f[0]))
		}
		out = append(out, assess.TestCase{Severity: sev, Probability: assess.Probability(f[1]), Name: strings.Join(f[2:], " ")})
	}
	return out, nil
}

// profileAction handles preview and activate on one version.
func (s *Server) profileAction(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	name, version := r.PathValue("name"), r.PathValue("version")
	v, err := strconv.Atoi(version)
	if err != nil {
		return risk.Invalid("version", "版本号必须是正整数。", "version must be a positive integer.")
	}
	switch r.PathValue("action") {
	case "preview":
		text := r.PostForm.Get("cases")
		cases, err := parseCases(text)
		var pv *assess.Preview
		if err == nil {
			pv, err = s.Assess.PreviewProfile(ctx, a, name, v, cases)
		}
		p, verr := s.profileView(r, name, version)
		if verr != nil {
			return verr
		}
		p.Cases = text
		if err != nil {
			var ok bool
			if p.Form, ok = formError(p.Page, err, labelFunc(previewLabel), "preview", r.PostForm); !ok {
				return err
			}
			return s.render(w, r, statusOf(err), "profile.html", p)
		}
		p.Preview = pv
		return s.render(w, r, http.StatusOK, "profile.html", p)
	case "activate":
		_, err := s.Assess.ActivateProfile(ctx, a, name, v)
		return s.backTo(w, r, "/admin/profiles/"+url.PathEscape(name)+"?version="+version, err)
	}
	return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
}

var previewFieldRE = regexp.MustCompile(`^cases\[(\d+)\]\.(severity|probability)$`)

// previewLabel names a test case's field by its line.
func previewLabel(field string) (fieldLabel, bool) {
	if field == "cases" {
		return fieldLabel{"cases", "测试用例", "Test cases"}, true
	}
	m := previewFieldRE.FindStringSubmatch(field)
	if m == nil {
		return fieldLabel{}, false
	}
	i, _ := strconv.Atoi(m[1])
	zh, en := "伤害程度", "severity"
	if m[2] == "probability" {
		zh, en = "概率", "probability"
	}
	return fieldLabel{"cases", fmt.Sprintf("测试用例第 %d 行 · %s", i+1, zh), fmt.Sprintf("Test case line %d · %s", i+1, en)}, true
}

type profileFormPage struct {
	Page
	Form
	P       *assess.Profile
	Note    string
	IsNew   bool // a new code rather than a version of an existing one
	Levels  []risk.Level
	Bands   []int
	SevSlot []int
}

// Def returns the definition of severity slot i (0-based).
func (p profileFormPage) Def(i int) assess.Severity {
	if p.P != nil && i < len(p.P.Definitions) {
		return p.P.Definitions[i]
	}
	return assess.Severity{}
}

// Band returns band slot i.
func (p profileFormPage) Band(i int) assess.Row {
	if p.P != nil && i < len(p.P.Rows) {
		return p.P.Rows[i]
	}
	return assess.Row{}
}

// Cell returns the level of band slot i, severity slot j.
func (p profileFormPage) Cell(i, j int) risk.Level { return cellOf(p.P, i, j) }

// PanelLevel reports whether grade l needs a panel in the form's profile.
func (p profileFormPage) PanelLevel(l risk.Level) bool {
	return p.P != nil && p.P.NeedsPanel(l)
}

func (s *Server) profileFormView(r *http.Request, pr *assess.Profile, isNew bool) profileFormPage {
	title, en := "新建评估矩阵", "New risk matrix"
	if !isNew {
		title, en = "编辑评估矩阵草稿："+pr.Name, "Edit the draft of risk matrix "+pr.Name
	}
	return profileFormPage{Page: s.page(r, title, en), P: pr, IsNew: isNew, Levels: risk.Levels, Bands: seq(formBands), SevSlot: seq(assess.MaxSeverities)}
}

// profileForm is /admin/profiles/new (?from= a profile to start from) and
// /admin/profiles/{name}/edit: the draft's form, filled from the draft, or
// else from the active version (a new version starts as its copy).
func (s *Server) profileForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !assess.CanWriteProfiles(a) {
		return risk.Errorf(risk.ErrForbidden, "只有管理员可以维护评估矩阵。 / Only administrators keep the risk matrix profiles.")
	}
	name, isNew := r.PathValue("name"), r.PathValue("name") == ""
	from := name
	if isNew {
		from = r.URL.Query().Get("from")
	}
	pr := &assess.Profile{Severities: 4}
	if from != "" {
		vs, err := s.Assess.ProfileVersions(r.Context(), a, from)
		if err != nil {
			return err
		}
		for _, v := range vs { // the draft, else the active version
			if v.Status == assess.ProfileDraft || (v.Status == assess.ProfileActive && pr.Name == "") {
				cp := *v.Profile
				pr = &cp
				if v.Status == assess.ProfileDraft {
					break
				}
			}
		}
		if isNew {
			pr.Name, pr.Version = "", 0
		} else {
			pr.Version = 0
		}
	}
	return s.render(w, r, http.StatusOK, "profile_form.html", s.profileFormView(r, pr, isNew))
}

// profileFromForm reads the profile form: severities and their
// definitions (d{i}.zh, d{i}.en), bands (r{i}.min, r{i}.max, r{i}.l{j}),
// blank bands skipped, and the grades that need a panel.
func profileFromForm(f url.Values) *assess.Profile {
	p := &assess.Profile{Name: strings.TrimSpace(f.Get("name")), TitleZh: f.Get("title_zh"), TitleEn: f.Get("title_en")}
	p.Severities, _ = strconv.Atoi(f.Get("severities"))
	n := p.Severities
	if n > assess.MaxSeverities {
		n = assess.MaxSeverities
	}
	for i := 0; i < n; i++ {
		p.Definitions = append(p.Definitions, assess.Severity{Level: i + 1, Zh: strings.TrimSpace(f.Get(fmt.Sprintf("d%d.zh", i))), En: strings.TrimSpace(f.Get(fmt.Sprintf("d%d.en", i)))})
	}
	for i := 0; i < formBands; i++ {
		pre := fmt.Sprintf("r%d.", i)
		row := assess.Row{Min: strings.TrimSpace(f.Get(pre + "min")), Max: strings.TrimSpace(f.Get(pre + "max"))}
		blank := row.Min == "" && row.Max == ""
		for j := 0; j < n; j++ {
			l := risk.Level(f.Get(fmt.Sprintf("%sl%d", pre, j)))
			if l != "" {
				blank = false
			}
			row.Levels = append(row.Levels, l)
		}
		if !blank {
			p.Rows = append(p.Rows, row)
		}
	}
	for _, l := range f["panel_levels"] {
		p.PanelLevels = append(p.PanelLevels, risk.Level(l))
	}
	return p
}

var profileFieldRE = regexp.MustCompile(`^(rows|definitions|panel_levels)\[(\d+)\](?:\.(min|max|zh|en|level|levels)(?:\[(\d+)\])?)?$`)

// profileLabel names the profile form's fields as the form numbers them.
func profileLabel(field string) (fieldLabel, bool) {
	switch field {
	case "name":
		return fieldLabel{"name", "代码", "Code"}, true
	case "version":
		return fieldLabel{"name", "版本", "Version"}, true
	case "title_zh":
		return fieldLabel{"title_zh", "中文名称", "Chinese title"}, true
	case "title_en":
		return fieldLabel{"title_en", "英文名称", "English title"}, true
	case "severities", "definitions":
		return fieldLabel{"severities", "伤害程度等级数", "Severities"}, true
	case "rows":
		return fieldLabel{"r0.min", "概率区间", "Probability bands"}, true
	case "note":
		return fieldLabel{"note", "版本说明", "Note"}, true
	}
	m := profileFieldRE.FindStringSubmatch(field)
	if m == nil {
		return fieldLabel{}, false
	}
	i, _ := strconv.Atoi(m[2])
	switch m[1] {
	case "panel_levels":
		return fieldLabel{"panel-serious", "需专家评审的风险等级", "Grades that need a panel"}, true
	case "definitions":
		lang, en := "中文定义", "Chinese definition"
		if m[3] == "en" {
			lang, en = "英文定义", "English definition"
		}
		id := fmt.Sprintf("d%d.zh", i)
		if m[3] == "en" {
			id = fmt.Sprintf("d%d.en", i)
		}
		return fieldLabel{id, fmt.Sprintf("伤害程度 %d · %s", i+1, lang), fmt.Sprintf("Severity %d · %s", i+1, en)}, true
	}
	zh, en := fmt.Sprintf("概率区间 %d · ", i+1), fmt.Sprintf("Band %d · ", i+1)
	switch m[3] {
	case "min":
		return fieldLabel{fmt.Sprintf("r%d.min", i), zh + "下限", en + "lower bound"}, true
	case "max":
		return fieldLabel{fmt.Sprintf("r%d.max", i), zh + "上限", en + "upper bound"}, true
	case "levels":
		if m[4] == "" {
			return fieldLabel{fmt.Sprintf("r%d.l0", i), zh + "风险等级", en + "levels"}, true
		}
		j, _ := strconv.Atoi(m[4])
		return fieldLabel{fmt.Sprintf("r%d.l%d", i, j), zh + fmt.Sprintf("伤害程度 %d", j+1), en + fmt.Sprintf("severity %d", j+1)}, true
	}
	return fieldLabel{}, false
}

// profileSave stores the form as the draft of its code.
func (s *Server) profileSave(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	pr := profileFromForm(r.PostForm)
	note := r.PostForm.Get("note")
	isNew := r.PostForm.Get("new") != ""
	sp, err := s.Assess.SaveProfileDraft(r.Context(), actorOf(r), pr, note)
	if err != nil {
		p := s.profileFormView(r, pr, isNew)
		p.Note = note
		var ok bool
		if p.Form, ok = formError(p.Page, err, labelFunc(profileLabel), "", r.PostForm); !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "profile_form.html", p)
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/profiles/%s?version=%d&saved=1", url.PathEscape(sp.Profile.Name), sp.Profile.Version), http.StatusSeeOther)
	return nil
}
