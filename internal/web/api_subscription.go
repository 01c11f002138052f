package web

import (
	"net/http"

	"riskgate/internal/risk"
	"riskgate/internal/subscription"
)

// apiSubscribe answers POST /api/v1/public/subscriptions.
func (s *Server) apiSubscribe(w http.ResponseWriter, r *http.Request) error {
	var in subscription.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	sub, err := s.Subscriptions.Subscribe(r.Context(), in, s.clientAddr(r))
	if err != nil {
		return err
	}
	out := map[string]any{"id": sub.ID, "channel": sub.Channel, "status": sub.Status, "filter": sub.Filter}
	if sub.Channel == subscription.Webhook {
		out["secret"] = sub.Secret // shown once: it signs every delivery
	}
	writeJSON(w, http.StatusAccepted, out)
	return nil
}

// apiSubscriptionAct answers POST /api/v1/public/subscriptions/{action}
// (confirm, unsubscribe) with {"token": "…"}.
func (s *Server) apiSubscriptionAct(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	var sub *subscription.Subscription
	var err error
	switch r.PathValue("action") {
	case "confirm":
		sub, err = s.Subscriptions.Confirm(r.Context(), in.Token)
	case "unsubscribe":
		sub, err = s.Subscriptions.Unsubscribe(r.Context(), in.Token)
	default:
		return risk.Errorf(risk.ErrNotFound, "没有该操作。 / No such action.")
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": sub.ID, "status": sub.Status})
	return nil
}
