package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"

	sqlite3 "modernc.org/sqlite/lib"
	"riskgate/internal/search"
)

// dialect holds the few things SQLite and PostgreSQL do differently. Both
// versions of each method sit side by side here.
type dialect interface {
	name() string
	// retryable reports whether a failed transaction may be retried as is.
	retryable(err error) bool
	// uniqueViolation reports whether err is a unique-constraint violation.
	uniqueViolation(err error) bool
	// lockMigrations serialises concurrent migrators.
	lockMigrations(ctx context.Context, tx *Tx) error
	// like is the case-insensitive pattern operator.
	like() string
	// jsonField is the SQL of the text value of key in the JSON object
	// stored in column col (key and col are constants, never input).
	jsonField(col, key string) string
	// searchPut adds search documents with their terms; a document stored
	// already is replaced when replace is set, else left as it is.
	searchPut(ctx context.Context, tx *Tx, docs []SearchDoc, replace bool) error
	// lockRows is the clause that locks the rows a SELECT reads until the
	// transaction ends, skipping those another transaction holds when
	// skipLocked is set (PostgreSQL); empty on SQLite, whose one writer
	// holds the whole database.
	lockRows(skipLocked bool) string
	// searchQuery returns the SQL and arguments that find the refs of the
	// documents of kind (public only when public) holding every term of q,
	// with ids above after: the newest limit of them, newest first.
	searchQuery(q search.Query, kind string, public bool, after int64, limit int) (string, []any)
	// searchIn is a subquery of the refs of every document of kind that
	// holds the terms of q, with one "?" for its argument, and that
	// argument (for use as a filter in other queries).
	searchIn(q search.Query, kind string) (string, any)
	// searchTestQuery returns the SQL and arguments that find the id, ref
	// and terms of each document of ids that is of kind (public only when
	// public) and holds every term of q, in no order: the terms are NULL
	// when the query tested them (PostgreSQL), else space-separated for
	// the caller to test (SQLite).
	searchTestQuery(q search.Query, kind string, public bool, ids []int64) (string, []any)
	// textIn returns "IN …" or "= ANY(…)" testing a column against the
	// strings xs, with parameter $n, and that parameter's value.
	textIn(xs []string, n int) (string, any)
	// textList is a FROM item t(term) of the strings of textIn's
	// argument, as parameter $n.
	textList(n int) string
	// upsertPostings inserts the rows keys of search_postings with ids
	// vals, the statement ending with tail (ON CONFLICT …, RETURNING …),
	// calling scan for each row returned when it is set.
	upsertPostings(ctx context.Context, tx *Tx, keys []postingKey, vals [][]byte, tail string, scan func(*sql.Rows) error) error
	// backup writes an online, consistent copy of the database to path.
	backup(ctx context.Context, db *DB, path string) error
	// batchRows is how many rows of ncols values one bulk INSERT carries.
	batchRows(ncols int) int
	// copyRows loads n new rows into table's cols in one stream and
	// reports whether it did: PostgreSQL's COPY. SQLite has no COPY (its
	// bulk load is insertRows) and reports false.
	copyRows(ctx context.Context, tx *Tx, table string, cols []string, n int, row func(i int) []any) (bool, error)
	// searchCopy adds the documents of new records with their terms in
	// one stream and reports whether it did; it fails whole when one of
	// them is stored already. PostgreSQL only; SQLite reports false.
	searchCopy(ctx context.Context, tx *Tx, docs []SearchDoc) (bool, error)
	// positional says bulk INSERTs number their parameters by position
	// (?) rather than by name ($N).
	positional() bool
	// reserveIDs returns n new ids of table's identity column, for rows a
	// bulk INSERT then writes with their ids (so that each row's id is
	// known without relying on the order RETURNING yields them in).
	reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error)
	// snapshot is the option of a read transaction that sees one
	// consistent state of the database throughout.
	snapshot() *sql.TxOptions
	// notify tells other processes, on commit of tx, that channel changed.
	notify(ctx context.Context, tx *Tx, channel string) error
	// listen calls fn for each notification on channel until ctx ends or
	// the connection fails.
	listen(ctx context.Context, db *DB, channel string, fn func()) error
}

