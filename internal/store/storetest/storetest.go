// Package storetest opens real test databases — SQLite always, PostgreSQL
// when RISKGATE_TEST_POSTGRES names a server — migrated and seeded with the
// catalogues, one fresh database per test. PostgreSQL databases are cloned
// from a template built once per migration set, so a test pays for
// CREATE DATABASE … TEMPLATE, not for the migrations.
package storetest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/credit"
	"riskgate/internal/measure"
	"riskgate/internal/store"
	"riskgate/internal/warning"
)

// EnvPostgres names the environment variable with the PostgreSQL admin URL.
const EnvPostgres = "RISKGATE_TEST_POSTGRES"

// Engines returns the engines to test: "sqlite", and "postgres" when
// RISKGATE_TEST_POSTGRES is set. Under CI (CI set) a missing PostgreSQL
// fails the test rather than skipping it.
func Engines(t testing.TB) []string {
	if os.Getenv(EnvPostgres) != "" {
		return []string{"sqlite", "postgres"}
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set: CI must test PostgreSQL too (use scripts/test)", EnvPostgres)
	}
	return []string{"sqlite"}
}

// Run runs fn as a subtest on a fresh database of every engine.
func Run(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, e := range Engines(t) {
		t.Run(e, func(t *testing.T) { fn(t, Open(t, e)) })
	}
}

// Open returns a fresh, migrated, seeded database of the engine, closed and
// dropped when the test ends.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	ctx := context.Background()
	var u string
	switch engine {
	case "sqlite":
		u = "sqlite:" + sqliteCopy(t)
	case "postgres":
		u = postgresClone(t)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	db, err := store.Open(ctx, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The template's entries are plain SHA-256, as a database's before
	// its first start with an audit key; the test's own are keyed.
	db.SetAuditKey(audit.NewKey())
	t.Cleanup(func() { db.Close() })
	return db
}

// prepare migrates and seeds a database.
func prepare(ctx context.Context, u string) error {
	db, err := store.Open(ctx, u, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		return err
	}
	if _, err := catalog.Seed(ctx, db.Catalogs()); err != nil {
		return err
	}
	if err := assess.SeedProfiles(ctx, db.Assessments()); err != nil {
		return err
	}
	if err := warning.SeedRules(ctx, db.Warnings()); err != nil {
		return err
	}
	if err := measure.SeedBundles(ctx, db.Measures()); err != nil {
		return err
	}
	return credit.SeedRules(ctx, db.Credit())
}

var sqliteTemplate struct {
	once sync.Once
	path string
	err  error
}

// sqliteCopy copies a template database file prepared once per test binary.
func sqliteCopy(t testing.TB) string {
	sqliteTemplate.once.Do(func() {
		dir, err := os.MkdirTemp("", "riskgate-sqlite-template-")
		if err != nil {
			sqliteTemplate.err = err
			return
		}
		p := filepath.Join(dir, "template.db")
		if err := prepare(context.Background(), "sqlite:"+p); err != nil {
			sqliteTemplate.err = err
			return
		}
		sqliteTemplate.path = p
	})
	if sqliteTemplate.err != nil {
		t.Fatalf("prepare sqlite template: %v", sqliteTemplate.err)
	}
	dst := filepath.Join(t.TempDir(), "riskgate.db")
	if err := copyFile(sqliteTemplate.path, dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// templateName names the PostgreSQL template after the migrations and
// catalogue checksums, so a change builds a new template.
func templateName() (string, error) {
	ms, err := store.Migrations("postgres")
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		io.WriteString(h, m.SQL)
	}
	ts, err := catalog.Builtin()
	if err != nil {
		return "", err
	}
	for _, tb := range ts {
		io.WriteString(h, tb.Checksum)
	}
	ps, err := assess.BuiltinProfiles()
	if err != nil {
		return "", err
	}
	for _, p := range ps {
		fmt.Fprintf(h, "%s:%d", p.Name, p.Version)
	}
	io.WriteString(h, warning.DefaultRules.Encode())
	if b, err := measure.DefaultBundles(); err == nil {
		fmt.Fprintf(h, "%+v", *b)
	}
	return "rg_tpl_" + hex.EncodeToString(h.Sum(nil))[:12], nil
}

func withDB(admin, name string) string {
	u, err := url.Parse(admin)
	if err != nil {
		return admin
	}
	u.Path = "/" + name
	return u.String()
}

// postgresClone creates a database from the template, building the template
// first if no test binary has yet. An advisory lock keeps concurrent test
// binaries from building it twice.
func postgresClone(t testing.TB) string {
	t.Helper()
	admin := os.Getenv(EnvPostgres)
	if admin == "" {
		t.Skipf("%s not set", EnvPostgres)
	}
	ctx := context.Background()
	adb, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer adb.Close()
	conn, err := adb.Conn(ctx)
	if err != nil {
		t.Fatalf("connect to PostgreSQL: %v", err)
	}
	defer conn.Close()
	tpl, err := templateName()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(7243011)`); err != nil {
		t.Fatal(err)
	}
	var exists bool
	err = conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate)`, tpl).Scan(&exists)
	if err == nil && !exists {
		err = buildTemplate(ctx, conn, admin, tpl)
	}
	conn.ExecContext(ctx, `SELECT pg_advisory_unlock(7243011)`)
	if err != nil {
		t.Fatalf("build PostgreSQL template %s: %v", tpl, err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := "rg_test_" + hex.EncodeToString(b[:])
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s TEMPLATE %s`, name, tpl)); err != nil {
		t.Fatalf("clone template: %v", err)
	}
	t.Cleanup(func() {
		adb, err := sql.Open("pgx", admin)
		if err != nil {
			return
		}
		defer adb.Close()
		adb.ExecContext(context.Background(), fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, name))
	})
	return withDB(admin, name)
}

func buildTemplate(ctx context.Context, conn *sql.Conn, admin, tpl string) error {
	work := tpl + "_build"
	conn.ExecContext(ctx, fmt.Sprintf(`DROP DATABASE IF EXISTS %s WITH (FORCE)`, work))
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`CREATE DATABASE %s`, work)); err != nil {
		return err
	}
	if err := prepare(ctx, withDB(admin, work)); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf(`ALTER DATABASE %s RENAME TO %s`, work, tpl)); err != nil {
		return err
	}
	_, err := conn.ExecContext(ctx, fmt.Sprintf(`ALTER DATABASE %s IS_TEMPLATE true`, tpl))
	return err
}
