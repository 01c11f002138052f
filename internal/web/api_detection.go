package web

import (
	"net/http"

	"riskgate/internal/detection"
	"riskgate/internal/risk"
)

func (s *Server) apiDetectors(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if r.Method == http.MethodPost {
		var in detection.Input
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		d, err := s.Detection.Create(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusCreated, d)
		return nil
	}
	ds, err := s.Detection.List(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeItems(w, ds)
	return nil
}

func (s *Server) apiDetector(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPut {
		var in detection.Input
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		d, err := s.Detection.Update(r.Context(), actorOf(r), id, in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, d)
		return nil
	}
	return respond(w, http.StatusOK)(s.Detection.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiDetectorRun(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Detection.Run(r.Context(), actorOf(r), id))
}

func (s *Server) apiDetectorSeries(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Detection.Series(r.Context(), actorOf(r), id, r.URL.Query().Get("group")))
}

func (s *Server) apiDetectionAlarms(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	q := r.URL.Query()
	var v risk.Validation
	f := detection.AlarmFilter{Group: q.Get("group"), Limit: intParam(q.Get("limit"), "limit", &v)}
	f.DetectorID = risk.ID(intParam(q.Get("detector"), "detector", &v))
	if err := v.Err(); err != nil {
		return err
	}
	items, err := s.Detection.Alarms(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}
