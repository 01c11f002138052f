package foreign

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

func parseFile(t *testing.T, format, file string) *Parsed {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := Parse(format, f)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return p
}

// Each published layout maps to the same normalised record.
func TestLayouts(t *testing.T) {
	sg := parseFile(t, "safetygate", "safetygate_weekly.xml")
	if len(sg.Records) != 2 || len(sg.Rejects) != 0 {
		t.Fatalf("safety gate: %d records, rejects %v", len(sg.Records), sg.Rejects)
	}
	toy := sg.Records[1]
	if toy.Key != "A12/02685/24" || toy.Date.Format("2006-01-02") != "2024-12-13" || toy.Product.Origin != "CN" || toy.Hazard != "choking" ||
		!slices.Equal(toy.Measures, []string{"recall-end-users"}) || toy.Product.Brand != "Fisher-Price" || toy.Product.Category != "toys" ||
		toy.Product.HSCode != "9503" || toy.Notifier != "Netherlands" || toy.Product.GTIN != "0887961809596" ||
		!strings.HasPrefix(toy.URL, "https://ec.europa.eu/safety-gate-alerts") || toy.Fields["pictures.picture"] == "" {
		t.Errorf("safety gate toy: %+v", toy)
	}
	if sg.Records[0].Hazard != "chemical" || !slices.Equal(sg.Records[0].Measures, []string{"withdrawal"}) {
		t.Errorf("safety gate perfume: %+v", sg.Records[0])
	}
	if toy.YearOnly {
		t.Errorf("safety gate toy of a dated alert is read as of its year only")
	}
	// The sample's CSV gives only the alert's year: the date is its 1
	// January, marked as a year only.
	for _, r := range parseFile(t, "safetygate", "safetygate_sample_head40.csv").Records {
		if !r.YearOnly || r.Date.Month() != time.January || r.Date.Day() != 1 {
			t.Fatalf("safety gate sample %s: date %v, year only %v", r.Key, r.Date, r.YearOnly)
		}
	}

	cp := parseFile(t, "cpsc", "cpsc_recalls.json")
	if len(cp.Records) != 2 {
		t.Fatalf("cpsc: %+v", cp)
	}
	bibs, stand := cp.Records[0], cp.Records[1]
	if bibs.Key != "26639" || bibs.Hazard != "choking" || bibs.Product.Origin != "US" || bibs.Date.Format("2006-01-02") != "2026-07-23" ||
		!slices.Contains(bibs.Measures, "recall-end-users") {
		t.Errorf("cpsc bibs: %+v", bibs)
	}
	if stand.Product.Origin != "CN" || stand.Product.Model != "XSCT334" || stand.Hazard != "injuries" || stand.Product.Manufacturer == "" {
		t.Errorf("cpsc treestand: %+v", stand)
	}

	of := parseFile(t, "openfda", "openfda_enforcement.json")
	if len(of.Records) != 2 || of.Records[1].Key != "F-0438-2025" || of.Records[1].Hazard != "food-pathogens" ||
		of.Records[1].Date.Format("2006-01-02") != "2024-11-29" || of.Records[0].Product.Manufacturer != "Pharmatech LLC" {
		t.Errorf("openfda: %+v", of.Records)
	}

	fp := parseFile(t, "fda-press", "fda_press.xml")
	if len(fp.Records) != 2 || fp.Records[1].Hazard != "food-pathogens" || fp.Records[1].Key != "http://www.fda.gov/Safety/Recalls/ucm346496.htm" ||
		!strings.Contains(fp.Records[1].Summary, "contaminated with Salmonella") || fp.Records[0].Date.Format("2006-01-02") != "2013-04-16" {
		t.Errorf("fda press: %+v", fp.Records)
	}

	rw := parseFile(t, "rasff", "rasff_window.csv")
	if len(rw.Records) != 2 || rw.Records[0].Hazard != "food-heavy-metals" || rw.Records[1].Notifier != "Germany" ||
		rw.Records[1].Product.Origin != "CN" || rw.Records[1].Hazard != "food-allergens" || rw.Records[0].Date.Format("2006-01-02") != "2024-10-30" {
		t.Errorf("rasff window: %+v", rw.Records)
	}
}

