package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestClientClosedIs499: a request whose client goes away is counted and
// logged as 499 (nginx's "client closed request"), not as a 500 and not
// at level Error.
func TestClientClosedIs499(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{Log: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	started, done := make(chan struct{}), make(chan struct{})
	slow := s.handle(func(w http.ResponseWriter, r *http.Request) error {
		close(started)
		<-r.Context().Done() // a query the client no longer waits for
		return r.Context().Err()
	})
	h := s.metrics.wrap("/slow", slow)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(done)
		h.ServeHTTP(w, r)
	}))
	defer ts.Close()

	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL+"/slow", nil)
	go func() {
		<-started
		cancel()
	}()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		t.Fatalf("the request finished: %d", resp.StatusCode)
	}
	<-done
	mreq := httptest.NewRequest("GET", "/metrics", nil)
	mreq.RemoteAddr = "127.0.0.1:1234"
	rec := httptest.NewRecorder()
	s.metricsHandler().ServeHTTP(rec, mreq)
	m := rec.Body.String()
	if !strings.Contains(m, `riskgate_http_requests_total{code="499",method="GET",route="/slow"} 1`) || strings.Contains(m, `code="500"`) {
		t.Errorf("metrics:\n%s", m)
	}
	if strings.Contains(logs.String(), "level=ERROR") || !strings.Contains(logs.String(), "status=499") {
		t.Errorf("log:\n%s", logs.String())
	}
}
