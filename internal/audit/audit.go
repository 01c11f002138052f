package audit

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
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
	// Keyed tells a Hash that is HMAC-SHA256 under the audit key from one
	// that is plain SHA-256 (entries written before the chain was keyed).
	Keyed bool `json:"keyed"`
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

// ComputeHash returns the plain chain hash of e given the previous entry's
// hash: the hash of entries written before the chain was keyed.
func ComputeHash(prev string, e *Entry) string {
	h := sha256.New()
	writeFields(h, prev, e)
	return hex.EncodeToString(h.Sum(nil))
}

// writeFields writes e's hashed fields and prev to w, each length-prefixed
// so that no two different entries hash alike.
func writeFields(w io.Writer, prev string, e *Entry) {
	w.Write(appendFields(nil, prev, e))
}

// appendFields appends what writeFields writes to b: one Write a hash, and
// no garbage but b when b has room.
func appendFields(b []byte, prev string, e *Entry) []byte {
	var scratch [64]byte
	field := func(s []byte) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	str := func(s string) {
		b = strconv.AppendInt(b, int64(len(s)), 10)
		b = append(b, ':')
		b = append(b, s...)
	}
	str(prev)
	field(strconv.AppendInt(scratch[:0], e.Seq, 10))
	field(e.At.UTC().AppendFormat(scratch[:0], time.RFC3339Nano))
	str(e.Actor)
	field(strconv.AppendInt(scratch[:0], int64(e.ActorID), 10))
	str(e.Dept)
	str(e.Action)
	str(e.Entity)
	field(strconv.AppendInt(scratch[:0], int64(e.EntityID), 10))
	str(e.Summary)
	str(e.Before)
	str(e.After)
	return b
}

// Head is the last link of the chain as recorded beside the log.
type Head struct {
	Seq  int64
	Hash string
	// KeyID names the key that keys the chain from entry KeyedFrom on;
	// both are empty for a chain never keyed.
	KeyID     string
	KeyedFrom int64
}

// Problem describes the first entry that breaks the chain.
type Problem struct {
	Seq    int64
	Reason string
}

func (p *Problem) Error() string {
	return fmt.Sprintf("审计条目 %d / audit entry %d: %s", p.Seq, p.Seq, p.Reason)
}

// Verifier checks entries one at a time, in sequence order. Entries from
// KeyedFrom on must be keyed, and are checked with Key; earlier ones are
// plain SHA-256, checked as before the chain was keyed and counted apart.
// Checkpoints, signed outside the database, pin the chain's hash at their
// sequence numbers.
type Verifier struct {
	Key         *Key
	KeyedFrom   int64 // 0: the chain is not keyed
	Checkpoints []Checkpoint

	prev    string
	lastSeq int64
	n       int64
	legacy  int64
	cp      int // the next checkpoint to meet
	matched int
}

// Next checks the next entry. It returns a *Problem for the first entry that
// is missing, edited, forged or out of place.
func (v *Verifier) Next(e *Entry) error {
	want := v.lastSeq + 1
	if e.Seq != want {
		return &Problem{Seq: want, Reason: fmt.Sprintf("条目缺失（下一条为 %d） / missing (next entry found is %d)", e.Seq, e.Seq)}
	}
	if e.PrevHash != v.prev {
		return &Problem{Seq: e.Seq, Reason: "前序哈希不连续 / previous-hash link broken"}
	}
	keyed := v.KeyedFrom > 0 && e.Seq >= v.KeyedFrom
	switch {
	case keyed && !e.Keyed:
		return &Problem{Seq: e.Seq, Reason: "密钥启用后出现未加密钥的条目（伪造） / an unkeyed entry after the chain was keyed (forged)"}
	case !keyed && e.Keyed:
		return &Problem{Seq: e.Seq, Reason: "密钥启用前出现加密钥的条目 / a keyed entry before the chain was keyed"}
	case keyed && v.Key == nil:
		return &Problem{Seq: e.Seq, Reason: "没有审计密钥，无法校验加密钥的条目 / keyed entries cannot be verified without the audit key"}
	case keyed:
		if !hmac.Equal([]byte(v.Key.MAC(v.prev, e)), []byte(e.Hash)) {
			return &Problem{Seq: e.Seq, Reason: "内容与密钥哈希不符（已被修改或伪造） / content does not match its keyed hash (edited or forged)"}
		}
	default:
		if ComputeHash(v.prev, e) != e.Hash {
			return &Problem{Seq: e.Seq, Reason: "内容与哈希不符（已被修改） / content does not match its hash (edited)"}
		}
		v.legacy++
	}
	for v.cp < len(v.Checkpoints) && v.Checkpoints[v.cp].Seq <= e.Seq {
		c := &v.Checkpoints[v.cp]
		if c.Seq == e.Seq && c.Hash != e.Hash {
			return &Problem{Seq: e.Seq, Reason: fmt.Sprintf("与 %s 的签名检查点不符（链被改写） / differs from the signed checkpoint of %s (the chain was rewritten)",
				c.At.UTC().Format(time.RFC3339), c.At.UTC().Format(time.RFC3339))}
		}
		if c.KeyedFrom != v.KeyedFrom {
			return &Problem{Seq: e.Seq, Reason: fmt.Sprintf("签名检查点记录密钥自第 %d 条启用，数据库记录为第 %d 条 / the signed checkpoint says the chain was keyed from entry %d, the database says %d",
				c.KeyedFrom, v.KeyedFrom, c.KeyedFrom, v.KeyedFrom)}
		}
		v.cp++
		v.matched++
	}
	v.prev, v.lastSeq = e.Hash, e.Seq
	v.n++
	return nil
}

