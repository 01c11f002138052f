package web

import (
	"net/http"

	"riskgate/internal/lab"
	"riskgate/internal/risk"
)

// labReportFilter reads a report search from the query string.
func labReportFilter(r *http.Request) (lab.ReportFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := lab.ReportFilter{Number: q.Get("number"), HSPrefix: q.Get("hs"), EnterpriseUSCC: q.Get("enterprise_uscc"), SHA256: q.Get("sha256"),
		Awaiting: q.Get("awaiting") == "1" || q.Get("awaiting") == "true"}
	if s := q.Get("lab"); s != "" {
		id, err := risk.ParseID(s)
		if err != nil {
			v.Add("lab", "检测机构编号无效。", "lab must be an ID.")
		}
		f.LabID = id
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiLabs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := lab.Filter{Status: lab.Status(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Labs.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiLabCreate(w http.ResponseWriter, r *http.Request) error {
	var in lab.LabInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Labs.Register(r.Context(), actorOf(r), in))
}

func (s *Server) apiLab(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Labs.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiLabUpdate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		lab.LabInput
		Rev int `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Labs.Update(r.Context(), actorOf(r), id, in.LabInput, in.Rev))
}

func (s *Server) apiLabStatus(w http.ResponseWriter, r *http.Request) error {
	var in lab.StatusInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	l, ch, err := s.Labs.SetStatus(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*lab.Lab
		Change *lab.Change `json:"change"`
	}{l, ch})
	return nil
}

func (s *Server) apiLabReports(w http.ResponseWriter, r *http.Request) error {
	f, err := labReportFilter(r)
	if err != nil {
		return err
	}
	if r.PathValue("id") != "" {
		if f.LabID, err = pathID(r, "id"); err != nil {
			return err
		}
	}
	items, total, err := s.Labs.Reports(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiLabReportCreate(w http.ResponseWriter, r *http.Request) error {
	var in lab.ReportInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Labs.SubmitReport(r.Context(), actorOf(r), id, in))
}

// labReportVerified is a report with whether it counts today.
type labReportVerified struct {
	*lab.Report
	Standing lab.Standing `json:"standing"`
}

func (s *Server) apiLabReport(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rep, st, err := s.Labs.Report(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, labReportVerified{rep, st})
	return nil
}

func (s *Server) apiLabCrossChecks(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Labs.Profile(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeList(w, p.CrossChecks, len(p.CrossChecks), risk.Paging{Limit: max(len(p.CrossChecks), 1)})
}

func (s *Server) apiLabCrossCheckCreate(w http.ResponseWriter, r *http.Request) error {
	var in lab.CheckInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	c, ch, err := s.Labs.CrossCheck(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, struct {
		*lab.CrossCheck
		Change *lab.Change `json:"change"`
	}{c, ch})
	return nil
}

func (s *Server) apiLabChanges(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.Labs.Profile(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return writeList(w, p.Changes, len(p.Changes), risk.Paging{Limit: max(len(p.Changes), 1)})
}

func (s *Server) apiLabRules(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if r.Method == http.MethodPut {
		var in lab.Rules
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		return respond(w, http.StatusOK)(s.Labs.SetRules(r.Context(), a, in))
	}
	if !lab.CanRead(a) || !a.IsOfficial() {
		return risk.Errorf(risk.ErrForbidden, "无权查看采信规则。 / Not allowed to read the acceptance rules.")
	}
	return respond(w, http.StatusOK)(s.Labs.Rules(r.Context()))
}
