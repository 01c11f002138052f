// Package emergency is port risk emergency response: task 14 of
// 湘政发〔2019〕4号 (完善口岸风险应急处置 — "加强口岸监管部门协作，定期开展风险应急
// 演练，重点关注大宗资源性商品、危险货物、固体废物等货物的质量安全风险，严厉打击
// ‘洋垃圾’非法入境。完善风险应急处置预案，强化应急物资准备，开展应急响应和联动
// 协作"; 省政府口岸办 leads, with 长沙海关, 省应急厅, 省市场监管局, 省生态环境厅 and
// 省交通运输厅).
//
// A Plan (应急预案) is kept per hazard class — bulk resource commodities,
// dangerous goods, solid waste (洋垃圾), food, epidemics at the port. As in
// the 2007 AQSIQ emergency plan for import and export agricultural products
// and food (《进出口农产品和食品质量安全突发事件应急处置预案》), events are graded
// in up to four levels, 特别重大 (I), 重大 (II), 较大 (III) and 一般 (IV),
// each with its triggers (criteria on the facts of an event: tonnes
// involved, lots, people affected, injured, dead, ports affected) and the
// actions the plan prescribes at that level, each for a department within
// a number of hours or working days. A plan need not use every level: a
// plan that stops at 重大 has no 特别重大, and an incident can never be
// placed at a level its plan does not define. The command has three tiers,
// as the AQSIQ plan has (应急指挥部, its office, and the on-site teams): the
// plan names each department's tier and duty, the contacts, and the
// emergency resources kept (stock, location, quantity, owner, last and next
// check — a check past due is shown as overdue).
//
// An Incident (突发事件) is opened from a signal, from a screening hold (a
// declaration whose decision is 扣留 or stricter) or by hand, always under
// a plan. Its level is worked out from its facts by the plan's criteria
// (Plan.Assess: the most severe level one of whose triggers is met, else
// the plan's least severe level), and the reason is kept and shown; a
// commander may then raise or lower it, with a reason, which is audited.
// The plan's actions for the level become tasks for the departments with
// deadlines counted from the moment the level was set (working days on the
// official calendar); raising adds the new level's actions, lowering
// cancels the open tasks of the levels left. A timeline keeps what was
// done. Incidents link to warnings, measures and cases, and are closed with
// a review (总结评估). The departments on an incident — the plan's and
// those with tasks — are the ones whose officers see it.
//
// RASFF's contingency rule (Implementing Regulation (EU) 2019/1715,
// Art. 28) asks members to keep and test a contingency plan; here that is
// the drill (演练): scheduled per plan and port, run as an incident flagged
// as a drill (it goes through the same levels, tasks and timeline), and
// finished with its findings and follow-up actions. Drills past their day
// and open incident tasks appear in the workbench.
package emergency
