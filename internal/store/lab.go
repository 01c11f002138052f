package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/lab"
	"riskgate/internal/risk"
)

// LabStore implements lab.Store.
type LabStore struct{ db *DB }

// Labs returns the laboratory store.
func (db *DB) Labs() *LabStore { return &LabStore{db: db} }

var _ lab.Store = (*LabStore)(nil)

// Rules returns the newest rule table.
func (s *LabStore) Rules(ctx context.Context) (*lab.Rules, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM lab_rules ORDER BY version DESC LIMIT 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "尚无采信规则。 / No acceptance rules stored.")
	}
	if err != nil {
		return nil, err
	}
	var r lab.Rules
	return &r, json.Unmarshal([]byte(body), &r)
}

// SaveRules stores a new version.
func (s *LabStore) SaveRules(ctx context.Context, r *lab.Rules, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO lab_rules (version, body, created_at) VALUES ($1, $2, $3)`, r.Version, jsonText(r), tx.Now()); err != nil {
			if s.db.d.uniqueViolation(err) {
				return risk.Errorf(risk.ErrConflict, "该版本已存在，请刷新后重试。 / That version exists; reload and try again.")
			}
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Salt returns the screening salt, which keys the cross-check draw too.
func (s *LabStore) Salt(ctx context.Context) ([]byte, error) { return s.db.Screening().Salt(ctx) }

// Create inserts a laboratory with its audit entry.
func (s *LabStore) Create(ctx context.Context, l *lab.Lab, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO labs (name_zh, name_en, uscc, created_at, status, grade, body, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			l.Name, l.NameEn, l.USCC, l.CreatedAt, string(l.Status), l.Grade, jsonText(l), l.Rev).Scan(&id); err != nil {
			if s.db.d.uniqueViolation(err) {
				return &risk.Error{Kind: risk.ErrConflict, Field: "uscc", Message: risk.Bilingual("该统一社会信用代码的检测机构已登记。", "a laboratory with this USCC is registered.")}
			}
			return fmt.Errorf("store: insert lab: %w", err)
		}
		l.ID = risk.ID(id)
		ae.EntityID = l.ID
		return appendAudit(ctx, tx, &ae)
	})
}

const labCols = `l.id, l.name_zh, l.name_en, l.uscc, l.created_at, l.status, l.grade, l.body, l.rev,
	(SELECT count(*) FROM lab_crosschecks c WHERE c.lab_id = l.id),
	(SELECT count(*) FROM lab_crosschecks c WHERE c.lab_id = l.id AND c.agree)`

func scanLab(row rowScanner) (*lab.Lab, error) {
	var l lab.Lab
	var id int64
	var name, nameEn, uscc, status, grade, body string
	var created time.Time
	var rev, total, agree int
	if err := row.Scan(&id, &name, &nameEn, &uscc, &created, &status, &grade, &body, &rev, &total, &agree); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &l); err != nil {
		return nil, fmt.Errorf("store: lab %d: %w", id, err)
	}
	l.ID, l.Name, l.NameEn, l.USCC, l.Status, l.Grade, l.Rev = risk.ID(id), name, nameEn, uscc, lab.Status(status), grade, rev
	l.CreatedAt, l.CrossCheck = created.UTC(), lab.Tally{Total: total, Agree: agree}
	if l.UpdatedAt.IsZero() {
		l.UpdatedAt = l.CreatedAt
	}
	if l.Accreditations == nil {
		l.Accreditations = []lab.Accreditation{}
	}
	if l.Scopes == nil {
		l.Scopes = []lab.Scope{}
	}
	return &l, nil
}

// Get returns a laboratory with its cross-check tally.
func (s *LabStore) Get(ctx context.Context, id risk.ID) (*lab.Lab, error) {
	l, err := scanLab(s.db.queryRow(ctx, `SELECT `+labCols+` FROM labs l WHERE l.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该检测机构。 / No such laboratory.")
	}
	return l, err
}

