package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// WarningStore implements warning.Store.
type WarningStore struct{ db *DB }

// Warnings returns the warning store.
func (db *DB) Warnings() *WarningStore { return &WarningStore{db: db} }

var _ warning.Store = (*WarningStore)(nil)

// Rules returns the latest grading rules.
func (s *WarningStore) Rules(ctx context.Context) (*warning.Rules, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM warning_rules ORDER BY version DESC LIMIT 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "尚无预警分级规则。 / No grading rules stored.")
	}
	if err != nil {
		return nil, err
	}
	return warning.DecodeRules(body)
}

// SaveRules stores a new rules version.
func (s *WarningStore) SaveRules(ctx context.Context, r *warning.Rules, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO warning_rules (version, body, created_at) VALUES ($1, $2, $3)`, r.Version, r.Encode(), tx.Now())
		if s.db.d.uniqueViolation(err) {
			return risk.Errorf(risk.ErrConflict, "该版本规则已存在。 / That rules version exists.")
		}
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

const warningCols = `w.id, w.case_id, w.assessment_id, w.class, w.title, w.summary, w.level, w.urgency, w.reach, w.grade, w.computed_grade,
	w.grade_reason, w.grade_justification, w.rules_version, w.scope, w.matters, w.advice, w.starts_at, w.valid_until, w.conditions,
	w.addressees, w.recipients, w.dept, w.number, w.status, w.issued_at, w.ended_at, w.end_reason, COALESCE(w.approver_id, 0),
	w.lift_proposed_at, w.lift_proposal, w.created_by, w.created_at, w.updated_at, w.rev`

func scanWarning(row interface{ Scan(...any) error }) (*warning.Warning, error) {
	var w warning.Warning
	var id, caseID, assessID, approver int64
	var class, level, urgency, reach, grade, computed, status, scope, conds, addressees, recipients string
	var starts, until, issued, ended, proposed sql.NullTime
	if err := row.Scan(&id, &caseID, &assessID, &class, &w.Title, &w.Summary, &level, &urgency, &reach, &grade, &computed,
		&w.GradeReason, &w.GradeJustification, &w.RulesVersion, &scope, &w.Matters, &w.Advice, &starts, &until, &conds,
		&addressees, &recipients, &w.Dept, &w.Number, &status, &issued, &ended, &w.EndReason, &approver,
		&proposed, &w.LiftProposal, &w.CreatedBy, &w.CreatedAt, &w.UpdatedAt, &w.Rev); err != nil {
		return nil, err
	}
	w.ID, w.CaseID, w.AssessmentID, w.ApproverID = risk.ID(id), risk.ID(caseID), risk.ID(assessID), risk.ID(approver)
	w.Class, w.Level, w.Urgency, w.Reach = warning.Class(class), risk.Level(level), warning.Urgency(urgency), warning.Reach(reach)
	w.Grade, w.ComputedGrade, w.Status = risk.Grade(grade), risk.Grade(computed), warning.Status(status)
	for _, j := range []struct {
		s string
		v any
	}{{scope, &w.Scope}, {conds, &w.Conditions}, {addressees, &w.Addressees}, {recipients, &w.Recipients}} {
		if err := json.Unmarshal([]byte(j.s), j.v); err != nil {
			return nil, fmt.Errorf("store: warning %d: %w", id, err)
		}
	}
	if starts.Valid {
		w.StartsAt = starts.Time.UTC()
	}
	if until.Valid {
		w.ValidUntil = until.Time.UTC()
	}
	w.IssuedAt, w.EndedAt, w.LiftProposedAt = nullTimePtr(issued), nullTimePtr(ended), nullTimePtr(proposed)
	w.CreatedAt, w.UpdatedAt = w.CreatedAt.UTC(), w.UpdatedAt.UTC()
	return &w, nil
}

// jsonText encodes a value for a JSON text column. The values are domain
// values that services have validated (NaN and Inf are refused), so an
// encoding error is a bug: it panics, which rolls the transaction back
// (Transact) rather than storing an empty or broken document.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("store: encode %T: %v", v, err))
	}
	return string(b)
}

func zeroTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// Create stores a draft.
func (s *WarningStore) Create(ctx context.Context, w *warning.Warning, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO warnings (case_id, assessment_id, class, title, summary, level, urgency, reach, grade,
			computed_grade, grade_reason, grade_justification, rules_version, scope, matters, advice, starts_at, valid_until, conditions,
			addressees, recipients, dept, status, created_by, created_at, updated_at, rev)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25, $26)
			RETURNING id`,
			int64(w.CaseID), int64(w.AssessmentID), string(w.Class), w.Title, w.Summary, string(w.Level), string(w.Urgency), string(w.Reach),
			string(w.Grade), string(w.ComputedGrade), w.GradeReason, w.GradeJustification, w.RulesVersion, jsonText(w.Scope), w.Matters, w.Advice,
			zeroTimeArg(w.StartsAt), zeroTimeArg(w.ValidUntil), jsonText(w.Conditions), jsonText(nonNilIDs(w.Addressees)), jsonText(nonNilStrings(w.Recipients)),
			w.Dept, string(w.Status), w.CreatedBy, now, w.Rev).Scan(&id)
		if err != nil {
			return err
		}
		w.ID, w.CreatedAt, w.UpdatedAt = risk.ID(id), now, now
		ae.EntityID = w.ID
		return appendAudit(ctx, tx, &ae)
	})
}

