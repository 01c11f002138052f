package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
	"riskgate/internal/trace"
)

// The EPCIS 2.0 REST binding's two resources riskgate serves (capture and
// the events query) sit at /epcis/, as the standard names them; the trace
// and the export are riskgate's own API under /api/v1/trace/.

// apiEPCISCapture takes an EPCISDocument (application/ld+json or
// application/json; the XML binding as application/xml or text/xml) and
// writes its events all or nothing: read whole up to trace.MaxDocument
// bytes, a larger (or unsized) JSON-LD one as a stream up to
// trace.MaxStreamDocument.
func (s *Server) apiEPCISCapture(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	capture := s.Trace.Capture
	switch {
	case err == nil && (mt == "application/ld+json" || mt == "application/json"):
	case err == nil && (mt == "application/xml" || mt == "text/xml"):
		capture = s.Trace.CaptureXML
	default:
		return &risk.Error{Kind: risk.ErrUnsupportedMedia, Field: "Content-Type", Message: risk.Bilingual(
			"EPCIS 文档须为 JSON-LD 或 XML：Content-Type 应为 application/ld+json、application/json 或 application/xml。",
			"an EPCIS document must be JSON-LD or XML: send Content-Type application/ld+json, application/json or application/xml.")}
	}
	var res *trace.CaptureResult
	if mt != "application/xml" && mt != "text/xml" && (r.ContentLength < 0 || r.ContentLength > trace.MaxDocument) {
		// A large (or unsized) JSON-LD document is read as a stream.
		res, err = s.captureStream(w, r, r.Body)
	} else {
		var b []byte
		if b, err = readBody(w, r, trace.MaxDocument); err == nil {
			res, err = capture(r.Context(), actorOf(r), b)
		}
	}
	if err != nil {
		return err
	}
	w.Header().Set("GS1-EPCIS-Version", "2.0.0")
	writeJSON(w, http.StatusCreated, res)
	return nil
}

// maxStreamCapture is the largest capture body read as a stream (a
// variable so that tests can lower it).
var maxStreamCapture int64 = trace.MaxStreamDocument

// captureStream captures the JSON-LD document body as a stream, at most
// maxStreamCapture bytes.
func (s *Server) captureStream(w http.ResponseWriter, r *http.Request, body io.Reader) (*trace.CaptureResult, error) {
	if r.ContentLength > maxStreamCapture {
		return nil, tooLarge("body", maxStreamCapture)
	}
	lr := &limitedBody{r: io.LimitReader(body, maxStreamCapture+1), limit: maxStreamCapture}
	res, err := s.Trace.CaptureStream(r.Context(), actorOf(r), lr)
	if lr.over {
		return nil, tooLarge("body", maxStreamCapture)
	}
	return res, err
}

// limitedBody reads at most limit bytes, and remembers when there were more.
type limitedBody struct {
	r     io.Reader
	n     int64
	limit int64
	over  bool
}

func (l *limitedBody) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		l.over = true
		return 0, errors.New("body over its limit")
	}
	return n, err
}

// epcisContext is the standard JSON-LD context of query documents.
const epcisContext = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// epcisQueryDocument is the answer of the events query (EPCIS 2.0 §12.6).
type epcisQueryDocument struct {
	Context       []string `json:"@context"`
	Type          string   `json:"type"`
	SchemaVersion string   `json:"schemaVersion"`
	CreationDate  string   `json:"creationDate"`
	Body          struct {
		QueryResults struct {
			QueryName   string `json:"queryName"`
			ResultsBody struct {
				EventList []json.RawMessage `json:"eventList"`
			} `json:"resultsBody"`
		} `json:"queryResults"`
	} `json:"epcisBody"`
}

