package web

import (
	"net/http"

	"riskgate/internal/petition"
	"riskgate/internal/risk"
)

// petitionFilter reads a petition list's filter from the query string.
func petitionFilter(r *http.Request) (petition.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := petition.Filter{Status: petition.Status(q.Get("status")), Open: q.Get("open") == "1" || q.Get("open") == "true"}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiPetitionList(w http.ResponseWriter, r *http.Request) error {
	f, err := petitionFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Petitions.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiPetitionFile(w http.ResponseWriter, r *http.Request) error {
	var in petition.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Petitions.File(r.Context(), actorOf(r), in))
}

func (s *Server) apiPetitionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Petitions.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiPetitionReview(w http.ResponseWriter, r *http.Request) error {
	var in petition.Review
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Petitions.Review(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiPetitionResubmit(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Grounds      string   `json:"grounds"`
		Declarations []string `json:"declarations"`
		Rev          int      `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Petitions.Resubmit(r.Context(), actorOf(r), id, petition.Input{Grounds: in.Grounds, Declarations: in.Declarations, Rev: in.Rev}))
}
