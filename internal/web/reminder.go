package web

import (
	"net/http"

	"riskgate/internal/reminder"
)

// remindersPage is a person's reminders and how they want them.
type remindersPage struct {
	Page
	Form
	Items    []*reminder.Reminder
	Settings reminder.Settings
}

var reminderLabels = formLabels{"email": {"", "电子邮件地址", "E-mail address"}, "remind_by": {"", "提醒方式", "How to remind me"}}

func (s *Server) remindersView(r *http.Request) (remindersPage, error) {
	a := actorOf(r)
	p := remindersPage{Page: s.page(r, "提醒", "Reminders")}
	var err error
	if p.Items, err = s.Reminders.Of(r.Context(), a, false); err != nil {
		return p, err
	}
	p.Settings, err = s.Reminders.Settings(r.Context(), a)
	return p, err
}

// reminders is /reminders: the person's reminders, unread first.
func (s *Server) reminders(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	p, err := s.remindersView(r)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存提醒方式。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "reminders.html", p)
}

// reminderSettings saves how the person wants reminders.
func (s *Server) reminderSettings(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	_, err := s.Reminders.SaveSettings(r.Context(), actorOf(r), reminder.Settings{Email: f.Get("email"), By: reminder.Channel(f.Get("remind_by"))})
	if err == nil {
		http.Redirect(w, r, "/reminders?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, reminderLabels, "settings", f, "reminders.html", func() (remindersPage, error) { return s.remindersView(r) })
}

// reminderRead marks a reminder read and follows it.
func (s *Server) reminderRead(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := parseForm(w, r); err != nil {
		return err
	}
	if err := s.Reminders.Read(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	http.Redirect(w, r, "/reminders", http.StatusSeeOther)
	return nil
}

func (s *Server) apiReminders(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	items, err := s.Reminders.Of(r.Context(), actorOf(r), r.URL.Query().Get("unread") == "1")
	if err != nil {
		return err
	}
	writeItems(w, items)
	return nil
}

func (s *Server) apiReminderRead(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if err := s.Reminders.Read(r.Context(), actorOf(r), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": id, "read": true})
	return nil
}

func (s *Server) apiReminderSettings(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if r.Method == http.MethodPut {
		var in reminder.Settings
		if err := decodeJSON(w, r, &in); err != nil {
			return err
		}
		return respond(w, http.StatusOK)(s.Reminders.SaveSettings(r.Context(), actorOf(r), in))
	}
	return respond(w, http.StatusOK)(s.Reminders.Settings(r.Context(), actorOf(r)))
}
