// Package app wires riskgate's services to a database and an HTTP server.
// It is shared by cmd/riskgate and by end-to-end tests, so that both run
// exactly the same assembly.
package app

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/calendar"
	"riskgate/internal/casefile"
	"riskgate/internal/catalog"
	"riskgate/internal/contingency"
	"riskgate/internal/credit"
	"riskgate/internal/detection"
	"riskgate/internal/dossier"
	"riskgate/internal/emergency"
	"riskgate/internal/enforcement"
	"riskgate/internal/enterprise"
	"riskgate/internal/expert"
	"riskgate/internal/foreign"
	"riskgate/internal/gateway"
	"riskgate/internal/injury"
	"riskgate/internal/inspection"
	"riskgate/internal/lab"
	"riskgate/internal/matching"
	"riskgate/internal/measure"
	"riskgate/internal/monitoring"
	"riskgate/internal/notify"
	"riskgate/internal/petition"
	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/reminder"
	"riskgate/internal/report"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/subscription"
	"riskgate/internal/tbt"
	"riskgate/internal/trace"
	"riskgate/internal/tracker"
	"riskgate/internal/warning"
	"riskgate/internal/web"
	"riskgate/internal/workbench"
)

// App holds the services over one database.
type App struct {
	DB *store.DB
	web.Services
	Log *slog.Logger
	// Checkpoints writes signed checkpoints of the audit chain (Open sets
	// it; nil for an App built by New).
	Checkpoints *Checkpointer
	// Node names this process among the nodes sharing the database, as the
	// holder of job leases.
	Node string
	// LeaseTTL is how long a job's lease lasts without renewal
	// (DefaultLeaseTTL when zero).
	LeaseTTL time.Duration
	// AfterJobStep, when set, is called after each step of the periodic
	// jobs, with the step's name (tests stop a node there).
	AfterJobStep func(ctx context.Context, step string)
	// Contingency is the node's contingency mode (EnableContingency); nil
	// when not enabled.
	Contingency *contingency.Mode
}

// Open opens the database at url with the audit key and checkpoint
// directory ac names, migrates it and loads the catalogues. A key that is
// not the one that keys the database's audit chain stops it here, saying
// why.
func Open(ctx context.Context, url string, ac AuditConfig, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	key, dir, err := ac.Resolve(url)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(ctx, url, log)
	if err != nil {
		return nil, err
	}
	db.SetAuditKey(key)
	a, err := New(ctx, db, log)
	if err != nil {
		db.Close()
		return nil, err
	}
	a.Checkpoints = &Checkpointer{DB: db, Key: key, Dir: dir, URL: ac.CheckpointURL, Log: log}
	a.Audit.CheckpointDir = dir
	return a, nil
}

