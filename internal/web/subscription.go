package web

import (
	"net/http"
	"slices"

	"riskgate/internal/subscription"
)

type subscribePage struct {
	Page
	Form
	Mode     string // form, sent, confirm, confirmed, unsubscribe, ended
	Token    string
	Address  string
	Search   portalSearch
	Channels []subscription.Channel // configured here
}

// subscribeLabels name the subscription form's fields, as the form and as
// the service (filter.…) name them.
var subscribeLabels = formLabels{"address": {"saddr", "电子邮件地址", "E-mail address"},
	"category": {"scat", "产品类别", "Category"}, "filter.categories": {"scat", "产品类别", "Category"},
	"hazard": {"shaz", "风险类型", "Hazard"}, "filter.hazards": {"shaz", "风险类型", "Hazard"},
	"grade": {"sgrade", "预警等级", "Grade"}, "filter.grades": {"sgrade", "预警等级", "Grade"},
	"hs": {"shs", "HS 编码前缀", "HS prefix"}, "filter.hs_prefixes": {"shs", "HS 编码前缀", "HS prefix"},
	"country": {"scountry", "国家或地区", "Country"}, "filter.countries": {"scountry", "国家或地区", "Country"}}

// Offers reports whether the channel is configured here: the form is for
// e-mail, the API also takes webhooks.
func (p subscribePage) Offers(c string) bool {
	return slices.Contains(p.Channels, subscription.Channel(c))
}

// publicFormCSRF fills a portal form's CSRF token: the session's for a
// signed-in user, else the double-submit cookie's.
func (s *Server) publicFormCSRF(w http.ResponseWriter, r *http.Request, p *Page) {
	if p.CSRF == "" {
		p.CSRF = s.formToken(w, r, formCookie)
	}
}

// checkPublicForm parses a portal form (bounded) and checks its CSRF token
// when there is no session (identify checked it when there is).
func checkPublicForm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	if sessionOf(r) == nil {
		_, err := checkFormToken(r, formCookie)
		return err
	}
	return nil
}

func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) error {
	p := subscribePage{Page: s.page(r, "订阅风险警示公告", "Subscribe to announcements"), Mode: "form", Channels: s.Subscriptions.Channels()}
	s.publicFormCSRF(w, r, &p.Page)
	return s.render(w, r, http.StatusOK, "subscribe.html", p)
}

// subscribe takes the portal's e-mail subscription form.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	if err := checkPublicForm(w, r); err != nil {
		return err
	}
	p := subscribePage{Page: s.page(r, "订阅风险警示公告", "Subscribe to announcements"), Mode: "form", Address: r.PostForm.Get("address"),
		Search: portalSearch{Category: r.PostForm.Get("category"), Hazard: r.PostForm.Get("hazard"), HS: r.PostForm.Get("hs"),
			Country: r.PostForm.Get("country"), Grade: r.PostForm.Get("grade")}, Channels: s.Subscriptions.Channels()}
	s.publicFormCSRF(w, r, &p.Page)
	f, err := parseFilter(r.PostForm)
	if err == nil {
		_, err = s.Subscriptions.Subscribe(r.Context(), subscription.Input{Channel: subscription.Email, Address: p.Address,
			Lang: langOf(r), Filter: f}, s.clientAddr(r))
	}
	if err != nil {
		var ok bool
		if p.Form, ok = formErrorOf(p.Page, err, subscribeLabels); !ok {
			return err
		}
		return s.render(w, r, statusOf(err), "subscribe.html", p)
	}
	p.Mode = "sent"
	return s.render(w, r, http.StatusAccepted, "subscribe.html", p)
}

// subscriptionLink shows the page of a confirmation or unsubscribe link: a
// button that posts it (mail scanners follow links; only a person
// presses the button).
func (s *Server) subscriptionLink(mode string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := subscribePage{Page: s.page(r, "订阅", "Subscription"), Mode: mode, Token: r.URL.Query().Get("token")}
		s.publicFormCSRF(w, r, &p.Page)
		return s.render(w, r, http.StatusOK, "subscribe.html", p)
	}
}

// subscriptionAct confirms or ends a subscription from its link's form,
// or from a mail client's RFC 8058 one-click POST (token in the query,
// body List-Unsubscribe=One-Click, no cookies).
func (s *Server) subscriptionAct(mode string) func(w http.ResponseWriter, r *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := parseForm(w, r); err != nil {
			return err
		}
		tok := r.PostForm.Get("token")
		if tok == "" {
			tok = r.URL.Query().Get("token")
		}
		oneClick := mode == "unsubscribe" && r.PostForm.Get("List-Unsubscribe") == "One-Click"
		if !oneClick && sessionOf(r) == nil {
			if _, err := checkFormToken(r, formCookie); err != nil {
				return err
			}
		}
		var err error
		if mode == "confirm" {
			_, err = s.Subscriptions.Confirm(r.Context(), tok)
		} else {
			_, err = s.Subscriptions.Unsubscribe(r.Context(), tok)
		}
		if err != nil {
			return err
		}
		if oneClick {
			w.WriteHeader(http.StatusNoContent)
			return nil
		}
		p := subscribePage{Page: s.page(r, "订阅", "Subscription"), Mode: map[string]string{"confirm": "confirmed", "unsubscribe": "ended"}[mode]}
		return s.render(w, r, http.StatusOK, "subscribe.html", p)
	}
}
