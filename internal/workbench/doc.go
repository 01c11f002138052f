// Package workbench gathers, for one user, what they must act on today: the
// signals waiting for triage in their department by channel (待研判), their open
// cases, the assessments, warnings and lifting proposals waiting for their
// approval (待审批), the measures their department leads or supports that are
// due or overdue, new statistical alarms, foreign notifications matched to
// Hunan enterprises waiting for review, unread 通报/通告 in the inbox,
// declarations waiting for inspection, and — for enterprises and labs — their
// own submissions. Beside the queues it gives the picture every official
// starts the day with: warnings in force by grade, a twelve-week trend of
// signals and warnings, and where in Hunan's 14 市州 the signals come from and
// the warnings in force apply.
//
// The package decides which queues a role sees (from the permission table in
// internal/risk) and what each figure means; the store only counts.
package workbench
