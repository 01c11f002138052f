// Package warning is the graded risk warning (风险预警) of 国发〔2017〕43号
// §8–10: a grade I–IV computed from the risk level, the urgency and the
// scope of impact by a versioned rule table; a class — 通报 (bulletin, to
// regulators and ports), 通告 (notice, to named enterprises) or 公告
// (announcement, to the public); a scope of products; the matters warned
// of; a start and a validity (有效期); and lifting conditions.
//
// A warning moves draft → review → approved → issued → lifted or expired;
// only an approver of the issuing department approves and lifts. Issuing
// gives it a document number such as 湘关预警〔2026〕12号: consecutive per
// issuer and year, never reused.
//
// A grade I warning is issued under State Council authority (§8, 报请国务院
// 授权部门发布), so the province does not issue it: approved, it is
// referred (上报) to the national authority — 海关总署 or 国家市场监督管理
// 总局 — and reads 已上报. It stays in force, so that the provincial
// measures apply at once, but nothing is published. The referral is a
// record with its own document number in a series of its own
// (湘关预警报〔2026〕1号: a report upward is another kind of document, and
// the published 湘关预警 series keeps no gaps for warnings the province
// never issued). The authority's answer, recorded by an approver, issues
// the warning: issued nationally (the province's warning follows and cites
// the national one), or returned with a grade II–IV (the province issues
// it at that grade). Either way it then gets its 湘关预警 number and its
// publication.
//
// What a change causes the service works out as Effects, each with its
// audit entry: the message it publishes (package publish decides its type
// and whether the public reads it), the inboxes of its audience (Inboxes,
// by class), the port rules, and, when the warning ends, its open measures,
// lifted through the measure lifecycle (package measure). The store writes
// the change and its effects in one transaction and decides nothing.
//
// The recipients of an issued 通报 report back what they found and did
// (Followup, RASFF's follow-up notification): found on the market or not,
// the measures taken, the quantities found, withdrawn and destroyed. The
// first is due FollowupWorkingDays working days after the day of issue;
// the issuer sees who is overdue (Report, docs/FOLLOWUPS.md).
package warning
