package publish

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/search"
	"riskgate/internal/warning"
)

// Store is the persistence publication needs.
type Store interface {
	// OfWarning lists a warning's messages, oldest first (none: empty).
	OfWarning(ctx context.Context, id risk.ID) ([]*Message, error)
	// Latest lists the newest message of each warning, newest first;
	// public restricts to messages published to the public, class to one
	// class (empty: all). limit 0: no limit.
	Latest(ctx context.Context, public bool, class warning.Class, limit int) ([]*Message, error)
	// Backfill publishes warnings issued before the message log existed.
	Backfill(ctx context.Context) (int, error)
	// Search returns every public warning holding the terms of q.
	Search(ctx context.Context, q search.Query) (map[risk.ID]bool, error)
	// Log returns what a warning has published so far.
	Log(ctx context.Context, id risk.ID) (Log, error)
	// Hazards lists the hazards (catalogue codes) of an assessment's
	// scenarios; none when there is no such assessment.
	Hazards(ctx context.Context, assessmentID risk.ID) ([]string, error)
}

// Warnings is what publication needs of warnings: whether an actor may
// read one.
type Warnings interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*warning.Warning, error)
}

// Service serves published messages with their access rules.
type Service struct {
	Store    Store
	Warnings Warnings
	// Sender is the CAP sender and the authority of Atom tag URIs
	// (DefaultSender when empty).
	Sender string
}

// DefaultSender names riskgate as the originator of its CAP messages.
const DefaultSender = "riskgate.hunan.gov.cn"

func (s *Service) site(base string) Site {
	snd := s.Sender
	if snd == "" {
		snd = DefaultSender
	}
	return Site{Sender: snd, BaseURL: base}
}

// Publication works out the message a warning's move from status from to
// w.Status publishes (TypeOf, Next), and false when it publishes none.
// It implements warning.Publisher; the warning's revision, checked when
// the change is written, guards what it reads.
func (s *Service) Publication(ctx context.Context, from warning.Status, w *warning.Warning) (warning.Publication, bool, error) {
	log, err := s.Store.Log(ctx, w.ID)
	if err != nil {
		return warning.Publication{}, false, fmt.Errorf("publication of warning %d: %w", w.ID, err)
	}
	t, ok := TypeOf(from, w.Status, log.Live)
	if !ok {
		return warning.Publication{}, false, nil
	}
	hazards, err := s.Store.Hazards(ctx, w.AssessmentID)
	if err != nil {
		return warning.Publication{}, false, fmt.Errorf("publication of warning %d: %w", w.ID, err)
	}
	return Next(w, t, log, hazards, time.Time{}), true, nil
}

var _ warning.Publisher = (*Service)(nil)

// MaxFeedEntries bounds a feed.
const MaxFeedEntries = 200

// Document is a rendered CAP message.
type Document struct {
	Message *Message
	Body    []byte
}

func errSignIn() error {
	return risk.Errorf(risk.ErrUnauthorized, "请先登录：该消息仅限授权用户。 / Sign in: this message is restricted.")
}

// CAP renders a warning's message seq (0: the latest) for a, with links
// under base (the portal's absolute URL). Public
// messages are for anyone; the others only for those who may read the
// warning (risk.ErrForbidden for anyone else, risk.ErrNotFound when the
// warning has published nothing; risk.ErrUnauthorized for the anonymous
// unless the warning's latest message is public).
func (s *Service) CAP(ctx context.Context, a risk.Actor, id risk.ID, seq int, base string) (*Document, error) {
	msgs, err := s.Store.OfWarning(ctx, id)
	if err != nil {
		return nil, err
	}
	// The anonymous learn nothing of what is not public, not even whether
	// it exists: 401 for a restricted message and for none alike.
	if a.IsAnonymous() && (len(msgs) == 0 || !msgs[len(msgs)-1].Public) {
		return nil, errSignIn()
	}
	if len(msgs) == 0 || seq > len(msgs) || seq < 0 {
		return nil, risk.Errorf(risk.ErrNotFound, "该预警没有已发布的消息。 / The warning has published no such message.")
	}
	if seq == 0 {
		seq = len(msgs)
	}
	m := msgs[seq-1]
	if !m.Public {
		if a.IsAnonymous() {
			return nil, errSignIn()
		}
		if _, err := s.Warnings.Get(ctx, a, id); err != nil {
			return nil, err
		}
		if a.EnterpriseID != 0 {
			// An enterprise addressed by a 通告 learns of no other addressee.
			own := *m
			own.Warning.Addressees, own.Warning.Recipients = []risk.ID{a.EnterpriseID}, nil
			m = &own
		}
	}
	var refs []Ref
	if m.Type != Alert {
		for _, e := range msgs[:seq-1] {
			refs = append(refs, Ref{e.Identifier, e.Sent})
		}
	}
	body, err := CAP(m, refs, s.site(base))
	if err != nil {
		return nil, err
	}
	return &Document{Message: m, Body: body}, nil
}

