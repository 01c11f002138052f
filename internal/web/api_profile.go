package web

import (
	"fmt"
	"net/http"
	"strconv"

	"riskgate/internal/assess"
	"riskgate/internal/expert"
	"riskgate/internal/risk"
)

// profileRequest is a profile version as written, with the note on what
// changed.
type profileRequest struct {
	assess.Profile
	Note string `json:"note"`
}

// profileResponse is one profile code with its versions, newest first.
type profileResponse struct {
	Name     string                  `json:"name"`
	Versions []*assess.StoredProfile `json:"versions"`
}

func (s *Server) apiProfiles(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	items, err := s.Assess.Profiles(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

func (s *Server) apiProfileSave(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in profileRequest
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	p := in.Profile
	sp, err := s.Assess.SaveProfileDraft(r.Context(), actorOf(r), &p, in.Note)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/assessment-profiles/%s/versions/%d", sp.Profile.Name, sp.Profile.Version))
	writeJSON(w, http.StatusCreated, sp)
	return nil
}

func (s *Server) apiProfile(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	name := r.PathValue("name")
	vs, err := s.Assess.ProfileVersions(r.Context(), actorOf(r), name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, profileResponse{Name: name, Versions: vs})
	return nil
}

// profileVersionOf reads the path's profile code and version.
func profileVersionOf(r *http.Request) (string, int, error) {
	if err := requireUser(r); err != nil {
		return "", 0, err
	}
	v, err := strconv.Atoi(r.PathValue("version"))
	if err != nil || v < 1 {
		return "", 0, risk.Invalid("version", "版本号必须是正整数。", "version must be a positive integer.")
	}
	return r.PathValue("name"), v, nil
}

func (s *Server) apiProfileVersion(w http.ResponseWriter, r *http.Request) error {
	name, v, err := profileVersionOf(r)
	if err != nil {
		return err
	}
	if !assess.CanReadProfiles(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权查看评估矩阵。 / Not allowed to see the risk matrix profiles.")
	}
	return respond(w, http.StatusOK)(s.Assess.ProfileAt(r.Context(), name, v))
}

func (s *Server) apiProfilePreview(w http.ResponseWriter, r *http.Request) error {
	name, v, err := profileVersionOf(r)
	if err != nil {
		return err
	}
	var in struct {
		Cases []assess.TestCase `json:"cases"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.PreviewProfile(r.Context(), actorOf(r), name, v, in.Cases))
}

func (s *Server) apiProfileActivate(w http.ResponseWriter, r *http.Request) error {
	name, v, err := profileVersionOf(r)
	if err != nil {
		return err
	}
	var in struct{}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.ActivateProfile(r.Context(), actorOf(r), name, v))
}

func (s *Server) apiExperts(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	f := expert.Filter{Text: q.Get("q")}
	if fv := q.Get("field"); fv != "" {
		fl, err := expert.ParseField(fv)
		if err != nil {
			return err
		}
		f.Field = fl
	}
	items, err := s.Experts.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

func (s *Server) apiExpertCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var in expert.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.Experts.Create(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/experts/%d", e.ID))
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiExpert(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Experts.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiExpertUpdate(w http.ResponseWriter, r *http.Request) error {
	var in expert.Input
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Experts.Edit(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiPanel(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	_, pv, err := s.Assess.PanelOf(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pv)
	return nil
}

func (s *Server) apiPanelMember(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ExpertID risk.ID `json:"expert_id"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Assess.AddPanelist(r.Context(), actorOf(r), id, in.ExpertID))
}

func (s *Server) apiPanelOpinion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		ExpertID risk.ID       `json:"expert_id"`
		Stance   assess.Stance `json:"stance"`
		Opinion  string        `json:"opinion"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.GiveOpinion(r.Context(), actorOf(r), id, in.ExpertID, in.Stance, in.Opinion))
}

func (s *Server) apiPanelConclusion(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Outcome    assess.Outcome `json:"outcome"`
		Conclusion string         `json:"conclusion"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Assess.ConcludePanel(r.Context(), actorOf(r), id, in.Outcome, in.Conclusion))
}

func (s *Server) apiReviews(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	xs, err := s.Assess.PendingReviews(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	if xs == nil {
		xs = []*assess.Assessment{}
	}
	writeItems(w, xs)
	return nil
}
