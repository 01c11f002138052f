package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFS embed.FS

// Migration is one forward-only schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// reservedMigrations are numbers held for branches still in work: a later
// migration may land before them. Migrate applies each migration the
// database has not seen, so a reserved one that lands later is applied
// then (it must not depend on the ones after it). Remove a number when its
// migration lands.
var reservedMigrations = map[int]bool{}

// Migrations returns the embedded migrations of an engine ("sqlite" or
// "postgres") in version order.
func Migrations(engine string) ([]Migration, error) {
	dir := path.Join("migrations", engine)
	entries, err := fs.ReadDir(migrationFS, dir)
	if err != nil {
		return nil, fmt.Errorf("store: read migrations: %w", err)
	}
	var ms []Migration
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("store: migration %s/%s: name must be NNNN_name.sql", engine, name)
		}
		b, err := migrationFS.ReadFile(path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: strings.TrimSuffix(name, ".sql"), SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	want := 1
	for i, m := range ms {
		for reservedMigrations[want] && m.Version > want {
			want++ // held for a branch not yet merged
		}
		if m.Version != want {
			return nil, fmt.Errorf("store: %s migrations must be numbered 1, 2, 3, …; found %d at position %d", engine, m.Version, i+1)
		}
		want++
	}
	return ms, nil
}

// Migrate applies the migrations that the database has not seen, each in its
// own transaction, recording them in schema_migrations. It returns how many
// it applied.
func (db *DB) Migrate(ctx context.Context) (int, error) {
	ms, err := Migrations(db.d.name())
	if err != nil {
		return 0, err
	}
	if _, err := db.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("store: create schema_migrations: %w", err)
	}
	applied := 0
	for _, m := range ms {
		err := db.Transact(ctx, func(tx *Tx) error {
			if err := db.d.lockMigrations(ctx, tx); err != nil {
				return err
			}
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.Version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
				m.Version, m.Name, tx.Now().Format("2006-01-02T15:04:05.000000Z")); err != nil {
				return err
			}
			applied++
			return nil
		})
		if err != nil {
			return applied, fmt.Errorf("store: migration %s: %w", m.Name, err)
		}
	}
	return applied, nil
}
