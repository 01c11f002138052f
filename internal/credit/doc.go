// Package credit is enterprise credit (seed task 12 信用 and the measure
// 调整信用等级 of task 10): credit events, the tier they decide by a rule
// table kept as data, official decisions, repair (信用修复), expiry, and the
// lists sent to the credit platform (信用湖南, 全国信用信息共享平台).
//
// The anchors are 海关总署令第282号 (in force 2026-04-01): five tiers —
// 高级认证企业, 认证企业, 常规企业, 失信企业, 严重失信企业 —, dishonesty graded
// 轻微/一般/严重, repair after a waiting period, and tolerance of a minor
// first fault (容错). Where the order does not state a number (how long an
// event stays in force, how long a firm waits before it may apply for
// repair, how many minor events within a year make a firm dishonest) the
// default rule table (rules.json) says so: those rows are provincial
// settings that the administrator edits, each edit a new version.
//
// A firm's tier is worked out, never typed: the base tier (its
// certification: advanced, certified or routine, set by decision) unless
// an official decision overrides it, else the first rule of the table that
// the events in force meet. Every change of tier is recorded with its
// explanation (which events, which rule of which version), audited in the
// same transaction, told to the firm and takes effect in port screening at
// once (the store moves the screening rules' version, so every node
// rebuilds its index with the new tier's sampling rate).
//
// Other domains raise events through the same service: the measure
// 调整信用等级 when it enters force, a missed interview commitment, a
// penalty decision.
package credit
