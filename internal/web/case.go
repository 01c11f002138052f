package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/assess"
	"riskgate/internal/audit"
	"riskgate/internal/auth"
	"riskgate/internal/casefile"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

type caseListPage = listPage[casefile.Filter, *casefile.Case]

func (s *Server) caseList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := caseFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Cases.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "风险案件", "Cases"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "cases.html", p)
}

type casePage struct {
	Page
	Form
	C           *casefile.Case
	Signals     []*signal.Signal
	Assessments []*assess.Assessment
	Warnings    []*warning.Warning
	Measures    []*measure.Measure
	CanWarn     bool
	History     []*audit.Entry
	CanEdit     bool
	Colleagues  []*auth.User // who the case may be assigned to
	CanAssess   bool
	Actions     []string
}

func (s *Server) caseShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.caseView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "case.html", p)
}

// caseView is the case page.
func (s *Server) caseView(r *http.Request, id risk.ID) (casePage, error) {
	ctx, a := r.Context(), actorOf(r)
	d, err := s.Cases.Dossier(ctx, a, id)
	if err != nil {
		return casePage{}, err
	}
	c := d.Case
	p := casePage{Page: s.page(r, c.Number+" "+c.Title, c.Number+" "+c.Title), C: c, History: d.History}
	p.CanEdit = casefile.CanEdit(a, c)
	if p.CanEdit {
		if p.Colleagues, err = s.Auth.Colleagues(r.Context(), a); err != nil {
			return p, err
		}
	}
	p.CanAssess = assess.CanDraft(a, c)
	p.Actions = casefile.Lifecycle().Allowed(string(c.Status))
	sigs, _, err := s.Signals.List(ctx, a, signal.Filter{CaseID: id, Paging: risk.Paging{Limit: 500}})
	if err != nil {
		return p, err
	}
	p.Signals = sigs
	if p.Assessments, err = s.Assess.ByCase(ctx, a, id); err != nil {
		return p, err
	}
	for _, x := range p.Assessments {
		if x.Status == assess.StatusApproved {
			p.CanWarn = warning.CanDraft(a, c)
		}
	}
	if risk.Can(a, risk.PermWarningRead) {
		if p.Warnings, _, err = s.Warnings.List(ctx, a, warning.Filter{CaseID: id, Paging: risk.Paging{Limit: 500}}); err != nil {
			return p, err
		}
		if p.Measures, err = s.Measures.OfCase(ctx, a, id); err != nil {
			return p, err
		}
	}
	return p, nil
}

// caseLabels name the fields of the case page's forms, by form.
var caseLabels = map[string]formLabels{
	"assign":   {"assignee": {"", "承办人", "Assignee"}},
	"share":    {"dept": {"share-dept", "共享给部门", "Share with department"}},
	"transfer": {"dept": {"transfer-dept", "移交部门", "Transfer to department"}},
	"recall":   {"recall_completion": {"recall", "召回完成率", "Recall completion"}},
	"status":   {"reason": {"", "结案理由", "Reason for closing"}},
	"signals":  {"signal_ids": {"add-signals", "加入风险信息", "Add signals"}},
}

// caseRefused shows the case page again after one of its forms was
// refused, with what was typed and the problems marked.
func (s *Server) caseRefused(w http.ResponseWriter, r *http.Request, id risk.ID, action string, err error) error {
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return s.backTo(w, r, fmt.Sprintf("/cases/%d", id), err)
	}
	p, verr := s.caseView(r, id)
	if verr != nil {
		return verr
	}
	p.Form, _ = formError(p.Page, err, caseLabels[action], action, r.PostForm)
	return s.render(w, r, statusOf(err), "case.html", p)
}

// caseAction handles the case page's forms.
func (s *Server) caseAction(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	f := r.PostForm
	ctx, a := r.Context(), actorOf(r)
	version, _ := strconv.Atoi(f.Get("version"))
	switch r.PathValue("action") {
	case "assign":
		assignee := f.Get("assignee")
		_, err = s.Cases.Update(ctx, a, id, casefile.Change{Version: version, Assignee: &assignee})
	case "transfer":
		dept := f.Get("dept")
		_, err = s.Cases.Update(ctx, a, id, casefile.Change{Version: version, Dept: &dept})
	case "status":
		action := f.Get("action")
		_, err = s.Cases.Update(ctx, a, id, casefile.Change{Version: version, Action: &action, Reason: f.Get("reason")})
	case "recall":
		pct, perr := strconv.ParseFloat(strings.TrimSpace(f.Get("recall_completion")), 64)
		if perr != nil {
			err = risk.Invalid("recall_completion", "召回完成率须为 0–100 的数字。", "the recall completion must be a number 0–100.")
		} else {
			_, err = s.Cases.Update(ctx, a, id, casefile.Change{Version: version, RecallCompletion: &pct})
		}
	case "share":
		err = s.Cases.Share(ctx, a, id, f.Get("dept"))
	case "signals":
		var ids []risk.ID
		for _, v := range strings.FieldsFunc(f.Get("signal_ids"), func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
			sid, perr := risk.ParseID(v)
			if perr != nil {
				err = risk.Invalid("signal_ids", "风险信息编号无效："+v+"。", "invalid signal number "+v+".")
				break
			}
			ids = append(ids, sid)
		}
		if err == nil {
			err = s.Cases.AddSignals(ctx, a, id, ids)
		}
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	if err != nil {
		return s.caseRefused(w, r, id, r.PathValue("action"), err)
	}
	return s.backTo(w, r, fmt.Sprintf("/cases/%d", id), err)
}
