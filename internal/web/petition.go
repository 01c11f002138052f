package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"riskgate/internal/petition"
	"riskgate/internal/risk"
)

type petitionListPage = listPage[petition.Filter, *petition.Petition]

// petitionList is /petitions: a firm's own petitions to lift, or those an
// official's department reviews.
func (s *Server) petitionList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := petitionFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Petitions.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := listPageOf(s.page(r, "解除申请", "Petitions to lift"), f, f.Paging, items, total)
	return s.render(w, r, http.StatusOK, "petitions.html", petitionsPage{petitionListPage: p, IsFirm: petition.CanFile(actorOf(r))})
}

type petitionsPage struct {
	petitionListPage
	IsFirm bool
}

type petitionPage struct {
	Page
	Form
	P           *petition.Petition
	Reviews     []string
	CanResubmit bool
}

// ReviewName names a decision for the review form's buttons.
func (p petitionPage) ReviewName(code string) string {
	zh, en := petition.ActionLabel(code)
	return p.T(zh, en)
}

func (s *Server) petitionView(r *http.Request, id risk.ID) (petitionPage, error) {
	a := actorOf(r)
	pt, err := s.Petitions.Get(r.Context(), a, id)
	if err != nil {
		return petitionPage{}, err
	}
	p := petitionPage{Page: s.page(r, "解除申请 "+strconv.Itoa(int(pt.ID)), "Petition "+strconv.Itoa(int(pt.ID))), P: pt,
		Reviews: petition.Reviews(a, pt)}
	_, stepErr := petition.Machine.Step(string(pt.Status), petition.ActResubmit)
	p.CanResubmit = stepErr == nil && petition.CanResubmit(a, pt)
	return p, nil
}

// petitionShow is a petition's page, with the review form for its
// reviewers and the resubmission form for the firm.
func (s *Server) petitionShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.petitionView(r, id)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "petition.html", p)
}

// petitionLabel names the fields of the petition's forms; a cited
// declaration's problem ("declarations[2]") marks the list.
var petitionLabel = labelsAll{formLabels{
	"measure_id":   {"", "申请解除的措施", "Measure to lift"},
	"warning_id":   {"measure_id", "申请解除的预警", "Warning to lift"},
	"grounds":      {"", "申请理由", "Grounds"},
	"declarations": {"", "合格批次报关单号", "Declarations of conforming consignments"},
	"reason":       {"", "理由", "Reason"},
	"action":       {"reason", "审查结论", "Decision"},
	"rev":          {"", "版本", "Revision"},
}, labelFunc(func(field string) (fieldLabel, bool) {
	if strings.HasPrefix(field, "declarations[") {
		return fieldLabel{"declarations", "合格批次报关单号", "Declarations of conforming consignments"}, true
	}
	return fieldLabel{}, false
})}

// declarationsOf splits the typed declaration numbers, one a line (or
// separated by commas or spaces).
func declarationsOf(text string) []string {
	out := []string{}
	for _, n := range strings.FieldsFunc(text, func(r rune) bool { return r == '\n' || r == '\r' || r == ',' || r == '，' || r == ' ' || r == '\t' }) {
		out = append(out, n)
	}
	return out
}

// petitionPost takes the page's forms: a review, or the firm's
// resubmission.
func (s *Server) petitionPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	rev, _ := strconv.Atoi(f.Get("rev"))
	form := f.Get("form")
	if form == "resubmit" {
		_, err = s.Petitions.Resubmit(r.Context(), actorOf(r), id, petition.Input{Grounds: f.Get("grounds"), Declarations: declarationsOf(f.Get("declarations")), Rev: rev})
	} else {
		form = "review"
		_, err = s.Petitions.Review(r.Context(), actorOf(r), id, petition.Review{Action: f.Get("action"), Reason: f.Get("reason"), Rev: rev})
	}
	if err == nil {
		http.Redirect(w, r, "/petitions/"+strconv.Itoa(int(id))+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, petitionLabel, form, f, "petition.html", func() (petitionPage, error) { return s.petitionView(r, id) })
}

type petitionFormPage struct {
	Page
	Form
	O *petition.Options
}

func (s *Server) petitionFormPageOf(r *http.Request, warningID risk.ID) (petitionFormPage, error) {
	p := petitionFormPage{Page: s.page(r, "申请解除", "Petition to lift")}
	o, err := s.Petitions.OptionsOf(r.Context(), actorOf(r), warningID)
	if err != nil {
		return p, err
	}
	p.O = o
	return p, nil
}

// petitionNew is the firm's petition form for a warning addressed to it
// (/petitions/new?warning=ID), reached from its inbox.
func (s *Server) petitionNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := risk.ParseID(r.URL.Query().Get("warning"))
	if err != nil {
		return risk.Invalid("warning", "请从收件箱中的通告进入申请。", "open the form from a notice in the inbox.")
	}
	p, err := s.petitionFormPageOf(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "petition_form.html", p)
}

// petitionCreate files the firm's petition from the form.
func (s *Server) petitionCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	wid, _ := risk.ParseID(f.Get("warning_id"))
	in := petition.Input{Grounds: f.Get("grounds"), Declarations: declarationsOf(f.Get("declarations"))}
	if m := f.Get("measure_id"); m != "" && m != "warning" {
		in.MeasureID, _ = risk.ParseID(m)
	} else {
		in.WarningID = wid
	}
	pt, err := s.Petitions.File(r.Context(), actorOf(r), in)
	if err == nil {
		http.Redirect(w, r, "/petitions/"+strconv.Itoa(int(pt.ID)), http.StatusSeeOther)
		return nil
	}
	p, perr := s.petitionFormPageOf(r, wid)
	if perr != nil {
		return err // the form cannot be shown again: the service's refusal says why
	}
	var ok bool
	if p.Form, ok = formError(p.Page, err, petitionLabel, "file", url.Values(f)); !ok {
		return err
	}
	return s.render(w, r, statusOf(err), "petition_form.html", p)
}
