package tbt

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

func sets(t testing.TB) Sets {
	t.Helper()
	s, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	return Sets{HS: s.HS, Countries: s.Countries}
}

func TestParseSymbol(t *testing.T) {
	tests := []struct {
		in, want, base string
		kind           Kind
	}{
		{"G/TBT/N/EU/1234", "G/TBT/N/EU/1234", "G/TBT/N/EU/1234", Regular},
		{"g/sps/n/chn/123/add.1", "G/SPS/N/CHN/123/Add.1", "G/SPS/N/CHN/123", Addendum},
		{" G/TBT/N/USA/2101/Corr. 2 ", "G/TBT/N/USA/2101/Corr.2", "G/TBT/N/USA/2101", Corrigendum},
		{"G/TBT/N/USA/2101/Rev.1/Add.2", "G/TBT/N/USA/2101/Rev.1/Add.2", "G/TBT/N/USA/2101", Addendum},
		{"G/TBT/N/TPKM/500/Rev.1", "G/TBT/N/TPKM/500/Rev.1", "G/TBT/N/TPKM/500", Revision},
	}
	for _, tt := range tests {
		s, err := ParseSymbol(tt.in)
		if err != nil {
			t.Errorf("ParseSymbol(%q): %v", tt.in, err)
			continue
		}
		if s.String() != tt.want || s.Base().String() != tt.base || s.Kind() != tt.kind {
			t.Errorf("ParseSymbol(%q) = %s base %s kind %s, want %s %s %s", tt.in, s, s.Base(), s.Kind(), tt.want, tt.base, tt.kind)
		}
		again, err := ParseSymbol(s.String())
		if err != nil || again.String() != s.String() {
			t.Errorf("%s does not parse back to itself: %v %v", s, again, err)
		}
	}
	for _, bad := range []string{"", "G/TBT/EU/1234", "G/XYZ/N/EU/1", "G/TBT/N/E1/12", "G/TBT/N/EU/0", "G/TBT/N/EU/12a", "G/TBT/N/EU/12/Supp.1",
		"G/TBT/N/EU/12/Add.", "G/TBT/N/EU/12/Add.0", "G/TBT/N/EU/12/Add.1/Add.2/Add.3/Add.4", "X/TBT/N/EU/1"} {
		_, err := ParseSymbol(bad)
		e, ok := risk.AsError(err)
		if !ok || e.Field != "symbol" || !errors.Is(err, risk.ErrInvalid) || !strings.Contains(e.Message, " / ") {
			t.Errorf("ParseSymbol(%q) = %v, want a bilingual error naming symbol", bad, err)
		}
	}
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

func TestInputCheck(t *testing.T) {
	ss := sets(t)
	tests := []struct {
		name   string
		in     Input
		fields []string
		member string
		hs     []string
	}{
		{"minimal EU", Input{Symbol: "G/TBT/N/EU/1234", Member: "EU", HSCodes: []string{"9503", "9503.00"}, Title: "Toy safety", CommentDeadline: "2026-12-20"}, nil, "EU", []string{"9503", "950300"}},
		{"member from symbol", Input{Symbol: "G/SPS/N/JPN/1234", HSCodes: []string{"0304"}, Title: "MRLs"}, nil, "JP", []string{"0304"}},
		{"member lower case", Input{Symbol: "G/TBT/N/USA/2101", Member: "us", HSCodes: []string{"3604"}, Title: "Fireworks"}, nil, "US", []string{"3604"}},
		{"member mismatch", Input{Symbol: "G/TBT/N/USA/2101", Member: "JP", HSCodes: []string{"3604"}, Title: "x"}, []string{"member"}, "", nil},
		{"unknown member", Input{Symbol: "G/TBT/N/TPKM/1", Member: "XX", Title: "x"}, []string{"member"}, "", nil},
		{"member missing", Input{Symbol: "G/TBT/N/TPKM/1", Title: "x"}, []string{"member"}, "", nil},
		{"bad symbol", Input{Symbol: "TBT 1234", Member: "EU", Title: "x"}, []string{"symbol"}, "", nil},
		{"unknown HS", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", HSCodes: []string{"9503", "7799"}, Title: "x"}, []string{"hs_codes[1]"}, "", nil},
		{"malformed HS", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", HSCodes: []string{"95x3"}, Title: "x"}, []string{"hs_codes[0]"}, "", nil},
		{"no title", Input{Symbol: "G/TBT/N/EU/1", Member: "EU"}, []string{"title"}, "", nil},
		{"addendum needs no title", Input{Symbol: "G/TBT/N/EU/1/Add.1", CommentDeadline: "15/01/2027"}, nil, "EU", []string{}},
		{"bad date", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", Title: "x", CommentDeadline: "next month"}, []string{"comment_deadline"}, "", nil},
		{"deadline before date", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", Title: "x", Date: "2026-10-01", CommentDeadline: "2026-09-01"}, []string{"comment_deadline"}, "", nil},
		{"bad ICS", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", Title: "x", ICSCodes: []string{"97.2"}}, []string{"ics_codes[0]"}, "", nil},
		{"bad document", Input{Symbol: "G/TBT/N/EU/1", Member: "EU", Title: "x", Documents: []Document{{URL: "javascript:alert(1)"}}}, []string{"documents[0].url"}, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var v risk.Validation
			n := tt.in.Check(ss, &v)
			err := v.Err()
			if diff := cmp.Diff(tt.fields, fields(err)); diff != "" {
				t.Fatalf("fields mismatch (-want +got):\n%s", diff)
			}
			if err != nil {
				if e, _ := risk.AsError(err); !strings.Contains(e.Message, " / ") {
					t.Errorf("message %q is not bilingual", e.Message)
				}
				return
			}
			if n.Member != tt.member || !cmp.Equal(tt.hs, n.HSCodes) {
				t.Errorf("member %s hs %v, want %s %v", n.Member, n.HSCodes, tt.member, tt.hs)
			}
		})
	}
}

func TestApply(t *testing.T) {
	base := &Notification{Symbol: "G/TBT/N/EU/1", Kind: Regular, Title: "Toys", HSCodes: []string{"9503"}, CommentDeadline: "2026-12-01", Documents: []Document{}}
	add := &Notification{Symbol: "G/TBT/N/EU/1/Add.1", Kind: Addendum, Title: "Addendum", CommentDeadline: "2027-01-31", HSCodes: []string{"9504"},
		Documents: []Document{{Title: "a.pdf", URL: "https://example.org/a.pdf"}}}
	ch := base.Apply(add)
	if base.CommentDeadline != "2027-01-31" || base.Title != "Toys" || !cmp.Equal(base.HSCodes, []string{"9503", "9504"}) || len(base.Documents) != 1 {
		t.Errorf("after addendum: %+v", base)
	}
	if len(ch) != 3 || ch[0].Field != "comment_deadline" || ch[0].From != "2026-12-01" {
		t.Errorf("changes %+v", ch)
	}
	rev := &Notification{Symbol: "G/TBT/N/EU/1/Rev.1", Kind: Revision, Title: "Toys (revised)", HSCodes: []string{"950300"}}
	base.Apply(rev)
	if base.Title != "Toys (revised)" || !cmp.Equal(base.HSCodes, []string{"950300"}) || len(base.Changes) != 5 {
		t.Errorf("after revision: %+v", base)
	}
	if len(base.Apply(add)) != 1 { // the deadline moves back; the rest is there
		t.Errorf("re-applying: %+v", base.Changes)
	}
}

func TestSubscriptionMatches(t *testing.T) {
	ss := sets(t)
	n := &Notification{Member: EU, HSCodes: []string{"950300"}}
	tests := []struct {
		in   SubscriptionInput
		want bool
	}{
		{SubscriptionInput{HSCodes: []string{"9503"}}, true},
		{SubscriptionInput{HSCodes: []string{"95"}, Members: []string{"DE"}}, true},
		{SubscriptionInput{HSCodes: []string{"9503001000"}}, true},
		{SubscriptionInput{Members: []string{"EU"}}, true},
		{SubscriptionInput{Members: []string{"US"}}, false},
		{SubscriptionInput{HSCodes: []string{"3604"}, Members: []string{"EU"}}, false},
	}
	for _, tt := range tests {
		s, err := tt.in.Check(ss)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Matches(n); got != tt.want {
			t.Errorf("%+v matches = %v, want %v", tt.in, got, tt.want)
		}
	}
	if _, err := (&SubscriptionInput{}).Check(ss); err == nil {
		t.Error("an empty subscription was accepted")
	}
	if _, err := (&SubscriptionInput{Members: []string{"ZZ"}}).Check(ss); !cmp.Equal(fields(err), []string{"members[0]"}) {
		t.Errorf("unknown market: %v", err)
	}
}

func TestParseEPing(t *testing.T) {
	csv := "Document symbol,Notifying member,Date of distribution,Title,HS code(s),ICS code(s),Final date for comments,Keywords,Link to document\n" +
		"G/TBT/N/EU/1139,European Union,2026-10-20,Toy safety,\"9503 - Tricycles, scooters, dolls; 9504\",97.200.50,20/12/2026,toys,https://docs.wto.org/a.pdf\n" +
		"G/TBT/N/EU/1139/Add.1,EU,2026-11-20,Toy safety,,,N/A,,\n"
	p, err := Parse(strings.NewReader(csv), tabular.CSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Rows) != 2 {
		t.Fatalf("rows %d", len(p.Rows))
	}
	in := p.Rows[0].Input
	want := Input{Symbol: "G/TBT/N/EU/1139", Member: "EU", Date: "2026-10-20", Title: "Toy safety", HSCodes: []string{"9503", "9504"}, ICSCodes: []string{"97.200.50"},
		CommentDeadline: "20/12/2026", Documents: []Document{{Title: "a.pdf", URL: "https://docs.wto.org/a.pdf"}}}
	if diff := cmp.Diff(want, in); diff != "" {
		t.Errorf("row mismatch (-want +got):\n%s", diff)
	}
	var v risk.Validation
	n := in.Check(sets(t), &v)
	if err := v.Err(); err != nil || n.CommentDeadline != "2026-12-20" {
		t.Errorf("check: %v %+v", err, n)
	}
	if _, err := Parse(strings.NewReader("Title,Member\nx,EU\n"), tabular.CSV); !cmp.Equal(fields(err), []string{"symbol"}) {
		t.Errorf("no symbol column: %v", err)
	}
	if _, err := Parse(strings.NewReader("Document symbol,Colour\nG/TBT/N/EU/1,red\n"), tabular.CSV); err == nil {
		t.Error("an unknown column was accepted")
	}
}

func TestDestinations(t *testing.T) {
	if got := Destinations(EU); len(got) != 27 || got[0] != "AT" {
		t.Errorf("EU destinations %v", got)
	}
	ss := sets(t)
	for _, c := range EUStates {
		if _, err := ParseMember(c, ss.Countries); err != nil {
			t.Errorf("EU state %s: %v", c, err)
		}
	}
	if zh, en := MemberName(EU); zh != "欧盟" || en != "European Union" {
		t.Errorf("EU named %s %s", zh, en)
	}
}

func TestMachines(t *testing.T) {
	if _, err := CommentMachine.Step("", "send"); !errors.Is(err, risk.ErrConflict) {
		t.Errorf("sending with no draft: %v", err)
	}
	if _, err := StudyMachine.Step(string(StudyPublished), "publish"); !errors.Is(err, risk.ErrConflict) {
		t.Errorf("publishing twice: %v", err)
	}
}

func TestMemberCell(t *testing.T) {
	for in, want := range map[string]string{"Japan": "JP", "United States of America": "US", "European Union": "EU", "Chinese Taipei": "TW",
		"日本": "JP", "USA": "US", "us": "us", "EU": "EU", "Ruritania": "Ruritania", "Korea, Republic of": "KR"} {
		if got := memberCell(in); got != want {
			t.Errorf("memberCell(%q) = %q, want %q", in, got, want)
		}
	}
}
