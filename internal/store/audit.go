package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

// Key is the audit key the store writes with, nil when none.
func (s *AuditStore) Key() *audit.Key { return s.db.auditKey }

// Audit returns the audit store.
func (db *DB) Audit() *AuditStore { return &AuditStore{db: db} }

// appendAudit adds e to the chain inside tx. The head row is updated first,
// so concurrent writers on PostgreSQL queue on its row lock and the chain
// stays a line; on SQLite the single writer already serialises them.
func appendAudit(ctx context.Context, tx *Tx, e *audit.Entry) error {
	es := []audit.Entry{*e}
	if err := appendAuditBatch(ctx, tx, es); err != nil {
		return err
	}
	*e = es[0]
	return nil
}

// ErrAuditKey is the error of an append the store refuses because its audit
// key is missing or is not the key that keys the chain.
var ErrAuditKey = errors.New("audit key")

// chainKey decides how entries appended now are hashed, given the head's
// key: with the store's key (keyed says so; first says this append starts
// the keyed chain), plainly for a chain never keyed and a store without a
// key, and not at all when the keys differ.
func (db *DB) chainKey(headKeyID string) (keyed, first bool, err error) {
	k := db.auditKey
	switch {
	case k == nil && headKeyID == "":
		return false, false, nil
	case k == nil:
		return false, false, fmt.Errorf("%w: 审计链已由密钥 %s 加密钥，本节点未配置审计密钥，拒绝写入审计条目 / the audit chain is keyed with key %s and this node has no audit key: audit entries are refused (set RISKGATE_AUDIT_KEY_FILE)",
			ErrAuditKey, headKeyID, headKeyID)
	case headKeyID == "":
		return true, true, nil
	case headKeyID != k.ID():
		return false, false, fmt.Errorf("%w: 本节点的审计密钥 %s 与写入审计链的密钥 %s 不同，拒绝写入审计条目 / this node's audit key %s differs from the key %s that wrote the chain: audit entries are refused",
			ErrAuditKey, k.ID(), headKeyID, k.ID(), headKeyID)
	}
	return true, false, nil
}

// SetAuditKey sets the key the store keys audit entries with. The first
// entry appended with it starts the keyed chain; entries before stay plain
// SHA-256 and are verified as such.
func (db *DB) SetAuditKey(k *audit.Key) { db.auditKey = k }

// CheckAuditKey reports, before anything is written, whether the store's
// key is the one that keys the chain (ErrAuditKey when not).
func (db *DB) CheckAuditKey(ctx context.Context) error {
	var id string
	if err := db.queryRow(ctx, `SELECT key_id FROM audit_head WHERE id = 1`).Scan(&id); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	_, _, err := db.chainKey(id)
	return err
}

