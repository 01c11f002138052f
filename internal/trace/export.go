package trace

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/epcis"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// ExportInput selects the events of a 24-hour export: a lot (or any
// identifier: the events of its whole chain, forward and backward), a
// product (a GTIN: the events naming any of its lots or instances), a time
// range, or a combination.
type ExportInput struct {
	Lot      string
	Product  string
	From, To time.Time
}

// MaxExportEvents bounds one export.
const MaxExportEvents = 50000

// Column is a column of the export: its heading in Chinese and English.
type Column struct{ Zh, En string }

// ExportColumns are the key data elements of FSMA 204 (21 CFR 1.1455(c)(3):
// the traceability lot code, product, quantity and unit, location, date and
// the reference documents) as columns, one row per critical tracking event
// and identifier it names.
var ExportColumns = []Column{
	{"可追溯批次代码", "Traceability lot code"}, {"产品（GTIN）", "Product (GTIN)"}, {"数量", "Quantity"}, {"单位", "Unit of measure"},
	{"关键追溯事件", "Critical tracking event"}, {"业务步骤", "Business step"}, {"地点", "Location"}, {"日期", "Date"}, {"时间", "Time"},
	{"来源", "Source"}, {"去向", "Destination"}, {"参考单证", "Reference documents"}, {"事件编号", "Event ID"},
}

// Export returns the rows of the sortable spreadsheet, sorted by date and
// time, then lot code.
func (s *Service) Export(ctx context.Context, a risk.Actor, in ExportInput) ([][]string, error) {
	if !CanTrace(a) {
		return nil, forbidden("无权导出追溯记录。", "Not allowed to export traceability records.")
	}
	var v risk.Validation
	var ids []int64
	switch {
	case in.Lot == "" && in.Product == "" && in.From.IsZero():
		v.Add("lot", "请给出批次、产品或起始日期。", "give a lot, a product or a start date.")
	case in.Lot != "":
		e, err := ident.ParseEPC("lot", in.Lot)
		v.AddErr("lot", err)
		if err != nil {
			break
		}
		start, err := s.Store.Item(ctx, e.Key)
		if err != nil {
			return nil, err
		}
		seen := map[int64]bool{}
		for _, d := range []Direction{Forward, Backward} {
			w, err := s.walk(ctx, d, start, Window{From: in.From, To: in.To})
			if err != nil {
				return nil, err
			}
			for _, id := range w.Events {
				if !seen[id] {
					seen[id] = true
					ids = append(ids, id)
				}
			}
		}
	}
	if in.Lot == "" && (in.Product != "" || !in.From.IsZero()) {
		var ms []Match
		if in.Product != "" {
			g, err := ident.ParseGTIN(in.Product)
			v.AddErr("product", err)
			ms = append(ms, Match{Key: "https://id.gs1.org/01/" + string(g.Normalize14()), Prefix: true})
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		var err error
		if ids, err = s.Store.Naming(ctx, ms, in.From, in.To, MaxExportEvents+1); err != nil {
			return nil, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if len(ids) > MaxExportEvents {
		return nil, risk.Invalid("to", fmt.Sprintf("超过 %d 个事件，请缩小日期范围。", MaxExportEvents), fmt.Sprintf("more than %d events: narrow the dates.", MaxExportEvents))
	}
	evs, err := s.Store.Summaries(ctx, ids)
	if err != nil {
		return nil, err
	}
	return Rows(evs), nil
}

// Rows makes the export's rows of events: one per event and identifier.
func Rows(evs []*EventSummary) [][]string {
	var rows [][]string
	for _, e := range evs {
		zone := time.UTC
		if t, err := time.Parse("-07:00", e.TimeZoneOffset); err == nil {
			zone = t.Location()
		}
		at := e.EventTime.In(zone)
		loc := e.BizLocation
		if loc == "" {
			loc = e.ReadPoint
		}
		var docs []string
		for _, bt := range e.BizTransactions {
			if bt.Type != "" {
				docs = append(docs, bt.Type+": "+bt.ID)
			} else {
				docs = append(docs, bt.ID)
			}
		}
		cteZh, cteEn := CTE(e)
		for _, it := range e.Items {
			qty := ""
			if it.Quantity != nil {
				qty = strconv.FormatFloat(*it.Quantity, 'f', -1, 64)
			}
			rows = append(rows, []string{it.ID, gtinOf(it.ID), qty, it.UOM, cteZh + " " + cteEn, e.BizStep, loc,
				at.Format("2006-01-02"), at.Format("15:04:05") + " " + e.TimeZoneOffset, strings.Join(e.Sources, "; "),
				strings.Join(e.Destinations, "; "), strings.Join(docs, "; "), e.EventID})
		}
	}
	slices.SortStableFunc(rows, func(a, b []string) int {
		if c := strings.Compare(a[7]+a[8], b[7]+b[8]); c != 0 {
			return c
		}
		return strings.Compare(a[0], b[0])
	})
	return rows
}

// gtinOf returns the GTIN inside an SGTIN, LGTIN or pattern, else "".
func gtinOf(id string) string {
	e, err := ident.ParseEPC("id", id)
	if err != nil {
		return ""
	}
	if rest, ok := strings.CutPrefix(e.Key, "https://id.gs1.org/01/"); ok {
		return rest[:14]
	}
	return ""
}

// CTE names the critical tracking event an EPCIS event records (FSMA 204's
// harvesting, cooling, initial packing, first land-based receiving,
// shipping, receiving and transformation, by business step and type).
func CTE(e *EventSummary) (zh, en string) {
	switch {
	case e.Type == epcis.TransformationEvent:
		return "加工转化", "transformation"
	case e.BizStep == "shipping" || e.BizStep == "departing":
		return "发运", "shipping"
	case e.BizStep == "receiving" || e.BizStep == "arriving" || e.BizStep == "accepting":
		return "接收", "receiving"
	case e.BizStep == "commissioning" || e.BizStep == "creating_class_instance":
		return "生产赋码", "creation"
	case e.BizStep == "packing" || e.Type == epcis.AggregationEvent && e.Action == "ADD":
		return "包装组托", "packing"
	case e.BizStep == "unpacking" || e.Type == epcis.AggregationEvent && e.Action == "DELETE":
		return "拆托", "unpacking"
	}
	return "其他", "other"
}

// ParseWhen reads a bound of a time window: RFC 3339, or a date (the start
// of that day, China time). field names it in errors.
func ParseWhen(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, risk.China); err == nil {
		return t.UTC(), nil
	}
	t, err := epcis.ParseTime(s)
	if err != nil {
		return time.Time{}, risk.Invalid(field, field+" 应为日期（2026-03-01）或带时区的时间。", field+" must be a date (2026-03-01) or a date-time with offset.")
	}
	return t.UTC(), nil
}
