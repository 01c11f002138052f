package monitoring

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// Hotspot is one count the store makes for targeted spot checks: the
// signals of a channel, or the inspection results of an outcome, about one
// HS heading (and hazard, for signals) since a time.
type Hotspot struct {
	Heading string // 4-digit HS heading
	Hazard  string // "" for inspections
	Channel string // the signal channel; "" for inspections
	Failed  bool   // inspections: failed (else passed)
	N       int
}

// Complaint channels: what consumers and the public report.
var complaintChannels = []string{"12315", "12360", "portal-complaint"}

// AlarmChannel is the channel of the detectors' statistical alarms.
const AlarmChannel = "statistical-alarm"

// Proposal is a commodity riskgate proposes for a targeted spot check
// (重点抽查), with the evidence.
type Proposal struct {
	Commodity    string `json:"commodity"` // an HS heading
	Hazard       string `json:"hazard"`    // the hazard most reported, "" when none is
	Complaints   int    `json:"complaints"`
	Alarms       int    `json:"alarms"`
	Signals      int    `json:"signals"` // all signals about it, complaints and alarms included
	Inspections  int    `json:"inspections"`
	Failures     int    `json:"inspection_failures"`
	Score        int    `json:"score"`
	Evidence     string `json:"evidence"` // "中文 / English"
	InPlanItemNo int    `json:"in_plan_item,omitempty"`
}

// CommodityName and HazardName are the codes in words.
func (p *Proposal) CommodityName() risk.Labeled { return Commodity(p.Commodity) }

// HazardName is the hazard in words.
func (p *Proposal) HazardName() risk.Labeled { return CatalogCode{"hazards", p.Hazard} }

// ProposalWindow is how far back the evidence for spot checks reaches.
const ProposalWindow = 365 * 24 * time.Hour

// Thresholds of a proposal: a heading is proposed when complaints
// concentrate on it, a detector alarmed on it, or it often fails at the
// port.
const (
	MinComplaints  = 3
	MinFailures    = 2
	MinFailurePct  = 20
	MaxProposals   = 20
	scoreAlarm     = 3
	scoreFailure   = 2
	scoreComplaint = 1
)

// Propose works out the proposals from the hotspots: per HS heading, the
// complaints, alarms, other signals and inspection results; a heading is
// proposed when complaints concentrate on it (at least MinComplaints), a
// detector alarmed on it, or its inspections often fail (at least
// MinFailures failures and MinFailurePct per cent); ranked by a score
// (alarm 3, failure 2, complaint 1). Headings a plan item already covers
// are marked with the item.
func Propose(hs []Hotspot, p *Plan) []Proposal {
	by := map[string]*Proposal{}
	hazards := map[string]map[string]int{}
	get := func(h string) *Proposal {
		if by[h] == nil {
			by[h] = &Proposal{Commodity: h}
			hazards[h] = map[string]int{}
		}
		return by[h]
	}
	for _, x := range hs {
		if len(x.Heading) != 4 || !isDigits(x.Heading) {
			continue
		}
		pr := get(x.Heading)
		if x.Channel == "" {
			pr.Inspections += x.N
			if x.Failed {
				pr.Failures += x.N
			}
			continue
		}
		pr.Signals += x.N
		switch {
		case x.Channel == AlarmChannel:
			pr.Alarms += x.N
		case slices.Contains(complaintChannels, x.Channel):
			pr.Complaints += x.N
		}
		if x.Hazard != "" {
			hazards[x.Heading][x.Hazard] += x.N
		}
	}
	var out []Proposal
	for h, pr := range by {
		often := pr.Failures >= MinFailures && pr.Failures*100 >= MinFailurePct*pr.Inspections
		if pr.Complaints < MinComplaints && pr.Alarms == 0 && !often {
			continue
		}
		best := 0
		for hz, n := range hazards[h] {
			if n > best || n == best && hz < pr.Hazard {
				pr.Hazard, best = hz, n
			}
		}
		pr.Score = scoreAlarm*pr.Alarms + scoreFailure*pr.Failures + scoreComplaint*pr.Complaints
		if p != nil {
			for _, it := range p.Items {
				if it.Covers(h) {
					pr.InPlanItemNo = it.No
					break
				}
			}
		}
		var zh, en []string
		if pr.Complaints > 0 {
			zh, en = append(zh, fmt.Sprintf("投诉举报 %d 起", pr.Complaints)), append(en, plural(pr.Complaints, "complaint"))
		}
		if pr.Alarms > 0 {
			zh, en = append(zh, fmt.Sprintf("统计预警 %d 次", pr.Alarms)), append(en, plural(pr.Alarms, "statistical alarm"))
		}
		if other := pr.Signals - pr.Complaints - pr.Alarms; other > 0 {
			zh, en = append(zh, fmt.Sprintf("其他风险信息 %d 条", other)), append(en, plural(other, "other signal"))
		}
		if pr.Inspections > 0 {
			zh = append(zh, fmt.Sprintf("口岸查验和检测不合格 %d/%d 批", pr.Failures, pr.Inspections))
			en = append(en, fmt.Sprintf("%d of %d lots failed inspection or testing", pr.Failures, pr.Inspections))
		}
		pr.Evidence = risk.Bilingual("近 12 个月："+strings.Join(zh, "，")+"。", "Last 12 months: "+strings.Join(en, ", ")+".")
		out = append(out, *pr)
	}
	slices.SortFunc(out, func(a, b Proposal) int {
		if a.Score != b.Score {
			return b.Score - a.Score
		}
		return strings.Compare(a.Commodity, b.Commodity)
	})
	if len(out) > MaxProposals {
		out = out[:MaxProposals]
	}
	return out
}

// Proposals proposes targeted spot checks for a plan from the last year's
// signals, detection alarms and inspection results. Officers and approvers
// see them; an approver adds one with AddItem (source spot-check, the
// proposal's evidence).
func (s *Service) Proposals(ctx context.Context, a risk.Actor, planID risk.ID) ([]Proposal, error) {
	if !CanManage(a) && !CanApprove(a) {
		return nil, forbidden("无权查看重点抽查建议。", "Not allowed to see spot-check proposals.")
	}
	p, err := s.Store.Plan(ctx, planID)
	if err != nil {
		return nil, err
	}
	hs, err := s.Store.Hotspots(ctx, s.Now().UTC().Add(-ProposalWindow))
	if err != nil {
		return nil, err
	}
	return Propose(hs, p), nil
}

// plural counts n of a thing in English.
func plural(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
