// Package subscription lets the public and enterprises follow the
// announcements that concern them (seed task 9): a subscription chooses
// categories, HS prefixes, hazards, countries and grades, and a channel —
// e-mail over SMTP, or a webhook that receives an HMAC-signed JSON body.
//
// Every subscription is confirmed before anything is sent to it (double
// opt-in: a confirmation link goes to the address, and only its owner can
// follow it) and ends with one click (an unsubscribe link in every message,
// and RFC 8058 one-click POST for mail clients).
//
// Nothing is lost across a restart: each published message is fanned out to
// the matching subscriptions as rows of an outbox, in one transaction per
// message, from a durable cursor; a worker delivers due rows and retries
// failures with exponential backoff. Publication never waits for delivery:
// a webhook that is down delays only its own rows.
package subscription