// apiEPCISEvents answers a SimpleEventQuery given as query parameters,
// one page at a time: the next page's link in the Link header (rel="next",
// with nextPageToken), as the REST binding pages.
func (s *Server) apiEPCISEvents(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	page, err := s.Trace.Events(r.Context(), actorOf(r), trace.QueryInput(q))
	if err != nil {
		return err
	}
	var doc epcisQueryDocument
	doc.Context = []string{epcisContext}
	doc.Type, doc.SchemaVersion = "EPCISQueryDocument", "2.0"
	doc.CreationDate = s.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	doc.Body.QueryResults.QueryName = "SimpleEventQuery"
	doc.Body.QueryResults.ResultsBody.EventList = page.Events
	if doc.Body.QueryResults.ResultsBody.EventList == nil {
		doc.Body.QueryResults.ResultsBody.EventList = []json.RawMessage{}
	}
	if page.Next != "" {
		next := url.Values{}
		for k, v := range q {
			if k != "nextPageToken" {
				next[k] = v
			}
		}
		next.Set("nextPageToken", page.Next)
		w.Header().Set("Link", fmt.Sprintf(`</epcis/events?%s>; rel="next"`, next.Encode()))
	}
	w.Header().Set("GS1-EPCIS-Version", "2.0.0")
	w.Header().Set("Content-Type", "application/ld+json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(doc)
}

// traceInput reads a trace's parameters: id, from, to (dates or RFC 3339)
// and max_items.
func traceInput(r *http.Request) (trace.TraceInput, error) {
	q := r.URL.Query()
	var v risk.Validation
	in := trace.TraceInput{ID: strings.TrimSpace(q.Get("id"))}
	if in.ID == "" {
		v.Add("id", "请给出要追溯的标识（EPC、批次）。", "give the identifier to trace (an EPC, a lot).")
	}
	var err error
	in.From, err = trace.ParseWhen("from", q.Get("from"))
	v.AddErr("from", err)
	in.To, err = trace.ParseWhen("to", q.Get("to"))
	v.AddErr("to", err)
	if s := q.Get("max_items"); s != "" {
		if in.MaxItems, err = strconv.Atoi(s); err != nil || in.MaxItems < 1 {
			v.Add("max_items", "max_items 应为正整数。", "max_items must be a positive whole number.")
		}
	}
	return in, v.Err()
}

func (s *Server) apiTraceForward(w http.ResponseWriter, r *http.Request) error {
	return s.apiTrace(w, r, trace.Forward)
}

func (s *Server) apiTraceBackward(w http.ResponseWriter, r *http.Request) error {
	return s.apiTrace(w, r, trace.Backward)
}

func (s *Server) apiTrace(w http.ResponseWriter, r *http.Request, d trace.Direction) error {
	in, err := traceInput(r)
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Trace.Trace(r.Context(), actorOf(r), d, in))
}

