package web

import (
	"errors"
	"io"
	"net/http"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
	"riskgate/internal/tbt"
)

// tbtFilter reads a notification search from the query string.
func tbtFilter(r *http.Request) (tbt.Filter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := tbt.Filter{Agreement: tbt.Agreement(q.Get("agreement")), Member: q.Get("member"), HSPrefix: q.Get("hs"),
		Later: q.Get("later") == "1" || q.Get("later") == "true"}
	if q.Get("due") == "1" || q.Get("due") == "true" {
		f.DeadlineFrom, f.DeadlineTo, f.Unsent = "today", "soon", true
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

// due turns the "due" shorthand into the dates of the workbench's queue.
func (s *Server) due(f *tbt.Filter) {
	if f.DeadlineFrom == "today" {
		now := s.Now()
		f.DeadlineFrom, f.DeadlineTo = tbt.Today(now), tbt.Today(now.AddDate(0, 0, tbt.QueueDays))
	}
}

func (s *Server) apiTBTList(w http.ResponseWriter, r *http.Request) error {
	f, err := tbtFilter(r)
	if err != nil {
		return err
	}
	s.due(&f)
	items, total, err := s.TBT.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiTBTCreate(w http.ResponseWriter, r *http.Request) error {
	var in tbt.Input
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.TBT.Create(r.Context(), actorOf(r), in))
}

func (s *Server) apiTBTGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.TBT.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiTBTImpact(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.TBT.Impact(r.Context(), actorOf(r), id))
}

func (s *Server) apiTBTComment(w http.ResponseWriter, r *http.Request) error {
	var in tbt.CommentInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	action := "draft"
	if strings.HasSuffix(r.URL.Path, "/send") {
		action = "send"
	}
	return respond(w, http.StatusOK)(s.TBT.Comment(r.Context(), actorOf(r), id, action, in))
}

// readTBTImport reads an uploaded ePing-layout file.
func readTBTImport(w http.ResponseWriter, r *http.Request) (*tbt.Parsed, string, error) {
	var p *tbt.Parsed
	name, err := withUpload(w, r, func(rd io.Reader, f tabular.Format) error {
		var err error
		p, err = tbt.Parse(rd, f)
		return err
	})
	return p, name, err
}

func (s *Server) apiTBTImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !tbt.CanWrite(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权导入 TBT/SPS 通报。 / Not allowed to import TBT/SPS notifications.")
	}
	parsed, _, err := readTBTImport(w, r)
	if err != nil {
		return err
	}
	res, err := s.TBT.Import(r.Context(), actorOf(r), parsed)
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

func (s *Server) apiTBTSubscriptions(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	subs, err := s.TBT.Subscriptions(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": subs})
	return nil
}

func (s *Server) apiTBTSubscribe(w http.ResponseWriter, r *http.Request) error {
	var in tbt.SubscriptionInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.TBT.Subscribe(r.Context(), actorOf(r), in))
}

func (s *Server) apiTBTUnsubscribe(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := s.TBT.Unsubscribe(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiTBTStudies(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := tbt.StudyFilter{Status: tbt.StudyStatus(q.Get("status"))}
	if n := q.Get("notification"); n != "" {
		id, err := risk.ParseID(n)
		if err != nil {
			v.Add("notification", "通报编号无效。", "notification must be an ID.")
		}
		f.NotificationID = id
	}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.TBT.Studies(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiTBTStudyOpen(w http.ResponseWriter, r *http.Request) error {
	var in tbt.StudyInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.TBT.OpenStudy(r.Context(), actorOf(r), in))
}

func (s *Server) apiTBTStudy(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.TBT.Study(r.Context(), actorOf(r), id))
}

// apiTBTStudyUpdate records findings and guidance (PUT) or publishes the
// guidance (POST …/publish).
func (s *Server) apiTBTStudyUpdate(w http.ResponseWriter, r *http.Request) error {
	var in tbt.StudyUpdate
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	action := "record"
	if r.Method == http.MethodPost {
		action = "publish"
	}
	return respond(w, http.StatusOK)(s.TBT.UpdateStudy(r.Context(), actorOf(r), id, action, in))
}
