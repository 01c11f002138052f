package contingency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Mark says that a decision or result was made in contingency: its queue
// id, the node and the time it was made, and when it reached the database.
type Mark struct {
	QueueID       string     `json:"queue_id"`
	Node          string     `json:"node,omitempty"`
	MadeAt        time.Time  `json:"made_at"`
	ResubmittedAt *time.Time `json:"resubmitted_at,omitempty"`
}

// Label names the mark, Chinese and English.
func (m *Mark) Label() (zh, en string) { return "应急模式下作出", "Made in contingency" }

// Handler stores a held record with its audit entry. It must be
// idempotent: a record already stored (a first attempt that reached the
// database before the connection broke) is success, not a second copy.
// An error for which Mode.Unreachable holds leaves the record pending; any
// other rejects it.
type Handler func(ctx context.Context, r Record) error

// Defaults of a Mode.
const (
	DefaultTimeout    = 15 * time.Second
	DefaultMinBackoff = time.Second
	DefaultMaxBackoff = 30 * time.Second
)

// Mode is a node's contingency mode: the journal, the test that tells an
// outage from other errors, and the resubmitter. A nil *Mode is contingency
// disabled: Active and Outage report false.
type Mode struct {
	Journal *Journal
	Node    string
	Now     func() time.Time
	Log     *slog.Logger
	// Unreachable reports whether err means the database cannot be
	// reached (the store's drivers decide); never for bad input or a
	// constraint.
	Unreachable func(error) bool
	// Ping checks that the database answers, before a resubmission.
	Ping func(ctx context.Context) error
	// Timeout bounds one attempt to write to the database before a request
	// is held instead (DefaultTimeout when zero).
	Timeout time.Duration
	// MinBackoff and MaxBackoff bound the wait between resubmissions while
	// the database stays unreachable.
	MinBackoff, MaxBackoff time.Duration

	handlers map[Kind]Handler
	resub    sync.Mutex // one resubmission at a time

	mu        sync.Mutex
	active    bool
	since     time.Time
	lastTry   time.Time
	lastError string
	stored    int
	wake      chan struct{}
}

// Handle sets the handler of a kind.
func (m *Mode) Handle(k Kind, h Handler) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.handlers == nil {
		m.handlers = map[Kind]Handler{}
	}
	m.handlers[k] = h
}

// Start marks the mode active when the journal holds records from before
// the process started.
func (m *Mode) Start() {
	if m.Journal.Len() > 0 {
		m.mu.Lock()
		m.active, m.since = true, m.now()
		m.mu.Unlock()
	}
}

func (m *Mode) now() time.Time {
	if m.Now != nil {
		return m.Now().UTC()
	}
	return time.Now().UTC()
}