// New migrates db, loads the catalogues and builds the services.
func New(ctx context.Context, db *store.DB, log *slog.Logger) (*App, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	n, err := db.Migrate(ctx)
	if err != nil {
		return nil, err
	}
	if err := db.CheckAuditKey(ctx); err != nil {
		return nil, err
	}
	if n > 0 {
		log.Info("database migrated", "applied", n, "engine", db.Engine())
	}
	loaded, err := catalog.Seed(ctx, db.Catalogs())
	if err != nil {
		return nil, fmt.Errorf("load catalogues: %w", err)
	}
	if len(loaded) > 0 {
		log.Info("catalogues loaded", "catalogues", loaded)
	}
	if err := assess.SeedProfiles(ctx, db.Assessments()); err != nil {
		return nil, fmt.Errorf("load risk matrices: %w", err)
	}
	if err := warning.SeedRules(ctx, db.Warnings()); err != nil {
		return nil, fmt.Errorf("load grading rules: %w", err)
	}
	if err := measure.SeedBundles(ctx, db.Measures()); err != nil {
		return nil, fmt.Errorf("load measure bundles: %w", err)
	}
	if err := credit.SeedRules(ctx, db.Credit()); err != nil {
		return nil, fmt.Errorf("load credit rules: %w", err)
	}
	if err := lab.SeedRules(ctx, db.Labs()); err != nil {
		return nil, fmt.Errorf("load acceptance rules: %w", err)
	}
	if n, err := db.Signals().IndexBackfill(ctx); err != nil {
		return nil, fmt.Errorf("index signals for search: %w", err)
	} else if n > 0 {
		log.Info("signals indexed for search", "count", n)
	}
	if n, err := db.Publications().Backfill(ctx); err != nil {
		return nil, fmt.Errorf("publish warnings issued before the message log: %w", err)
	} else if n > 0 {
		log.Info("warnings published", "messages", n)
	}
	sets, err := catalog.BuiltinSets()
	if err != nil {
		return nil, err
	}
	now := func() time.Time { return db.Now() }
	cases := &casefile.Service{Store: db.Cases(), Sets: sets, Now: now}
	assessments := &assess.Service{Store: db.Assessments(), Cases: cases, Experts: db.Experts(), Now: now}
	warnings := &warning.Service{Store: db.Warnings(), Cases: cases, Assessments: assessments, Sets: sets, Now: now}
	credits := &credit.Service{Store: db.Credit(), Firms: db.Enterprises(), Now: now}
	labs := &lab.Service{Store: db.Labs(), Credit: credits, Now: now}
	tbts := &tbt.Service{Store: db.TBT(), People: db.Reminders(), Sets: tbt.Sets{HS: sets.HS, Countries: sets.Countries}, Now: now}
	enterprises := &enterprise.Service{Store: db.Enterprises(), Sets: sets, Now: now}
	engine := &screening.Engine{Store: db.Screening(), Sets: sets, Now: now, Log: log}
	measures := &measure.Service{Store: db.Measures(), Warnings: warnings, Credit: credits, Sets: sets, Now: now}
	publications := &publish.Service{Store: db.Publications(), Warnings: warnings}
	cal := &calendar.Service{Store: db.Calendar(), Now: now}
	gw := &gateway.Service{Store: db.Gateway(), Firms: db.Enterprises(), Warnings: warnings, Now: now}
	enf := &enforcement.Service{Store: db.Enforcement(), Firms: db.Enterprises(), Credit: credits, Cases: cases, Depts: sets.Depts, Now: now}
	reminders := &reminder.Service{Store: db.Reminders(), Calendar: cal, Now: now}
	signals := &signal.Service{Store: db.Signals(), Sets: sets, Now: now}
	monitor := &monitoring.Service{Store: db.Monitoring(), Signals: signals, Calendar: cal, Warnings: db.Inspections(), Sets: sets, Now: now}
	tracks := &tracker.Service{Store: db.Tracker(), Calendar: cal, Now: now}
	emerg := &emergency.Service{Store: db.Emergency(), Signals: signals, Declarations: engine, Cases: cases, Calendar: cal,
		Warnings: emergency.ExistsFunc(func(ctx context.Context, a risk.Actor, id risk.ID) error {
			_, err := warnings.Get(ctx, a, id)
			return err
		}),
		Measures: emergency.ExistsFunc(func(ctx context.Context, a risk.Actor, id risk.ID) error {
			_, err := measures.Get(ctx, a, id)
			return err
		}),
		Depts: sets.Depts, Ports: sets.Ports, Now: now}
	recalls := &recall.Service{Store: db.Recalls(), Progresses: db.Recalls(), Firms: db.Enterprises(), Cases: cases,
		Signals: db.Recalls(), Calendar: cal, Sets: sets, Now: now}
	// What a change to a warning causes in publication and measures: those
	// packages import warning, so the warning service reaches them here.
	warnings.Publisher, warnings.Measures = publications, measures
	reminders.Sources = []reminder.Source{reminder.CaseSource(db.Cases()), reminder.MeasureSource(db.Measures(), db.Reminders()),
		reminder.RecallSource(recalls, db.Reminders()), reminder.FollowupSource(db.Warnings(), db.Reminders()),
		reminder.CreditSource(credits, db.Reminders()), reminder.PetitionSource(db.Petitions(), db.Reminders()),
		reminder.LabSource(labs, db.Reminders()), tbts.ReminderSource()}
	return &App{
		DB:   db,
		Node: nodeName(),
		Services: web.Services{
			Catalog:     &catalog.Service{Store: db.Catalogs()},
			Enterprises: enterprises,
			Auth:        &auth.Service{Store: db.Auth(), Sets: sets, Now: now},
			Audit:       &audit.Service{Store: db.Audit()},
			Signals:     signals,
			Monitoring:  monitor,
			Tracker:     tracks,
			Emergency:   emerg,
			Cases:       cases,
			Assess:      assessments,
			Experts:     &expert.Service{Store: db.Experts(), Now: now},
			Warnings:    warnings,
			Measures:    measures,
			Inspections: &inspection.Service{Store: db.Inspections(), Sets: sets, Now: now},
			Screening:   engine,
			Detection:   &detection.Service{Store: db.Detection(), Now: now},
			Foreign:     &foreign.Service{Store: db.Foreign(), Now: now},
			Injuries:    &injury.Service{Store: db.Injuries(), Now: now},
			Calendar:    cal,
			Reminders:   reminders,
			Recalls:     recalls,
			Credit:      credits,
			Labs:        labs,
			TBT:         tbts,
			Dossiers: &dossier.Service{Store: db.Dossiers(), Enterprises: enterprises, Credit: credits, Recalls: recalls, Enforcement: enf,
				Screening: engine, Now: now},
			Petitions: &petition.Service{Store: db.Petitions(), Firms: db.Enterprises(), Measures: db.Measures(), Warnings: warnings,
				Declarations: db.Screening(), Results: db.Inspections(), Now: now},
			Gateway:     gw,
			Enforcement: enf,
			Trace: &trace.Service{Store: db.Trace(), Now: now, Log: log, Firms: db.Enterprises(), Warnings: warnings,
				Measures: measures, Recalls: recalls},
			Matching: &matching.Service{Store: db.Matching(), Cases: cases, Recalls: recalls, Now: now},
			Publish:  publications,
			Reports:  &report.Service{Store: db.Reports(), Now: now},
			Workbench: &workbench.Service{Store: db.Workbench(), Calendar: cal, Recalls: recalls, Reminders: reminders, Answers: gw, Credit: credits,
				Interviews: enf, Labs: labs, TBT: tbts, Monitoring: monitor, Tracker: tracks, Emergency: emerg, Reviews: assessments, Now: now},
			// Webhooks only until ConfigureDelivery says where mail goes.
			Subscriptions: &subscription.Service{Store: db.Subscriptions(), Now: now,
				Senders: map[subscription.Channel]subscription.Sender{subscription.Webhook: &notify.Webhook{BaseURL: "http://127.0.0.1:8080"}}},
		},
		Log: log,
	}, nil
}

