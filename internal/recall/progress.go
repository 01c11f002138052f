package recall

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// Progress is one progress report of a recall: where it stands as of a
// date, each unit counted once by where it ended — remedied with its owner
// (repaired, replaced or refunded), withdrawn from the supply chain back to
// the producer, or destroyed — and how many units have been traced to an
// owner or a stock at all. Reports are cumulative: each gives the totals
// as of its date, so that the reports of a recall are its completion
// curve.
type Progress struct {
	ID         risk.ID          `json:"id"`
	RecallID   risk.ID          `json:"recall_id"`
	AsOf       string           `json:"as_of"` // YYYY-MM-DD
	Located    int64            `json:"located"`
	Corrected  int64            `json:"corrected"`
	Returned   int64            `json:"returned"`
	Destroyed  int64            `json:"destroyed"`
	ByChannel  map[string]int64 `json:"by_channel,omitempty"` // units dealt with, by how they were reached
	ByRegion   map[string]int64 `json:"by_region,omitempty"`  // units dealt with, by GB/T 2260 division
	Note       string           `json:"note,omitempty"`
	Completion float64          `json:"completion"` // dealt with ÷ units to recall
	CreatedBy  string           `json:"created_by"`
	CreatedAt  time.Time        `json:"created_at"`
}

// DealtWith is how many units have reached the end of the recall.
func (p *Progress) DealtWith() int64 { return p.Corrected + p.Returned + p.Destroyed }

// Channels by which units are reached.
var channelLabels = risk.Labels{
	"consumers":    {"消费者", "Consumers"},
	"retailers":    {"零售商", "Retailers"},
	"distributors": {"批发商和经销商", "Distributors"},
	"online":       {"电商平台", "Online platforms"},
	"export":       {"境外进口商", "Importers abroad"},
}

// Channels are the codes of the progress channels, in order.
var Channels = []string{"consumers", "retailers", "distributors", "online", "export"}

// ChannelLabel names a channel.
func ChannelLabel(code string) (zh, en string) { return channelLabels.Of(code) }

// ToRecall is the number of units the recall must reach: those sold and
// those still in the supply chain (when a product gives neither, those
// made).
func (r *Recall) ToRecall() int64 {
	var n int64
	for _, p := range r.Products {
		if p.Sold > 0 || p.InChain > 0 {
			n += p.Sold + p.InChain
		} else {
			n += p.Made
		}
	}
	return n
}

// ProgressInput is a progress report as filed.
type ProgressInput struct {
	AsOf      string           `json:"as_of"`
	Located   int64            `json:"located"`
	Corrected int64            `json:"corrected"`
	Returned  int64            `json:"returned"`
	Destroyed int64            `json:"destroyed"`
	ByChannel map[string]int64 `json:"by_channel"`
	ByRegion  map[string]int64 `json:"by_region"`
	Note      string           `json:"note"`
}

