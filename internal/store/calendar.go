package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
)

// CalendarStore implements calendar.Store.
type CalendarStore struct{ db *DB }

// Calendar returns the calendar store.
func (db *DB) Calendar() *CalendarStore { return &CalendarStore{db: db} }

var _ calendar.Store = (*CalendarStore)(nil)

const calendarCounter = "calendar"

// CalendarYears lists the entered years in order.
func (s *CalendarStore) CalendarYears(ctx context.Context) ([]calendar.Year, error) {
	return collect(func(r interface{ Scan(...any) error }) (calendar.Year, error) {
		var y calendar.Year
		var days string
		var at time.Time
		if err := r.Scan(&y.Year, &y.Source, &days, &y.UpdatedBy, &at); err != nil {
			return y, err
		}
		if err := json.Unmarshal([]byte(days), &y.Days); err != nil {
			return y, fmt.Errorf("store: calendar %d: %w", y.Year, err)
		}
		at = at.UTC()
		y.UpdatedAt = &at
		return y, nil
	})(s.db.query(ctx, `SELECT year, source, days, updated_by, updated_at FROM calendar_years ORDER BY year`))
}

// SaveCalendarYear writes y with its audit entry and moves the version.
func (s *CalendarStore) SaveCalendarYear(ctx context.Context, y calendar.Year, ae audit.Entry) error {
	days, err := json.Marshal(y.Days)
	if err != nil {
		return err
	}
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_years (year, source, days, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (year) DO UPDATE SET source = excluded.source, days = excluded.days, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			y.Year, y.Source, string(days), y.UpdatedBy, y.UpdatedAt.UTC()); err != nil {
			return fmt.Errorf("store: save calendar %d: %w", y.Year, err)
		}
		if _, err := nextCounter(ctx, tx, calendarCounter); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// CalendarVersion reads the counter SaveCalendarYear moves (0 before any).
func (s *CalendarStore) CalendarVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.queryRow(ctx, `SELECT COALESCE(MAX(value), 0) FROM counters WHERE name = $1`, calendarCounter).Scan(&v)
	return v, err
}
