package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/auth"
	"riskgate/internal/contingency"
	"riskgate/internal/risk"
	"riskgate/internal/store"
)

// privatePostgres runs a PostgreSQL cluster of the test's own on a free
// port, so that the test can stop and start it without disturbing anyone
// else's server. As root, the server runs as the postgres OS user.
type privatePostgres struct {
	t          *testing.T
	bin, dir   string
	port       int
	asPostgres bool
}

func newPrivatePostgres(t *testing.T) *privatePostgres {
	t.Helper()
	initdbs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(initdbs) == 0 {
		t.Skip("PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: the database-outage test needs a cluster of its own")
	}
	sort.Strings(initdbs)
	pg := &privatePostgres{t: t, bin: filepath.Dir(initdbs[len(initdbs)-1])}
	dir, err := os.MkdirTemp("", "riskgate-outage-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	pg.dir = dir
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Skip("running as root and there is no postgres OS user to run the server as")
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		pg.asPostgres = true
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	pg.port = ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	pg.run("initdb", "-D", pg.data(), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
	pg.start()
	t.Cleanup(func() { pg.ctl("stop", "-m", "immediate") })
	return pg
}

func (pg *privatePostgres) data() string { return filepath.Join(pg.dir, "data") }

func (pg *privatePostgres) url() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", pg.port)
}

func (pg *privatePostgres) run(prog string, args ...string) error {
	pg.t.Helper()
	path := filepath.Join(pg.bin, prog)
	var cmd *exec.Cmd
	if pg.asPostgres {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", prog, strings.Join(args, " "), err, out)
	}
	return nil
}

func (pg *privatePostgres) ctl(action string, args ...string) error {
	return pg.run("pg_ctl", append([]string{action, "-D", pg.data(), "-w", "-l", filepath.Join(pg.dir, "log")}, args...)...)
}

func (pg *privatePostgres) start() {
	pg.t.Helper()
	opts := fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off", pg.port, pg.dir)
	if err := pg.ctl("start", "-o", opts); err != nil {
		pg.t.Fatal(err)
	}
}

// stop stops the server as a crash would: no shutdown checkpoint, every
// connection cut.
func (pg *privatePostgres) stop() {
	pg.t.Helper()
	if err := pg.ctl("stop", "-m", "immediate"); err != nil {
		pg.t.Fatal(err)
	}
}

type apiClient struct {
	t     *testing.T
	base  string
	token string
}

func (c apiClient) do(method, path string, body any) (int, map[string]any, string) {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	json.Unmarshal(raw, &out)
	return res.StatusCode, out, string(raw)
}

func decl(number string, at time.Time) map[string]any {
	return map[string]any{"number": number, "direction": "export", "port": "4900", "declared_at": at.Format(time.RFC3339), "trade_mode": "0110",
		"lines": []map[string]any{
			{"hs_code": "6911101000", "name": "陶瓷餐具", "origin": "CN", "destination": "DE", "quantity": 100, "unit": "套"},
			{"hs_code": "9613800000", "name": "打火机", "origin": "CN", "destination": "DE"},
		}}
}

// Screening goes on while PostgreSQL is down: decisions and results are
// held in the node's journal, marked, and stored once each — with their
// audit entries — when the database is back; a second resubmission adds
// nothing.
func TestContingencyThroughAPostgreSQLOutage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL cluster")
	}
	pg := newPrivatePostgres(t)
	ctx := context.Background()
	db, err := store.Open(ctx, pg.url(), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// Every line is inspected, so that every declaration is in the queue.
	rates := map[string]float64{}
	for tier := range a.Screening.Sets.Tiers {
		rates[tier] = 1
	}
	if _, err := a.Screening.SetRates(ctx, risk.System, rates); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Auth.AddUser(ctx, risk.System, auth.NewUser{Login: "port1", Name: "口岸查验员", Dept: "cs-customs", Role: "inspector", Password: "port-inspector-1"}); err != nil {
		t.Fatal(err)
	}
	token, err := a.Auth.CreateToken(ctx, risk.System, "port1", "port node")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := a.EnableContingency(ctx, app.ContingencyConfig{Enabled: true, Dir: dir, Timeout: 3 * time.Second}); err != nil {
		t.Fatal(err)
	}
	srv, err := a.Server(app.ServerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	c := apiClient{t: t, base: hs.URL, token: token}
	now := time.Now().UTC().Add(-time.Hour)

	// Before the outage: stored at once, unmarked.
	code, out, raw := c.do("POST", "/api/v1/declarations/screen", map[string]any{"items": []any{decl("A-1", now), decl("A-2", now), decl("A-3", now)}})
	if code != http.StatusOK || strings.Contains(raw, "contingency") {
		t.Fatalf("before the outage: %d %s", code, raw)
	}

	pg.stop()

	code, out, raw = c.do("POST", "/api/v1/declarations/screen", map[string]any{"items": []any{decl("B-1", now), decl("B-2", now)}})
	if code != http.StatusOK {
		t.Fatalf("screening in contingency: %d %s", code, raw)
	}
	for _, it := range out["items"].([]any) {
		m, _ := it.(map[string]any)["contingency"].(map[string]any)
		if m == nil || !strings.HasPrefix(m["queue_id"].(string), "cq-") || it.(map[string]any)["decision"] != "inspect" {
			t.Fatalf("a decision made in contingency is not marked: %s", raw)
		}
	}
	code, out, raw = c.do("POST", "/api/v1/declarations/screen", decl("C-1", now))
	if code != http.StatusOK || out["contingency"] == nil {
		t.Fatalf("single declaration in contingency: %d %s", code, raw)
	}
	firstID := out["contingency"].(map[string]any)["queue_id"]
	// The same declaration again: the held decision, not a second record.
	if code, out, raw = c.do("POST", "/api/v1/declarations/screen", decl("C-1", now)); code != http.StatusOK || out["contingency"].(map[string]any)["queue_id"] != firstID {
		t.Fatalf("C-1 again: %d %s", code, raw)
	}
	// Another declaration under a held number, and bad input: refused, nothing held.
	other := decl("C-1", now)
	other["trade_mode"] = "9610"
	if code, _, raw = c.do("POST", "/api/v1/declarations/screen", other); code != http.StatusConflict {
		t.Fatalf("another C-1 in contingency: %d %s", code, raw)
	}
	bad := decl("D-1", now)
	bad["lines"].([]map[string]any)[0]["hs_code"] = "12"
	if code, out, raw = c.do("POST", "/api/v1/declarations/screen", bad); code != http.StatusBadRequest || !strings.Contains(raw, "hs_code") {
		t.Fatalf("bad input in contingency: %d %s", code, raw)
	}
	if n := a.Contingency.Journal.Len(); n != 3 {
		t.Fatalf("journal holds %d records, want 3", n)
	}

	// Results: on a line of a declaration in the unreachable database, on
	// a held one, and on a lot outside any declaration.
	for _, ref := range []string{"A-1/lines/0", "B-1/lines/1"} {
		code, out, raw = c.do("POST", "/api/v1/declarations/"+ref+"/result", map[string]any{"kind": "inspection", "result": "pass", "findings": "货证相符"})
		if code != http.StatusAccepted || out["pending"] != true || out["contingency"] == nil {
			t.Fatalf("line result %s in contingency: %d %s", ref, code, raw)
		}
	}
	if code, _, raw = c.do("POST", "/api/v1/declarations/A-1/lines/0/result", map[string]any{"kind": "inspection", "result": "fail", "findings": "标签不符"}); code != http.StatusConflict {
		t.Fatalf("a different result on a held line: %d %s", code, raw)
	}
	if code, _, raw = c.do("POST", "/api/v1/declarations/A-1/lines/0/corrections", map[string]any{"kind": "inspection", "result": "fail", "findings": "x", "reason": "复核"}); code != http.StatusServiceUnavailable {
		t.Fatalf("a correction in contingency: %d %s", code, raw)
	}
	lot := map[string]any{"hs_code": "6911101000", "name": "陶瓷餐具", "port": "4900"}
	if code, out, raw = c.do("POST", "/api/v1/inspections", map[string]any{"result": "pass", "lot": lot, "external_ref": "PORT-77"}); code != http.StatusAccepted {
		t.Fatalf("inspection in contingency: %d %s", code, raw)
	}
	if code, _, raw = c.do("POST", "/api/v1/inspections", map[string]any{"result": "maybe", "lot": lot}); code != http.StatusBadRequest {
		t.Fatalf("a bad result in contingency: %d %s", code, raw)
	}
	// A held declaration reads back, marked and pending.
	if code, out, raw = c.do("GET", "/api/v1/declarations/B-2", nil); code != http.StatusOK || out["pending"] != true {
		t.Fatalf("held declaration: %d %s", code, raw)
	}
	code, out, raw = c.do("GET", "/healthz", nil)
	if cont, _ := out["contingency"].(map[string]any); code != http.StatusOK || out["status"] != "contingency" || cont["active"] != true || cont["pending"] != float64(6) {
		t.Fatalf("health in contingency: %d %s", code, raw)
	}
	// The held declaration's page, with the banner every page carries.
	if code, _, page := c.do("GET", "/declarations/B-2", nil); code != http.StatusOK || !strings.Contains(page, "应急模式：数据库不可达") ||
		!strings.Contains(page, "待重新提交 6 条") || !strings.Contains(page, "暂存本地，待数据库恢复后重新提交") {
		t.Fatalf("held declaration's page in contingency: %d\n%s", code, page)
	}
	// A token never verified is not let in while the database is down.
	if code, _, raw = (apiClient{t: t, base: hs.URL, token: "rgt_unknown"}).do("GET", "/api/v1/declarations/B-2", nil); code != http.StatusServiceUnavailable {
		t.Fatalf("unverified token in contingency: %d %s", code, raw)
	}
	// Still down: the resubmission fails and keeps everything.
	if rep, err := a.Contingency.Resubmit(ctx); err == nil || rep.Pending != 6 {
		t.Fatalf("resubmission while down = %+v, %v", rep, err)
	}

	pg.start()

	rep, err := a.Contingency.Resubmit(ctx)
	if err != nil || rep != (contingency.Report{Stored: 6}) {
		t.Fatalf("resubmission = %+v, %v; want 6 stored", rep, err)
	}
	if a.Contingency.Active() {
		t.Fatal("contingency mode still on after everything was resubmitted")
	}
	raw2, err := sql.Open("pgx", pg.url())
	if err != nil {
		t.Fatal(err)
	}
	defer raw2.Close()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := raw2.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	type counts struct{ decls, marked, results, markedResults, audit, marks int }
	snapshot := func() counts {
		return counts{count(`SELECT count(*) FROM declarations`), count(`SELECT count(*) FROM declarations WHERE contingency_id <> ''`),
			count(`SELECT count(*) FROM inspections`), count(`SELECT count(*) FROM inspections WHERE contingency_id <> '' AND contingency <> ''`),
			count(`SELECT count(*) FROM audit_log`), count(`SELECT count(*) FROM audit_log WHERE summary LIKE '%应急模式下%' AND summary LIKE '%in contingency at%'`)}
	}
	got := snapshot()
	if want := (counts{decls: 6, marked: 3, results: 3, markedResults: 3, audit: got.audit, marks: 6}); got != want {
		t.Fatalf("after resubmission: %+v, want %+v", got, want)
	}
	for _, n := range []string{"A-1", "A-2", "A-3", "B-1", "B-2", "C-1"} {
		if k := count(`SELECT count(*) FROM declarations WHERE number = $1`, n); k != 1 {
			t.Errorf("declaration %s stored %d times", n, k)
		}
	}
	for _, ref := range []string{"A-1#0", "B-1#1"} {
		if k := count(`SELECT count(*) FROM inspections i JOIN line_results l ON l.inspection_id = i.id WHERE i.declaration_ref = $1 AND i.contingency_id <> ''`, ref); k != 1 {
			t.Errorf("line result %s stored %d times", ref, k)
		}
	}
	// The audit entries name the time the record was made.
	var summary string
	if err := raw2.QueryRowContext(ctx, `SELECT summary FROM audit_log WHERE action = 'declaration.screen' AND summary LIKE '%C-1%'`).Scan(&summary); err != nil ||
		!strings.Contains(summary, "原时间") || !strings.Contains(summary, a.Node) {
		t.Errorf("audit entry of C-1 = %q, %v", summary, err)
	}
	// The mark shows in the API, the queue and on the declaration's page.
	if code, out, raw = c.do("GET", "/api/v1/declarations/C-1", nil); code != http.StatusOK || out["pending"] != nil ||
		out["result"].(map[string]any)["contingency"].(map[string]any)["resubmitted_at"] == nil {
		t.Fatalf("C-1 after resubmission: %d %s", code, raw)
	}
	code, out, raw = c.do("GET", "/api/v1/declarations?limit=50", nil)
	marked := 0
	for _, it := range out["items"].([]any) {
		if it.(map[string]any)["contingency"] == true {
			marked++
		}
	}
	if code != http.StatusOK || marked != 3 {
		t.Fatalf("queue marks %d declarations, want 3: %s", marked, raw)
	}
	if _, _, page := c.do("GET", "/declarations/B-1", nil); !strings.Contains(page, "应急模式下作出") || strings.Count(page, `class="badge contingency"`) != 2 {
		t.Errorf("the declaration's page does not show the contingency mark on the decision and the result")
	}
	if _, _, page := c.do("GET", "/declarations", nil); strings.Count(page, "应急模式下作出") != 3 {
		t.Errorf("the queue page marks %d declarations, want 3", strings.Count(page, "应急模式下作出"))
	}

	// A second resubmission adds nothing.
	if rep, err := a.Contingency.Resubmit(ctx); err != nil || rep != (contingency.Report{}) {
		t.Fatalf("second resubmission = %+v, %v", rep, err)
	}
	if again := snapshot(); again != got {
		t.Fatalf("second resubmission changed the database: %+v, was %+v", again, got)
	}
	// Nor does a node that died after storing the records and before
	// writing them done: at its restart they are pending again, and each
	// handler finds its record stored.
	done, _ := filepath.Glob(filepath.Join(dir, "resubmitted-*.jsonl"))
	if len(done) != 1 {
		t.Fatalf("finished journals: %v", done)
	}
	b, err := os.ReadFile(done[0])
	if err != nil {
		t.Fatal(err)
	}
	handlers := map[contingency.Kind]contingency.Handler{contingency.KindDeclaration: a.Screening.ResubmitDeclaration,
		contingency.KindLineResult: a.Inspections.ResubmitLine, contingency.KindInspection: a.Inspections.ResubmitInspection}
	replayed := 0
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct{ Hold *contingency.Record }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatal(err)
		}
		if e.Hold != nil {
			if err := handlers[e.Hold.Kind](ctx, *e.Hold); err != nil {
				t.Errorf("replaying %s %s: %v", e.Hold.Kind, e.Hold.Key, err)
			}
			replayed++
		}
	}
	if again := snapshot(); replayed != 6 || again != got {
		t.Fatalf("replaying %d records changed the database: %+v, was %+v", replayed, again, got)
	}
	// Back to normal: straight to the database, unmarked.
	if code, _, raw = c.do("POST", "/api/v1/declarations/screen", decl("E-1", now)); code != http.StatusOK || strings.Contains(raw, "contingency") {
		t.Fatalf("after the outage: %d %s", code, raw)
	}
}

