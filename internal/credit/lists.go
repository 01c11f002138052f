package credit

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Lists are the lists sent to the credit platform, by code: the tiers each
// takes in.
var Lists = map[string][]string{
	"dishonest":           {TierDishonest, TierSeriouslyDishonest},
	"seriously-dishonest": {TierSeriouslyDishonest},
	"certified":           {TierAdvanced, TierCertified},
}

var listLabels = risk.Labels{"dishonest": {"失信企业名单（含严重失信）", "Dishonest enterprises (incl. seriously dishonest)"},
	"seriously-dishonest": {"严重失信企业名单", "Seriously dishonest enterprises"}, "certified": {"认证企业名单（含高级认证）", "Certified enterprises (incl. advanced)"}}

// ListName names a list.
func ListName(code string) (zh, en string) { return listLabels.Of(code) }

// ListCodes are the lists in the order pages show them.
var ListCodes = []string{"dishonest", "seriously-dishonest", "certified"}

// ListItem is one firm of a list.
type ListItem struct {
	EnterpriseID risk.ID `json:"-"`
	USCC         string  `json:"uscc"`
	Name         string  `json:"name"`
	NameEn       string  `json:"name_en,omitempty"`
	Tier         string  `json:"tier"`
	Since        string  `json:"since"` // YYYY-MM-DD (China)
	// Change is how the item differs from the last export: added, changed
	// (its tier or since), removed, or "" unchanged. Only exports set it.
	Change string `json:"change,omitempty"`
}

var changeLabels = risk.Labels{"added": {"新增", "Added"}, "changed": {"变更", "Changed"}, "removed": {"移出", "Removed"}, "": {"未变", "Unchanged"}}

// ChangeName names an item's change.
func ChangeName(c string) (zh, en string) { return changeLabels.Of(c) }

// Export is one export of a list: who, when, and what it held (so the next
// export can say what changed since).
type Export struct {
	ID     risk.ID    `json:"id"`
	List   string     `json:"list"`
	Format string     `json:"format"`
	Items  []ListItem `json:"items"`
	By     string     `json:"by"`
	At     time.Time  `json:"at"`
}

func checkList(code string) error {
	if _, ok := Lists[code]; !ok {
		return risk.Invalid("list", "名单只能是 dishonest、seriously-dishonest 或 certified。", "list must be dishonest, seriously-dishonest or certified.")
	}
	return nil
}

// List returns a list's firms, by USCC. Officials only.
func (s *Service) List(ctx context.Context, a risk.Actor, code string) ([]ListItem, error) {
	if !CanRead(a) || !a.IsOfficial() {
		return nil, forbidden("无权查看信用名单。", "Not allowed to read the credit lists.")
	}
	if err := checkList(code); err != nil {
		return nil, err
	}
	return s.Store.Listed(ctx, Lists[code])
}

// Delta is what an export holds: the list now, each item marked against
// the last export, and the items removed since (Change "removed").
type Delta struct {
	List     string     `json:"list"`
	Since    *Export    `json:"-"`
	SinceID  risk.ID    `json:"since_export,omitempty"`
	SinceAt  *time.Time `json:"since_at,omitempty"`
	Items    []ListItem `json:"items"`
	Added    int        `json:"added"`
	Changed  int        `json:"changed"`
	Removed  int        `json:"removed"`
	ExportID risk.ID    `json:"export_id,omitempty"`
}

// Compare marks now against the last export's items.
func Compare(list string, last *Export, now []ListItem) Delta {
	d := Delta{List: list, Since: last}
	before := map[string]ListItem{}
	if last != nil {
		d.SinceID, d.SinceAt = last.ID, &last.At
		for _, it := range last.Items {
			before[it.USCC] = it
		}
	}
	seen := map[string]bool{}
	for _, it := range now {
		seen[it.USCC] = true
		b, ok := before[it.USCC]
		switch {
		case last == nil:
		case !ok:
			it.Change = "added"
			d.Added++
		case b.Tier != it.Tier || b.Since != it.Since || b.Name != it.Name:
			it.Change = "changed"
			d.Changed++
		}
		d.Items = append(d.Items, it)
	}
	if last != nil {
		for _, b := range last.Items {
			if !seen[b.USCC] {
				b.Change = "removed"
				d.Items = append(d.Items, b)
				d.Removed++
			}
		}
	}
	slices.SortStableFunc(d.Items, func(x, y ListItem) int { return strings.Compare(x.USCC, y.USCC) })
	return d
}

// Export returns a list marked against its last export and records this
// export (audited), so that the next one reports the changes since.
func (s *Service) Export(ctx context.Context, a risk.Actor, code, format string) (*Delta, error) {
	items, err := s.List(ctx, a, code)
	if err != nil {
		return nil, err
	}
	if format != "csv" && format != "xlsx" && format != "json" {
		return nil, risk.Invalid("format", "格式只能是 csv、xlsx 或 json。", "format must be csv, xlsx or json.")
	}
	last, err := s.Store.LastExport(ctx, code)
	if err != nil {
		return nil, err
	}
	d := Compare(code, last, items)
	x := &Export{List: code, Format: format, Items: items, By: a.Label(), At: s.Now().UTC()}
	zh, en := ListName(code)
	ae := audit.New(a, "credit.export", "credit_export", 0, fmt.Sprintf("导出%s（%d 家；新增 %d，变更 %d，移出 %d） / exported %s (%d firms; %d added, %d changed, %d removed)",
		zh, len(items), d.Added, d.Changed, d.Removed, strings.ToLower(en), len(items), d.Added, d.Changed, d.Removed))
	if err := s.Store.SaveExport(ctx, x, ae); err != nil {
		return nil, err
	}
	d.ExportID = x.ID
	return &d, nil
}

// Changes reports how a list differs now from its last export, without
// recording an export. Officials only.
func (s *Service) Changes(ctx context.Context, a risk.Actor, code string) (*Delta, error) {
	items, err := s.List(ctx, a, code)
	if err != nil {
		return nil, err
	}
	last, err := s.Store.LastExport(ctx, code)
	if err != nil {
		return nil, err
	}
	d := Compare(code, last, items)
	return &d, nil
}

// PublicList returns the firms of the tiers the rules make public, for
// anyone.
func (s *Service) PublicList(ctx context.Context) ([]ListItem, error) {
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	if len(r.PublicTiers) == 0 {
		return nil, nil
	}
	return s.Store.Listed(ctx, r.PublicTiers)
}
