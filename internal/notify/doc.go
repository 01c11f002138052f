// Package notify delivers subscriptions: e-mail over SMTP (net/smtp, with
// STARTTLS when the server offers it) and webhooks over HTTP with an
// HMAC-SHA256 signature. It is an adapter at the edge: the subscription
// package decides what to send and when; notify only speaks the protocols.
package notify
