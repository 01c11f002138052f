package detection

import (
	"strings"
	"sync"

	"riskgate/internal/catalog"
)

// dimLabels are the dimensions' names in Chinese and English.
var dimLabels = map[string][2]string{
	DimHSHeading: {"HS 品目", "HS heading"}, DimHSChapter: {"HS 章", "HS chapter"},
	DimCategory: {"产品类别", "Category"}, DimHazard: {"危害", "Hazard"},
	DimRegion: {"市州", "Prefecture"}, DimChannel: {"渠道", "Channel"}, DimOrigin: {"原产地", "Origin"},
}

// dimCatalog is the catalogue that names a dimension's values.
var dimCatalog = map[string]string{
	DimHSHeading: "hs", DimHSChapter: "hs", DimCategory: "categories", DimHazard: "hazards",
	DimRegion: "regions", DimChannel: "channels", DimOrigin: "countries",
}

// DimLabel names a dimension in Chinese and English (the code itself
// when it is not one).
func DimLabel(dim string) (zh, en string) {
	if n, ok := dimLabels[dim]; ok {
		return n[0], n[1]
	}
	return dim, dim
}

var (
	labelsOnce sync.Once
	labelIndex map[string]map[string]*catalog.Entry // catalogue → code → entry
)

func entry(table, code string) *catalog.Entry {
	labelsOnce.Do(func() {
		labelIndex = map[string]map[string]*catalog.Entry{}
		for _, name := range []string{"hs", "categories", "hazards", "regions", "channels", "countries"} {
			t, err := catalog.BuiltinTable(name)
			if err != nil {
				continue
			}
			m := make(map[string]*catalog.Entry, len(t.Entries))
			for i := range t.Entries {
				m[t.Entries[i].Code] = &t.Entries[i]
			}
			labelIndex[name] = m
		}
	})
	return labelIndex[table][code]
}

// Label names a series key for people, in Chinese and English: each
// dimension with its value's name from the catalogues (HS headings and
// chapters keep their number before a short name), "（空）" for a signal
// that had none; a value no catalogue holds is shown as it is.
// hs_heading=9613;hazard=burns gives
// "HS 品目 9613 香烟打火机及其他打火器 · 危害 烧伤、烫伤".
func Label(key string) (zh, en string) {
	var zs, es []string
	for _, part := range strings.Split(key, ";") {
		dim, val, _ := strings.Cut(part, "=")
		dz, de := DimLabel(dim)
		vz, ve := val, val
		switch {
		case val == "-":
			vz, ve = "（空）", "(none)"
		case entry(dimCatalog[dim], val) != nil:
			e := entry(dimCatalog[dim], val)
			vz, ve = e.Short("zh"), e.Short("en")
			if dim == DimHSHeading || dim == DimHSChapter {
				vz, ve = val+" "+vz, val+" "+ve
			}
		}
		zs, es = append(zs, dz+" "+vz), append(es, de+" "+ve)
	}
	return strings.Join(zs, " · "), strings.Join(es, " · ")
}
