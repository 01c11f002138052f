// Package contingency keeps a port node working while its database is
// unreachable (口岸应急, seed task 14; the contingency rule of RASFF,
// Implementing Regulation (EU) 2019/1715 Art. 28, asks the same of a
// member's contact point: go on working, and bring the network up to date
// once the system is back).
//
// While the database cannot be reached, screening goes on against the
// last rules the node held (the screening index is in memory), and the
// decisions and inspection results are held in a local journal instead of
// the database: an append-only file, each record written and fsync'd
// before the caller is answered. Every record carries a queue id, the
// actor, the time it was made and the node; what is returned to the caller
// is marked as made in contingency (应急模式下作出, Mark).
//
// Only a connectivity failure switches to the journal (Mode.Unreachable,
// which the store decides for its drivers); bad input is refused exactly
// as when the database is up, and a constraint the database enforces is
// checked when the record is resubmitted.
//
// The resubmitter (Mode.Resubmit, run in the background by Mode.Run with
// backoff) hands each record, in the order they were made, to the handler
// of its kind, which stores it with its audit entry in one transaction —
// the audit entry naming the original time and the contingency. Handlers
// are idempotent (a declaration by its number, a result by its queue id),
// so a record whose first attempt did reach the database, or a
// resubmission interrupted half-way, is never applied twice. A record the
// database refuses for good (another declaration under the same number,
// say) is moved to the rejected list with the reason, for the operator:
// nothing is dropped silently.
package contingency