// Active reports whether the node is in contingency: from the first record
// held until every record is resubmitted. While active, decisions go to the
// journal directly, so that they reach the database in the order they were
// made.
func (m *Mode) Active() bool {
	if m == nil {
		return false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.active
}

// Outage reports whether err, from an attempt under ctx, means the
// database is unreachable: a connectivity error, or the attempt's own
// deadline (Attempt) while the caller is still waiting.
func (m *Mode) Outage(ctx context.Context, err error) bool {
	if m == nil || err == nil || ctx.Err() != nil {
		return false
	}
	if _, ok := risk.AsError(err); ok {
		return false // an answer of the domain: bad input, a conflict …
	}
	return errors.Is(err, context.DeadlineExceeded) || (m.Unreachable != nil && m.Unreachable(err))
}

// Attempt bounds one attempt to reach the database, so that a network
// that swallows packets does not hold the port up.
func (m *Mode) Attempt(ctx context.Context) (context.Context, context.CancelFunc) {
	if m == nil {
		return ctx, func() {}
	}
	t := m.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	return context.WithTimeout(ctx, t)
}

// Held is a record to hold: its kind, key, actor, time and payload.
type Held struct {
	Kind    Kind
	Key     string
	Actor   risk.Actor
	At      time.Time
	Payload any
}

// Hold writes records to the journal, all or none, and makes the mode
// active. It returns the records with their queue ids.
func (m *Mode) Hold(hs ...Held) ([]Record, error) {
	recs := make([]Record, len(hs))
	for i, h := range hs {
		b, err := json.Marshal(h.Payload)
		if err != nil {
			return nil, fmt.Errorf("contingency: encode %s: %w", h.Kind, err)
		}
		at := h.At
		if at.IsZero() {
			at = m.now()
		}
		recs[i] = Record{ID: newID(), Kind: h.Kind, Key: h.Key, At: at.UTC(), Node: m.Node, Actor: h.Actor, Payload: b}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.Journal.Append(recs...); err != nil {
		return nil, err
	}
	if !m.active {
		m.active, m.since = true, m.now()
		if m.Log != nil {
			m.Log.Warn("contingency mode on: the database is unreachable; decisions are held locally", "dir", m.Journal.Dir())
		}
	}
	m.wakeUp()
	return recs, nil
}

func (m *Mode) wakeUp() {
	if m.wake == nil {
		m.wake = make(chan struct{}, 1)
	}
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Find returns the pending record of a kind with a key (nil mode: none).
func (m *Mode) Find(k Kind, key string) (Record, bool) {
	if m == nil {
		return Record{}, false
	}
	return m.Journal.Find(k, key)
}

// Report says what a resubmission did.
type Report struct {
	Stored   int `json:"stored"`
	Rejected int `json:"rejected"`
	Pending  int `json:"pending"`
}

// Resubmit hands every pending record, oldest first, to its kind's
// handler, until none is left or the database is found unreachable again
// (the error then). Records the handler refuses for good are rejected with
// the reason. When nothing is pending at the end the mode ends. It is what
// Run calls with backoff; tests call it directly.
func (m *Mode) Resubmit(ctx context.Context) (Report, error) {
	m.resub.Lock()
	defer m.resub.Unlock()
	var rep Report
	m.mu.Lock()
	m.lastTry = m.now()
	handlers := m.handlers
	m.mu.Unlock()
	if m.Journal.Len() == 0 && !m.Active() {
		return rep, nil
	}
	fail := func(err error) (Report, error) {
		m.mu.Lock()
		m.lastError = err.Error()
		m.mu.Unlock()
		rep.Pending = m.Journal.Len()
		return rep, err
	}
	if m.Ping != nil {
		pctx, cancel := m.Attempt(ctx)
		err := m.Ping(pctx)
		cancel()
		if err != nil {
			return fail(fmt.Errorf("contingency: database still unreachable: %w", err))
		}
	}
	for {
		pending := m.Journal.Pending()
		if len(pending) == 0 {
			break
		}
		for _, r := range pending {
			h := handlers[r.Kind]
			if h == nil {
				return fail(fmt.Errorf("contingency: no handler for records of kind %q", r.Kind))
			}
			actx, cancel := m.Attempt(ctx)
			err := h(actx, r)
			cancel()
			if err != nil && (ctx.Err() != nil || m.Outage(ctx, err)) {
				return fail(err)
			}
			reason := ""
			if err != nil {
				reason = "内部错误 / internal error: " + err.Error()
				if e, ok := risk.AsError(err); ok && e.Message != "" {
					reason = e.Message
				}
				if m.Log != nil {
					m.Log.Error("contingency record rejected on resubmission", "queue_id", r.ID, "kind", r.Kind, "key", r.Key, "error", err)
				}
			}
			if jerr := m.Journal.Done(r.ID, m.now(), reason); jerr != nil {
				return fail(jerr)
			}
			if err != nil {
				rep.Rejected++
			} else {
				rep.Stored++
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.stored += rep.Stored
	m.lastError = ""
	// Hold takes m.mu too: a record held after the last look is seen here.
	if rep.Pending = m.Journal.Len(); rep.Pending == 0 && m.active {
		m.active = false
		if m.Log != nil {
			m.Log.Info("contingency mode off: every held record was resubmitted", "stored", m.stored, "rejected", len(m.Journal.Rejected()))
		}
		m.stored = 0
	}
	return rep, nil
}

// Run resubmits while the mode is active, waiting MinBackoff after a
// failure and doubling the wait up to MaxBackoff, until ctx ends.
func (m *Mode) Run(ctx context.Context) {
	lo, hi := m.MinBackoff, m.MaxBackoff
	if lo <= 0 {
		lo = DefaultMinBackoff
	}
	if hi < lo {
		hi = max(DefaultMaxBackoff, lo)
	}
	m.mu.Lock()
	m.wakeUp() // look once at start: the journal may hold records
	wake := m.wake
	m.mu.Unlock()
	wait := lo
	for {
		var timer <-chan time.Time
		if m.Active() {
			rep, err := m.Resubmit(ctx)
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				if m.Log != nil {
					m.Log.Warn("contingency resubmission waits for the database", "pending", rep.Pending, "retry_in", wait.String(), "error", err)
				}
				timer = time.After(wait)
				wait = min(wait*2, hi)
			} else {
				wait = lo
				if rep.Stored+rep.Rejected > 0 && m.Log != nil {
					m.Log.Info("contingency records resubmitted", "stored", rep.Stored, "rejected", rep.Rejected)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-timer:
		case <-wake:
			if timer != nil {
				// Held meanwhile: the database was still down a moment
				// ago, so keep to the backoff.
				select {
				case <-ctx.Done():
					return
				case <-timer:
				}
			}
		}
	}
}

// Status is what the operator sees of the mode.
type Status struct {
	Enabled   bool         `json:"enabled"`
	Active    bool         `json:"active"`
	Since     *time.Time   `json:"since,omitempty"`
	Pending   int          `json:"pending"`
	ByKind    map[Kind]int `json:"pending_by_kind,omitempty"`
	Rejected  int          `json:"rejected"`
	LastTry   *time.Time   `json:"last_attempt,omitempty"`
	LastError string       `json:"last_error,omitempty"`
	Dir       string       `json:"-"`
}

// Label names the state, Chinese and English.
func (s Status) Label() (zh, en string) {
	switch {
	case !s.Enabled:
		return "未启用应急模式", "Contingency mode not enabled"
	case s.Active:
		return "应急模式：数据库不可达，决定暂存本地", "Contingency mode: database unreachable, decisions held locally"
	}
	return "正常", "Normal"
}

// Status reports the mode's state (a nil mode: not enabled).
func (m *Mode) Status() Status {
	if m == nil {
		return Status{}
	}
	pending := m.Journal.Pending()
	st := Status{Enabled: true, Pending: len(pending), Rejected: len(m.Journal.Rejected()), Dir: m.Journal.Dir()}
	if len(pending) > 0 {
		st.ByKind = map[Kind]int{}
		for _, r := range pending {
			st.ByKind[r.Kind]++
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	st.Active, st.LastError = m.active, m.lastError
	if m.active {
		t := m.since
		st.Since = &t
	}
	if !m.lastTry.IsZero() {
		t := m.lastTry
		st.LastTry = &t
	}
	return st
}

// newID returns a queue id: "cq-" and 24 random hex digits, unique across
// nodes without coordination.
func newID() string {
	b := make([]byte, 12)
	rand.Read(b)
	return "cq-" + hex.EncodeToString(b)
}

// Annotate notes in an audit entry of a resubmitted record that it was
// made in contingency (verb: what was done, Chinese and English), when and
// on which node, and adds the mark to the entry's recorded change.
func Annotate(e audit.Entry, r Record, zhVerb, enVerb string) audit.Entry {
	made := r.At.In(risk.China).Format("2006-01-02 15:04:05")
	zh := fmt.Sprintf("（应急模式下%s，原时间 %s，节点 %s；数据库恢复后重新提交）", zhVerb, made, r.Node)
	en := fmt.Sprintf(" (%s in contingency at %s China time on node %s; resubmitted when the database was back)", enVerb, made, r.Node)
	if a, b, ok := strings.Cut(e.Summary, " / "); ok {
		e.Summary = a + zh + " / " + b + en
	} else {
		e.Summary += zh + en
	}
	after := map[string]any{}
	if e.After != "" {
		if err := json.Unmarshal([]byte(e.After), &after); err != nil {
			after = map[string]any{"change": e.After}
		}
	}
	after["contingency"] = r.Mark()
	b, _ := json.Marshal(after)
	e.After = string(b)
	return e
}

// Overview is the mode's state with the records the database refused, for
// the operator.
type Overview struct {
	Status
	RejectedItems []RejectedItem `json:"rejected_items"`
}

// RejectedItem is a record refused on resubmission, as listed.
type RejectedItem struct {
	QueueID    string    `json:"queue_id"`
	Kind       Kind      `json:"kind"`
	Key        string    `json:"key,omitempty"`
	MadeAt     time.Time `json:"made_at"`
	Node       string    `json:"node"`
	MadeBy     string    `json:"made_by"`
	RejectedAt time.Time `json:"rejected_at"`
	Reason     string    `json:"reason"`
}

// Overview reports the mode to officials who read declarations (port
// inspectors, risk officers …); a nil mode reports it is not enabled.
func (m *Mode) Overview(a risk.Actor) (*Overview, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看应急模式状态。 / Not allowed to read the contingency mode's state.")
	}
	o := &Overview{Status: m.Status(), RejectedItems: []RejectedItem{}}
	if m == nil {
		return o, nil
	}
	for _, r := range m.Journal.Rejected() {
		o.RejectedItems = append(o.RejectedItems, RejectedItem{QueueID: r.Record.ID, Kind: r.Record.Kind, Key: r.Record.Key, MadeAt: r.Record.At,
			Node: r.Record.Node, MadeBy: r.Record.Actor.Label(), RejectedAt: r.At, Reason: r.Reason})
	}
	return o, nil
}
