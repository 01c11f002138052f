// Command riskgate runs the import/export commodity quality-safety risk
// early-warning and rapid-response system: the web server and its
// administration commands. `riskgate help` lists them.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"math"
	"net"
	"net/http"
	"net/mail"
	"net/netip"
	"net/url"
	"os"
	ossignal "os/signal"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/demo"
	"riskgate/internal/detect"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/trace"
)

func main() {
	ctx, stop := ossignal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		var ex exitError
		if errors.As(err, &ex) {
			os.Exit(int(ex))
		}
		fmt.Fprintln(os.Stderr, "riskgate:", err)
		os.Exit(1)
	}
}

// exitError exits with a status without printing more.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit %d", int(e)) }

const usage = `riskgate — 进出口商品质量安全风险预警和快速反应监管系统
          import/export commodity quality-safety risk early-warning system

Usage / 用法:
  riskgate serve   [--addr HOST:PORT] [--db URL]   run the web server / 启动服务
  riskgate demo    [--addr HOST:PORT] [--db URL] [--small]
                                                   load demo data, then serve / 载入演示数据并启动
                                                   (--small: only RASFF's notifications of Chinese origin, for tests)
  riskgate migrate --db URL                        apply database migrations / 数据库迁移
  riskgate user add --db URL --login L --name N --dept CODE --role ROLE [--enterprise USCC] [--lab USCC]
                                                   create a user; password on stdin / 创建用户（密码从标准输入读取）
  riskgate token create --db URL --login L [--name NAME]
                                                   create an API token, printed once / 创建 API 令牌
  riskgate token list --db URL                     list API tokens with their last use / 列出 API 令牌
  riskgate token revoke --db URL --id N            revoke an API token / 吊销 API 令牌
  riskgate audit verify --db URL [--checkpoints DIR] [--key FILE]
                                                   verify the audit chain and its signed checkpoints / 校验审计链
  riskgate backup --db URL --out FILE              online consistent backup / 在线一致性备份
  riskgate detect --series FILE.csv --method earsC1|earsC2|earsC3|cusum|farrington|farringtonFlexible [--option name=value]...
                                                   aberration detection on a weekly series; prints CSV / 异常检测
  riskgate import --format safetygate|rasff|cpsc|openfda|fda-press|neiss [--db URL] [--dept CODE] [--product CODE] [--skip-invalid] FILE|URL
                                                   import foreign notifications or injury records, idempotently / 导入国外通报或伤害记录
  riskgate bench detect [--series N] [--years Y] [--r-sample K]
  riskgate bench match [--enterprises N] [--lines M] [--notifications K] [--scan S]
  riskgate bench intake [--signals N] [--batch B] [--pg URL | --pg ""]
  riskgate bench load [--clients 50,200] [--duration 20s] [--think 1s] [--pg URL]
  riskgate bench trace [--events N] [--traces K] [--pg URL | --pg ""]
                                                   farringtonFlexible speed on one core, vs R when installed; foreign-alert
                                                   matching; signal intake on both engines vs per-row INSERT / 性能基准
                                                   Chinese full-text search on SQLite and PostgreSQL vs pg_trgm / 全文检索性能基准
  riskgate screen --db URL < declarations.jsonl     screen declarations, one JSON object per line;
                                                   prints one decision per line / 报关单风险筛查
  riskgate help                                    this text / 显示帮助

Database URL: sqlite:PATH (default sqlite:./data/riskgate.db) or postgres://…
Environment: RISKGATE_ADDR, RISKGATE_DB, RISKGATE_LOG_LEVEL=debug|info|warn,
  RISKGATE_SCREENING_SALT (secret key of the random-inspection draw; default: one generated and kept in the database),
  RISKGATE_SECURE_COOKIES=1 (behind a TLS proxy), RISKGATE_TRUSTED_PROXIES=CIDR,… (proxies whose
  X-Forwarded-For is believed), RISKGATE_METRICS_TOKEN (bearer token for /metrics; else loopback only),
  RISKGATE_PUBLIC_URL (portal URL for links in feeds, CAP and mail), RISKGATE_CAP_SENDER (CAP sender),
  RISKGATE_SMTP_ADDR=host:port, RISKGATE_SMTP_FROM, RISKGATE_SMTP_USER, RISKGATE_SMTP_PASSWORD (e-mail subscriptions),
  RISKGATE_WEBHOOK_ALLOW_PRIVATE=1 (webhooks may reach private networks),
  RISKGATE_AUDIT_KEY_FILE (audit key; default audit.key beside a SQLite file, created 0600 at first start) or
  RISKGATE_AUDIT_KEY (64 hex digits), RISKGATE_AUDIT_CHECKPOINTS (signed checkpoints; default checkpoints/ beside
  a SQLite file), RISKGATE_AUDIT_CHECKPOINT_URL (a webhook that receives each checkpoint too),
  RISKGATE_JOB_INTERVAL (how often the periodic jobs run; default 1m), RISKGATE_JOB_LEASE (how long a node's lease
  on a job lasts unrenewed, so how soon another node takes over from a dead one; default 2m),
  RISKGATE_CONTINGENCY=1 (go on screening and recording results while the database is unreachable, held in a
  local journal and resubmitted), RISKGATE_CONTINGENCY_DIR (the journal's directory; default contingency/ beside
  a SQLite file), RISKGATE_CONTINGENCY_AUTH_TTL (how long a caller verified against the database is let in
  without it; default 30m), RISKGATE_CONTINGENCY_TIMEOUT (one attempt to write to the database; default 15s),
  RISKGATE_TRACE_INDEX=off|N (the in-memory trace index: off, or at most N events; default 20000000, about
  130 bytes an event)
Roles: admin officer approver inspector enterprise lab
`

