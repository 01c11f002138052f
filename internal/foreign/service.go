package foreign

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// Stored is what the store keeps of a record it has seen.
type Stored struct {
	Digest   string
	SignalID risk.ID
}

// Store is the persistence of imports.
type Store interface {
	// Seen returns the records of a source already stored, by key.
	Seen(ctx context.Context, source string) (map[string]Stored, error)
	// Apply writes an import in one transaction: the new records with
	// their signals, the changed records with their signals updated, the
	// import's log entry. progress, when set, is told how many records
	// are written so far.
	Apply(ctx context.Context, imp *Import, progress func(done, total int)) error
	// History lists the latest limit imports, newest first, of a
	// department ("" every department's).
	History(ctx context.Context, dept string, limit int) ([]Logged, error)
}

// Import is one import as the store writes it.
type Import struct {
	Source   string
	FileName string
	FileHash string
	Actor    risk.Actor
	At       time.Time
	New      []Change
	Updated  []Change
	Report   *Report
	Entry    audit.Entry // the import's own audit entry
}

// Change is one record to write, with the signal it maps to and the
// audit entry of that signal's creation or update.
type Change struct {
	Record *Record
	Signal *signal.Signal
	Entry  audit.Entry
	Before Stored
}

// Report is what an import did.
type Report struct {
	Format    string   `json:"format"`
	File      string   `json:"file,omitempty"`
	Records   int      `json:"records"`
	New       int      `json:"new"`
	Updated   int      `json:"updated"`
	Unchanged int      `json:"unchanged"`
	Rejected  int      `json:"rejected"`
	Skipped   []Reject `json:"skipped,omitempty"` // every rejected record, with --skip-invalid
}

// Options are an import's choices.
type Options struct {
	// SkipInvalid imports the good records of a file with bad ones and
	// lists the bad ones; without it one bad record stops the import.
	SkipInvalid bool
	// Progress is told how many records are written so far.
	Progress func(done, total int)
}

// Service imports foreign notifications.
type Service struct {
	Store Store
	Now   func() time.Time
}

// sourceNames label the sources on signals.
var sourceNames = map[string]string{
	"safetygate": "EU Safety Gate", "rasff": "EU RASFF", "cpsc": "US CPSC", "openfda": "US FDA enforcement", "fda-press": "US FDA press release",
}

// Import reads a file of the given format and writes it: all of it or,
// with SkipInvalid, all of its good records; a file that cannot be read
// writes nothing.
func (s *Service) Import(ctx context.Context, a risk.Actor, format, name string, r io.Reader, opt Options) (*Report, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.ErrForbidden
	}
	h := sha256.New()
	p, err := Parse(format, io.TeeReader(r, h))
	if err != nil {
		return nil, risk.Unreadable(err)
	}
	rep := &Report{Format: format, File: name, Records: len(p.Records) + len(p.Rejects), Rejected: len(p.Rejects)}
	if len(p.Rejects) > 0 && !opt.SkipInvalid {
		e := &risk.Error{Kind: risk.ErrInvalid, Field: "file",
			Message: risk.Bilingual(fmt.Sprintf("%d 条记录无效，未导入任何记录（可用 --skip-invalid 跳过无效记录）。", len(p.Rejects)),
				fmt.Sprintf("%d records are invalid; nothing was imported (--skip-invalid imports the rest).", len(p.Rejects)))}
		for i, rj := range p.Rejects {
			if i == 100 {
				break
			}
			e.Details = append(e.Details, risk.FieldError{Field: fmt.Sprintf("line %d: %s", rj.Line, rj.Field), Message: rj.Reason})
		}
		return nil, e
	}
	rep.Skipped = p.Rejects
	seen, err := s.Store.Seen(ctx, format)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	imp := &Import{Source: format, FileName: name, FileHash: hex.EncodeToString(h.Sum(nil)), Actor: a, At: now, Report: rep}
	for _, rec := range p.Records {
		old, ok := seen[rec.Key]
		switch {
		case !ok:
			g := s.signalOf(a, rec, now)
			imp.New = append(imp.New, Change{Record: rec, Signal: g,
				Entry: audit.New(a, "signal.create", "signal", 0, "导入国外通报 "+sourceNames[format]+" "+clip(rec.Key, 100))})
		case old.Digest != rec.Hash:
			g := s.signalOf(a, rec, now)
			g.ID = old.SignalID
			imp.Updated = append(imp.Updated, Change{Record: rec, Signal: g, Before: old,
				Entry: audit.New(a, "signal.update", "signal", old.SignalID, "国外通报已变更 "+sourceNames[format]+" "+clip(rec.Key, 100))})
		default:
			rep.Unchanged++
		}
	}
	rep.New, rep.Updated = len(imp.New), len(imp.Updated)
	imp.Entry = audit.New(a, "foreign.import", "foreign_import", 0,
		fmt.Sprintf("导入 %s：新增 %d，更新 %d，未变 %d，拒绝 %d", sourceNames[format], rep.New, rep.Updated, rep.Unchanged, rep.Rejected)).
		WithChange(nil, map[string]any{"file": name, "sha256": imp.FileHash, "new": rep.New, "updated": rep.Updated, "unchanged": rep.Unchanged, "rejected": rep.Rejected})
	if err := s.Store.Apply(ctx, imp, opt.Progress); err != nil {
		return nil, err
	}
	return rep, nil
}

// signalOf maps a record to its signal, within the signal's limits.
func (s *Service) signalOf(a risk.Actor, rec *Record, now time.Time) *signal.Signal {
	at := rec.Date
	if at.IsZero() || at.After(now) {
		at = now
	}
	ref := rec.Source + ":" + rec.Key
	if len(ref) > 200 {
		ref = rec.Source + ":" + digestKey(rec.Key)
	}
	reporter := sourceNames[rec.Source]
	if rec.Notifier != "" && !strings.Contains(reporter, rec.Notifier) && !strings.HasSuffix(rec.Notifier, "FDA") && !strings.HasSuffix(rec.Notifier, "CPSC") {
		reporter += " · " + rec.Notifier
	}
	desc := rec.Summary
	if rec.URL != "" {
		desc += "\n" + rec.URL
	}
	if len(rec.Measures) > 0 {
		desc += "\nMeasures: " + strings.Join(rec.Measures, ", ")
	}
	p := rec.Product
	return &signal.Signal{Channel: Channel, ExternalRef: ref, ReceivedAt: at.UTC().Truncate(time.Microsecond), ReceivedYearOnly: rec.YearOnly && at.Equal(rec.Date),
		Reporter: &signal.Reporter{Name: clip(reporter, 100)},
		Product: signal.Product{HSCode: p.HSCode, Name: clip(p.Name, 200), Brand: clip(p.Brand, 200), Model: clip(p.Model, 200), GTIN: p.GTIN,
			Batch: clip(p.Batch, 200), Manufacturer: clip(p.Manufacturer, 200), Origin: p.Origin, Destination: p.Market},
		Hazard: rec.Hazard, Description: clip(desc, signal.MaxDescription), Dept: a.Dept, Status: signal.StatusNew, CreatedBy: a.Label()}
}
