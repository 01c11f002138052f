package main

import (
	"fmt"
	"math/rand/v2"
	"time"

	"riskgate/internal/ident"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// vocab is the generator's world: HS codes, names, parties and places.
type vocab struct {
	hs6       []string // real HS subheadings
	keywords  []string
	brands    []string
	models    []string
	gtins     []string
	batches   []string
	usccs     []string
	makers    []string
	countries []string
	ports     []string
	modes     []string
}

var words = []string{"打火机", "烟花", "鞭炮", "玩具", "积木", "毛绒", "陶瓷", "餐具", "瓷碗", "竹筷", "奶粉", "米粉", "化妆品", "面霜",
	"口红", "挖掘机", "起重机", "压路机", "电暖器", "吹风机", "充电器", "插座", "灯串", "童车", "婴儿床", "安全座椅", "头盔", "跑鞋",
	"背包", "水杯", "保温杯", "茶叶", "辣椒", "腊肉", "粉丝", "酱油", "饮料", "白酒", "啤酒", "手机壳", "数据线", "耳机", "电池", "剃须刀",
	"电熨斗", "电饭煲", "烤箱", "榨汁机", "风扇", "台灯", "眼镜", "手表", "项链", "戒指", "皮带", "手套", "雨伞", "帐篷", "睡袋"}

var prefixes = []string{"一次性", "儿童", "家用", "便携", "新款", "无线", "电动", "迷你", "多功能", "高档", "塑料", "不锈钢", "陶瓷", "竹制", ""}

func newVocab(rng *rand.Rand, hs6 []string) *vocab {
	v := &vocab{hs6: hs6, keywords: words,
		countries: []string{"US", "DE", "FR", "GB", "JP", "KR", "AU", "CA", "IT", "ES", "NL", "RU", "BR", "IN", "VN", "TH", "MY", "SG", "AE", "ZA"},
		ports:     []string{"4900", "4901", "4902", "4903", "4904", "4905", "4906", "4907", "4908", "4909"},
		modes:     []string{"0110", "9610", "1210", "1039", "0214"}}
	for i := 0; i < 2000; i++ {
		v.brands = append(v.brands, fmt.Sprintf("Brand%04d", i))
		v.models = append(v.models, fmt.Sprintf("M-%05d", i))
		v.batches = append(v.batches, fmt.Sprintf("B%08d", rng.IntN(1e8)))
	}
	for i := 0; i < 20000; i++ {
		v.makers = append(v.makers, fmt.Sprintf("湖南第%d制造有限公司", i))
	}
	for i := 0; i < 50000; i++ {
		g := fmt.Sprintf("690%09d", i)
		v.gtins = append(v.gtins, g+string(rune('0'+gs1Check(g))))
		u, _ := ident.MakeUSCC(fmt.Sprintf("91430100MA%07d", i))
		v.usccs = append(v.usccs, u)
	}
	return v
}

// gs1Check is the GS1 mod-10 check digit of a GTIN body.
func gs1Check(body string) int {
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	return (10 - sum%10) % 10
}

func pick[T any](rng *rand.Rand, xs []T) T { return xs[rng.IntN(len(xs))] }

// scopes makes n scopes in a realistic mix of field combinations, with
// decisions weighted toward the milder ones.
func (v *vocab) scopes(rng *rand.Rand, n int) []screening.Rule {
	decisions := []screening.Decision{screening.DocumentCheck, screening.DocumentCheck, screening.Inspect, screening.Inspect, screening.Inspect,
		screening.LabTest, screening.LabTest, screening.Detain, screening.Destroy, screening.Refuse}
	// Keywords name products, as measures do ("儿童积木"), not whole trades.
	keyword := func() string { return pick(rng, prefixes[:len(prefixes)-1]) + pick(rng, v.keywords) }
	hsPrefix := func() string {
		h := pick(rng, v.hs6)
		return h[:[]int{6, 6, 6, 6, 6, 6, 6, 4, 4, 4}[rng.IntN(10)]]
	}
	rules := make([]screening.Rule, n)
	for i := range rules {
		var sc warning.Scope
		switch k := rng.IntN(100); {
		case k < 30:
			sc.HSPrefixes, sc.Countries = []string{hsPrefix()}, []string{pick(rng, v.countries)}
		case k < 45:
			sc.HSPrefixes, sc.Keywords = []string{hsPrefix()}, []string{keyword()}
		case k < 60:
			sc.USCCs = []string{pick(rng, v.usccs[:2000])}
			if rng.IntN(2) == 0 {
				sc.HSPrefixes = []string{hsPrefix()}
			}
		case k < 70:
			sc.Brands, sc.Models = []string{pick(rng, v.brands)}, []string{pick(rng, v.models)}
		case k < 80:
			sc.GTINs = []string{pick(rng, v.gtins[:5000])}
		case k < 85:
			sc.Batches, sc.Brands = []string{pick(rng, v.batches)}, []string{pick(rng, v.brands)}
		case k < 90:
			sc.Keywords = []string{keyword()}
			sc.Countries = []string{pick(rng, v.countries), pick(rng, v.countries)}
		case k < 95:
			sc.Ports, sc.TradeModes, sc.HSPrefixes = []string{pick(rng, v.ports)}, []string{pick(rng, v.modes)}, []string{hsPrefix()}
		default:
			sc.Makers = []string{pick(rng, v.makers[:1000])}
		}
		rules[i] = screening.Rule{MeasureID: 0, WarningNumber: fmt.Sprintf("湘关预警〔2026〕%d号", i+1), Decision: pick(rng, decisions), Scope: sc,
			Why: fmt.Sprintf("scope %d", i)}
	}
	return rules
}

// declarations makes m declarations of 1–20 lines.
func (v *vocab) declarations(rng *rand.Rand, m int) []screening.Declaration {
	at := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	ds := make([]screening.Declaration, m)
	for i := range ds {
		d := screening.Declaration{Number: fmt.Sprintf("4301202611%08d", i), Direction: []string{"import", "export"}[rng.IntN(2)],
			Port: pick(rng, v.ports), DeclaredAt: at, TradeMode: pick(rng, v.modes), ConsignorUSCC: pick(rng, v.usccs), ConsigneeUSCC: pick(rng, v.usccs)}
		n := 1 + rng.IntN(20)
		for j := 0; j < n; j++ {
			l := screening.Line{HSCode: pick(rng, v.hs6) + "0000", Name: pick(rng, prefixes) + pick(rng, v.keywords),
				Origin: "CN", Destination: pick(rng, v.countries), Quantity: float64(1 + rng.IntN(1000)), Unit: "个", Value: float64(rng.IntN(100000))}
			if rng.IntN(3) == 0 {
				l.Brand, l.Model = pick(rng, v.brands), pick(rng, v.models)
			}
			if rng.IntN(4) == 0 {
				l.GTIN = pick(rng, v.gtins)
			}
			if rng.IntN(5) == 0 {
				l.Batch = pick(rng, v.batches)
			}
			if rng.IntN(4) == 0 {
				l.Manufacturer = pick(rng, v.makers)
				l.ManufacturerUSCC = pick(rng, v.usccs)
			}
			d.Lines = append(d.Lines, l)
		}
		ds[i] = d
	}
	return ds
}
