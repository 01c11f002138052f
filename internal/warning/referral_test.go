package warning_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// A referral waits in working days of the official calendar: over 国庆节
// (10-01 to 10-07, 10-10 worked) a week holds two of them.
func TestReferralWaitsWorkingDays(t *testing.T) {
	r := &warning.Referral{Outcome: warning.OutcomePending, ReferredAt: time.Date(2026, 9, 30, 10, 0, 0, 0, risk.China)}
	for _, tt := range []struct {
		to   time.Time
		want int
	}{
		{time.Date(2026, 9, 30, 18, 0, 0, 0, risk.China), 0},
		{time.Date(2026, 10, 7, 18, 0, 0, 0, risk.China), 0},
		{time.Date(2026, 10, 10, 9, 0, 0, 0, risk.China), 3},
		{time.Date(2026, 10, 14, 9, 0, 0, 0, risk.China), 6},
	} {
		if got, err := r.Waited(tt.to); err != nil || got != tt.want {
			t.Errorf("Waited(%s) = %d, %v; want %d", tt.to, got, err, tt.want)
		}
	}
	if !r.Overdue(time.Date(2026, 10, 14, 9, 0, 0, 0, risk.China)) || r.Overdue(time.Date(2026, 10, 13, 9, 0, 0, 0, risk.China)) {
		t.Error("overdue after more than 5 working days")
	}
	// A year the calendar does not know is an error, not a guess.
	if _, err := r.Waited(time.Date(2031, 1, 5, 9, 0, 0, 0, risk.China)); !errors.Is(err, risk.ErrInvalid) {
		t.Errorf("waited into an unknown year: %v", err)
	}
}

// approvedGradeI drafts a grade I warning of the class and approves it.
func (w *world) approvedGradeI(t *testing.T, class warning.Class) *warning.Warning {
	t.Helper()
	ctx := context.Background()
	in := w.input(class)
	in.Urgency = warning.UrgencyImmediate // serious + immediate → I
	x, err := w.svc.Draft(ctx, w.users["officer"], w.caseID, in)
	if err != nil {
		t.Fatal(err)
	}
	if x, err = w.svc.Act(ctx, w.users["officer"], x.ID, "submit", "", x.Rev); err != nil {
		t.Fatal(err)
	}
	if x, err = w.svc.Act(ctx, w.users["approver"], x.ID, "approve", "", x.Rev); err != nil {
		t.Fatal(err)
	}
	if x.Grade != risk.GradeI {
		t.Fatalf("grade %s, want I", x.Grade)
	}
	return x
}