// AuditHead returns the head of the chain.
func (db *DB) AuditHead(ctx context.Context) (audit.Head, error) {
	var h audit.Head
	err := db.queryRow(ctx, `SELECT seq, hash, key_id, keyed_from FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash, &h.KeyID, &h.KeyedFrom)
	if err != nil {
		return h, fmt.Errorf("store: audit head: %w", err)
	}
	return h, nil
}

// Append writes one entry in its own transaction (for events that change no
// other record, such as a login).
func (s *AuditStore) Append(ctx context.Context, e audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return appendAudit(ctx, tx, &e) })
}

const auditCols = `seq, at, actor, actor_id, dept, action, entity, entity_id, summary, before, after, prev_hash, hash, keyed`

var auditColumns = strings.Split(strings.ReplaceAll(auditCols, " ", ""), ",")

func scanAudit(row interface{ Scan(...any) error }) (*audit.Entry, error) {
	var e audit.Entry
	var actorID, entityID int64
	if err := row.Scan(&e.Seq, &e.At, &e.Actor, &actorID, &e.Dept, &e.Action, &e.Entity, &entityID,
		&e.Summary, &e.Before, &e.After, &e.PrevHash, &e.Hash, &e.Keyed); err != nil {
		return nil, err
	}
	e.At = e.At.UTC()
	e.ActorID, e.EntityID = risk.ID(actorID), risk.ID(entityID)
	return &e, nil
}

// List returns matching entries, newest first, and the number of matches.
func (s *AuditStore) List(ctx context.Context, f audit.Filter) ([]*audit.Entry, int, error) {
	var w where
	if f.Actor != "" {
		w.add("actor = ?", f.Actor)
	}
	if len(f.Refs) > 0 {
		var ors []string
		for _, r := range f.Refs {
			w.args = append(w.args, r.Entity, int64(r.ID))
			ors = append(ors, fmt.Sprintf("(entity = $%d AND entity_id = $%d)", len(w.args)-1, len(w.args)))
		}
		w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	}
	if f.Entity != "" {
		w.add("entity = ?", f.Entity)
	}
	if f.EntityID != 0 {
		w.add("entity_id = ?", int64(f.EntityID))
	}
	if f.Action != "" {
		w.add("action "+s.db.d.like()+" ? ESCAPE '\\'", escapeLike(f.Action)+"%")
	}
	if !f.Since.IsZero() {
		w.add("at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.add("at < ?", f.Until.UTC())
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM audit_log`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count audit: %w", err)
	}
	q := `SELECT ` + auditCols + ` FROM audit_log` + w.sql() + ` ORDER BY seq DESC` + w.page(f.Limit, f.Offset)
	out, err := collect(scanAudit)(s.db.query(ctx, q, w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list audit: %w", err)
	}
	return out, total, s.names(ctx, out)
}

// names fills in the names of the users who acted, for pages (names are
// not part of the hashed entry: a user may be renamed).
func (s *AuditStore) names(ctx context.Context, es []*audit.Entry) error {
	ids := map[int64]bool{}
	for _, e := range es {
		if e.ActorID != 0 {
			ids[int64(e.ActorID)] = true
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var w where
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, strconv.FormatInt(id, 10))
	}
	rows, err := s.db.query(ctx, `SELECT id, name FROM users WHERE id IN (`+strings.Join(list, ",")+`)`, w.args...)
	if err != nil {
		return fmt.Errorf("store: audit actor names: %w", err)
	}
	defer rows.Close()
	name := map[risk.ID]string{}
	for rows.Next() {
		var id int64
		var n string
		if err := rows.Scan(&id, &n); err != nil {
			return err
		}
		name[risk.ID(id)] = n
	}
	for _, e := range es {
		e.ActorName = name[e.ActorID]
	}
	return rows.Err()
}

// Walk calls fn for every entry in sequence order, reading in pages so that
// a long chain never sits in memory, then returns the head. It reads one
// snapshot throughout, so that entries appended meanwhile do not look like
// forgeries beyond the head.
func (s *AuditStore) Walk(ctx context.Context, start func(audit.Head), fn func(*audit.Entry) error) (audit.Head, error) {
	var h audit.Head
	tx, err := s.db.r.BeginTx(ctx, s.db.d.snapshot())
	if err != nil {
		return h, fmt.Errorf("store: walk audit: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash, key_id, keyed_from FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash, &h.KeyID, &h.KeyedFrom); err != nil {
		return h, fmt.Errorf("store: audit head: %w", err)
	}
	if start != nil {
		start(h)
	}
	after := int64(0)
	for {
		rows, err := tx.QueryContext(ctx, `SELECT `+auditCols+` FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT 1000`, after, h.Seq)
		if err != nil {
			return h, fmt.Errorf("store: walk audit: %w", err)
		}
		n := 0
		for rows.Next() {
			e, err := scanAudit(rows)
			if err == nil {
				err = fn(e)
			}
			if err != nil {
				rows.Close()
				return h, err
			}
			after = e.Seq
			n++
		}
		if err := rows.Close(); err != nil {
			return h, err
		}
		if err := rows.Err(); err != nil {
			return h, err
		}
		if n == 0 {
			break
		}
	}
	// Entries past the head would be forged: check for them too.
	var extra int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE seq > $1`, h.Seq).Scan(&extra); err != nil {
		return h, err
	}
	if extra > 0 {
		return h, &audit.Problem{Seq: h.Seq + 1, Reason: "链头之后存在多余条目 / entry beyond the recorded head"}
	}
	return h, nil
}

// where builds a WHERE clause with $n placeholders from conditions written
// with "?".
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// page appends LIMIT and OFFSET as literals (they are ints, not input text).
func (w *where) page(limit, offset int) string {
	if limit <= 0 {
		return ""
	}
	s := fmt.Sprintf(" LIMIT %d", limit)
	if offset > 0 {
		s += fmt.Sprintf(" OFFSET %d", offset)
	}
	return s
}

// escapeLike escapes LIKE wildcards in user text (the default escape
// character of both engines is none, so patterns use ESCAPE '\').
func escapeLike(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// appendAuditBatch adds entries with one head update and multi-row inserts.
func appendAuditBatch(ctx context.Context, tx *Tx, es []audit.Entry) error {
	if len(es) == 0 {
		return nil
	}
	var last, keyedFrom int64
	var prev, keyID string
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash, key_id, keyed_from`, len(es)).Scan(&last, &prev, &keyID, &keyedFrom); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	keyed, first, err := tx.db.chainKey(keyID)
	if err != nil {
		return err
	}
	at := tx.Now()
	start := last - int64(len(es)) + 1
	var mac func(string, *audit.Entry) string
	if keyed {
		mac = tx.db.auditKey.Chain()
	}
	// The chain is worked out as the rows are asked for: on PostgreSQL,
	// pgx asks for them while the server stores the rows sent before, so
	// the hashing overlaps the server's work.
	hashed := 0
	chain := func(upto int) {
		for ; hashed <= upto; hashed++ {
			e := &es[hashed]
			e.Seq, e.PrevHash, e.At, e.Keyed = start+int64(hashed), prev, at, keyed
			if keyed {
				e.Hash = mac(prev, e)
			} else {
				e.Hash = audit.ComputeHash(prev, e)
			}
			prev = e.Hash
		}
	}
	err = bulkInsert(ctx, tx, "audit_log", auditColumns, len(es), func(i int) []any {
		chain(i)
		e := &es[i]
		return []any{e.Seq, e.At, e.Actor, int64(e.ActorID), e.Dept, e.Action, e.Entity, int64(e.EntityID), e.Summary, e.Before, e.After, e.PrevHash, e.Hash, e.Keyed}
	})
	if err != nil {
		return fmt.Errorf("store: audit append: %w", err)
	}
	chain(len(es) - 1)
	if first {
		_, err = tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1, key_id = $2, keyed_from = $3 WHERE id = 1`, prev, tx.db.auditKey.ID(), start)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, prev)
	}
	if err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	return nil
}

// placeholders writes "($n+1,…,$n+k)".
func placeholders(b *strings.Builder, n, k int) {
	b.WriteByte('(')
	for j := 1; j <= k; j++ {
		if j > 1 {
			b.WriteByte(',')
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n + j))
	}
	b.WriteByte(')')
}
