package trace

import (
	"context"
	"encoding/json"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/epcis"
	"riskgate/internal/risk"
)

// MaxDocument is the largest capture body read whole, in bytes; a larger
// JSON-LD document is read as a stream (CaptureStream) up to
// MaxStreamDocument.
const MaxDocument = 8 << 20

// MaxStreamDocument is the largest capture body read as a stream, in bytes.
const MaxStreamDocument = 512 << 20

// StreamChunk is how many events of a streamed document are written at a
// time.
const StreamChunk = 2000

// Record is an event as the repository writes it: the parsed event, the
// body it returns in queries (the event as received, with its JSON-LD
// context, eventID and recordTime added), and, for an error declaration
// of an event not held, the declaration it carries.
type Record struct {
	*epcis.Event
	EventID    string // as given, or the hash when none was
	RecordTime time.Time
	Body       json.RawMessage
	Declared   *epcis.ErrorDeclaration // the event arrives declared in error
	Stored     int64                   // its number, once the store wrote it
}

// Declaration marks a stored event as declared in error.
type Declaration struct {
	Event       int64 // the stored event's number
	Declaration epcis.ErrorDeclaration
	Body        json.RawMessage // the declaring event as received
}

// Capture is one accepted document as the service worked it out: the new
// events, the declarations against stored ones, the tally, and the audit
// entry. The store writes it in one transaction.
type Capture struct {
	ID           risk.ID
	At           time.Time
	ActorID      risk.ID
	EnterpriseID risk.ID
	Created      time.Time // the document's creationDate
	Records      []*Record
	Declarations []Declaration
	Audit        audit.Entry
	Result       CaptureResult
}

// CaptureResult is what a capture answers.
type CaptureResult struct {
	CaptureID  risk.ID  `json:"capture_id"`
	Events     int      `json:"events"`     // in the document
	Captured   int      `json:"captured"`   // written as new events
	Duplicates int      `json:"duplicates"` // already held: the same hash (or eventID)
	Declared   int      `json:"declared"`   // held events now declared in error
	EventIDs   []string `json:"event_ids"`  // of each event of the document, in order
}

// CaptureWriter writes the chunks of a streamed capture inside its
// transaction.
type CaptureWriter interface {
	// Held is Store.Held within the transaction: it sees the events the
	// earlier chunks wrote.
	Held(ctx context.Context, hashes, eventIDs []string) ([]Held, error)
	// Write writes c.Records and c.Declarations (one chunk's).
	Write(ctx context.Context, c *Capture) error
}

// Held is a stored event found by its hash or eventID.
type Held struct {
	ID       int64
	Hash     string
	EventID  string
	Declared bool // already declared in error
}

// Filter is a SimpleEventQuery (EPCIS 2.0 §8.2.7.1) as the repository
// supports it. Lists match any of their values; all given conditions must hold.
type Filter struct {
	EventTypes   []string
	GETime       time.Time // GE_eventTime (zero: open)
	LTTime       time.Time // LT_eventTime
	GERecordTime time.Time
	BizSteps     []string // bare terms for standard ones
	Dispositions []string
	BizLocations []string // keys (ident.EPC.Key)
	MatchEPC     []Match  // MATCH_epc: epcList, childEPCs
	MatchAnyEPC  []Match  // MATCH_anyEPC: also parentID, inputEPCList, outputEPCList
	MatchClass   []Match  // MATCH_epcClass: the quantity lists
	// ErrorDeclared: only events declared in error (true), only others
	// (false), or both (nil: the standard's default).
	ErrorDeclared *bool
	EnterpriseID  risk.ID // an enterprise sees only its own captures
	After         int64   // keyset: events numbered after this one
	Limit         int
}

// Match is one identifier condition: a key, or a key prefix for a pattern.
type Match struct {
	Key    string
	Prefix bool
}

// StoredEvent is an event as a query returns it.
type StoredEvent struct {
	ID               int64
	Body             json.RawMessage
	ErrorDeclaration json.RawMessage // the errorDeclaration declared against it; empty: none
}

// EventSummary is an event as a trace and the export show it.
type EventSummary struct {
	ID               int64                  `json:"-"`
	EventID          string                 `json:"event_id"`
	Type             string                 `json:"type"`
	EventTime        time.Time              `json:"event_time"`
	TimeZoneOffset   string                 `json:"event_time_zone_offset"`
	Action           string                 `json:"action,omitempty"`
	BizStep          string                 `json:"biz_step,omitempty"`
	Disposition      string                 `json:"disposition,omitempty"`
	ReadPoint        string                 `json:"read_point,omitempty"`
	BizLocation      string                 `json:"biz_location,omitempty"`
	Sources          []string               `json:"sources,omitempty"`
	Destinations     []string               `json:"destinations,omitempty"`
	BizTransactions  []epcis.BizTransaction `json:"biz_transactions,omitempty"`
	Items            []ItemRef              `json:"items"`
	ErrorDeclaredAt  *time.Time             `json:"error_declared_at,omitempty"`
	ErrorDeclaration string                 `json:"-"`
}

// ItemRef is an identifier an event names, as shown.
type ItemRef struct {
	ID       string     `json:"id"`
	Role     epcis.Role `json:"role"`
	Quantity *float64   `json:"quantity,omitempty"`
	UOM      string     `json:"uom,omitempty"`
}

// Store is the persistence of the traceability repository.
type Store interface {
	// Held returns the stored events with any of these hashes or eventIDs.
	Held(ctx context.Context, hashes, eventIDs []string) ([]Held, error)
	// Capture writes a capture with its audit entry in one transaction;
	// an event whose hash another writer stored meanwhile is a
	// risk.ErrConflict (the client resends; the resent events are then
	// duplicates).
	Capture(ctx context.Context, c *Capture) error
	// CaptureStream writes a capture in one transaction as fill produces
	// it, chunk by chunk through the CaptureWriter, then c's tally and its
	// audit entry (c.Audit, set by fill); fill's error rolls it all back.
	CaptureStream(ctx context.Context, c *Capture, fill func(w CaptureWriter) error) error
	// Events returns the events a query selects, in the order stored, at
	// most f.Limit+1 of them (the one more tells that a next page exists).
	Events(ctx context.Context, f Filter) ([]StoredEvent, error)
	// Item returns the number of an identifier by its key (risk.ErrNotFound).
	Item(ctx context.Context, key string) (int64, error)
	// Around loads the occurrences naming any of the items (a Loader).
	Around(ctx context.Context, items []int64) ([]*Occurrence, error)
	// Names returns the identifiers (as first written) of item numbers.
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	// Summaries returns the events by number, in time order.
	Summaries(ctx context.Context, ids []int64) ([]*EventSummary, error)
	// Naming returns the numbers of the events (not declared in error)
	// naming any of the keys or key prefixes, within [from, to).
	Naming(ctx context.Context, m []Match, from, to time.Time, limit int) ([]int64, error)
	// GLNs returns the register's entries for these GLNs (nil: all, by
	// GLN), with the enterprise's USCC and name.
	GLNs(ctx context.Context, glns []string) ([]GLN, error)
	// SaveGLN records g (replacing an entry of its GLN) with its audit entry.
	SaveGLN(ctx context.Context, g *GLN, ae audit.Entry) error
	// DeleteGLN removes the entry of a GLN with its audit entry
	// (risk.ErrNotFound).
	DeleteGLN(ctx context.Context, gln string, ae audit.Entry) error
}