// unchanged fails unless the stored warning is still x.
func unchanged(t *testing.T, w *world, x *warning.Warning, what string) {
	t.Helper()
	got, err := w.svc.Get(context.Background(), w.users["officer"], x.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != x.Status || got.Rev != x.Rev || got.Number != x.Number || got.Grade != x.Grade ||
		(got.Referral == nil) != (x.Referral == nil) || got.Referral != nil && got.Referral.Outcome != x.Referral.Outcome {
		t.Errorf("%s changed the warning: %s rev %d %q %s → %s rev %d %q %s", what, x.Status, x.Rev, x.Number, x.Grade, got.Status, got.Rev, got.Number, got.Grade)
	}
}

func wantField(t *testing.T, err error, kind error, field, what string) {
	t.Helper()
	e, ok := risk.AsError(err)
	if !errors.Is(err, kind) || !ok || e.Field != field {
		t.Errorf("%s: %v, want %v naming %s", what, err, kind, field)
	}
}

// A grade I 公告 is referred to 海关总署 and issued nationally: the referral
// is a record with its own number and an audit entry; nothing is published
// while it waits; the national answer issues it with a provincial number,
// public, citing the national issue.
func TestReferralIssuedNationally(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, appr := w.users["officer"], w.users["approver"]
		x := w.approvedGradeI(t, warning.ClassAnnouncement)

		// 签发 is refused, not turned into a referral.
		_, err := w.svc.Act(ctx, off, x.ID, "issue", "", x.Rev)
		wantField(t, err, risk.ErrConflict, "action", "issue grade I")
		unchanged(t, w, x, "issue grade I")
		// Bad input names the field and changes nothing.
		for _, tt := range []struct {
			name  string
			in    warning.ReferralInput
			who   risk.Actor
			kind  error
			field string
		}{
			{"no authority", warning.ReferralInput{Rev: x.Rev}, off, risk.ErrInvalid, "authority"},
			{"unknown authority", warning.ReferralInput{Authority: "who", Rev: x.Rev}, off, risk.ErrInvalid, "authority"},
			{"control characters", warning.ReferralInput{Authority: "gacc", Note: "a\u202eb", Rev: x.Rev}, off, risk.ErrInvalid, "note"},
			{"stale", warning.ReferralInput{Authority: "gacc", Rev: x.Rev - 1}, off, risk.ErrConflict, "rev"},
		} {
			_, err := w.svc.Refer(ctx, tt.who, x.ID, tt.in)
			wantField(t, err, tt.kind, tt.field, tt.name)
			unchanged(t, w, x, tt.name)
		}
		for _, who := range []string{"amr", "inspector", "firm"} {
			if _, err := w.svc.Refer(ctx, w.users[who], x.ID, warning.ReferralInput{Authority: "gacc", Rev: x.Rev}); !errors.Is(err, risk.ErrForbidden) && !errors.Is(err, risk.ErrNotFound) {
				t.Errorf("%s refers: %v", who, err)
			}
		}
		unchanged(t, w, x, "refer by others")

		x, err = w.svc.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "gacc", Note: "涉及多个口岸", Rev: x.Rev})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != warning.StatusReferred || x.Number != "" || x.IssuedAt != nil {
			t.Fatalf("referred: %s %q %v", x.Status, x.Number, x.IssuedAt)
		}
		got, err := w.svc.Get(ctx, appr, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := got.Referral
		if r == nil || r.Number != "湘关预警报〔2026〕1号" || r.Authority != "gacc" || r.Note != "涉及多个口岸" || r.ReferredBy == "" ||
			!r.ReferredAt.Equal(*w.now) || r.Outcome != warning.OutcomePending {
			t.Fatalf("stored referral %+v", r)
		}
		if entries, _, err := db.Audit().List(ctx, audit.Filter{Entity: "warning", EntityID: x.ID, Action: "warning.refer"}); err != nil || len(entries) != 1 {
			t.Fatalf("refer audit: %v %v", entries, err)
		}
		if _, err := w.svc.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "gacc", Rev: x.Rev}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("second referral: %v", err)
		}
		// Nothing is published while referred: no message, no portal entry.
		noPublication(t, db, w, x.ID, "referred")

		// The reply waits: 待国家层面答复 once past ReplyWorkingDays.
		if n, err := r.Waited(w.now.AddDate(0, 0, 7)); r.Overdue(*w.now) || err != nil || n != 5 || !r.Overdue(w.now.AddDate(0, 0, 8)) {
			t.Errorf("waiting: %d %v, overdue %v", n, err, r.Overdue(w.now.AddDate(0, 0, 8)))
		}

		// The outcome: by the approver only; bad input changes nothing.
		*w.now = w.now.AddDate(0, 0, 3)
		decided := w.now.Add(-time.Hour)
		good := warning.OutcomeInput{Outcome: warning.OutcomeNational, NationalReference: "海关总署公告2026年第88号", DecidedAt: decided,
			NationalURL: "https://www.customs.gov.cn/customs/302249/2480148/index.html", Rev: x.Rev}
		if _, err := w.svc.RecordOutcome(ctx, off, x.ID, good); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("officer records the outcome: %v", err)
		}
		for _, tt := range []struct {
			name  string
			edit  func(*warning.OutcomeInput)
			kind  error
			field string
		}{
			{"no outcome", func(in *warning.OutcomeInput) { in.Outcome = "" }, risk.ErrInvalid, "outcome"},
			{"unknown outcome", func(in *warning.OutcomeInput) { in.Outcome = "pending" }, risk.ErrInvalid, "outcome"},
			{"no reference", func(in *warning.OutcomeInput) { in.NationalReference = " " }, risk.ErrInvalid, "national_reference"},
			{"no date", func(in *warning.OutcomeInput) { in.DecidedAt = time.Time{} }, risk.ErrInvalid, "decided_at"},
			{"future date", func(in *warning.OutcomeInput) { in.DecidedAt = w.now.AddDate(0, 0, 2) }, risk.ErrInvalid, "decided_at"},
			{"before the referral", func(in *warning.OutcomeInput) { in.DecidedAt = w.now.AddDate(0, 0, -10) }, risk.ErrInvalid, "decided_at"},
			{"not a web address", func(in *warning.OutcomeInput) { in.NationalURL = "javascript:alert(1)" }, risk.ErrInvalid, "national_url"},
			{"lower grade issued nationally", func(in *warning.OutcomeInput) { in.Grade = risk.GradeII }, risk.ErrInvalid, "grade"},
			{"stale", func(in *warning.OutcomeInput) { in.Rev-- }, risk.ErrConflict, "rev"},
		} {
			in := good
			tt.edit(&in)
			_, err := w.svc.RecordOutcome(ctx, appr, x.ID, in)
			wantField(t, err, tt.kind, tt.field, tt.name)
			unchanged(t, w, x, tt.name)
		}
		noPublication(t, db, w, x.ID, "after refused outcomes")

		x, err = w.svc.RecordOutcome(ctx, appr, x.ID, good)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != warning.StatusIssued || x.Grade != risk.GradeI || x.Number != "湘关预警〔2026〕1号" || x.IssuedAt == nil {
			t.Fatalf("issued nationally: %s %s %q", x.Status, x.Grade, x.Number)
		}
		got, _ = w.svc.Get(ctx, appr, x.ID)
		r = got.Referral
		if r.Outcome != warning.OutcomeNational || r.NationalReference != good.NationalReference || r.NationalURL != good.NationalURL ||
			r.DecidedAt == nil || !r.DecidedAt.Equal(decided.Truncate(time.Second)) || r.RecordedAt == nil || r.RecordedBy == "" || r.Number != "湘关预警报〔2026〕1号" {
			t.Fatalf("outcome %+v", r)
		}
		if entries, _, _ := db.Audit().List(ctx, audit.Filter{Entity: "warning", EntityID: x.ID, Action: "warning.national_issue"}); len(entries) != 1 {
			t.Fatalf("outcome audit: %v", entries)
		}
		if _, err := w.svc.RecordOutcome(ctx, appr, x.ID, good); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("second outcome: %v", err)
		}
		// The announcement follows: one Alert, public, citing the national issue.
		msgs, err := db.Publications().OfWarning(ctx, x.ID)
		if err != nil || len(msgs) != 1 || msgs[0].Type != publish.Alert || !msgs[0].Public || msgs[0].Warning.Referral == nil ||
			msgs[0].Warning.Referral.NationalReference != good.NationalReference {
			t.Fatalf("publications %+v %v", msgs, err)
		}
		pub, err := w.svc.PublicGet(ctx, x.ID)
		if err != nil || pub.Referral == nil || pub.Referral.NationalReference != good.NationalReference || pub.Referral.Number != "" || pub.Referral.Note != "" {
			t.Fatalf("public projection: %+v %v", pub, err)
		}
		if _, total, _ := w.svc.Public(ctx, 0, 20); total != 1 {
			t.Errorf("public announcements: %d, want 1", total)
		}
	})
}

