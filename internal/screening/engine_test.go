package screening_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

func lighterDecl(w *lifecycletest.World, number string) screening.Declaration {
	return screening.Declaration{Number: number, Direction: "export", Port: "4900", DeclaredAt: w.Now, TradeMode: "0110",
		ConsignorUSCC: w.Firm.USCC, Lines: []screening.Line{
			{HSCode: "9613800000", Name: "口红造型打火机", Origin: "CN", Destination: "DE", Quantity: 1000, Unit: "个"},
			{HSCode: "6911101000", Name: "陶瓷餐具", Origin: "CN", Destination: "DE"},
		}}
}

// From measures in force to decisions at the port, and back to release when
// the warning is lifted — on both engines.
func TestEngineFollowsTheLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin)) // scope: HS 9613, keyword 打火机
		insp := w.U("inspector")
		res, err := w.Screening.Screen(ctx, insp, []screening.Declaration{lighterDecl(w, "D-1")})
		if err != nil {
			t.Fatal(err)
		}
		if l := res[0].Lines[0]; l.Decision.String() != "document_check" || len(l.Reasons) != 1 || l.Reasons[0].WarningNumber != x.Number {
			t.Fatalf("bulletin in scope: %+v", l)
		}
		// A ban in force under the warning refuses the line, with its reason.
		ms, err := w.Measures.Plan(ctx, w.U("officer"), x.ID, []measure.Input{{Type: "ban"}, {Type: "raised-inspection", Rate: 0.5}})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if _, err := w.Measures.Act(ctx, w.U("officer"), m.ID, "enforce", "", m.Rev); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Screening.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		res, err = w.Screening.Screen(ctx, insp, []screening.Declaration{lighterDecl(w, "D-2")})
		if err != nil {
			t.Fatal(err)
		}
		banned := false
		for _, r := range res[0].Lines[0].Reasons {
			banned = banned || (r.MeasureID != 0 && r.WarningNumber == x.Number && strings.Contains(r.Why, "ban"))
		}
		if res[0].Decision != screening.Refuse || !banned {
			t.Fatalf("ban: %+v", res[0])
		}
		if res[0].Lines[1].Decision == screening.Refuse {
			t.Fatalf("ceramics line refused: %+v", res[0].Lines[1])
		}
		// Stored, and a resend gets the same result; a changed resend is refused.
		st, err := w.Screening.Get(ctx, insp, "D-2")
		if err != nil || st.Result.Decision != screening.Refuse {
			t.Fatalf("stored: %+v %v", st, err)
		}
		again, err := w.Screening.Screen(ctx, insp, []screening.Declaration{lighterDecl(w, "D-2")})
		if err != nil || string(screening.Encode(again[0])) != string(screening.Encode(res[0])) {
			t.Fatalf("resend: %v", err)
		}
		changed := lighterDecl(w, "D-2")
		changed.Port = "4908"
		if _, err := w.Screening.Screen(ctx, insp, []screening.Declaration{changed}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("changed resend: %v", err)
		}
		// Lifting the warning lifts its measures; the next index releases.
		x, _ = w.Warnings.Get(ctx, w.U("approver"), x.ID)
		if _, err := w.Warnings.Act(ctx, w.U("approver"), x.ID, "lift", "已整改", x.Rev); err != nil {
			t.Fatal(err)
		}
		if err := w.Screening.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		res, _ = w.Screening.Screen(ctx, insp, []screening.Declaration{lighterDecl(w, "D-3")})
		for _, l := range res[0].Lines {
			if l.Decision != screening.Release && !(l.Decision == screening.Inspect && l.Sampled) {
				t.Fatalf("after lifting: %+v", l)
			}
		}
	})
}

func TestEngineBadInput(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		good := lighterDecl(w, "G-1")
		bad := lighterDecl(w, "G-2")
		bad.Lines[1].HSCode = "6911"
		bad.Lines[1].Destination = "XX"
		_, err := w.Screening.Screen(ctx, w.U("inspector"), []screening.Declaration{good, bad})
		e, _ := risk.AsError(err)
		if e == nil || e.Field != "items[1].lines[1].hs_code" || len(e.Details) != 2 || e.Details[1].Field != "items[1].lines[1].destination" {
			t.Fatalf("bad batch: %v", err)
		}
		if _, err := w.Screening.Get(ctx, w.U("inspector"), "G-1"); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("a rejected batch stored a declaration: %v", err)
		}
		if _, err := w.Screening.Screen(ctx, w.U("firm"), []screening.Declaration{good}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("enterprise screens: %v", err)
		}
		// Ports are those of the catalogue (长沙海关's 关区代码).
		unknown := lighterDecl(w, "G-3")
		unknown.Port = "4999"
		_, err = w.Screening.Screen(ctx, w.U("inspector"), []screening.Declaration{unknown})
		if e, _ := risk.AsError(err); e == nil || !errors.Is(err, risk.ErrInvalid) || e.Field != "port" ||
			!strings.Contains(e.Message, "口岸目录") || !strings.Contains(e.Message, "ports catalogue") {
			t.Fatalf("unknown port: %v", err)
		}
		if _, _, err := w.Screening.Queue(ctx, w.U("inspector"), screening.QueueFilter{Port: "4999"}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("queue of an unknown port: %v", err)
		}
		d := good
		d.DeclaredAt = time.Time{}
		if _, err := w.Screening.Screen(ctx, w.U("inspector"), []screening.Declaration{d}); err == nil || !strings.Contains(err.Error(), "declared_at") {
			t.Fatalf("no declared_at: %v", err)
		}
	})
}

