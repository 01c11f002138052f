// Package audit keeps riskgate's audit trail: who changed what, when, with a
// before/after summary. Every change to a record writes one Entry in the same
// database transaction as the change itself, so a change without its entry
// cannot exist.
//
// Entries are append-only and hash-chained: each entry's Hash is the SHA-256
// of its own fields and the previous entry's hash, so editing or deleting any
// entry breaks the chain from there on, and Verify names the first entry
// that no longer fits. The chain's head (last sequence number and hash) is
// kept beside the log, so a deleted last entry is noticed too.
package audit
