package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// AuditStore implements audit.Store.
type AuditStore struct{ db *DB }

// Audit returns the audit store.
func (db *DB) Audit() *AuditStore { return &AuditStore{db: db} }

// appendAudit adds e to the chain inside tx. The head row is updated first,
// so concurrent writers on PostgreSQL queue on its row lock and the chain
// stays a line; on SQLite the single writer already serialises them.
func appendAudit(ctx context.Context, tx *Tx, e *audit.Entry) error {
	var seq int64
	var prev string
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	e.Seq, e.PrevHash, e.At = seq, prev, tx.Now()
	e.Hash = audit.ComputeHash(prev, e)
	if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, actor_id, dept, action, entity, entity_id, summary, before, after, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		e.Seq, e.At, e.Actor, e.ActorID, e.Dept, e.Action, e.Entity, e.EntityID, e.Summary, e.Before, e.After, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("store: audit append: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	return nil
}

// Append writes one entry in its own transaction (for events that change no
// other record, such as a login).
func (s *AuditStore) Append(ctx context.Context, e audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return appendAudit(ctx, tx, &e) })
}

const auditCols = `seq, at, actor, actor_id, dept, action, entity, entity_id, summary, before, after, prev_hash, hash`

func scanAudit(row interface{ Scan(...any) error }) (*audit.Entry, error) {
	var e audit.Entry
	var actorID, entityID int64
	if err := row.Scan(&e.Seq, &e.At, &e.Actor, &actorID, &e.Dept, &e.Action, &e.Entity, &entityID,
		&e.Summary, &e.Before, &e.After, &e.PrevHash, &e.Hash); err != nil {
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
func (s *AuditStore) Walk(ctx context.Context, fn func(*audit.Entry) error) (audit.Head, error) {
	var h audit.Head
	tx, err := s.db.r.BeginTx(ctx, s.db.d.snapshot())
	if err != nil {
		return h, fmt.Errorf("store: walk audit: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&h.Seq, &h.Hash); err != nil {
		return h, fmt.Errorf("store: audit head: %w", err)
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

// appendAuditBatch adds many entries with one head update and multi-row
// inserts, for bulk imports.
func appendAuditBatch(ctx context.Context, tx *Tx, es []audit.Entry) error {
	if len(es) == 0 {
		return nil
	}
	var last int64
	var prev string
	if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash`, len(es)).Scan(&last, &prev); err != nil {
		return fmt.Errorf("store: audit head: %w", err)
	}
	at := tx.Now()
	first := last - int64(len(es)) + 1
	for i := range es {
		e := &es[i]
		e.Seq, e.PrevHash, e.At = first+int64(i), prev, at
		e.Hash = audit.ComputeHash(prev, e)
		prev = e.Hash
	}
	err := insertRows(ctx, tx, `INSERT INTO audit_log (`+auditCols+`) VALUES `, 13, len(es), func(i int) []any {
		e := &es[i]
		return []any{e.Seq, e.At, e.Actor, e.ActorID, e.Dept, e.Action, e.Entity, e.EntityID, e.Summary, e.Before, e.After, e.PrevHash, e.Hash}
	}, "", nil)
	if err != nil {
		return fmt.Errorf("store: audit append: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, prev); err != nil {
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
