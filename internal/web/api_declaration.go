package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// maxDeclarationBody bounds POST /api/v1/declarations/screen: a batch of
// 1,000 declarations.
const maxDeclarationBody = 32 << 20

// apiScreen screens one declaration object, or {"items": [...]}, and
// answers in the same shape: one result, or {"items": [results]}.
func (s *Server) apiScreen(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := requireJSON(r); err != nil {
		return err
	}
	body, err := readBody(w, r, maxDeclarationBody)
	if err != nil {
		return err
	}
	var ds []screening.Declaration
	batch := isBatch(body)
	if batch {
		var in struct {
			Items []screening.Declaration `json:"items"`
		}
		if err := strictJSON(body, &in); err != nil {
			return err
		}
		ds = in.Items
	} else {
		var d screening.Declaration
		if err := strictJSON(body, &d); err != nil {
			return err
		}
		ds = []screening.Declaration{d}
	}
	res, err := s.Screening.Screen(r.Context(), actorOf(r), ds)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	var buf bytes.Buffer
	if batch {
		buf.WriteString(`{"items":[`)
		for i, x := range res {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(screening.Encode(x))
		}
		buf.WriteString("]}\n")
	} else {
		buf.Write(screening.Encode(res[0]))
		buf.WriteByte('\n')
	}
	_, err = buf.WriteTo(w)
	return err
}

func (s *Server) apiDeclarationGet(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Screening.Get(r.Context(), actorOf(r), r.PathValue("number")))
}

func (s *Server) apiCreditRates(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if r.Method == http.MethodPut {
		var in map[string]float64
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		out, err := s.Screening.SetRates(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	return respond(w, http.StatusOK)(s.Screening.Rates(r.Context(), actorOf(r)))
}

// lineResultIn is a result recorded against a declaration line.
type lineResultIn struct {
	Kind        string    `json:"kind"`
	Result      string    `json:"result"`
	Findings    string    `json:"findings"`
	InspectedAt time.Time `json:"inspected_at"`
}

// lineCorrectionIn corrects the current result of a line's kind.
type lineCorrectionIn struct {
	lineResultIn
	Corrects risk.ID `json:"corrects"`
	Reason   string  `json:"reason"`
}

// apiLineResult records the result of a kind on a declaration line, once:
// 201 when recorded, 200 when the same result was recorded before, 409
// when a different one was (change it by a correction).
func (s *Server) apiLineResult(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var body lineResultIn
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ref, in, err := s.lineInput(r)
	in.Kind, in.Result, in.Findings, in.InspectedAt = body.Kind, body.Result, body.Findings, body.InspectedAt
	var x *inspection.Inspection
	var created bool
	switch {
	case err == nil:
		x, created, err = s.Inspections.RecordLine(r.Context(), actorOf(r), ref, in)
	case s.Inspections.Contingency.Outage(r.Context(), err):
		x, created, err = s.Inspections.HoldLine(actorOf(r), ref, in)
	}
	if err != nil {
		return err
	}
	status := http.StatusOK
	switch {
	case x.Pending:
		// Held in contingency: accepted, stored when the database is back.
		status = http.StatusAccepted
	case created:
		status = http.StatusCreated
		w.Header().Set("Location", fmt.Sprintf("/api/v1/inspections/%d", x.ID))
	}
	writeJSON(w, status, x)
	return nil
}

// apiLineCorrection corrects the current result of a kind on a line, with
// a reason; the earlier result stays as history.
func (s *Server) apiLineCorrection(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var body lineCorrectionIn
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	ref, in, err := s.lineInput(r)
	if s.Inspections.Contingency.Outage(r.Context(), err) {
		return inspection.ErrNoCorrection
	}
	if err != nil {
		return err
	}
	in.Kind, in.Result, in.Findings, in.InspectedAt = body.Kind, body.Result, body.Findings, body.InspectedAt
	x, err := s.Inspections.CorrectLine(r.Context(), actorOf(r), ref, in, body.Corrects, body.Reason)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/inspections/%d", x.ID))
	writeJSON(w, http.StatusCreated, x)
	return nil
}

// lineResultOut is a recorded result with the line it belongs to.
type lineResultOut struct {
	Line int `json:"line"`
	*inspection.Inspection
}

// apiDeclarationResults lists the results recorded against a declaration's
// lines, corrections and superseded results included, oldest first.
func (s *Server) apiDeclarationResults(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	d, err := s.Screening.Get(ctx, a, r.PathValue("number"))
	if err != nil {
		return err
	}
	xs, err := s.Inspections.LineResults(ctx, a, d.Declaration.Number, len(d.Declaration.Lines))
	if err != nil {
		return err
	}
	items := []lineResultOut{}
	for _, x := range xs {
		_, n, _ := strings.Cut(x.DeclarationRef, "#")
		line, _ := strconv.Atoi(n)
		items = append(items, lineResultOut{Line: line, Inspection: x})
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

func (s *Server) apiScreeningStats(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	var v risk.Validation
	days := intParam(r.URL.Query().Get("days"), "days", &v)
	if err := v.Err(); err != nil {
		return err
	}
	if days == 0 {
		days = 30
	}
	return respond(w, http.StatusOK)(s.Screening.Statistics(r.Context(), actorOf(r), days))
}

func (s *Server) apiQueue(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := queueFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Screening.Queue(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []screening.Summary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items, "total": total})
	return nil
}
