package web

import (
	"fmt"
	"io"
	"net/http"
	"path"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/tabular"
)

// readSignalImport reads an uploaded signal import file.
func readSignalImport(w http.ResponseWriter, r *http.Request) (*signal.Parsed, string, error) {
	var p *signal.Parsed
	name, err := withUpload(w, r, func(rd io.Reader, f tabular.Format) error {
		var err error
		p, err = signal.ParseImport(rd, f)
		return err
	})
	return p, name, err
}

type signalImportPage struct {
	Page
	Form
	Result *signal.ImportResult
	File   string
}

func (s *Server) signalImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入风险信息。 / Not allowed to import signals.")
	}
	return s.render(w, r, http.StatusOK, "signal_import.html", signalImportPage{Page: s.page(r, "批量导入风险信息", "Import signals")})
}

func (s *Server) signalImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入风险信息。 / Not allowed to import signals.")
	}
	p := signalImportPage{Page: s.page(r, "批量导入风险信息", "Import signals")}
	parsed, name, err := readSignalImport(w, r)
	p.File = name
	if err == nil {
		p.Result, err = s.Signals.Import(r.Context(), actorOf(r), parsed)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		if e.Field == "csrf" {
			return err
		}
		p.Form = importError(p.Page, err)
		if p.Result == nil && len(e.Details) > 0 {
			p.Result = &signal.ImportResult{Errors: e.Details}
		}
		return s.render(w, r, statusOf(err), "signal_import.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("导入完成：新增 %d 条，已存在 %d 条。", p.Result.Created, p.Result.Existing),
		fmt.Sprintf("Import done: %d new, %d already stored.", p.Result.Created, p.Result.Existing))
	return s.render(w, r, http.StatusOK, "signal_import.html", p)
}

func (s *Server) signalTemplate(w http.ResponseWriter, r *http.Request) error {
	switch path.Ext(r.URL.Path) {
	case ".csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="signals-template.csv"`)
		return signal.ImportTemplateCSV(w)
	case ".xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="signals-template.xlsx"`)
		return signal.ImportTemplateXLSX(w)
	}
	return risk.Errorf(risk.ErrNotFound, "没有这种模板。 / No such template.")
}
