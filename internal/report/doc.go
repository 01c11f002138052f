// Package report produces the periodic quality-status reports of key
// commodities (重点商品质量状况, seed task 7): for a month and a commodity
// group — inspection pass rates, nonconformity causes, signals, warnings
// and measures, and the trend of the last twelve months — kept as a
// snapshot of figures and rendered as a web page with charts, as PDF (with
// an embedded Chinese font) and as XLSX. Each key commodity of Hunan gets
// its report for the previous month on a schedule; officials generate
// others on demand.
package report