// config is riskgate's configuration: defaults, then environment, then flags.
type config struct {
	Addr          string
	DB            string
	Server        app.ServerConfig
	LogLevel      slog.Level
	ScreeningSalt string
	CAPSender     string
	Delivery      app.DeliveryConfig
	Audit         app.AuditConfig
	Contingency   app.ContingencyConfig
	JobInterval   time.Duration // RISKGATE_JOB_INTERVAL
	JobLease      time.Duration // RISKGATE_JOB_LEASE
	// TraceIndex is the most events the in-memory trace index may hold
	// (RISKGATE_TRACE_INDEX; 0: off).
	TraceIndex int
	// StopAfterJobStep (RISKGATE_TEST_STOP_AFTER_JOB_STEP, for tests) makes
	// the node stop, holding the jobs' lease, after that periodic job step.
	StopAfterJobStep string
}

func defaultConfig(getenv func(string) string) config {
	c := config{Addr: "127.0.0.1:8080", DB: "sqlite:./data/riskgate.db", LogLevel: slog.LevelInfo}
	if v := getenv("RISKGATE_ADDR"); v != "" {
		c.Addr = v
	}
	c.Audit = app.AuditConfigFromEnv(getenv)
	if v := getenv("RISKGATE_DB"); v != "" {
		c.DB = v
	}
	c.Server.SecureCookies = getenv("RISKGATE_SECURE_COOKIES") == "1"
	c.Server.MetricsToken = getenv("RISKGATE_METRICS_TOKEN")
	c.ScreeningSalt = getenv("RISKGATE_SCREENING_SALT")
	c.Server.PublicURL = strings.TrimRight(getenv("RISKGATE_PUBLIC_URL"), "/")
	c.CAPSender = getenv("RISKGATE_CAP_SENDER")
	c.Delivery = app.DeliveryConfig{SMTPAddr: getenv("RISKGATE_SMTP_ADDR"), SMTPFrom: getenv("RISKGATE_SMTP_FROM"),
		SMTPUser: getenv("RISKGATE_SMTP_USER"), SMTPPassword: getenv("RISKGATE_SMTP_PASSWORD"),
		AllowPrivateWebhooks: getenv("RISKGATE_WEBHOOK_ALLOW_PRIVATE") == "1"}
	if c.Delivery.SMTPFrom == "" {
		c.Delivery.SMTPFrom = "noreply@riskgate.hunan.gov.cn"
	}
	switch getenv("RISKGATE_LOG_LEVEL") {
	case "debug":
		c.LogLevel = slog.LevelDebug
	case "warn":
		c.LogLevel = slog.LevelWarn
	}
	return c
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitError(2)
	}
	cfg := defaultConfig(getenv)
	proxies, err := parsePrefixes(getenv("RISKGATE_TRUSTED_PROXIES"))
	if err != nil {
		return err
	}
	cfg.Server.TrustedProxies = proxies
	for _, d := range []struct {
		env string
		to  *time.Duration
		def time.Duration
	}{{"RISKGATE_JOB_INTERVAL", &cfg.JobInterval, time.Minute}, {"RISKGATE_JOB_LEASE", &cfg.JobLease, app.DefaultLeaseTTL}} {
		*d.to = d.def
		if v := getenv(d.env); v != "" {
			if *d.to, err = time.ParseDuration(v); err != nil || *d.to < 100*time.Millisecond {
				return fmt.Errorf("%s: %q is not a duration of at least 100ms, such as 30s or 2m / 不是有效的时长", d.env, v)
			}
		}
	}
	cfg.StopAfterJobStep = getenv("RISKGATE_TEST_STOP_AFTER_JOB_STEP")
	if cfg.TraceIndex, err = traceIndexSetting(getenv("RISKGATE_TRACE_INDEX")); err != nil {
		return err
	}
	if cfg.Contingency, err = app.ContingencyConfigFromEnv(getenv); err != nil {
		return err
	}
	if u := cfg.Server.PublicURL; u != "" {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.RawQuery != "" {
			return fmt.Errorf("RISKGATE_PUBLIC_URL: %q is not an absolute http(s) URL / 不是有效的网址", u)
		}
	}
	if a := cfg.Delivery.SMTPAddr; a != "" {
		if _, _, err := net.SplitHostPort(a); err != nil {
			return fmt.Errorf("RISKGATE_SMTP_ADDR: %q is not host:port / 应为 主机:端口", a)
		}
		if _, err := mail.ParseAddress(cfg.Delivery.SMTPFrom); err != nil {
			return fmt.Errorf("RISKGATE_SMTP_FROM: %q is not an e-mail address / 不是有效的电子邮件地址", cfg.Delivery.SMTPFrom)
		}
	}
	if s := cfg.CAPSender; s != "" && (strings.ContainsAny(s, " ,<>&\"\t\n") || len(s) > 200) {
		return fmt.Errorf("RISKGATE_CAP_SENDER: %q may not contain spaces, commas or < > & \" / 不得包含空格、逗号或 < > & \"", s)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve", "demo":
		fs := newFlags(cmd, stderr)
		fs.StringVar(&cfg.Addr, "addr", cfg.Addr, "listen address")
		fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
		var small bool
		if cmd == "demo" {
			fs.BoolVar(&small, "small", false, "load only the RASFF notifications of Chinese origin (tests)")
		}
		if err := fs.Parse(rest); err != nil {
			return exitError(2)
		}
		var withDemo *demo.Options
		if cmd == "demo" {
			withDemo = &demo.Options{Small: small}
		}
		return serve(ctx, cfg, withDemo, log, stdout)
	case "migrate":
		fs := newFlags(cmd, stderr)
		fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
		if err := fs.Parse(rest); err != nil {
			return exitError(2)
		}
		a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
		if err != nil {
			return err
		}
		defer a.Close()
		ms, _ := store.Migrations(a.DB.Engine())
		fmt.Fprintf(stdout, "database at schema version %d (%s)\n", len(ms), a.DB.Engine())
		return nil
	case "user":
		return userCmd(ctx, cfg, rest, log, stdin, stdout, stderr)
	case "token":
		return tokenCmd(ctx, cfg, rest, log, stdout, stderr)
	case "audit":
		return auditCmd(ctx, cfg, rest, log, stdout, stderr)
	case "detect":
		return detectCmd(rest, stdout, stderr)
	case "bench":
		return benchCmd(rest, stdout, stderr)
	case "screen":
		return screenCmd(ctx, cfg, rest, log, stdin, stdout, stderr)
	case "import":
		return importCmd(ctx, cfg, rest, log, stdout, stderr)
	case "backup":
		fs := newFlags(cmd, stderr)
		fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
		out := fs.String("out", "", "output file")
		if err := fs.Parse(rest); err != nil {
			return exitError(2)
		}
		if *out == "" {
			return errors.New("backup: --out FILE is required / 需要 --out 参数")
		}
		if _, err := os.Stat(*out); err == nil {
			return fmt.Errorf("backup: %s exists; refusing to overwrite / 目标文件已存在", *out)
		}
		db, err := store.Open(ctx, cfg.DB, log)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Backup(ctx, *out); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "backup written to %s\n", *out)
		return nil
	}
	fmt.Fprintf(stderr, "riskgate: unknown command %q / 未知命令\n\n%s", cmd, usage)
	return exitError(2)
}

