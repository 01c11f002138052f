package demo

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/ident"
	"riskgate/internal/report"
	"riskgate/internal/risk"
)

// Options choose how much of the shared records the whole demo loads.
type Options struct {
	// Small loads only the RASFF notifications of Chinese origin (1,318 of
	// 21,871), for tests that need the demo in seconds; all else is equal.
	Small bool
}

// MarketOfficer is the whole demo's officer at 省市场监管局, who triages the
// portal complaints and receives the 通报.
var MarketOfficer = Account{"amr", "amr-demo-2026", "officer", "市场监管局风险管理员 周婷", "hn-amr"}

// PortOfficer is the whole demo's officer on duty at 省政府口岸办, who leads
// the port emergency plans (task 14): the lead completes any task of an
// incident and runs the drills.
var PortOfficer = Account{"port", "port-demo-2026", "officer", "省政府口岸办应急值守 何军", "hn-port"}

// AllAccounts are the logins of the whole demo.
func AllAccounts() []Account { return append(slices.Clone(Accounts), MarketOfficer, PortOfficer) }

// moreFirms are the whole demo's makers besides the core's: a lighter
// maker of 邵东, a ceramics exporter of 醴陵 and a charger maker of 新化,
// whose products appear in foreign notifications, and the 浏阳 fireworks
// maker of the grade I case.
var moreFirms = []firm{
	{"91430582MA4T7P8Q1", "邵东市永明打火机制造有限公司", "Shaodong Yongming Lighter Manufacturing Co., Ltd.", "430582", []string{"manufacturer", "exporter"}, "routine", "邵东市火厂坪镇打火机产业园 6 号"},
	{"91430281MA4R2K3L4", "醴陵市瓷城陶瓷进出口有限公司", "Liling Cicheng Ceramics Import & Export Co., Ltd.", "430281", []string{"manufacturer", "exporter"}, "routine", "醴陵市陶瓷科技工业园瓷谷大道 18 号"},
	{"91431322MA4W5N6P7", "新化县新华电子科技有限公司", "Xinhua County Xinhua Electronic Technology Co., Ltd.", "431322", []string{"manufacturer", "exporter"}, "routine", "新化县上梅街道电子产业园 3 栋"},
	blastMaker,
}

// The timeline: days before the day of the first load (day 0). Each part
// of the demo happens on its day, the database's clock set to it, so that
// every record and audit entry is dated as if the work had been done over
// the weeks before the load, in order.
const (
	dayRegister = 84 // enterprises and accounts
	dayImport   = 63 // the shared foreign records
	dayDetect   = 62 // the detectors, run over the records' own weeks
	dayLighter  = 56 // the lighter case is opened (the anchor: see today)
)

// timeline is the demo's calendar and the database clock it drives.
type timeline struct {
	a     *app.App
	today time.Time // midnight, China time, of the first load's day
	real  func() time.Time
	steps []step
}

// step is one piece of work at one time.
type step struct {
	at   time.Time
	name string
	run  func() error
}