// apiTraceExport writes the 24-hour spreadsheet (format csv or xlsx) of a
// lot, a product (GTIN) or a date range.
func (s *Server) apiTraceExport(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	in := trace.ExportInput{Lot: strings.TrimSpace(q.Get("lot")), Product: strings.TrimSpace(q.Get("product"))}
	var err error
	in.From, err = trace.ParseWhen("from", q.Get("from"))
	v.AddErr("from", err)
	in.To, err = trace.ParseWhen("to", q.Get("to"))
	v.AddErr("to", err)
	format := q.Get("format")
	if format == "" {
		format = "csv"
	}
	if format != "csv" && format != "xlsx" {
		v.Add("format", "format 应为 csv 或 xlsx。", "format must be csv or xlsx.")
	}
	if err := v.Err(); err != nil {
		return err
	}
	rows, err := s.Trace.Export(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return writeTraceExport(w, rows, format, s.Now())
}

func writeTraceExport(w http.ResponseWriter, rows [][]string, format string, now time.Time) error {
	cols := make([]tabular.Column, len(trace.ExportColumns))
	for i, c := range trace.ExportColumns {
		cols[i] = tabular.Column{Zh: c.Zh, En: c.En}
	}
	var buf bytes.Buffer
	name := "trace-" + now.In(risk.China).Format("20060102-1504") + "." + format
	if format == "csv" {
		if err := tabular.WriteCSV(&buf, cols, rows); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		help := []tabular.Help{{Title: "导出 Export", Rows: [][]string{
			{"依据 Basis", "FSMA 204 可排序电子表格 / FSMA 204 sortable spreadsheet (21 CFR 1.1455(c)(3))"},
			{"生成时间 Generated", now.In(risk.China).Format("2006-01-02 15:04:05 -07:00")},
			{"行数 Rows", strconv.Itoa(len(rows))},
		}}}
		if err := tabular.WriteXLSX(&buf, "追溯 Trace", cols, rows, help); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, err := w.Write(buf.Bytes())
	return err
}

// scopeRequest is the body of the actions that turn a trace into scope.
type scopeRequest struct {
	ID        string          `json:"id"`
	Direction trace.Direction `json:"direction"` // forward (default) or backward
	From      string          `json:"from"`
	To        string          `json:"to"`
	MaxItems  int             `json:"max_items"`
	Type      string          `json:"type"` // a warning's measure type (default trace-investigation)
	Rev       int             `json:"rev"`  // a recall's revision
}

func (q scopeRequest) input() (trace.ScopeInput, error) {
	var v risk.Validation
	in := trace.ScopeInput{TraceInput: trace.TraceInput{ID: strings.TrimSpace(q.ID), MaxItems: q.MaxItems}, Direction: q.Direction,
		MeasureType: strings.TrimSpace(q.Type), Rev: q.Rev}
	if in.ID == "" {
		v.Add("id", "请给出要追溯的标识（EPC、批次）。", "give the identifier to trace (an EPC, a lot).")
	}
	var err error
	in.From, err = trace.ParseWhen("from", q.From)
	v.AddErr("from", err)
	in.To, err = trace.ParseWhen("to", q.To)
	v.AddErr("to", err)
	if q.MaxItems < 0 {
		v.Add("max_items", "max_items 应为正整数。", "max_items must be a positive whole number.")
	}
	return in, v.Err()
}

// apiTraceScope is a trace with its places and parties mapped to ports and
// enterprises and the lots it reached (?direction=forward|backward).
func (s *Server) apiTraceScope(w http.ResponseWriter, r *http.Request) error {
	in, err := traceInput(r)
	if err != nil {
		return err
	}
	d := trace.Direction(r.URL.Query().Get("direction"))
	switch d {
	case "":
		d = trace.Forward
	case trace.Forward, trace.Backward:
	default:
		return risk.Invalid("direction", "方向应为 forward（正向）或 backward（逆向）。", "direction must be forward or backward.")
	}
	return respond(w, http.StatusOK)(s.Trace.Scope(r.Context(), actorOf(r), d, in))
}

// apiWarningTraceMeasure plans a measure of the warning scoped to a trace.
func (s *Server) apiWarningTraceMeasure(w http.ResponseWriter, r *http.Request) error {
	var q scopeRequest
	id, err := idAndBody(w, r, &q)
	if err != nil {
		return err
	}
	in, err := q.input()
	if err != nil {
		return err
	}
	m, sc, err := s.Trace.PlanMeasure(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"measure": m, "trace": sc})
	return nil
}

// apiRecallTraceScope adds a trace's lots and distributors to the recall.
func (s *Server) apiRecallTraceScope(w http.ResponseWriter, r *http.Request) error {
	var q scopeRequest
	id, err := idAndBody(w, r, &q)
	if err != nil {
		return err
	}
	in, err := q.input()
	if err != nil {
		return err
	}
	rc, sc, err := s.Trace.ScopeRecall(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"recall": rc, "trace": sc})
	return nil
}

// apiTraceGLNs lists the GLN register.
func (s *Server) apiTraceGLNs(w http.ResponseWriter, r *http.Request) error {
	l, err := s.Trace.GLNs(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	writeItems(w, l)
	return nil
}

// apiTraceGLNMap records what a GLN stands for.
func (s *Server) apiTraceGLNMap(w http.ResponseWriter, r *http.Request) error {
	var in trace.GLNInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Trace.MapGLN(r.Context(), actorOf(r), in))
}

// apiTraceGLNUnmap removes a GLN from the register.
func (s *Server) apiTraceGLNUnmap(w http.ResponseWriter, r *http.Request) error {
	if err := s.Trace.UnmapGLN(r.Context(), actorOf(r), r.PathValue("gln")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