// parsePrefixes reads a comma-separated list of addresses and CIDR prefixes.
func parsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, fmt.Errorf("RISKGATE_TRUSTED_PROXIES: %q is not an address or prefix", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("RISKGATE_TRUSTED_PROXIES: %q is not an address or prefix", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// serve runs the server; with demo options, over the whole demo.
func serve(ctx context.Context, cfg config, withDemo *demo.Options, log *slog.Logger, stdout io.Writer) error {
	a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
	if err != nil {
		return err
	}
	defer a.Close()
	// The salt is set first: the demo's declarations are screened with the
	// draw the server then keeps using.
	if cfg.ScreeningSalt != "" {
		a.Screening.Salt = []byte(cfg.ScreeningSalt)
	}
	if cfg.Contingency.Enabled {
		if err := a.EnableContingency(ctx, cfg.Contingency); err != nil {
			return err
		}
	}
	if withDemo != nil {
		start := time.Now()
		accounts, err := demo.LoadAll(ctx, a, *withDemo)
		if err != nil {
			return err
		}
		log.Info("demo ready", "took", time.Since(start).Round(time.Millisecond))
		fmt.Fprintln(stdout, "Demo accounts / 演示账号 (login / password):")
		for _, acc := range accounts {
			fmt.Fprintf(stdout, "  %-10s %-22s %s\n", acc.Login, acc.Password, acc.Role)
		}
	}
	a.Publish.Sender = cfg.CAPSender
	cfg.Delivery.BaseURL = cfg.Server.PublicURL
	if cfg.Delivery.BaseURL == "" {
		cfg.Delivery.BaseURL = "http://" + cfg.Addr
	}
	a.ConfigureDelivery(cfg.Delivery)
	a.LeaseTTL = cfg.JobLease
	// The trace index is built in the background; traces walk the store
	// until it is (docs/TRACE.md).
	if cfg.TraceIndex > 0 {
		a.Trace.StartIndex(ctx, cfg.TraceIndex)
	}
	if step := cfg.StopAfterJobStep; step != "" {
		a.AfterJobStep = func(ctx context.Context, s string) {
			if s == step {
				fmt.Fprintf(stdout, "stopped after job step %s, holding the lease (node %s)\n", s, a.Node)
				<-ctx.Done()
			}
		}
	}
	// The periodic jobs (expiry, lifting proposals, last month's quality
	// reports, detection) run once before serving, so that a start is
	// complete and repeatable — by this node unless another holds their
	// lease, in which case that node does them.
	a.RunJobsOnce(ctx)
	srv, err := a.Server(cfg.Server)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, MaxHeaderBytes: 64 << 10}
	fmt.Fprintf(stdout, "riskgate listening on http://%s (database %s)\n", ln.Addr(), a.DB.Engine())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	go a.RunJobs(ctx, cfg.JobInterval)
	// Signed checkpoints of the audit chain, outside the database: at
	// start, hourly, and a last one on a clean shutdown.
	cpCtx, stopCheckpoints := context.WithCancel(context.Background())
	cpDone := make(chan struct{})
	go func() { defer close(cpDone); a.Checkpoints.Run(cpCtx, time.Hour) }()
	defer func() { stopCheckpoints(); <-cpDone }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return hs.Shutdown(shut)
}

func userCmd(ctx context.Context, cfg config, args []string, log *slog.Logger, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		fmt.Fprint(stderr, "usage: riskgate user add --db URL --login L --name N --dept CODE --role ROLE [--enterprise USCC] [--lab USCC]\n")
		return exitError(2)
	}
	fs := newFlags("user add", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
	var nu auth.NewUser
	fs.StringVar(&nu.Login, "login", "", "login")
	fs.StringVar(&nu.Name, "name", "", "display name")
	fs.StringVar(&nu.Dept, "dept", "", "department code")
	fs.StringVar(&nu.Role, "role", "", "role")
	fs.StringVar(&nu.EnterpriseUSCC, "enterprise", "", "enterprise USCC (role enterprise)")
	fs.StringVar(&nu.LabUSCC, "lab", "", "laboratory USCC (role lab)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError(2)
	}
	pw, err := bufio.NewReader(io.LimitReader(stdin, 1024)).ReadString('\n')
	if err != nil && err != io.EOF {
		return err
	}
	nu.Password = strings.TrimRight(pw, "\r\n")
	a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.Auth.AddUser(ctx, risk.System, nu)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "user %s created (id %d, role %s)\n", u.Login, u.ID, u.Role)
	return nil
}

