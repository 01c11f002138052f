package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/store/storetest"
	"riskgate/internal/trace"
)

// cli runs the command as main would, returning stdout and the error.
func cli(t *testing.T, stdin string, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	err := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return out.String(), err
}

// cliErr runs the command, writing its stderr to errb.
func cliErr(t *testing.T, errb *bytes.Buffer, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, errb)
	return out.String(), err
}

func TestHelp(t *testing.T) {
	out, err := cli(t, "", nil, "help")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"serve", "demo", "migrate", "user add", "token create", "audit verify", "backup", "detect", "import", "bench detect"} {
		if !strings.Contains(out, "riskgate "+c) {
			t.Errorf("help does not list %q", c)
		}
	}
	if _, err := cli(t, "", nil, "frobnicate"); !errors.Is(err, exitError(2)) {
		t.Errorf("unknown command: %v", err)
	}
}

// dbURLs returns a fresh database URL per engine (the storetest template
// machinery gives PostgreSQL a clone; SQLite starts from an empty file).
func dbURLs(t *testing.T) map[string]string {
	urls := map[string]string{"sqlite": "sqlite:" + filepath.Join(t.TempDir(), "rg.db")}
	for _, e := range storetest.Engines(t) {
		if e == "postgres" {
			// PostgreSQL's audit key and checkpoints default to the user's
			// configuration directory: the test's own.
			t.Setenv("XDG_CONFIG_HOME", t.TempDir())
			db := storetest.Open(t, "postgres")
			urls["postgres"] = db.URL
			db.Close()
		}
	}
	return urls
}

