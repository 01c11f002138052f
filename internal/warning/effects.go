package warning

import (
	"context"
	"strconv"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Effects is what a change to a warning causes beyond the warning itself.
// The service works it out (effects); the store writes the warning and
// its effects in one transaction and decides nothing.
type Effects struct {
	// Audit records the change to the warning.
	Audit audit.Entry
	// Deliver brings the warning's inboxes in line with Inboxes: new ones
	// receive it; the others lose it unless they acknowledged it already
	// (an acknowledgement is a record that stays).
	Deliver bool
	Inboxes []string
	// Publication is the message the change publishes, if any.
	Publication *Publication
	// Rules tells that the screening rules change with the warning.
	Rules bool
	// Measures are the measures that end with the warning, each with its
	// audit entry.
	Measures []MeasureEnd
}

// Publication is a message a change publishes, as package publish works it
// out (publish imports this package, so it fills this neutral form).
type Publication struct {
	Type       string // CAP msgType: Alert, Update or Cancel
	Seq        int    // 1 for the first message of the warning, then one up
	Identifier string
	Public     bool // published to the public
	Facets     any  // publish.Facets, stored as JSON
	// Sent is when it is sent; zero: when it is written.
	Sent time.Time
	// Text returns what a full-text search finds it by, from the warning
	// as written (its number may be drawn in the writing transaction).
	Text func(w *Warning) string
}

// MeasureEnd is a measure that ends with its warning: it moves, through
// the measure lifecycle, from revision Rev to status Status.
type MeasureEnd struct {
	ID     risk.ID
	Rev    int
	Status string
	Audit  audit.Entry
}

// Publisher works out the message a warning's move from status from to
// w.Status publishes, and false when it publishes none. publish.Service
// implements it.
type Publisher interface {
	Publication(ctx context.Context, from Status, w *Warning) (Publication, bool, error)
}

// Measures works out which measures end with a warning that has ended,
// each with its audit entry (by records the warning's end). measure.Service
// implements it.
type Measures interface {
	EndWith(ctx context.Context, w *Warning, by audit.Entry) ([]MeasureEnd, error)
}

// Inboxes returns the inboxes a warning in force is delivered to, by its
// class: a 通报 to its department and the recipient departments; a 通告 to
// the recipient departments and, once issued, to the enterprises it is
// addressed to (a referred one, grade I 已上报, is not issued yet); a 公告
// to the recipient departments (the public reads it on the portal).
func Inboxes(w *Warning) []string {
	var boxes []string
	switch w.Class {
	case ClassBulletin:
		for _, d := range append([]string{w.Dept}, w.Recipients...) {
			boxes = append(boxes, "dept:"+d)
		}
	case ClassNotice:
		if w.Status == StatusIssued {
			for _, e := range w.Addressees {
				boxes = append(boxes, "enterprise:"+strconv.FormatInt(int64(e), 10))
			}
		}
		for _, d := range w.Recipients {
			boxes = append(boxes, "dept:"+d)
		}
	case ClassAnnouncement:
		for _, d := range w.Recipients {
			boxes = append(boxes, "dept:"+d)
		}
	}
	return boxes
}

// Ends reports whether a warning in status s has ended, so that its
// measures end with it.
func (s Status) Ends() bool { return s == StatusLifted || s == StatusExpired }

// effects works out what w's move from status from causes, recorded by ae:
// the message it publishes, the inboxes of a warning in force, the port
// rules (which follow warnings and their measures) and, when it ends, the
// measures that end with it.
func (s *Service) effects(ctx context.Context, from Status, w *Warning, ae audit.Entry) (Effects, error) {
	fx := Effects{Audit: ae, Rules: true, Deliver: w.Status.Active()}
	if fx.Deliver {
		fx.Inboxes = Inboxes(w)
	}
	if s.Publisher != nil {
		p, ok, err := s.Publisher.Publication(ctx, from, w)
		if err != nil {
			return fx, err
		}
		if ok {
			fx.Publication = &p
		}
	}
	if w.Status.Ends() && s.Measures != nil {
		ms, err := s.Measures.EndWith(ctx, w, ae)
		if err != nil {
			return fx, err
		}
		fx.Measures = ms
	}
	return fx, nil
}
