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
		{"GET", "/signals", h(s.signalList)},
		{"GET", "/signals/new", h(s.signalNew)},
		{"GET", "/signals/import", h(s.signalImportForm)},
		{"POST", "/signals/import", h(s.signalImport)},
		{"GET", "/signals/import/template.csv", h(s.signalTemplate)},
		{"GET", "/signals/import/template.xlsx", h(s.signalTemplate)},
		{"POST", "/signals", h(s.signalCreate)},
		{"GET", "/signals/{id}", h(s.signalShow)},
		{"POST", "/signals/{id}/attachments", h(s.signalAttach)},
		{"GET", "/signals/{id}/attachments/{aid}", h(s.signalAttachmentGet)},
		{"POST", "/signals/{id}/{action}", h(s.signalAction)},
		{"GET", "/cases", h(s.caseList)},
		{"POST", "/cases", h(s.caseOpen)},
		{"GET", "/cases/{id}", h(s.caseShow)},
		{"GET", "/cases/{id}/assessments/new", h(s.assessmentNew)},
		{"POST", "/cases/{id}/assessments", h(s.assessmentCreate)},
		{"POST", "/cases/{id}/{action}", h(s.caseAction)},
		{"GET", "/assessments/{id}", h(s.assessmentShow)},
		{"POST", "/assessments/{id}/{action}", h(s.assessmentAction)},
		{"GET", "/cases/{id}/warnings/new", h(s.warningNew)},
		{"POST", "/cases/{id}/warnings", h(s.warningCreate)},
		{"GET", "/warnings", h(s.warningList)},
		{"GET", "/warnings/{id}", h(s.warningShow)},
		{"POST", "/warnings/{id}/{action}", h(s.warningAction)},
		{"POST", "/measures/{action}", h(s.measureForm)},
		{"GET", "/tasks", h(s.tasks)},
		{"GET", "/inbox", h(s.inbox)},
		{"POST", "/inbox/{id}/ack", h(s.inboxAck)},
		{"GET", "/public", h(s.publicIndex)},
		{"GET", "/public/announcements/{id}", h(s.publicShow)},
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
		{"GET", "/api/v1/signals", h(s.apiSignalList)},
		{"POST", "/api/v1/signals", h(s.apiSignalCreate)},
		{"POST", "/api/v1/signals/import", h(s.apiSignalImport)},
		{"GET", "/api/v1/signals/{id}", h(s.apiSignalGet)},
		{"GET", "/api/v1/signals/{id}/suggestions", h(s.apiSignalSuggestions)},
		{"POST", "/api/v1/signals/{id}/links", h(s.apiSignalLink)},
		{"POST", "/api/v1/signals/{id}/attachments", h(s.apiSignalAttach)},
		{"GET", "/api/v1/signals/{id}/attachments/{aid}", h(s.signalAttachmentGet)},
		{"POST", "/api/v1/signals/{id}/{action}", h(s.apiSignalTriage)},
		{"GET", "/api/v1/cases", h(s.apiCaseList)},
		{"POST", "/api/v1/cases", h(s.apiCaseOpen)},
		{"GET", "/api/v1/cases/{id}", h(s.apiCaseGet)},
		{"PATCH", "/api/v1/cases/{id}", h(s.apiCaseUpdate)},
		{"POST", "/api/v1/cases/{id}/signals", h(s.apiCaseAddSignals)},
		{"POST", "/api/v1/cases/{id}/shares", h(s.apiCaseShare)},
		{"GET", "/api/v1/cases/{id}/assessments", h(s.apiAssessmentsOfCase)},
		{"POST", "/api/v1/cases/{id}/assessments", h(s.apiAssessmentDraft)},
		{"POST", "/api/v1/assessments/evaluate", h(s.apiAssessmentEvaluate)},
		{"GET", "/api/v1/assessments/{id}", h(s.apiAssessmentGet)},
		{"PUT", "/api/v1/assessments/{id}", h(s.apiAssessmentEdit)},
		{"POST", "/api/v1/assessments/{id}/submit", h(s.apiAssessmentSubmit)},
		{"POST", "/api/v1/assessments/{id}/decision", h(s.apiAssessmentDecide)},
		{"GET", "/api/v1/cases/{id}/warnings", h(s.apiWarningsOfCase)},
		{"POST", "/api/v1/cases/{id}/warnings", h(s.apiWarningDraft)},
		{"GET", "/api/v1/warnings", h(s.apiWarningList)},
		{"GET", "/api/v1/warnings/{id}", h(s.apiWarningGet)},
		{"PUT", "/api/v1/warnings/{id}", h(s.apiWarningPut)},
		{"POST", "/api/v1/warnings/{id}/actions", h(s.apiWarningAct)},
		{"GET", "/api/v1/warning-rules", h(s.apiWarningRules)},
		{"PUT", "/api/v1/warning-rules", h(s.apiWarningRules)},
		{"GET", "/api/v1/inbox", h(s.apiInbox)},
		{"POST", "/api/v1/inbox/{id}/ack", h(s.apiInboxAck)},
		{"GET", "/api/v1/public/announcements", h(s.apiPublicAnnouncements)},
		{"GET", "/api/v1/warnings/{id}/measures", h(s.apiMeasuresOfWarning)},
		{"POST", "/api/v1/warnings/{id}/measures", h(s.apiMeasurePlan)},
		{"GET", "/api/v1/warnings/{id}/measures/proposal", h(s.apiMeasureProposal)},
		{"GET", "/api/v1/measures/{id}", h(s.apiMeasureGet)},
		{"POST", "/api/v1/measures/{id}/actions", h(s.apiMeasureAct)},
		{"POST", "/api/v1/measures/{id}/consultation", h(s.apiMeasureConsult)},
		{"GET", "/api/v1/tasks", h(s.apiTasks)},
		{"POST", "/api/v1/inspections", h(s.apiInspectionRecord)},
		{"GET", "/api/v1/inspections/{id}", h(s.apiInspectionGet)},
		{"GET", "/api/v1/measure-bundles", h(s.apiMeasureBundles)},
		{"PUT", "/api/v1/measure-bundles", h(s.apiMeasureBundles)},
	}
}
