// Package warning is the graded risk warning (风险预警) of 国发〔2017〕43号
// §8–10: a grade I–IV computed from the risk level, the urgency and the
// scope of impact by a versioned rule table; a class — 通报 (bulletin, to
// regulators and ports), 通告 (notice, to named enterprises) or 公告
// (announcement, to the public); a scope of products; the matters warned
// of; a start and a validity (有效期); and lifting conditions.
//
// A warning moves draft → review → approved → issued (or referred, for
// grade I, which the State Council's authority issues) → lifted or
// expired; only an approver of the issuing department approves and lifts.
// Issuing gives it a document number such as 湘关预警〔2026〕12号:
// consecutive per issuer and year, never reused.
package warning
