package trace

import (
	"context"
	"fmt"

	"riskgate/internal/risk"
)

// BulkStore is a Store that loads a large number of events into an empty
// repository in one transaction (the store's TraceStore does).
type BulkStore interface {
	// BulkLoad writes c's capture row, then each batch next returns
	// (nil: done) as Capture would write its records, then c's tally and
	// audit entry (set by the time next returns nil), all in one
	// transaction; the repository must hold no event yet, and an event
	// loaded twice fails the whole load.
	BulkLoad(ctx context.Context, c *Capture, next func() ([]*Record, error)) error
}

// BulkLoad loads records made elsewhere (next returns them a batch at a
// time, nil when done) into an empty repository as one capture, in one
// transaction, without looking up held events: it is how `riskgate bench
// trace` loads millions of events in minutes rather than hours. The
// records must be what Capture makes of the same events (the bench's
// generator is tested to make them so). The load is numbered as a
// capture: an index catches up with it, or, past CatchUpEvents, is built
// again (FreshIndex).
func (s *Service) BulkLoad(ctx context.Context, a risk.Actor, next func() ([]*Record, error)) (*CaptureResult, error) {
	if !CanCapture(a) || a.Role == risk.RoleEnterprise {
		return nil, forbidden("无权批量载入追溯事件。", "Not allowed to bulk-load traceability events.")
	}
	bs, ok := s.Store.(BulkStore)
	if !ok {
		return nil, fmt.Errorf("trace: the store cannot bulk-load")
	}
	c := &Capture{At: s.Now().UTC(), ActorID: a.UserID}
	err := bs.BulkLoad(ctx, c, func() ([]*Record, error) {
		recs, err := next()
		if err != nil {
			return nil, err
		}
		if recs == nil {
			c.Audit = captureAudit(a, &c.Result)
			return nil, nil
		}
		for _, r := range recs {
			if r.Declared != nil {
				return nil, risk.Errorf(risk.ErrInvalid, "%s", risk.Bilingual("批量载入不接受错误声明。", "a bulk load takes no error declarations."))
			}
		}
		c.Result.Events += len(recs)
		c.Result.Captured += len(recs)
		return recs, nil
	})
	if err != nil {
		return nil, err
	}
	c.Result.CaptureID = c.ID
	return &c.Result, nil
}
