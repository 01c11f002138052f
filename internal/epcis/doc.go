// Package epcis reads GS1 EPCIS 2.0 documents in their JSON-LD binding and
// computes the CBV 2.0 event hash: the format, with no storage and no
// permissions (those are package trace's, the traceability domain that
// captures, queries and traces the events parsed here).
//
// Parse checks an EPCISDocument against the rules of the EPCIS 2.0 JSON
// schema that matter for a repository (required fields per event type,
// the closed set of field names, value shapes), the CBV 2.0 vocabularies
// (business steps, dispositions, business transaction types,
// source/destination types, error reasons) and the identifiers (EPC URNs
// and GS1 Digital Link URIs with their check digits, ident.ParseEPC). Every
// problem names the event by its index and the field by its JSON path
// (epcisBody.eventList[2].childQuantityList[0].uom), in Chinese and
// English. Sensor data, ILMD and user extensions are kept as received.
//
// Hash implements the EPCIS Event Hash ID of CBV 2.0 §8.9 (docs/TRACE.md
// gives the rules): a pre-hash string of the event's fields in the
// canonical property order, identifiers as canonical GS1 Digital Link
// URIs, CBV terms as their Web URIs, times in UTC with milliseconds, lists
// sorted; SHA-256 of it, written ni:///sha-256;<hex>?ver=CBV2.0 (RFC 6920).
// Two serialisations of one event have one hash, which is how a repository
// recognises a document sent twice.
package epcis