func nonNilIDs(x []risk.ID) []risk.ID {
	if x == nil {
		return []risk.ID{}
	}
	return x
}

func nonNilStrings(x []string) []string {
	if x == nil {
		return []string{}
	}
	return x
}

func updateWarning(ctx context.Context, tx *Tx, w *warning.Warning) error {
	res, err := tx.ExecContext(ctx, `UPDATE warnings SET class = $1, title = $2, summary = $3, urgency = $4, reach = $5, grade = $6,
		computed_grade = $7, grade_reason = $8, grade_justification = $9, rules_version = $10, scope = $11, matters = $12, advice = $13,
		starts_at = $14, valid_until = $15, conditions = $16, addressees = $17, recipients = $18, number = $19, status = $20,
		issued_at = $21, ended_at = $22, end_reason = $23, approver_id = $24, updated_at = $25, rev = $26,
		lift_proposed_at = $29, lift_proposal = $30 WHERE id = $27 AND rev = $28`,
		string(w.Class), w.Title, w.Summary, string(w.Urgency), string(w.Reach), string(w.Grade), string(w.ComputedGrade), w.GradeReason,
		w.GradeJustification, w.RulesVersion, jsonText(w.Scope), w.Matters, w.Advice, zeroTimeArg(w.StartsAt), zeroTimeArg(w.ValidUntil),
		jsonText(w.Conditions), jsonText(nonNilIDs(w.Addressees)), jsonText(nonNilStrings(w.Recipients)), w.Number, string(w.Status),
		timeArg(w.IssuedAt), timeArg(w.EndedAt), w.EndReason, nullID(w.ApproverID), tx.Now(), w.Rev, int64(w.ID), w.Rev-1,
		timeArg(w.LiftProposedAt), w.LiftProposal)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("预警已被他人修改，请刷新后重试。", "the warning was changed by someone else; reload and try again.")}
	}
	w.UpdatedAt = tx.Now()
	return nil
}

// Update writes w under its revision with its effects.
func (s *WarningStore) Update(ctx context.Context, w *warning.Warning, fx warning.Effects) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if err := updateWarning(ctx, tx, w); err != nil {
			return err
		}
		return writeEffects(ctx, tx, w, fx)
	})
}

// writeEffects writes, inside tx, what the warning service worked out that
// a change to w causes: its audit entry, the message it publishes, its
// inboxes, the port rules' version and the measures that end with it,
// each with its audit entry.
func writeEffects(ctx context.Context, tx *Tx, w *warning.Warning, fx warning.Effects) error {
	if fx.Publication != nil {
		if err := insertPublication(ctx, tx, w, *fx.Publication); err != nil {
			return err
		}
	}
	if err := appendAudit(ctx, tx, &fx.Audit); err != nil {
		return err
	}
	if fx.Rules {
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
	}
	if fx.Deliver {
		if err := deliver(ctx, tx, w.ID, fx.Inboxes); err != nil {
			return err
		}
	}
	if err := endMeasures(ctx, tx, fx.Measures); err != nil {
		return err
	}
	if w.Status.Ends() {
		return checkMeasuresEnded(ctx, tx, w)
	}
	return nil
}