// List lists matching laboratories by name and how many match.
func (s *LabStore) List(ctx context.Context, f lab.Filter) ([]*lab.Lab, int, error) {
	var w where
	if f.Status != "" {
		w.add("l.status = ?", string(f.Status))
	}
	if f.IDs != nil {
		ids := make([]int64, len(f.IDs))
		for i, id := range f.IDs {
			ids[i] = int64(id)
		}
		w.add("l.id IN (" + inList(&w, ids) + ")")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM labs l`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count labs: %w", err)
	}
	ls, err := collect(scanLab)(s.db.query(ctx, `SELECT `+labCols+` FROM labs l`+w.sql()+` ORDER BY l.id`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list labs: %w", err)
	}
	return ls, total, nil
}

func labConflict() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该检测机构已被他人修改，请刷新后重试。", "the laboratory was changed by someone else; reload and try again.")}
}

// Apply writes an effect in one transaction: the laboratory under its
// revision, the report or cross-check, the change, the credit effects and
// the audit entries.
func (s *LabStore) Apply(ctx context.Context, fx *lab.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if l := fx.Lab; l != nil {
			res, err := tx.ExecContext(ctx, `UPDATE labs SET status = $1, grade = $2, body = $3, name_zh = $4, name_en = $5, rev = rev + 1 WHERE id = $6 AND rev = $7`,
				string(l.Status), l.Grade, jsonText(l), l.Name, l.NameEn, int64(l.ID), l.Rev)
			if err != nil {
				return fmt.Errorf("store: update lab: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return labConflict()
			}
		}
		name := func(entity string, id risk.ID) {
			for i := range fx.Audit {
				if fx.Audit[i].Entity == entity && fx.Audit[i].EntityID == 0 {
					fx.Audit[i].EntityID = id
				}
			}
		}
		if r := fx.Report; r != nil {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO lab_reports (lab_id, number, issued_on, valid_until, hs_code, enterprise_uscc, pdf_sha256, drawn, body, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
				int64(r.LabID), r.Number, r.IssuedOn, r.ValidUntil, r.HSCode, r.EnterpriseUSCC, r.PDFSHA256, r.Drawn, jsonText(r), r.CreatedAt).Scan(&id); err != nil {
				if s.db.d.uniqueViolation(err) {
					return risk.Invalid("number", "该机构已提交过编号为 "+r.Number+" 的报告。", "the laboratory already submitted report "+r.Number+".")
				}
				return fmt.Errorf("store: insert lab report: %w", err)
			}
			r.ID = risk.ID(id)
			name("lab_report", r.ID)
			if fx.PDF != nil {
				if _, err := tx.ExecContext(ctx, `INSERT INTO lab_report_files (report_id, size, sha256, data, created_at) VALUES ($1, $2, $3, $4, $5)`,
					id, len(fx.PDF), r.PDFSHA256, fx.PDF, r.CreatedAt); err != nil {
					return fmt.Errorf("store: insert lab report file: %w", err)
				}
			}
		}
		if c := fx.Check; c != nil {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO lab_crosschecks (lab_id, report_id, agree, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				int64(c.LabID), int64(c.ReportID), c.Agree, jsonText(c), c.CreatedAt).Scan(&id); err != nil {
				return fmt.Errorf("store: insert lab cross-check: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `UPDATE lab_reports SET checks = checks + 1 WHERE id = $1`, int64(c.ReportID)); err != nil {
				return fmt.Errorf("store: count lab cross-check: %w", err)
			}
			prev := c.ID
			c.ID = risk.ID(id)
			name("lab_crosscheck", c.ID)
			if fx.Change != nil && fx.Change.Outcome != nil {
				for i, f := range fx.Change.Outcome.Falsified {
					if f == prev {
						fx.Change.Outcome.Falsified[i] = c.ID
					}
				}
			}
		}
		if c := fx.Change; c != nil {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO lab_changes (lab_id, from_status, to_status, body, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				int64(c.LabID), string(c.FromStatus), string(c.ToStatus), jsonText(c), c.At).Scan(&id); err != nil {
				return fmt.Errorf("store: insert lab change: %w", err)
			}
			c.ID = risk.ID(id)
		}
		if len(fx.Credit) > 0 {
			if err := applyCredit(ctx, tx, fx.Credit); err != nil {
				return err
			}
		}
		if fx.Lab != nil || fx.Report != nil || fx.Check != nil {
			// accepted reports relieve lines at the port (采信): a new report, a
			// cross-check or a change of status changes which reports count
			if err := bumpRules(ctx, tx); err != nil {
				return err
			}
		}
		return appendAuditBatch(ctx, tx, fx.Audit)
	})
}

const labReportCols = `r.id, r.body, r.created_at, (SELECT max(c.id) FROM lab_crosschecks c WHERE c.report_id = r.id),
	(SELECT count(*) FROM lab_report_files f WHERE f.report_id = r.id)`

func scanLabReport(row rowScanner) (*lab.Report, error) {
	var r lab.Report
	var id int64
	var body string
	var created time.Time
	var check sql.NullInt64
	var files int
	if err := row.Scan(&id, &body, &created, &check, &files); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, fmt.Errorf("store: lab report %d: %w", id, err)
	}
	r.ID, r.CreatedAt, r.CheckID, r.HasPDF = risk.ID(id), created.UTC(), risk.ID(check.Int64), files > 0
	return &r, nil
}

// Report returns one report.
func (s *LabStore) Report(ctx context.Context, id risk.ID) (*lab.Report, error) {
	r, err := scanLabReport(s.db.queryRow(ctx, `SELECT `+labReportCols+` FROM lab_reports r WHERE r.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该检测报告。 / No such report.")
	}
	return r, err
}

