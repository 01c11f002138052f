// Package enforcement is the register of what the departments do to a firm
// that broke the rules: task 13 of 湘政发〔2019〕4号 (违法惩治) — interviews
// (约谈) with the commitments a firm makes in them and the follow-up checks,
// administrative penalty decisions (行政处罚决定), orders to leave the market
// (责令退出市场), and cases handed to public security or the procuratorate
// (行政执法与刑事司法衔接, 行政司法衔接).
//
// One package holds both halves because they are one task with one shape:
// the parties are enterprises of the register named by their USCC, each
// record may link to a case, and each consequence is a credit event raised
// through credit.Service.Plan and written in the same transaction as the
// record that causes it (docs/ENFORCEMENT.md).
//
// An interview (约谈) is held by one or several departments (a joint
// interview, 联合约谈; the first is the lead) with the parties responsible
// for a product — brand owner, manufacturer, importer, agent, e-commerce
// platform, third-party lab — for a reason: an accident, a violation, a
// hidden risk, repeated nonconformity. Its minutes are kept as text with
// the references of its documents. Each party may commit to corrective
// actions by a deadline; a department taking part checks each commitment
// (met, or missed with a note). A commitment checked as missed, or whose
// deadline passes without a check (the periodic job marks it missed, once),
// raises a credit event of kind commitment-missed for its party, of the
// severity the credit rules give that kind unless the interview set one. A
// party that is not in the register (named only) raises none: credit is
// kept for registered firms.
//
// A penalty decision states its legal basis, the amount in yuan, its
// decision number (unique per issuing department) and date; it raises a
// penalty-violation event of the severity the officer gives. An order to
// leave the market and a hand-over to the courts raise serious events
// (penalty-violation and smuggling-crime unless the officer names another
// kind of the rules).
package enforcement