func tokenCmd(ctx context.Context, cfg config, args []string, log *slog.Logger, stdout, stderr io.Writer) error {
	const use = "usage: riskgate token create --db URL --login L [--name NAME]\n       riskgate token list --db URL\n       riskgate token revoke --db URL --id N\n"
	if len(args) == 0 || !slices.Contains([]string{"create", "list", "revoke"}, args[0]) {
		fmt.Fprint(stderr, use)
		return exitError(2)
	}
	fs := newFlags("token "+args[0], stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
	login := fs.String("login", "", "user login (create)")
	name := fs.String("name", "cli", "token name (create)")
	id := fs.Int64("id", 0, "token id (revoke)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError(2)
	}
	if args[0] == "revoke" && *id <= 0 {
		fmt.Fprint(stderr, "token revoke: --id N is required (riskgate token list shows the ids) / 需要 --id 参数\n")
		return exitError(2)
	}
	a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
	if err != nil {
		return err
	}
	defer a.Close()
	switch args[0] {
	case "list":
		ks, err := a.Auth.Tokens(ctx, risk.System)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "%-6s %-16s %-20s %-20s %-20s %s\n", "id", "login", "name", "created", "last used", "revoked")
		at := func(t *time.Time) string {
			if t == nil {
				return "—"
			}
			return t.UTC().Format("2006-01-02 15:04:05Z")
		}
		for _, k := range ks {
			fmt.Fprintf(stdout, "%-6d %-16s %-20s %-20s %-20s %s\n", k.ID, k.Login, k.Name, at(&k.CreatedAt), at(k.LastUsedAt), at(k.RevokedAt))
		}
		return nil
	case "revoke":
		if err := a.Auth.RevokeToken(ctx, risk.System, risk.ID(*id)); err != nil {
			return describe(err)
		}
		fmt.Fprintf(stdout, "API token %d revoked / 令牌已吊销\n", *id)
		return nil
	}
	tok, err := a.Auth.CreateToken(ctx, risk.System, *login, *name)
	if err != nil {
		return describe(err)
	}
	fmt.Fprintf(stdout, "API token for %s (shown once; only its hash is stored / 仅显示一次):\n%s\n", *login, tok)
	return nil
}

