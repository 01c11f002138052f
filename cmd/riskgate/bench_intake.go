package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
)

// benchIntake measures signals created through the batch service (what
// POST /api/v1/signals runs: validation, deduplication by external
// reference, one transaction a batch with an audit entry a signal and the
// batch queued for the search index) on SQLite and PostgreSQL, against a
// per-row INSERT of the same signals — one statement a row, no audit — in
// the same run. Then the search index catches up (what the background
// indexer and the next search do): the second figure is the signals over
// the intake's time and the index's together.
func benchIntake(ctx context.Context, stdout io.Writer, n, batch int, pgURL string) error {
	type result struct{ ours, indexed, docs, rows float64 }
	results := map[string]result{}
	engines := []string{"sqlite"}
	if pgURL != "" {
		engines = append(engines, "postgres")
	}
	fmt.Fprintf(stdout, "intake: %d signals in batches of %d, each with an external reference (deduplicated) and an audit entry\n", n, batch)
	for _, engine := range engines {
		u, drop, err := benchDatabase(ctx, engine, pgURL)
		if err != nil {
			return err
		}
		r, err := func() (result, error) {
			defer drop()
			db, err := store.Open(ctx, u, nil)
			if err != nil {
				return result{}, err
			}
			defer db.Close()
			db.SetAuditKey(audit.NewKey())
			a, err := app.New(ctx, db, nil)
			if err != nil {
				return result{}, err
			}
			officer := risk.Actor{UserID: 1, Login: "bench", Name: "bench", Dept: "cs-customs", Role: risk.RoleOfficer}
			ins := benchSignals(n, "BENCH")
			start := time.Now()
			for i := 0; i < n; i += batch {
				if _, err := a.Signals.Create(ctx, officer, ins[i:min(i+batch, n)]); err != nil {
					return result{}, fmt.Errorf("%s batch %d: %w", engine, i/batch, err)
				}
			}
			took := time.Since(start)
			ours := float64(n) / took.Seconds()
			// The search index catches up: every signal's document written.
			start = time.Now()
			docs, err := db.IndexPending(ctx)
			if err != nil {
				return result{}, err
			}
			indexing := time.Since(start)
			indexed := float64(n) / (took + indexing).Seconds()
			if backlog, err := db.SearchBacklog(ctx); err != nil || backlog != 0 || docs != n {
				return result{}, fmt.Errorf("%s: %d documents written, %d signals still queued (%v)", engine, docs, backlog, err)
			}
			last := ins[n-1].ExternalRef
			if found, _, err := a.Signals.List(ctx, officer, signal.Filter{Text: last + " "}); err != nil || len(found) != 1 {
				return result{}, fmt.Errorf("%s: a search for %s found %d (%v)", engine, last, len(found), err)
			}
			// A resent batch is recognised, not stored again.
			res, err := a.Signals.Create(ctx, officer, ins[:min(batch, n)])
			if err != nil {
				return result{}, err
			}
			for _, x := range res {
				if x.Created {
					return result{}, fmt.Errorf("%s: a resent signal was stored again", engine)
				}
			}
			rows, err := rowInserts(ctx, engine, u, benchSignals(min(n, 20_000), "ROW"))
			if err != nil {
				return result{}, err
			}
			return result{ours, indexed, float64(docs) / indexing.Seconds(), rows}, nil
		}()
		if err != nil {
			return err
		}
		results[engine] = r
		fmt.Fprintf(stdout, "%s: %.0f signals/s through the batch service (search documents queued); %.0f/s with the search index caught up (the indexer: %.0f documents/s); per-row INSERT %.0f rows/s; %.1f×\n",
			engine, r.ours, r.indexed, r.docs, r.rows, r.ours/r.rows)
	}
	for _, engine := range engines {
		fmt.Fprintf(stdout, "%s_indexed_signals_per_s: %.0f\n", engine, results[engine].indexed)
	}
	fmt.Fprintf(stdout, "sqlite_signals_per_s: %.0f\n", results["sqlite"].ours)
	if r, ok := results["postgres"]; ok {
		fmt.Fprintf(stdout, "postgres_signals_per_s: %.0f\n", r.ours)
	} else {
		fmt.Fprintln(stdout, `postgres_signals_per_s: n/a (--pg "", or no --pg URL and none on 127.0.0.1:5432)`)
	}
	ratio := results["sqlite"].ours / results["sqlite"].rows
	if r, ok := results["postgres"]; ok {
		ratio = min(ratio, r.ours/r.rows)
	}
	fmt.Fprintf(stdout, "vs_row_insert: %.1f\n", ratio)
	return nil
}

