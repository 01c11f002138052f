// Package tracker follows the implementation of the plan itself:
// 湘政发〔2019〕4号, whose 18 main tasks (二、主要任务) and three safeguards
// (三、保障措施) name, for each, the unit that leads (牵头) and the units that
// support it, or the units jointly responsible (按职责分工负责). The third
// safeguard asks for 督查 of how the system is built and run, the first for
// 监督检查、跟踪分析和通报 of what the units do.
//
// The tasks come from the notice as data (data/tasks.csv, with its origin
// in data/NOTICE.md): each task's number, title and the closing parenthesis
// that names its units word for word. Plan reads the units from it and
// names each by the department catalogue, so that a unit is a department
// riskgate knows (长沙海关 is cs-customs, 省市场监管局 hn-amr, …). A task
// with a 牵头 unit has that lead and the others support it; a task whose
// units are jointly responsible has no named lead: the first unit listed
// stands as its lead on lists, marked as first-listed, and every unit
// listed answers for its part. The collective 各责任单位 of the first
// safeguard is no department and answers for nothing of its own: it is
// every unit's reports.
//
// Each task is broken into measurable items (data/items.csv) tied to what
// riskgate records — monitoring plans and samples for task 1, signals by
// channel for task 2, monitoring points for task 3, warnings by class for
// task 8, recalls for task 11, laboratories' reports for task 17 and so
// on — whose figures the store counts over the tracking year, against a
// target; an item whose work riskgate does not record (task 14's 应急处置,
// the safeguards) is measured by the units' reports being on time.
//
// The way Chinese governments track a plan's tasks sets the rest: the
// units that answer for a task (the lead, or every jointly responsible
// unit) report its progress each quarter (季度进展), due a number of
// working days (工作日, internal/calendar) after the quarter ends; a
// supporting unit may report too. A report not in by its deadline is
// overdue and waits in the unit's workbench. A task's progress (0–100) is
// the mean of its items' attainment, each capped at its target; a task is
// overdue while one of its reports is. The tracking year is the four
// quarters that have ended, with the quarter under way; a quarter whose
// deadline falls in a year the working-day calendar does not hold is not
// tracked until an administrator enters that year. The 督查 report
// for the leading group lays all of it out (PDF and XLSX).
package tracker
