package web

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/monitoring"
	"riskgate/internal/petition"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/signal"
	"riskgate/internal/tracker"
)

// jsonBodies make the values the API decodes request bodies into: signals
// (one, or a batch), declarations (one, or a batch), an assessment, a
// public complaint, a petition, monitoring plans and samples and a report
// on the plan's tasks, as their handlers declare them.
var jsonBodies = []func() any{
	func() any { return new(signal.Input) },
	func() any {
		return new(struct {
			Items []signal.Input `json:"items"`
		})
	},
	func() any { return new(screening.Declaration) },
	func() any {
		return new(struct {
			Items []screening.Declaration `json:"items"`
		})
	},
	func() any { return new(assess.Input) },
	func() any {
		return new(struct {
			signal.Complaint
			OccurredAt string `json:"occurred_at"`
		})
	},
	func() any { return new(petition.Input) },
	func() any { return new(monitoring.PlanInput) },
	func() any { return new(monitoring.SampleInput) },
	func() any { return new(tracker.ReportInput) },
}

// FuzzStrictJSON decodes request bodies as the API does: a body strictJSON
// accepts decodes to the same value with encoding/json; one it refuses is
// a bilingual ErrInvalid naming where the problem is — "body" or the path
// of a field as the client wrote it, which the message repeats — never
// the catch-all for a problem it could not find.
func FuzzStrictJSON(f *testing.F) {
	const line = `{"hs_code": "9613800000", "name": "打火机", "destination": "DE"}`
	declaration := func(lines string) string {
		return `{"number": "P-1", "direction": "export", "port": "4900", "declared_at": "2026-11-01T08:00:00Z", "trade_mode": "0110", "lines": [` + lines + `]}`
	}
	// CPSC recall 13157 (shared/data/recalls, public domain) as a signal.
	const recall = `{"channel": "foreign-notification", "external_ref": "CPSC-13157", "received_at": "2013-03-28T00:00:00Z",
		"product": {"name": "Bell Full Throttle Bike Helmets", "gtin": "035011937052", "destination": "US"}, "hazard": "injuries",
		"injuries": {"count": 0}, "description": "The buckle on the helmet's safety strap can release in an accident."}`
	for _, s := range []struct {
		body string
		typ  uint8
	}{
		{recall, 0}, {`{"items": [` + recall + `, {"channel": "12315", "product": {"name": ["x"]}}]}`, 1},
		{declaration(line + "," + line + `, {"hs_code": "9613800000", "name": "x", "quantity": "many"}`), 2},
		{`{"items": [` + declaration(line) + "," + declaration(`{"hs_code": 9613, "name": "x"}`) + `]}`, 3},
		{declaration(`{"hs_code": "9613800000", "name": "x", "colour": "red"}`), 2},
		{strings.Replace(declaration(line), "2026-11-01T08:00:00Z", "yesterday", 1), 2},
		{declaration(`{"hs_code": "9613800000", "name": "x", "quantity": 1e400}`), 2},
		{declaration(`{"hs_code": "9613800000" "name": "x"}`), 2},
		{`[1, 2]`, 2},
		{`{"product": "一次性打火机", "scenarios": [{"severity": 3, "vulnerable": true, "steps": [{"probability": "1/10"}, {"probability": 7.4e-05}]}]}`, 4},
		{`{"scenarios": [{"severity": 2, "steps": [{"probability": true}]}]}`, 4},
		{`{"scenarios": [{"severity": 2.5, "steps": [{"probability": 0.5}]}]}`, 4},
		{`{"product_name": "电暖器", "occurred_at": 20261101}`, 5},
		{`{"product_name": 7, "Injured": true}`, 5},
		{`{"measure_id": 12, "grounds": "已整改。", "declarations": ["490020261000001", "490020261000002"]}`, 6},
		{`{"warning_id": "3", "declarations": "490020261000001"}`, 6},
		{`{"year": 2026, "title": "2026 年监测计划", "items": [{"commodity": "pyrotechnic-articles", "hazard": "burns", "test_items": ["药量"], "points": [1], "quota": 2, "period": "quarter", "dept": "cs-customs"}]}`, 7},
		{`{"year": 2026, "items": [{"commodity": "9613", "points": ["1"], "quota": "two"}]}`, 7},
		{`{"number": "HNJC-2026-0001", "plan_id": 1, "item_no": 1, "point_id": 1, "product": "组合烟花", "hs_code": "36041000", "lot": "L1", "place": "仓库", "taken_at": "2026-03-02T02:00:00Z", "lab": "实验室", "results": [{"test_item": "药量", "value": "131", "limit": "≤100", "unit": "g", "conclusion": "fail"}]}`, 8},
		{`{"number": "x", "taken_at": "March", "results": [{"test_item": "药量", "pass": true}]}`, 8},
		{`{"task": "T01", "unit": "cs-customs", "quarter": "2026Q3", "progress": "完成监测抽样 40 批。", "problems": "", "next": "下季度继续。"}`, 9},
		{`{"task": 1, "unit": ["cs-customs"], "quarter": 2026.3}`, 9},
		{`{"scenarios": [`, 4}, {`{} {}`, 4}, {``, 0}, {`null`, 0}, {`{"items": null}`, 1}, {"\xff", 0},
	} {
		f.Add([]byte(s.body), s.typ)
	}
	f.Fuzz(func(t *testing.T, body []byte, typ uint8) {
		newBody := jsonBodies[int(typ)%len(jsonBodies)]
		isBatch(body)
		v := newBody()
		err := strictJSON(body, v)
		if err == nil {
			plain := newBody()
			if err := json.Unmarshal(body, plain); err != nil {
				t.Fatalf("strictJSON took %q, encoding/json refuses it: %v", body, err)
			}
			if !reflect.DeepEqual(v, plain) {
				t.Fatalf("%q: strictJSON read %+v, encoding/json %+v", body, v, plain)
			}
			return
		}
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field == "" || !strings.Contains(e.Message, " / ") {
			t.Fatalf("%q: error %#v, want a bilingual ErrInvalid naming a field", body, err)
		}
		if e.Message == risk.Bilingual("无法读取请求体。", "cannot read the request body.") {
			t.Fatalf("%q into %T: the problem was not found: %v", body, v, e.Err)
		}
		if e.Field != "body" && !strings.Contains(e.Message, e.Field) {
			t.Fatalf("%q: message %q does not name %s", body, e.Message, e.Field)
		}
	})
}
