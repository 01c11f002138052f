// Package recall is the defect recall (缺陷召回) of consumer goods and the
// environmental recall of imported motor vehicles and non-road mobile
// machinery: task 11 of 湘政发〔2019〕4号 (加强缺陷进口商品召回: 落实企业召回
// 主体责任，鼓励制造商、进口商开展主动召回 … 对不符合环保标准的进口机动车和非道路
// 移动机械，实施环境保护召回), led by the provincial market regulator (省市场
// 监管局) with the ecology department and Changsha Customs supporting.
//
// A recall case follows the life the national rules give it — 《消费品召回管理
// 暂行规定》(国家市场监督管理总局令第19号, 2019) for consumer goods, and for
// vehicles and machinery the environmental recall of the air-pollution law
// (《大气污染防治法》) — and the recall-plan template regulators use (the
// fields of the EU recall notice of Regulation (EU) 2024/1435 and CPSC's Fast
// Track plan carry over): the producer or importer, the products (model,
// batch, production dates, quantities made, sold and still in the supply
// chain), the defect (cause, hazard, consequences, incidents, recalls
// abroad) and the remedy (repair, replace, refund, or correcting the
// warning label).
//
//	suspected ─investigate→ investigating ─confirm→ confirmed
//	    │                        │ └─dismiss→ closed (no defect)
//	    └──────── file plan ─────┴──────────────→ plan filed ─publish notice→ notice published
//	notice published ─start→ in progress ─complete→ completed ─file summary→ summary filed
//	summary filed ─evaluate: effective→ evaluated · ─evaluate: more measures→ in progress
//
// An official may order a recall (责令召回) of a producer that does not act
// on a confirmed defect. The legal periods are data with their sources
// (deadlines.json), counted in working days on the official calendar
// (internal/calendar): the report within 2 working days of learning of a
// death, serious injury, major property loss or a recall abroad; the plan
// before the recall starts; the summary within 15 working days of the
// plan's completion date.
package recall
