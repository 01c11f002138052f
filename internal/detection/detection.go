// Package detection runs aberration detection inside the product: a
// detector counts signals by group (HS heading or product category ×
// hazard × region × channel …) per day or week, runs one of the methods
// of package detect over each count series, and turns every alarm into a
// signal on the channel 统计预警 (statistical-alarm) in the triage queue —
// at most one per series within the suppression window. Each alarm keeps
// what explains it: observed, expected, upper bound, score, p-value, the
// method and its parameters.
package detection

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/detect"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// AlarmChannel is the signal channel of statistical alarms; signals on it
// are never counted by detectors.
const AlarmChannel = "statistical-alarm"

// Dimensions a detector groups signals by.
const (
	DimHSHeading = "hs_heading" // first four digits of the HS code
	DimHSChapter = "hs_chapter" // first two digits
	DimCategory  = "category"   // product category, from the HS heading
	DimHazard    = "hazard"
	DimRegion    = "region" // the 市州 (prefecture) of the region code
	DimChannel   = "channel"
	DimOrigin    = "origin" // country of origin
)

// Dimensions lists the dimensions in display order.
var Dimensions = []string{DimHSHeading, DimHSChapter, DimCategory, DimHazard, DimRegion, DimChannel, DimOrigin}

// Periods.
const (
	Week = "week"
	Day  = "day"
)

// Methods a detector may run.
var Methods = []string{"earsC1", "earsC2", "earsC3", "cusum", "farrington", "farringtonFlexible"}

// Limits on what a detector may ask for.
const (
	MaxGroupBy      = 4
	MaxDetectors    = 200
	MaxSuppressDays = 365
	MaxName         = 100 // a detector's name, in characters
	// MaxCatchUp is how many complete periods a run evaluates at most:
	// those since the last run (a server down for a while catches up).
	MaxCatchUp = 8
)

// Detector is one configured count series definition.
type Detector struct {
	ID           risk.ID           `json:"id"`
	Name         string            `json:"name"`
	GroupBy      []string          `json:"group_by"`
	Channels     []string          `json:"channels,omitempty"` // only these channels; empty: all but statistical alarms
	Period       string            `json:"period"`
	Method       string            `json:"method"`
	Params       map[string]string `json:"params,omitempty"` // option name → value, as `riskgate detect --option`
	SuppressDays int               `json:"suppress_days"`
	Dept         string            `json:"dept"`
	Active       bool              `json:"active"`
	CreatedBy    string            `json:"created_by"`
	CreatedAt    time.Time         `json:"created_at"`
	LastRunAt    *time.Time        `json:"last_run_at,omitempty"`
}

// Alarm is one period of one series that exceeded its bound.
type Alarm struct {
	ID          risk.ID           `json:"id"`
	DetectorID  risk.ID           `json:"detector_id"`
	Group       string            `json:"group"`
	PeriodStart time.Time         `json:"period_start"`
	Observed    float64           `json:"observed"`
	Expected    float64           `json:"expected"`
	UpperBound  float64           `json:"upper_bound"`
	Score       float64           `json:"score"`
	PValue      *float64          `json:"p_value,omitempty"`
	Method      string            `json:"method"`
	Params      map[string]string `json:"params,omitempty"`
	SignalID    risk.ID           `json:"signal_id,omitempty"` // 0 when suppressed
	Suppressed  bool              `json:"suppressed"`
	CreatedAt   time.Time         `json:"created_at"`
}

// Event is what a detector needs of one signal.
type Event struct {
	At                                      time.Time
	HSCode, Hazard, Region, Channel, Origin string
}

// AlarmFilter selects alarms.
type AlarmFilter struct {
	DetectorID risk.ID
	Group      string
	Limit      int
}

