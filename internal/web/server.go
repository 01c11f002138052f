// Package web serves riskgate's web UI (server-rendered HTML, Chinese first)
// and its JSON API. Handlers parse input, call one service method and render;
// errors map to HTTP statuses in one place (errors.go).
package web

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
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
	"riskgate/internal/petition"
	"riskgate/internal/publish"
	"riskgate/internal/recall"
	"riskgate/internal/reminder"
	"riskgate/internal/report"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/subscription"
	"riskgate/internal/tbt"
	"riskgate/internal/trace"
	"riskgate/internal/tracker"
	"riskgate/internal/warning"
	"riskgate/internal/workbench"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

//go:embed openapi.json
var openAPI []byte

// Stats are the dashboard's figures.
type Stats interface {
	// EnterpriseCounts counts enterprises by credit tier and by Hunan
	// prefecture (4-digit region prefix); ids restricts to those
	// enterprises when not nil.
	EnterpriseCounts(ctx context.Context) (byTier, byPrefecture map[string]int, total int, err error)
	CountUsers(ctx context.Context) (int, error)
	AuditCount(ctx context.Context) (int, error)
}

// Services are the domain services behind the pages and the API. The
// wiring (internal/app) builds them once and hands them over whole.
type Services struct {
	Catalog       *catalog.Service
	Enterprises   *enterprise.Service
	Auth          *auth.Service
	Audit         *audit.Service
	Signals       *signal.Service
	Cases         *casefile.Service
	Assess        *assess.Service
	Warnings      *warning.Service
	Measures      *measure.Service
	Inspections   *inspection.Service
	Screening     *screening.Engine
	Detection     *detection.Service
	Foreign       *foreign.Service
	Injuries      *injury.Service
	Matching      *matching.Service
	Publish       *publish.Service
	Subscriptions *subscription.Service
	Reports       *report.Service
	Workbench     *workbench.Service
	Calendar      *calendar.Service
	Recalls       *recall.Service
	Credit        *credit.Service
	Labs          *lab.Service
	Dossiers      *dossier.Service
	Reminders     *reminder.Service
	Petitions     *petition.Service
	Gateway       *gateway.Service
	Enforcement   *enforcement.Service
	Trace         *trace.Service
	TBT           *tbt.Service
	Monitoring    *monitoring.Service
	Tracker       *tracker.Service
	Emergency     *emergency.Service
	Experts       *expert.Service
}

// Server is the HTTP face of riskgate.
type Server struct {
	Services
	Stats Stats
	// Ping checks the database for /healthz.
	Ping func(ctx context.Context) error
	Log  *slog.Logger
	// SecureCookies marks cookies Secure even when the request did not
	// arrive over TLS here (riskgate behind a TLS-terminating proxy).
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed when identifying a client for throttling and rate limits.
	TrustedProxies []netip.Prefix
	// PublicURL is the portal's absolute URL for links in feeds and CAP
	// documents; empty: the URL the request came to.
	PublicURL string
	// MetricsToken, when set, lets callers that present it as a bearer
	// token read /metrics; otherwise only loopback callers may.
	MetricsToken string
	// RequestRate and RequestBurst are the per-address request rate limit:
	// requests a second, and how many at once; 0 takes the defaults,
	// DefaultRequestRate and DefaultRequestBurst.
	RequestRate, RequestBurst float64
	// Now is the clock.
	Now func() time.Time
	// Contingency is the node's contingency mode (nil: not enabled), for
	// the health check and the banner on pages.
	Contingency *contingency.Mode

	tmpl    map[string]*template.Template
	static  fs.FS
	metrics *metrics
	limiter *limiter
	// complaints limits portal complaints per client address: 5 at once,
	// then one every 12 minutes.
	complaints *limiter
	mux        *http.ServeMux
	// shared holds the portal pages anonymous visitors see alike.
	shared pageCache
}

// The per-address request rate limit when the server is given none: 50
// requests a second, 200 at once.
const (
	DefaultRequestRate  = 50
	DefaultRequestBurst = 200
)

// Limits on input from outside.
const (
	maxJSONBody   = 1 << 20  // 1 MiB for JSON requests
	maxFormBody   = 1 << 20  // 1 MiB for ordinary forms
	maxUploadBody = 64 << 20 // 64 MiB for import files
)

// Init parses templates and builds the routes; call it once before Handler.
func (s *Server) Init() error {
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.Now == nil {
		s.Now = time.Now
	}
	t, err := parseTemplates()
	if err != nil {
		return err
	}
	s.tmpl = t
	s.static, _ = fs.Sub(staticFS, "static")
	s.metrics = newMetrics()
	rate, burst := s.RequestRate, s.RequestBurst
	if rate <= 0 {
		rate = DefaultRequestRate
	}
	if burst <= 0 {
		burst = DefaultRequestBurst
	}
	s.limiter = newLimiter(rate, burst, s.Now)
	s.complaints = newLimiter(5.0/3600, 5, s.Now)
	s.mux = http.NewServeMux()
	for _, rt := range s.routes() {
		h := rt.Handler
		if !publicRoute(rt.Pattern) {
			h = signInRequired(h)
		}
		s.mux.Handle(rt.Method+" "+rt.Pattern, s.metrics.wrap(rt.Pattern, h))
	}
	return nil
}

// Handler returns the server's handler with its middleware.
func (s *Server) Handler() http.Handler {
	return s.recoverer(s.secureHeaders(s.rateLimit(s.mux)))
}