func TestAdminCommands(t *testing.T) {
	for engine, url := range dbURLs(t) {
		t.Run(engine, func(t *testing.T) {
			if out, err := cli(t, "", nil, "migrate", "--db", url); err != nil || !strings.Contains(out, "schema version") {
				t.Fatalf("migrate: %q %v", out, err)
			}
			if _, err := cli(t, "short\n", nil, "user", "add", "--db", url, "--login", "wang", "--name", "王芳", "--dept", "hn-amr", "--role", "officer"); err == nil || !strings.Contains(err.Error(), "password") {
				t.Fatalf("short password accepted: %v", err)
			}
			out, err := cli(t, "a-long-enough-password\n", nil, "user", "add", "--db", url, "--login", "wang", "--name", "王芳", "--dept", "hn-amr", "--role", "officer")
			if err != nil || !strings.Contains(out, "user wang created") {
				t.Fatalf("user add: %q %v", out, err)
			}
			out, err = cli(t, "", nil, "token", "create", "--db", url, "--login", "wang")
			if err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			token := lines[len(lines)-1]
			if !strings.HasPrefix(token, "rgt_") || len(token) != 68 {
				t.Fatalf("token line %q", token)
			}
			// The token works against a real server until it is revoked.
			apiGet := func() int {
				t.Helper()
				a, err := app.Open(context.Background(), url, app.AuditConfig{}, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer a.Close()
				srv, err := a.Server(app.ServerConfig{})
				if err != nil {
					t.Fatal(err)
				}
				ts := httptest.NewServer(srv.Handler())
				defer ts.Close()
				req, _ := http.NewRequest("GET", ts.URL+"/api/v1/signals", nil)
				req.Header.Set("Authorization", "Bearer "+token)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			if code := apiGet(); code != http.StatusOK {
				t.Fatalf("GET /api/v1/signals with the new token: %d", code)
			}
			out, err = cli(t, "", nil, "token", "list", "--db", url)
			var tokenID string
			for _, l := range strings.Split(out, "\n") {
				if f := strings.Fields(l); len(f) > 2 && f[1] == "wang" && f[2] == "cli" {
					tokenID = f[0]
					if strings.Contains(l, "—\n") || strings.Count(l, "—") != 1 {
						t.Errorf("token line %q: want its last use shown and no revocation", l)
					}
				}
			}
			if err != nil || tokenID == "" || strings.Contains(out, token) {
				t.Fatalf("token list: %q %v", out, err)
			}
			if out, err := cli(t, "", nil, "token", "revoke", "--db", url, "--id", tokenID); err != nil || !strings.Contains(out, "revoked") {
				t.Fatalf("token revoke: %q %v", out, err)
			}
			if code := apiGet(); code != http.StatusUnauthorized {
				t.Fatalf("GET /api/v1/signals with a revoked token: %d, want 401", code)
			}
			// Only the hash is stored.
			b, _ := os.ReadFile(strings.TrimPrefix(url, "sqlite:"))
			if engine == "sqlite" && bytes.Contains(b, []byte(token)) {
				t.Fatal("the token itself is in the database file")
			}
			if out, err := cli(t, "", nil, "audit", "verify", "--db", url); err != nil || !strings.Contains(out, "intact") {
				t.Fatalf("audit verify: %q %v", out, err)
			}
			if engine == "sqlite" {
				dst := filepath.Join(t.TempDir(), "backup.db")
				if out, err := cli(t, "", nil, "backup", "--db", url, "--out", dst); err != nil {
					t.Fatalf("backup: %q %v", out, err)
				}
				// A backup is verified with the database's audit key.
				key := filepath.Join(filepath.Dir(strings.TrimPrefix(url, "sqlite:")), "audit.key")
				if out, err := cli(t, "", nil, "audit", "verify", "--db", "sqlite:"+dst, "--key", key); err != nil || !strings.Contains(out, "intact") {
					t.Fatalf("verify backup: %q %v", out, err)
				}
				// Without it, the keyed entries cannot be checked: verify
				// says the key is missing (it never makes one up).
				if out, err := cli(t, "", nil, "audit", "verify", "--db", "sqlite:"+dst); err == nil || !strings.Contains(err.Error(), "audit key") {
					t.Fatalf("verify backup without its key: %q %v", out, err)
				}
				// Tamper with the copy: verification fails and names the entry.
				db, err := sqlOpen(dst)
				if err != nil {
					t.Fatal(err)
				}
				db.Exec(`DROP TRIGGER audit_log_no_update`)
				if _, err := db.Exec(`UPDATE audit_log SET summary = 'forged' WHERE seq = 3`); err != nil {
					t.Fatal(err)
				}
				db.Close()
				out, err := cli(t, "", nil, "audit", "verify", "--db", "sqlite:"+dst, "--key", key)
				if !errors.Is(err, exitError(1)) || !strings.Contains(out, "entry 3") {
					t.Fatalf("tampered verify: %q %v", out, err)
				}
			} else if _, err := exec.LookPath("pg_dump"); err == nil {
				dst := filepath.Join(t.TempDir(), "backup.dump")
				if out, err := cli(t, "", nil, "backup", "--db", url, "--out", dst); err != nil {
					t.Fatalf("pg backup: %q %v", out, err)
				}
				if st, err := os.Stat(dst); err != nil || st.Size() == 0 {
					t.Fatalf("pg backup file: %v", err)
				}
			}
		})
	}
}

// TestAuditVerifyCheckpoints: entries deleted after a signed checkpoint,
// with the head moved back so that the database's chain is whole, are found
// by `audit verify --checkpoints`, which names the first missing entry.
func TestAuditVerifyCheckpoints(t *testing.T) {
	ctx := context.Background()
	for engine, url := range dbURLs(t) {
		t.Run(engine, func(t *testing.T) {
			add := func(login string) {
				if out, err := cli(t, "a-long-enough-password\n", nil, "user", "add", "--db", url, "--login", login, "--name", login, "--dept", "hn-amr", "--role", "officer"); err != nil {
					t.Fatalf("user add: %q %v", out, err)
				}
			}
			add("li")
			a, err := app.Open(ctx, url, app.AuditConfig{}, nil)
			if err != nil {
				t.Fatal(err)
			}
			cp, err := a.Checkpoints.Write(ctx)
			a.Close()
			if err != nil || cp == nil || cp.KeyedFrom == 0 {
				t.Fatalf("checkpoint %+v, %v", cp, err)
			}
			add("zhao")
			_, dir, err := app.AuditConfig{}.ResolveToVerify(url)
			if err != nil || dir == "" {
				t.Fatalf("checkpoint directory %q, %v", dir, err)
			}
			if out, err := cli(t, "", nil, "audit", "verify", "--db", url, "--checkpoints", dir); err != nil || !strings.Contains(out, "1 signed checkpoints agree") {
				t.Fatalf("verify before tampering: %q %v", out, err)
			}
			var db *sql.DB
			if engine == "sqlite" {
				db, err = sqlOpen(strings.TrimPrefix(url, "sqlite:"))
			} else {
				db, err = sql.Open("pgx", url)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			unlock := map[string][]string{"sqlite": {`DROP TRIGGER audit_log_no_delete`}, "postgres": {`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`}}[engine]
			for _, q := range unlock {
				if _, err := db.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			var prev string
			if err := db.QueryRow(`SELECT hash FROM audit_log WHERE seq = $1`, cp.Seq-1).Scan(&prev); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`DELETE FROM audit_log WHERE seq >= $1`, cp.Seq); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Exec(`UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1`, cp.Seq-1, prev); err != nil {
				t.Fatal(err)
			}
			out, err := cli(t, "", nil, "audit", "verify", "--db", url, "--checkpoints", dir)
			if !errors.Is(err, exitError(1)) || !strings.Contains(out, fmt.Sprintf("BROKEN at entry %d", cp.Seq)) || !strings.Contains(out, "entries deleted") {
				t.Fatalf("verify after truncation: %q %v; want exit 1 naming entry %d", out, err, cp.Seq)
			}
		})
	}
}

// TestDemoServes starts `riskgate demo --small` as a real process on a
// free port, waits for it to listen, signs nothing in, and checks it
// answers; a second start on the same database loads nothing twice.
// (internal/demo's TestLoadAll checks what each role sees.)
func TestDemoServes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	dir := t.TempDir()
	bin := buildBinary(t, dir)
	auditLen := func() int {
		out, err := cli(t, "", nil, "audit", "verify", "--db", "sqlite:"+filepath.Join(dir, "data", "rg.db"))
		if err != nil {
			t.Fatal(out, err)
		}
		var n int
		fmt.Sscanf(out, "audit chain intact: %d", &n)
		return n
	}
	var lengths []int
	for round := 0; round < 2; round++ {
		start := time.Now()
		cmd := exec.Command(bin, "demo", "--small", "--addr", "127.0.0.1:0", "--db", "sqlite:"+filepath.Join(dir, "data", "rg.db"))
		stdout, _ := cmd.StdoutPipe()
		cmd.Stderr = io.Discard
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(stdout)
		var addr string
		var logins []string
		for sc.Scan() {
			line := sc.Text()
			if f := strings.Fields(line); len(f) == 3 && strings.HasSuffix(f[1], "-2026") {
				logins = append(logins, f[0])
			}
			if a, ok := strings.CutPrefix(line, "riskgate listening on http://"); ok {
				addr = strings.Fields(a)[0]
				break
			}
		}
		if addr == "" {
			cmd.Process.Kill()
			t.Fatal("demo never said where it listens")
		}
		if got := strings.Join(logins, ","); got != "admin,officer,approver,inspector,enterprise,lab,amr,port" {
			t.Errorf("printed accounts %s", got)
		}
		t.Logf("round %d: listening after %v", round, time.Since(start).Round(time.Millisecond))
		client := &http.Client{Timeout: 10 * time.Second}
		resp, err := client.Get("http://" + addr + "/api/v1/catalog/countries?q=VN")
		if err != nil {
			cmd.Process.Kill()
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), "越南") {
			t.Errorf("round %d: countries?q=VN = %s", round, body)
		}
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Fatalf("round %d: demo exited with %v", round, err)
		}
		lengths = append(lengths, auditLen())
		// A clean shutdown left a signed checkpoint of the last entry
		// beside the database, and the key file only its owner reads.
		if cp := audit.LatestCheckpoint(filepath.Join(dir, "data", "checkpoints")); cp == nil || cp.Seq != int64(lengths[round]) {
			t.Errorf("round %d: last checkpoint %+v; want one at entry %d", round, cp, lengths[round])
		}
		if fi, err := os.Stat(filepath.Join(dir, "data", "audit.key")); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("audit key file: %v %v; want mode 0600", fi, err)
		}
	}
	// Idempotent: the second round found the data and changed nothing.
	if lengths[0] < 50 || lengths[1] != lengths[0] {
		t.Fatalf("audit entries after the first and second demo load: %v", lengths)
	}
}

