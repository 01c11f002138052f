// Package reminder tells people what waits on them (item 6 of issue 15):
// a case assigned to them, a deadline 2 working days away, a deadline
// passed — and, once it has passed, their department's approver too. Each
// reminder lands in the person's inbox of reminders and, when they chose
// it and gave an address, goes out by e-mail through the SMTP relay.
//
// A periodic job (app.RunJobsOnce) asks each source for what is due, on
// the working-day calendar, and writes each person's reminder once per
// stage (its key): running the job again writes nothing new, and a
// deadline moving into the next stage reminds again.
package reminder

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

// Stage is why a reminder is sent. Values are stored.
type Stage string

// Stages.
const (
	Assigned  Stage = "assigned"  // something was assigned to the person
	DueSoon   Stage = "due_soon"  // a deadline within DueWithin working days
	Overdue   Stage = "overdue"   // a deadline passed
	Escalated Stage = "escalated" // a deadline passed, told to the department's approver
	Notice    Stage = "notice"    // a decision about the person's firm (its credit tier, a repair)
)

var stageLabels = risk.Labels{
	string(Assigned): {"已分派给您", "Assigned to you"}, string(DueSoon): {"即将到期", "Due soon"},
	string(Overdue): {"已逾期", "Overdue"}, string(Escalated): {"逾期上报", "Overdue: escalated"}, string(Notice): {"通知", "Notice"},
}

// Label names the stage.
func (s Stage) Label() (zh, en string) { return stageLabels.Of(string(s)) }

// DueWithin is how many working days before a deadline the reminder goes.
const DueWithin = 2

// Channel is how a person wants reminders. Values are stored.
type Channel string

// Channels.
const (
	ByEmail   Channel = "email" // e-mail and the inbox
	InboxOnly Channel = "inbox"
)

var channelLabels = risk.Labels{string(ByEmail): {"电子邮件和站内提醒", "E-mail and inbox"}, string(InboxOnly): {"仅站内提醒", "Inbox only"}}

// Label names the channel.
func (c Channel) Label() (zh, en string) { return channelLabels.Of(string(c)) }

// Reminder is one person's reminder.
type Reminder struct {
	ID        risk.ID    `json:"id"`
	UserID    risk.ID    `json:"user_id"`
	Key       string     `json:"key"` // what and which stage: "recall:12:report:overdue"
	Stage     Stage      `json:"stage"`
	Subject   string     `json:"subject"` // "中文 / English"
	Href      string     `json:"href"`
	Due       string     `json:"due,omitempty"` // YYYY-MM-DD
	CreatedAt time.Time  `json:"created_at"`
	ReadAt    *time.Time `json:"read_at,omitempty"`
	Email     string     `json:"email_state,omitempty"` // pending, sent, failed; "" none
}

// Candidate is a reminder a source finds due, for people.
type Candidate struct {
	Key     string
	Stage   Stage
	Users   []risk.ID
	Subject string // "中文 / English"
	Href    string
	Due     string
}

// Recipient is a person reminders may go to.
type Recipient struct {
	ID    risk.ID
	Email string
	By    Channel
}

// Settings are a person's reminder settings.
type Settings struct {
	Email string  `json:"email"`
	By    Channel `json:"remind_by"`
}

// Check validates settings: an address that is one (or none: inbox only),
// a known channel.
func (s *Settings) Check() error {
	var v risk.Validation
	s.Email = strings.TrimSpace(s.Email)
	if s.By == "" {
		s.By = ByEmail
	}
	if _, ok := channelLabels[string(s.By)]; !ok {
		v.Add("remind_by", "提醒方式应为电子邮件（email）或仅站内（inbox）。", "remind_by must be email or inbox.")
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email || len(s.Email) > 254 {
			v.Add("email", "电子邮件地址无效。", "the e-mail address is not valid.")
		}
	} else if s.By == ByEmail {
		v.Add("email", "选择电子邮件提醒时请填写电子邮件地址。", "an e-mail address is needed for reminders by e-mail.")
	}
	return v.Err()
}

// Store keeps reminders.
type Store interface {
	// Add writes the candidates' reminders that do not exist yet (by
	// person and key), each pending e-mail when its person wants one, and
	// one audit entry for the run when it wrote any; it returns how many.
	Add(ctx context.Context, cs []Candidate, ae audit.Entry) (int, error)
	Of(ctx context.Context, userID risk.ID, unreadOnly bool, limit int) ([]*Reminder, error)
	Unread(ctx context.Context, userID risk.ID) (int, error)
	MarkRead(ctx context.Context, userID, id risk.ID, at time.Time) error
	Settings(ctx context.Context, userID risk.ID) (Settings, error)
	SaveSettings(ctx context.Context, userID risk.ID, s Settings, ae audit.Entry) error
	// PendingEmail lists reminders waiting for their e-mail, with the
	// address, at most limit.
	PendingEmail(ctx context.Context, limit int) ([]Outgoing, error)
	// Emailed records an attempt: sent, or failed (given up after
	// MaxAttempts).
	Emailed(ctx context.Context, id risk.ID, err error, at time.Time) error
	// People finds who reminders go to: the users of a department with one
	// of roles, or of an enterprise.
	People(ctx context.Context, dept string, roles []risk.Role, enterpriseID risk.ID) ([]risk.ID, error)
}