// Public lists the latest message of each public announcement that
// passes f, newest first, at most limit (MaxFeedEntries when 0).
func (s *Service) Public(ctx context.Context, f Filter, limit int) ([]*Message, error) {
	if limit <= 0 || limit > MaxFeedEntries {
		limit = MaxFeedEntries
	}
	hits, err := s.matches(ctx, SearchQuery{Filter: f})
	return hits[:min(limit, len(hits))], err
}

// Feed renders the public announcements that pass f as an Atom feed with
// links under base.
func (s *Service) Feed(ctx context.Context, f Filter, feed Feed, base string) ([]byte, error) {
	msgs, err := s.Public(ctx, f, MaxFeedEntries)
	if err != nil {
		return nil, err
	}
	return Atom(feed, msgs, s.site(base))
}

// SearchQuery is a search of the public announcements.
type SearchQuery struct {
	Text     string    // full text, Chinese or other; empty: all
	Filter             // facets
	From, To time.Time // issue date, inclusive; zero: open
	Offset   int
	Limit    int // MaxSearchResults when 0 or more
}

// Search limits.
const (
	MaxSearchResults = 100 // per page
)

// Search finds the public announcements matching q, newest first, and the
// total that match.
func (s *Service) Search(ctx context.Context, q SearchQuery) ([]*Message, int, error) {
	if q.Limit <= 0 || q.Limit > MaxSearchResults {
		q.Limit = MaxSearchResults
	}
	hits, err := s.matches(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	total := len(hits)
	if q.Offset >= total {
		return nil, total, nil
	}
	return hits[q.Offset:min(total, q.Offset+q.Limit)], total, nil
}

// matches returns every public announcement that passes q's text, facets
// and dates, newest first.
func (s *Service) matches(ctx context.Context, q SearchQuery) ([]*Message, error) {
	parsed, err := search.Parse(q.Text)
	if err != nil {
		return nil, risk.Invalid("q", fmt.Sprintf("检索词最多 %d 个字。", search.MaxQueryRunes), fmt.Sprintf("q takes at most %d characters.", search.MaxQueryRunes))
	}
	if parsed.Empty() && strings.TrimSpace(q.Text) != "" {
		return nil, nil // only punctuation: nothing to find
	}
	all, err := s.Store.Latest(ctx, true, warning.ClassAnnouncement, 0)
	if err != nil {
		return nil, err
	}
	var ids map[risk.ID]bool
	if !parsed.Empty() {
		// Every text match, so that the filters below see them all and the
		// total is exact.
		if ids, err = s.Store.Search(ctx, parsed); err != nil {
			return nil, err
		}
	}
	var hits []*Message
	for _, m := range all {
		at := m.Sent
		if m.Warning.IssuedAt != nil {
			at = *m.Warning.IssuedAt
		}
		if (ids == nil || ids[m.WarningID]) && m.Facets.Matches(q.Filter) && (q.From.IsZero() || !at.Before(q.From)) && (q.To.IsZero() || !at.After(q.To)) {
			hits = append(hits, m)
		}
	}
	return hits, nil
}

// Announcement returns the latest message of a public announcement
// (risk.ErrNotFound for anything else).
func (s *Service) Announcement(ctx context.Context, id risk.ID) (*Message, error) {
	msgs, err := s.Store.OfWarning(ctx, id)
	if err != nil {
		return nil, err
	}
	if len(msgs) == 0 || !msgs[len(msgs)-1].Public {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该公告。 / No such announcement.")
	}
	return msgs[len(msgs)-1], nil
}

// SiteAt is the site the portal at base publishes as (CAP sender, Atom
// authority).
func (s *Service) SiteAt(base string) Site { return s.site(base) }
