package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/trace"
)

// streamDoc makes an EPCIS document of n shipping events of one item each
// (item i, one minute apart); events lists extra events to append as JSON.
func streamDoc(n int, extra ...string) []byte {
	var b bytes.Buffer
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2026-03-06T08:00:00+08:00","epcisBody":{"eventList":[`)
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"ObjectEvent","eventTime":"%s","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:6901234.022222.%d"],"bizStep":"shipping","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"}}`,
			start.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), i)
	}
	for _, e := range extra {
		b.WriteString("," + e)
	}
	b.WriteString(`]}}`)
	return b.Bytes()
}

// TestTraceCaptureStream: a document read as a stream is written in chunks
// within one transaction — all of it, or (one bad event after the first
// chunk) none of it; duplicates and a declaration that reach back to an
// earlier chunk are recognised as in a document read whole.
func TestTraceCaptureStream(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 6, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		svc := &trace.Service{Store: db.Trace(), Now: db.Now}
		x, err := trace.BuildIndex(ctx, db.Trace(), 10000)
		if err != nil {
			t.Fatal(err)
		}
		svc.SetIndex(x)
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		count := func() int {
			p, err := svc.Events(ctx, officer, trace.QueryInput{"perPage": {"1"}, "MATCH_epc": {"urn:epc:idpat:sgtin:6901234.022222.*"}})
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Events)
		}
		n := trace.StreamChunk + 500
		first := `{"type":"ObjectEvent","eventTime":"2026-03-01T00:00:00Z","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:6901234.022222.0"],"bizStep":"shipping","readPoint":{"id":"urn:epc:id:sgln:6901234.00001.0"}}`
		declared := strings.Replace(first, `"bizStep"`, `"errorDeclaration":{"declarationTime":"2026-03-05T00:00:00Z","reason":"incorrect_data"},"bizStep"`, 1)
		bad := strings.Replace(first, `"shipping"`, `"shiping"`, 1)

		// One bad event past the first chunk: nothing at all is written.
		before := entries()
		_, err = svc.CaptureStream(ctx, officer, bytes.NewReader(streamDoc(n, bad)))
		if !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), fmt.Sprintf("eventList[%d].bizStep", n)) {
			t.Fatalf("bad event: %v", err)
		}
		if entries() != before || count() != 0 {
			t.Errorf("a refused stream wrote something")
		}
		// @context after the body is refused.
		late := strings.Replace(string(streamDoc(2)), `"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],`, "", 1)
		late = strings.TrimSuffix(late, "}") + `,"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"]}`
		if _, err := svc.CaptureStream(ctx, officer, strings.NewReader(late)); !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("late context: %v", err)
		}

		// The whole document, with the first event again and declared in
		// error at its end (both in the last chunk, reaching the first).
		res, err := svc.CaptureStream(ctx, officer, bytes.NewReader(streamDoc(n, first, declared)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Events != n+2 || res.Captured != n || res.Duplicates != 1 || res.Declared != 1 || res.CaptureID == 0 {
			t.Errorf("stream capture: %+v", res)
		}
		if entries() != before+1 {
			t.Errorf("audit entries %d, want %d", entries(), before+1)
		}
		// The index the service keeps has the events written but the one
		// declared in error, as the store answers.
		if x := svc.FreshIndex(ctx); x == nil || x.Len() != n-1 {
			t.Fatalf("index %v, want %d events", x, n-1)
		}
		sameAround(t, db, svc.FreshIndex(ctx))
		// Read whole, the same document adds nothing.
		again, err := svc.Capture(ctx, officer, streamDoc(n))
		if err != nil {
			t.Fatal(err)
		}
		if again.Captured != 0 || again.Duplicates != n {
			t.Errorf("resent whole: %+v", again)
		}
		p, err := svc.Events(ctx, officer, trace.QueryInput{"EXISTS_errorDeclaration": {"true"}})
		if err != nil || len(p.Events) != 1 {
			t.Errorf("declared events: %v %v", p, err)
		}
	})
}