func auditCmd(ctx context.Context, cfg config, args []string, log *slog.Logger, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		fmt.Fprint(stderr, "usage: riskgate audit verify --db URL [--checkpoints DIR] [--key FILE]\n")
		return exitError(2)
	}
	fs := newFlags("audit verify", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
	dir := fs.String("checkpoints", "", "directory of signed checkpoints (default: RISKGATE_AUDIT_CHECKPOINTS or the database's)")
	fs.StringVar(&cfg.Audit.KeyFile, "key", cfg.Audit.KeyFile, "audit key file (default: RISKGATE_AUDIT_KEY_FILE or the database's)")
	if err := fs.Parse(args[1:]); err != nil {
		return exitError(2)
	}
	if *dir != "" {
		cfg.Audit.Checkpoints = *dir
	}
	key, cpDir, err := cfg.Audit.ResolveToVerify(cfg.DB)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, cfg.DB, log)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetAuditKey(key)
	var cps []audit.Checkpoint
	if cpDir != "" {
		if cps, err = audit.ReadCheckpoints(cpDir, key); err != nil {
			fmt.Fprintf(stdout, "audit checkpoints BROKEN: %v\n审计检查点无效\n", err)
			return exitError(1)
		}
	}
	r, err := (&audit.Service{Store: db.Audit()}).VerifyAgainst(ctx, risk.System, cps)
	var p *audit.Problem
	if errors.As(err, &p) {
		fmt.Fprintf(stdout, "audit chain BROKEN at entry %d: %s (%d entries verified before it)\n审计链在第 %d 条处断裂\n", p.Seq, p.Reason, r.Entries, p.Seq)
		return exitError(1)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "audit chain intact: %d entries verified (%d written before the audit key, checked as plain SHA-256), %d signed checkpoints agree (key %s) / 审计链完整\n",
		r.Entries, r.Legacy, r.Checkpoints, key.ID())
	return nil
}