// The sampling rates are data: an administrator changes them and the next
// index samples at the new rate.
func TestCreditRatesAreData(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		rates, err := w.Screening.Rates(ctx, w.U("inspector"))
		if err != nil || rates["routine"] != 0.05 || rates["seriously-dishonest"] != 1 {
			t.Fatalf("defaults %v %v", rates, err)
		}
		if _, err := w.Screening.SetRates(ctx, w.U("officer"), map[string]float64{"routine": 1}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("officer changes rates: %v", err)
		}
		if _, err := w.Screening.SetRates(ctx, w.U("admin"), map[string]float64{"routine": 1.5, "gold": 0.1}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("bad rates: %v", err)
		}
		// The firm is "routine" by default: at rate 1 every line is sampled.
		if _, err := w.Screening.SetRates(ctx, w.U("admin"), map[string]float64{"routine": 1}); err != nil {
			t.Fatal(err)
		}
		if err := w.Screening.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		res, err := w.Screening.Screen(ctx, w.U("inspector"), []screening.Declaration{lighterDecl(w, "R-1")})
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range res[0].Lines {
			if !l.Sampled || l.Rate != 1 || l.Decision != screening.Inspect {
				t.Fatalf("at rate 1: %+v", l)
			}
			// The reason names the tier in words, never by its code.
			why := l.Reasons[len(l.Reasons)-1].Why
			if !strings.Contains(why, "信用等级 常规企业") || !strings.Contains(why, "credit tier Routine enterprise") || strings.Contains(why, "routine,") {
				t.Fatalf("random inspection reason %q", why)
			}
		}
	})
}

// The measure 调整信用等级 entering force raises the firm's credit event,
// moves its tier, and the next index samples its lines at the new tier's
// rate; a credit adjustment that names no firm cannot enter force.
func TestCreditAdjustmentChangesSampling(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		insp := w.U("inspector")
		ceramics := func(number string) screening.Declaration {
			d := lighterDecl(w, number)
			d.Lines = []screening.Line{}
			for i := 0; i < 20; i++ {
				d.Lines = append(d.Lines, screening.Line{HSCode: "6911101000", Name: "陶瓷餐具", Origin: "CN", Destination: "DE", Quantity: float64(i + 1), Unit: "套"})
			}
			return d
		}
		sampled := func(res []screening.Result) (n int, why string) {
			for _, l := range res[0].Lines {
				if l.Sampled {
					n++
				}
				for _, r := range l.Reasons {
					if strings.Contains(r.Why, "随机抽查") {
						why = r.Why
					}
				}
			}
			return n, why
		}
		res, err := w.Screening.Screen(ctx, insp, []screening.Declaration{ceramics("C-1")})
		if err != nil {
			t.Fatal(err)
		}
		before, _ := sampled(res)

		c := w.ApprovedCase()
		in := w.WarningInput(warning.ClassBulletin)
		in.Scope.USCCs = []string{w.Firm.USCC}
		x := w.Issue(c.ID, in)
		ms, err := w.Measures.Plan(ctx, w.U("officer"), x.ID, []measure.Input{{Type: "credit-adjustment", Note: "出口新奇造型打火机，拒不整改。"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Measures.Act(ctx, w.U("officer"), ms[0].ID, "enforce", "", ms[0].Rev); err != nil {
			t.Fatal(err)
		}
		firm, err := w.Enterprises.Get(ctx, risk.System, w.Firm.ID)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := w.Credit.Rules(ctx)
		want := map[string]string{"serious": "seriously-dishonest", "general": "dishonest"}[string(r.MeasureSeverity[x.Grade])]
		if firm.CreditTier != want {
			t.Fatalf("after the credit adjustment under a grade %s warning: tier %s, want %s", x.Grade, firm.CreditTier, want)
		}
		evs, n, err := w.Credit.Events(ctx, w.U("officer"), credit.EventFilter{EnterpriseID: firm.ID})
		if err != nil || n != 1 || evs[0].Source != credit.FromMeasure || evs[0].SourceID != ms[0].ID || evs[0].Reference != x.Number {
			t.Fatalf("the measure's credit event: %v %+v", err, evs)
		}
		if err := w.Screening.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		res, err = w.Screening.Screen(ctx, insp, []screening.Declaration{ceramics("C-2")})
		if err != nil {
			t.Fatal(err)
		}
		after, why := sampled(res)
		if after <= before || after < 14 || !strings.Contains(why, "失信") {
			t.Fatalf("sampled %d of 20 lines before, %d after (%q)", before, after, why)
		}
	})
}

func TestCreditAdjustmentNeedsItsFirms(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		x := w.Issue(w.ApprovedCase().ID, w.WarningInput(warning.ClassBulletin))
		ms, err := w.Measures.Plan(ctx, w.U("officer"), x.ID, []measure.Input{{Type: "credit-adjustment"}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.Measures.Act(ctx, w.U("officer"), ms[0].ID, "enforce", "", ms[0].Rev)
		if e, ok := risk.AsError(err); !ok || e.Field != "scope.usccs" {
			t.Fatalf("enforcing a credit adjustment with no firm: %v", err)
		}
		if m, _ := w.Measures.Get(ctx, w.U("officer"), ms[0].ID); m.Status != measure.StatusPlanned {
			t.Fatalf("status %s after a refused enforcement", m.Status)
		}
	})
}
