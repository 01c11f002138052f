package detect

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Week is one row of a weekly series file.
type Week struct {
	T        int
	Year     int
	Week     int
	Date     string // Monday of the week, or empty for index-based series
	Observed float64
}

// MaxWeeks bounds a series file.
const MaxWeeks = 100_000

// ReadSeries reads a series in the format of shared/data/surveillance's
// *_weekly.csv: a heading with at least t and observed (year, week, date
// when present), one row per week in order.
func ReadSeries(r io.Reader) ([]Week, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("第 1 行（标题行）无法读取 / line 1 (the heading) cannot be read: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"t", "observed"} {
		if _, ok := col[need]; !ok {
			return nil, fmt.Errorf("缺少列 %s / missing column %s", need, need)
		}
	}
	var out []Week
	line := 1
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		line++
		if err != nil {
			return nil, fmt.Errorf("第 %d 行 / line %d: %w", line, line, err)
		}
		if len(out) >= MaxWeeks {
			return nil, fmt.Errorf("最多 %d 周 / at most %d weeks", MaxWeeks, MaxWeeks)
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		var w Week
		if w.T, err = strconv.Atoi(get("t")); err != nil || w.T != len(out)+1 {
			return nil, fmt.Errorf("第 %d 行：t 应为 %d / line %d: t must be %d", line, len(out)+1, line, len(out)+1)
		}
		// A count is finite: "Inf", which ParseFloat reads, would make
		// every mean, bound and score of the methods infinite or NaN.
		if w.Observed, err = strconv.ParseFloat(get("observed"), 64); err != nil || !(w.Observed >= 0) || math.IsInf(w.Observed, 0) {
			return nil, fmt.Errorf("第 %d 行：observed 应为有限的非负数 / line %d: observed must be a finite non-negative number", line, line)
		}
		w.Year, _ = strconv.Atoi(get("year"))
		w.Week, _ = strconv.Atoi(get("week"))
		w.Date = get("date")
		out = append(out, w)
	}
}

// Observed returns the counts of a series.
func Observed(ws []Week) []float64 {
	x := make([]float64, len(ws))
	for i, w := range ws {
		x[i] = w.Observed
	}
	return x
}