// benchSignals are n distinct signals as a customs laboratory reports
// them.
func benchSignals(n int, prefix string) []signal.Input {
	products := []signal.Product{
		{HSCode: "9613100000", Name: "一次性打火机", Brand: "火炬", Model: "FT-1", Origin: "CN", Destination: "DE"},
		{HSCode: "3604100000", Name: "组合烟花", Brand: "红太阳", Model: "RS-36", Origin: "CN", Destination: "US"},
		{HSCode: "6912001000", Name: "陶瓷马克杯", Brand: "醴瓷", Model: "MK-12", Origin: "CN", Destination: "FR"},
		{HSCode: "9503008900", Name: "塑料玩具车", Brand: "童乐", Model: "TC-8", Origin: "CN", Destination: "GB"},
	}
	hazards := []string{"burns", "fire", "chemical", "choking"}
	out := make([]signal.Input, n)
	for i := range out {
		out[i] = signal.Input{Channel: "port-nonconformity", ExternalRef: fmt.Sprintf("%s-%08d", prefix, i), Region: "430100",
			Product: products[i%len(products)], Hazard: hazards[i%len(hazards)],
			Description: fmt.Sprintf("第 %d 批抽检不合格：标签、警示语或限量指标不符合要求。", i)}
	}
	return out
}

// rowInserts inserts the signals one statement at a time, each its own
// transaction, with no deduplication lookup and no audit: the baseline.
func rowInserts(ctx context.Context, engine, u string, ins []signal.Input) (float64, error) {
	driver, dsn := "pgx", u
	if engine == "sqlite" {
		driver, dsn = "sqlite", "file:"+strings.TrimPrefix(u, "sqlite:")+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	now := time.Now().UTC()
	start := time.Now()
	for _, in := range ins {
		p := in.Product
		if _, err := db.ExecContext(ctx, `INSERT INTO signals (channel, external_ref, received_at, region, reporter_name, reporter_contact,
			hs_code, product_name, brand, model, gtin, batch, manufacturer, uscc, origin, destination, hazard,
			injury_count, injury_severity, description, dept, status, created_by, created_by_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, '', '', $5, $6, $7, $8, '', '', '', '', $9, $10, $11, 0, 0, $12, 'cs-customs', 'new', 'bench', 1, $3, $3)`,
			in.Channel, in.ExternalRef, now, in.Region, p.HSCode, p.Name, p.Brand, p.Model, p.Origin, p.Destination, in.Hazard, in.Description); err != nil {
			return 0, fmt.Errorf("%s row insert: %w", engine, err)
		}
	}
	return float64(len(ins)) / time.Since(start).Seconds(), nil
}

// benchDatabase makes an empty database of the engine for the benchmark and
// returns its URL and how to drop it.
func benchDatabase(ctx context.Context, engine, pgURL string) (string, func(), error) {
	b := make([]byte, 4)
	rand.Read(b)
	name := "rg_bench_" + hex.EncodeToString(b)
	if engine == "sqlite" {
		dir, err := os.MkdirTemp("", name)
		if err != nil {
			return "", nil, err
		}
		return "sqlite:" + filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
	}
	admin, err := sql.Open("pgx", pgURL)
	if err != nil {
		return "", nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return "", nil, fmt.Errorf("create benchmark database: %w", err)
	}
	pu, err := url.Parse(pgURL)
	if err != nil {
		admin.Close()
		return "", nil, err
	}
	pu.Path = "/" + name
	return pu.String(), func() {
		admin.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}, nil
}
