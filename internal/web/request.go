package web

// Request helpers: what handlers read from a request before they call a
// service (the actor's sign-in, path and query parameters, paging, forms).

import (
	"net/http"
	"net/url"
	"strconv"

	"riskgate/internal/risk"
)

// requireUser refuses the anonymous public (pages redirect to sign-in).
func requireUser(r *http.Request) error {
	if actorOf(r).IsAnonymous() {
		return risk.Errorf(risk.ErrUnauthorized, "请先登录。 / Please sign in.")
	}
	return nil
}

// userAndID reads the record a signed-in caller asks for by the path's id.
func userAndID(r *http.Request) (risk.ID, error) {
	if err := requireUser(r); err != nil {
		return 0, err
	}
	return pathID(r, "id")
}

// formOnID reads what a form posted on one record brings: a signed-in
// caller, the path's id and the form, checked in that order.
func formOnID(w http.ResponseWriter, r *http.Request) (risk.ID, error) {
	id, err := userAndID(r)
	if err != nil {
		return 0, err
	}
	return id, parseForm(w, r)
}

// idAndBody reads what a JSON write on one record brings: the caller must
// be signed in, the path's id must parse and the body must decode into in,
// checked in that order.
func idAndBody(w http.ResponseWriter, r *http.Request, in any) (risk.ID, error) {
	id, err := userAndID(r)
	if err != nil {
		return 0, err
	}
	return id, decodeJSON(w, r, in)
}

// pathID reads the record identifier in the named path segment.
func pathID(r *http.Request, name string) (risk.ID, error) {
	id, err := risk.ParseID(r.PathValue(name))
	if err != nil {
		return 0, risk.Invalid(name, name+" 必须是正整数。", name+" must be a positive integer.")
	}
	return id, nil
}

// intParam parses an optional integer query parameter.
func intParam(s, name string, v *risk.Validation) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(name, name+" 必须是整数。", name+" must be an integer.")
	}
	return n
}

// queryID reads an optional record identifier from the query string,
// adding the problem (zh, en) to v when it is not one.
func queryID(q url.Values, name string, v *risk.Validation, zh, en string) risk.ID {
	s := q.Get(name)
	if s == "" {
		return 0
	}
	id, err := risk.ParseID(s)
	if err != nil {
		v.Add(name, zh, en)
	}
	return id
}

// paging reads the offset and limit of a list from the query string; zero
// when not given, the services choose the default.
func paging(q url.Values, v *risk.Validation) (offset, limit int) {
	return intParam(q.Get("offset"), "offset", v), intParam(q.Get("limit"), "limit", v)
}

// listPage is one page of a filtered list, with the offsets of the pages
// before and after it (-1 for none).
type listPage[F, T any] struct {
	Page
	Filter F
	Items  []T
	Total  int
	Prev   int
	Next   int
}

// listPageOf is the page of a list a service answered for f.
func listPageOf[F, T any](p Page, f F, pg risk.Paging, items []T, total int) listPage[F, T] {
	l := listPage[F, T]{Page: p, Filter: f, Items: items, Total: total}
	l.Prev, l.Next = pager(pg.Offset, pg.Limit, total)
	return l
}

// pager returns the offsets of the previous and next pages of a list, -1
// when there is none.
func pager(offset, limit, total int) (prev, next int) {
	if limit <= 0 {
		limit = 50
	}
	prev, next = -1, -1
	if offset > 0 {
		prev = max(0, offset-limit)
	}
	if offset+limit < total {
		next = offset + limit
	}
	return prev, next
}

// truthy reads a checkbox or a boolean parameter.
func truthy(s string) bool { return s == "true" || s == "on" || s == "1" }

// parseForm reads an ordinary (not multipart) form of at most maxFormBody
// into r.PostForm.
func parseForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
	}
	return nil
}
