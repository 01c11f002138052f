package web

import (
	"bytes"
	"net/http"

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
	st, err := s.Screening.Get(r.Context(), actorOf(r), r.PathValue("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
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
	out, err := s.Screening.Rates(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
