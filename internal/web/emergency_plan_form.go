package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"riskgate/internal/emergency"
	"riskgate/internal/risk"
)

// The plan form writes and revises an emergency plan (应急预案) in the
// browser, as the API does: its title, class and lead, the four levels
// with their criteria and actions, the command, the contacts and the
// emergency stocks. Its rows are fixed slots, blank ones left out; a
// refused post shows the form again with what was typed and each problem
// at its slot; "more rows" adds blank slots without saving.

// Slots the form offers at least, and adds on "more rows".
const (
	planTriggerSlots  = 3
	planActionSlots   = 4
	planRoleSlots     = 6
	planContactSlots  = 6
	planResourceSlots = 4
	planMoreSlots     = 3
)

// planSlots counts a form's slots of each list: criteria and actions of
// every level, roles, contacts and resources.
type planSlots struct{ Triggers, Actions, Roles, Contacts, Resources int }

// planFormPage is /emergency/plans/new and /emergency/plans/{id}/edit.
type planFormPage struct {
	Page
	Form
	Plan  *emergency.Plan // the plan revised; nil for a new one
	Vals  url.Values      // what the inputs hold; a slot's inputs are named "L2-a1-dept" (level III, second action)
	Slots planSlots
}

// V returns what the input name holds.
func (p planFormPage) V(name string) string { return p.Vals.Get(name) }

// Seq lists 0…n-1, for ranging over slots.
func (p planFormPage) Seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// Hazards, Tiers, Units and Facts are the choices of the form's selects.
func (p planFormPage) Hazards() []emergency.Hazard { return emergency.Hazards }
func (p planFormPage) Tiers() []emergency.Tier     { return emergency.Tiers }
func (p planFormPage) Units() []emergency.Unit {
	return []emergency.Unit{emergency.Hours, emergency.Workdays}
}
func (p planFormPage) Facts() []emergency.Fact { return emergency.Facts }