// Contingency's settings: bad values and a directory that is missing or
// cannot be written stop the start, saying why.
func TestContingencyConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := app.ContingencyConfigFromEnv(env(map[string]string{"RISKGATE_CONTINGENCY": "1", "RISKGATE_CONTINGENCY_AUTH_TTL": "10m"}))
	if err != nil || !c.Enabled || c.AuthTTL != 10*time.Minute || c.Timeout != contingency.DefaultTimeout {
		t.Fatalf("config = %+v, %v", c, err)
	}
	for _, bad := range []map[string]string{{"RISKGATE_CONTINGENCY": "yes please"}, {"RISKGATE_CONTINGENCY_TIMEOUT": "5"}, {"RISKGATE_CONTINGENCY_AUTH_TTL": "1ms"}} {
		if _, err := app.ContingencyConfigFromEnv(env(bad)); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(dir, "rg.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	a, err := app.New(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.EnableContingency(ctx, app.ContingencyConfig{Enabled: true, Dir: filepath.Join(dir, "missing")}); err == nil || !strings.Contains(err.Error(), "contingency directory") {
		t.Fatalf("a missing directory: %v", err)
	}
	if err := a.EnableContingency(ctx, app.ContingencyConfig{Enabled: true, Dir: filepath.Join(dir, "rg.db")}); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Fatalf("a file for a directory: %v", err)
	}
	if os.Geteuid() != 0 { // root writes anywhere
		ro := filepath.Join(dir, "ro")
		os.Mkdir(ro, 0o500)
		if err := a.EnableContingency(ctx, app.ContingencyConfig{Enabled: true, Dir: ro}); err == nil {
			t.Fatal("a read-only directory was accepted")
		}
	}
	// The default: contingency/ beside the SQLite file, created.
	if err := a.EnableContingency(ctx, app.ContingencyConfig{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	if st := a.Contingency.Status(); !st.Enabled || st.Dir != filepath.Join(dir, "contingency") {
		t.Fatalf("status = %+v", st)
	}
}
