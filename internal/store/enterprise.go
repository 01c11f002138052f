package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

// EnterpriseStore implements enterprise.Store.
type EnterpriseStore struct{ db *DB }

// Enterprises returns the enterprise store.
func (db *DB) Enterprises() *EnterpriseStore { return &EnterpriseStore{db: db} }

const enterpriseCols = `id, uscc, name_zh, name_en, address, region, roles, credit_tier, contact_name, contact_phone, contact_email, dept, version, created_at, updated_at`

func scanEnterprise(row interface{ Scan(...any) error }) (*enterprise.Enterprise, error) {
	var e enterprise.Enterprise
	var id int64
	var roles string
	if err := row.Scan(&id, &e.USCC, &e.NameZh, &e.NameEn, &e.Address, &e.Region, &roles, &e.CreditTier,
		&e.ContactName, &e.ContactPhone, &e.ContactEmail, &e.Dept, &e.Version, &e.CreatedAt, &e.UpdatedAt); err != nil {
		return nil, err
	}
	e.ID = risk.ID(id)
	e.Roles = splitRoles(roles)
	e.CreatedAt, e.UpdatedAt = e.CreatedAt.UTC(), e.UpdatedAt.UTC()
	return &e, nil
}

// Roles are stored as ";importer;exporter;" so that a role filter is a
// plain LIKE '%;importer;%' on both engines.
func joinRoles(rs []string) string {
	if len(rs) == 0 {
		return ""
	}
	return ";" + strings.Join(rs, ";") + ";"
}

func splitRoles(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' })
}

func (s *EnterpriseStore) uniqueErr(err error, uscc string) error {
	if s.db.d.uniqueViolation(err) {
		return &risk.Error{Kind: risk.ErrConflict, Field: "uscc",
			Message: risk.Bilingual("统一社会信用代码 "+uscc+" 已登记。", "USCC "+uscc+" is already registered.")}
	}
	return err
}

