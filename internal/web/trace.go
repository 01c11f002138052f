package web

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// tracePage looks a lot (or any EPC) up and shows its forward or backward
// trace: the items reached with their paths, the parties and the events.
type tracePage struct {
	Page
	ID, From, To string
	Direction    trace.Direction
	Directions   []trace.Direction
	Result       *trace.Result
	Items        []traceItemView
	Events       []traceEventView
	CanExport    bool
}

type traceItemView struct {
	ID   string
	Path []tracePathView
}

type tracePathView struct {
	ID       string
	Relation trace.Relation
}

type traceEventView struct {
	*trace.EventSummary
	EventType trace.EventType
	Step      trace.BizStep
	Items     []traceRefView
}

type traceRefView struct {
	ID   string
	Role trace.Role
	Qty  string
}

func (s *Server) traceLookup(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if !trace.CanTrace(a) {
		return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual("无权进行追溯查询。", "Not allowed to trace."))
	}
	q := r.URL.Query()
	p := tracePage{Page: s.page(r, "全链条追溯", "Traceability"), ID: strings.TrimSpace(q.Get("id")), From: q.Get("from"), To: q.Get("to"),
		Direction: trace.Forward, Directions: []trace.Direction{trace.Forward, trace.Backward}, CanExport: trace.CanTrace(a)}
	if q.Get("direction") == string(trace.Backward) {
		p.Direction = trace.Backward
	}
	if p.ID == "" {
		return s.render(w, r, http.StatusOK, "trace.html", p)
	}
	in, err := traceInput(r)
	if err == nil {
		p.Result, err = s.Trace.Trace(r.Context(), a, p.Direction, in)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		p.Error = p.Pick(e.Message)
		return s.render(w, r, statusOf(err), "trace.html", p)
	}
	for _, it := range p.Result.Items {
		v := traceItemView{ID: it}
		for _, st := range p.Result.Paths[it] {
			v.Path = append(v.Path, tracePathView{ID: st.ID, Relation: st.Relation})
		}
		p.Items = append(p.Items, v)
	}
	for _, e := range p.Result.Events {
		v := traceEventView{EventSummary: e, EventType: trace.EventType(e.Type), Step: trace.BizStep(e.BizStep)}
		for _, ref := range e.Items {
			rv := traceRefView{ID: ref.ID, Role: trace.Role(ref.Role)}
			if ref.Quantity != nil {
				rv.Qty = strings.TrimSpace(formatQty(*ref.Quantity) + " " + ref.UOM)
			}
			v.Items = append(v.Items, rv)
		}
		p.Events = append(p.Events, v)
	}
	return s.render(w, r, http.StatusOK, "trace.html", p)
}

// formatQty writes a quantity without trailing zeros.
func formatQty(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// traceCapturePage is /trace/capture: an EPCIS document uploaded from the
// browser (its progress shown by static/trace_capture.js where scripts
// run), and what the capture found.
type traceCapturePage struct {
	Page
	Form
	File   string
	Result *trace.CaptureResult
	MaxMiB int64
}

func (s *Server) traceCaptureView(r *http.Request) traceCapturePage {
	return traceCapturePage{Page: s.page(r, "上传追溯事件（EPCIS 文档）", "Upload traceability events (EPCIS document)"), MaxMiB: maxStreamCapture >> 20}
}

// traceCapture is the upload form.
func (s *Server) traceCapture(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !trace.CanCapture(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual("无权采集追溯事件。", "Not allowed to capture traceability events."))
	}
	return s.render(w, r, http.StatusOK, "trace_capture.html", s.traceCaptureView(r))
}

// traceCapturePost captures the uploaded document: JSON-LD as a stream,
// the XML binding read whole (at most trace.MaxDocument).
func (s *Server) traceCapturePost(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p := s.traceCaptureView(r)
	res, name, err := s.captureUpload(w, r)
	p.File = name
	if err != nil {
		f, ok := formErrorOf(p.Page, err, formLabels{"file": {"", "EPCIS 文档", "EPCIS document"}, "body": {"file", "EPCIS 文档", "EPCIS document"},
			"@context": {"file", "EPCIS 文档", "EPCIS document"}})
		if !ok {
			return err
		}
		p.Form = f
		return s.render(w, r, statusOf(err), "trace_capture.html", p)
	}
	p.Result = res
	p.Flash = p.T("已采集。", "Captured.")
	return s.render(w, r, http.StatusCreated, "trace_capture.html", p)
}

func (s *Server) captureUpload(w http.ResponseWriter, r *http.Request) (*trace.CaptureResult, string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", risk.Invalid("file", "请选择要上传的 EPCIS 文档。", "choose the EPCIS document to upload.")
	}
	csrf := ""
	for {
		part, err := mr.NextPart()
		if err != nil {
			return nil, "", risk.Invalid("file", "请选择要上传的 EPCIS 文档。", "choose the EPCIS document to upload.")
		}
		if part.FormName() == "csrf" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			csrf = string(b)
			continue
		}
		if part.FormName() != "file" {
			continue
		}
		// The form puts its CSRF token before the file: check it before
		// reading a byte of the upload.
		if err := checkUploadCSRF(r, csrf); err != nil {
			return nil, "", err
		}
		name := part.FileName()
		if name == "" {
			return nil, "", risk.Invalid("file", "请选择要上传的 EPCIS 文档。", "choose the EPCIS document to upload.")
		}
		if strings.HasSuffix(strings.ToLower(name), ".xml") {
			b, err := io.ReadAll(io.LimitReader(part, trace.MaxDocument+1))
			if err != nil {
				return nil, name, err
			}
			if len(b) > trace.MaxDocument {
				return nil, name, tooLarge("file", trace.MaxDocument)
			}
			res, err := s.Trace.CaptureXML(r.Context(), actorOf(r), b)
			return res, name, err
		}
		res, err := s.captureStream(w, r, part)
		if e, ok := risk.AsError(err); ok && errors.Is(err, risk.ErrTooLarge) {
			e.Field = "file"
		}
		return res, name, err
	}
}
