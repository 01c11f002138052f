package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
)

// insertRows inserts n rows with one INSERT per batch of the engine's
// batchRows size, reusing a prepared statement for full batches (on
// PostgreSQL the driver's statement cache does, across transactions,
// which an explicit prepare a transaction would parse again). head is
// "INSERT INTO t (a, b) VALUES "; row(i) returns the values of row i.
// When tail (e.g. " RETURNING id") is set, scan is called for each
// returned row.
func insertRows(ctx context.Context, tx *Tx, head string, ncols, n int, row func(i int) []any,
	tail string, scan func(*sql.Rows) error) error {
	per := tx.db.d.batchRows(ncols)
	positional := tx.db.d.positional()
	var stmt *sql.Stmt
	var query string
	var stmtRows int
	defer func() {
		if stmt != nil {
			stmt.Close()
		}
	}()
	exec := func(args []any) (sql.Result, error) {
		if stmt != nil {
			return stmt.ExecContext(ctx, args...)
		}
		return tx.ExecContext(ctx, query, args...)
	}
	queryRows := func(args []any) (*sql.Rows, error) {
		if stmt != nil {
			return stmt.QueryContext(ctx, args...)
		}
		return tx.QueryContext(ctx, query, args...)
	}
	args := make([]any, 0, per*ncols)
	for start := 0; start < n; start += per {
		end := min(start+per, n)
		if query == "" || stmtRows != end-start {
			if stmt != nil {
				stmt.Close()
				stmt = nil
			}
			var b strings.Builder
			b.WriteString(head)
			for i := 0; i < end-start; i++ {
				if i > 0 {
					b.WriteByte(',')
				}
				if positional {
					b.WriteString(positionalRow(ncols))
				} else {
					placeholders(&b, i*ncols, ncols)
				}
			}
			b.WriteString(tail)
			query = b.String()
			if positional { // SQLite: its driver keeps no statement cache
				var err error
				if stmt, err = tx.PrepareContext(ctx, query); err != nil {
					return err
				}
			}
			stmtRows = end - start
		}
		args = args[:0]
		for i := start; i < end; i++ {
			args = append(args, row(i)...)
		}
		if scan == nil {
			if _, err := exec(args); err != nil {
				return err
			}
			continue
		}
		rows, err := queryRows(args)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// positionalRow is "(?,?,…)" with k parameters.
func positionalRow(k int) string {
	return "(" + strings.Repeat("?,", k-1) + "?)"
}

// copyMin is the fewest rows bulkInsert copies rather than inserts: COPY
// costs a round trip more than an INSERT (pgx first asks for the columns'
// types), which pays off from a few dozen rows.
const copyMin = 32

// bulkInsert inserts n new rows into table's cols: with COPY where the
// engine has it and the rows are many, else with insertRows. A conflict
// fails it whole.
func bulkInsert(ctx context.Context, tx *Tx, table string, cols []string, n int, row func(i int) []any) error {
	if n >= copyMin {
		if ok, err := tx.db.d.copyRows(ctx, tx, table, cols, n, row); ok || err != nil {
			return err
		}
	}
	return insertRows(ctx, tx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ", len(cols), n, row, "", nil)
}

// raw calls fn with the driver connection the transaction runs on.
func (tx *Tx) raw(fn func(driverConn any) error) error { return tx.conn.Raw(fn) }

// savepoint runs fn under a savepoint and, when fn fails, rolls the
// transaction back to it, so that the transaction can go on another way.
func (tx *Tx) savepoint(ctx context.Context, fn func() error) error {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT bulk"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT bulk"); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT bulk")
	return err
}
