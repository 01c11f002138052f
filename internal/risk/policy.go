package risk

// Permission names one thing a user may do. Deny by default: an actor may do
// only what the table below grants to its role.
type Permission string

// Permissions of the foundation. Later capabilities add theirs here.
const (
	PermCatalogRead     Permission = "catalog.read"
	PermCatalogWrite    Permission = "catalog.write"
	PermEnterpriseRead  Permission = "enterprise.read"
	PermEnterpriseWrite Permission = "enterprise.write"
	PermUserAdmin       Permission = "user.admin"
	PermAuditRead       Permission = "audit.read"
	PermDashboard       Permission = "dashboard.read"
	PermTokenCreate     Permission = "token.create"

	// The risk lifecycle.
	PermSignalRead        Permission = "signal.read"        // see signals of one's department
	PermSignalWrite       Permission = "signal.write"       // record, triage and link signals
	PermSignalReport      Permission = "signal.report"      // enterprises and labs report (own channel only)
	PermCaseRead          Permission = "case.read"          // see cases of one's department and those shared with it
	PermCaseWrite         Permission = "case.write"         // open, assign, share cases
	PermAssessmentWrite   Permission = "assessment.write"   // draft and submit assessments
	PermAssessmentApprove Permission = "assessment.approve" // approve or return assessments
	PermAssessmentRun     Permission = "assessment.evaluate"
	PermWarningRead       Permission = "warning.read"       // see warnings issued by or sent to one's department
	PermWarningWrite      Permission = "warning.write"      // draft, submit, issue and update warnings
	PermWarningApprove    Permission = "warning.approve"    // approve, return and lift warnings
	PermInbox             Permission = "inbox.read"         // read and acknowledge delivered warnings
	PermMeasureWrite      Permission = "measure.write"      // plan and run measures
	PermInspectionWrite   Permission = "inspection.write"   // record inspection and lab results
	PermDeclarationScreen Permission = "declaration.screen" // submit declarations for screening
	PermDeclarationRead   Permission = "declaration.read"   // read declarations and their decisions
	PermDetectorWrite     Permission = "detector.write"     // configure and run aberration detectors
	PermCalendarWrite     Permission = "calendar.write"     // enter each year's official working-day calendar
	PermRecallRead        Permission = "recall.read"        // see recalls of one's department (a firm: its own)
	PermRecallWrite       Permission = "recall.write"       // open recalls and move them through their life
	PermRecallReport      Permission = "recall.report"      // a firm reports its defects and files its recall plans
	PermFollowupReport    Permission = "warning.followup"   // a recipient department reports what it found and did on a 通报
	PermPetitionRead      Permission = "petition.read"      // see petitions to lift that one's department reviews (a firm: its own)
	PermPetitionFile      Permission = "petition.file"      // a firm petitions to lift a measure or warning with evidence
	PermPetitionReview    Permission = "petition.review"    // accept, ask more of or reject a petition to lift
	PermAnswerRead        Permission = "answer.read"        // see answers to the 通告 one's department issued (a firm: its own)
	PermAnswerFile        Permission = "answer.file"        // a firm answers a 通告 addressed to it with its corrective actions and evidence
	PermAnswerReview      Permission = "answer.review"      // accept, ask more of or reject an answer to a 通告
	PermSelfDeclRead      Permission = "selfdecl.read"      // see standard self-declarations (officials all: they are public disclosures; a firm its own)
	PermSelfDeclFile      Permission = "selfdecl.file"      // a firm files standard self-declarations for its products
	PermSelfDeclReview    Permission = "selfdecl.review"    // accept or reject a standard self-declaration
	PermCreditRead        Permission = "credit.read"        // see credit events, tiers, repairs and lists (a firm: its own)
	PermCreditWrite       Permission = "credit.write"       // record and withdraw credit events
	PermCreditDecide      Permission = "credit.decide"      // set a tier by decision, review repair applications
	PermCreditRepair      Permission = "credit.repair"      // a firm applies for credit repair
	PermCreditRules       Permission = "credit.rules"       // edit the credit rule table
	PermLabRead           Permission = "lab.read"           // see the laboratory register, reports and cross-checks (a laboratory: its own)
	PermLabWrite          Permission = "lab.write"          // register laboratories and decide their status after review
	PermLabReport         Permission = "lab.report"         // submit test reports for acceptance (a laboratory: its own; officials: received on paper)
	PermLabCrossCheck     Permission = "lab.crosscheck"     // record customs' cross-check results
	PermLabRules          Permission = "lab.rules"          // edit the acceptance rule table
	PermEnforcementRead   Permission = "enforcement.read"   // see interviews and penalty records (a firm: those naming it)
	PermInterviewWrite    Permission = "interview.write"    // record interviews (约谈) and check their commitments
	PermPenaltyWrite      Permission = "penalty.write"      // record penalty decisions, market exits and hand-overs to the courts
	PermTraceCapture      Permission = "trace.capture"      // capture EPCIS events (a firm: as its own)
	PermTraceRead         Permission = "trace.read"         // query EPCIS events (a firm: those it captured)
	PermTraceTrace        Permission = "trace.trace"        // trace forward and backward across all parties, export the 24-hour spreadsheet
	PermTBTRead           Permission = "tbt.read"           // see WTO TBT/SPS notifications and published study guidance (officials: impact and studies too)
	PermTBTWrite          Permission = "tbt.write"          // enter and import notifications, record comments, run special studies
	PermTBTSubscribe      Permission = "tbt.subscribe"      // keep one's own subscriptions to notifications by HS code and market
	PermMonitoringRead    Permission = "monitoring.read"    // see monitoring points, plans, tasks and samples
	PermMonitoringWrite   Permission = "monitoring.write"   // enter monitoring points, draft plans, propose spot checks
	PermMonitoringApprove Permission = "monitoring.approve" // approve monitoring plans and add items (spot checks) to approved ones
	PermMonitoringSample  Permission = "monitoring.sample"  // record monitoring samples and their results
	PermTrackerRead       Permission = "tracker.read"       // see the plan's tasks, their figures and the units' reports
	PermTrackerReport     Permission = "tracker.report"     // report one's unit's quarterly progress on the tasks it is on
	PermTrackerSupervise  Permission = "tracker.supervise"  // draw the 督查 report for the leading group
	PermEmergencyRead     Permission = "emergency.read"     // see emergency plans, and the incidents and drills one's department takes part in
	PermEmergencyPlan     Permission = "emergency.plan"     // write emergency plans, schedule drills and record their findings
	PermEmergencyRespond  Permission = "emergency.respond"  // open incidents, complete tasks, record actions and links, run drills
	PermEmergencyCommand  Permission = "emergency.command"  // set an incident's level and close it with its review
	PermProfileWrite      Permission = "profile.write"      // add, version, preview and activate risk-matrix profiles
	PermExpertRead        Permission = "expert.read"        // see the expert register and assessments' panels
	PermExpertWrite       Permission = "expert.write"       // add and change experts, their conflicts of interest
)