// screenCmd screens the declarations on stdin, one JSON object per line,
// and prints one decision per line. Any malformed declaration stops the
// run before anything is written.
func screenCmd(ctx context.Context, cfg config, args []string, log *slog.Logger, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("screen", stderr)
	fs.StringVar(&cfg.DB, "db", cfg.DB, "database URL")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	sc := bufio.NewScanner(io.LimitReader(stdin, 1<<30))
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var ds []screening.Declaration
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		var d screening.Declaration
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&d); err != nil {
			return fmt.Errorf("第 %d 行不是有效的报关单 JSON / line %d is not a valid declaration: %w", line, line, err)
		}
		ds = append(ds, d)
		if len(ds) > screening.MaxFile {
			return fmt.Errorf("最多 %d 份报关单 / at most %d declarations per run", screening.MaxFile, screening.MaxFile)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read declarations: %w", err)
	}
	a, err := app.Open(ctx, cfg.DB, cfg.Audit, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.ScreeningSalt != "" {
		a.Screening.Salt = []byte(cfg.ScreeningSalt)
	}
	res, err := a.Screening.ScreenFile(ctx, risk.System, ds)
	if err != nil {
		return describe(err)
	}
	w := bufio.NewWriter(stdout)
	for _, r := range res {
		w.Write(screening.Encode(r))
		w.WriteByte('\n')
	}
	return w.Flush()
}

// options collects repeated --option name=value flags.
type options map[string]string

func (o options) String() string { return fmt.Sprint(map[string]string(o)) }

func (o options) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("--option wants name=value, got %q", s)
	}
	o[k] = v
	return nil
}