// Store is the persistence of detectors and alarms.
type Store interface {
	CreateDetector(ctx context.Context, d *Detector, ae audit.Entry) error
	// UpdateDetector replaces the configuration of a detector.
	UpdateDetector(ctx context.Context, d *Detector, ae audit.Entry) error
	Detector(ctx context.Context, id risk.ID) (*Detector, error)
	Detectors(ctx context.Context) ([]*Detector, error)
	// Events returns the signals received in [from, to), on the given
	// channels (all when empty), never those on AlarmChannel.
	Events(ctx context.Context, from, to time.Time, channels []string) ([]Event, error)
	// RecordRun stores, in one transaction and in period order, the alarms
	// not stored yet (one per detector, group and period). An alarm whose
	// series raised a signal for a period starting within the detector's
	// suppression window before it is stored as suppressed; any other
	// raises raise(alarm) — a signal with its audit entry — and keeps its
	// id. The detector's last run time becomes at. It returns the alarms
	// newly stored.
	RecordRun(ctx context.Context, d *Detector, at time.Time, alarms []*Alarm,
		raise func(*Alarm) (*signal.Signal, audit.Entry), ae audit.Entry) ([]*Alarm, error)
	Alarms(ctx context.Context, f AlarmFilter) ([]*Alarm, error)
}

// Input is a detector as a user configures it.
type Input struct {
	Name         string            `json:"name"`
	GroupBy      []string          `json:"group_by"`
	Channels     []string          `json:"channels,omitempty"`
	Period       string            `json:"period"`
	Method       string            `json:"method"`
	Params       map[string]string `json:"params,omitempty"`
	SuppressDays *int              `json:"suppress_days,omitempty"` // default 7
	Active       *bool             `json:"active,omitempty"`        // default true
}

// runner evaluates one count series: points for periods 1..len(x).
type runner func(x []float64, starts []time.Time) ([]Point, error)

// Point is one period of a series as the chart and the alarms need it.
type Point struct {
	Start      time.Time `json:"start"`
	Observed   float64   `json:"observed"`
	Expected   *float64  `json:"expected,omitempty"`
	UpperBound *float64  `json:"upper_bound,omitempty"`
	Score      *float64  `json:"score,omitempty"`
	PValue     *float64  `json:"p_value,omitempty"`
	Alarm      bool      `json:"alarm"`
}

