package warning_test

import (
	"slices"
	"testing"

	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// TestInboxes checks who receives a warning in force, by class: no
// database needed.
func TestInboxes(t *testing.T) {
	base := warning.Warning{Dept: "cs-customs", Recipients: []string{"hn-amr", "hn-ecoenv"}, Addressees: []risk.ID{7, 9}}
	tests := []struct {
		name   string
		class  warning.Class
		status warning.Status
		want   []string
	}{
		{"bulletin: its department and the recipients", warning.ClassBulletin, warning.StatusIssued,
			[]string{"dept:cs-customs", "dept:hn-amr", "dept:hn-ecoenv"}},
		{"notice issued: the enterprises, then the recipients", warning.ClassNotice, warning.StatusIssued,
			[]string{"enterprise:7", "enterprise:9", "dept:hn-amr", "dept:hn-ecoenv"}},
		{"notice referred (grade I, not issued): departments only", warning.ClassNotice, warning.StatusReferred,
			[]string{"dept:hn-amr", "dept:hn-ecoenv"}},
		{"announcement: the recipients (the public reads the portal)", warning.ClassAnnouncement, warning.StatusIssued,
			[]string{"dept:hn-amr", "dept:hn-ecoenv"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := base
			w.Class, w.Status = tt.class, tt.status
			if got := warning.Inboxes(&w); !slices.Equal(got, tt.want) {
				t.Errorf("Inboxes = %v, want %v", got, tt.want)
			}
		})
	}
	none := base
	none.Class, none.Recipients = warning.ClassAnnouncement, nil
	if got := warning.Inboxes(&none); len(got) != 0 {
		t.Errorf("announcement without recipients: %v, want none", got)
	}
}

func TestStatusEnds(t *testing.T) {
	for _, s := range []warning.Status{warning.StatusDraft, warning.StatusReview, warning.StatusApproved, warning.StatusIssued,
		warning.StatusReferred, warning.StatusLifted, warning.StatusExpired} {
		want := s == warning.StatusLifted || s == warning.StatusExpired
		if got := s.Ends(); got != want {
			t.Errorf("%s.Ends() = %v, want %v", s, got, want)
		}
	}
}
