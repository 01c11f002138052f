package screening_test

import (
	"context"
	"strings"
	"testing"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// A JSONL line of the wrong type is explained in each language in its own
// words, and a number out of range is not called the wrong type.
func TestJSONLTypeErrors(t *testing.T) {
	inspector := risk.Actor{UserID: 1, Login: "inspector", Dept: "cs-customs", Role: risk.RoleInspector}
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	// A batch with unreadable lines is refused before the store is asked.
	e := &screening.Engine{Sets: sets}
	tests := []struct {
		name, line, field, zh, en string
	}{
		{"text for a number", `{"lines":[{"quantity":"many"}]}`, "lines.quantity", "类型不对：应为数字。", "wrong type: a number is expected."},
		{"number for text", `{"number":42}`, "number", "类型不对：应为文本（字符串）。", "wrong type: text (a string) is expected."},
		{"object for lines", `{"lines":{}}`, "lines", "类型不对：应为数组。", "wrong type: an array is expected."},
		{"number out of range", `{"lines":[{"value":1e400}]}`, "lines.value", "数值超出范围或不是整数：1e400。", "the number is out of range or not whole: 1e400."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := screening.ParseBatch(strings.NewReader(tt.line), screening.FormatJSONL)
			if err != nil {
				t.Fatal(err)
			}
			res, _ := e.ScreenBatch(context.Background(), inspector, b)
			if len(res.Errors) == 0 {
				t.Fatalf("no errors")
			}
			got := res.Errors[0]
			if want := tt.zh + " / " + tt.en; got.Field != tt.field || got.Message != want {
				t.Errorf("got %s: %s, want %s: %s", got.Field, got.Message, tt.field, want)
			}
		})
	}
}
