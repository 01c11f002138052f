package assess_test

import (
	"encoding/json"
	"math/big"
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/assess"
	"riskgate/internal/risk"
)

// food is a valid three-severity, four-band profile.
func food() *assess.Profile {
	return &assess.Profile{Name: "food-test", Version: 1, TitleZh: "食品", TitleEn: "Food", Severities: 3,
		Definitions: []assess.Severity{{Zh: "轻微"}, {Zh: "严重"}, {Zh: "致死"}},
		Rows: []assess.Row{
			{Min: "1/10", Max: "1", Levels: []risk.Level{"medium", "serious", "serious"}},
			{Min: "1/1000", Max: "1/10", Levels: []risk.Level{"low", "high", "serious"}},
			{Min: "1/100000", Max: "1/1000", Levels: []risk.Level{"low", "medium", "high"}},
			{Min: "0", Max: "1/100000", Levels: []risk.Level{"low", "low", "medium"}},
		}}
}

func fields(err error) []string {
	e, ok := risk.AsError(err)
	if !ok {
		return nil
	}
	var out []string
	for _, d := range e.Details {
		out = append(out, d.Field)
	}
	return out
}

// TestProfileValidate refuses gaps and overlaps between bands, gaps in
// the matrix and severities without a definition, naming each field.
func TestProfileValidate(t *testing.T) {
	if err := food().Validate(); err != nil {
		t.Fatalf("valid profile refused: %v", err)
	}
	tests := []struct {
		name   string
		change func(p *assess.Profile)
		want   []string
	}{
		{"gap between bands", func(p *assess.Profile) { p.Rows[2].Max = "1/2000" }, []string{"rows[2].max"}},
		{"overlapping bands", func(p *assess.Profile) { p.Rows[1].Max = "1/2" }, []string{"rows[1].max"}},
		{"top band short of 1", func(p *assess.Profile) { p.Rows[0].Max = "1/2" }, []string{"rows[0].max"}},
		{"last band above 0", func(p *assess.Profile) { p.Rows[3].Min = "1/1000000" }, []string{"rows[3].min"}},
		{"missing cell", func(p *assess.Profile) { p.Rows[1].Levels = p.Rows[1].Levels[:2] }, []string{"rows[1].levels[2]"}},
		{"empty cell", func(p *assess.Profile) { p.Rows[0].Levels[1] = "" }, []string{"rows[0].levels[1]"}},
		{"bad level", func(p *assess.Profile) { p.Rows[0].Levels[1] = "grave" }, []string{"rows[0].levels[1]"}},
		{"severity without definition", func(p *assess.Profile) { p.Definitions = p.Definitions[:2] }, []string{"definitions[2].zh"}},
		{"blank definition", func(p *assess.Profile) { p.Definitions[0].Zh = " " }, []string{"definitions[0].zh"}},
		{"bad code", func(p *assess.Profile) { p.Name = "Food Profile" }, []string{"name"}},
		{"no title", func(p *assess.Profile) { p.TitleZh = "" }, []string{"title_zh"}},
		{"bounds reversed", func(p *assess.Profile) { p.Rows[1].Min = "1/5" }, []string{"rows[1].min", "rows[2].max"}},
		{"not a probability", func(p *assess.Profile) { p.Rows[1].Min = "abc" }, []string{"rows[1].min"}},
		{"panel level", func(p *assess.Profile) { p.PanelLevels = []risk.Level{"grave"} }, []string{"panel_levels[0]"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := food()
			tt.change(p)
			err := p.Validate()
			if err == nil {
				t.Fatal("accepted")
			}
			if diff := cmp.Diff(tt.want, fields(err)); diff != "" {
				t.Errorf("fields mismatch (-want +got):\n%s\n%v", diff, err)
			}
			if e, _ := risk.AsError(err); e == nil || !containsBoth(e.Message) {
				t.Errorf("message %q is not bilingual", err)
			}
		})
	}
}

