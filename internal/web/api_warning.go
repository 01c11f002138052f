package web

import (
	"fmt"
	"net/http"
	"time"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func warningFilter(r *http.Request) (warning.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := warning.Filter{Text: q.Get("q"), Class: warning.Class(q.Get("class")), Status: warning.Status(q.Get("status")), Grade: risk.Grade(q.Get("grade"))}
	f.CaseID = queryID(q, "case", &v, "case 必须是案件编号。", "case must be a case id.")
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiWarningDraft(w http.ResponseWriter, r *http.Request) error {
	var in warning.Input
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	x, err := s.Warnings.Draft(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/warnings/%d", x.ID))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

func (s *Server) apiWarningList(w http.ResponseWriter, r *http.Request) error {
	f, err := warningFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Warnings.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiWarningGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiWarningPut(w http.ResponseWriter, r *http.Request) error {
	var in warning.Input
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.Update(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiWarningAct(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Action string `json:"action"`
		Note   string `json:"note"`
		Rev    int    `json:"rev"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.Act(r.Context(), actorOf(r), id, in.Action, in.Note, in.Rev))
}

// apiWarningRefer refers an approved grade I warning to the national
// authority: POST /api/v1/warnings/{id}/referral {authority, note, rev}.
func (s *Server) apiWarningRefer(w http.ResponseWriter, r *http.Request) error {
	var in warning.ReferralInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.Refer(r.Context(), actorOf(r), id, in))
}

// apiWarningOutcome records the national answer to a referral: POST
// /api/v1/warnings/{id}/referral/outcome {outcome, national_reference,
// decided_at, national_url, grade, note, rev}.
func (s *Server) apiWarningOutcome(w http.ResponseWriter, r *http.Request) error {
	var in warning.OutcomeInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.RecordOutcome(r.Context(), actorOf(r), id, in))
}

// publicAnnouncement is the public face of an issued 公告.
type publicAnnouncement struct {
	ID         risk.ID    `json:"id"`
	Number     string     `json:"number"`
	Title      string     `json:"title"`
	Grade      risk.Grade `json:"grade"`
	IssuedAt   time.Time  `json:"issued_at"`
	ValidUntil time.Time  `json:"valid_until"`
	Summary    string     `json:"summary"`
	URL        string     `json:"url"`     // the portal page
	CAPURL     string     `json:"cap_url"` // its CAP 1.2 document
}

func toPublic(x *warning.Warning, base string) publicAnnouncement {
	p := publicAnnouncement{ID: x.ID, Number: x.Number, Title: x.Title, Grade: x.Grade, ValidUntil: x.ValidUntil, Summary: x.Summary,
		URL: base + "/public/announcements/" + x.ID.String(), CAPURL: base + publish.CAPPath(x.ID)}
	if x.IssuedAt != nil {
		p.IssuedAt = *x.IssuedAt
	}
	return p
}

func (s *Server) apiPublicAnnouncements(w http.ResponseWriter, r *http.Request) error {
	var v risk.Validation
	offset, limit := paging(r.URL.Query(), &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Warnings.Public(r.Context(), offset, limit)
	if err != nil {
		return err
	}
	out := make([]publicAnnouncement, len(items))
	for i, x := range items {
		out[i] = toPublic(x, s.baseURL())
	}
	w.Header().Set("Cache-Control", "public, max-age=60")
	writeJSON(w, http.StatusOK, map[string]any{"items": out, "total": total})
	return nil
}

func (s *Server) apiInbox(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	box, err := s.Warnings.Inbox(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeItems(w, box)
	return nil
}

func (s *Server) apiInboxAck(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := s.Warnings.Acknowledge(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	return s.apiInbox(w, r)
}

func (s *Server) apiWarningRules(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if r.Method == http.MethodPut {
		var in warning.Rules
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := s.Warnings.SetRules(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	if !risk.Can(actorOf(r), risk.PermWarningRead) {
		return risk.Errorf(risk.ErrForbidden, "无权查看分级规则。 / Not allowed to read the grading rules.")
	}
	return respond(w, http.StatusOK)(s.Warnings.Rules(r.Context()))
}

func (s *Server) apiWarningsOfCase(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Cases.Get(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	items, _, err := s.Warnings.List(r.Context(), actorOf(r), warning.Filter{CaseID: id, Paging: risk.Paging{Limit: 500}})
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

// apiFollowupReport records what the caller's department, a recipient of
// the issued 通报, found and did: POST /api/v1/warnings/{id}/followups
// {finding, measures, actions, quantities, note}.
func (s *Server) apiFollowupReport(w http.ResponseWriter, r *http.Request) error {
	var in warning.FollowupInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Warnings.ReportFollowup(r.Context(), actorOf(r), id, in))
}

// apiFollowupList answers every recipient's follow-ups on a 通报, the
// deadline and who is overdue: GET /api/v1/warnings/{id}/followups.
func (s *Server) apiFollowupList(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Warnings.Followups(r.Context(), actorOf(r), id))
}
