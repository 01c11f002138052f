// Package trace is full-chain traceability (全链条追溯, 湘政发〔2019〕4号 task
// 18, and the 追溯调查 measure of task 10): supply-chain events in GS1 EPCIS
// 2.0 captured from enterprises, officials and integrating systems, queried
// as the standard's SimpleEventQuery, and followed forward (where a lot
// went: ports, distributors, retailers, the lots made from it) and backward
// (where it came from: inputs, suppliers, factories) so that a warning's
// or a recall's scope is known within hours. The 24-hour export is the
// sortable spreadsheet of the US FDA's FSMA 204 rule (21 CFR 1.1455(c)):
// one row per critical tracking event with its key data elements.
//
// The format (parsing, validation, the CBV event hash) is package epcis;
// this package decides who may capture and read, how a document is
// written (all or nothing, resent events recognised by their hash, error
// declarations applied to the events they declare), and how a trace walks
// the chain. The walk is a pure function over a neighbourhood loader (Walk),
// so it runs the same on the store's indexed tables and on a test's map.
//
// docs/TRACE.md describes what is accepted, the hash algorithm and the
// limits.
package trace