type sqliteDialect struct{}

func (sqliteDialect) name() string { return "sqlite" }

func (sqliteDialect) retryable(err error) bool {
	var e *sqlite.Error
	if errors.As(err, &e) {
		c := e.Code() & 0xff
		return c == sqlite3.SQLITE_BUSY || c == sqlite3.SQLITE_LOCKED
	}
	return false
}

func (sqliteDialect) uniqueViolation(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && (e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY)
}

// lockMigrations needs nothing on SQLite: the single writer connection and
// BEGIN IMMEDIATE already serialise writers.
func (sqliteDialect) lockMigrations(context.Context, *Tx) error { return nil }

// like: SQLite's LIKE is case-insensitive for ASCII already.
func (sqliteDialect) like() string { return "LIKE" }

func (sqliteDialect) jsonField(col, key string) string {
	return "json_extract(" + col + ", '$." + key + "')"
}

// searchPut: three statements whatever the number of documents, each
// reading a JSON array — the document rows upserted (their ids returned
// by kind and ref), the old FTS5 entries of those rows deleted, the new
// terms inserted under the same rowids. Few statements matter: SQLite
// opens a statement savepoint for every statement of a transaction that
// writes FTS5, and FTS5 flushes its pending terms at each savepoint, so a
// statement a document wrote one index segment a document, which FTS5
// then spent its time merging. Times go in as the driver writes them
// (_time_format=sqlite), so that they compare and read back the same.
func (sqliteDialect) searchPut(ctx context.Context, tx *Tx, docs []SearchDoc, replace bool) error {
	type row struct {
		Kind   string `json:"k"`
		Ref    int64  `json:"r"`
		Public bool   `json:"p"`
		At     string `json:"a"`
		Terms  string `json:"t"`
	}
	type key struct {
		kind string
		ref  int64
	}
	rows := make([]row, len(docs))
	terms := make([][]string, len(docs))
	for i, d := range docs {
		terms[i] = termsOf(d.Text)
		rows[i] = row{d.Kind, d.Ref, d.Public, d.At.UTC().Format(sqliteTimeFormat), strings.Join(terms[i], " ")}
	}
	list, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	// WHERE true: without it SQLite would read ON CONFLICT as a join's ON.
	conflict := `DO UPDATE SET public = excluded.public, at = excluded.at, terms = excluded.terms`
	if !replace {
		conflict = `DO NOTHING`
	}
	rs, err := tx.QueryContext(ctx, `INSERT INTO search_docs (kind, ref, public, at, terms)
		SELECT value ->> 'k', value ->> 'r', value ->> 'p', value ->> 'a', value ->> 't' FROM json_each($1) WHERE true
		ON CONFLICT (kind, ref) `+conflict+` RETURNING kind, ref, id`, string(list))
	if err != nil {
		return err
	}
	ids := make(map[key]int64, len(docs))
	for rs.Next() {
		var k key
		var id int64
		if err := rs.Scan(&k.kind, &k.ref, &id); err != nil {
			rs.Close()
			return err
		}
		ids[k] = id
	}
	rs.Close()
	if err := rs.Err(); err != nil {
		return err
	}
	type entry struct {
		ID    int64  `json:"i"`
		Terms string `json:"t"`
	}
	entries := make([]entry, 0, len(docs))
	idList := make([]int64, 0, len(docs))
	posts := make([]postingDoc, 0, len(docs))
	for i, d := range docs {
		id, ok := ids[key{d.Kind, d.Ref}]
		if !ok {
			if replace {
				return fmt.Errorf("store: search document %s %d: no id returned", d.Kind, d.Ref)
			}
			continue // stored already, left alone
		}
		idList = append(idList, id)
		entries = append(entries, entry{id, rows[i].Terms})
		posts = append(posts, postingDoc{d.Kind, id, terms[i]})
	}
	if len(entries) == 0 {
		return nil
	}
	if replace {
		idJSON, err := json.Marshal(idList)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN (SELECT value FROM json_each($1))`, string(idJSON)); err != nil {
			return err
		}
	}
	termsJSON, err := json.Marshal(entries)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO search_fts (rowid, terms) SELECT value ->> 'i', value ->> 't' FROM json_each($1)`, string(termsJSON)); err != nil {
		return err
	}
	return postingsAdd(ctx, tx, posts)
}

