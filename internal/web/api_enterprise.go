package web

import (
	"errors"
	"fmt"
	"net/http"

	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

func (s *Server) apiEnterpriseList(w http.ResponseWriter, r *http.Request) error {
	f, err := enterpriseFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enterprises.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiEnterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in enterprise.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.Enterprises.Create(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/enterprises/%d", e.ID))
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiEnterpriseGet(w http.ResponseWriter, r *http.Request) error {
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Enterprises.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiEnterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var in enterprise.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Enterprises.Update(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiEnterpriseImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermEnterpriseWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入企业。 / Not allowed to import enterprises.")
	}
	parsed, _, err := readImport(w, r)
	if err != nil {
		return err
	}
	res, err := s.Enterprises.Import(r.Context(), actorOf(r), parsed)
	if err != nil {
		if res != nil && errors.Is(err, risk.ErrInvalid) {
			e, _ := risk.AsError(err)
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": apiErrorBody{Code: "invalid", Field: e.Field, Message: e.Message}, "result": res})
			return nil
		}
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
