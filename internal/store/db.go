// Package store implements every domain Store on database/sql, for SQLite
// (modernc.org/sqlite, the embedded default) and PostgreSQL (pgx). SQL is
// written once with $n placeholders; the few engine differences live in the
// dialect methods of dialect.go.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskgate/internal/audit"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// DB is riskgate's database: a writer pool and a reader pool (the same pool on
// PostgreSQL) plus the dialect of the engine behind them.
type DB struct {
	// URL is the database URL the DB was opened with, e.g. sqlite:./data/riskgate.db.
	URL string
	w   *sql.DB
	r   *sql.DB
	d   dialect
	log *slog.Logger
	// Now is the clock used for created/updated times and audit entries.
	Now func() time.Time
	// auditKey keys the audit chain (SetAuditKey); nil writes plain hashes
	// while the chain has never been keyed.
	auditKey *audit.Key
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.d.name() }

// Open connects to the database named by url: "sqlite:PATH" (PATH may be
// ":memory:" only for tests; a file is created with its directory) or
// "postgres://…". It does not migrate; call Migrate.
func Open(ctx context.Context, url string, log *slog.Logger) (*DB, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	db := &DB{URL: url, log: log, Now: func() time.Time { return time.Now().UTC() }}
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "//")
		if path == "" {
			return nil, fmt.Errorf("store: sqlite URL %q has no path", url)
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o750); err != nil {
				return nil, fmt.Errorf("store: create database directory: %w", err)
			}
		}
		// busy_timeout first, so that the pragmas after it wait for a lock
		// instead of failing; WAL lets readers run beside the one writer.
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
			"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)&_time_format=sqlite"
		w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open sqlite: %w", err)
		}
		// One writer connection: SQLite allows one writer at a time, and a
		// pool of one turns lock contention into queueing in Go.
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open sqlite reader: %w", err)
		}
		r.SetMaxOpenConns(8)
		db.w, db.r, db.d = w, r, sqliteDialect{}
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		p, err := sql.Open("pgx", url)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		p.SetMaxOpenConns(16)
		p.SetMaxIdleConns(4)
		p.SetConnMaxIdleTime(time.Minute)
		db.w, db.r, db.d = p, p, postgresDialect{}
	default:
		return nil, fmt.Errorf("store: unsupported database URL %q: want sqlite:PATH or postgres://…", redact(url))
	}
	if err := db.w.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s: %w", redact(url), err)
	}
	return db, nil
}

// redact hides a password in a database URL.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 {
		return url
	}
	cred := url[scheme+3 : at]
	if i := strings.Index(cred, ":"); i >= 0 {
		return url[:scheme+3] + cred[:i] + ":***" + url[at:]
	}
	return url
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Tx is a write transaction. Helpers that take *Tx compose into one
// transaction across domains.
type Tx struct {
	*sql.Tx
	db *DB
	// conn is the connection the transaction runs on, for what
	// database/sql does not reach (PostgreSQL's COPY); nil on SQLite.
	conn *sql.Conn
}

// Now returns the transaction's clock reading, truncated to microseconds so
// that both engines store and return the same instant.
func (tx *Tx) Now() time.Time { return tx.db.now() }

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// Transact runs fn in one write transaction, committing when fn returns nil.
// A PostgreSQL serialization failure (SQLSTATE 40001) or deadlock (40P01) is
// retried a few times, as is SQLite's SQLITE_BUSY.
func (db *DB) Transact(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = db.transactOnce(ctx, fn)
		if err == nil || !db.d.retryable(err) || ctx.Err() != nil {
			return err
		}
		time.Sleep(time.Duration(attempt+1) * 10 * time.Millisecond)
	}
	return err
}

func (db *DB) transactOnce(ctx context.Context, fn func(tx *Tx) error) (err error) {
	// Only PostgreSQL's COPY needs the connection itself; SQLite's single
	// writer takes the pool's path, one step shorter.
	var conn *sql.Conn
	var sqlTx *sql.Tx
	if db.d.name() == "postgres" {
		if conn, err = db.w.Conn(ctx); err != nil {
			return fmt.Errorf("store: begin: %w", err)
		}
		defer conn.Close()
		sqlTx, err = conn.BeginTx(ctx, nil)
	} else {
		sqlTx, err = db.w.BeginTx(ctx, nil)
	}
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db, conn: conn}
	defer func() {
		if p := recover(); p != nil {
			sqlTx.Rollback()
			panic(p)
		}
		if err != nil {
			sqlTx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = sqlTx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// query runs a read on the reader pool.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return db.r.QueryContext(ctx, q, args...)
}

// queryRow runs a one-row read on the reader pool.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return db.r.QueryRowContext(ctx, q, args...)
}

// rowScanner is a row or rows to scan one record from.
type rowScanner = interface{ Scan(...any) error }

// collect returns a function that scans every row of a query's result
// with scan and closes it: collect(scanReport)(db.query(ctx, q, args...)).
func collect[T any](scan func(rowScanner) (T, error)) func(*sql.Rows, error) ([]T, error) {
	return func(rows *sql.Rows, err error) ([]T, error) {
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []T
		for rows.Next() {
			x, err := scan(rows)
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, rows.Err()
	}
}

// scanInt64 scans a one-column integer row.
func scanInt64(row rowScanner) (int64, error) {
	var n int64
	err := row.Scan(&n)
	return n, err
}
