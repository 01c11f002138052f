package publish

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// MsgType is the CAP message type of a publication. Values are stored.
type MsgType string

// Message types (CAP 1.2 msgType).
const (
	Alert  MsgType = "Alert"  // the warning is issued
	Update MsgType = "Update" // changed while in force
	Cancel MsgType = "Cancel" // lifted or expired
)

// Label returns the message type's Chinese and English names.
func (t MsgType) Label() (zh, en string) {
	return risk.Labels{string(Alert): {"发布", "Issued"}, string(Update): {"更新", "Updated"},
		string(Cancel): {"解除", "Lifted"}}.Of(string(t))
}

// TypeOf returns the message a warning's move from one status to another
// publishes, and false when the move publishes nothing (drafting, review,
// approval, or a change to a warning not in force). live tells whether the
// warning has a message in force already (published and not cancelled).
//
// Only an issued warning is published. A grade I warning referred to the
// national authority (已上报) is in force — its measures apply — but not
// issued: the referral publishes nothing, and its Alert follows the
// national answer (issued nationally, or returned and issued here), when
// it moves from referred to issued. Warnings referred before this rule
// published an Alert at the referral; they go on with Update and Cancel.
func TypeOf(from, to warning.Status, live bool) (MsgType, bool) {
	switch {
	case to == warning.StatusIssued && (from != warning.StatusIssued || !live):
		return Alert, true
	case live && to.Active():
		return Update, true
	case live && (to == warning.StatusLifted || to == warning.StatusExpired):
		return Cancel, true
	}
	return "", false
}

// Facets are what a publication is about, for filters and subscriptions.
type Facets struct {
	Categories []string   `json:"categories,omitempty"`  // product categories catalogue codes
	HSPrefixes []string   `json:"hs_prefixes,omitempty"` // from the warning's scope
	Hazards    []string   `json:"hazards,omitempty"`     // hazards catalogue codes, from the assessment
	Countries  []string   `json:"countries,omitempty"`   // ISO alpha-2, from the scope
	Grade      risk.Grade `json:"grade"`
	Food       bool       `json:"food,omitempty"` // a food, feed or food-contact category (CAP category Health)
}

// FacetsOf derives the facets of w; hazards come from its assessment.
// A category belongs when one of its HS headings and one of the scope's
// prefixes extend each other (scope 9613 → lighters; scope 69 → every
// ceramic category).
func FacetsOf(w *warning.Warning, hazards []string) Facets {
	f := Facets{HSPrefixes: slices.Clone(w.Scope.HSPrefixes), Countries: slices.Clone(w.Scope.Countries), Grade: w.Grade}
	for _, h := range hazards {
		if h != "" && !slices.Contains(f.Hazards, h) {
			f.Hazards = append(f.Hazards, h)
		}
	}
	cats := builtin("categories")
	for _, e := range cats.Entries {
		hs := strings.Fields(e.Attrs["hs"])
		for _, p := range f.HSPrefixes {
			if slices.ContainsFunc(hs, func(h string) bool { return strings.HasPrefix(p, h) || strings.HasPrefix(h, p) }) {
				f.Categories = append(f.Categories, e.Code)
				if rootOf(cats, e.Code) == "food" {
					f.Food = true
				}
				break
			}
		}
	}
	slices.Sort(f.Categories)
	f.Categories = slices.Compact(f.Categories)
	return f
}

// builtin returns an embedded catalogue (empty if it were missing, which
// the catalogue's own tests rule out).
func builtin(name string) *catalog.Table {
	t, _ := catalog.BuiltinTable(name)
	return &t
}

func rootOf(t *catalog.Table, code string) string {
	for range 10 {
		e := t.Find(code)
		if e == nil || e.Parent == "" {
			return code
		}
		code = e.Parent
	}
	return code
}

// Message is one publication of a warning.
type Message struct {
	ID         int64           `json:"id"`
	WarningID  risk.ID         `json:"warning_id"`
	Seq        int             `json:"seq"` // 1 for the Alert, then one up per message
	Type       MsgType         `json:"msg_type"`
	Identifier string          `json:"identifier"`
	Sent       time.Time       `json:"sent"`
	Public     bool            `json:"public"` // a 公告 issued to the public
	Facets     Facets          `json:"facets"`
	Warning    warning.Warning `json:"warning"` // as published
}

// Identifier is the CAP identifier of a warning's seq-th message: unique
// for the sender, stable, and free of the characters CAP forbids.
func Identifier(id risk.ID, seq int) string {
	return "HNRG-W" + strconv.FormatInt(int64(id), 10) + "-" + strconv.Itoa(seq)
}