var grants = map[Role][]Permission{
	RoleAdmin: {PermCatalogRead, PermCatalogWrite, PermEnterpriseRead, PermEnterpriseWrite,
		PermUserAdmin, PermAuditRead, PermDashboard, PermTokenCreate,
		PermSignalRead, PermSignalWrite, PermCaseRead, PermCaseWrite, PermAssessmentRun, PermWarningRead, PermInbox,
		PermDeclarationScreen, PermDeclarationRead, PermDetectorWrite, PermCalendarWrite, PermRecallRead, PermPetitionRead,
		PermAnswerRead, PermSelfDeclRead, PermCreditRead, PermCreditRules, PermLabRead, PermLabRules, PermEnforcementRead, PermTBTRead,
		PermMonitoringRead, PermTrackerRead, PermTrackerSupervise,
		PermEmergencyRead,
		PermProfileWrite, PermExpertRead, PermExpertWrite},
	RoleOfficer: {PermCatalogRead, PermEnterpriseRead, PermEnterpriseWrite, PermDashboard, PermTokenCreate,
		PermSignalRead, PermSignalWrite, PermCaseRead, PermCaseWrite, PermAssessmentWrite, PermAssessmentRun,
		PermWarningRead, PermWarningWrite, PermInbox, PermMeasureWrite, PermDeclarationScreen, PermDeclarationRead, PermDetectorWrite,
		PermRecallRead, PermRecallWrite, PermFollowupReport, PermPetitionRead, PermPetitionReview,
		PermAnswerRead, PermAnswerReview, PermSelfDeclRead, PermSelfDeclReview, PermCreditRead, PermCreditWrite,
		PermLabRead, PermLabWrite, PermLabReport, PermLabCrossCheck, PermEnforcementRead, PermInterviewWrite, PermPenaltyWrite,
		PermTraceCapture, PermTraceRead, PermTraceTrace, PermTBTRead, PermTBTWrite, PermTBTSubscribe,
		PermMonitoringRead, PermMonitoringWrite, PermMonitoringSample, PermTrackerRead, PermTrackerReport,
		PermEmergencyRead, PermEmergencyPlan, PermEmergencyRespond, PermEmergencyCommand,
		PermExpertRead},
	RoleApprover: {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate,
		PermSignalRead, PermCaseRead, PermAssessmentApprove, PermAssessmentRun,
		PermWarningRead, PermWarningApprove, PermInbox, PermRecallRead, PermFollowupReport, PermPetitionRead,
		PermAnswerRead, PermSelfDeclRead, PermCreditRead, PermCreditDecide, PermLabRead, PermEnforcementRead,
		PermTraceRead, PermTraceTrace, PermTBTRead, PermTBTSubscribe,
		PermMonitoringRead, PermMonitoringApprove, PermTrackerRead, PermTrackerReport, PermTrackerSupervise,
		PermEmergencyRead, PermEmergencyCommand,
		PermExpertRead},
	RoleInspector: {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate,
		PermSignalRead, PermSignalWrite, PermCaseRead, PermAssessmentRun, PermWarningRead, PermInbox, PermInspectionWrite,
		PermDeclarationScreen, PermDeclarationRead, PermRecallRead, PermSelfDeclRead, PermCreditRead, PermLabRead, PermLabCrossCheck,
		PermEnforcementRead, PermTraceCapture, PermTraceRead, PermTraceTrace, PermTBTRead, PermTBTSubscribe,
		PermMonitoringRead, PermMonitoringSample, PermTrackerRead,
		PermEmergencyRead, PermEmergencyRespond},
	RoleEnterprise: {PermCatalogRead, PermEnterpriseRead, PermDashboard, PermTokenCreate, PermSignalReport, PermInbox,
		PermRecallRead, PermRecallReport, PermPetitionRead, PermPetitionFile,
		PermAnswerRead, PermAnswerFile, PermSelfDeclRead, PermSelfDeclFile, PermCreditRead, PermCreditRepair,
		PermEnforcementRead, PermTraceCapture, PermTraceRead, PermTBTRead, PermTBTSubscribe},
	RoleLab: {PermCatalogRead, PermDashboard, PermTokenCreate, PermSignalReport, PermInspectionWrite, PermLabRead, PermLabReport},
}

// publicPerms are what the anonymous public may do.
var publicPerms = []Permission{PermCatalogRead}

// Can reports whether a may do p. The system actor may do everything.
func Can(a Actor, p Permission) bool {
	if a.System {
		return true
	}
	perms := publicPerms
	if !a.IsAnonymous() {
		perms = grants[a.Role]
	}
	for _, q := range perms {
		if q == p {
			return true
		}
	}
	return false
}
