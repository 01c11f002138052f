package web

import (
	"net/http"
)

// route is one entry of the HTTP surface. API routes (under /api/) are
// documented in openapi.json; a test keeps the two in step.
type route struct {
	Method  string
	Pattern string
	Handler http.Handler
}

// routes is the whole HTTP surface.
func (s *Server) routes() []route {
	h := s.handle
	return []route{
		// Infrastructure.
		{"GET", "/healthz", h(s.healthz)},
		{"GET", "/metrics", s.metricsHandler()},
		{"GET", "/static/", http.StripPrefix("/static/", s.staticHandler())},
		{"GET", "/favicon.ico", http.RedirectHandler("/static/favicon.svg", http.StatusMovedPermanently)},
		{"GET", "/api/openapi.json", h(s.openAPI)},

		// Sign-in.
		{"GET", "/login", h(s.loginForm)},
		{"POST", "/login", h(s.login)},
		{"POST", "/logout", h(s.logout)},
		{"GET", "/lang/{lang}", h(s.setLang)},

		// Pages.
		{"GET", "/{$}", h(s.dashboard)},
		{"GET", "/catalogs", h(s.catalogIndex)},
		{"GET", "/catalogs/{name}", h(s.catalogShow)},
		{"GET", "/ids/uscc", h(s.usccCheck)},
		{"GET", "/enterprises", h(s.enterpriseList)},
		{"GET", "/enterprises/new", h(s.enterpriseNew)},
		{"POST", "/enterprises", h(s.enterpriseCreate)},
		{"GET", "/enterprises/import", h(s.enterpriseImportForm)},
		{"POST", "/enterprises/import", h(s.enterpriseImport)},
		{"GET", "/enterprises/import/template.csv", h(s.enterpriseTemplate)},
		{"GET", "/enterprises/import/template.xlsx", h(s.enterpriseTemplate)},
		{"GET", "/enterprises/{id}", h(s.enterpriseShow)},
		{"GET", "/enterprises/{id}/edit", h(s.enterpriseEdit)},
		{"POST", "/enterprises/{id}", h(s.enterpriseUpdate)},
		{"GET", "/admin/audit", h(s.auditList)},
		{"POST", "/admin/audit/verify", h(s.auditVerify)},
		{"GET", "/admin/users", h(s.userList)},
		{"POST", "/admin/users", h(s.userCreate)},

		// JSON API.
		{"GET", "/api/v1/me", h(s.apiMe)},
		{"GET", "/api/v1/catalog", h(s.apiCatalogList)},
		{"GET", "/api/v1/catalog/{name}", h(s.apiCatalogSearch)},
		{"GET", "/api/v1/ids/uscc/{code}", h(s.apiUSCC)},
		{"GET", "/api/v1/enterprises", h(s.apiEnterpriseList)},
		{"POST", "/api/v1/enterprises", h(s.apiEnterpriseCreate)},
		{"GET", "/api/v1/enterprises/{id}", h(s.apiEnterpriseGet)},
		{"PUT", "/api/v1/enterprises/{id}", h(s.apiEnterpriseUpdate)},
		{"POST", "/api/v1/enterprises/import", h(s.apiEnterpriseImport)},
		{"GET", "/api/v1/audit", h(s.apiAuditList)},
	}
}
