package web

import (
	"strings"

	"riskgate/internal/risk"
)

// navEntry is a link of the menu, shown when the actor holds its permission.
type navEntry struct {
	href, zh, en string
	perm         risk.Permission
	// anon: shown to the anonymous public too.
	anon bool
}

// navGroup is a menu heading; a group without a heading is shown as plain
// links.
type navGroup struct {
	zh, en  string
	entries []navEntry
}

// menu is the main menu, grouped by the work it serves (风险信息 → 预警处置 →
// 口岸 → 分析 → 管理), so that the bar fits one line at 1366 px.
var menu = []navGroup{
	{"", "", []navEntry{{"/", "工作台", "Workbench", risk.PermDashboard, false}, {"/reminders", "提醒", "Reminders", risk.PermDashboard, false}}},
	{"风险信息", "Signals", []navEntry{
		{"/signals", "风险信息列表", "All signals", risk.PermSignalRead, false},
		{"/signals/new", "报送风险信息", "Report a signal", risk.PermSignalReport, false},
		{"/signals/new", "录入风险信息", "Record a signal", risk.PermSignalWrite, false},
		{"/submissions", "我的报送", "My reports", risk.PermSignalReport, false},
		{"/signals/import", "批量导入", "Import", risk.PermSignalWrite, false},
		{"/signals/foreign", "国外通报", "Foreign notifications", risk.PermSignalWrite, false},
		{"/matching", "通报匹配", "Matching", risk.PermSignalRead, false},
		{"/injuries", "伤害记录", "Injuries", risk.PermSignalRead, false},
		{"/tbt", "TBT/SPS 通报", "TBT/SPS notifications", risk.PermTBTRead, false},
	}},
	{"预警处置", "Warnings", []navEntry{
		{"/cases", "风险案件", "Cases", risk.PermCaseRead, false},
		{"/approvals", "待审批", "Approvals", risk.PermAssessmentApprove, false},
		{"/warnings", "风险预警", "Warnings", risk.PermWarningRead, false},
		{"/tasks", "措施任务", "Measures", risk.PermMeasureWrite, false},
		{"/recalls", "缺陷召回", "Recalls", risk.PermRecallRead, false},
		{"/trace", "全链条追溯", "Traceability", risk.PermTraceTrace, false},
		{"/answers", "整改报告", "Answers", risk.PermAnswerRead, false},
		{"/self-declarations", "自我声明", "Self-declarations", risk.PermSelfDeclRead, false},
		{"/petitions", "解除申请", "Petitions to lift", risk.PermPetitionRead, false},
		{"/inbox", "收件箱", "Inbox", risk.PermInbox, false},
	}},
	{"口岸", "Port", []navEntry{
		{"/declarations", "查验队列", "Inspection queue", risk.PermDeclarationRead, false},
		{"/declarations/screen", "报关单筛查", "Screen a declaration", risk.PermDeclarationScreen, false},
		{"/declarations/stats", "筛查统计", "Screening statistics", risk.PermDeclarationRead, false},
		{"/emergency", "应急处置", "Emergency response", risk.PermEmergencyRead, false},
	}},
	{"分析", "Analysis", []navEntry{
		{"/detection", "统计检测", "Detection", risk.PermSignalRead, false},
		{"/reports", "质量报告", "Quality reports", risk.PermSignalRead, false},
		{"/monitoring/plans", "风险监测", "Risk monitoring", risk.PermMonitoringRead, false},
		{"/monitoring/samples", "监测样品", "Monitoring samples", risk.PermMonitoringRead, false},
		{"/tracker", "任务落实", "Plan tracker", risk.PermTrackerRead, false},
	}},
	{"管理", "Admin", []navEntry{
		{"/enterprises", "企业名录", "Enterprises", risk.PermEnterpriseRead, false},
		{"/credit", "企业信用", "Enterprise credit", risk.PermCreditRead, false},
		{"/credit/repairs", "信用修复", "Credit repair", risk.PermCreditRead, false},
		{"/interviews", "约谈", "Interviews", risk.PermEnforcementRead, false},
		{"/penalties", "处罚与移送", "Penalties and hand-overs", risk.PermEnforcementRead, false},
		{"/admin/credit-rules", "信用规则", "Credit rules", risk.PermCreditRules, false},
		{"/labs", "第三方采信", "Laboratories", risk.PermLabRead, false},
		{"/experts", "专家库", "Expert register", risk.PermExpertRead, false},
		{"/admin/profiles", "评估矩阵", "Risk matrices", risk.PermProfileWrite, false},
		{"/catalogs", "参考目录", "Catalogues", risk.PermCatalogRead, true},
		{"/ids/uscc", "代码校验", "Code check", risk.PermCatalogRead, true},
		{"/admin/users", "用户", "Users", risk.PermUserAdmin, false},
		{"/admin/tokens", "API 令牌", "API tokens", risk.PermUserAdmin, false},
		{"/admin/calendar", "工作日历", "Working-day calendar", risk.PermCalendarWrite, false},
		{"/admin/subscriptions", "订阅", "Subscriptions", risk.PermUserAdmin, false},
		{"/admin/audit", "审计", "Audit trail", risk.PermAuditRead, false},
	}},
	{"", "", []navEntry{{"/public", "公告", "Announcements", risk.PermCatalogRead, true}}},
}

