package web

import (
	"net/http"
	"strconv"
	"strings"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/subscription"
)

// subscriptionsPage lists the subscriptions and their deliveries for
// administrators: what each follows, whether it is confirmed, and how
// each delivery went — never the webhook secret or the link tokens.
type subscriptionsPage struct {
	Page
	Items      []*subscription.Overview
	Total      int
	Prev, Next int // offsets of the neighbouring pages, -1 none
}

const subscriptionsPerPage = 50

func (s *Server) subscriptionReview(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	offset := 0
	if v := r.URL.Query().Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return risk.Invalid("offset", "偏移量须为非负整数。", "offset must be a non-negative integer.")
		}
		offset = n
	}
	items, total, err := s.Subscriptions.Review(r.Context(), actorOf(r), offset, subscriptionsPerPage)
	if err != nil {
		return err
	}
	p := subscriptionsPage{Page: s.page(r, "订阅管理", "Subscriptions"), Items: items, Total: total, Prev: -1, Next: -1}
	if offset > 0 {
		p.Prev = max(0, offset-subscriptionsPerPage)
	}
	if offset+subscriptionsPerPage < total {
		p.Next = offset + subscriptionsPerPage
	}
	return s.render(w, r, http.StatusOK, "admin_subscriptions.html", p)
}

// FilterText describes what a subscription follows, in words: categories,
// HS headings, hazards and countries by name, grades by name; "all
// announcements" when it sets nothing.
func (p Page) FilterText(f publish.Filter) string {
	var parts []string
	add := func(zh, en string, names []string) {
		if len(names) > 0 {
			parts = append(parts, p.T(zh, en)+p.T("：", ": ")+strings.Join(names, p.T("、", ", ")))
		}
	}
	named := func(cat string, codes []string) []string {
		out := make([]string, len(codes))
		for i, c := range codes {
			out[i] = p.Name(cat, c)
		}
		return out
	}
	hs := make([]string, len(f.HSPrefixes))
	for i, c := range f.HSPrefixes {
		hs[i] = p.HSName(c)
	}
	grades := make([]string, len(f.Grades))
	for i, g := range f.Grades {
		grades[i] = p.GradeName(g)
	}
	add("产品类别", "Categories", named("categories", f.Categories))
	add("HS 编码", "HS codes", hs)
	add("危害", "Hazards", named("hazards", f.Hazards))
	add("国家或地区", "Countries", named("countries", f.Countries))
	add("预警级别", "Grades", grades)
	if len(parts) == 0 {
		return p.T("全部公告", "All announcements")
	}
	return strings.Join(parts, p.T("；", "; "))
}

// LangName names the language a subscription receives.
func (p Page) LangName(lang string) string {
	if lang == "en" {
		return p.T("英文", "English")
	}
	return p.T("中文", "Chinese")
}