// The real files of shared/data/recalls (their first rows) import whole.
func TestRealExports(t *testing.T) {
	for _, c := range []struct {
		format, file string
		records      int
	}{
		{"rasff", "rasff_2024_head200.csv", 200}, {"safetygate", "safetygate_sample_head40.csv", 40},
		{"cpsc", "cpsc_head30.csv", 30}, {"openfda", "openfda_report_head20.csv", 20}, {"fda-press", "fda_press_head50.csv", 50},
	} {
		p := parseFile(t, c.format, c.file)
		if len(p.Records) != c.records || len(p.Rejects) != 0 {
			t.Errorf("%s: %d records, %d rejects %v", c.file, len(p.Records), len(p.Rejects), p.Rejects)
		}
		mapped := 0
		for _, r := range p.Records {
			if r.Hazard != "" {
				mapped++
			}
			if r.Key == "" || r.Date.IsZero() || r.Digest() == "" {
				t.Fatalf("%s line %d: %+v", c.file, r.Line, r)
			}
		}
		if mapped*10 < len(p.Records)*6 {
			t.Errorf("%s: only %d of %d hazards mapped", c.file, mapped, len(p.Records))
		}
	}
}

func TestBadFiles(t *testing.T) {
	for _, c := range []struct{ format, body, want string }{
		{"rasff", "", "empty"},
		{"rasff", "date,reference\n\"2024-01-01,2024.1\n", "line 2"},
		{"safetygate", "<Safety-Gate><notifications><caseNumber>A12/0001/24</caseNumber></Safety-Gate>", "line 1"},
		{"cpsc", `[{"RecallNumber": "1"}, 7]`, "record 2"},
		{"magic", "a,b\n1,2\n", "unknown format"},
		{"rasff", "date,reference\n2024-01-01,1\n2024-01-02\n", "line 3"},
	} {
		_, err := Parse(c.format, strings.NewReader(c.body))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %q: %v, want %q", c.format, c.body, err, c.want)
		}
	}
	p, err := Parse("rasff", strings.NewReader("date,reference,product\nyesterday,2024.1,x\n2024-01-02,,y\n2024-01-03,2024.3,z\n2024-01-04,2024.3,z\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Records) != 1 || len(p.Rejects) != 3 || p.Rejects[0].Line != 2 || p.Rejects[0].Field != "date" ||
		p.Rejects[1].Field != "reference" || p.Rejects[2].Field != "key" || p.Rejects[2].Line != 5 {
		t.Fatalf("rejects: %+v", p.Rejects)
	}
}

// TestFDAPressDecodesEntities: the FDA feed's CSV keeps HTML entities
// (Arco Nut &amp; Candy, Hiller&#39;s); the record carries the characters,
// which the matcher reads a firm's name and brand from.
func TestFDAPressDecodesEntities(t *testing.T) {
	p, err := Parse("fda-press", strings.NewReader("date,brand_name,product_description,reason,company,company_release_url,photos_url\n"+
		"2009-03-19,Arco Nut &amp; Candy,Peanuts,Salmonella,Hiller&#39;s Markets,http://www.fda.gov/Safety/Recalls/ucm1.htm,\n"))
	if err != nil || len(p.Records) != 1 {
		t.Fatalf("parse: %v %+v", err, p)
	}
	if r := p.Records[0]; r.Product.Brand != "Arco Nut & Candy" || r.Product.Manufacturer != "Hiller's Markets" {
		t.Errorf("brand %q, company %q; want the entities decoded", r.Product.Brand, r.Product.Manufacturer)
	}
}
