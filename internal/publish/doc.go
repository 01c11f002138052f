// Package publish turns issued warnings into what the public and other
// systems read (seed task 9, 发布途径): a message log in which every
// publication of a warning — its issue, each update while in force, its
// lifting or expiry — is one immutable message, rendered as OASIS CAP 1.2
// (Alert, Update, Cancel with references to the earlier messages) and, for
// 风险警示公告, as entries of an Atom 1.0 feed.
//
// A message keeps a snapshot of the warning as published and the facets
// that filters and subscriptions use (product categories, HS prefixes,
// hazards, countries, grade), so a CAP document served today is the one
// that was sent then. 通报 are Restricted and 通告 Private: only officials
// who may read the warning receive them.
package publish
