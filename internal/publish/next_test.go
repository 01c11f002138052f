package publish_test

import (
	"strings"
	"testing"
	"time"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// TestNext checks the message a change publishes, and to whom: no
// database needed.
func TestNext(t *testing.T) {
	issued := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		class      warning.Class
		status     warning.Status
		issuedAt   *time.Time
		t          publish.MsgType
		log        publish.Log
		wantSeq    int
		wantPublic bool
	}{
		{"announcement issued: public Alert", warning.ClassAnnouncement, warning.StatusIssued, &issued, publish.Alert, publish.Log{}, 1, true},
		{"notice issued: restricted Alert", warning.ClassNotice, warning.StatusIssued, &issued, publish.Alert, publish.Log{}, 1, false},
		{"announcement referred (legacy Alert): restricted", warning.ClassAnnouncement, warning.StatusReferred, nil, publish.Alert, publish.Log{}, 1, false},
		{"announcement lifted after issue (backfill): public", warning.ClassAnnouncement, warning.StatusLifted, &issued, publish.Alert, publish.Log{}, 1, true},
		{"update follows the first message: public", warning.ClassAnnouncement, warning.StatusReferred, &issued, publish.Update,
			publish.Log{Live: true, Seq: 1, FirstPublic: true}, 2, true},
		{"cancel follows the first message: restricted", warning.ClassAnnouncement, warning.StatusLifted, &issued, publish.Cancel,
			publish.Log{Live: true, Seq: 3, FirstPublic: false}, 4, false},
		{"Alert after a referral decides afresh", warning.ClassAnnouncement, warning.StatusIssued, &issued, publish.Alert,
			publish.Log{Live: true, Seq: 1, FirstPublic: false}, 2, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &warning.Warning{ID: 42, Class: tt.class, Status: tt.status, IssuedAt: tt.issuedAt, Grade: risk.GradeII, Title: "打火机",
				Scope: warning.Scope{HSPrefixes: []string{"961310"}}}
			p := publish.Next(w, tt.t, tt.log, []string{"burns"}, time.Time{})
			if p.Type != string(tt.t) || p.Seq != tt.wantSeq || p.Public != tt.wantPublic || p.Identifier != publish.Identifier(42, tt.wantSeq) {
				t.Errorf("Next = %s #%d %s public=%v, want %s #%d public=%v", p.Type, p.Seq, p.Identifier, p.Public, tt.t, tt.wantSeq, tt.wantPublic)
			}
			if !p.Sent.IsZero() {
				t.Errorf("Sent = %v, want zero (when written)", p.Sent)
			}
			w.Number = "湘关预警〔2026〕3号" // drawn when it is written
			if text := p.Text(w); !strings.Contains(text, w.Number) || !strings.Contains(text, "打火机") {
				t.Errorf("Text = %q, want the title and the number drawn at writing", text)
			}
		})
	}
}

func TestBacklog(t *testing.T) {
	issued := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	ended := issued.AddDate(0, 2, 0)
	w := &warning.Warning{ID: 5, Class: warning.ClassAnnouncement, Status: warning.StatusIssued, IssuedAt: &issued}
	if ps := publish.Backlog(w, nil); len(ps) != 1 || ps[0].Type != "Alert" || !ps[0].Sent.Equal(issued) || !ps[0].Public {
		t.Fatalf("in force: %+v, want one public Alert sent when issued", ps)
	}
	w.Status, w.EndedAt = warning.StatusExpired, &ended
	ps := publish.Backlog(w, nil)
	if len(ps) != 2 || ps[1].Type != "Cancel" || ps[1].Seq != 2 || !ps[1].Sent.Equal(ended) || !ps[1].Public {
		t.Fatalf("ended: %+v, want an Alert then a public Cancel sent when it ended", ps)
	}
	w.IssuedAt = nil
	if ps := publish.Backlog(w, nil); len(ps) != 0 {
		t.Fatalf("never issued: %+v, want nothing", ps)
	}
}