// documentNumber returns the next number of a series of documents: the
// prefix (机关代字 such as 湘关预警), the year in brackets and the sequence,
// 湘关预警〔2026〕12号 — consecutive per series and year, never reused.
func documentNumber(ctx context.Context, tx *Tx, series, prefix string) (string, error) {
	year := tx.Now().In(risk.China).Year()
	n, err := nextCounter(ctx, tx, fmt.Sprintf("%s:%s:%d", series, prefix, year))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, n), nil
}

// Issue numbers and issues w and fills the inboxes of its recipients.
func (s *WarningStore) Issue(ctx context.Context, w *warning.Warning, prefix string, fx warning.Effects) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var err error
		if w.Number, err = documentNumber(ctx, tx, "warning", prefix); err != nil {
			return err
		}
		w.IssuedAt = &now
		if err := updateWarning(ctx, tx, w); err != nil {
			return err
		}
		fx.Audit.Summary = w.Number + " " + fx.Audit.Summary
		return writeEffects(ctx, tx, w, fx)
	})
}

// Refer stores w's referral, numbered in its own series (湘关预警报〔2026〕N号),
// and moves w to referred, in one transaction.
func (s *WarningStore) Refer(ctx context.Context, w *warning.Warning, prefix string, fx warning.Effects) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		r := w.Referral
		var err error
		if r.Number, err = documentNumber(ctx, tx, "referral", prefix); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO warning_referrals (warning_id, number, authority, referred_at, referred_by, note, outcome)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, int64(w.ID), r.Number, r.Authority, r.ReferredAt.UTC(), r.ReferredBy, r.Note, string(r.Outcome))
		if s.db.d.uniqueViolation(err) {
			return risk.Errorf(risk.ErrConflict, "该预警已上报。 / The warning has been referred already.")
		}
		if err != nil {
			return err
		}
		if err := updateWarning(ctx, tx, w); err != nil {
			return err
		}
		fx.Audit.Summary = r.Number + " " + fx.Audit.Summary
		return writeEffects(ctx, tx, w, fx)
	})
}

// RecordOutcome writes the national answer to w's referral and issues w:
// numbered when it has none, delivered and published, in one transaction.
func (s *WarningStore) RecordOutcome(ctx context.Context, w *warning.Warning, prefix string, fx warning.Effects) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		r := w.Referral
		res, err := tx.ExecContext(ctx, `UPDATE warning_referrals SET outcome = $1, decided_at = $2, national_reference = $3, national_url = $4,
			returned_grade = $5, outcome_note = $6, recorded_at = $7, recorded_by = $8 WHERE warning_id = $9 AND outcome = 'pending'`,
			string(r.Outcome), timeArg(r.DecidedAt), r.NationalReference, r.NationalURL, string(r.ReturnedGrade), r.OutcomeNote,
			timeArg(r.RecordedAt), r.RecordedBy, int64(w.ID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrConflict, "国家层面的答复已记录。 / The national reply has been recorded already.")
		}
		now := tx.Now()
		if w.Number == "" {
			if w.Number, err = documentNumber(ctx, tx, "warning", prefix); err != nil {
				return err
			}
		}
		w.IssuedAt = &now
		if err := updateWarning(ctx, tx, w); err != nil {
			return err
		}
		fx.Audit.Summary = w.Number + " " + fx.Audit.Summary
		return writeEffects(ctx, tx, w, fx)
	})
}

const referralCols = `warning_id, number, authority, referred_at, referred_by, note, outcome, decided_at, national_reference, national_url,
	returned_grade, outcome_note, recorded_at, recorded_by`

type referralRow struct {
	id int64
	r  *warning.Referral
}