func containsBoth(s string) bool {
	for i := 0; i+3 <= len(s); i++ {
		if s[i:i+3] == " / " {
			return true
		}
	}
	return false
}

// TestLegacyProfile reads the default profile as stored before bands had
// upper bounds and severities definitions: it grades as the builtin does.
func TestLegacyProfile(t *testing.T) {
	legacy := `{"name":"rag-2019","version":1,"title_zh":"x","title_en":"x","severities":4,"rows":[
		{"min":"1/2","levels":["high","serious","serious","serious"]},{"min":"1/10","levels":["medium","serious","serious","serious"]},
		{"min":"1/100","levels":["medium","serious","serious","serious"]},{"min":"1/1000","levels":["low","high","serious","serious"]},
		{"min":"1/10000","levels":["low","medium","high","serious"]},{"min":"1/100000","levels":["low","low","medium","high"]},
		{"min":"1/1000000","levels":["low","low","low","medium"]},{"min":"0","levels":["low","low","low","low"]}]}`
	old, err := assess.ParseProfile([]byte(legacy))
	if err != nil {
		t.Fatal(err)
	}
	cur := profile(t)
	if diff := cmp.Diff(cur.Rows, old.Rows, cmp.AllowUnexported(assess.Row{}), cmp.Comparer(func(a, b *big.Rat) bool { return a.Cmp(b) == 0 })); diff != "" {
		t.Errorf("bands mismatch (-builtin +legacy):\n%s", diff)
	}
	if diff := cmp.Diff(cur.Definitions, old.Definitions); diff != "" {
		t.Errorf("definitions mismatch (-builtin +legacy):\n%s", diff)
	}
	pv, err := assess.PreviewOf(old, cur, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pv.Differ != 0 || len(pv.Rows) != 32 {
		t.Errorf("legacy and builtin differ on %d of %d standard cases", pv.Differ, len(pv.Rows))
	}
}

// TestPreviewOf marks the test cases a draft grades otherwise than the
// active version, and refuses bad cases naming them.
func TestPreviewOf(t *testing.T) {
	active := food()
	if err := active.Validate(); err != nil {
		t.Fatal(err)
	}
	draft := food()
	draft.Version = 2
	draft.Rows[1].Levels[0] = "medium" // 1/1000 ≤ p < 1/10, severity 1: low → medium
	if err := draft.Validate(); err != nil {
		t.Fatal(err)
	}
	pv, err := assess.PreviewOf(draft, active, []assess.TestCase{
		{Name: "a", Severity: 1, Probability: "1/500"}, {Name: "b", Severity: 1, Probability: "0.5"}, {Name: "c", Severity: 3, Probability: "1/500"}})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range pv.Rows {
		got = append(got, string(r.Level)+"/"+string(r.Active))
	}
	if diff := cmp.Diff([]string{"medium/low", "medium/medium", "serious/serious"}, got); diff != "" {
		t.Errorf("levels mismatch (-want +got):\n%s", diff)
	}
	if pv.Differ != 1 || !pv.Rows[0].Differs || pv.ActiveVersion != 1 {
		t.Errorf("differ = %d, active version %d", pv.Differ, pv.ActiveVersion)
	}
	_, err = assess.PreviewOf(draft, active, []assess.TestCase{{Severity: 4, Probability: "1/2"}, {Severity: 1, Probability: "2"}})
	if diff := cmp.Diff([]string{"cases[0].severity", "cases[1].probability"}, fields(err)); diff != "" {
		t.Errorf("fields mismatch (-want +got):\n%s", diff)
	}
	// The standard cases: every severity in every band of the EU method.
	pv, err = assess.PreviewOf(draft, nil, nil)
	if err != nil || len(pv.Rows) != 24 || pv.ActiveVersion != 0 {
		t.Fatalf("standard preview: %v, %d rows", err, len(pv.Rows))
	}
	b, _ := json.Marshal(pv.Rows[0])
	if string(b) != `{"severity":1,"probability":"1/2","exact":"1/2","level":"medium","differs":false}` {
		t.Errorf("row JSON %s", b)
	}
}
