package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/search"
	"riskgate/internal/warning"
)

// PublicationStore implements publish.Store.
type PublicationStore struct{ db *DB }

// Publications returns the publication store.
func (db *DB) Publications() *PublicationStore { return &PublicationStore{db: db} }

var _ publish.Store = (*PublicationStore)(nil)

// Log returns what a warning has published so far.
func (s *PublicationStore) Log(ctx context.Context, id risk.ID) (publish.Log, error) {
	var l publish.Log
	var live int
	err := s.db.queryRow(ctx, `SELECT (SELECT count(*) FROM publications WHERE warning_id = $1 AND latest AND msg_type <> 'Cancel'),
		COALESCE(MAX(seq), 0), COALESCE(MAX(CASE WHEN seq = 1 AND public THEN 1 ELSE 0 END), 0)
		FROM publications WHERE warning_id = $1`, int64(id)).Scan(&live, &l.Seq, &l.FirstPublic)
	l.Live = live > 0
	return l, err
}

// Hazards lists the hazards of an assessment's scenarios.
func (s *PublicationStore) Hazards(ctx context.Context, assessmentID risk.ID) ([]string, error) {
	var scenarios string
	err := s.db.queryRow(ctx, `SELECT scenarios FROM assessments WHERE id = $1`, int64(assessmentID)).Scan(&scenarios)
	if errors.Is(err, sql.ErrNoRows) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("assessment %d: %w", assessmentID, err)
	}
	return hazardsOf(assessmentID, scenarios)
}

func hazardsOf(assessmentID risk.ID, scenarios string) ([]string, error) {
	var sc []assess.Scenario
	if scenarios != "" {
		if err := json.Unmarshal([]byte(scenarios), &sc); err != nil {
			return nil, fmt.Errorf("assessment %d: scenarios: %w", assessmentID, err)
		}
	}
	hazards := make([]string, 0, len(sc))
	for _, s := range sc {
		hazards = append(hazards, s.Hazard)
	}
	return hazards, nil
}

// insertPublication writes, inside tx, the message p of w as written,
// the newest of its messages, and indexes it for search.
func insertPublication(ctx context.Context, tx *Tx, w *warning.Warning, p warning.Publication) error {
	sent := p.Sent
	if sent.IsZero() {
		sent = tx.Now()
	}
	sent = sent.Truncate(time.Second)
	if _, err := tx.ExecContext(ctx, `UPDATE publications SET latest = FALSE WHERE warning_id = $1 AND latest`, int64(w.ID)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO publications (warning_id, seq, msg_type, identifier, sent, public, class, grade, facets, snapshot, latest, fanned_out)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, FALSE)`,
		int64(w.ID), p.Seq, p.Type, p.Identifier, sent, p.Public, string(w.Class), string(w.Grade), jsonText(p.Facets), jsonText(w)); err != nil {
		return err
	}
	return indexDoc(ctx, tx, searchWarning, int64(w.ID), p.Public, sent, p.Text(w))
}

// Search returns every public warning that holds the terms of q (public
// announcements are few: thousands, not millions), so that filters applied
// after it see every match.
func (s *PublicationStore) Search(ctx context.Context, q search.Query) (map[risk.ID]bool, error) {
	if q.Empty() {
		return nil, nil
	}
	cond, arg := s.db.d.searchIn(q, searchWarning)
	refs, err := collect(scanInt64)(s.db.query(ctx, strings.Replace(cond, "?", "$1", 1)+" AND d.public", arg))
	out := make(map[risk.ID]bool, len(refs))
	for _, r := range refs {
		out[risk.ID(r)] = true
	}
	return out, err
}

const publicationCols = `p.id, p.warning_id, p.seq, p.msg_type, p.identifier, p.sent, p.public, p.facets, p.snapshot`

func scanPublication(row rowScanner) (*publish.Message, error) {
	var m publish.Message
	var wid int64
	var t, facets, snap string
	if err := row.Scan(&m.ID, &wid, &m.Seq, &t, &m.Identifier, &m.Sent, &m.Public, &facets, &snap); err != nil {
		return nil, err
	}
	m.WarningID, m.Type, m.Sent = risk.ID(wid), publish.MsgType(t), m.Sent.UTC()
	if err := json.Unmarshal([]byte(facets), &m.Facets); err != nil {
		return nil, fmt.Errorf("store: publication %d facets: %w", m.ID, err)
	}
	if err := json.Unmarshal([]byte(snap), &m.Warning); err != nil {
		return nil, fmt.Errorf("store: publication %d snapshot: %w", m.ID, err)
	}
	return &m, nil
}

func (s *PublicationStore) many(ctx context.Context, q string, args ...any) ([]*publish.Message, error) {
	return collect(scanPublication)(s.db.query(ctx, q, args...))
}

// OfWarning lists a warning's messages, oldest first.
func (s *PublicationStore) OfWarning(ctx context.Context, id risk.ID) ([]*publish.Message, error) {
	return s.many(ctx, `SELECT `+publicationCols+` FROM publications p WHERE p.warning_id = $1 ORDER BY p.seq`, int64(id))
}

// Latest lists the newest message of each warning, newest first: only
// public ones when public is set, else those of the class (all when
// class is empty). limit 0 means no limit.
func (s *PublicationStore) Latest(ctx context.Context, public bool, class warning.Class, limit int) ([]*publish.Message, error) {
	var w where
	w.add("p.latest")
	if public {
		w.add("p.public")
	}
	if class != "" {
		w.add("p.class = ?", string(class))
	}
	return s.many(ctx, `SELECT `+publicationCols+` FROM publications p`+w.sql()+` ORDER BY p.sent DESC, p.id DESC`+w.page(limit, 0), w.args...)
}

// Backfill publishes, once, the warnings issued before the message log
// existed: an Alert for each, and a Cancel for those that have ended; and
// indexes for search the messages published before the index existed.
// It returns how many messages it added.
func (s *PublicationStore) Backfill(ctx context.Context) (int, error) {
	ws, err := s.db.Warnings().many(ctx, `SELECT `+warningCols+` FROM warnings w
		WHERE w.issued_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM publications p WHERE p.warning_id = w.id) ORDER BY w.id`)
	if err != nil {
		return 0, err
	}
	// Messages published before the search index existed.
	unindexed, err := s.many(ctx, `SELECT `+publicationCols+` FROM publications p WHERE p.latest
		AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'warning' AND d.ref = p.warning_id) ORDER BY p.id`)
	if err != nil || len(ws)+len(unindexed) == 0 {
		return 0, err
	}
	n := 0
	err = s.db.Transact(ctx, func(tx *Tx) error {
		n = 0
		for _, m := range unindexed {
			if err := indexDoc(ctx, tx, searchWarning, int64(m.WarningID), m.Public, m.Sent, publish.SearchText(m)); err != nil {
				return err
			}
		}
		for _, w := range ws {
			var scenarios string
			err := tx.QueryRowContext(ctx, `SELECT scenarios FROM assessments WHERE id = $1`, int64(w.AssessmentID)).Scan(&scenarios)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("publication of warning %d: assessment: %w", w.ID, err)
			}
			hazards, err := hazardsOf(w.AssessmentID, scenarios)
			if err != nil {
				return fmt.Errorf("publication of warning %d: %w", w.ID, err)
			}
			for _, p := range publish.Backlog(w, hazards) {
				if err := insertPublication(ctx, tx, w, p); err != nil {
					return err
				}
				n++
			}
		}
		return nil
	})
	return n, err
}
