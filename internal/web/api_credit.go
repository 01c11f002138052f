package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"

	"riskgate/internal/credit"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// creditEventFilter reads an event list's filter from the query string.
func creditEventFilter(r *http.Request) (credit.EventFilter, error) {
	q := r.URL.Query()
	var v risk.Validation
	f := credit.EventFilter{Status: credit.EventStatus(q.Get("status")), Kind: q.Get("kind"), Severity: credit.Severity(q.Get("severity")),
		Source: credit.Source(q.Get("source"))}
	if e := q.Get("enterprise"); e != "" {
		id, err := risk.ParseID(e)
		if err != nil {
			v.Add("enterprise", "企业编号无效。", "enterprise must be an ID.")
		}
		f.EnterpriseID = id
	}
	f.Offset, f.Limit = paging(q, &v)
	return f, v.Err()
}

func (s *Server) apiCreditEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := creditEventFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Credit.Events(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

// creditRecorded is what recording an event answers: the event, and the
// tier change it caused (null when the tier stayed).
type creditRecorded struct {
	*credit.Event
	TierChange *credit.Change `json:"tier_change"`
}

func (s *Server) apiCreditEventCreate(w http.ResponseWriter, r *http.Request) error {
	var in credit.EventInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	in.Source, in.SourceID = credit.FromManual, 0 // other sources are the domains' own
	ev, ch, err := s.Credit.Record(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, creditRecorded{Event: ev, TierChange: ch})
	return nil
}

func (s *Server) apiCreditEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Credit.Event(r.Context(), actorOf(r), id))
}

func (s *Server) apiCreditEventWithdraw(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	ev, ch, err := s.Credit.Withdraw(r.Context(), actorOf(r), id, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, creditRecorded{Event: ev, TierChange: ch})
	return nil
}

func (s *Server) apiCreditFirm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Credit.Profile(r.Context(), actorOf(r), id))
}

func (s *Server) apiCreditDecision(w http.ResponseWriter, r *http.Request) error {
	var in credit.DecisionInput
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	f, ch, err := s.Credit.Decide(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*credit.Firm
		TierChange *credit.Change `json:"tier_change"`
	}{f, ch})
	return nil
}

func (s *Server) apiCreditRules(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	if r.Method == http.MethodPut {
		var in credit.Rules
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		return respond(w, http.StatusOK)(s.Credit.SetRules(r.Context(), a, in))
	}
	if !credit.CanRead(a) || !a.IsOfficial() {
		return risk.Errorf(risk.ErrForbidden, "无权查看信用规则。 / Not allowed to read the credit rules.")
	}
	return respond(w, http.StatusOK)(s.Credit.Rules(r.Context()))
}

