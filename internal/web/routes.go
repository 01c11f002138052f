package web

import (
	"net/http"
	"strings"
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
		{"GET", "/matching", h(s.matchingList)},
		{"POST", "/matching/run", h(s.matchingAction)},
		{"POST", "/matching/{id}/{action}", h(s.matchingAction)},
		{"GET", "/injuries", h(s.injuryList)},
		{"POST", "/injuries/import", h(s.injuryImport)},
		{"GET", "/signals/foreign", h(s.foreignForm)},
		{"POST", "/signals/foreign", h(s.foreignImport)},
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
		{"GET", "/warnings/{id}/documents/{file}", h(s.documentShow)},
		{"POST", "/warnings/{id}/{action}", h(s.warningAction)},
		{"POST", "/measures/{action}", h(s.measureForm)},
		{"GET", "/tasks", h(s.tasks)},
		{"GET", "/approvals", h(s.approvals)},
		{"GET", "/submissions", h(s.submissions)},
		{"GET", "/declarations", h(s.declarationQueue)},
		{"GET", "/declarations/stats", h(s.screeningStats)},
		{"GET", "/declarations/screen", h(s.declarationForm)},
		{"POST", "/declarations/screen", h(s.declarationScreen)},
		{"GET", "/declarations/import", h(s.declarationImportForm)},
		{"POST", "/declarations/import", h(s.declarationImport)},
		{"GET", "/declarations/import/template.xlsx", h(s.declarationTemplate)},
		{"GET", "/declarations/import/template.csv", h(s.declarationTemplate)},
		{"GET", "/declarations/import/example.jsonl", h(s.declarationTemplate)},
		{"GET", "/detection", h(s.detectionList)},
		{"POST", "/detection", h(s.detectionCreate)},
		{"GET", "/detection/{id}", h(s.detectionShow)},
		{"POST", "/detection/{id}/{action}", h(s.detectionAction)},
		{"GET", "/declarations/{number}", h(s.declarationShow)},
		{"POST", "/declarations/{number}/lines/{line}/{action}", h(s.declarationResult)},
		{"GET", "/reports", h(s.reportList)},
		{"POST", "/reports", h(s.reportCreate)},
		{"GET", "/reports/{id}", h(s.reportShow)},
		{"GET", "/reports/{id}/{format}", h(s.reportFile)},
		{"GET", "/inbox", h(s.inbox)},
		{"POST", "/inbox/{id}/ack", h(s.inboxAck)},
		{"GET", "/public", h(s.publicIndex)},
		{"GET", "/public/announcements/{id}", h(s.publicShow)},
		{"GET", "/feeds/announcements.atom", h(s.feedAnnouncements)},
		{"GET", "/public/complaints/new", h(s.complaintForm)},
		{"POST", "/public/complaints", h(s.complaintCreate)},
		{"GET", "/public/complaints", h(s.complaintStatus)},
		{"GET", "/public/complaints/{number}", h(s.complaintStatus)},
		{"GET", "/public/subscribe", h(s.subscribeForm)},
		{"POST", "/public/subscribe", h(s.subscribe)},
		{"GET", "/subscriptions/confirm", h(s.subscriptionLink("confirm"))},
		{"POST", "/subscriptions/confirm", h(s.subscriptionAct("confirm"))},
		{"GET", "/subscriptions/unsubscribe", h(s.subscriptionLink("unsubscribe"))},
		{"POST", "/subscriptions/unsubscribe", h(s.subscriptionAct("unsubscribe"))},
		{"GET", "/cap/warnings/{file}", h(s.capShow)},
		{"GET", "/admin/audit", h(s.auditList)},
		{"POST", "/admin/audit/verify", h(s.auditVerify)},
		{"GET", "/admin/users", h(s.userList)},
		{"GET", "/admin/subscriptions", h(s.subscriptionReview)},
		{"POST", "/admin/users", h(s.userCreate)},
		{"GET", "/recalls", h(s.recallList)},
		{"GET", "/recalls/new", h(s.recallNew)},
		{"POST", "/recalls", h(s.recallCreate)},
		{"GET", "/recalls/{id}", h(s.recallShow)},
		{"POST", "/recalls/{id}", h(s.recallPost)},
		{"GET", "/admin/calendar", h(s.calendarAdmin)},
		{"POST", "/admin/calendar", h(s.calendarSave)},
		{"GET", "/admin/tokens", h(s.tokenList)},
		{"POST", "/admin/tokens/{id}/revoke", h(s.tokenRevoke)},
		{"GET", "/account/password", h(s.passwordForm)},
		{"POST", "/account/password", h(s.passwordChange)},

		// JSON API.
		{"GET", "/api/v1/me", h(s.apiMe)},
		{"GET", "/api/v1/workbench", h(s.apiWorkbench)},
		{"GET", "/api/v1/recalls", h(s.apiRecallList)},
		{"POST", "/api/v1/recalls", h(s.apiRecallOpen)},
		{"GET", "/api/v1/recalls/{id}", h(s.apiRecallGet)},
		{"POST", "/api/v1/recalls/{id}/plan", h(s.apiRecallPlan)},
		{"POST", "/api/v1/recalls/{id}/actions", h(s.apiRecallAct)},
		{"GET", "/api/v1/calendar/workdays", h(s.apiWorkdays)},
		{"GET", "/api/v1/calendar/years", h(s.apiCalendarYears)},
		{"PUT", "/api/v1/calendar/years/{year}", h(s.apiCalendarYearPut)},
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
		{"POST", "/api/v1/warnings/{id}/referral", h(s.apiWarningRefer)},
		{"POST", "/api/v1/warnings/{id}/referral/outcome", h(s.apiWarningOutcome)},
		{"GET", "/api/v1/warning-rules", h(s.apiWarningRules)},
		{"PUT", "/api/v1/warning-rules", h(s.apiWarningRules)},
		{"GET", "/api/v1/inbox", h(s.apiInbox)},
		{"POST", "/api/v1/inbox/{id}/ack", h(s.apiInboxAck)},
		{"GET", "/api/v1/public/announcements", h(s.apiPublicAnnouncements)},
		{"GET", "/api/v1/public/search", h(s.apiPublicSearch)},
		{"GET", "/api/v1/reports", h(s.apiReportList)},
		{"POST", "/api/v1/reports", h(s.apiReportCreate)},
		{"GET", "/api/v1/reports/{id}", h(s.apiReportGet)},
		{"POST", "/api/v1/public/complaints", h(s.apiComplaintCreate)},
		{"GET", "/api/v1/public/complaints/{number}", h(s.apiComplaintStatus)},
		{"POST", "/api/v1/public/subscriptions", h(s.apiSubscribe)},
		{"POST", "/api/v1/public/subscriptions/{action}", h(s.apiSubscriptionAct)},
		{"GET", "/api/v1/warnings/{id}/measures", h(s.apiMeasuresOfWarning)},
		{"POST", "/api/v1/warnings/{id}/measures", h(s.apiMeasurePlan)},
		{"GET", "/api/v1/warnings/{id}/measures/proposal", h(s.apiMeasureProposal)},
		{"GET", "/api/v1/measures/{id}", h(s.apiMeasureGet)},
		{"POST", "/api/v1/measures/{id}/actions", h(s.apiMeasureAct)},
		{"POST", "/api/v1/measures/{id}/consultation", h(s.apiMeasureConsult)},
		{"GET", "/api/v1/tasks", h(s.apiTasks)},
		{"POST", "/api/v1/inspections", h(s.apiInspectionRecord)},
		{"POST", "/api/v1/declarations/screen", h(s.apiScreen)},
		{"GET", "/api/v1/declarations/{number}", h(s.apiDeclarationGet)},
		{"GET", "/api/v1/declarations/{number}/results", h(s.apiDeclarationResults)},
		{"POST", "/api/v1/declarations/{number}/lines/{line}/result", h(s.apiLineResult)},
		{"POST", "/api/v1/declarations/{number}/lines/{line}/corrections", h(s.apiLineCorrection)},
		{"GET", "/api/v1/declarations", h(s.apiQueue)},
		{"GET", "/api/v1/screening/stats", h(s.apiScreeningStats)},
		{"POST", "/api/v1/foreign/import", h(s.apiForeignImport)},
		{"GET", "/api/v1/matches", h(s.apiMatches)},
		{"POST", "/api/v1/matches/run", h(s.apiMatchRun)},
		{"POST", "/api/v1/matches/{id}/{action}", h(s.apiMatchDecide)},
		{"GET", "/api/v1/injuries", h(s.apiInjuries)},
		{"POST", "/api/v1/injuries/import", h(s.apiInjuryImport)},
		{"GET", "/api/v1/detectors", h(s.apiDetectors)},
		{"POST", "/api/v1/detectors", h(s.apiDetectors)},
		{"GET", "/api/v1/detectors/{id}", h(s.apiDetector)},
		{"PUT", "/api/v1/detectors/{id}", h(s.apiDetector)},
		{"POST", "/api/v1/detectors/{id}/run", h(s.apiDetectorRun)},
		{"GET", "/api/v1/detectors/{id}/series", h(s.apiDetectorSeries)},
		{"GET", "/api/v1/detection/alarms", h(s.apiDetectionAlarms)},
		{"GET", "/api/v1/screening/credit-rates", h(s.apiCreditRates)},
		{"PUT", "/api/v1/screening/credit-rates", h(s.apiCreditRates)},
		{"GET", "/api/v1/inspections/{id}", h(s.apiInspectionGet)},
		{"GET", "/api/v1/measure-bundles", h(s.apiMeasureBundles)},
		{"PUT", "/api/v1/measure-bundles", h(s.apiMeasureBundles)},
	}
}

