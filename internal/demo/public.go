package demo

import (
	"context"
	"fmt"
	"net/url"
	"riskgate/internal/risk"
	"time"

	"riskgate/internal/matching"
	"riskgate/internal/publish"
	"riskgate/internal/signal"
	"riskgate/internal/subscription"
)

// subscriptionClient is the client address the demo subscription is
// recorded under, by which a second load finds it.
const subscriptionClient = "demo"

// planPublic plans what the public does: a subscription to the portal's
// announcements, and two complaints filed on the portal, which land in the
// market regulator's triage queue.
func (d *demo) planPublic() error {
	n, _, err := d.a.DB.Subscriptions().CountRecent(d.ctx, subscriptionClient, "", time.Time{})
	if err != nil {
		return err
	}
	if n == 0 {
		// A webhook, the channel every server offers. The address is under
		// the reserved .example domain (RFC 2606): deliveries to it fail
		// and are retried and finally given up, as the outbox records;
		// nothing reaches anyone. The demo confirms it with its token.
		var sub *subscription.Subscription
		d.tl.add(d.tl.at(30, 21, 10), "subscription", func() error {
			var err error
			sub, err = d.a.Subscriptions.Subscribe(d.ctx, subscription.Input{Channel: subscription.Webhook,
				Address: "https://hooks.consumer-council.example/riskgate/announcements", Lang: "zh",
				Filter: publish.Filter{HSPrefixes: []string{"9613", "9503", "6911", "6912", "3604"}}}, subscriptionClient)
			return err
		})
		d.tl.add(d.tl.at(30, 21, 14), "subscription confirmed", func() error {
			_, err := d.a.Subscriptions.Confirm(d.ctx, sub.ConfirmToken)
			return err
		})
		// The dispatcher's rounds after the subscription and after each
		// announcement it follows (the lighter 公告's update, the grade I
		// 公告 issued nationally): each delivery is tried with the
		// dispatcher's backoff until it is given up.
		for _, t := range []time.Time{d.tl.at(30, 21, 10), d.tl.at(24, 15, 0), d.tl.at(20, 10, 0)} {
			d.planDispatch(t.Add(30 * time.Second))
		}
	}
	_, n, err = d.a.Signals.List(d.ctx, d.as("amr"), signal.Filter{Channel: signal.ChannelComplaint, Paging: risk.Paging{Limit: 1}})
	if err != nil || n > 0 {
		return err
	}
	for _, c := range []struct {
		days, hh, mm int
		c            signal.Complaint
	}{
		{9, 20, 15, signal.Complaint{ProductName: "儿童磁力积木", Where: "某电商平台旗舰店", Category: "toys", Hazard: "choking", Region: "430100",
			Injured: true, Description: "积木外壳开裂，磁珠脱落，3 岁孩子误吞一颗，医院取出。同款还有两块外壳松动。",
			Name: "刘先生", Contact: "13807310000", OccurredAt: d.tl.at(11, 0, 0)}},
		{3, 12, 30, signal.Complaint{ProductName: "充电暖手宝", Brand: "暖宝宝", Where: "长沙市芙蓉区某超市", Hazard: "burns", Region: "430100",
			Description: "充电时外壳发烫变形，有焦糊味，担心起火。", Name: "陈女士", Contact: "chen@example.com", OccurredAt: d.tl.at(4, 0, 0)}},
	} {
		d.tl.add(d.tl.at(c.days, c.hh, c.mm), "portal complaint", func() error {
			_, err := d.a.Signals.Complain(d.ctx, c.c, nil)
			return err
		})
	}
	return nil
}

// unresolvable is the demo's webhook sender: the subscription's address is
// under the reserved .example domain, which never resolves, so every
// attempt fails as the real sender's does, and nothing is sent.
type unresolvable struct{}

func (unresolvable) Send(_ context.Context, d *subscription.Delivery) error {
	host := d.Subscription.Address
	if u, err := url.Parse(host); err == nil {
		host = u.Hostname()
	}
	return fmt.Errorf("webhook: Post %q: dial tcp: lookup %s: no such host", d.Subscription.Address, host)
}

// planDispatch plans the subscription dispatcher's rounds from t, as the
// server runs them: a first attempt, then each retry when its backoff has
// passed, until the delivery is given up after subscription.MaxAttempts.
func (d *demo) planDispatch(t time.Time) {
	svc := &subscription.Service{Store: d.a.DB.Subscriptions(), Now: func() time.Time { return d.a.DB.Now() },
		Senders: map[subscription.Channel]subscription.Sender{subscription.Webhook: unresolvable{}}}
	for n := 0; n < subscription.MaxAttempts; n++ {
		if n > 0 {
			t = t.Add(subscription.Backoff(n) + 5*time.Second)
		}
		d.tl.add(t, "subscription dispatch", func() error {
			_, _, err := svc.Dispatch(d.ctx, subscription.Batch)
			return err
		})
	}
}

// planMatching plans the officer's run of the matching engine over the
// untriaged foreign notifications of the last ten years, against the
// register and the export declarations, two days before today. A second
// load runs it only if no candidate was ever proposed.
func (d *demo) planMatching() error {
	for _, st := range []string{matching.Proposed, matching.Confirmed, matching.Rejected} {
		cs, err := d.a.Matching.Queue(d.ctx, d.as("officer"), st, 1)
		if err != nil || len(cs) > 0 {
			return err
		}
	}
	d.tl.add(d.tl.at(2, 10, 0), "matching", func() error {
		res, err := d.a.Matching.Run(d.ctx, d.as("officer"), matching.MaxDays)
		if err == nil {
			d.a.Log.Info("demo matching run", "notifications", res.Notifications, "proposed", res.Proposed)
		}
		return err
	})
	return nil
}