// Slot names an input of a slot: "L2-a1-dept" is the dept of level
// III's second action.
func (p planFormPage) Slot(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// planValues writes a plan into the form's inputs.
func planValues(pl *emergency.Plan) url.Values {
	v := url.Values{}
	v.Set("title", pl.Title)
	v.Set("hazard", string(pl.Hazard))
	v.Set("lead", pl.Lead)
	v.Set("basis", pl.Basis)
	v.Set("rev", strconv.Itoa(pl.Rev))
	for li, l := range emergency.Levels {
		lv, ok := pl.Level(l)
		if !ok {
			continue
		}
		for j, t := range lv.Triggers {
			k := fmt.Sprintf("L%d-t%d-", li, j)
			v.Set(k+"fact", string(t.Fact))
			v.Set(k+"min", strconv.FormatFloat(t.Min, 'f', -1, 64))
			v.Set(k+"text", t.Text)
		}
		for j, a := range lv.Actions {
			k := fmt.Sprintf("L%d-a%d-", li, j)
			v.Set(k+"text", a.Text)
			v.Set(k+"dept", a.Dept)
			v.Set(k+"within", strconv.Itoa(a.Within))
			v.Set(k+"unit", string(a.Unit))
		}
	}
	for i, r := range pl.Roles {
		k := fmt.Sprintf("r%d-", i)
		v.Set(k+"dept", r.Dept)
		v.Set(k+"tier", string(r.Tier))
		v.Set(k+"duty", r.Duty)
	}
	for i, c := range pl.Contacts {
		k := fmt.Sprintf("c%d-", i)
		v.Set(k+"dept", c.Dept)
		v.Set(k+"name", c.Name)
		v.Set(k+"title", c.Title)
		v.Set(k+"phone", c.Phone)
	}
	for i, r := range pl.Resources {
		k := fmt.Sprintf("s%d-", i)
		v.Set(k+"name", r.Name)
		v.Set(k+"location", r.Location)
		v.Set(k+"quantity", strconv.FormatFloat(r.Quantity, 'f', -1, 64))
		v.Set(k+"unit", r.Unit)
		v.Set(k+"owner", r.Owner)
		v.Set(k+"checked_on", r.CheckedOn)
		v.Set(k+"next_check", r.NextCheck)
	}
	return v
}

// slotsOf gives a plan's form room for its rows and blank slots after
// them.
func slotsOf(pl *emergency.Plan) planSlots {
	s := planSlots{Triggers: planTriggerSlots, Actions: planActionSlots, Roles: planRoleSlots, Contacts: planContactSlots, Resources: planResourceSlots}
	if pl == nil {
		return s
	}
	for _, l := range pl.Levels {
		s.Triggers = max(s.Triggers, len(l.Triggers)+1)
		s.Actions = max(s.Actions, len(l.Actions)+1)
	}
	s.Roles = max(s.Roles, len(pl.Roles)+2)
	s.Contacts = max(s.Contacts, len(pl.Contacts)+2)
	s.Resources = max(s.Resources, len(pl.Resources)+2)
	return s
}

// postedSlots reads the slot counts a form was rendered with, within the
// plan's limits.
func postedSlots(f url.Values) planSlots {
	n := func(name string, def int) int {
		x, err := strconv.Atoi(f.Get(name))
		if err != nil || x < 1 {
			return def
		}
		return min(x, emergency.MaxRows)
	}
	return planSlots{Triggers: n("n-triggers", planTriggerSlots), Actions: n("n-actions", planActionSlots), Roles: n("n-roles", planRoleSlots),
		Contacts: n("n-contacts", planContactSlots), Resources: n("n-resources", planResourceSlots)}
}

// planRows tells, for each list the plan input holds, which form slot each
// of its rows came from, to show a problem of a row at its slot: levels by
// index into emergency.Levels, and "levels[i].triggers" by level.
type planRows map[string][]int

// blank reports whether every input of a slot is empty.
func blank(f url.Values, prefix string, names ...string) bool {
	for _, n := range names {
		if strings.TrimSpace(f.Get(prefix+n)) != "" {
			return false
		}
	}
	return true
}

// emPlanInputOf reads the form into a plan input, blank slots left out, with
// the problems of numbers that do not read.
func emPlanInputOf(f url.Values, slots planSlots) (emergency.PlanInput, planRows, error) {
	var v risk.Validation
	rows := planRows{}
	in := emergency.PlanInput{Title: f.Get("title"), Hazard: emergency.Hazard(f.Get("hazard")), Lead: f.Get("lead"), Basis: f.Get("basis")}
	in.Rev, _ = strconv.Atoi(f.Get("rev"))
	number := func(field, s, zh, en string) float64 {
		s = strings.TrimSpace(s)
		if s == "" {
			return 0
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			v.Add(field, zh+"应为数字。", en+" must be a number.")
		}
		return x
	}
	for li, l := range emergency.Levels {
		pl := emergency.PlanLevel{Level: l}
		i := len(in.Levels)
		lk := fmt.Sprintf("levels[%d]", i)
		for j := range slots.Triggers {
			k := fmt.Sprintf("L%d-t%d-", li, j)
			if blank(f, k, "min", "text") {
				continue
			}
			field := fmt.Sprintf("%s.triggers[%d].min", lk, len(pl.Triggers))
			rows[lk+".triggers"] = append(rows[lk+".triggers"], j)
			pl.Triggers = append(pl.Triggers, emergency.Trigger{Fact: emergency.Fact(f.Get(k + "fact")), Text: f.Get(k + "text"),
				Min: number(field, f.Get(k+"min"), "标准的下限", "The threshold")})
		}
		for j := range slots.Actions {
			k := fmt.Sprintf("L%d-a%d-", li, j)
			if blank(f, k, "text", "within") {
				continue
			}
			within := formInt(&v, fmt.Sprintf("%s.actions[%d].within", lk, len(pl.Actions)), f.Get(k+"within"), "时限", "The deadline")
			rows[lk+".actions"] = append(rows[lk+".actions"], j)
			pl.Actions = append(pl.Actions, emergency.Action{Text: f.Get(k + "text"), Dept: f.Get(k + "dept"), Within: within, Unit: emergency.Unit(f.Get(k + "unit"))})
		}
		if len(pl.Triggers) == 0 && len(pl.Actions) == 0 {
			continue
		}
		rows["levels"] = append(rows["levels"], li)
		in.Levels = append(in.Levels, pl)
	}
	for i := range slots.Roles {
		k := fmt.Sprintf("r%d-", i)
		if blank(f, k, "dept", "duty") {
			continue
		}
		rows["roles"] = append(rows["roles"], i)
		in.Roles = append(in.Roles, emergency.Role{Dept: f.Get(k + "dept"), Tier: emergency.Tier(f.Get(k + "tier")), Duty: f.Get(k + "duty")})
	}
	for i := range slots.Contacts {
		k := fmt.Sprintf("c%d-", i)
		if blank(f, k, "name", "title", "phone") {
			continue
		}
		rows["contacts"] = append(rows["contacts"], i)
		in.Contacts = append(in.Contacts, emergency.Contact{Dept: f.Get(k + "dept"), Name: f.Get(k + "name"), Title: f.Get(k + "title"), Phone: f.Get(k + "phone")})
	}
	for i := range slots.Resources {
		k := fmt.Sprintf("s%d-", i)
		if blank(f, k, "name", "location", "quantity", "unit", "checked_on", "next_check") {
			continue
		}
		field := fmt.Sprintf("resources[%d].quantity", len(in.Resources))
		rows["resources"] = append(rows["resources"], i)
		in.Resources = append(in.Resources, emergency.Resource{Name: f.Get(k + "name"), Location: f.Get(k + "location"),
			Quantity: number(field, f.Get(k+"quantity"), "数量", "The quantity"), Unit: f.Get(k + "unit"), Owner: f.Get(k + "owner"),
			CheckedOn: f.Get(k + "checked_on"), NextCheck: f.Get(k + "next_check")})
	}
	return in, rows, v.Err()
}

var planFieldRE = regexp.MustCompile(`^(levels|roles|contacts|resources)(?:\[(\d+)\](?:\.(triggers|actions)(?:\[(\d+)\])?)?)?(?:\.([a-z_]+))?$`)

// planInputs name the inputs of a row's fields and their labels.
var planInputs = map[string]map[string][2]string{
	"triggers":  {"fact": {"判定指标", "fact"}, "min": {"标准下限", "threshold"}, "text": {"分级标准", "criterion"}},
	"actions":   {"text": {"响应措施", "action"}, "dept": {"责任部门", "department"}, "within": {"时限", "deadline"}, "unit": {"时限单位", "unit"}},
	"roles":     {"dept": {"部门", "department"}, "tier": {"指挥层级", "tier"}, "duty": {"职责", "duty"}},
	"contacts":  {"dept": {"部门", "department"}, "name": {"联系人", "name"}, "title": {"职务", "title"}, "phone": {"电话", "phone"}},
	"resources": {"name": {"物资名称", "stock"}, "location": {"存放地点", "location"}, "quantity": {"数量", "quantity"}, "unit": {"计量单位", "unit"}, "owner": {"管理部门", "owner"}, "checked_on": {"上次检查", "checked on"}, "next_check": {"下次检查", "next check"}},
}

var planListNames = map[string][2]string{"triggers": {"分级标准", "criterion"}, "actions": {"响应措施", "action"},
	"roles": {"职责", "role"}, "contacts": {"联系人", "contact"}, "resources": {"应急物资", "resource"}}

var emPlanFormLabels = formLabels{"title": {"", "预案名称", "Title"}, "hazard": {"", "风险类别", "Hazard"}, "lead": {"", "牵头部门", "Lead"},
	"basis": {"", "编制依据", "Basis"}, "levels": {"L0-a0-text", "响应等级", "Levels"}, "rev": {"title", "版本", "Revision"}}

// planLabels names a problem of a row by its slot on the form ("较大（Ⅲ级）
// · 响应措施 2 · 责任部门"), and the problem of a whole list at its first slot.
func planLabels(rows planRows) labelFunc {
	return func(field string) (fieldLabel, bool) {
		m := planFieldRE.FindStringSubmatch(field)
		if m == nil || m[1] == "levels" && m[2] == "" {
			return fieldLabel{}, false
		}
		slot := func(list string, i int) int {
			if r := rows[list]; i < len(r) {
				return r[i]
			}
			return i
		}
		if m[1] != "levels" {
			list, part := m[1], m[5]
			name := planListNames[list]
			prefix := map[string]string{"roles": "r", "contacts": "c", "resources": "s"}[list]
			if m[2] == "" { // the whole list: "roles" for too many rows
				return fieldLabel{ID: prefix + "0-" + map[string]string{"roles": "duty", "contacts": "name", "resources": "name"}[list], Zh: name[0], En: name[1]}, true
			}
			i, _ := strconv.Atoi(m[2])
			in, ok := planInputs[list][part]
			if !ok {
				return fieldLabel{}, false
			}
			s := slot(list, i)
			return fieldLabel{ID: fmt.Sprintf("%s%d-%s", prefix, s, part), Zh: fmt.Sprintf("%s %d · %s", name[0], s+1, in[0]),
				En: fmt.Sprintf("%s %d · %s", strings.ToUpper(name[1][:1])+name[1][1:], s+1, in[1])}, true
		}
		i, _ := strconv.Atoi(m[2])
		li := slot("levels", i)
		lz, le := emergency.Levels[min(li, len(emergency.Levels)-1)].Label()
		list, part := m[3], m[5]
		if list == "" { // the level itself
			return fieldLabel{ID: fmt.Sprintf("L%d-a0-text", li), Zh: lz, En: le}, true
		}
		name := planListNames[list]
		letter := list[:1]
		if m[4] == "" { // "levels[0].actions": none given
			return fieldLabel{ID: fmt.Sprintf("L%d-%s0-text", li, letter), Zh: lz + " · " + name[0], En: le + " · " + name[1]}, true
		}
		j, _ := strconv.Atoi(m[4])
		in, ok := planInputs[list][part]
		if !ok {
			return fieldLabel{}, false
		}
		s := slot(fmt.Sprintf("levels[%d].%s", i, list), j)
		return fieldLabel{ID: fmt.Sprintf("L%d-%s%d-%s", li, letter, s, part), Zh: fmt.Sprintf("%s · %s %d · %s", lz, name[0], s+1, in[0]),
			En: fmt.Sprintf("%s · %s %d · %s", le, name[1], s+1, in[1])}, true
	}
}

func (s *Server) planFormView(r *http.Request, pl *emergency.Plan, vals url.Values, slots planSlots) planFormPage {
	title := [2]string{"编制应急预案", "New emergency plan"}
	if pl != nil {
		title = [2]string{"修订应急预案：" + pl.Title, "Revise emergency plan: " + pl.Title}
	}
	return planFormPage{Page: s.page(r, title[0], title[1]), Plan: pl, Vals: vals, Slots: slots}
}

// emergencyPlanNew is the form of a new plan.
func (s *Server) emergencyPlanNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !emergency.CanPlan(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权编制应急预案。 / Not allowed to write emergency plans.")
	}
	vals := url.Values{}
	if d := actorOf(r).Dept; d != "" {
		vals.Set("lead", d)
	}
	return s.render(w, r, http.StatusOK, "emergency_plan_form.html", s.planFormView(r, nil, vals, slotsOf(nil)))
}