// check validates a report against the recall and its last report: a
// date not in the future nor before the last report's; quantities that
// add up (no more dealt with than located, nor than the units to recall;
// no total smaller than the last report's: reports are cumulative);
// breakdowns by known channels and divisions that do not exceed the total.
func (in *ProgressInput) check(r *Recall, last *Progress, sets *catalog.Sets, now time.Time) error {
	var v risk.Validation
	if in.AsOf == "" {
		in.AsOf = risk.Day(now).Format("2006-01-02")
	}
	if t, err := ParseDate("as_of", in.AsOf); err != nil {
		v.AddErr("as_of", err)
	} else if in.AsOf = t.Format("2006-01-02"); t.After(risk.Day(now)) {
		v.Add("as_of", fmt.Sprintf("%s 晚于今天。", in.AsOf), fmt.Sprintf("%s is after today.", in.AsOf))
	} else if last != nil && in.AsOf < last.AsOf {
		v.Add("as_of", fmt.Sprintf("日期早于上一次报告（%s）。", last.AsOf), fmt.Sprintf("dated before the last report (%s).", last.AsOf))
	}
	const max = 1e12
	bad := false
	for _, q := range []struct {
		field string
		n     int64
	}{{"located", in.Located}, {"corrected", in.Corrected}, {"returned", in.Returned}, {"destroyed", in.Destroyed}} {
		if q.n < 0 || q.n > max {
			v.Add(q.field, "数量应为 0 至 1 万亿之间的整数。", "a quantity must be a whole number from 0 to a trillion.")
			bad = true
		}
	}
	dealt := in.Corrected + in.Returned + in.Destroyed
	if !bad {
		if dealt > in.Located {
			v.Add("located", fmt.Sprintf("已处理的数量（%d）多于已查明的数量（%d）。", dealt, in.Located),
				fmt.Sprintf("more units dealt with (%d) than located (%d).", dealt, in.Located))
		}
		if n := r.ToRecall(); n > 0 && in.Located > n {
			v.Add("located", fmt.Sprintf("已查明的数量（%d）多于应召回的数量（已售和供应链中共 %d）。", in.Located, n),
				fmt.Sprintf("more units located (%d) than there are to recall (%d sold or in the supply chain).", in.Located, n))
		}
		if last != nil {
			for _, q := range []struct {
				field    string
				now, was int64
				zh, en   string
			}{{"located", in.Located, last.Located, "已查明", "located"}, {"corrected", in.Corrected, last.Corrected, "已修理、更换或退款", "corrected"},
				{"returned", in.Returned, last.Returned, "已退回", "returned"}, {"destroyed", in.Destroyed, last.Destroyed, "已销毁", "destroyed"}} {
				if q.now < q.was {
					v.Add(q.field, fmt.Sprintf("进度报告为累计数：%s数量（%d）少于上一次报告的 %d。", q.zh, q.now, q.was),
						fmt.Sprintf("progress reports are cumulative: %s (%d) is less than the last report's %d.", q.en, q.now, q.was))
				}
			}
		}
	}
	sum := func(field string, m map[string]int64, known func(string) bool, zh, en string) {
		var total int64
		for k, n := range m {
			if !known(k) {
				v.Add(field, fmt.Sprintf("未知的%s“%s”。", zh, k), fmt.Sprintf("unknown %s %q.", en, k))
				return
			}
			if n < 0 || n > max {
				v.Add(field, "数量应为 0 至 1 万亿之间的整数。", "a quantity must be a whole number from 0 to a trillion.")
				return
			}
			total += n
		}
		if total > dealt {
			v.Add(field, fmt.Sprintf("分项合计（%d）多于已处理的数量（%d）。", total, dealt), fmt.Sprintf("the breakdown (%d) exceeds the units dealt with (%d).", total, dealt))
		}
	}
	if len(in.ByChannel) > len(Channels) {
		v.Add("by_channel", "渠道分项过多。", "too many channels.")
	} else if len(in.ByRegion) > 200 {
		v.Add("by_region", "地区分项过多（上限 200）。", "too many divisions (limit 200).")
	} else {
		sum("by_channel", in.ByChannel, func(c string) bool { return slices.Contains(Channels, c) }, "渠道", "channel")
		sum("by_region", in.ByRegion, func(c string) bool { return sets == nil || sets.Regions[c] }, "行政区划代码", "division code")
	}
	v.Paragraph("note", in.Note, MaxText, false, "说明", "the note")
	return v.Err()
}

// ProgressStore keeps progress reports.
type ProgressStore interface {
	// AddProgress writes p with its audit entry and sets p.ID, if the
	// recall is still at revision rev and running (ErrConflict otherwise:
	// another report or a move came first); the recall's revision moves.
	AddProgress(ctx context.Context, p *Progress, rev int, ae audit.Entry) error
	Progress(ctx context.Context, recallID risk.ID) ([]*Progress, error)
}

// CanReport reports whether a may file r's progress: the firm its own,
// officers of the lead or a supporting department for it, while the
// recall is being carried out (in progress, or completed and not yet
// summed up, for the final figures).
func CanReport(a risk.Actor, r *Recall) bool {
	if r.Status != StatusInProgress && r.Status != StatusCompleted {
		return false
	}
	if !CanRead(a, r) {
		return false
	}
	if a.Role == risk.RoleEnterprise {
		return risk.Can(a, risk.PermRecallReport)
	}
	return risk.Can(a, risk.PermRecallWrite)
}