// Reports lists matching reports, newest first, and how many match.
func (s *LabStore) Reports(ctx context.Context, f lab.ReportFilter) ([]*lab.Report, int, error) {
	var w where
	if f.LabID != 0 {
		w.add("r.lab_id = ?", int64(f.LabID))
	}
	if f.Number != "" {
		w.add("r.number = ?", f.Number)
	}
	if f.HSPrefix != "" {
		w.add("r.hs_code LIKE ?", f.HSPrefix+"%")
	}
	if f.EnterpriseUSCC != "" {
		w.add("r.enterprise_uscc = ?", f.EnterpriseUSCC)
	}
	if f.SHA256 != "" {
		w.add("r.pdf_sha256 = ?", f.SHA256)
	}
	if f.Awaiting {
		w.add("r.drawn = ? AND r.checks = 0", true)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM lab_reports r`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count lab reports: %w", err)
	}
	rs, err := collect(scanLabReport)(s.db.query(ctx, `SELECT `+labReportCols+` FROM lab_reports r`+w.sql()+` ORDER BY r.id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list lab reports: %w", err)
	}
	return rs, total, nil
}

func scanLabCheck(row rowScanner) (*lab.CrossCheck, error) {
	var c lab.CrossCheck
	var id int64
	var body string
	if err := row.Scan(&id, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("store: lab cross-check %d: %w", id, err)
	}
	c.ID, c.CreatedAt = risk.ID(id), c.CreatedAt.UTC()
	return &c, nil
}

// CrossChecks lists a laboratory's cross-checks, oldest first.
func (s *LabStore) CrossChecks(ctx context.Context, labID risk.ID) ([]*lab.CrossCheck, error) {
	return collect(scanLabCheck)(s.db.query(ctx, `SELECT id, body FROM lab_crosschecks WHERE lab_id = $1 ORDER BY id`, int64(labID)))
}

// Changes lists a laboratory's changes of grade and status, oldest first.
func (s *LabStore) Changes(ctx context.Context, labID risk.ID) ([]*lab.Change, error) {
	return collect(scanLabChange)(s.db.query(ctx, `SELECT id, body FROM lab_changes WHERE lab_id = $1 ORDER BY id`, int64(labID)))
}

// ChangesSince lists every laboratory's changes made at or after since,
// oldest first.
func (s *LabStore) ChangesSince(ctx context.Context, since time.Time) ([]*lab.Change, error) {
	return collect(scanLabChange)(s.db.query(ctx, `SELECT id, body FROM lab_changes WHERE at >= $1 ORDER BY id`, since.UTC()))
}

func scanLabChange(row rowScanner) (*lab.Change, error) {
	var c lab.Change
	var id int64
	var body string
	if err := row.Scan(&id, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("store: lab change %d: %w", id, err)
	}
	c.ID = risk.ID(id)
	return &c, nil
}

// PDF returns a report's file.
func (s *LabStore) PDF(ctx context.Context, reportID risk.ID) (*lab.PDF, error) {
	f := &lab.PDF{ReportID: reportID}
	err := s.db.queryRow(ctx, `SELECT data, sha256 FROM lab_report_files WHERE report_id = $1`, int64(reportID)).Scan(&f.Data, &f.SHA256)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "该报告没有上传 PDF。 / No PDF was uploaded with this report.")
	}
	return f, err
}
