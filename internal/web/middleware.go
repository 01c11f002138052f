package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
)

var errEOF = io.EOF

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func urlPathEscape(s string) string { return url.PathEscape(s) }

type ctxKey int

const (
	actorKey ctxKey = iota
	sessionKey
	privateKey
)

// signInRequired marks a route as one for signed-in callers only: handle
// answers an anonymous caller 401 before the route's handler runs.
func signInRequired(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), privateKey, true)))
	})
}

// actorOf returns who is making the request (Anonymous when nobody).
func actorOf(r *http.Request) risk.Actor {
	a, _ := r.Context().Value(actorKey).(risk.Actor)
	return a
}

// sessionOf returns the browser session, or nil for API tokens and the public.
func sessionOf(r *http.Request) *auth.Session {
	s, _ := r.Context().Value(sessionKey).(*auth.Session)
	return s
}

const (
	sessionCookie = "rg_session"
	loginCookie   = "rg_login" // CSRF token of the sign-in form, before a session exists
	formCookie    = "rg_form"  // CSRF token of the portal's public forms, without a session
	langCookie    = "lang"
)

// handle adapts a handler that returns an error: it identifies the caller
// (bearer token or session cookie), checks the CSRF token of browser
// writes, and serves any error in the format the caller expects.
func (s *Server) handle(fn func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r, err := s.identify(w, r)
		if err == nil && actorOf(r).IsAnonymous() && r.Context().Value(privateKey) != nil {
			err = risk.Errorf(risk.ErrUnauthorized, "请先登录或提供 API 令牌。 / Sign in or send an API token.")
		}
		if err == nil {
			err = fn(w, r)
		}
		if err != nil {
			s.serveError(w, r, err)
		}
	})
}

func (s *Server) identify(w http.ResponseWriter, r *http.Request) (*http.Request, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return r, risk.Errorf(risk.ErrUnauthorized, "Authorization 头必须是 Bearer 令牌。 / The Authorization header must be a Bearer token.")
		}
		a, err := s.Auth.Bearer(ctx, strings.TrimSpace(tok))
		if err != nil {
			return r, err
		}
		return r.WithContext(context.WithValue(ctx, actorKey, a)), nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return r.WithContext(context.WithValue(ctx, actorKey, risk.Anonymous)), nil
	}
	sess, err := s.Auth.Session(ctx, c.Value)
	if err != nil {
		if !errors.Is(err, risk.ErrUnauthorized) {
			return r, err
		}
		s.clearCookie(w, r, sessionCookie)
		return r.WithContext(context.WithValue(ctx, actorKey, risk.Anonymous)), nil
	}
	ctx = context.WithValue(ctx, actorKey, sess.User.Actor())
	ctx = context.WithValue(ctx, sessionKey, sess)
	r = r.WithContext(ctx)
	if unsafeMethod(r.Method) && r.URL.Path != "/login" { // sign-in checks its own token
		if err := checkCSRF(r, sess.CSRF); err != nil {
			return r, err
		}
	}
	return r, nil
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

// uploadRoutes take multipart bodies; their handlers check the CSRF token
// in the body's "csrf" part before reading the file (checkUploadCSRF).
var uploadRoutes = map[string]bool{"/enterprises/import": true, "/signals/import": true, "/signals/foreign": true, "/injuries/import": true,
	"/declarations/import": true, "/trace/capture": true}

// uploadRoute reports whether a path takes a multipart upload.
func uploadRoute(p string) bool {
	return uploadRoutes[p] || (strings.HasPrefix(p, "/signals/") || strings.HasPrefix(p, "/answers/")) && strings.HasSuffix(p, "/attachments") ||
		strings.HasPrefix(p, "/labs/") && strings.HasSuffix(p, "/reports")
}