// detectCmd runs an aberration detection method on a weekly series file
// and prints t,observed,expected,upperbound,score,alarm; an undefined
// value is empty.
func detectCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("detect", stderr)
	series := fs.String("series", "", "weekly series CSV (t, year, week, date, observed, …)")
	method := fs.String("method", "", "earsC1, earsC2, earsC3, cusum, farrington or farringtonFlexible")
	opts := options{}
	fs.Var(opts, "option", "name=value (repeatable): alpha, baseline, minSigma, threshold (C3), k and h (cusum); b, w, reweight, weightsThreshold, trend, pThresholdTrend, limit54=5,4, powertrans, noPeriods, pastWeeksNotIncluded, thresholdMethod (Farrington); range=FROM:TO")
	if err := fs.Parse(args); err != nil {
		return exitError(2)
	}
	if *series == "" || *method == "" {
		fmt.Fprintln(stderr, "usage: riskgate detect --series FILE.csv --method earsC1|earsC2|earsC3|cusum|farrington|farringtonFlexible [--option name=value]...")
		return exitError(2)
	}
	f, err := os.Open(*series)
	if err != nil {
		return err
	}
	defer f.Close()
	ws, err := detect.ReadSeries(f)
	if err != nil {
		return err
	}
	num := func(name string, dst *float64) error {
		if v, ok := opts[name]; ok {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || x != x {
				return fmt.Errorf("--option %s=%s: not a number", name, v)
			}
			*dst = x
			delete(opts, name)
		}
		return nil
	}
	from, to := 1, len(ws)
	if r, ok := opts["range"]; ok {
		a, b, ok := strings.Cut(r, ":")
		x, e1 := strconv.Atoi(a)
		y, e2 := strconv.Atoi(b)
		if !ok || e1 != nil || e2 != nil || x < 1 || y > len(ws) || x > y {
			return fmt.Errorf("--option range=%s: want FROM:TO within 1:%d", r, len(ws))
		}
		from, to = x, y
		delete(opts, "range")
	}
	var baseline float64
	var points []detect.Point
	switch *method {
	case "earsC1", "earsC2", "earsC3":
		var p detect.EARS
		for _, e := range []error{num("alpha", &p.Alpha), num("baseline", &baseline), num("minSigma", &p.MinSigma), num("threshold", &p.Threshold)} {
			if e != nil {
				return e
			}
		}
		p.Baseline = int(baseline)
		if len(opts) > 0 {
			return fmt.Errorf("unknown option(s) for %s: %v", *method, opts)
		}
		if err := p.Check(); err != nil {
			return fmt.Errorf("%s: %w", *method, err)
		}
		points = map[string]func([]float64, detect.EARS) []detect.Point{"earsC1": detect.C1, "earsC2": detect.C2, "earsC3": detect.C3}[*method](detect.Observed(ws), p)
	case "cusum":
		var p detect.CUSUM
		for _, e := range []error{num("baseline", &baseline), num("k", &p.K), num("h", &p.H), num("minSigma", &p.MinSigma)} {
			if e != nil {
				return e
			}
		}
		p.Baseline = int(baseline)
		if len(opts) > 0 {
			return fmt.Errorf("unknown option(s) for cusum: %v", opts)
		}
		points = detect.Cusum(detect.Observed(ws), p)
	case "farrington", "farringtonFlexible":
		p := detect.DefaultFarrington()
		if *method == "farringtonFlexible" {
			p = detect.DefaultFlexible()
		}
		for _, name := range slices.Sorted(maps.Keys(opts)) {
			if err := p.Set(name, opts[name]); err != nil {
				return err
			}
		}
		p.From, p.To = from, to
		points, err := detect.RunFarrington(ws, p)
		if err != nil {
			return fmt.Errorf("%s: %w", *method, err)
		}
		return writeFarrington(stdout, points)
	default:
		return fmt.Errorf("unknown method %q: want earsC1, earsC2, earsC3, cusum, farrington or farringtonFlexible", *method)
	}
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "t,observed,expected,upperbound,score,alarm")
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, p := range points[from-1 : to] {
		if !p.Defined {
			fmt.Fprintf(w, "%d,%s,,,,\n", p.T, g(p.Observed))
			continue
		}
		alarm := "0"
		if p.Alarm {
			alarm = "1"
		}
		fmt.Fprintf(w, "%d,%s,%s,%s,%s,%s\n", p.T, g(p.Observed), g(p.Expected), g(p.UpperBound), g(p.Score), alarm)
	}
	return w.Flush()
}

// writeFarrington prints t,observed,expected,upperbound,score,alarm,
// pvalue,trend; an undefined value is empty.
func writeFarrington(stdout io.Writer, points []detect.FarringtonPoint) error {
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, "t,observed,expected,upperbound,score,alarm,pvalue,trend")
	g := func(x float64) string {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	b := func(v bool) string {
		if v {
			return "1"
		}
		return "0"
	}
	for _, p := range points {
		if !p.Defined {
			fmt.Fprintf(w, "%d,%s,,,,,,\n", p.T, g(p.Observed))
			continue
		}
		fmt.Fprintf(w, "%d,%s,%s,%s,%s,%s,%s,%s\n", p.T, g(p.Observed), g(p.Expected), g(p.UpperBound), g(p.Score), b(p.Alarm), g(p.PValue), b(p.Trend))
	}
	return w.Flush()
}

// describe turns a validation error into a readable multi-line error.
func describe(err error) error {
	e, ok := risk.AsError(err)
	if !ok || len(e.Details) == 0 {
		return err
	}
	var b strings.Builder
	for _, d := range e.Details {
		fmt.Fprintf(&b, "\n  %s: %s", d.Field, d.Message)
	}
	return errors.New(e.Message + b.String())
}

// traceIndexSetting reads RISKGATE_TRACE_INDEX: "" the default maximum
// (trace.DefaultIndexEvents), "off" or 0 none, else the most events the
// index may hold.
func traceIndexSetting(v string) (int, error) {
	switch v {
	case "":
		return trace.DefaultIndexEvents, nil
	case "off":
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("RISKGATE_TRACE_INDEX: %q is not off or a number of events / 应为 off 或事件数", v)
	}
	return n, nil
}