// Report files a progress report of recall id.
func (s *Service) Report(ctx context.Context, a risk.Actor, id risk.ID, in ProgressInput) (*Progress, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if !CanReport(a, r) {
		if r.Status != StatusInProgress && r.Status != StatusCompleted {
			zh, en := r.Status.Label()
			return nil, &risk.Error{Kind: risk.ErrConflict, Field: "status", Message: risk.Bilingual(
				fmt.Sprintf("召回%s，不能报告进度（实施中或已完成时报告）。", zh), fmt.Sprintf("the recall is %s; progress is reported while it runs or once completed.", strings.ToLower(en)))}
		}
		return nil, risk.Errorf(risk.ErrForbidden, "无权报告召回进度。 / Not allowed to report the recall's progress.")
	}
	ps, err := s.Progresses.Progress(ctx, id)
	if err != nil {
		return nil, err
	}
	var last *Progress
	if len(ps) > 0 {
		last = ps[len(ps)-1]
	}
	now := s.Now()
	if err := in.check(r, last, s.Sets, now); err != nil {
		return nil, err
	}
	p := &Progress{RecallID: id, AsOf: in.AsOf, Located: in.Located, Corrected: in.Corrected, Returned: in.Returned, Destroyed: in.Destroyed,
		ByChannel: in.ByChannel, ByRegion: in.ByRegion, Note: in.Note, CreatedBy: a.Label(), CreatedAt: now.UTC()}
	p.Completion = completion(p, r)
	ae := audit.New(a, "recall.progress", "recall", id, risk.Bilingual(
		fmt.Sprintf("召回进度（截至 %s）：已处理 %d 件，完成率 %.1f%%", p.AsOf, p.DealtWith(), 100*p.Completion),
		fmt.Sprintf("recall progress as of %s: %d units dealt with, %.1f %% complete", p.AsOf, p.DealtWith(), 100*p.Completion))).WithChange(nil, p)
	if err := s.Progresses.AddProgress(ctx, p, r.Rev, ae); err != nil {
		return nil, err
	}
	return p, nil
}

// Completion is the share of r's units to recall that its progress report
// p has dealt with (0–1).
func Completion(p *Progress, r *Recall) float64 { return completion(p, r) }

func completion(p *Progress, r *Recall) float64 {
	n := r.ToRecall()
	if n <= 0 {
		return 0
	}
	return min(1, float64(p.DealtWith())/float64(n))
}

// ProgressOf lists a recall's progress reports, oldest first, each with
// its completion.
func (s *Service) ProgressOf(ctx context.Context, a risk.Actor, id risk.ID) ([]*Progress, error) {
	r, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	ps, err := s.Progresses.Progress(ctx, id)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		p.Completion = completion(p, r)
	}
	return ps, nil
}

// Effect is the effectiveness evaluation's evidence: completion against
// the plan's target, and the signals about the recalled products in equal
// windows before and after the recall started.
type Effect struct {
	Completion     float64 `json:"completion"`
	Target         float64 `json:"target"`
	MeetsTarget    bool    `json:"meets_target"`
	WindowDays     int     `json:"window_days"`
	SignalsBefore  int     `json:"signals_before"`
	SignalsAfter   int     `json:"signals_after"`
	SignalsFalling bool    `json:"signals_falling"` // fewer after than before (or none either side)
}

// Signals counts the signals about products (by GTIN, or model with
// brand) received in [from, to).
type Signals interface {
	SignalsAbout(ctx context.Context, products []Product, from, to time.Time) (int, error)
}

// EffectOf works out the evidence for evaluating r (nil before its plan
// has started).
func (s *Service) EffectOf(ctx context.Context, r *Recall, ps []*Progress) (*Effect, error) {
	if r.Plan == nil || s.Signals == nil {
		return nil, nil
	}
	start, err := ParseDate("start_date", r.Plan.StartDate)
	if err != nil || start.After(s.Now()) {
		return nil, nil
	}
	end := risk.Day(s.Now())
	days := max(int(end.Sub(start).Hours()/24), 1)
	days = min(days, 365)
	e := &Effect{Target: r.Plan.TargetCompletion, WindowDays: days}
	if len(ps) > 0 {
		e.Completion = completion(ps[len(ps)-1], r)
	}
	e.MeetsTarget = e.Completion >= e.Target
	if e.SignalsBefore, err = s.Signals.SignalsAbout(ctx, r.Products, start.AddDate(0, 0, -days), start); err != nil {
		return nil, err
	}
	if e.SignalsAfter, err = s.Signals.SignalsAbout(ctx, r.Products, start, start.AddDate(0, 0, days)); err != nil {
		return nil, err
	}
	e.SignalsFalling = e.SignalsAfter < e.SignalsBefore || e.SignalsAfter == 0
	return e, nil
}
