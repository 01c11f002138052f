package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

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
	case errors.Is(err, risk.ErrTooMany):
		return http.StatusTooManyRequests
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
	405: "method_not_allowed", 409: "conflict", 413: "too_large", 429: "too_many_requests", 500: "internal"}

// wantsJSON reports whether an error should be answered in JSON: API
// calls, and the documents machines fetch (feeds and CAP), which must
// never be answered with a login page.
func wantsJSON(r *http.Request) bool {
	p := r.URL.Path
	return strings.HasPrefix(p, "/api/") || strings.HasPrefix(p, "/cap/") || strings.HasPrefix(p, "/feeds/") ||
		strings.Contains(r.Header.Get("Accept"), "application/json")
}

// serveError answers err: the user-safe message of a *risk.Error, or a
// generic message for anything else (whose details go to the log only).
func (s *Server) serveError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	// Anonymous callers denied something get 401, so that they know to sign in.
	if e, _ := risk.AsError(err); status == http.StatusForbidden && actorOf(r).IsAnonymous() && (e == nil || e.Field != "csrf") {
		status = http.StatusUnauthorized
		err = risk.Errorf(risk.ErrUnauthorized, "请先登录或提供 API 令牌。 / Sign in or send an API token.")
	}
	body := apiErrorBody{Code: codes[status]}
	if e, ok := risk.AsError(err); ok && status != http.StatusInternalServerError {
		body.Field, body.Message, body.Details = e.Field, e.Message, e.Details
	} else {
		body.Message = "服务器内部错误，请稍后再试。 / Internal server error; please try again later."
	}
	if status >= 500 {
		s.Log.ErrorContext(r.Context(), "request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	} else {
		s.Log.DebugContext(r.Context(), "request refused", "method", r.Method, "path", r.URL.Path, "status", status, "error", err)
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

// writeJSON writes v as JSON with status.
// writeItems answers a list as {"items": [...]}, never null.
func writeItems[T any](w http.ResponseWriter, items []T) {
	if items == nil {
		items = []T{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decodeJSON reads one JSON object into v: size-limited, unknown fields
// refused, and errors naming the field in Chinese and English.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return risk.Invalid("Content-Type", "请求体必须是 JSON（application/json）。", "the request body must be JSON (application/json).")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.More() {
			return risk.Invalid("body", "请求体只能包含一个 JSON 对象。", "the body must hold exactly one JSON object.")
		}
		return nil
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return &risk.Error{Kind: risk.ErrTooLarge, Field: "body", Message: risk.Bilingual("请求体超过 1 MiB。", "the request body exceeds 1 MiB.")}
	}
	return jsonError(err)
}

// jsonError explains a JSON decoding error, naming the field.
func jsonError(err error) error {
	var (
		typeErr *json.UnmarshalTypeError
		syntax  *json.SyntaxError
	)
	switch {
	case errors.As(err, &typeErr):
		return risk.Invalid(typeErr.Field, "字段 "+typeErr.Field+" 的类型错误，应为 "+typeErr.Type.String()+"。",
			"field "+typeErr.Field+" has the wrong type; want "+typeErr.Type.String()+".")
	case errors.As(err, &syntax):
		return risk.Invalid("body", "JSON 格式错误。", "malformed JSON: "+syntax.Error()+".")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return risk.Invalid(f, "未知字段 "+f+"。", "unknown field "+f+".")
	case errors.Is(err, errEOF), errors.Is(err, io.ErrUnexpectedEOF):
		return risk.Invalid("body", "请求体为空或不完整。", "the request body is empty or incomplete.")
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return risk.Invalid("body", "时间格式错误，应为 RFC 3339（如 2026-11-29T08:00:00+08:00）。", "a time is not in RFC 3339 form (e.g. 2026-11-29T08:00:00+08:00).")
	}
	return risk.Invalid("body", "无法读取请求体。", "cannot read the request body.")
}