func scanReferral(row rowScanner) (referralRow, error) {
	var r warning.Referral
	var id int64
	var outcome, grade string
	var decided, recorded sql.NullTime
	if err := row.Scan(&id, &r.Number, &r.Authority, &r.ReferredAt, &r.ReferredBy, &r.Note, &outcome, &decided, &r.NationalReference,
		&r.NationalURL, &grade, &r.OutcomeNote, &recorded, &r.RecordedBy); err != nil {
		return referralRow{}, err
	}
	r.ReferredAt = r.ReferredAt.UTC()
	r.Outcome, r.ReturnedGrade = warning.Outcome(outcome), risk.Grade(grade)
	r.DecidedAt, r.RecordedAt = nullTimePtr(decided), nullTimePtr(recorded)
	return referralRow{id, &r}, nil
}

// withReferrals attaches their referrals to the warnings (grade I ones
// and those returned: few).
func (s *WarningStore) withReferrals(ctx context.Context, ws []*warning.Warning) error {
	const chunk = 500
	for len(ws) > 0 {
		part := ws[:min(chunk, len(ws))]
		ws = ws[len(part):]
		byID := make(map[int64]*warning.Warning, len(part))
		ph := make([]string, len(part))
		args := make([]any, len(part))
		for i, w := range part {
			byID[int64(w.ID)] = w
			ph[i], args[i] = fmt.Sprintf("$%d", i+1), int64(w.ID)
		}
		rows, err := collect(scanReferral)(s.db.query(ctx, `SELECT `+referralCols+` FROM warning_referrals WHERE warning_id IN (`+strings.Join(ph, ",")+`)`, args...))
		if err != nil {
			return fmt.Errorf("store: referrals: %w", err)
		}
		for _, r := range rows {
			byID[r.id].Referral = r.r
		}
	}
	return nil
}