// ServerConfig is the configuration of the HTTP server.
type ServerConfig struct {
	SecureCookies  bool
	TrustedProxies []netip.Prefix
	MetricsToken   string
	PublicURL      string // RISKGATE_PUBLIC_URL
	// RequestRate and RequestBurst are the per-address request rate limit
	// (web.Server); 0 takes its defaults.
	RequestRate, RequestBurst float64
}

// Server builds the HTTP server over the app's services.
func (a *App) Server(cfg ServerConfig) (*web.Server, error) {
	s := &web.Server{
		Services:       a.Services,
		PublicURL:      cfg.PublicURL,
		Stats:          a.DB.Stats(),
		Ping:           a.DB.Ping,
		Log:            a.Log,
		SecureCookies:  cfg.SecureCookies,
		TrustedProxies: cfg.TrustedProxies,
		MetricsToken:   cfg.MetricsToken,
		RequestRate:    cfg.RequestRate,
		RequestBurst:   cfg.RequestBurst,
		Contingency:    a.Contingency,
		// One clock for the services and the server (sessions, cookies).
		Now: func() time.Time { return a.DB.Now() },
	}
	if err := s.Init(); err != nil {
		return nil, err
	}
	return s, nil
}

// deliver runs the subscription dispatcher every interval until ctx ends:
// small claims (each well inside its lease however slow the endpoints),
// repeated while there is more, for at most two minutes a round.
func (a *App) deliver(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		a.leased(ctx, "subscription-delivery", func(ctx context.Context) {
			start := time.Now()
			for time.Since(start) < 2*time.Minute {
				sent, failed, err := a.Subscriptions.Dispatch(ctx, subscription.Batch)
				if err != nil {
					if ctx.Err() == nil {
						a.Log.Error("delivering subscriptions failed", "error", err)
					}
					break
				}
				if sent+failed > 0 {
					a.Log.Info("subscriptions delivered", "sent", sent, "failed", failed)
				}
				if sent+failed < subscription.Batch {
					break
				}
			}
		})
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// indexSearch writes the search documents of newly stored signals every
// interval until ctx ends (IndexSearchOnce).
func (a *App) indexSearch(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		a.IndexSearchOnce(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// IndexSearchOnce writes the search documents of the signals queued for
// the index (store.DB.IndexPending), under the "search-index" lease so
// that nodes sharing a database do not do the same work; it reports
// whether it ran. With nothing queued it reads one sum and takes no lease.
// A node killed in the middle leaves the batches it had not finished
// queued (each batch's documents and its removal from the queue are one
// transaction), for the next holder or the next search.
func (a *App) IndexSearchOnce(ctx context.Context) bool {
	n, err := a.DB.SearchBacklog(ctx)
	if err != nil || n == 0 {
		if err != nil && ctx.Err() == nil {
			a.Log.Error("search index backlog failed", "error", err)
		}
		return false
	}
	return a.leased(ctx, "search-index", func(ctx context.Context) {
		n, err := a.DB.IndexPending(ctx)
		if err != nil && ctx.Err() == nil {
			a.Log.Error("indexing signals for search failed", "error", err)
		}
		if n > 0 {
			a.Log.Debug("signals indexed for search", "count", n)
		}
	})
}

// DeliveryConfig says how subscriptions are delivered.
type DeliveryConfig struct {
	BaseURL      string // the portal's absolute URL, for links in what is sent
	SMTPAddr     string // host:port of the mail relay; empty: no e-mail subscriptions
	SMTPFrom     string
	SMTPUser     string
	SMTPPassword string
	// AllowPrivateWebhooks lets webhooks reach loopback and private
	// networks (tests; an intranet deployment).
	AllowPrivateWebhooks bool
}

// ConfigureDelivery sets the senders of subscriptions.
func (a *App) ConfigureDelivery(c DeliveryConfig) {
	senders := map[subscription.Channel]subscription.Sender{
		subscription.Webhook: &notify.Webhook{BaseURL: c.BaseURL, AllowPrivate: c.AllowPrivateWebhooks, Now: a.DB.Now},
	}
	if c.SMTPAddr != "" {
		senders[subscription.Email] = &notify.Mailer{Addr: c.SMTPAddr, From: c.SMTPFrom, Username: c.SMTPUser, Password: c.SMTPPassword,
			BaseURL: c.BaseURL, Now: a.DB.Now}
	}
	a.Subscriptions.Senders, a.Subscriptions.AllowPrivate = senders, c.AllowPrivateWebhooks
	a.Reminders.BaseURL = c.BaseURL
	if m, ok := senders[subscription.Email].(*notify.Mailer); ok {
		a.Reminders.Mailer = m
	}
}

// Close closes the contingency journal and the database.
func (a *App) Close() error {
	var err error
	if a.Contingency != nil {
		err = a.Contingency.Journal.Close()
	}
	return errors.Join(err, a.DB.Close())
}

// RunJobs runs the periodic jobs until ctx ends, every interval: warnings
// whose validity has run out are expired, warnings whose lifting
// conditions are met are proposed for lifting, last month's quality reports
// are made, and the active detectors evaluate the periods completed since
// their last run (all audited). On several nodes sharing a database, the
// node holding the jobs' lease runs them (leased); each step's work is
// transactional and finds only what is still due, so a node killed in the
// middle leaves the rest to the next holder and nothing is done twice.
//
// The first run is an interval after the call: serve runs them once before
// it listens (RunJobsOnce).
func (a *App) RunJobs(ctx context.Context, interval time.Duration) {
	// The screening index follows rule changes within a fraction of a
	// second: a cheap poll of the rules counter, a rebuild only on change.
	// Every node keeps its own index.
	go a.Screening.Run(ctx, 250*time.Millisecond)
	// Decisions held while the database was unreachable go back to it as
	// soon as it answers.
	if a.Contingency != nil {
		go a.Contingency.Run(ctx)
	}
	// Subscriptions are delivered on their own, so that a slow mail relay
	// or webhook never holds up expiry, lifting or detection.
	go a.deliver(ctx, 10*time.Second)
	// New signals' search documents, written after the signals (a search
	// also writes any still queued before it runs).
	go a.indexSearch(ctx, time.Second)
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		a.RunJobsOnce(ctx)
	}
}

// RunJobsOnce runs the periodic jobs once, when this node can take their
// lease; it reports whether it did.
func (a *App) RunJobsOnce(ctx context.Context) bool {
	return a.leased(ctx, "periodic-jobs", a.periodicJobs)
}

// periodicJobs runs the periodic jobs once, in order.
func (a *App) periodicJobs(ctx context.Context) {
	steps := []struct {
		name, done string
		run        func(context.Context) (int, error)
	}{
		{"expire", "warnings expired", a.Warnings.ExpireDue},
		{"lifting", "lifting proposed", a.Inspections.EvaluateLifting},
		{"reports", "monthly quality reports generated", a.Reports.Monthly},
		{"detection", "statistical alarms raised", a.Detection.RunAll},
		{"commitments", "overdue interview commitments marked missed", a.Enforcement.MarkOverdue},
		{"credit", "credit events expired", a.Credit.Expire},
		{"lab-accreditations", "lab scope items suspended on expired accreditations", a.Labs.ExpireAccreditations},
		{"lab-grades", "lab grades moved by periodic evaluation", a.Labs.EvaluateAll},
		{"reminders", "reminders written", a.Reminders.Run},
	}
	for _, st := range steps {
		n, err := st.run(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			a.Log.Error("periodic job failed", "job", st.name, "error", err)
		} else if n > 0 {
			a.Log.Info(st.done, "count", n)
		}
		if a.AfterJobStep != nil {
			a.AfterJobStep(ctx, st.name)
		}
	}
}

// leased runs fn while this node holds the lease on the job name, renewing
// it every third of LeaseTTL; when another node holds it, fn does not run.
// A lease lost meanwhile (the database unreachable past its expiry) cancels
// fn's context, so the job stops at its next statement. The lease is
// released when fn returns: the jobs find only what is still due, so the
// next node to run them finds nothing done twice.
func (a *App) leased(ctx context.Context, name string, fn func(context.Context)) bool {
	ttl := a.LeaseTTL
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	ok, err := a.DB.TryLease(ctx, name, a.Node, time.Now(), ttl)
	if err != nil {
		if ctx.Err() == nil {
			a.Log.Error("job lease failed", "job", name, "error", err)
		}
		return false
	}
	if !ok {
		a.Log.Debug("job held by another node", "job", name, "node", a.Node)
		return false
	}
	jobCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan struct{})
	renewed := make(chan struct{})
	go func() {
		defer close(renewed)
		t := time.NewTicker(ttl / 3)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if ok, err := a.DB.TryLease(jobCtx, name, a.Node, time.Now(), ttl); !ok || err != nil {
					a.Log.Error("job lease lost; stopping the job", "job", name, "error", err)
					cancel()
					return
				}
			}
		}
	}()
	fn(jobCtx)
	close(done)
	<-renewed
	a.Log.Debug("job done", "job", name, "node", a.Node)
	if err := a.DB.ReleaseLease(context.WithoutCancel(ctx), name, a.Node, time.Now()); err != nil {
		a.Log.Error("job lease release failed", "job", name, "error", err)
	}
	return true
}

// nodeName names this process: host, process id and a random suffix, so
// that a restarted process is another holder.
func nodeName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s:%d:%x", host, os.Getpid(), b)
}

// DefaultLeaseTTL is how long a job's lease lasts without renewal: a node
// killed in the middle of a job hands it over after this long.
const DefaultLeaseTTL = 2 * time.Minute
