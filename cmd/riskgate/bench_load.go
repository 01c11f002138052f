package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/demo"
	"riskgate/internal/risk"
	"riskgate/internal/store"
)

// loadRoute is one kind of request of the load mix.
type loadRoute struct {
	name   string
	weight int
	write  bool
	req    func(base, token string, n int64) *http.Request
}

// loadMix is what officials and the public do at once: the portal's search
// and announcements, the signal list, new signals and declarations
// screened at the port.
var loadMix = []loadRoute{
	{"GET /public?q=", 30, false, func(base, _ string, n int64) *http.Request {
		q := []string{"打火机", "烟花", "陶瓷", "玩具", "lighter"}[n%5]
		r, _ := http.NewRequest("GET", base+"/public?q="+url.QueryEscape(q), nil)
		return r
	}},
	{"GET /public", 20, false, func(base, _ string, _ int64) *http.Request {
		r, _ := http.NewRequest("GET", base+"/public", nil)
		return r
	}},
	{"GET /api/v1/signals", 30, false, func(base, token string, _ int64) *http.Request {
		r, _ := http.NewRequest("GET", base+"/api/v1/signals?limit=20", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}},
	{"POST /api/v1/signals", 10, true, func(base, token string, n int64) *http.Request {
		body := fmt.Sprintf(`{"channel": "port-nonconformity", "external_ref": "LOAD-%d-%d", "region": "430100", "hazard": "burns", `+
			`"product": {"hs_code": "9613100000", "name": "一次性打火机", "brand": "火炬", "origin": "CN", "destination": "DE"}, `+
			`"description": "口岸抽检：火焰高度超标。"}`, time.Now().UnixNano(), n)
		r, _ := http.NewRequest("POST", base+"/api/v1/signals", strings.NewReader(body))
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		return r
	}},
	{"POST /api/v1/declarations/screen", 10, true, func(base, token string, n int64) *http.Request {
		body := fmt.Sprintf(`{"number": "LOAD-%d-%d", "direction": "export", "port": "4900", "declared_at": %q, "trade_mode": "0110", `+
			`"lines": [{"hs_code": "9613800000", "name": "打火机", "origin": "CN", "destination": "DE"}, {"hs_code": "6912001000", "name": "陶瓷餐具", "origin": "CN", "destination": "FR"}]}`,
			time.Now().UnixNano(), n, time.Now().UTC().Format(time.RFC3339))
		r, _ := http.NewRequest("POST", base+"/api/v1/declarations/screen", bytes.NewReader([]byte(body)))
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		return r
	}},
}

// benchLoad starts the server over the small demo on each engine and drives
// it with each number of clients for the duration, every client from its
// own address (X-Forwarded-For, the server trusting the loopback proxy), and
// prints per route the requests, errors, p50 and p99.
func benchLoad(ctx context.Context, stdout io.Writer, clients []int, d, think time.Duration, pgURL string) error {
	engines := []string{"sqlite"}
	if pgURL != "" {
		engines = append(engines, "postgres")
	}
	type summary struct {
		engine                 string
		clients                int
		readP99, writeP99, rps float64
		errors, total          int64
	}
	var sums []summary
	for _, engine := range engines {
		u, drop, err := benchDatabase(ctx, engine, pgURL)
		if err != nil {
			return err
		}
		err = func() error {
			defer drop()
			db, err := store.Open(ctx, u, nil)
			if err != nil {
				return err
			}
			defer db.Close()
			db.SetAuditKey(audit.NewKey())
			a, err := app.New(ctx, db, nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(stdout, "%s: loading the small demo…\n", engine)
			if _, err := demo.LoadAll(ctx, a, demo.Options{Small: true}); err != nil {
				return err
			}
			token, err := a.Auth.CreateToken(ctx, risk.System, "officer", "load")
			if err != nil {
				return err
			}
			srv, err := a.Server(app.ServerConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				return err
			}
			hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
			go hs.Serve(ln)
			defer hs.Close()
			runCtx, stop := context.WithCancel(ctx)
			defer stop()
			go a.Screening.Run(runCtx, 250*time.Millisecond)
			base := "http://" + ln.Addr().String()
			for _, n := range clients {
				r := driveLoad(ctx, base, token, n, d, think)
				fmt.Fprintf(stdout, "%s, %d clients, think %v, %v: %.0f requests/s, %d errors of %d\n", engine, n, think, d, r.rps, r.errors, r.total)
				fmt.Fprintf(stdout, "  %-34s %8s %7s %9s %9s\n", "route", "requests", "errors", "p50 ms", "p99 ms")
				for _, rt := range loadMix {
					st := r.routes[rt.name]
					fmt.Fprintf(stdout, "  %-34s %8d %7d %9.1f %9.1f\n", rt.name, len(st.ms), st.errors, pct(st.ms, 50), pct(st.ms, 99))
				}
				sums = append(sums, summary{engine, n, r.p99(false), r.p99(true), r.rps, r.errors, r.total})
			}
			return nil
		}()
		if err != nil {
			return err
		}
	}
	for _, s := range sums {
		fmt.Fprintf(stdout, "%s_%d_clients: %.0f req/s, errors %d, reads p99 %.1f ms, writes p99 %.1f ms (think %v)\n", s.engine, s.clients, s.rps, s.errors, s.readP99, s.writeP99, think)
	}
	return nil
}

type routeStats struct {
	ms     []float64
	errors int64
}

type loadResult struct {
	routes        map[string]*routeStats
	total, errors int64
	rps           float64
}

// p99 is the 99th percentile of the reads' or the writes' latencies.
func (r loadResult) p99(write bool) float64 {
	var all []float64
	for _, rt := range loadMix {
		if rt.write == write {
			all = append(all, r.routes[rt.name].ms...)
		}
	}
	return pct(all, 99)
}

// driveLoad runs n clients for d, each from its own address, each waiting
// between its requests a time drawn uniformly from 0.5–1.5 think (none when
// think is 0: a closed loop that measures saturation).
func driveLoad(ctx context.Context, base, token string, n int, d, think time.Duration) loadResult {
	total := 0
	for _, rt := range loadMix {
		total += rt.weight
	}
	tr := &http.Transport{MaxIdleConnsPerHost: n, MaxConnsPerHost: n}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	var mu sync.Mutex
	res := loadResult{routes: map[string]*routeStats{}}
	for _, rt := range loadMix {
		res.routes[rt.name] = &routeStats{}
	}
	var seq atomic.Int64
	deadline := time.Now().Add(d)
	start := time.Now()
	var wg sync.WaitGroup
	for c := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 42))
			addr := fmt.Sprintf("10.%d.%d.%d", 1+c/65536%250, c/256%256, c%256)
			for time.Now().Before(deadline) && ctx.Err() == nil {
				pick := rng.IntN(total)
				rt := loadMix[0]
				for _, x := range loadMix {
					if pick < x.weight {
						rt = x
						break
					}
					pick -= x.weight
				}
				req := rt.req(base, token, seq.Add(1))
				req.Header.Set("X-Forwarded-For", addr)
				t0 := time.Now()
				resp, err := client.Do(req.WithContext(ctx))
				ok := err == nil && resp.StatusCode < 400
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				ms := float64(time.Since(t0).Microseconds()) / 1000
				mu.Lock()
				st := res.routes[rt.name]
				st.ms = append(st.ms, ms)
				res.total++
				if !ok {
					st.errors++
					res.errors++
				}
				mu.Unlock()
				if think > 0 {
					select {
					case <-time.After(think/2 + time.Duration(rng.Int64N(int64(think)))):
					case <-ctx.Done():
					}
				}
			}
		}()
	}
	wg.Wait()
	res.rps = float64(res.total) / time.Since(start).Seconds()
	return res
}

// pct is the p-th percentile of xs (0 for none).
func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	sort.Float64s(s)
	return s[min(len(s)-1, int(float64(len(s))*p/100))]
}
