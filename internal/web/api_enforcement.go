package web

import (
	"net/http"
	"net/url"

	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/risk"
)

// optID reads an optional ID from the query string.
func optID(q url.Values, name string, v *risk.Validation) risk.ID {
	s := q.Get(name)
	if s == "" {
		return 0
	}
	id, err := risk.ParseID(s)
	if err != nil {
		v.Add(name, "编号无效。", name+" must be an ID.")
	}
	return id
}

// interviewFilter reads an interview list's filter from the query string.
func interviewFilter(r *http.Request) (enforcement.InterviewFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := enforcement.InterviewFilter{EnterpriseID: optID(q, "enterprise", &v), CaseID: optID(q, "case", &v), Dept: q.Get("dept"),
		Due: q.Get("due") == "1" || q.Get("due") == "true"}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

// penaltyFilter reads a penalty list's filter from the query string.
func penaltyFilter(r *http.Request) (enforcement.PenaltyFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := enforcement.PenaltyFilter{EnterpriseID: optID(q, "enterprise", &v), CaseID: optID(q, "case", &v), Dept: q.Get("dept"),
		Kind: enforcement.Kind(q.Get("kind"))}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiInterviewList(w http.ResponseWriter, r *http.Request) error {
	f, err := interviewFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enforcement.Interviews(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiInterviewCreate(w http.ResponseWriter, r *http.Request) error {
	var in enforcement.InterviewInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Enforcement.RecordInterview(r.Context(), actorOf(r), in))
}

func (s *Server) apiInterviewGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Enforcement.Interview(r.Context(), actorOf(r), id))
}

func (s *Server) apiInterviewCheck(w http.ResponseWriter, r *http.Request) error {
	var in enforcement.Check
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Enforcement.CheckCommitment(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiPenaltyList(w http.ResponseWriter, r *http.Request) error {
	f, err := penaltyFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enforcement.Penalties(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

// penaltyRecorded is the answer to a penalty recorded: the record, and the
// firm's change of tier when its credit event moved it.
type penaltyRecorded struct {
	*enforcement.Penalty
	TierChange *credit.Change `json:"tier_change,omitempty"`
}

func (s *Server) apiPenaltyCreate(w http.ResponseWriter, r *http.Request) error {
	var in enforcement.PenaltyInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p, ch, err := s.Enforcement.RecordPenalty(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, penaltyRecorded{Penalty: p, TierChange: ch})
	return nil
}

func (s *Server) apiPenaltyGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Enforcement.Penalty(r.Context(), actorOf(r), id))
}