// Outgoing is a reminder's e-mail to send.
type Outgoing struct {
	Reminder
	To string
}

// MaxAttempts bounds the e-mail attempts of one reminder.
const MaxAttempts = 5

// Mailer sends a reminder's e-mail (notify.Mailer).
type Mailer interface {
	SendText(ctx context.Context, to, subject, text, event string) error
}

// Source finds what is due at now on cal.
type Source func(ctx context.Context, now time.Time, cal *calendar.Calendar) ([]Candidate, error)

// Service runs reminders.
type Service struct {
	Store    Store
	Sources  []Source
	Calendar interface {
		Calendar(ctx context.Context) (*calendar.Calendar, error)
	}
	Mailer  Mailer // nil: inbox only
	BaseURL string // for links in e-mail
	Now     func() time.Time
}

// Run asks every source for what is due and writes the reminders not yet
// written; then sends the e-mail waiting. It returns how many reminders
// it wrote.
func (s *Service) Run(ctx context.Context) (int, error) {
	cal, err := s.Calendar.Calendar(ctx)
	if err != nil {
		return 0, err
	}
	now := s.Now()
	var all []Candidate
	for _, src := range s.Sources {
		cs, err := src(ctx, now, cal)
		if err != nil {
			return 0, err
		}
		all = append(all, cs...)
	}
	n := 0
	if len(all) > 0 {
		ae := audit.New(risk.System, "reminder.run", "reminder", 0, "")
		if n, err = s.Store.Add(ctx, all, ae); err != nil {
			return 0, err
		}
	}
	return n, s.Send(ctx)
}

// Send sends the e-mail of pending reminders (none without a mailer).
func (s *Service) Send(ctx context.Context) error {
	if s.Mailer == nil {
		return nil
	}
	out, err := s.Store.PendingEmail(ctx, 100)
	if err != nil {
		return err
	}
	for _, o := range out {
		zh, en := o.Stage.Label()
		text := fmt.Sprintf("%s\n\n%s / %s\n%s%s\n\n（湖南省进出口商品质量安全风险预警系统自动发送；在“提醒”页可改为仅站内提醒。）\n(Sent by riskgate; choose inbox only on the Reminders page.)\n",
			o.Subject, zh, en, s.BaseURL, o.Href)
		if o.Due != "" {
			text = fmt.Sprintf("%s\n截止 / due: %s\n", o.Subject, o.Due) + text[len(o.Subject):]
		}
		err := s.Mailer.SendText(ctx, o.To, "【提醒 Reminder】"+o.Subject, text, "reminder."+string(o.Stage))
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := s.Store.Emailed(ctx, o.ID, err, s.Now().UTC()); err != nil {
			return err
		}
	}
	return nil
}

// Of lists a's reminders, unread first then newest.
func (s *Service) Of(ctx context.Context, a risk.Actor, unreadOnly bool) ([]*Reminder, error) {
	if a.UserID == 0 {
		return nil, risk.Errorf(risk.ErrForbidden, "请先登录。 / Sign in first.")
	}
	return s.Store.Of(ctx, a.UserID, unreadOnly, 200)
}

// Unread counts a's unread reminders.
func (s *Service) Unread(ctx context.Context, a risk.Actor) (int, error) {
	if a.UserID == 0 {
		return 0, nil
	}
	return s.Store.Unread(ctx, a.UserID)
}

// Read marks one of a's reminders read.
func (s *Service) Read(ctx context.Context, a risk.Actor, id risk.ID) error {
	if a.UserID == 0 {
		return risk.Errorf(risk.ErrForbidden, "请先登录。 / Sign in first.")
	}
	return s.Store.MarkRead(ctx, a.UserID, id, s.Now().UTC())
}

// Settings returns a's reminder settings.
func (s *Service) Settings(ctx context.Context, a risk.Actor) (Settings, error) {
	if a.UserID == 0 {
		return Settings{}, risk.Errorf(risk.ErrForbidden, "请先登录。 / Sign in first.")
	}
	return s.Store.Settings(ctx, a.UserID)
}

// SaveSettings sets how a wants reminders.
func (s *Service) SaveSettings(ctx context.Context, a risk.Actor, in Settings) (Settings, error) {
	if a.UserID == 0 {
		return Settings{}, risk.Errorf(risk.ErrForbidden, "请先登录。 / Sign in first.")
	}
	if err := in.Check(); err != nil {
		return Settings{}, err
	}
	old, err := s.Store.Settings(ctx, a.UserID)
	if err != nil {
		return Settings{}, err
	}
	zh, en := in.By.Label()
	ae := audit.New(a, "reminder.settings", "user", a.UserID, risk.Bilingual("提醒方式："+zh, "reminders: "+strings.ToLower(en))).WithChange(old, in)
	return in, s.Store.SaveSettings(ctx, a.UserID, in, ae)
}