// Finish checks the end of the chain against the recorded head and the
// checkpoints: a checkpoint beyond the last entry means entries after it
// were deleted, whatever the head says.
func (v *Verifier) Finish(h Head) error {
	if v.cp < len(v.Checkpoints) {
		c := v.Checkpoints[v.cp]
		return &Problem{Seq: v.lastSeq + 1, Reason: fmt.Sprintf("链止于 %d，但 %s 的签名检查点记录了 %d 条（条目被删除） / the chain ends at %d but the signed checkpoint of %s records %d entries (entries deleted)",
			v.lastSeq, c.At.UTC().Format(time.RFC3339), c.Seq, v.lastSeq, c.At.UTC().Format(time.RFC3339), c.Seq)}
	}
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

// Report is what a verification found.
type Report struct {
	Entries     int64 // entries verified
	Legacy      int64 // of which written before the chain was keyed (plain SHA-256)
	Checkpoints int   // signed checkpoints the chain agreed with
	KeyID       string
}

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
	// Walk reads the head, calls start with it (when not nil), then fn for
	// every entry up to it in sequence order, all in one snapshot, and
	// returns the head.
	Walk(ctx context.Context, start func(Head), fn func(*Entry) error) (Head, error)
	// Key is the audit key the store writes with, nil when none.
	Key() *Key
}

// Service reads the audit trail.
type Service struct {
	Store Store
	// CheckpointDir is where the signed checkpoints are, "" when none are
	// written (VerifyAll checks the chain against them).
	CheckpointDir string
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
	r, err := s.VerifyAgainst(ctx, a, nil)
	return r.Entries, err
}

// VerifyAll verifies the chain against the checkpoints in CheckpointDir.
func (s *Service) VerifyAll(ctx context.Context, a risk.Actor) (Report, error) {
	if !risk.Can(a, risk.PermAuditRead) {
		return Report{}, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以校验审计日志。 / Only administrators may verify the audit trail.")
	}
	var cps []Checkpoint
	if s.CheckpointDir != "" {
		var err error
		if cps, err = ReadCheckpoints(s.CheckpointDir, s.Store.Key()); err != nil {
			return Report{}, &Problem{Reason: err.Error()}
		}
	}
	return s.VerifyAgainst(ctx, a, cps)
}

// VerifyAgainst verifies the chain with the store's key and against signed
// checkpoints (ReadCheckpoints), which catch what the database alone
// cannot show: a tail deleted with the head moved back to match.
func (s *Service) VerifyAgainst(ctx context.Context, a risk.Actor, cps []Checkpoint) (Report, error) {
	if !risk.Can(a, risk.PermAuditRead) {
		return Report{}, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以校验审计日志。 / Only administrators may verify the audit trail.")
	}
	v := Verifier{Key: s.Store.Key(), Checkpoints: cps}
	head, err := s.Store.Walk(ctx, func(h Head) { v.KeyedFrom = h.KeyedFrom }, v.Next)
	r := Report{Entries: v.n, Legacy: v.legacy, Checkpoints: v.matched, KeyID: head.KeyID}
	if err != nil {
		return r, err
	}
	if err := v.Finish(head); err != nil {
		return r, err
	}
	if head.KeyID != "" && v.Key != nil && head.KeyID != v.Key.ID() {
		return r, &Problem{Seq: head.KeyedFrom, Reason: "链由另一把审计密钥写入 / the chain was keyed with another audit key"}
	}
	return r, nil
}
