package tbt

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Affected is a Hunan exporter a notification concerns: its export
// declaration lines to the member under the notified codes, and their
// declared value, in the window.
type Affected struct {
	EnterpriseID risk.ID `json:"enterprise_id,omitempty"` // 0: the consignor is not in the register
	USCC         string  `json:"uscc"`
	Name         string  `json:"name"`
	Lines        int     `json:"lines"`
	Value        float64 `json:"value"`
}

// ImpactQuery selects export declaration lines: screened since Since, to
// one of Destinations, under an HS code starting with one of HSPrefixes
// (none: any).
type ImpactQuery struct {
	Destinations []string
	HSPrefixes   []string
	Since        time.Time
}

// Impact is the exporters a notification or study concerns, ranked by
// value, then lines.
type Impact struct {
	Member       string     `json:"member"`
	Destinations []string   `json:"destinations"`
	HSCodes      []string   `json:"hs_codes"`
	Since        string     `json:"since"` // YYYY-MM-DD, China time
	Items        []Affected `json:"items"`
	Lines        int        `json:"lines"`
	Value        float64    `json:"value"`
}

// ImpactWindow is how far back declarations count.
const ImpactWindow = 12 // months

// Rank orders the affected firms: by value, then lines, then USCC.
func Rank(items []Affected) {
	slices.SortStableFunc(items, func(a, b Affected) int {
		switch {
		case a.Value != b.Value:
			if a.Value > b.Value {
				return -1
			}
			return 1
		case a.Lines != b.Lines:
			return b.Lines - a.Lines
		}
		return strings.Compare(a.USCC, b.USCC)
	})
}

// Subscription is a person's alert on notifications: by HS code prefix
// and market, either or both. A notification matches when one of its HS
// codes and one of the prefixes share a prefix (a subscription to 9503
// matches a notification of 950300 and one of chapter 95), and the member
// is one of the markets (the EU and its member states meet).
type Subscription struct {
	ID         risk.ID   `json:"id"`
	UserID     risk.ID   `json:"user_id"`
	HSPrefixes []string  `json:"hs_codes"`
	Members    []string  `json:"members"`
	CreatedAt  time.Time `json:"created_at"`
}

// SubscriptionInput is a subscription as entered.
type SubscriptionInput struct {
	HSCodes []string `json:"hs_codes"`
	Members []string `json:"members"`
}

// Check validates the input and returns the subscription.
func (in *SubscriptionInput) Check(sets Sets) (*Subscription, error) {
	var v risk.Validation
	s := &Subscription{HSPrefixes: []string{}, Members: []string{}}
	if len(in.HSCodes) == 0 && len(in.Members) == 0 {
		v.Add("hs_codes", "请至少选择一个 HS 编码或一个市场。", "choose at least one HS code or market.")
	}
	if len(in.HSCodes) > MaxCodes || len(in.Members) > MaxCodes {
		v.Add("hs_codes", fmt.Sprintf("HS 编码和市场各不能超过 %d 个。", MaxCodes), fmt.Sprintf("at most %d HS codes and %d markets.", MaxCodes, MaxCodes))
		return nil, v.Err()
	}
	for i, x := range in.HSCodes {
		c, err := ident.ParseHS(x)
		if err == nil {
			err = sets.HS.Check(c)
		}
		if err != nil {
			v.AddErr(fmt.Sprintf("hs_codes[%d]", i), err)
			continue
		}
		if !slices.Contains(s.HSPrefixes, string(c)) {
			s.HSPrefixes = append(s.HSPrefixes, string(c))
		}
	}
	for i, x := range in.Members {
		m, err := ParseMember(x, sets.Countries)
		if err != nil {
			v.AddErr(fmt.Sprintf("members[%d]", i), err)
			continue
		}
		if !slices.Contains(s.Members, m) {
			s.Members = append(s.Members, m)
		}
	}
	return s, v.Err()
}

// Matches reports whether the notification is one the subscription asks
// for.
func (s *Subscription) Matches(n *Notification) bool {
	if len(s.Members) > 0 && !slices.ContainsFunc(s.Members, func(m string) bool { return overlaps(m, n.Member) }) {
		return false
	}
	if len(s.HSPrefixes) == 0 {
		return true
	}
	for _, p := range s.HSPrefixes {
		for _, c := range n.HSCodes {
			if strings.HasPrefix(c, p) || strings.HasPrefix(p, c) {
				return true
			}
		}
	}
	return false
}

// StudyStatus is where a special study stands. Values are stored.
type StudyStatus string

// Study statuses.
const (
	StudyOpen      StudyStatus = "open"
	StudyPublished StudyStatus = "published"
)

var studyLabels = risk.Labels{string(StudyOpen): {"调查评估中", "Open"}, string(StudyPublished): {"指导意见已发布", "Guidance published"}}

// Label names the status.
func (s StudyStatus) Label() (zh, en string) { return studyLabels.Of(string(s)) }

// StudyMachine is a study's life: findings and guidance recorded while it
// is open, then the guidance published, once.
var StudyMachine = risk.Machine{Name: "专项调查评估 study",
	Next: map[string]map[string]string{
		string(StudyOpen): {"record": string(StudyOpen), "publish": string(StudyPublished)},
	},
	StateNames:  studyLabels,
	ActionNames: risk.Labels{"record": {"记录", "record"}, "publish": {"发布", "publish"}},
}

// Study is a special study (专项调查评估) of a notification, or of a market
// and products.
type Study struct {
	ID             risk.ID     `json:"id"`
	NotificationID risk.ID     `json:"notification_id,omitempty"`
	Symbol         string      `json:"symbol,omitempty"`
	Member         string      `json:"member"`
	HSCodes        []string    `json:"hs_codes"`
	Title          string      `json:"title"`
	Findings       string      `json:"findings"`
	Guidance       string      `json:"guidance"`
	Status         StudyStatus `json:"status"`
	// Firms are the affected firms the guidance went to, set when it is
	// published; Told how many of their users were told.
	Firms       []Affected `json:"firms,omitempty"`
	Told        int        `json:"told,omitempty"`
	Dept        string     `json:"dept"`
	CreatedBy   string     `json:"created_by"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	PublishedAt *time.Time `json:"published_at,omitempty"`
	PublishedBy string     `json:"published_by,omitempty"`
	Rev         int        `json:"rev"`
}

// StatusName names the status.
func (s *Study) StatusName() risk.Labeled { return s.Status }

// StudyInput opens a study: on a notification, or on a member's market
// and (optionally) HS codes.
type StudyInput struct {
	NotificationID risk.ID  `json:"notification_id"`
	Member         string   `json:"member"`
	HSCodes        []string `json:"hs_codes"`
	Title          string   `json:"title"`
}

// StudyUpdate records findings and guidance (Publish: and publishes the
// guidance).
type StudyUpdate struct {
	Findings string `json:"findings"`
	Guidance string `json:"guidance"`
	Rev      int    `json:"rev"`
}

// StudyFilter selects studies.
type StudyFilter struct {
	NotificationID risk.ID
	Status         StudyStatus
	risk.Paging
}

// MemberName names the study's market.
func (s *Study) MemberName() risk.Labeled { return Member(s.Member) }
