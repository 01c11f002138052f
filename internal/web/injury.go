package web

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"riskgate/internal/injury"
	"riskgate/internal/risk"
)

// injuryFilter reads the list filters of the page and the API.
func injuryFilter(r *http.Request) (injury.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := injury.Filter{BodyPart: q.Get("body_part"), Diagnosis: q.Get("diagnosis"), Product: q.Get("product"), Text: q.Get("q")}
	f.Offset, f.Limit = paging(q, &v)
	for _, d := range []struct {
		name string
		dst  *time.Time
	}{{"since", &f.Since}, {"until", &f.Until}} {
		if s := q.Get(d.name); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				v.Add(d.name, d.name+" 应为 YYYY-MM-DD。", d.name+" must be YYYY-MM-DD.")
			}
			*d.dst = t
		}
	}
	if len(f.Text) > 100 {
		v.Add("q", "搜索词最多 100 字。", "The search text is at most 100 characters.")
	}
	return f, v.Err()
}

type injuriesPage struct {
	Page
	Form
	Items    []*injury.Record
	Total    int
	F        injury.Filter
	Since    string
	Until    string
	CanWrite bool
	Report   *injury.Report
	Errors   []risk.FieldError
	Next     string
}

// listInjuries answers the list of the page and the API.
func (s *Server) listInjuries(r *http.Request) (injury.Filter, []*injury.Record, int, error) {
	if err := requireUser(r); err != nil {
		return injury.Filter{}, nil, 0, err
	}
	f, err := injuryFilter(r)
	if err != nil {
		return f, nil, 0, err
	}
	items, total, err := s.Injuries.List(r.Context(), actorOf(r), f)
	return f, items, total, err
}

func (s *Server) injuryList(w http.ResponseWriter, r *http.Request) error {
	f, items, total, err := s.listInjuries(r)
	if err != nil {
		return err
	}
	p := injuriesPage{Page: s.page(r, "伤害记录", "Injury records"), Items: items, Total: total, F: f,
		CanWrite: risk.Can(actorOf(r), risk.PermSignalWrite)}
	if !f.Since.IsZero() {
		p.Since = f.Since.Format(time.DateOnly)
	}
	if !f.Until.IsZero() {
		p.Until = f.Until.Format(time.DateOnly)
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	if f.Offset+len(items) < total {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(f.Offset+len(items)))
		p.Next = "/injuries?" + q.Encode()
	}
	return s.render(w, r, http.StatusOK, "injuries.html", p)
}

// injuryUpload runs an injury import from an upload.
func (s *Server) injuryUpload(w http.ResponseWriter, r *http.Request) (rep *injury.Report, name string, err error) {
	err = withFormUpload(w, r, func(fields map[string]string, n string, rd io.Reader) error {
		name = n
		var err error
		rep, err = s.Injuries.Import(r.Context(), actorOf(r), "neiss", name, rd, injury.Options{SkipInvalid: truthy(fields["skip_invalid"]),
			Product: fields["product"]})
		return err
	})
	return rep, name, err
}

func (s *Server) injuryImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入伤害记录。 / Not allowed to import injury records.")
	}
	rep, name, err := s.injuryUpload(w, r)
	p := injuriesPage{Page: s.page(r, "伤害记录", "Injury records"), CanWrite: true, Report: rep}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		if e.Field == "csrf" {
			return err
		}
		p.Errors = e.Details
		p.Form = uploadError(p.Page, err, formLabels{"product": {"", "NEISS 产品代码", "NEISS product code"}})
		return s.render(w, r, statusOf(err), "injuries.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("%s 导入完成：新增 %d，更新 %d，未变 %d，跳过 %d。", name, rep.New, rep.Updated, rep.Unchanged, rep.Rejected),
		fmt.Sprintf("%s imported: %d new, %d updated, %d unchanged, %d skipped.", name, rep.New, rep.Updated, rep.Unchanged, rep.Rejected))
	p.Items, p.Total, err = s.Injuries.List(r.Context(), actorOf(r), injury.Filter{})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "injuries.html", p)
}
