package web_test

import (
	"fmt"
	"net/http"
	"testing"

	"riskgate/internal/store/storetest"
)

// TestPermissionMatrix calls each action of the lifecycle as each role and
// checks who gets past authorisation (any answer but 401/403/404) and who
// is refused. Validation errors and conflicts count as "past": the matrix
// is about who may try. Records are the demo's: case 1 with its approved
// assessment 1, bulletin 1 and announcement 2.
func TestPermissionMatrix(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	roles := []string{"anonymous", "admin", "officer", "approver", "inspector", "enterprise", "lab"}
	tokens := map[string]string{"anonymous": ""}
	for _, r := range roles[1:] {
		tokens[r] = e.token(r)
	}
	all := func(rs ...string) map[string]bool {
		m := map[string]bool{}
		for _, r := range rs {
			m[r] = true
		}
		return m
	}
	officials := all("admin", "officer", "approver", "inspector")
	cases := []struct {
		method, path, body string
		allowed            map[string]bool
	}{
		{"GET", "/api/v1/public/announcements", "", all(roles...)},
		{"GET", "/api/v1/catalog/hs?q=3604", "", all(roles...)},
		{"GET", "/api/v1/calendar/workdays?from=2026-09-30&days=2", "", all(roles...)},
		{"PUT", "/api/v1/calendar/years/2027", `{"source": "", "days": []}`, all("admin")},
		{"POST", "/api/v1/assessments/evaluate", `{"scenarios": []}`, officials},
		{"GET", "/api/v1/signals", "", officials},
		{"POST", "/api/v1/signals", `{"description": "x"}`, all("admin", "officer", "inspector", "enterprise", "lab")},
		{"POST", "/api/v1/signals/1/dismiss", `{"reason": ""}`, all("admin", "officer", "inspector")},
		{"GET", "/api/v1/cases", "", officials},
		{"POST", "/api/v1/cases", `{"title": ""}`, all("admin", "officer")},
		{"POST", "/api/v1/cases/1/assessments", `{}`, all("officer")},
		{"POST", "/api/v1/assessments/1/decision", `{"action": "approve", "rev": 0}`, all("approver")},
		{"GET", "/api/v1/assessment-profiles", "", officials},
		{"POST", "/api/v1/assessment-profiles", `{"name": ""}`, all("admin")},
		{"POST", "/api/v1/assessment-profiles/rag-2019/versions/1/preview", `{}`, officials},
		{"POST", "/api/v1/assessment-profiles/rag-2019/versions/1/activate", `{}`, all("admin")},
		{"GET", "/api/v1/experts", "", all("admin", "officer", "approver")},
		{"POST", "/api/v1/experts", `{}`, all("admin")},
		{"POST", "/api/v1/assessments/1/panel/members", `{"expert_id": 999}`, all("officer")},
		{"POST", "/api/v1/assessments/1/panel/conclusion", `{}`, all("officer")},
		{"POST", "/api/v1/cases/1/warnings", `{}`, all("officer")},
		{"GET", "/api/v1/warnings", "", officials},
		{"POST", "/api/v1/warnings/1/actions", `{"action": "lift", "rev": 0}`, all("approver")},
		{"POST", "/api/v1/warnings/1/actions", `{"action": "issue", "rev": 0}`, all("officer", "approver")},
		{"POST", "/api/v1/warnings/1/measures", `{"items": []}`, all("officer")},
		// Follow-ups: the issuer's department reads them; only a recipient
		// department (none of these roles: all are of the issuer) reports.
		{"GET", "/api/v1/warnings/1/followups", "", officials},
		{"POST", "/api/v1/warnings/1/followups", `{"finding": "not_found"}`, all()},
		{"GET", "/api/v1/tasks", "", officials},
		{"POST", "/api/v1/inspections", `{}`, all("inspector", "lab")},
		{"GET", "/api/v1/inbox", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"PUT", "/api/v1/warning-rules", `{}`, all("admin")},
		{"PUT", "/api/v1/measure-bundles", `{}`, all("admin")},
		{"GET", "/api/v1/audit", "", all("admin")},
		{"POST", "/api/v1/enterprises", `{}`, all("admin", "officer")},
		{"GET", "/api/v1/enterprises", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"GET", "/api/v1/recalls", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/recalls", `{}`, all("officer", "enterprise")},
		{"GET", "/api/v1/petitions", "", all("admin", "officer", "approver", "enterprise")},
		{"POST", "/api/v1/petitions", `{}`, all("enterprise")},
		{"GET", "/api/v1/answers", "", all("admin", "officer", "approver", "enterprise")},
		{"POST", "/api/v1/warnings/1/answers", `{}`, all("enterprise")},
		{"GET", "/api/v1/self-declarations", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/self-declarations", `{}`, all("enterprise")},
		{"GET", "/api/v1/credit/events", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/credit/events", `{}`, all("officer")},
		{"POST", "/api/v1/credit/firms/1/decision", `{}`, all("approver")},
		{"GET", "/api/v1/credit/rules", "", officials},
		{"PUT", "/api/v1/credit/rules", `{}`, all("admin")},
		{"GET", "/api/v1/credit/lists/dishonest", "", officials},
		{"GET", "/api/v1/credit/repairs", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/credit/repairs", `{}`, all("enterprise")},
		{"GET", "/api/v1/public/credit", "", all(roles...)},
		{"GET", "/api/v1/labs", "", all("admin", "officer", "approver", "inspector", "lab")},
		{"POST", "/api/v1/labs", `{}`, all("officer")},
		{"POST", "/api/v1/labs/1/status", `{}`, all("officer")},
		{"POST", "/api/v1/labs/1/reports", `{}`, all("officer", "lab")},
		{"POST", "/api/v1/labs/1/crosschecks", `{}`, all("officer", "inspector")},
		{"GET", "/api/v1/lab-reports", "", all("admin", "officer", "approver", "inspector", "lab")},
		{"GET", "/api/v1/emergency/plans", "", officials},
		{"POST", "/api/v1/emergency/plans", `{}`, all("officer")},
		{"GET", "/api/v1/emergency/incidents", "", officials},
		{"POST", "/api/v1/emergency/incidents", `{}`, all("officer", "inspector")},
		{"GET", "/api/v1/emergency/drills", "", officials},
		{"POST", "/api/v1/emergency/drills", `{}`, all("officer")},
		{"GET", "/api/v1/monitoring/points", "", officials},
		{"POST", "/api/v1/monitoring/points", `{}`, all("officer")},
		{"GET", "/api/v1/monitoring/plans", "", officials},
		{"POST", "/api/v1/monitoring/plans", `{}`, all("officer")},
		{"GET", "/api/v1/monitoring/tasks", "", officials},
		{"GET", "/api/v1/monitoring/samples", "", officials},
		{"POST", "/api/v1/monitoring/samples", `{}`, all("officer", "inspector")},
		{"GET", "/api/v1/tracker/tasks", "", officials},
		{"GET", "/api/v1/tracker/tasks/T01", "", officials},
		{"POST", "/api/v1/tracker/reports", `{}`, all("officer", "approver")},
		{"GET", "/api/v1/lab-rules", "", officials},
		{"PUT", "/api/v1/lab-rules", `{}`, all("admin")},
		{"GET", "/api/v1/interviews", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/interviews", `{}`, all("officer")},
		{"GET", "/api/v1/penalties", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/penalties", `{}`, all("officer")},
		{"POST", "/epcis/capture", `{}`, all("officer", "inspector", "enterprise")},
		{"GET", "/epcis/events", "", all("officer", "approver", "inspector", "enterprise")},
		{"GET", "/api/v1/trace/forward?id=bad", "", all("officer", "approver", "inspector")},
		{"GET", "/api/v1/trace/backward?id=bad", "", all("officer", "approver", "inspector")},
		{"GET", "/api/v1/trace/export", "", all("officer", "approver", "inspector")},
		{"GET", "/api/v1/tbt/notifications", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/tbt/notifications", `{}`, all("officer")},
		{"POST", "/api/v1/tbt/notifications/import?format=csv", "Document symbol\nG/TBT/N/EU/1\n", all("officer")},
		{"GET", "/api/v1/tbt/subscriptions", "", all("officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/tbt/subscriptions", `{}`, all("officer", "approver", "inspector", "enterprise")},
		{"GET", "/api/v1/tbt/studies", "", all("admin", "officer", "approver", "inspector", "enterprise")},
		{"POST", "/api/v1/tbt/studies", `{}`, all("officer")},
	}
	for ci, c := range cases {
		// Each case from its own address, under the per-address rate limit
		// (the test server trusts X-Forwarded-For from loopback).
		e.from = fmt.Sprintf("10.88.%d.1", ci)
		for _, role := range roles {
			var body any
			if c.body != "" {
				body = c.body
			}
			code, resp := e.api(c.method, c.path, tokens[role], body)
			denied := code == http.StatusUnauthorized || code == http.StatusForbidden || code == http.StatusNotFound
			if c.allowed[role] == denied {
				t.Errorf("%s %s as %s: %d %v; allowed=%v", c.method, c.path, role, code, resp, c.allowed[role])
			}
			if role == "anonymous" && denied && code != http.StatusUnauthorized {
				t.Errorf("%s %s anonymously: %d, want 401", c.method, c.path, code)
			}
		}
	}
}