// publicRoutes may be called without signing in. Every other route
// answers an anonymous caller 401 before its handler looks anything up,
// so that the answer never tells whether an id exists (deny unless
// allowed: a new route is private until listed here). Patterns under the
// public prefixes below are public too.
var publicRoutes = map[string]bool{
	"/healthz":                          true,
	"/metrics":                          true, // loopback or its token: metricsHandler
	"/static/":                          true,
	"/favicon.ico":                      true,
	"/api/openapi.json":                 true,
	"/login":                            true,
	"/logout":                           true,
	"/lang/{lang}":                      true,
	"/{$}":                              true, // the home page decides: the workbench, or the way to the portal
	"/catalogs":                         true,
	"/catalogs/{name}":                  true,
	"/ids/uscc":                         true,
	"/enterprises/import/template.csv":  true,
	"/enterprises/import/template.xlsx": true,
	"/signals/import/template.csv":      true,
	"/signals/import/template.xlsx":     true,
	"/cap/warnings/{file}":              true, // public announcements' CAP; the rest answers the anonymous 401 (publish.Service.CAP)
	"/warnings/{id}/documents/{file}":   true, // public announcements' 公文; the rest answers the anonymous 401 (gongwen.Service)
	"/api/v1/calendar/workdays":         true, // the official calendar is public
	"/api/v1/calendar/years":            true,
	"/api/v1/catalog":                   true,
	"/api/v1/catalog/{name}":            true,
	"/api/v1/ids/uscc/{code}":           true,
}

var publicPrefixes = []string{"/public", "/feeds/", "/subscriptions/", "/api/v1/public/"}

// publicRoute reports whether a route pattern is open to the anonymous.
func publicRoute(pattern string) bool {
	if publicRoutes[pattern] {
		return true
	}
	for _, p := range publicPrefixes {
		if strings.HasPrefix(pattern, p) {
			return true
		}
	}
	return false
}
