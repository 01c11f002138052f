package web

import (
	"fmt"
	"net/http"

	"riskgate/internal/gateway"
	"riskgate/internal/risk"
)

// answerFilter reads an answer list's filter from the query string.
func answerFilter(r *http.Request) (gateway.AnswerFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := gateway.AnswerFilter{Status: gateway.Status(q.Get("status")), Open: q.Get("open") == "1" || q.Get("open") == "true"}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiAnswerList(w http.ResponseWriter, r *http.Request) error {
	f, err := answerFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Gateway.ListAnswers(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

// apiWarningAnswers lists the answers to one 通告 that the caller may see.
func (s *Server) apiWarningAnswers(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := answerFilter(r)
	if err != nil {
		return err
	}
	if _, err := s.Warnings.Get(r.Context(), actorOf(r), id); err != nil {
		return err // a warning the caller may not see is no warning
	}
	f.WarningID = id
	items, total, err := s.Gateway.ListAnswers(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiAnswerFile(w http.ResponseWriter, r *http.Request) error {
	var in gateway.AnswerInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Gateway.Answer(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiAnswerGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Gateway.GetAnswer(r.Context(), actorOf(r), id))
}

func (s *Server) apiAnswerReview(w http.ResponseWriter, r *http.Request) error {
	var in gateway.Review
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Gateway.ReviewAnswer(r.Context(), actorOf(r), id, in))
}

func (s *Server) apiAnswerResubmit(w http.ResponseWriter, r *http.Request) error {
	var in gateway.AnswerInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Gateway.Resubmit(r.Context(), actorOf(r), id, in))
}

// apiAnswerAttach takes one evidence file (multipart field "file").
func (s *Server) apiAnswerAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if !gateway.IsFirm(actorOf(r), risk.PermAnswerFile) {
		return risk.Errorf(risk.ErrForbidden, "只有提交报告的企业可以添加证明材料。 / Only the answering firm adds evidence.")
	}
	name, _, data, err := readAttachment(w, r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Gateway.Attach(r.Context(), actorOf(r), id, name, data))
}

// answerFileGet downloads an evidence file, never rendered in our origin.
func (s *Server) answerFileGet(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	att, data, err := s.Gateway.AnswerFile(r.Context(), actorOf(r), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", urlPathEscape(att.Name)))
	w.Header().Set("X-Content-SHA256", att.SHA256)
	_, err = w.Write(data)
	return err
}

// declarationFilter reads a self-declaration list's filter.
func declarationFilter(r *http.Request) (gateway.DeclarationFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := gateway.DeclarationFilter{Status: gateway.Status(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiSelfDeclList(w http.ResponseWriter, r *http.Request) error {
	f, err := declarationFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Gateway.ListDeclarations(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiSelfDeclFile(w http.ResponseWriter, r *http.Request) error {
	var in gateway.DeclarationInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Gateway.Declare(r.Context(), actorOf(r), in))
}

func (s *Server) apiSelfDeclGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Gateway.GetDeclaration(r.Context(), actorOf(r), id))
}

func (s *Server) apiSelfDeclReview(w http.ResponseWriter, r *http.Request) error {
	var in gateway.Review
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Gateway.ReviewDeclaration(r.Context(), actorOf(r), id, in))
}
