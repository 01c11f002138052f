package injury_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"riskgate/internal/detection"
	"riskgate/internal/injury"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

const neiss = "testdata/neiss_fireworks_injuries_2016_2020.csv"

func TestParseNEISS(t *testing.T) {
	f, err := os.Open(neiss)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, rejects, err := injury.Parse(f, "1313")
	if err != nil || len(rejects) != 0 {
		t.Fatalf("%v %v", err, rejects)
	}
	if len(recs) != 1532 {
		t.Fatalf("%d records, want 1532", len(recs))
	}
	r := recs[0]
	if r.TreatmentDate.Format("2006-01-02") != "2016-01-01" || r.AgeYears == nil || *r.AgeYears != 39 || r.Sex != "Male" || r.BodyPart != "Eyeball" ||
		r.Hazard != "injuries" || r.HSCode != "3604" || !strings.Contains(r.Narrative, "BOTTLE ROCKETS") {
		t.Fatalf("first record %+v", r)
	}
	burns := 0
	for _, r := range recs {
		if r.Hazard == "burns" {
			burns++
		}
	}
	if burns < 700 {
		t.Fatalf("%d burns, want the 708 thermal burns at least", burns)
	}
	// The raw NEISS layout: codes, a case number, months for infants, weights.
	raw := "CPSC_Case_Number,Treatment_Date,Age,Sex,Body_Part,Diagnosis,Disposition,Location,Product_1,Product_2,Narrative_1,Weight\n" +
		"200712345,07/04/2020,206,2,76,51,1,1,1313,0,6MOF BURNED BY SPARKLER,15.7\n" +
		"200712346,07/05/2020,300,1,76,51,1,1,1313,0,BAD AGE,15.7\n"
	recs, rejects, err = injury.Parse(strings.NewReader(raw), "")
	if err != nil || len(recs) != 1 || len(rejects) != 1 || rejects[0].Line != 3 || rejects[0].Field != "age" {
		t.Fatalf("raw layout: %v %+v %+v", err, recs, rejects)
	}
	r = recs[0]
	if r.Key != "200712345" || *r.AgeYears != 0.5 || r.Sex != "Female" || r.Hazard != "burns" || r.HSCode != "3604" || *r.Weight != 15.7 ||
		len(r.ProductCodes) != 1 {
		t.Fatalf("raw record %+v", r)
	}
	if _, _, err := injury.Parse(strings.NewReader("when,what\n1,2\n"), ""); err == nil {
		t.Fatal("a file without treatment_date was read")
	}
}

// Imported injury records are idempotent and count on their channel for
// detectors: the Fourth of July stands out.
func TestInjuriesImportAndDetection(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &injury.Service{Store: db.Injuries(), Now: func() time.Time { return w.Now }}
		f, _ := os.Open(neiss)
		defer f.Close()
		rep, err := svc.Import(ctx, w.U("officer"), "neiss", "fireworks.csv", f, injury.Options{Product: "1313"})
		if err != nil || rep.New != 1532 {
			t.Fatalf("import: %+v %v", rep, err)
		}
		f2, _ := os.Open(neiss)
		defer f2.Close()
		if rep, err := svc.Import(ctx, w.U("officer"), "neiss", "again.csv", f2, injury.Options{Product: "1313"}); err != nil || rep.Unchanged != 1532 || rep.New != 0 {
			t.Fatalf("again: %+v %v", rep, err)
		}
		if _, err := svc.Import(ctx, w.U("approver"), "neiss", "x.csv", strings.NewReader("treatment_date\n2020-01-01\n"), injury.Options{}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("approver imported: %v", err)
		}
		bad := "treatment_date,age_years,sex,diagnosis,narrative\n2020-07-01,10,Male,Burns,SPARKLER\nsoon,11,Male,Burns,X\n"
		if _, err := svc.Import(ctx, w.U("officer"), "neiss", "bad.csv", strings.NewReader(bad), injury.Options{}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("bad file: %v", err)
		}
		list, total, err := svc.List(ctx, w.U("approver"), injury.Filter{Since: time.Date(2020, 7, 1, 0, 0, 0, 0, time.UTC),
			Until: time.Date(2020, 7, 8, 0, 0, 0, 0, time.UTC), Text: "sparkler", Limit: 10})
		if err != nil || total == 0 || len(list) == 0 || !strings.Contains(strings.ToLower(list[0].Narrative), "sparkler") {
			t.Fatalf("list: %d %v", total, err)
		}
		// A weekly detector on the injury channel, run as of the week after
		// 4 July 2020, alarms on that week.
		w.Now = time.Date(2020, 7, 13, 9, 0, 0, 0, time.UTC)
		det := &detection.Service{Store: db.Detection(), Now: func() time.Time { return w.Now }}
		d, err := det.Create(ctx, w.U("officer"), detection.Input{Name: "烟花伤害", GroupBy: []string{"hs_heading"}, Channels: []string{injury.Channel},
			Period: "week", Method: "earsC1"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := det.Run(ctx, w.U("officer"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Periods[0] != "2020-07-06" {
			t.Fatalf("evaluated %v", res.Periods)
		}
		v, err := det.Series(ctx, w.U("officer"), d.ID, "hs_heading=3604")
		if err != nil {
			t.Fatal(err)
		}
		peak := v.Points[0]
		for _, p := range v.Points {
			if p.Observed > peak.Observed {
				peak = p
			}
		}
		if peak.Start.In(risk.China).Format("2006-01-02") != "2020-06-29" || !peak.Alarm {
			t.Fatalf("the busiest week is %v (%v, alarm %v), want the week of 4 July", peak.Start, peak.Observed, peak.Alarm)
		}
	})
}