// noPublication fails if warning id has published anything.
func noPublication(t *testing.T, db *store.DB, w *world, id risk.ID, when string) {
	t.Helper()
	ctx := context.Background()
	if msgs, err := db.Publications().OfWarning(ctx, id); err != nil || len(msgs) != 0 {
		t.Errorf("%s: %d messages published (%v), want none", when, len(msgs), err)
	}
	if _, err := w.svc.PublicGet(ctx, id); !errors.Is(err, risk.ErrNotFound) {
		t.Errorf("%s: public announcement: %v", when, err)
	}
	if pub, _, _ := w.svc.Public(ctx, 0, 100); len(pub) != 0 {
		t.Errorf("%s: %d public announcements", when, len(pub))
	}
}

// A grade I 通告 is returned with grade II: re-graded and issued by the
// province with its number; the enterprise receives it only then.
func TestReferralReturned(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		off, appr, firm := w.users["officer"], w.users["approver"], w.users["firm"]
		w.issue(t, w.input(warning.ClassBulletin)) // takes 湘关预警〔2026〕1号
		x := w.approvedGradeI(t, warning.ClassNotice)
		x, err := w.svc.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "samr", Rev: x.Rev})
		if err != nil {
			t.Fatal(err)
		}
		// Referred: not issued, so the addressed enterprise neither sees
		// nor receives it.
		if _, err := w.svc.Get(ctx, firm, x.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("enterprise reads a referred notice: %v", err)
		}
		if box, _ := w.svc.Inbox(ctx, firm); len(box) != 0 {
			t.Errorf("enterprise inbox holds a referred notice: %+v", box)
		}
		// A referred warning keeps grade I until the answer.
		in := w.input(warning.ClassNotice)
		in.Rev, in.Reason = x.Rev, "降级"
		_, err = w.svc.Update(ctx, off, x.ID, in)
		wantField(t, err, risk.ErrConflict, "grade", "re-grade while referred")
		unchanged(t, w, x, "re-grade while referred")
		// Returned needs a grade II–IV.
		ret := warning.OutcomeInput{Outcome: warning.OutcomeReturned, DecidedAt: *w.now, NationalReference: "市场监管总局函〔2026〕5号", Note: "影响范围限于本省", Rev: x.Rev}
		for _, g := range []risk.Grade{"", risk.GradeI, "V"} {
			in := ret
			in.Grade = g
			_, err := w.svc.RecordOutcome(ctx, appr, x.ID, in)
			wantField(t, err, risk.ErrInvalid, "grade", "returned with grade "+string(g))
			unchanged(t, w, x, "returned with grade "+string(g))
		}
		ret.Grade = risk.GradeII
		x, err = w.svc.RecordOutcome(ctx, appr, x.ID, ret)
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != warning.StatusIssued || x.Grade != risk.GradeII || x.ComputedGrade != risk.GradeI || x.Number != "湘关预警〔2026〕2号" ||
			x.GradeJustification == "" || x.Referral.ReturnedGrade != risk.GradeII || x.Referral.Number != "湘关预警报〔2026〕1号" {
			t.Fatalf("returned: %s %s %q %q %+v", x.Status, x.Grade, x.Number, x.GradeJustification, x.Referral)
		}
		if entries, _, _ := db.Audit().List(ctx, audit.Filter{Entity: "warning", EntityID: x.ID, Action: "warning.national_return"}); len(entries) != 1 {
			t.Fatalf("outcome audit: %v", entries)
		}
		msgs, _ := db.Publications().OfWarning(ctx, x.ID)
		if len(msgs) != 1 || msgs[0].Type != publish.Alert || msgs[0].Warning.Grade != risk.GradeII {
			t.Fatalf("publications %+v", msgs)
		}
		if _, err := w.svc.Get(ctx, firm, x.ID); err != nil {
			t.Errorf("enterprise reads the issued notice: %v", err)
		}
		if box, _ := w.svc.Inbox(ctx, firm); len(box) != 1 || box[0].Warning.ID != x.ID {
			t.Errorf("enterprise inbox: %+v", box)
		}
	})
}

// A referred warning lifted before any answer has published nothing, and
// publishes no Cancel either.
func TestReferralLiftedUnpublished(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := setup(t, db)
		x := w.approvedGradeI(t, warning.ClassAnnouncement)
		x, err := w.svc.Refer(ctx, w.users["officer"], x.ID, warning.ReferralInput{Authority: "gacc", Rev: x.Rev})
		if err != nil {
			t.Fatal(err)
		}
		if x, err = w.svc.Act(ctx, w.users["approver"], x.ID, "lift", "风险已消除", x.Rev); err != nil || x.Status != warning.StatusLifted {
			t.Fatalf("lift: %v", err)
		}
		noPublication(t, db, w, x.ID, "lifted while referred")
		got, _ := w.svc.Get(ctx, w.users["approver"], x.ID)
		if !got.Referral.Pending() {
			t.Errorf("referral %+v", got.Referral)
		}
		if _, err := w.svc.RecordOutcome(ctx, w.users["approver"], x.ID, warning.OutcomeInput{Outcome: warning.OutcomeNational,
			NationalReference: "海关总署公告2026年第1号", DecidedAt: *w.now, Rev: x.Rev}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("outcome after lifting: %v", err)
		}
	})
}