// Get returns one warning.
func (s *WarningStore) Get(ctx context.Context, id risk.ID) (*warning.Warning, error) {
	w, err := scanWarning(s.db.queryRow(ctx, `SELECT `+warningCols+` FROM warnings w WHERE w.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "预警不存在。 / No such warning.")
	}
	if err != nil {
		return nil, err
	}
	return w, s.withReferrals(ctx, []*warning.Warning{w})
}

func (s *WarningStore) many(ctx context.Context, q string, args ...any) ([]*warning.Warning, error) {
	out, err := collect(scanWarning)(s.db.query(ctx, q, args...))
	if err != nil {
		return nil, err
	}
	return out, s.withReferrals(ctx, out)
}

// List returns matching warnings, newest first.
func (s *WarningStore) List(ctx context.Context, f warning.Filter) ([]*warning.Warning, int, error) {
	var w where
	like := s.db.d.like()
	if f.Text != "" {
		pat := "%" + escapeLike(f.Text) + "%"
		w.add("(w.title "+like+" ? ESCAPE '\\' OR w.number "+like+" ? ESCAPE '\\')", pat, pat)
	}
	if f.Class != "" {
		w.add("w.class = ?", string(f.Class))
	}
	if f.Status != "" {
		w.add("w.status = ?", string(f.Status))
	}
	if f.Grade != "" {
		w.add("w.grade = ?", string(f.Grade))
	}
	if f.CaseID != 0 {
		w.add("w.case_id = ?", int64(f.CaseID))
	}
	if f.LiftProposed {
		w.conds = append(w.conds, "w.status IN ('issued', 'referred') AND w.lift_proposed_at IS NOT NULL")
	}
	if f.Viewer != "" {
		w.add("(w.dept = ? OR w.id IN (SELECT warning_id FROM warning_deliveries WHERE recipient = ?))", f.Viewer, "dept:"+f.Viewer)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM warnings w`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	out, err := s.many(ctx, `SELECT `+warningCols+` FROM warnings w`+w.sql()+` ORDER BY w.updated_at DESC, w.id DESC`+w.page(f.Limit, f.Offset), w.args...)
	return out, total, err
}

// Public lists issued announcements.
func (s *WarningStore) Public(ctx context.Context, offset, limit int) ([]*warning.Warning, int, error) {
	const cond = ` FROM warnings w WHERE w.class = 'announcement' AND w.status = 'issued'`
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*)`+cond).Scan(&total); err != nil {
		return nil, 0, err
	}
	var w where
	out, err := s.many(ctx, `SELECT `+warningCols+cond+` ORDER BY w.issued_at DESC, w.id DESC`+w.page(limit, offset))
	return out, total, err
}

// Due lists active warnings whose validity has ended.
func (s *WarningStore) Due(ctx context.Context, now time.Time) ([]*warning.Warning, error) {
	return s.many(ctx, `SELECT `+warningCols+` FROM warnings w WHERE w.status IN ('issued', 'referred') AND w.valid_until <= $1 ORDER BY w.id`, now.UTC())
}

// Inbox lists deliveries to a recipient.
func (s *WarningStore) Inbox(ctx context.Context, recipient string, limit int) ([]warning.Delivery, error) {
	rows, err := s.db.query(ctx, `SELECT d.delivered_at, d.ack_at, d.ack_by, `+warningCols+` FROM warning_deliveries d JOIN warnings w ON w.id = d.warning_id
		WHERE d.recipient = $1 ORDER BY d.delivered_at DESC, w.id DESC LIMIT `+strconv.Itoa(limit), recipient)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []warning.Delivery
	for rows.Next() {
		var d warning.Delivery
		var ack sql.NullTime
		var ackBy string
		var delivered time.Time
		w, err := scanWarning(prefixScanner{rows, []any{&delivered, &ack, &ackBy}})
		if err != nil {
			return nil, err
		}
		d.Warning, d.Recipient, d.DeliveredAt, d.AckAt, d.AckBy = w, recipient, delivered.UTC(), nullTimePtr(ack), ackBy
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	ws := make([]*warning.Warning, len(out))
	for i := range out {
		ws[i] = out[i].Warning
	}
	return out, s.withReferrals(ctx, ws)
}

// prefixScanner scans leading columns into pre before handing the rest on.
type prefixScanner struct {
	rows *sql.Rows
	pre  []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.rows.Scan(append(p.pre, dest...)...) }

// Acknowledge records the first acknowledgement of a delivery.
func (s *WarningStore) Acknowledge(ctx context.Context, id risk.ID, recipient, by string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE warning_deliveries SET ack_at = $1, ack_by = $2 WHERE warning_id = $3 AND recipient = $4 AND ack_at IS NULL`,
			tx.Now(), by, int64(id), recipient)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var exists int
			tx.QueryRowContext(ctx, `SELECT count(*) FROM warning_deliveries WHERE warning_id = $1 AND recipient = $2`, int64(id), recipient).Scan(&exists)
			if exists == 0 {
				return risk.Errorf(risk.ErrNotFound, "收件箱中没有该预警。 / That warning is not in your inbox.")
			}
			return nil // acknowledged before: keep the first time
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// EnterprisesExist reports which IDs are registered enterprises.
func (s *WarningStore) EnterprisesExist(ctx context.Context, ids []risk.ID) (map[risk.ID]bool, error) {
	out := map[risk.ID]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	ph := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		ph[i], args[i] = fmt.Sprintf("$%d", i+1), int64(id)
	}
	rows, err := s.db.query(ctx, `SELECT id FROM enterprises WHERE id IN (`+strings.Join(ph, ",")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[risk.ID(id)] = true
	}
	return out, rows.Err()
}

// deliver brings, inside tx, the inboxes of warning id in line with boxes:
// new ones receive it; the others lose it unless they acknowledged it
// already (an acknowledgement is a record that stays).
func deliver(ctx context.Context, tx *Tx, id risk.ID, boxes []string) error {
	now := tx.Now()
	keep := make([]string, 0, len(boxes))
	args := []any{int64(id)}
	for _, b := range boxes {
		if _, err := tx.ExecContext(ctx, `INSERT INTO warning_deliveries (warning_id, recipient, delivered_at) VALUES ($1, $2, $3)
			ON CONFLICT (warning_id, recipient) DO NOTHING`, int64(id), b, now); err != nil {
			return err
		}
		args = append(args, b)
		keep = append(keep, fmt.Sprintf("$%d", len(args)))
	}
	q := `DELETE FROM warning_deliveries WHERE warning_id = $1 AND ack_at IS NULL`
	if len(keep) > 0 {
		q += ` AND recipient NOT IN (` + strings.Join(keep, ",") + `)`
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}
