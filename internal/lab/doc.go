// Package lab is third-party laboratory acceptance (采信, seed task 17):
// the register of accepted laboratories (采信机构目录) with their
// accreditations and acceptance scope, the test reports they submit,
// customs' cross-checks of a keyed, reproducible share of those reports,
// and the grades and statuses that move with the evidence.
//
// The anchors are 《中华人民共和国海关进出口商品检验采信管理办法》 (海关总署令
// 第259号) and GACC's first acceptance scope (imported clothing: the HS
// list, the test items, what a report states, reports valid one year, the
// catalogue of accepted institutions); CNAS and CMA accreditation (and
// foreign bodies under ILAC-MRA); FDA's acceptance of private laboratory
// analyses as evidence for release from detention. None of the anchors
// grades laboratories by checking their results against the authority's
// own; riskgate does (DESIGN D8): a cross-check agrees when customs'
// conclusion is the report's and each numeric item lies within the
// tolerance the rules set.
//
// Grades are worked out, never typed: after every cross-check and
// periodically, Evaluate applies the rule table kept as data (versioned,
// rules.json the default) to the laboratory's cross-checks in the window,
// and the first rule met sets the grade and may suspend acceptance; a
// falsified report revokes it. Every change is recorded with its
// explanation (window, counts, rule and version), audited in the same
// transaction; a suspended laboratory's reports stop counting at once
// (Report.Standing reads the laboratory's status), and only a review
// reinstates it, after which the window starts afresh.
//
// Accreditations expire: the periodic job suspends the acceptance scope
// items that no valid accreditation covers any more.
package lab
