package web

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"riskgate/internal/risk"
)

// statusOf maps an error kind to its HTTP status, the one table of it.
func statusOf(err error) int {
	switch {
	case errors.Is(err, risk.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, risk.ErrUnauthorized):
		return http.StatusUnauthorized
	case errors.Is(err, risk.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, risk.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, risk.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, risk.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, risk.ErrUnsupportedMedia):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, risk.ErrTooMany):
		return http.StatusTooManyRequests
	case errors.Is(err, risk.ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error apiErrorBody `json:"error"`
}

type apiErrorBody struct {
	Code    string            `json:"code"`
	Field   string            `json:"field,omitempty"`
	Message string            `json:"message"`
	Details []risk.FieldError `json:"details,omitempty"`
}

var codes = map[int]string{400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found",
	405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type", 429: "too_many_requests",
	statusClientClosed: "client_closed", 500: "internal", 503: "unavailable"}

// statusClientClosed is nginx's 499 "client closed request": the caller
// went away before the answer was ready. It is counted and logged as
// such, never as a server error.
const statusClientClosed = 499

// generic are the messages of errors that carry none of their own (a bare
// risk.ErrNotFound, say), by status: never "internal error" on a 404.
var generic = map[int]string{
	http.StatusBadRequest:            risk.Bilingual("请求无效。", "the request is invalid."),
	http.StatusUnauthorized:          risk.Bilingual("请先登录或提供 API 令牌。", "sign in or send an API token."),
	http.StatusForbidden:             risk.Bilingual("无权执行此操作。", "you are not allowed to do this."),
	http.StatusNotFound:              risk.Bilingual("没有找到该对象。", "not found."),
	http.StatusConflict:              risk.Bilingual("该对象已被修改或状态不允许此操作。", "the object has changed or its status does not allow this."),
	http.StatusRequestEntityTooLarge: risk.Bilingual("请求过大。", "the request is too large."),
	http.StatusUnsupportedMediaType:  risk.Bilingual("不支持该请求体类型。", "this type of request body is not supported."),
	http.StatusTooManyRequests:       risk.Bilingual("请求过于频繁，请稍后再试。", "too many requests; slow down."),
	http.StatusServiceUnavailable:    risk.Bilingual("数据库暂时不可达，请稍后再试。", "the database cannot be reached for now; try again later."),
}

// wantsJSON reports whether an error should be answered in JSON: API
// calls, and the documents machines fetch (feeds and CAP), which must
// never be answered with a login page.
func wantsJSON(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/epcis/") || strings.HasPrefix(p, "/cap/") || strings.HasPrefix(p, "/feeds/") ||
		strings.Contains(r.Header.Get("Accept"), "application/json")
}

// serveError answers err: the user-safe message of a *risk.Error, or a
// generic message for anything else (whose details go to the log only).
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(r.Context().Err(), context.Canceled) {
		// The client went away: nobody reads an answer, and nothing failed here.
		s.Log.DebugContext(r.Context(), "request canceled by the client", "method", r.Method, "path", r.URL.Path, "status", statusClientClosed, "error", err)
		if !started(w) {
			w.WriteHeader(statusClientClosed)
		}
		return
	}
	status := statusOf(err)
	// Anonymous callers denied something get 401, so that they know to sign in.
	if e, _ := risk.AsError(err); status == http.StatusForbidden && actorOf(r).IsAnonymous() && (e == nil || e.Field != "csrf") {
		status = http.StatusUnauthorized
		err = risk.Errorf(risk.ErrUnauthorized, "请先登录或提供 API 令牌。 / Sign in or send an API token.")
	}
	body := apiErrorBody{Code: codes[status]}
	if e, ok := risk.AsError(err); ok && status != http.StatusInternalServerError && e.Message != "" {
		body.Field, body.Message, body.Details = e.Field, e.Message, e.Details
	} else if msg, ok := generic[status]; ok {
		body.Message = msg
	} else {
		body.Message = "服务器内部错误，请稍后再试。 / Internal server error; please try again later."
	}
	if status >= 500 {
		s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	} else {
		s.Log.DebugContext(r.Context(), "request refused", "method", r.Method, "path", r.URL.Path, "status", status, "error", err)
	}
	if started(w) {
		return // the answer is under way; a second one would corrupt it
	}
	if wantsJSON(r) {
		if status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="riskgate"`)
		}
		writeJSON(w, status, apiError{body})
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error.html", errorPage{Page: s.page(r, "错误", "Error"), Status: status, Body: body})
}

type errorPage struct {
	Page
	Status int
	Body   apiErrorBody
}

// writeItems answers a list as {"items": [...]}, never null.
func writeItems[T any](w http.ResponseWriter, items []T) {
	if items == nil {
		items = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

// respond writes what a service answered as JSON with status, or returns
// its error for the error table: return respond(w, http.StatusOK)(s.X.Get(…)).
func respond(w http.ResponseWriter, status int) func(any, error) error {
	return func(x any, err error) error {
		if err != nil {
			return err
		}
		writeJSON(w, status, x)
		return nil
	}
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// started reports whether a response has begun on w (its status sent).
func started(w http.ResponseWriter) bool {
	for {
		switch x := w.(type) {
		case *statusWriter:
			return x.status != 0
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return false
		}
	}
}

type listResponse[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// writeList writes one page of a list: its items (never null), the total,
// and the window asked (the default limit when none was).
func writeList[T any](w http.ResponseWriter, items []T, total int, pg risk.Paging) error {
	if items == nil {
		items = []T{}
	}
	if pg.Limit == 0 {
		pg.Limit = risk.DefaultLimit
	}
	writeJSON(w, http.StatusOK, listResponse[T]{Items: items, Total: total, Offset: pg.Offset, Limit: pg.Limit})
	return nil
}
