package web

import (
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/risk"
)

// Every form of the UI shows refused input the same way: the page again,
// with what was typed still in the inputs, a summary of the problems at the
// top (the partial "form-errors": each problem as "label: message", linking
// to its input) and each refused input marked (class error, aria-invalid,
// aria-describedby pointing at its message). Errors name fields by the keys
// the domain uses ("product.name", "scope.hs_prefixes[2]",
// "scenarios[1].steps[0].probability"); a form's labels turn those keys into
// the labels the user sees, so that no key ever shows.

// fieldLabel is a form field as the user sees it: the id of its input
// (the field's name when empty) and its label in Chinese and English.
type fieldLabel struct{ ID, Zh, En string }

// labeler names the fields of one form.
type labeler interface {
	labelOf(field string) (fieldLabel, bool)
}

// formLabels maps the fields errors name to a form's labels. A value of a
// list ("addressees[2]", "scope.brands[0]") is shown at the list's input.
type formLabels map[string]fieldLabel

func (m formLabels) labelOf(field string) (fieldLabel, bool) {
	if l, ok := m[field]; ok {
		if l.ID == "" {
			l.ID = field
		}
		return l, true
	}
	if i := strings.LastIndexByte(field, '['); i > 0 && strings.HasSuffix(field, "]") {
		return m.labelOf(field[:i])
	}
	return fieldLabel{}, false
}

// labelFunc names fields by rule, for repeated groups (an assessment's
// scenarios and steps).
type labelFunc func(field string) (fieldLabel, bool)

func (f labelFunc) labelOf(field string) (fieldLabel, bool) { return f(field) }

// labelsAll tries each labeler in turn.
type labelsAll []labeler

func (ls labelsAll) labelOf(field string) (fieldLabel, bool) {
	for _, l := range ls {
		if x, ok := l.labelOf(field); ok {
			return x, true
		}
	}
	return fieldLabel{}, false
}

// Form is the state of a page's form after a refused post. Form pages embed
// it; a page with several forms tells them apart by Action.
type Form struct {
	Action   string     // which of the page's forms was posted
	Values   url.Values // what was typed
	Problems []Problem  // in the order found
}

// Problem is one refused field, in the page language.
type Problem struct {
	ID      string // the input's id; "" when the problem is not one input's
	Label   string // the field as the user sees it; "" when it is none
	Message string
}

// formErrorOf turns the error of a refused post into the form's problems
// (each message in the page language, each field by its label). It reports
// false when err is not about the input — a 403, a 404, a 500 — and is to
// be served as an error. (A 429 is shown on the form, so that what was
// typed is kept for the retry.)
func formErrorOf(p Page, err error, labels labeler) (Form, bool) {
	e, ok := risk.AsError(err)
	if !ok || !(errors.Is(err, risk.ErrInvalid) || errors.Is(err, risk.ErrConflict) || errors.Is(err, risk.ErrTooLarge) ||
		errors.Is(err, risk.ErrTooMany)) {
		return Form{}, false
	}
	all := e.Details
	if len(all) == 0 {
		all = []risk.FieldError{{Field: e.Field, Message: e.Message}}
	}
	var f Form
	seen := map[Problem]bool{}
	for _, d := range all {
		pr := Problem{Message: p.Pick(d.Message)}
		if labels != nil {
			if l, ok := labels.labelOf(d.Field); ok {
				pr.ID, pr.Label = l.ID, p.T(l.Zh, l.En)
			}
		}
		if !seen[pr] {
			seen[pr] = true
			f.Problems = append(f.Problems, pr)
		}
	}
	return f, true
}

// formPage is a page that embeds Page and Form.
type formPage interface {
	base() Page
	setForm(Form)
}

func (p Page) base() Page       { return p }
func (f *Form) setForm(to Form) { *f = to }

// renderRefused answers a refused post: the page again, as view builds
// it, with err's problems at their inputs and what was typed kept under
// action; an error that is not about the input is served as an error.
func renderRefused[P any, PP interface {
	*P
	formPage
}](s *Server, w http.ResponseWriter, r *http.Request, err error, labels labeler, action string, typed url.Values,
	name string, view func() (P, error)) error {
	p, verr := view()
	if verr != nil {
		return verr
	}
	f, ok := formError(PP(&p).base(), err, labels, action, typed)
	if !ok {
		return err
	}
	PP(&p).setForm(f)
	return s.render(w, r, statusOf(err), name, p)
}

