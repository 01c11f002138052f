// Package audit keeps riskgate's audit trail: who changed what, when, with a
// before/after summary. Every change to a record writes one Entry in the same
// database transaction as the change itself, so a change without its entry
// cannot exist.
//
// Entries are append-only and chained: each entry's Hash covers its own
// fields and the previous entry's hash, so editing or deleting any entry
// breaks the chain from there on, and Verify names the first entry that no
// longer fits. The chain's head (last sequence number and hash) is kept
// beside the log, so a deleted last entry is noticed too.
//
// The chain is keyed: from the first entry a database writes with a Key on,
// Hash is HMAC-SHA256 under a secret kept outside the database, so someone
// who can write the database cannot recompute the chain after an edit.
// Entries written before stay plain SHA-256 and are verified as such. A
// writer could still delete the last entries and move the head back to
// match; Checkpoints, signed with an Ed25519 key derived from the secret and
// kept outside the database, pin the head at their time and catch that.
package audit