func (s *Server) apiCreditRepairs(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v risk.Validation
	f := credit.RepairFilter{Status: credit.RepairStatus(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Credit.Repairs(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	return writeList(w, items, total, f.Paging)
}

func (s *Server) apiCreditRepairApply(w http.ResponseWriter, r *http.Request) error {
	var in credit.RepairInput
	if err := decodeJSON(w, r, &in); err != nil {
		return err
	}
	return respond(w, http.StatusCreated)(s.Credit.ApplyRepair(r.Context(), actorOf(r), in))
}

func (s *Server) apiCreditRepair(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Credit.Repair(r.Context(), actorOf(r), id))
}

func (s *Server) apiCreditRepairReview(w http.ResponseWriter, r *http.Request) error {
	var in credit.RepairReview
	id, err := idAndBody(w, r, &in)
	if err != nil {
		return err
	}
	rep, ch, err := s.Credit.ReviewRepair(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, struct {
		*credit.Repair
		TierChange *credit.Change `json:"tier_change"`
	}{rep, ch})
	return nil
}

// creditListColumns is the documented layout of a list's export
// (docs/CREDIT.md).
var creditListColumns = []tabular.Column{
	{Field: "uscc", Zh: "统一社会信用代码", En: "USCC", Hint: "18 位，GB 32100-2015"},
	{Field: "name", Zh: "企业名称", En: "Name"},
	{Field: "tier", Zh: "信用等级代码", En: "Tier code", Hint: "advanced, certified, routine, dishonest, seriously-dishonest"},
	{Field: "tier_name", Zh: "信用等级", En: "Tier"},
	{Field: "since", Zh: "认定日期", En: "Since", Hint: "YYYY-MM-DD"},
	{Field: "change", Zh: "变更代码", En: "Change code", Hint: "与上次导出相比：added 新增、changed 变更、removed 移出、空 未变 / against the last export: added, changed, removed, empty unchanged"},
	{Field: "change_name", Zh: "变更", En: "Change"},
}

// creditListRows are a delta's rows in the export layout.
func creditListRows(d *credit.Delta, tierName func(string) [2]string) [][]string {
	rows := make([][]string, 0, len(d.Items))
	for _, it := range d.Items {
		tn := tierName(it.Tier)
		czh, cen := credit.ChangeName(it.Change)
		rows = append(rows, []string{it.USCC, it.Name, it.Tier, tn[0] + " " + tn[1], it.Since, it.Change, czh + " " + cen})
	}
	return rows
}

// apiCreditList answers a list as JSON, or, with ?format=csv|xlsx, the
// export file marked against the last export (and records this export).
func (s *Server) apiCreditList(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("list")
	a := actorOf(r)
	format := r.URL.Query().Get("format")
	if format == "" || format == "json" {
		items, err := s.Credit.List(r.Context(), a, code)
		if err != nil {
			return err
		}
		if items == nil {
			items = []credit.ListItem{}
		}
		writeJSON(w, http.StatusOK, map[string]any{"list": code, "items": items})
		return nil
	}
	d, err := s.Credit.Export(r.Context(), a, code, format)
	if err != nil {
		return err
	}
	return s.writeCreditExport(w, d, format)
}

func (s *Server) writeCreditExport(w http.ResponseWriter, d *credit.Delta, format string) error {
	rows := creditListRows(d, s.tierName)
	var buf bytes.Buffer
	name := fmt.Sprintf("credit-%s-%d.%s", d.List, d.ExportID, format)
	switch format {
	case "csv":
		if err := tabular.WriteCSV(&buf, creditListColumns, rows); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	default:
		since := "无（首次导出） / none (first export)"
		if d.SinceAt != nil {
			since = strconv.FormatInt(int64(d.SinceID), 10) + " " + d.SinceAt.Format("2006-01-02 15:04:05Z07:00")
		}
		zh, en := credit.ListName(d.List)
		help := []tabular.Help{{Title: "导出 Export", Rows: [][]string{
			{"名单 List", d.List, zh + " / " + en},
			{"导出编号 Export", strconv.FormatInt(int64(d.ExportID), 10)},
			{"对比的上次导出 Since export", since},
			{"新增 Added", strconv.Itoa(d.Added)}, {"变更 Changed", strconv.Itoa(d.Changed)}, {"移出 Removed", strconv.Itoa(d.Removed)},
		}}}
		if err := tabular.WriteXLSX(&buf, "名单 List", creditListColumns, rows, help); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("X-Riskgate-Export", strconv.FormatInt(int64(d.ExportID), 10))
	if d.SinceAt != nil {
		w.Header().Set("X-Riskgate-Since-Export", strconv.FormatInt(int64(d.SinceID), 10))
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// apiCreditListChanges answers how a list differs from its last export,
// without recording one.
func (s *Server) apiCreditListChanges(w http.ResponseWriter, r *http.Request) error {
	return respond(w, http.StatusOK)(s.Credit.Changes(r.Context(), actorOf(r), r.PathValue("list")))
}

// apiPublicCredit answers the public list: the firms of the tiers the
// rules make public.
func (s *Server) apiPublicCredit(w http.ResponseWriter, r *http.Request) error {
	items, err := s.Credit.PublicList(r.Context())
	if err != nil {
		return err
	}
	if items == nil {
		items = []credit.ListItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
	return nil
}

// tierName names a tier from the catalogue, Chinese and English.
func (s *Server) tierName(code string) [2]string {
	if e := lookupEntry("credit-tiers", code); e != nil {
		return [2]string{e.Name("zh"), e.Name("en")}
	}
	return [2]string{code, code}
}

// apiDossier answers a firm's file (officials).
func (s *Server) apiDossier(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return respond(w, http.StatusOK)(s.Dossiers.Get(r.Context(), actorOf(r), id))
}