// at is hh:mm on the day days before today.
func (tl *timeline) at(days, hh, mm int) time.Time {
	return tl.today.AddDate(0, 0, -days).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

// set moves the database clock to t, never past the real time.
func (tl *timeline) set(t time.Time) {
	if now := tl.real(); t.After(now) {
		t = now
	}
	t = t.UTC()
	tl.a.DB.Now = func() time.Time { return t }
}

// add plans work at a time.
func (tl *timeline) add(at time.Time, name string, run func() error) {
	tl.steps = append(tl.steps, step{at, name, run})
}

// run does the planned work in time order (work planned for the same time
// in the order planned), the clock at each step's time.
func (tl *timeline) run() error {
	sort.SliceStable(tl.steps, func(i, j int) bool { return tl.steps[i].at.Before(tl.steps[j].at) })
	for _, s := range tl.steps {
		tl.set(s.at)
		if err := s.run(); err != nil {
			return fmt.Errorf("demo %s (%s): %w", s.name, s.at.In(risk.China).Format("2006-01-02 15:04"), err)
		}
	}
	tl.steps = nil
	return nil
}

// LoadAll loads the whole demonstration that `riskgate demo` serves, on a
// timeline ending the day it is first loaded: the register and accounts;
// the shared Safety Gate, RASFF, CPSC, FDA and NEISS records through the
// import services; two detectors run over the records' own weeks; four
// cases — lighters (通报 and 公告 issued, measures in force), ceramic and
// bamboo tableware (通报, measures in force), fireworks (通告 to the
// exporter, measure in force) and toys (assessment awaiting approval);
// over a hundred declarations screened as they came in, with inspection
// and laboratory results; match candidates; a subscription; portal
// complaints; and the quality reports of the months that have ended. Every
// part is skipped when it is there already, so a second load adds nothing.
func LoadAll(ctx context.Context, a *app.App, opt Options) ([]Account, error) {
	wall := a.DB.Now
	defer func() { a.DB.Now = wall }()
	tl := &timeline{a: a, real: wall, today: risk.Day(wall())}
	// The first load's day is kept by the lighter case, opened on day
	// dayLighter.
	lighters, err := caseByTitle(ctx, a, lighterCaseTitle)
	if err != nil {
		return nil, err
	}
	if lighters != nil {
		if t := risk.Day(lighters.CreatedAt).AddDate(0, 0, dayLighter); t.Before(tl.today) {
			tl.today = t
		}
	}
	tl.set(tl.at(dayRegister, 9, 0))
	if err := register(ctx, a, append(slices.Clone(firms), moreFirms...), AllAccounts()); err != nil {
		return nil, err
	}
	d, err := newDemo(ctx, a, tl, opt)
	if err != nil {
		return nil, err
	}
	for _, plan := range []func() error{d.planImports, d.planDetectors, d.planRegional, d.planStories, d.planDeclarations, d.planPublic, d.planMatching, d.planRecalls, d.planPetitions, d.planGateway, d.planCredit, d.planEnforcement, d.planLabs, d.planTrace, d.planTBT, d.planMonitoring, d.planExperts, d.planEmergency, d.planReports, d.planTracker} {
		if err := plan(); err != nil {
			return nil, err
		}
	}
	if err := tl.run(); err != nil {
		return nil, err
	}
	// Whatever lifting the records already justify is proposed now, at
	// load, so that the server's first round of jobs finds it done.
	a.DB.Now = wall
	if _, err := a.Inspections.EvaluateLifting(ctx); err != nil {
		return nil, err
	}
	// And the reminders of what is assigned and due, as the first round of
	// jobs would write them.
	if _, err := a.Reminders.Run(ctx); err != nil {
		return nil, err
	}
	return AllAccounts(), nil
}

// demo is the state the parts of the whole demo share.
type demo struct {
	ctx   context.Context
	a     *app.App
	tl    *timeline
	opt   Options
	users map[string]risk.Actor
	usccs map[string]string // firm name → USCC
	ids   map[string]risk.ID
}

func newDemo(ctx context.Context, a *app.App, tl *timeline, opt Options) (*demo, error) {
	d := &demo{ctx: ctx, a: a, tl: tl, opt: opt, users: map[string]risk.Actor{}, usccs: map[string]string{}, ids: map[string]risk.ID{}}
	for _, acc := range AllAccounts() {
		u, _, err := a.DB.Auth().UserByLogin(ctx, acc.Login)
		if err != nil {
			return nil, fmt.Errorf("demo account %s: %w", acc.Login, err)
		}
		d.users[acc.Login] = u.Actor()
	}
	for _, f := range append(slices.Clone(firms), moreFirms...) {
		uscc, err := usccOf(f)
		if err != nil {
			return nil, err
		}
		e, err := a.DB.Enterprises().GetByUSCC(ctx, uscc)
		if err != nil {
			return nil, err
		}
		d.usccs[f.nameZh], d.ids[f.nameZh] = uscc, e.ID
	}
	return d, nil
}

// as returns the actor of a demo login.
func (d *demo) as(login string) risk.Actor { return d.users[login] }

// planReports plans each key commodity's quality report for every month
// of the timeline that has ended and has data for it, made as the monthly
// job makes them: by the system, at 06:00 on the next month's first day.
func (d *demo) planReports() error {
	first, _ := report.MonthOf(d.tl.at(dayRegister, 0, 0))
	current, _ := report.MonthOf(d.tl.today)
	for m := first; m.Before(current); m = m.AddDate(0, 1, 0) {
		from, to := report.MonthOf(m)
		d.tl.add(to.Add(6*time.Hour), "reports "+from.Format("2006-01"), func() error {
			for _, g := range report.KeyGroups {
				if ok, err := d.a.DB.Reports().Exists(d.ctx, g.Code, from); err != nil || ok {
					if err != nil {
						return err
					}
					continue
				}
				c, err := d.a.DB.Reports().Figures(d.ctx, g.HSPrefixes, from, to)
				if err != nil {
					return err
				}
				if f := report.FiguresOf(*c); f.Inspections+f.Signals+f.Issued+f.Measures == 0 {
					continue
				}
				if _, err := d.a.Reports.Generate(d.ctx, risk.System, g.Code, from); err != nil {
					return fmt.Errorf("report %s: %w", g.Code, err)
				}
			}
			return nil
		})
	}
	return nil
}

// usccOf is a firm's USCC.
func usccOf(f firm) (string, error) {
	u, err := ident.MakeUSCC(f.body)
	if err != nil {
		return "", fmt.Errorf("demo firm %s: %w", f.nameZh, err)
	}
	return u, nil
}
