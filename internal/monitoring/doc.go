// Package monitoring is the province's risk-monitoring network and its
// yearly plans (seed tasks 1 风险监测计划 and 3 风险监测点, and task 18's
// 重点抽查): the monitoring points from the port to the market and the
// factory, the plan of what is sampled where and how often, the tasks the
// plan gives each point, the samples taken with their laboratory results,
// and the completion of the plan.
//
// The anchors are China's national import/export risk-monitoring plan
// (items of commodity × hazard × test items, with sampling quotas by
// department and period), FDA's compliance programmes and PREDICT's
// surveillance sampling (assignments per district with a count and a
// completion date), NEISS's sentinel hospitals (a fixed network of
// reporting sites) and the EU's coordinated market-surveillance actions
// (a product group, the tests, the participating authorities, the
// sampling period, then the results).
//
// A point is a port, market, factory, cross-border e-commerce or
// market-procurement hub, or sentinel hospital, placed in a 市州 and
// county of Hunan (GB/T 2260, the regions catalogue) with its coordinates,
// the commodities it watches (HS prefixes or catalogue categories), the
// department responsible and its status.
//
// A plan is one year's: items of commodity × hazard × test items × points
// × quota × period × responsible department. The quota is the number of
// samples each point takes each period (monthly, quarterly, half-yearly or
// yearly). An officer drafts it; an approver approves it, which stores the
// version and generates the tasks — one per item, point and period. Adding
// an item to an approved plan (a targeted spot check, 重点抽查) is the
// approver's, makes a new version and generates that item's tasks.
//
// A sample is recorded against the plan item and point it was taken for,
// in the period its date falls in; its results per test item carry the
// limits the laboratory applied. A nonconforming sample raises a signal on
// the monitoring channel (monitoring-sample, 监测抽样结果) with the sample's
// evidence, in the same transaction, through the signal service; the
// signal then counts in the detection series by commodity × hazard ×
// region like any other. Results may follow the sample: until they do it
// counts as taken, not as results in.
//
// A task's results are due a number of working days (工作日, the official
// calendar) after its period ends; a task short of its quota or of results
// after that is overdue and waits in the responsible department's
// workbench.
package monitoring