// Matches reports whether the facets pass a filter: every set field must
// share a value (HS prefixes by prefix in either direction).
func (f Facets) Matches(q Filter) bool {
	any := func(want, have []string, eq func(a, b string) bool) bool {
		if len(want) == 0 {
			return true
		}
		for _, w := range want {
			for _, h := range have {
				if eq(w, h) {
					return true
				}
			}
		}
		return false
	}
	same := func(a, b string) bool { return a == b }
	hs := func(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }
	return any(q.Categories, f.Categories, same) && any(q.HSPrefixes, f.HSPrefixes, hs) &&
		any(q.Hazards, f.Hazards, same) && any(q.Countries, f.Countries, same) &&
		(len(q.Grades) == 0 || slices.Contains(q.Grades, f.Grade))
}

// Filter selects publications by facet; an empty field does not filter.
type Filter struct {
	Categories []string     `json:"categories,omitempty"`
	HSPrefixes []string     `json:"hs_prefixes,omitempty"`
	Hazards    []string     `json:"hazards,omitempty"`
	Countries  []string     `json:"countries,omitempty"`
	Grades     []risk.Grade `json:"grades,omitempty"`
}

// SearchText is what a full-text search finds a published warning by: its
// texts, number, product identification (batches too), HS prefixes, and the Chinese and
// English names of its categories, hazards and countries.
func SearchText(m *Message) string {
	w := &m.Warning
	var b strings.Builder
	for _, s := range []string{w.Title, w.Number, w.Summary, w.Matters, w.Advice} {
		b.WriteString(s)
		b.WriteByte('\n')
	}
	for _, list := range [][]string{w.Scope.Keywords, w.Scope.Brands, w.Scope.Models, w.Scope.Makers, w.Scope.HSPrefixes, w.Scope.GTINs, w.Scope.Batches} {
		b.WriteString(strings.Join(list, " "))
		b.WriteByte('\n')
	}
	names := func(table string, codes []string) {
		t := builtin(table)
		for _, c := range codes {
			if e := t.Find(c); e != nil {
				b.WriteString(e.NameZh + " " + e.NameEn + "\n")
			}
		}
	}
	names("categories", m.Facets.Categories)
	names("hazards", m.Facets.Hazards)
	names("countries", m.Facets.Countries)
	return b.String()
}

// Log is what a warning has published so far.
type Log struct {
	Live        bool // a message in force: published and not cancelled
	Seq         int  // the last message's sequence number; 0: none
	FirstPublic bool // the first message was published to the public
}

// Public reports whether an Alert for w goes to the public: a 公告 once it
// is issued — a grade I one when the national answer is recorded, never
// while it is referred (legacy referred ones published a restricted
// Alert) — and still when it has ended.
func Public(w *warning.Warning) bool {
	return w.Class == warning.ClassAnnouncement && (w.Status == warning.StatusIssued || w.IssuedAt != nil && w.Status != warning.StatusReferred)
}

// Next returns the message of type t that w publishes after log, about
// the hazards of its assessment, sent at sent (zero: when it is written).
// An Alert (or a first message) goes to the public when Public says so;
// the messages that follow it go where it went.
func Next(w *warning.Warning, t MsgType, log Log, hazards []string, sent time.Time) warning.Publication {
	seq := log.Seq + 1
	public := log.FirstPublic
	if t == Alert || seq == 1 {
		public = Public(w)
	}
	facets := FacetsOf(w, hazards)
	return warning.Publication{Type: string(t), Seq: seq, Identifier: Identifier(w.ID, seq), Public: public, Facets: facets, Sent: sent,
		Text: func(w *warning.Warning) string { return SearchText(&Message{Facets: facets, Warning: *w}) }}
}

// Backlog returns the messages that a warning issued before the message
// log existed publishes once: an Alert sent when it was issued, and a
// Cancel sent when it ended, if it has.
func Backlog(w *warning.Warning, hazards []string) []warning.Publication {
	if w.IssuedAt == nil {
		return nil
	}
	alert := Next(w, Alert, Log{}, hazards, *w.IssuedAt)
	out := []warning.Publication{alert}
	if !w.Status.Active() && w.EndedAt != nil {
		out = append(out, Next(w, Cancel, Log{Live: true, Seq: alert.Seq, FirstPublic: alert.Public}, hazards, *w.EndedAt))
	}
	return out
}