func TestScreenCommand(t *testing.T) {
	url := "sqlite:" + filepath.Join(t.TempDir(), "rg.db")
	env := map[string]string{"RISKGATE_SCREENING_SALT": "cli-salt"}
	line := func(number, hs string) string {
		return `{"number": "` + number + `", "direction": "import", "port": "4900", "declared_at": "2026-11-29T10:00:00+08:00", "trade_mode": "0110", ` +
			`"lines": [{"hs_code": "` + hs + `", "name": "陶瓷餐具", "origin": "CN"}]}`
	}
	in := line("C-1", "6911101000") + "\n\n" + line("C-2", "6911101000") + "\n"
	out, err := cli(t, in, env, "screen", "--db", url)
	if err != nil {
		t.Fatal(out, err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `{"number":"C-1","decision":"`) {
		t.Fatalf("output %q", out)
	}
	// The same input gives the same output, byte for byte.
	again, err := cli(t, in, env, "screen", "--db", url)
	if err != nil || again != out {
		t.Fatalf("rerun differs:\n%s\n%s (%v)", out, again, err)
	}
	// A bad line: non-zero exit naming the line and field, nothing written.
	_, err = cli(t, line("C-3", "6911101000")+"\n"+line("C-4", "69")+"\n", env, "screen", "--db", url)
	if err == nil || !strings.Contains(err.Error(), "items[1].lines[0].hs_code") {
		t.Fatalf("bad input: %v", err)
	}
	out, _ = cli(t, line("C-3", "6911101000")+"\n", env, "screen", "--db", url)
	if !strings.Contains(out, `"number":"C-3"`) {
		t.Fatalf("C-3 was not screened afresh: %q", out)
	}
}

func TestDetectCommand(t *testing.T) {
	series := filepath.Join("..", "..", "internal", "detect", "testdata", "salmonella_agona_weekly.csv")
	out, err := cli(t, "", nil, "detect", "--series", series, "--method", "earsC1", "--option", "range=8:9")
	if err != nil {
		t.Fatal(err)
	}
	want := "t,observed,expected,upperbound,score,alarm\n8,4,1.5714285714285714,6.881218334001297,1.4133986884579177,0\n9,0,2,7.917344358378914,-1.044465935734187,0\n"
	if out != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out, want)
	}
	out, err = cli(t, "", nil, "detect", "--series", series, "--method", "earsC2", "--option", "range=1:2")
	if err != nil || out != "t,observed,expected,upperbound,score,alarm\n1,1,,,,\n2,0,,,,\n" {
		t.Fatalf("undefined weeks: %q %v", out, err)
	}
	// The help-page example of algo.farrington: the reference's bound for
	// week 284 is 5.7760598122456 with an alarm and a kept trend.
	out, err = cli(t, "", nil, "detect", "--series", series, "--method", "farrington",
		"--option", "b=4", "--option", "w=3", "--option", "alpha=0.01", "--option", "range=284:284")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 || lines[0] != "t,observed,expected,upperbound,score,alarm,pvalue,trend" {
		t.Fatalf("farrington output %q", out)
	}
	f := strings.Split(lines[1], ",")
	ub, _ := strconv.ParseFloat(f[3], 64)
	if f[0] != "284" || f[5] != "1" || f[7] != "1" || math.Abs(ub/5.7760598122456-1) > 1e-6 {
		t.Fatalf("farrington week 284: %q", lines[1])
	}
	for _, bad := range [][]string{{"--method", "earsC1", "--option", "alpha=2"}, {"--method", "earsC1", "--option", "colour=red"},
		{"--method", "magic"}, {"--method", "cusum", "--option", "range=0:5"},
		{"--method", "farrington", "--option", "thresholdMethod=nbPlugin"}, {"--method", "farringtonFlexible", "--option", "b=x"},
		{"--method", "farringtonFlexible", "--option", "limit54=5"}} {
		if _, err := cli(t, "", nil, append([]string{"detect", "--series", series}, bad...)...); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestBenchDetect(t *testing.T) {
	out, err := cli(t, "", nil, "bench", "detect", "--series", "4", "--years", "7", "--r-sample", "0")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "go: 4 series, 400 weeks evaluated") || !strings.Contains(out, "series/s") {
		t.Fatalf("bench output:\n%s", out)
	}
	// The ratio against the peer comes last, even when there is none.
	if lines := strings.Split(strings.TrimSpace(out), "\n"); !strings.HasPrefix(lines[len(lines)-1], "vs_r: ") {
		t.Fatalf("last line %q, want vs_r:\n%s", lines[len(lines)-1], out)
	}
	if _, err := cli(t, "", nil, "bench", "detect", "--years", "3"); err == nil {
		t.Fatal("3 years accepted")
	}
	// With R's surveillance package installed the same run compares.
	if exec.Command("Rscript", "-e", "library(surveillance)").Run() != nil {
		t.Log("Rscript with surveillance not installed: the R comparison is not exercised")
		return
	}
	out, err = cli(t, "", nil, "bench", "detect", "--series", "2", "--years", "7", "--r-sample", "1")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); err != nil || !strings.HasPrefix(lines[len(lines)-1], "vs_r: ") || !strings.Contains(out, "alarms agree: ") {
		t.Fatalf("bench with R: %v\n%s", err, out)
	}
}