// formError is formErrorOf for the form action of a page with several
// forms, keeping what was typed into it.
func formError(p Page, err error, labels labeler, action string, typed url.Values) (Form, bool) {
	f, ok := formErrorOf(p, err, labels)
	f.Action, f.Values = action, typed
	return f, ok
}

// importError is the state of an upload form whose file was refused: the
// problem of the whole file, at the file's input (the problems of its rows
// are listed in the page's error report, by row and column).
func importError(p Page, err error) Form {
	msg := p.T("文件无法导入。", "The file cannot be imported.")
	if e, ok := risk.AsError(err); ok && e.Message != "" {
		msg = p.Pick(e.Message)
	}
	return Form{Problems: []Problem{{ID: "file", Label: p.T("文件", "File"), Message: msg}}}
}

// uploadError is importError for an upload form with other fields: a
// problem of one of them (labels) is shown at it, any other at the file.
func uploadError(p Page, err error, labels formLabels) Form {
	if e, ok := risk.AsError(err); ok && len(e.Details) == 0 {
		if l, ok := labels.labelOf(e.Field); ok {
			return Form{Problems: []Problem{{ID: l.ID, Label: p.T(l.Zh, l.En), Message: p.Pick(e.Message)}}}
		}
	}
	return importError(p, err)
}

// Problem returns the first problem of the input with id, or nil.
func (f Form) Problem(id string) *Problem {
	for i := range f.Problems {
		if f.Problems[i].ID == id {
			return &f.Problems[i]
		}
	}
	return nil
}

// FieldError returns the message of the input with id, or "".
func (f Form) FieldError(id string) string {
	if pr := f.Problem(id); pr != nil {
		return pr.Message
	}
	return ""
}

// Mark returns the attributes that mark a refused input (none for one
// that was not refused): aria-invalid, and aria-describedby naming its
// message (the partial "field-msg") and, if given, its hint.
func (f Form) Mark(id string, hint ...string) template.HTMLAttr {
	desc := strings.Join(hint, " ")
	if f.Problem(id) == nil {
		if desc == "" {
			return ""
		}
		return template.HTMLAttr(` aria-describedby="` + html.EscapeString(desc) + `"`)
	}
	desc = strings.TrimSpace(desc + " " + id + "-error")
	return template.HTMLAttr(` aria-invalid="true" aria-describedby="` + html.EscapeString(desc) + `"`)
}

// Posted reports whether the form action was posted and refused.
func (f Form) Posted(action string) bool { return f.Values != nil && f.Action == action }

// Typed returns what was typed into the field name of the form action, or
// def when that form was not the one posted.
func (f Form) Typed(action, name, def string) string {
	if !f.Posted(action) {
		return def
	}
	return f.Values.Get(name)
}

// TypedAll is Typed for a field of several values (checkboxes, multiple
// selects).
func (f Form) TypedAll(action, name string, def []string) []string {
	if !f.Posted(action) {
		return def
	}
	return f.Values[name]
}

// formInt reads an optional whole number of a form, recording a problem
// that names the field by its label when it is not one.
func formInt(v *risk.Validation, field, s, zh, en string) int {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		v.Add(field, zh+"须为整数。", en+" must be a whole number.")
	}
	return n
}

// formErrors turns a validation error into per-field messages and the
// list of problems, or reports false when err is not about the input. It
// is the older way of the screening form (declaration_screen.go); the other forms
// show their problems through Form.
func formErrors(err error) (map[string]string, []risk.FieldError, bool) {
	e, ok := risk.AsError(err)
	if !ok || !(errors.Is(err, risk.ErrInvalid) || errors.Is(err, risk.ErrConflict)) {
		return nil, nil, false
	}
	all := e.Details
	if len(all) == 0 {
		all = []risk.FieldError{{Field: e.Field, Message: e.Message}}
	}
	m := map[string]string{}
	for _, d := range all {
		if _, dup := m[d.Field]; !dup {
			m[d.Field] = d.Message
		}
	}
	return m, all, true
}