// method builds the runner of a method with its options, and says how
// many periods of history it needs before the first evaluated one.
func method(name, period string, params map[string]string) (runner, int, error) {
	invalid := func(msgZh, msgEn string) error { return risk.Invalid("params", msgZh, msgEn) }
	floatOpt := func(key string, dst *float64) error {
		if v, ok := params[key]; ok {
			f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || f != f {
				return invalid("参数 "+key+" 必须是数字。", "Option "+key+" must be a number.")
			}
			*dst = f
		}
		return nil
	}
	only := func(keys ...string) error {
		for k := range params {
			if !slices.Contains(keys, k) {
				return invalid("方法 "+name+" 没有参数 "+k+"。", "Method "+name+" has no option "+k+".")
			}
		}
		return nil
	}
	wrap := func(pts []detect.Point, starts []time.Time) []Point {
		out := make([]Point, len(pts))
		for i, p := range pts {
			out[i] = Point{Start: starts[i], Observed: p.Observed, Alarm: p.Alarm}
			if p.Defined {
				out[i].Expected, out[i].UpperBound, out[i].Score = ptr(p.Expected), ptr(p.UpperBound), ptr(p.Score)
			}
		}
		return out
	}
	switch name {
	case "earsC1", "earsC2", "earsC3":
		if err := only("alpha", "baseline", "minSigma", "threshold"); err != nil {
			return nil, 0, err
		}
		var p detect.EARS
		var baseline float64
		for _, e := range []error{floatOpt("alpha", &p.Alpha), floatOpt("baseline", &baseline), floatOpt("minSigma", &p.MinSigma), floatOpt("threshold", &p.Threshold)} {
			if e != nil {
				return nil, 0, e
			}
		}
		p.Baseline = int(baseline)
		if err := p.Check(); err != nil {
			return nil, 0, badOptions(err)
		}
		fn := map[string]func([]float64, detect.EARS) []detect.Point{"earsC1": detect.C1, "earsC2": detect.C2, "earsC3": detect.C3}[name]
		need := max(p.Baseline, 7) + 4
		return func(x []float64, starts []time.Time) ([]Point, error) { return wrap(fn(x, p), starts), nil }, need, nil
	case "cusum":
		if err := only("baseline", "k", "h", "minSigma"); err != nil {
			return nil, 0, err
		}
		var p detect.CUSUM
		var baseline float64
		for _, e := range []error{floatOpt("baseline", &baseline), floatOpt("k", &p.K), floatOpt("h", &p.H), floatOpt("minSigma", &p.MinSigma)} {
			if e != nil {
				return nil, 0, e
			}
		}
		p.Baseline = int(baseline)
		if p.Baseline < 0 || p.Baseline > 520 || p.K < 0 || p.H < 0 || p.MinSigma < 0 {
			return nil, 0, invalid("CUSUM 参数超出范围。", "CUSUM options out of range.")
		}
		need := max(p.Baseline, 7) + 1
		return func(x []float64, starts []time.Time) ([]Point, error) { return wrap(detect.Cusum(x, p), starts), nil }, need, nil
	case "farrington", "farringtonFlexible":
		if period != Week {
			return nil, 0, risk.Invalid("method", "Farrington 方法只用于按周统计。", "The Farrington methods need weekly counts.")
		}
		p := detect.DefaultFarrington()
		if name == "farringtonFlexible" {
			p = detect.DefaultFlexible()
		}
		for _, k := range slices.Sorted(maps.Keys(params)) {
			if k == "range" {
				return nil, 0, invalid("检测器不接受 range 参数。", "A detector takes no range option.")
			}
			if err := p.Set(k, params[k]); err != nil {
				return nil, 0, badOptions(err)
			}
		}
		check := p
		if check.PastWeeksNotIncluded < 0 {
			check.PastWeeksNotIncluded = check.W
		}
		if err := check.Check(); err != nil {
			return nil, 0, badOptions(err)
		}
		need := 52*p.B + p.W + 2 // dated series: a leap year may push a window one week further back
		return func(x []float64, starts []time.Time) ([]Point, error) {
			ws := make([]detect.Week, len(x))
			for i := range x {
				y, w := starts[i].ISOWeek()
				ws[i] = detect.Week{T: i + 1, Year: y, Week: w, Date: starts[i].Format(time.DateOnly), Observed: x[i]}
			}
			pts, err := detect.RunFarrington(ws, p)
			if err != nil {
				return nil, err
			}
			out := make([]Point, len(pts))
			for i, fp := range pts {
				out[i] = Point{Start: starts[i], Observed: fp.Observed, Alarm: fp.Alarm}
				if fp.Defined {
					out[i].Expected, out[i].UpperBound, out[i].Score, out[i].PValue = ptr(fp.Expected), ptr(fp.UpperBound), ptr(fp.Score), ptr(fp.PValue)
				}
			}
			return out, nil
		}, need, nil
	}
	return nil, 0, risk.Invalid("method", fmt.Sprintf("方法必须是 %s 之一。", strings.Join(Methods, "、")),
		fmt.Sprintf("Method must be one of %s.", strings.Join(Methods, ", ")))
}

// ptr returns a pointer to a finite value, nil for NaN or ±Inf.
func ptr(v float64) *float64 {
	if v != v || v > 1e308 || v < -1e308 {
		return nil
	}
	return &v
}

// badOptions explains a refusal of package detect, whose messages are
// either bilingual ("选项 … / option …") or technical English ("alpha must
// be in (0, 1)"): each language once.
func badOptions(err error) error {
	zh, en, ok := strings.Cut(err.Error(), " / ")
	if !ok {
		zh, en = err.Error(), err.Error()
	}
	return risk.Invalid("params", "参数无效："+zh+"。", "Bad options: "+en+".")
}

// RefLabel names the external reference of an alarm's signal
// ("alarm:<detector>:<series>:<week>") by its detector and week; ok is false
// for any other reference.
func RefLabel(ref string) (zh, en string, ok bool) {
	rest, found := strings.CutPrefix(ref, "alarm:")
	if !found {
		return "", "", false
	}
	det, rest, _ := strings.Cut(rest, ":")
	day := rest
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		day = rest[i+1:]
	}
	return "检测器 " + det + " · " + day, "detector " + det + " · " + day, true
}
