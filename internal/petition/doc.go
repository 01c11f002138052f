// Package petition is a firm's petition to lift (申请解除) a measure or a
// warning that concerns it, with evidence: task 15 of 湘政发〔2019〕4号
// (落实企业主体责任) and the lifting by authority of 国发〔2017〕43号 §8 (按权限
// 解除). It follows FDA's petition to remove a firm from an import alert:
// the firm shows that the problem is corrected, typically by a run of
// consecutive conforming consignments, and the agency decides.
//
// A firm petitions against a 通告 addressed to it, or a measure whose scope
// names it (or whose 通告 is addressed to it), with its grounds and the
// numbers of the declarations of its consignments that passed. The service
// checks each against what the ports recorded: the declaration is the
// firm's (its consignor or consignee), it has goods within the measure's
// scope, each of those lines was inspected or tested and passed, after
// the measure (or warning) took effect, and no failed lot of the firm in
// the scope lies between the first of them and today — one failure breaks
// the run. A petition that fails a check is refused with the field named
// and nothing is written.
//
//	submitted ─accept→ accepted
//	    │  └─reject→ rejected
//	    └─request more→ more requested ─resubmit→ submitted
//	                         └─reject→ rejected
//
// Officials of the measure's lead department or of the warning's issuer
// review. Accepting goes through the existing lifting path, never a
// second one: a measure is lifted through its lifecycle (as the lead
// department lifts it), and a warning gets the lifting proposal that the
// lifting evaluator would make, for the approver to lift. The firm sees
// its own petitions and their outcome only.
package petition