func (sqliteDialect) lockRows(bool) string { return "" }

// sqliteTimeFormat is how the driver writes a time with _time_format=sqlite.
const sqliteTimeFormat = "2006-01-02 15:04:05.999999999-07:00"

// searchQuery: an FTS5 query of quoted terms, implicitly ANDed, a prefix
// term ending in *. FTS5 walks its matches newest rowid first and stops at
// the limit, so a common word costs no more than a rare one. (FTS5's bm25
// would rank by relevance, but it counts every document of each term for
// the IDF: 10–40 ms a query for common words at a million documents.)
// Terms are letters and digits only, so quoting is safe.
// fts5Match writes q as an FTS5 query: quoted terms, implicitly ANDed, a
// prefix term ending in *. Terms are letters and digits only, so quoting
// is safe.
func fts5Match(q search.Query) string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = `"` + t.Text + `"`
		if t.Prefix {
			parts[i] += "*"
		}
	}
	return strings.Join(parts, " ")
}

func (sqliteDialect) searchIn(q search.Query, kind string) (string, any) {
	return `SELECT d.ref FROM search_fts f JOIN search_docs d ON d.id = f.rowid WHERE search_fts MATCH ? AND d.kind = '` + kind + `'`, fts5Match(q)
}

func (sqliteDialect) searchTestQuery(q search.Query, kind string, public bool, ids []int64) (string, []any) {
	pub := ""
	if public {
		pub = " AND d.public"
	}
	return `SELECT d.id, d.ref, d.terms FROM json_each($1) j CROSS JOIN search_docs d WHERE d.id = j.value AND d.kind = $2` + pub,
		[]any{jsonList(ids), kind}
}

func (sqliteDialect) textList(n int) string {
	return "(SELECT value AS term FROM json_each($" + strconv.Itoa(n) + ")) t"
}

func (sqliteDialect) textIn(xs []string, n int) (string, any) {
	return "IN (SELECT value FROM json_each($" + strconv.Itoa(n) + "))", jsonList(xs)
}

// upsertPostings: one short statement reading a JSON array of rows (ids
// in hex), which SQLite prepares in a fraction of the time a statement of
// hundreds of parameters takes (its driver caches no statements).
func (sqliteDialect) upsertPostings(ctx context.Context, tx *Tx, keys []postingKey, vals [][]byte, tail string, scan func(*sql.Rows) error) error {
	rows := make([][5]any, len(keys))
	for i, k := range keys {
		rows[i] = [5]any{k.kind, k.term, k.chunk, k.part, hex.EncodeToString(vals[i])}
	}
	list, err := json.Marshal(rows)
	if err != nil {
		return err
	}
	// WHERE true: without it SQLite would read ON CONFLICT as a join's ON.
	rs, err := tx.QueryContext(ctx, `INSERT INTO search_postings (kind, term, chunk, part, ids)
		SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, unhex(value ->> 4) FROM json_each($1) WHERE true`+tail, string(list))
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		if scan != nil {
			if err := scan(rs); err != nil {
				return err
			}
		}
	}
	return rs.Err()
}

func (sqliteDialect) searchQuery(q search.Query, kind string, public bool, after int64, limit int) (string, []any) {
	pub := ""
	if public {
		pub = " AND d.public"
	}
	return `SELECT d.ref FROM search_fts f JOIN search_docs d ON d.id = f.rowid
		WHERE search_fts MATCH $1 AND f.rowid > $3 AND d.kind = $2` + pub + ` ORDER BY f.rowid DESC LIMIT ` + strconv.Itoa(limit),
		[]any{fts5Match(q), kind, after}
}

// backup uses VACUUM INTO, which copies a consistent snapshot while other
// connections keep reading and writing.
func (sqliteDialect) backup(ctx context.Context, db *DB, path string) error {
	if _, err := db.w.ExecContext(ctx, "VACUUM INTO $1", path); err != nil {
		return fmt.Errorf("store: sqlite backup: %w", err)
	}
	return nil
}