// checkCSRF compares the X-CSRF-Token header or the form field "csrf" with
// want. A multipart body is accepted only on an upload route, whose
// handler checks the token from the body.
func checkCSRF(r *http.Request, want string) error {
	got := r.Header.Get("X-CSRF-Token")
	if got == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") && uploadRoute(r.URL.Path) {
		return nil // checked by checkUploadCSRF
	}
	if got == "" && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormBody)
		if err := r.ParseForm(); err != nil {
			return risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
		}
		got = r.PostForm.Get("csrf")
	}
	return compareCSRF(got, want)
}

func compareCSRF(got, want string) error {
	if got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return &risk.Error{Kind: risk.ErrForbidden, Field: "csrf",
			Message: risk.Bilingual("表单已过期或来源不明（CSRF 校验失败），请刷新页面后重试。", "the form has expired or did not come from this site (CSRF check failed); reload and try again.")}
	}
	return nil
}

// checkUploadCSRF checks the "csrf" part of a multipart upload from a
// browser session against the session's token. API callers with a bearer
// token have no session and need none.
func checkUploadCSRF(r *http.Request, got string) error {
	sess := sessionOf(r)
	if sess == nil || r.Header.Get("X-CSRF-Token") != "" {
		return nil
	}
	return compareCSRF(got, sess.CSRF)
}

func (s *Server) secure(r *http.Request) bool { return r.TLS != nil || s.SecureCookies }

func (s *Server) setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, r *http.Request, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: s.secure(r), SameSite: http.SameSiteLaxMode})
}

func randomToken() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// secureHeaders sets the headers every response carries.
func (s *Server) secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
		if s.secure(r) {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a 500 and a log line.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.serveError(w, r, fmt.Errorf("panic: %v", p))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// limiter is a token bucket per client address.
type limiter struct {
	mu      sync.Mutex
	rate    float64 // tokens per second
	burst   float64
	now     func() time.Time
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate, burst float64, now func() time.Time) *limiter {
	return &limiter{rate: rate, burst: burst, now: now, buckets: map[string]*bucket{}}
}

func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.buckets) > 50_000 {
		for k, b := range l.buckets {
			if now.Sub(b.last) > time.Minute {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	// A clock set back (an NTP step, a test's clock) refills nothing and
	// takes nothing: the bucket restarts its count from now.
	if d := now.Sub(b.last); d > 0 {
		b.tokens = min(l.burst, b.tokens+d.Seconds()*l.rate)
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// clientAddr is the caller's address: the peer, or, when the peer is a
// trusted proxy, the last address in X-Forwarded-For that is not a trusted
// proxy (earlier entries are whatever the client chose to send).
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		h := strings.TrimSpace(hops[i])
		if h == "" {
			continue
		}
		if !s.trusted(h) {
			return h
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// rateLimit refuses a client that sends more than the limiter allows.
func (s *Server) rateLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") || s.limiter.allow(s.clientAddr(r)) {
			next.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Retry-After", "1")
		s.serveError(w, r, risk.Errorf(risk.ErrTooMany, "请求过于频繁，请稍后再试。 / Too many requests; slow down."))
	})
}

// metrics are the Prometheus instruments of the HTTP server.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "riskgate_http_requests_total",
		Help: "HTTP requests by route pattern, method and status code."}, []string{"route", "method", "code"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "riskgate_http_request_duration_seconds",
		Help: "HTTP request duration by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"})
	m.reg.MustRegister(m.requests, m.duration, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (m *metrics) wrap(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		m.requests.WithLabelValues(pattern, r.Method, strconv.Itoa(sw.status)).Inc()
		m.duration.WithLabelValues(pattern).Observe(time.Since(start).Seconds())
	})
}

// metricsHandler serves /metrics to loopback callers, or to callers that
// present MetricsToken as a bearer token.
func (s *Server) metricsHandler() http.Handler {
	h := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ip, err := netip.ParseAddr(s.clientAddr(r))
		tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case err == nil && ip.Unmap().IsLoopback():
		case s.MetricsToken != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(s.MetricsToken)) == 1:
		default:
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "metrics: loopback or RISKGATE_METRICS_TOKEN only", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	})
}
