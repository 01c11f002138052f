package web

import "strings"

// APIRoutes returns "METHOD pattern" for every route under /api/v1/, for
// the test that keeps openapi.json in step.
func (s *Server) APIRoutes() []string {
	var out []string
	for _, rt := range s.routes() {
		if strings.HasPrefix(rt.Pattern, "/api/v1/") || strings.HasPrefix(rt.Pattern, "/epcis/") {
			out = append(out, rt.Method+" "+rt.Pattern)
		}
	}
	return out
}

// RouteInfo is one route for the tests that sweep the HTTP surface.
type RouteInfo struct {
	Method, Pattern string
	Public          bool // open to anonymous callers
}

// Routes lists every route.
func (s *Server) Routes() []RouteInfo {
	var out []RouteInfo
	for _, rt := range s.routes() {
		out = append(out, RouteInfo{rt.Method, rt.Pattern, publicRoute(rt.Pattern)})
	}
	return out
}

// SetMaxStreamCapture lowers the largest capture body read as a stream,
// for a test; restore puts it back.
func SetMaxStreamCapture(n int64) (restore func()) {
	old := maxStreamCapture
	maxStreamCapture = n
	return func() { maxStreamCapture = old }
}