// TestBenchIntakeSQLiteOnly runs a small intake benchmark with --pg "",
// which skips PostgreSQL even when a server answers, and checks the last
// lines the contract names.
func TestBenchIntakeSQLiteOnly(t *testing.T) {
	out, err := cli(t, "", nil, "bench", "intake", "--pg", "", "--signals", "300", "--batch", "100")
	if err != nil {
		t.Fatalf("bench intake: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 {
		t.Fatalf("bench output:\n%s", out)
	}
	last := lines[len(lines)-3:]
	for i, prefix := range []string{"sqlite_signals_per_s: ", "postgres_signals_per_s: n/a", "vs_row_insert: "} {
		if !strings.HasPrefix(last[i], prefix) {
			t.Errorf("line %q, want %q…", last[i], prefix)
		}
	}
	if strings.Contains(out, "postgres: ") {
		t.Errorf("PostgreSQL ran with --pg \"\":\n%s", out)
	}
}

func TestImportCommand(t *testing.T) {
	for engine, url := range dbURLs(t) {
		t.Run(engine, func(t *testing.T) {
			file := filepath.Join("..", "..", "internal", "foreign", "testdata", "safetygate_weekly.xml")
			var errb bytes.Buffer
			out, err := cliErr(t, &errb, "import", "--db", url, "--format", "safetygate", file)
			if err != nil || !strings.Contains(out, "2 records, 2 new, 0 updated, 0 unchanged, 0 rejected") || !strings.Contains(errb.String(), "100% 2/2") {
				t.Fatalf("import: %v\n%s\n%s", err, out, errb.String())
			}
			// The same file from a URL: nothing new.
			body, _ := os.ReadFile(file)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(body) }))
			defer srv.Close()
			out, err = cli(t, "", nil, "import", "--db", url, "--format", "safetygate", srv.URL+"/weekly.xml")
			if err != nil || !strings.Contains(out, "0 new, 0 updated, 2 unchanged") {
				t.Fatalf("import from URL: %v\n%s", err, out)
			}
			bad := filepath.Join(t.TempDir(), "bad.csv")
			os.WriteFile(bad, []byte("date,reference,product\n2024-01-01,2024.1,cups\nsoon,2024.2,bowls\n"), 0o600)
			if _, err := cli(t, "", nil, "import", "--db", url, "--format", "rasff", bad); err == nil || !strings.Contains(err.Error(), "line 3: date") {
				t.Fatalf("bad file: %v", err)
			}
			out, err = cli(t, "", nil, "import", "--db", url, "--format", "rasff", "--skip-invalid", bad)
			if err != nil || !strings.Contains(out, "1 new") || !strings.Contains(out, "skipped line 3") {
				t.Fatalf("skip invalid: %v\n%s", err, out)
			}
			if _, err := cli(t, "", nil, "import", "--db", url, "--format", "rasff", "--dept", "nowhere", bad); err == nil {
				t.Fatal("unknown department accepted")
			}
			neiss := filepath.Join("..", "..", "internal", "injury", "testdata", "neiss_fireworks_injuries_2016_2020.csv")
			out, err = cli(t, "", nil, "import", "--db", url, "--format", "neiss", "--product", "1313", neiss)
			if err != nil || !strings.Contains(out, "1532 records, 1532 new") {
				t.Fatalf("neiss: %v\n%s", err, out)
			}
		})
	}
}

func TestTraceIndexSetting(t *testing.T) {
	for v, want := range map[string]int{"": trace.DefaultIndexEvents, "off": 0, "0": 0, "500000": 500000} {
		if got, err := traceIndexSetting(v); err != nil || got != want {
			t.Errorf("RISKGATE_TRACE_INDEX=%q: %d, %v; want %d", v, got, err, want)
		}
	}
	for _, v := range []string{"on", "-1", "1e6"} {
		if _, err := traceIndexSetting(v); err == nil || !strings.Contains(err.Error(), "RISKGATE_TRACE_INDEX") {
			t.Errorf("RISKGATE_TRACE_INDEX=%q: %v", v, err)
		}
	}
}