// batchRows: SQLite statements of up to 200 rows, their parameters
// positional: SQLite looks a named parameter ($N) up in a list while it
// prepares the statement, which with thousands of them costs quadratic
// time, while ? is numbered as it is read.
func (sqliteDialect) batchRows(ncols int) int { return min(200, 32766/ncols) }

func (sqliteDialect) positional() bool { return true }

func (sqliteDialect) copyRows(context.Context, *Tx, string, []string, int, func(int) []any) (bool, error) {
	return false, nil
}

func (sqliteDialect) searchCopy(context.Context, *Tx, []SearchDoc) (bool, error) {
	return false, nil
}

// reserveIDs: the transaction holds SQLite's one write lock (BEGIN
// IMMEDIATE), so the ids after the largest are free until it ends.
func (sqliteDialect) reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error) {
	var top int64
	if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM `+table).Scan(&top); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = top + 1 + int64(i)
	}
	return ids, nil
}

// snapshot: a deferred transaction on a WAL database reads one snapshot
// from its first read to its end.
func (sqliteDialect) snapshot() *sql.TxOptions { return nil }

// notify: an embedded SQLite database has one process; pollers see the
// counter.
func (sqliteDialect) notify(context.Context, *Tx, string) error { return nil }

func (sqliteDialect) listen(ctx context.Context, _ *DB, _ string, _ func()) error {
	<-ctx.Done()
	return ctx.Err()
}

type postgresDialect struct{}

// batchRows fills PostgreSQL statements up to 500 rows (and under its
// 65,535-parameter limit): one round trip per batch.
func (postgresDialect) batchRows(ncols int) int { return min(500, 65535/ncols) }

func (postgresDialect) positional() bool { return false }

// copyRows: COPY FROM STDIN in pgx's binary format on the transaction's
// connection, which database/sql does not reach: the server parses no
// statement and binds no parameters, and pgx streams the rows while the
// server stores them.
func (postgresDialect) copyRows(ctx context.Context, tx *Tx, table string, cols []string, n int, row func(i int) []any) (bool, error) {
	err := tx.raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols,
			pgx.CopyFromFunc(func() func() ([]any, error) {
				i := 0
				return func() ([]any, error) {
					if i == n {
						return nil, nil
					}
					i++
					return row(i - 1), nil
				}
			}()))
		return err
	})
	return true, err
}

// searchCopy copies the documents with their tsvector in binary, which the
// server stores without parsing a tsvector literal. Each document's terms
// are worked out as pgx asks for its row, while the server is storing the
// rows sent before.
func (d postgresDialect) searchCopy(ctx context.Context, tx *Tx, docs []SearchDoc) (bool, error) {
	ids, err := d.reserveIDs(ctx, tx, "search_docs", len(docs))
	if err != nil {
		return false, err
	}
	posts := make([]postingDoc, len(docs))
	if _, err := d.copyRows(ctx, tx, "search_docs", []string{"id", "kind", "ref", "public", "at", "tsv"}, len(docs), func(i int) []any {
		doc := &docs[i]
		posts[i] = postingDoc{doc.Kind, ids[i], termsOf(doc.Text)}
		return []any{ids[i], doc.Kind, doc.Ref, doc.Public, doc.At.UTC(), tsvector(posts[i].terms)}
	}); err != nil {
		return true, err
	}
	return true, postingsAdd(ctx, tx, posts)
}

// tsvector is terms as a tsvector without positions (see
// tsvectorLiteral), each term once, in the server's order (byte-wise), as
// its binary input wants them.
func tsvector(terms []string) pgtype.TSVector {
	terms = slices.Compact(slices.Sorted(slices.Values(terms)))
	v := pgtype.TSVector{Lexemes: make([]pgtype.TSVectorLexeme, len(terms)), Valid: true}
	for i, t := range terms {
		v.Lexemes[i].Word = t
	}
	return v
}

// reserveIDs draws the ids from the identity column's sequence, which
// concurrent transactions share without waiting.
func (postgresDialect) reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence($1, 'id')::regclass AS seq)
		SELECT nextval(s.seq) FROM s, generate_series(1, $2)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

func (postgresDialect) snapshot() *sql.TxOptions {
	return &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
}

// notify uses NOTIFY, which PostgreSQL delivers when tx commits.
func (postgresDialect) notify(ctx context.Context, tx *Tx, channel string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, '')`, channel)
	return err
}