// publicMenu is the menu of the public portal, for visitors who have not
// signed in.
var publicMenu = []navEntry{
	{"/public", "风险警示公告", "Announcements", risk.PermCatalogRead, true},
	{"/public/recalls", "召回公告", "Recalls", risk.PermCatalogRead, true},
	{"/public/credit", "严重失信名单", "Dishonest firms", risk.PermCatalogRead, true},
	{"/public/complaints/new", "投诉举报", "Report a product", risk.PermCatalogRead, true},
	{"/public/complaints", "投诉查询", "Track a report", risk.PermCatalogRead, true},
	{"/public/subscribe", "订阅", "Subscribe", risk.PermCatalogRead, true},
	{"/catalogs", "参考目录", "Catalogues", risk.PermCatalogRead, true},
}

// navFor builds the menu an actor sees on the page at path. A group with
// one visible link is shown as that link; the approvals link also counts
// for warning approvers. The public sees the portal's menu.
func navFor(a risk.Actor, path string) []navItem {
	var out []navItem
	if a.IsAnonymous() {
		for _, e := range publicMenu {
			out = append(out, navItem{Href: e.href, Zh: e.zh, En: e.en, Active: e.href == path || e.href == "/catalogs" && strings.HasPrefix(path, "/catalogs/")})
		}
		return out
	}
	for _, g := range menu {
		var items []navItem
		seen := map[string]bool{}
		for _, e := range g.entries {
			if a.IsAnonymous() && !e.anon || seen[e.href] {
				continue
			}
			ok := risk.Can(a, e.perm) || e.href == "/approvals" && risk.Can(a, risk.PermWarningApprove)
			if !ok {
				continue
			}
			seen[e.href] = true
			items = append(items, navItem{Href: e.href, Zh: e.zh, En: e.en, Active: activeFor(e.href, path)})
		}
		switch {
		case len(items) == 0:
		case g.zh == "" || len(items) == 1:
			out = append(out, items...)
		default:
			grp := navItem{Zh: g.zh, En: g.en, Items: items}
			for _, it := range items {
				grp.Active = grp.Active || it.Active
			}
			out = append(out, grp)
		}
	}
	return out
}

// activeFor reports whether the link href is the current page or its
// parent; the most specific link wins (/signals/new is not /signals).
func activeFor(href, path string) bool {
	if href == path {
		return true
	}
	if href == "/" || !strings.HasPrefix(path, href+"/") {
		return false
	}
	rest := strings.TrimPrefix(path, href+"/")
	for _, g := range menu {
		for _, e := range g.entries {
			if e.href != href && (e.href == path || strings.HasPrefix(path, e.href+"/")) && len(e.href) > len(href) {
				return false
			}
		}
	}
	return rest != ""
}
