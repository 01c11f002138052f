package web_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestReferralQueue: a grade I warning referred to the national authority
// waits in its approver's workbench and approval queue until the answer is
// recorded, flagged in the queue once it has waited more than five working
// days.
func TestReferralQueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		shift := pinClock(db)
		e := newEnv(t, db)
		wid, _ := approvedGradeI(t, e, "bulletin")
		code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/referral", wid), e.token("officer"), map[string]any{"authority": "gacc", "rev": 3})
		if code != 200 {
			t.Fatalf("refer: %d %v", code, body)
		}
		number := body["referral"].(map[string]any)["number"].(string)
		queue := func(when string, overdue int) {
			t.Helper()
			b, _ := benchOf(t, e, "approver")
			if b["approvals"]["referrals"] != 1 {
				t.Errorf("%s: approver's workbench %v", when, b["approvals"])
			}
			ab := e.browser()
			ab.login("approver", password("approver"))
			_, page := ab.get("/approvals")
			card := section(page, fmt.Sprintf("warning-%d", wid))
			for _, want := range []string{"烟花爆炸伤人风险警示", number, "登记国家层面答复"} {
				if !strings.Contains(card, want) {
					t.Errorf("%s: the approval queue's referral lacks %q: %s", when, want, card)
				}
			}
			if late := strings.Contains(card, "待国家层面答复，已逾期"); late != (overdue > 0) {
				t.Errorf("%s: overdue shown %v: %s", when, late, card)
			}
			if !strings.Contains(page, fmt.Sprintf(`href="/warnings/%d#referral"`, wid)) {
				t.Errorf("%s: no link to the answer form", when)
			}
			_, home := ab.get("/")
			if !strings.Contains(home, `<a href="/approvals#referrals" data-queue="referrals"><span class="num">1</span>`) {
				t.Errorf("%s: the workbench page lacks the referral", when)
			}
		}
		queue("today", 0)
		shift(15 * 24 * time.Hour)
		queue("15 days on", 1)
		shift(0)
		// Answered: it leaves the queue.
		code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/referral/outcome", wid), e.token("approver"), map[string]any{
			"outcome": "issued_nationally", "national_reference": "海关总署公告2026年第88号", "decided_at": db.Now().Format(time.RFC3339), "rev": 4})
		if code != 200 {
			t.Fatalf("outcome: %d %v", code, body)
		}
		if b, _ := benchOf(t, e, "approver"); b["approvals"]["referrals"] != 0 {
			t.Errorf("answered, still pending: %v", b["approvals"])
		}
		ab := e.browser()
		ab.login("approver", password("approver"))
		if _, page := ab.get("/approvals"); strings.Contains(page, fmt.Sprintf(`href="/warnings/%d#referral"`, wid)) {
			t.Error("the answered referral is still in the queue")
		}
	})
}
