// Package screening checks import and export declarations against the
// measures in force and the issued 通报, line by line, and decides what the
// port does with each line: release, document check, inspection, lab test,
// detention, destruction or refusal — the strictest decision wins
// (DESIGN.md "Port screening decision"). Every decision lists the measures
// and warnings that produced it, and a deterministic, keyed draw samples
// lines for random inspection at the rate of the enterprise's credit tier,
// raised by strengthened-supervision measures.
//
// Rules are compiled into an Index — every value a rule names interned as
// an integer id, HS prefixes in a trie of digits, product-name keywords in
// a byte-level Aho–Corasick automaton, and each rule filed in a posting
// list under its most selective field together with its compiled scope —
// so a line meets only the rules that can match it, never all of them, and
// checking one is comparing integers. An Index is immutable and safe for
// concurrent use: a new one is built when rules change and swapped in
// atomically, so screening never pauses. ScreenInto writes a decision into
// a reused Result and allocates nothing in the steady state.
//
// The package is pure: no I/O, so it can be benchmarked and reproduced
// from stored inputs.
package screening