// listen holds one connection in LISTEN and waits for notifications.
func (postgresDialect) listen(ctx context.Context, db *DB, channel string, fn func()) error {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
			return err
		}
		for {
			if _, err := pc.WaitForNotification(ctx); err != nil {
				return err
			}
			fn()
		}
	})
}

// ListenRules calls fn whenever another process (or this one) changes the
// screening rules, until ctx ends or the connection fails. On SQLite it
// just waits for ctx.
func (db *DB) ListenRules(ctx context.Context, fn func()) error {
	return db.d.listen(ctx, db, rulesChannel, fn)
}

const rulesChannel = "riskgate_rules"

func (postgresDialect) name() string { return "postgres" }

func (postgresDialect) retryable(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && (e.Code == "40001" || e.Code == "40P01")
}

func (postgresDialect) uniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

// lockMigrations takes a transaction-scoped advisory lock so that several
// riskgate processes starting together migrate one after the other.
func (postgresDialect) lockMigrations(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7243010)")
	return err
}

func (postgresDialect) like() string { return "ILIKE" }

func (postgresDialect) jsonField(col, key string) string {
	return "(" + col + "::jsonb ->> '" + key + "')"
}

// searchPut: multi-row upserts of 500 documents with their tsvector.
func (postgresDialect) searchPut(ctx context.Context, tx *Tx, docs []SearchDoc, replace bool) error {
	conflict := `DO UPDATE SET public = excluded.public, at = excluded.at, tsv = excluded.tsv`
	if !replace {
		conflict = `DO NOTHING`
	}
	type key struct {
		kind string
		ref  int64
	}
	const batch = 500
	var posts []postingDoc
	for len(docs) > 0 {
		n := min(batch, len(docs))
		args := make([]any, 0, 5*n)
		terms := make(map[key][]string, n)
		for _, d := range docs[:n] {
			ts := termsOf(d.Text)
			terms[key{d.Kind, d.Ref}] = ts
			args = append(args, d.Kind, d.Ref, d.Public, d.At.UTC(), tsvectorLiteral(ts))
		}
		rows, err := tx.QueryContext(ctx, `INSERT INTO search_docs (kind, ref, public, at, tsv) VALUES `+valuesList(n, 5, "", "", "", "", "::tsvector")+`
			ON CONFLICT (kind, ref) `+conflict+` RETURNING id, kind, ref`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var p postingDoc
			var ref int64
			if err := rows.Scan(&p.id, &p.kind, &ref); err != nil {
				rows.Close()
				return err
			}
			p.terms = terms[key{p.kind, ref}]
			posts = append(posts, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		docs = docs[n:]
	}
	return postingsAdd(ctx, tx, posts)
}

func (postgresDialect) lockRows(skipLocked bool) string {
	if skipLocked {
		return " FOR UPDATE SKIP LOCKED"
	}
	return " FOR UPDATE"
}

// tsvectorLiteral writes terms as a tsvector literal: each distinct term
// quoted, without positions (searches match terms, they do not rank, and
// positions would make each row half again as large). Terms are letters
// and digits only.
func tsvectorLiteral(terms []string) string {
	seen := make(map[string]bool, len(terms))
	var b strings.Builder
	for _, t := range terms {
		if seen[t] {
			continue
		}
		seen[t] = true
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + t + "'")
	}
	return b.String()
}

// searchQuery: a tsquery of quoted lexemes joined by &, prefix terms with
// :*. The bounded step tests the words with ts_match_vq, the function
// behind @@, which no index serves: the planner can only walk the primary
// key backwards over the newest documents and stop at the limit (given @@,
// it takes a word pair it misjudges as rare to the GIN index and decodes
// every posting of both). The step over the whole index sorts by id + 0,
// which keeps the planner off that walk — for words it misjudges as common
// it would read most of the table — so the GIN index yields the matches,
// few when the bounded step did not find enough. Terms are letters and
// digits only, so quoting is safe.
// pgTSQuery writes q as a tsquery: quoted lexemes joined by &, a prefix
// term with :*. Terms are letters and digits only, so quoting is safe.
func pgTSQuery(q search.Query) string {
	parts := make([]string, len(q.Terms))
	for i, t := range q.Terms {
		parts[i] = `'` + t.Text + `'`
		if t.Prefix {
			parts[i] += ":*"
		}
	}
	return strings.Join(parts, " & ")
}

func (postgresDialect) searchIn(q search.Query, kind string) (string, any) {
	return `SELECT d.ref FROM search_docs d WHERE d.tsv @@ ?::tsquery AND d.kind = '` + kind + `'`, pgTSQuery(q)
}

func (postgresDialect) searchTestQuery(q search.Query, kind string, public bool, ids []int64) (string, []any) {
	pub := ""
	if public {
		pub = " AND d.public"
	}
	return `SELECT d.id, d.ref, NULL FROM search_docs d
		WHERE d.id = ANY($1::bigint[]) AND d.kind = $2` + pub + ` AND ts_match_vq(d.tsv, $3::tsquery)`,
		[]any{int64List(ids), kind, pgTSQuery(q)}
}

func (postgresDialect) textList(n int) string {
	return "unnest($" + strconv.Itoa(n) + "::text[]) AS t(term)"
}

func (postgresDialect) textIn(xs []string, n int) (string, any) {
	return "= ANY($" + strconv.Itoa(n) + "::text[])", xs
}

// upsertPostings: one statement over four arrays, whatever the number of
// rows.
func (postgresDialect) upsertPostings(ctx context.Context, tx *Tx, keys []postingKey, vals [][]byte, tail string, scan func(*sql.Rows) error) error {
	kinds, terms := make([]string, len(keys)), make([]string, len(keys))
	chunks, parts := make([]int64, len(keys)), make([]int64, len(keys))
	for i, k := range keys {
		kinds[i], terms[i], chunks[i], parts[i] = k.kind, k.term, k.chunk, k.part
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO search_postings (kind, term, chunk, part, ids)
		SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bytea[])`+tail, kinds, terms, chunks, parts, vals)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if scan != nil {
			if err := scan(rows); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

func (postgresDialect) searchQuery(q search.Query, kind string, public bool, after int64, limit int) (string, []any) {
	pub := ""
	if public {
		pub = " AND d.public"
	}
	args := []any{pgTSQuery(q), kind, after}
	if after > 0 {
		return `SELECT d.ref FROM search_docs d WHERE ts_match_vq(d.tsv, $1::tsquery) AND d.id > $3 AND d.kind = $2` + pub + `
			ORDER BY d.id DESC LIMIT ` + strconv.Itoa(limit), args
	}
	return `SELECT d.ref FROM search_docs d WHERE d.tsv @@ $1::tsquery AND d.id > $3 AND d.kind = $2` + pub + `
		ORDER BY d.id + 0 DESC LIMIT ` + strconv.Itoa(limit), args
}

// backup runs pg_dump, which takes a consistent snapshot (one transaction at
// REPEATABLE READ) while the database stays online.
func (postgresDialect) backup(ctx context.Context, db *DB, path string) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return fmt.Errorf("备份 PostgreSQL 需要 pg_dump，但未找到；请安装 postgresql-client。 / backing up PostgreSQL needs pg_dump, which is not on PATH; install postgresql-client")
	}
	// The password goes in the environment, not on the command line where
	// every user of the machine could read it.
	u, err := url.Parse(db.URL)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--file="+path)
	if pw, ok := u.User.Password(); ok {
		u.User = url.User(u.User.Username())
		cmd.Env = append(os.Environ(), "PGPASSWORD="+pw)
	}
	cmd.Args = append(cmd.Args, "--dbname="+u.String())
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("store: pg_dump: %w: %s", err, strings.TrimSpace(string(out)))
	}
	return nil
}

// Backup writes an online, consistent copy of the database to path:
// VACUUM INTO on SQLite, pg_dump (custom format) on PostgreSQL.
func (db *DB) Backup(ctx context.Context, path string) error { return db.d.backup(ctx, db, path) }