// Create inserts e, setting its ID and times, with its audit entry.
func (s *EnterpriseStore) Create(ctx context.Context, e *enterprise.Enterprise, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO enterprises (uscc, name_zh, name_en, address, region, roles, credit_tier,
			contact_name, contact_phone, contact_email, dept, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			e.USCC, e.NameZh, e.NameEn, e.Address, e.Region, joinRoles(e.Roles), e.CreditTier,
			e.ContactName, e.ContactPhone, e.ContactEmail, e.Dept, e.Version, now).Scan(&id)
		if err != nil {
			return s.uniqueErr(err, e.USCC)
		}
		e.ID, e.CreatedAt, e.UpdatedAt = risk.ID(id), now, now
		ae.EntityID = e.ID
		if err := bumpRules(ctx, tx); err != nil { // credit tiers drive sampling
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

func updateEnterprise(ctx context.Context, tx *Tx, e *enterprise.Enterprise) (int64, error) {
	res, err := tx.ExecContext(ctx, `UPDATE enterprises SET uscc = $1, name_zh = $2, name_en = $3, address = $4, region = $5,
		roles = $6, credit_tier = $7, contact_name = $8, contact_phone = $9, contact_email = $10, dept = $11,
		version = $12, updated_at = $13 WHERE id = $14 AND version = $15`,
		e.USCC, e.NameZh, e.NameEn, e.Address, e.Region, joinRoles(e.Roles), e.CreditTier,
		e.ContactName, e.ContactPhone, e.ContactEmail, e.Dept, e.Version, tx.Now(), int64(e.ID), e.Version-1)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Update writes e when the stored version is e.Version-1.
func (s *EnterpriseStore) Update(ctx context.Context, e *enterprise.Enterprise, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		n, err := updateEnterprise(ctx, tx, e)
		if err != nil {
			return s.uniqueErr(err, e.USCC)
		}
		if n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "version",
				Message: risk.Bilingual("记录已被他人修改，请刷新后重试。", "the record was changed by someone else; reload and try again.")}
		}
		e.UpdatedAt = tx.Now()
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Get returns one enterprise or risk.ErrNotFound.
func (s *EnterpriseStore) Get(ctx context.Context, id risk.ID) (*enterprise.Enterprise, error) {
	return s.one(ctx, `id = $1`, int64(id))
}

// GetByUSCC returns the enterprise with a USCC or risk.ErrNotFound.
func (s *EnterpriseStore) GetByUSCC(ctx context.Context, uscc string) (*enterprise.Enterprise, error) {
	return s.one(ctx, `uscc = $1`, uscc)
}

func (s *EnterpriseStore) one(ctx context.Context, cond string, arg any) (*enterprise.Enterprise, error) {
	e, err := scanEnterprise(s.db.queryRow(ctx, `SELECT `+enterpriseCols+` FROM enterprises WHERE `+cond, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "企业不存在。 / No such enterprise.")
	}
	return e, err
}

// List returns matching enterprises ordered by name, and the match count.
func (s *EnterpriseStore) List(ctx context.Context, f enterprise.Filter) ([]*enterprise.Enterprise, int, error) {
	var w where
	like := s.db.d.like()
	if f.Text != "" {
		pat := escapeLike(f.Text)
		w.add("(uscc "+like+" ? ESCAPE '\\' OR name_zh "+like+" ? ESCAPE '\\' OR name_en "+like+" ? ESCAPE '\\')",
			pat+"%", "%"+pat+"%", "%"+pat+"%")
	}
	if f.Region != "" {
		w.add("region LIKE ?", regionPrefix(f.Region)+"%")
	}
	if f.Role != "" {
		w.add("roles LIKE ? ESCAPE '\\'", "%;"+escapeLike(f.Role)+";%")
	}
	if f.Tier != "" {
		w.add("credit_tier = ?", f.Tier)
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, 0, nil
		}
		ph := make([]string, len(f.IDs))
		for i, id := range f.IDs {
			w.args = append(w.args, int64(id))
			ph[i] = fmt.Sprintf("$%d", len(w.args))
		}
		w.conds = append(w.conds, "id IN ("+strings.Join(ph, ",")+")")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM enterprises`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count enterprises: %w", err)
	}
	out, err := collect(scanEnterprise)(s.db.query(ctx, `SELECT `+enterpriseCols+` FROM enterprises`+w.sql()+` ORDER BY name_zh, id`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list enterprises: %w", err)
	}
	return out, total, nil
}

// Existing maps the registered USCCs among usccs to their records.
func (s *EnterpriseStore) Existing(ctx context.Context, usccs []string) (map[string]*enterprise.Enterprise, error) {
	out := map[string]*enterprise.Enterprise{}
	const batch = 500
	for start := 0; start < len(usccs); start += batch {
		end := min(start+batch, len(usccs))
		ph := make([]string, 0, end-start)
		args := make([]any, 0, end-start)
		for _, u := range usccs[start:end] {
			args = append(args, u)
			ph = append(ph, fmt.Sprintf("$%d", len(args)))
		}
		rows, err := s.db.query(ctx, `SELECT `+enterpriseCols+` FROM enterprises WHERE uscc IN (`+strings.Join(ph, ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			out[e.USCC] = e
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Import inserts create (multi-row batches) and updates update, then appends
// entries, all in one transaction.
func (s *EnterpriseStore) Import(ctx context.Context, create, update []*enterprise.Enterprise, entries []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		ids := make(map[string]int64, len(create))
		err := insertRows(ctx, tx, `INSERT INTO enterprises (uscc, name_zh, name_en, address, region, roles, credit_tier,
			contact_name, contact_phone, contact_email, dept, version, created_at, updated_at) VALUES `, 14, len(create),
			func(i int) []any {
				e := create[i]
				return []any{e.USCC, e.NameZh, e.NameEn, e.Address, e.Region, joinRoles(e.Roles), e.CreditTier,
					e.ContactName, e.ContactPhone, e.ContactEmail, e.Dept, e.Version, now, now}
			}, ` RETURNING id, uscc`, func(rows *sql.Rows) error {
				var id int64
				var u string
				if err := rows.Scan(&id, &u); err != nil {
					return err
				}
				ids[u] = id
				return nil
			})
		if err != nil {
			return s.uniqueErr(err, "")
		}
		for i, e := range create {
			e.ID, e.CreatedAt, e.UpdatedAt = risk.ID(ids[e.USCC]), now, now
			if i < len(entries) {
				entries[i].EntityID = e.ID
			}
		}
		for _, e := range update {
			n, err := updateEnterprise(ctx, tx, e)
			if err != nil {
				return s.uniqueErr(err, e.USCC)
			}
			if n == 0 {
				return &risk.Error{Kind: risk.ErrConflict, Field: "uscc",
					Message: risk.Bilingual("企业 "+e.USCC+" 在导入期间被修改，请重新导入。", "enterprise "+e.USCC+" changed during the import; import again.")}
			}
			e.UpdatedAt = now
		}
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
		return appendAuditBatch(ctx, tx, entries)
	})
}

// Count returns the number of registered enterprises.
func (s *EnterpriseStore) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM enterprises`).Scan(&n)
	return n, err
}

// regionPrefix drops trailing "00" pairs of a division code: 430000 → 43,
// 431000 → 4310 (郴州, not 431 which would take in 永州 4311 as well).
func regionPrefix(code string) string {
	for len(code) >= 2 && strings.HasSuffix(code, "00") {
		code = code[:len(code)-2]
	}
	return code
}
