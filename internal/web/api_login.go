package web

import "net/http"

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	writeJSON(w, http.StatusOK, map[string]any{"id": a.UserID, "login": a.Login, "name": a.Name, "dept": a.Dept, "role": a.Role,
		"enterprise_id": a.EnterpriseID, "lab_id": a.LabID})
	return nil
}