// emergencyPlanEdit is the form of a plan's revision.
func (s *Server) emergencyPlanEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	pl, err := s.Emergency.Plan(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	if !emergency.CanEditPlan(actorOf(r), pl) {
		return risk.Errorf(risk.ErrForbidden, "无权修改该应急预案。 / Not allowed to change this plan.")
	}
	return s.render(w, r, http.StatusOK, "emergency_plan_form.html", s.planFormView(r, pl, planValues(pl), slotsOf(pl)))
}

// emergencyPlanCreate takes the new plan's form.
func (s *Server) emergencyPlanCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	return s.planPost(w, r, nil)
}

// emergencyPlanUpdate takes a plan's revision form.
func (s *Server) emergencyPlanUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := formOnID(w, r)
	if err != nil {
		return err
	}
	pl, err := s.Emergency.Plan(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	return s.planPost(w, r, pl)
}

// planPost saves the posted plan (old is the plan revised, nil for a new
// one), or shows the form again: with more blank slots when asked, or with
// the problems at their slots.
func (s *Server) planPost(w http.ResponseWriter, r *http.Request, old *emergency.Plan) error {
	f := r.PostForm
	slots := postedSlots(f)
	view := func() (planFormPage, error) { return s.planFormView(r, old, url.Values(f), slots), nil }
	if f.Get("more") != "" {
		slots.Triggers = min(slots.Triggers+planMoreSlots, emergency.MaxRows)
		slots.Actions = min(slots.Actions+planMoreSlots, emergency.MaxRows)
		slots.Roles = min(slots.Roles+planMoreSlots, emergency.MaxRows)
		slots.Contacts = min(slots.Contacts+planMoreSlots, emergency.MaxRows)
		slots.Resources = min(slots.Resources+planMoreSlots, emergency.MaxRows)
		p, _ := view()
		return s.render(w, r, http.StatusOK, "emergency_plan_form.html", p)
	}
	in, rows, err := emPlanInputOf(f, slots)
	var pl *emergency.Plan
	if err == nil {
		if old == nil {
			pl, err = s.Emergency.CreatePlan(r.Context(), actorOf(r), in)
		} else {
			pl, err = s.Emergency.UpdatePlan(r.Context(), actorOf(r), old.ID, in)
		}
	}
	if err == nil {
		http.Redirect(w, r, "/emergency/plans/"+pl.ID.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labelsAll{planLabels(rows), emPlanFormLabels}, "plan", url.Values(f), "emergency_plan_form.html", view)
}
