package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// maxSignalBody bounds POST /api/v1/signals: a batch of 1,000 signals.
const maxSignalBody = 16 << 20

// signalFilter reads the list filters from the query string.
func signalFilter(r *http.Request) (signal.Filter, error) {
	q := r.URL.Query()
	f := signal.Filter{Text: q.Get("q"), Channel: q.Get("channel"), Status: signal.Status(q.Get("status")), Hazard: q.Get("hazard"), HS: q.Get("hs")}
	var v risk.Validation
	f.CaseID = queryID(q, "case", &v, "case 必须是案件编号。", "case must be a case id.")
	for _, d := range []struct {
		name string
		dst  *time.Time
		add  int
	}{{"since", &f.Since, 0}, {"until", &f.Until, 1}} {
		if s := q.Get(d.name); s != "" {
			t, err := time.ParseInLocation("2006-01-02", s, risk.China)
			if err != nil {
				v.Add(d.name, d.name+" 应为 YYYY-MM-DD 格式的日期。", d.name+" must be a date YYYY-MM-DD.")
			}
			*d.dst = t.AddDate(0, 0, d.add)
		}
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

// decodeSignals reads one signal object or {"items": [...]}.
func decodeSignals(w http.ResponseWriter, r *http.Request) ([]signal.Input, bool, error) {
	if err := requireJSON(r); err != nil {
		return nil, false, err
	}
	body, err := readBody(w, r, maxSignalBody)
	if err != nil {
		return nil, false, err
	}
	if isBatch(body) {
		var batch struct {
			Items []signal.Input `json:"items"`
		}
		if err := strictJSON(body, &batch); err != nil {
			return nil, true, err
		}
		return batch.Items, true, nil
	}
	var one signal.Input
	if err := strictJSON(body, &one); err != nil {
		return nil, false, err
	}
	return []signal.Input{one}, false, nil
}

// isBatch reports whether a JSON body is an object with a member "items"
// (a batch) rather than one item.
func isBatch(body []byte) bool {
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) != nil {
		return false // the item's decoding explains what is wrong
	}
	_, ok := keys["items"]
	return ok
}

func (s *Server) apiSignalCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ins, batch, err := decodeSignals(w, r)
	if err != nil {
		return err
	}
	res, err := s.Signals.Create(r.Context(), actorOf(r), ins)
	if err != nil {
		return err
	}
	if batch {
		n := 0
		for _, x := range res {
			if x.Created {
				n++
			}
		}
		writeJSON(w, http.StatusOK, map[string]any{"items": res, "created": n})
		return nil
	}
	status := http.StatusOK
	if res[0].Created {
		status = http.StatusCreated
		w.Header().Set("Location", fmt.Sprintf("/api/v1/signals/%d", res[0].ID))
	}
	writeJSON(w, status, res[0])
	return nil
}

func (s *Server) apiSignalList(w http.ResponseWriter, r *http.Request) error {
	f, err := signalFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Signals.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiSignalGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Signals.Get(r.Context(), actorOf(r), id))
}

func (s *Server) apiSignalSuggestions(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sugg, err := s.Signals.Suggest(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeItems(w, sugg)
	return nil
}

func (s *Server) apiSignalLink(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		SignalID risk.ID `json:"signal_id"`
		Kind     string  `json:"kind"`
	}
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	if err := s.Signals.Link(r.Context(), actorOf(r), id, in.SignalID, in.Kind); err != nil {
		return err
	}
	links, err := s.Signals.Links(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"items": links})
	return nil
}

func (s *Server) apiSignalTriage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
	}
	switch r.PathValue("action") {
	case "dismiss":
		err = s.Signals.Dismiss(r.Context(), actorOf(r), id, in.Reason)
	case "reopen":
		err = s.Signals.Reopen(r.Context(), actorOf(r), id)
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Signals.Get(r.Context(), actorOf(r), id))
}

// readAttachment reads the "file" part of a multipart upload.
func readAttachment(w http.ResponseWriter, r *http.Request) (name, ctype string, data []byte, err error) {
	r.Body = http.MaxBytesReader(w, r.Body, signal.MaxAttachment+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", "", nil, risk.Invalid("file", "请以 multipart/form-data 上传文件（字段 file）。", "upload the file as multipart/form-data field \"file\".")
	}
	csrf := ""
	for {
		part, err := mr.NextPart()
		if err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return "", "", nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual("附件不能超过 10 MiB。", "an attachment must not exceed 10 MiB.")}
			}
			return "", "", nil, risk.Invalid("file", "缺少文件。", "no file was uploaded.")
		}
		switch part.FormName() {
		case "csrf":
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			csrf = string(b)
		case "file":
			if err := checkUploadCSRF(r, csrf); err != nil {
				return "", "", nil, err
			}
			data, err := io.ReadAll(io.LimitReader(part, signal.MaxAttachment+1))
			if err != nil {
				var mb *http.MaxBytesError
				if errors.As(err, &mb) {
					return "", "", nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual("附件不能超过 10 MiB。", "an attachment must not exceed 10 MiB.")}
				}
				return "", "", nil, risk.Invalid("file", "无法读取文件。", "cannot read the file.")
			}
			return part.FileName(), part.Header.Get("Content-Type"), data, nil
		}
	}
}

func (s *Server) apiSignalAttach(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权添加附件。 / Not allowed to add attachments.")
	}
	name, ctype, data, err := readAttachment(w, r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Signals.AddAttachment(r.Context(), actorOf(r), id, name, ctype, data))
}

func (s *Server) signalAttachmentGet(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	att, data, err := s.Signals.Attachment(r.Context(), actorOf(r), id, aid)
	if err != nil {
		return err
	}
	// Evidence is downloaded, never rendered in our origin.
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename*=UTF-8''%s", urlPathEscape(att.Name)))
	w.Header().Set("X-Content-SHA256", att.SHA256)
	_, err = w.Write(data)
	return err
}

func (s *Server) apiSignalImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入风险信息。 / Not allowed to import signals.")
	}
	parsed, _, err := readSignalImport(w, r)
	if err != nil {
		return err
	}
	res, err := s.Signals.Import(r.Context(), actorOf(r), parsed)
	if err != nil {
		if e, ok := risk.AsError(err); ok && res != nil && statusOf(err) == http.StatusBadRequest {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": apiErrorBody{Code: "invalid", Field: e.Field, Message: e.Message}, "result": res})
			return nil
		}
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
