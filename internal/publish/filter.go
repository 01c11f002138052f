package publish

import (
	"slices"
	"strings"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// MaxFilterValues bounds each facet of a filter.
const MaxFilterValues = 20

// Facet names of a filter, as its JSON members are called.
const (
	FacetCategories = "categories"
	FacetHSPrefixes = "hs_prefixes"
	FacetHazards    = "hazards"
	FacetCountries  = "countries"
	FacetGrades     = "grades"
)

// CheckFilter checks every value of f — categories and hazards against
// their catalogues, HS prefixes of 2–10 digits, countries in ISO 3166-1
// alpha-2 (the countries catalogue), grades I–IV, at most MaxFilterValues
// each — and returns f normalised: HS prefixes as digits, country codes
// and grades in upper case, duplicates dropped. Problems are a
// risk.ErrInvalid naming each facet as field(facet) gives it: the API says
// "filter.countries", a query string "country".
func CheckFilter(f Filter, field func(facet string) string) (Filter, error) {
	var v risk.Validation
	var out Filter
	check := func(facet string, in []string, norm func(string) (string, bool), zh, en string) []string {
		if len(in) > MaxFilterValues {
			v.Add(field(facet), "最多 20 项。", "at most 20 values.")
			return nil
		}
		var vals []string
		for _, x := range in {
			n, ok := norm(strings.TrimSpace(x))
			if !ok {
				v.Add(field(facet), zh+"无效："+x+"。", en+" "+x+" is not valid.")
				continue
			}
			if !slices.Contains(vals, n) {
				vals = append(vals, n)
			}
		}
		return vals
	}
	inCatalog := func(table string) func(string) (string, bool) {
		t := builtin(table)
		return func(x string) (string, bool) { return x, x != "" && t.Find(x) != nil }
	}
	out.Categories = check(FacetCategories, f.Categories, inCatalog("categories"), "产品类别", "category")
	out.Hazards = check(FacetHazards, f.Hazards, inCatalog("hazards"), "风险类型", "hazard")
	out.HSPrefixes = check(FacetHSPrefixes, f.HSPrefixes, func(x string) (string, bool) {
		c, err := ident.ParseHS(x)
		return string(c), err == nil
	}, "HS 编码前缀（2、4、6、8 或 10 位数字）", "HS prefix (2, 4, 6, 8 or 10 digits)")
	countries := builtin("countries")
	out.Countries = check(FacetCountries, f.Countries, func(x string) (string, bool) {
		c, err := ident.ParseCountry(x)
		return string(c), err == nil && countries.Find(string(c)) != nil
	}, "国家或地区代码（ISO 3166-1 两位字母）", "country code (ISO 3166-1 alpha-2)")
	grades := make([]string, len(f.Grades))
	for i, g := range f.Grades {
		grades[i] = string(g)
	}
	for _, g := range check(FacetGrades, grades, func(x string) (string, bool) {
		g, err := risk.ParseGrade(strings.ToUpper(x))
		return string(g), err == nil
	}, "预警等级（I、II、III 或 IV）", "grade (I, II, III or IV)") {
		out.Grades = append(out.Grades, risk.Grade(g))
	}
	if err := v.Err(); err != nil {
		return f, err
	}
	return out, nil
}
