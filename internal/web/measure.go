package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/measure"
	"riskgate/internal/risk"
)

// measureForm handles the warning page's measure forms: apply the
// default bundle, add one measure, act on one, record a consultation.
func (s *Server) measureForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	ctx, a, f := r.Context(), actorOf(r), r.PostForm
	wid, err := risk.ParseID(f.Get("warning_id"))
	if err != nil {
		return risk.Invalid("warning_id", "缺少预警编号。", "warning_id is required.")
	}
	back := "/warnings/" + wid.String()
	switch r.PathValue("action") {
	case "bundle":
		var items []measure.Input
		if items, err = s.Measures.Propose(ctx, a, wid); err == nil {
			_, err = s.Measures.Plan(ctx, a, wid, items)
		}
	case "add":
		var v risk.Validation
		in := measure.Input{Type: f.Get("type"), Method: f.Get("method"), Supporting: f["supporting"], EffectMetric: f.Get("effect_metric"), Keep: f.Get("keep") != ""}
		if x := strings.TrimSpace(f.Get("rate")); x != "" {
			rate, perr := strconv.ParseFloat(x, 64)
			if perr != nil {
				v.Add("rate", "比例须为 0–1 之间的数字。", "the rate must be a number between 0 and 1.")
			}
			in.Rate = rate
		}
		if items := splitList(f.Get("accept_items")); len(items) > 0 {
			in.Acceptance = &measure.Acceptance{TestItems: items, Decision: f.Get("accept_decision")}
		}
		if d := f.Get("deadline"); d != "" {
			if t, perr := parseDay(d); perr != nil {
				v.Add("deadline", "期限须为日期。", "the deadline must be a date.")
			} else {
				t = t.AddDate(0, 0, 1)
				in.Deadline = &t
			}
		}
		if err = v.Err(); err == nil {
			_, err = s.Measures.Plan(ctx, a, wid, []measure.Input{in})
		}
		if err != nil {
			return s.warningRefused(w, r, wid, "measure-add", measureAddLabels, err, nil)
		}
	case "act", "consult":
		id, perr := risk.ParseID(f.Get("measure_id"))
		if perr != nil {
			return risk.Invalid("measure_id", "缺少措施编号。", "measure_id is required.")
		}
		rev, _ := strconv.Atoi(f.Get("rev"))
		m := fmt.Sprintf("m%d-", id)
		if r.PathValue("action") == "act" {
			_, err = s.Measures.Act(ctx, a, id, f.Get("action"), f.Get("note"), rev)
			if err != nil {
				return s.warningRefused(w, r, wid, "measure-act-"+id.String(), formLabels{"note": {m + "note", "说明", "Note"}}, err, nil)
			}
		} else {
			_, err = s.Measures.Consult(ctx, a, id, measure.Consultation{Ref: f.Get("ref"), Opinion: f.Get("opinion")}, rev)
			if err != nil {
				return s.warningRefused(w, r, wid, "measure-consult-"+id.String(), formLabels{"ref": {m + "ref", "会商文号", "Reference"},
					"opinion": {m + "opinion", "会商意见", "Opinion"}}, err, nil)
			}
		}
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	return s.backTo(w, r, back, err)
}

// measureAddLabels name the fields of the warning page's form that adds a
// measure.
var measureAddLabels = formLabels{"type": {"m-type", "措施", "Measure"}, "rate": {"m-rate", "比例", "Rate"},
	"method": {"m-method", "销毁方式", "Destruction method"}, "deadline": {"m-deadline", "期限", "Deadline"},
	"supporting": {"m-supporting", "配合部门", "Supporting"}, "acceptance.test_items": {"m-accept-items", "采信检测项目", "Accepted test items"},
	"acceptance.decision": {"m-accept-decision", "采信后处置", "Decision on accepted reports"}}

type tasksPage struct {
	Page
	Items []*measure.Measure
	now   time.Time
}

// Overdue reports whether a task is past its deadline.
func (p tasksPage) Overdue(m *measure.Measure) bool { return m.Overdue(p.now) }

func (s *Server) tasks(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ms, err := s.Measures.Tasks(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	p := tasksPage{Page: s.page(r, "本部门任务", "My department's tasks"), Items: ms, now: s.Now()}
	return s.render(w, r, http.StatusOK, "tasks.html", p)
}
