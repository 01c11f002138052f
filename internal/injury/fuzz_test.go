package injury_test

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"riskgate/internal/injury"
)

// storable reports whether s can be stored as text on both engines:
// valid UTF-8 without NUL, which PostgreSQL text refuses.
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// FuzzParse reads NEISS-layout CSV: a file that cannot be read is an
// error in Chinese and English and nothing else; in a read file every row
// is a record or a reject. A record has a treatment date, a key unique in
// the file, a digest, a finite age of 0–130 years and a finite weight of
// at least 0 when given, a diagnosis or a narrative, and text both
// engines can store; a reject names its line and field, in both languages.
func FuzzParse(f *testing.F) {
	// The first cases of testdata's NEISS extract (origin in
	// testdata/NOTICE.md), the public NEISS columns, and refusals.
	b, err := os.ReadFile(neiss)
	if err != nil {
		f.Fatal(err)
	}
	head := b
	for i, n := 0, 0; i < len(b); i++ {
		if b[i] == '\n' {
			if n++; n == 6 {
				head = b[:i+1]
				break
			}
		}
	}
	f.Add(head, "1313")
	for _, s := range []string{
		"CPSC_Case_Number,Treatment_Date,Age,Sex,Body_Part,Diagnosis,Disposition,Location,Product_1,Product_2,Product_3,Narrative_1,Narrative_2,Weight\n" +
			"200101234,01/05/2020,204,2,75,51,1,1,1313,0,0,4MOF BURNED HAND ON SPARKLER,,16.2\n" +
			"200101235,1/6/2020,39,1,92,59,1,9,1313,5040,0,39YOM LACERATION FROM FIREWORK,DX LAC,97.5\n",
		"treatment_date,age,narrative\n2016-07-04,251,X\n2016-07-04,-1,Y\n2016-13-01,3,Z\n2016-07-04,3,\n",
		"treatment_date,narrative,weight\n2016-07-04,A,-3\n2016-07-04,A,x\n",
		"treatment_date,age_years,narrative,weight\n2016-07-04,1e2,A,1e3\n2016-07-05,0x1p-2,B,0.5\n2016-07-06,NaN,C,Inf\n",
		"", "age\n",
	} {
		f.Add([]byte(s), "")
	}
	f.Fuzz(func(t *testing.T, data []byte, product string) {
		recs, rejects, err := injury.Parse(bytes.NewReader(data), product)
		if err != nil {
			if recs != nil || rejects != nil {
				t.Fatalf("error %v with %d records and %d rejects", err, len(recs), len(rejects))
			}
			if !strings.Contains(err.Error(), " / ") {
				t.Fatalf("error %q: want Chinese and English", err)
			}
			return
		}
		keys := map[string]bool{}
		for _, r := range recs {
			if r.TreatmentDate.IsZero() || r.Key == "" || keys[r.Key] || r.Digest == "" || r.Line < 2 {
				t.Fatalf("record %+v: want a date, a new key, a digest and a line", r)
			}
			keys[r.Key] = true
			if a := r.AgeYears; a != nil && (math.IsNaN(*a) || *a < 0 || *a > 130) {
				t.Fatalf("record %q: age %v", r.Key, *a)
			}
			if w := r.Weight; w != nil && (math.IsNaN(*w) || math.IsInf(*w, 0) || *w < 0) {
				t.Fatalf("record %q: weight %v", r.Key, *w)
			}
			if r.Diagnosis == "" && r.Narrative == "" {
				t.Fatalf("record %q has neither diagnosis nor narrative", r.Key)
			}
			texts := append([]string{r.Key, r.Sex, r.BodyPart, r.Diagnosis, r.Disposition, r.Locale, r.Narrative}, r.ProductCodes...)
			for _, s := range texts {
				if !storable(s) {
					t.Fatalf("record %q holds %q, which PostgreSQL cannot store", r.Key, s)
				}
			}
		}
		for _, rj := range rejects {
			if rj.Line < 2 || rj.Field == "" || !strings.Contains(rj.Reason, " / ") {
				t.Fatalf("reject %+v: want a line, a field and a reason in Chinese and English", rj)
			}
		}
	})
}
