package audit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"riskgate/internal/risk"
)

// Entry is one audit record.
type Entry struct {
	Seq      int64     `json:"seq"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`    // login, "system" or "anonymous"
	ActorID  risk.ID   `json:"actor_id"` // 0 for system and anonymous
	Dept     string    `json:"dept"`
	Action   string    `json:"action"` // e.g. "enterprise.create"
	Entity   string    `json:"entity"` // e.g. "enterprise"
	EntityID risk.ID   `json:"entity_id"`
	Summary  string    `json:"summary"`
	Before   string    `json:"before,omitempty"` // JSON of the changed fields before
	After    string    `json:"after,omitempty"`  // JSON of the changed fields after
	PrevHash string    `json:"prev_hash"`
	Hash     string    `json:"hash"`
	// ActorName is the acting user's name when listed for pages; it is not
	// part of the hashed entry.
	ActorName string `json:"actor_name,omitempty"`
}

// New starts an entry for an action by a on an entity. The store fills in
// Seq, At, EntityID (when zero), PrevHash and Hash when it appends it.
func New(a risk.Actor, action, entity string, id risk.ID, summary string) Entry {
	return Entry{Actor: a.Label(), ActorID: a.UserID, Dept: a.Dept, Action: action, Entity: entity, EntityID: id, Summary: summary}
}

// WithChange records before and after values (any JSON-encodable value; nil
// leaves the side empty).
func (e Entry) WithChange(before, after any) Entry {
	e.Before = encode(before)
	e.After = encode(after)
	return e
}

func encode(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", fmt.Sprint(v))
	}
	return string(b)
}

// ComputeHash returns the chain hash of e given the previous entry's hash.
// Fields are length-prefixed so that no two different entries hash alike.
func ComputeHash(prev string, e *Entry) string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
	}
	field(prev)
	field(strconv.FormatInt(e.Seq, 10))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(e.Actor)
	field(strconv.FormatInt(int64(e.ActorID), 10))
	field(e.Dept)
	field(e.Action)
	field(e.Entity)
	field(strconv.FormatInt(int64(e.EntityID), 10))
	field(e.Summary)
	field(e.Before)
	field(e.After)
	return hex.EncodeToString(h.Sum(nil))
}

// Head is the last link of the chain as recorded beside the log.
type Head struct {
	Seq  int64
	Hash string
}

// Problem describes the first entry that breaks the chain.
type Problem struct {
	Seq    int64
	Reason string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("审计条目 %d / audit entry %d: %s", p.Seq, p.Seq, p.Reason)
}

// Verifier checks entries one at a time, in sequence order.
type Verifier struct {
	prev    string
	lastSeq int64
	n       int64
}

// Next checks the next entry. It returns a *Problem for the first entry that
// is missing, edited or out of place.
func (v *Verifier) Next(e *Entry) error {
	want := v.lastSeq + 1
	if e.Seq != want {
		return &Problem{Seq: want, Reason: fmt.Sprintf("条目缺失（下一条为 %d） / missing (next entry found is %d)", e.Seq, e.Seq)}
	}
	if e.PrevHash != v.prev {
		return &Problem{Seq: e.Seq, Reason: "前序哈希不连续 / previous-hash link broken"}
	}
	if got := ComputeHash(v.prev, e); got != e.Hash {
		return &Problem{Seq: e.Seq, Reason: "内容与哈希不符（已被修改） / content does not match its hash (edited)"}
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	v.n++
	return nil
}

// Finish checks the end of the chain against the recorded head.
func (v *Verifier) Finish(h Head) error {
	if h.Seq != v.lastSeq {
		return &Problem{Seq: v.lastSeq + 1, Reason: fmt.Sprintf("链尾条目被删除（链止于 %d，链头记录 %d） / chain ends at %d but the head records %d (entries deleted)", v.lastSeq, h.Seq, v.lastSeq, h.Seq)}
	}
	if h.Hash != v.prev {
		return &Problem{Seq: v.lastSeq, Reason: "末条哈希与链头不符 / last hash differs from the recorded head"}
	}
	return nil
}

// Count returns how many entries were verified.
func (v *Verifier) Count() int64 { return v.n }

// Ref names one record.
type Ref struct {
	Entity string
	ID     risk.ID
}

// Filter selects audit entries. Zero fields are not applied.
type Filter struct {
	// Refs selects the entries about any of these records.
	Refs     []Ref
	Actor    string
	Entity   string
	EntityID risk.ID
	Action   string
	Since    time.Time
	Until    time.Time
	Offset   int
	Limit    int
}

// Store is the persistence this package needs.
type Store interface {
	// List returns matching entries, newest first, and the total number of matches.
	List(ctx context.Context, f Filter) ([]*Entry, int, error)
	// Walk calls fn for every entry in sequence order, then returns the head.
	Walk(ctx context.Context, fn func(*Entry) error) (Head, error)
}

// Service reads the audit trail.
type Service struct {
	Store Store
}

// List returns audit entries. Only administrators may read the whole trail.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Entry, int, error) {
	if !risk.Can(a, risk.PermAuditRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以查看审计日志。 / Only administrators may read the audit trail.")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.List(ctx, f)
}

// History returns the entries about the given records, newest first, at
// most limit. Callers must have checked that the actor may see every one
// of the records: the history of a record is part of the record.
func (s *Service) History(ctx context.Context, refs []Ref, limit int) ([]*Entry, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	es, _, err := s.Store.List(ctx, Filter{Refs: refs, Limit: limit})
	return es, err
}

// Verify walks the whole chain and returns the number of entries verified,
// or a *Problem naming the first bad entry. Administrators (and the system,
// for the command line) may.
func (s *Service) Verify(ctx context.Context, a risk.Actor) (int64, error) {
	if !risk.Can(a, risk.PermAuditRead) {
		return 0, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以校验审计日志。 / Only administrators may verify the audit trail.")
	}
	var v Verifier
	head, err := s.Store.Walk(ctx, v.Next)
	if err != nil {
		return v.Count(), err
	}
	return v.Count(), v.Finish(head)
}
