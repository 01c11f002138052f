// Package signal is the intake of risk information (风险信息): a report
// from any channel — a 12315 complaint, a lab report, a port
// nonconformity, a foreign recall, a statistical alarm — identifying a
// product and a hazard. Signals are idempotent by their external reference
// per channel, so that a feed sent twice creates nothing new; possible
// duplicates and related signals are suggested for linking; a triaged
// signal opens or joins a case.
//
// Reporters' personal data stay inside the case: the public never sees
// them, and list views hide them.
package signal
