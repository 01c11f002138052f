package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// CatalogStore implements catalog.Store.
type CatalogStore struct{ db *DB }

// Catalogs returns the catalogue store.
func (db *DB) Catalogs() *CatalogStore { return &CatalogStore{db: db} }

// Sync replaces the entries of every table whose checksum changed, in one
// transaction with an audit entry per table.
func (s *CatalogStore) Sync(ctx context.Context, tables []catalog.Table) ([]string, error) {
	var loaded []string
	err := s.db.Transact(ctx, func(tx *Tx) error {
		loaded = loaded[:0]
		for _, t := range tables {
			var sum string
			err := tx.QueryRowContext(ctx, `SELECT checksum FROM catalog_versions WHERE catalog = $1`, t.Name).Scan(&sum)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return err
			}
			if sum == t.Checksum {
				continue
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_entries WHERE catalog = $1`, t.Name); err != nil {
				return err
			}
			if err := insertEntries(ctx, tx, t); err != nil {
				return fmt.Errorf("store: load catalogue %s: %w", t.Name, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM catalog_versions WHERE catalog = $1`, t.Name); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO catalog_versions (catalog, checksum, rows, loaded_at) VALUES ($1, $2, $3, $4)`,
				t.Name, t.Checksum, len(t.Entries), tx.Now()); err != nil {
				return err
			}
			e := audit.New(risk.System, "catalog.load", "catalog", 0,
				fmt.Sprintf("载入目录 %s（%d 条） / loaded catalogue %s (%d entries)", t.Name, len(t.Entries), t.Name, len(t.Entries))).
				WithChange(map[string]string{"checksum": sum}, map[string]string{"checksum": t.Checksum})
			if err := appendAudit(ctx, tx, &e); err != nil {
				return err
			}
			loaded = append(loaded, t.Name)
		}
		return nil
	})
	return loaded, err
}

// insertEntries loads a table's entries in bulk.
func insertEntries(ctx context.Context, tx *Tx, t catalog.Table) error {
	return insertRows(ctx, tx, `INSERT INTO catalog_entries (catalog, code, parent, level, name_zh, name_en, attrs, position) VALUES `,
		8, len(t.Entries), func(i int) []any {
			e := t.Entries[i]
			return []any{t.Name, e.Code, e.Parent, e.Level, e.NameZh, e.NameEn, catalog.FormatAttrs(e.Attrs), i}
		}, "", nil)
}

const catalogCols = `catalog, code, parent, level, name_zh, name_en, attrs`

func scanEntry(row interface{ Scan(...any) error }) (*catalog.Entry, error) {
	var e catalog.Entry
	var attrs string
	if err := row.Scan(&e.Catalog, &e.Code, &e.Parent, &e.Level, &e.NameZh, &e.NameEn, &attrs); err != nil {
		return nil, err
	}
	e.Attrs = catalog.ParseAttrs(attrs)
	return &e, nil
}

// Search finds entries whose code starts with the text or whose name
// contains it; exact codes rank first, then code prefixes, then names.
func (s *CatalogStore) Search(ctx context.Context, q catalog.Query) ([]catalog.Entry, error) {
	var w where
	w.add("catalog = ?", q.Catalog)
	if q.Parent != "" {
		w.add("parent = ?", q.Parent)
	}
	order := "position"
	if q.Text != "" {
		like := s.db.d.like()
		pat := escapeLike(q.Text)
		w.add("(code "+like+" ? ESCAPE '\\' OR name_zh "+like+" ? ESCAPE '\\' OR name_en "+like+" ? ESCAPE '\\')",
			pat+"%", "%"+pat+"%", "%"+pat+"%")
		n := len(w.args)
		w.args = append(w.args, q.Text, pat+"%")
		order = fmt.Sprintf("CASE WHEN code = $%d THEN 0 WHEN code %s $%d ESCAPE '\\' THEN 1 ELSE 2 END, level, position", n+1, like, n+2)
	} else if q.Parent == "" {
		w.add("parent = ?", "")
	}
	rows, err := s.db.query(ctx, `SELECT `+catalogCols+` FROM catalog_entries`+w.sql()+` ORDER BY `+order+w.page(q.Limit, 0), w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: search catalogue: %w", err)
	}
	defer rows.Close()
	var out []catalog.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

// Get returns one entry or risk.ErrNotFound.
func (s *CatalogStore) Get(ctx context.Context, cat, code string) (*catalog.Entry, error) {
	e, err := scanEntry(s.db.queryRow(ctx, `SELECT `+catalogCols+` FROM catalog_entries WHERE catalog = $1 AND code = $2`, cat, code))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "目录 %s 中没有代码 %s。 / No code %s in catalogue %s.", cat, code, code, cat)
	}
	return e, err
}

// CatalogCounts returns the number of entries per catalogue.
func (s *CatalogStore) Counts(ctx context.Context) (map[string]int, error) {
	rows, err := s.db.query(ctx, `SELECT catalog, rows FROM catalog_versions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int{}
	for rows.Next() {
		var c string
		var n int
		if err := rows.Scan(&c, &n); err != nil {
			return nil, err
		}
		m[c] = n
	}
	return m, rows.Err()
}
