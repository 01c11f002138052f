package matching

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/foreign"
	"riskgate/internal/ident"
)

// The evaluation set (testdata/eval, see its README): the 353 real Safety
// Gate alerts of shared/data, a register of Hunan enterprises and their
// export declaration lines, and the labelled (alert, enterprise) pairs.

const evalDir = "testdata/eval/"

func readCSV(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open(evalDir + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// alerts reads the real alerts through the Safety Gate importer's mapping.
func alerts(t testing.TB) []Notification {
	f, err := os.Open(evalDir + "safetygate_alerts.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := foreign.Parse("safetygate", f)
	if err != nil || len(p.Rejects) > 0 {
		t.Fatalf("alerts: %v %v", err, p.Rejects)
	}
	var out []Notification
	for _, r := range p.Records {
		out = append(out, FromRecord(r))
	}
	return out
}

func register(t testing.TB) ([]Enterprise, []Line) {
	var es []Enterprise
	for i, r := range readCSV(t, "enterprises.csv") {
		es = append(es, Enterprise{ID: int64(i + 1), USCC: r[0], NameZh: r[1], NameEn: r[2]})
	}
	var ls []Line
	for _, r := range readCSV(t, "declaration_lines.csv") {
		at, _ := time.Parse(time.DateOnly, r[1])
		ls = append(ls, Line{Declaration: r[0], DeclaredAt: at, ConsignorUSCC: r[2], HSCode: r[3], Name: r[4], Brand: r[5], Model: r[6], GTIN: r[7],
			Manufacturer: r[8], ManufacturerUSCC: r[9], Destination: r[10]})
	}
	return es, ls
}

// TestEvaluation reports precision and recall at the default threshold
// over every (alert, enterprise) pair of the evaluation set; the goal is
// 0.95 for each.
func TestEvaluation(t *testing.T) {
	ns := alerts(t)
	es, ls := register(t)
	ix := NewIndex(es, ls)
	truth := map[[2]string]bool{}
	for _, r := range readCSV(t, "labels.csv") {
		truth[[2]string{r[0], r[1]}] = true
	}
	tp, fp := 0, 0
	found := map[[2]string]bool{}
	for _, n := range ns {
		for _, c := range ix.Match(n, Threshold) {
			k := [2]string{n.Ref, c.Enterprise.USCC}
			found[k] = true
			if truth[k] {
				tp++
			} else {
				fp++
				t.Logf("false positive %s → %s (%.2f): %+v", n.Ref, c.Enterprise.NameZh, c.Score, c.Evidence)
			}
		}
	}
	for k := range truth {
		if !found[k] {
			t.Logf("missed %s → %s", k[0], k[1])
		}
	}
	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(len(truth))
	t.Logf("evaluation: %d alerts × %d enterprises, %d true pairs; at threshold %.2f: %d true and %d false positives — precision %.3f, recall %.3f",
		len(ns), len(es), len(truth), Threshold, tp, fp, precision, recall)
	if len(truth) < 30 || precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f over %d true pairs; want ≥ 0.95 each", precision, recall, len(truth))
	}
}

// TestBuildEvaluationSet writes testdata/eval from the real alerts when
// RISKGATE_BUILD_EVAL=1; otherwise it checks the stored set is what the
// builder makes, so that the README's description stays true.
func TestBuildEvaluationSet(t *testing.T) {
	es, lines, labels := buildEval(t)
	out := map[string][][]string{"enterprises.csv": {{"uscc", "name_zh", "name_en"}},
		"declaration_lines.csv": {{"declaration", "declared_on", "consignor_uscc", "hs_code", "name", "brand", "model", "gtin", "manufacturer", "manufacturer_uscc", "destination"}},
		"labels.csv":            {{"alert_number", "uscc", "why"}}}
	for _, e := range es {
		out["enterprises.csv"] = append(out["enterprises.csv"], []string{e.USCC, e.NameZh, e.NameEn})
	}
	for _, l := range lines {
		out["declaration_lines.csv"] = append(out["declaration_lines.csv"], []string{l.Declaration, l.DeclaredAt.Format(time.DateOnly), l.ConsignorUSCC,
			l.HSCode, l.Name, l.Brand, l.Model, l.GTIN, l.Manufacturer, l.ManufacturerUSCC, l.Destination})
	}
	out["labels.csv"] = append(out["labels.csv"], labels...)
	for name, rows := range out {
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.WriteAll(rows)
		if os.Getenv("RISKGATE_BUILD_EVAL") == "1" {
			if err := os.WriteFile(evalDir+name, []byte(b.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		stored, err := os.ReadFile(evalDir + name)
		if err != nil || string(stored) != b.String() {
			t.Errorf("%s differs from what the builder makes (RISKGATE_BUILD_EVAL=1 rewrites it): %v", name, err)
		}
	}
}

// buildEval makes the register, declarations and labels; see the README
// in testdata/eval for what each part stands for.
func buildEval(t testing.TB) ([]Enterprise, []Line, [][]string) {
	rng := rand.New(rand.NewPCG(2026, 1129))
	cities := []struct{ zh, py, code string }{{"长沙", "Changsha", "430100"}, {"株洲", "Zhuzhou", "430200"}, {"湘潭", "Xiangtan", "430300"},
		{"衡阳", "Hengyang", "430400"}, {"邵阳", "Shaoyang", "430500"}, {"岳阳", "Yueyang", "430600"}, {"常德", "Changde", "430700"},
		{"益阳", "Yiyang", "430900"}, {"郴州", "Chenzhou", "431000"}, {"永州", "Yongzhou", "431100"}, {"怀化", "Huaihua", "431200"},
		{"娄底", "Loudi", "431300"}, {"浏阳", "Liuyang", "430181"}, {"醴陵", "Liling", "430281"}, {"邵东", "Shaodong", "430521"}}
	trades := []struct{ zh, en string }{{"玩具", "Toys"}, {"电器", "Electrical Appliances"}, {"灯饰", "Lighting"}, {"服饰", "Garments"},
		{"五金工具", "Hardware Tools"}, {"日用品", "Daily Necessities"}, {"电子", "Electronics"}, {"箱包", "Bags"}}
	words := []struct{ zh, py string }{{"星辰", "Xingchen"}, {"湘江", "Xiangjiang"}, {"华信", "Huaxin"}, {"远航", "Yuanhang"}, {"金盛", "Jinsheng"},
		{"宏达", "Hongda"}, {"瑞丰", "Ruifeng"}, {"嘉禾", "Jiahe"}, {"恒通", "Hengtong"}, {"新城", "Xincheng"}}
	var es []Enterprise
	for i := range 40 {
		c, tr, w := cities[i%len(cities)], trades[i%len(trades)], words[(i/len(cities)+i)%len(words)]
		var uscc string
		for check := range "0123456789X" {
			body := fmt.Sprintf("91%sMA4%05d", c.code, 10000+i*7)
			u, err := ident.MakeUSCC(body + string("0123456789X"[check]))
			if err == nil {
				uscc = u
				break
			}
		}
		if uscc == "" {
			t.Fatalf("no USCC for enterprise %d", i)
		}
		en := ""
		if i%4 != 3 { // a quarter of the register has no English name
			en = fmt.Sprintf("Hunan %s %s %s Co., Ltd.", c.py, w.py, tr.en)
		}
		es = append(es, Enterprise{ID: int64(i + 1), USCC: uscc, NameZh: fmt.Sprintf("湖南%s%s%s有限公司", c.zh, w.zh, tr.zh), NameEn: en})
	}
	f, err := os.Open(evalDir + "safetygate_alerts.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := foreign.Parse("safetygate", f)
	if err != nil {
		t.Fatal(err)
	}
	generic := func(b string) bool { return genericBrand(norm(b)) }
	var china, elsewhere []*foreign.Record
	for _, r := range p.Records {
		if r.Product.Origin == "CN" {
			china = append(china, r)
		} else if r.Product.Origin != "" && r.Product.Brand != "" && !generic(r.Product.Brand) {
			elsewhere = append(elsewhere, r)
		}
	}
	cats, err := catalog.BuiltinTable("categories")
	if err != nil {
		t.Fatal(err)
	}
	headingOf := func(r *foreign.Record) string {
		if r.Product.HSCode != "" {
			return r.Product.HSCode + "00000"
		}
		// The first heading of the alert's category, as a declarant of
		// that kind of product would declare it.
		if e := cats.Find(r.Product.Category); e != nil {
			if hs := strings.Fields(e.Attrs["hs"]); len(hs) > 0 {
				return (hs[0] + "0000000000")[:10]
			}
		}
		return "9503000090" // toys: the most common heading of the set
	}
	var lines []Line
	var labels [][]string
	decl := 0
	line := func(e Enterprise, l Line) {
		decl++
		l.Declaration = fmt.Sprintf("4301%04d%010d", 2024, decl)
		l.DeclaredAt = time.Date(2024, time.Month(1+decl%12), 1+decl%27, 0, 0, 0, 0, time.UTC)
		l.ConsignorUSCC = e.USCC
		if l.Destination == "" {
			l.Destination = []string{"DE", "FR", "NL", "PL", "IT", "ES"}[decl%6]
		}
		lines = append(lines, l)
	}
	variants := func(s string) string { // how a declarant may write a brand or model
		switch rng.IntN(3) {
		case 0:
			return strings.ToUpper(s)
		case 1:
			return strings.ReplaceAll(s, "-", " ")
		}
		return s
	}
	k := 0
	for i, r := range china {
		e := es[k%len(es)]
		k++
		pr := r.Product
		switch {
		case i%3 != 2 && pr.Brand != "" && !generic(pr.Brand):
			// Positive: the enterprise exported this brand (and, for some,
			// the model or barcode) under the alert's heading.
			l := Line{HSCode: headingOf(r), Name: "出口 " + pr.Name, Brand: variants(pr.Brand)}
			if rng.IntN(2) == 0 && pr.Model != "" {
				l.Model = variants(pr.Model)
			}
			line(e, l)
			labels = append(labels, []string{r.Key, e.USCC, "brand"})
		case i%3 != 2 && pr.GTIN != "":
			// Positive by barcode only: the declaration names no brand.
			line(e, Line{HSCode: headingOf(r), Name: "出口 " + pr.Name, GTIN: strings.TrimLeft(pr.GTIN, "0")})
			labels = append(labels, []string{r.Key, e.USCC, "gtin"})
		default:
			// Hard negative: same heading and words, another brand or none.
			brand := []string{"无品牌", "Unbranded", "NO BRAND", "OEM", "Generic", "自有品牌"}[i%6]
			line(e, Line{HSCode: headingOf(r), Name: pr.Name, Brand: brand, Model: fmt.Sprintf("HN-%03d", i)})
		}
	}
	// Brands that Hunan firms also declare, on alerts about goods made
	// elsewhere: never a match.
	for i, r := range elsewhere {
		if i >= 25 {
			break
		}
		line(es[(k+i)%len(es)], Line{HSCode: headingOf(r), Name: "出口 " + r.Product.Name, Brand: r.Product.Brand})
	}
	// Everyday exports with nothing to do with any alert.
	for i, e := range es {
		for j := range 3 {
			line(e, Line{HSCode: []string{"6911101000", "9405420000", "8516799000", "6204430000"}[(i+j)%4],
				Name: []string{"陶瓷餐具", "LED灯串", "电热水壶", "女式连衣裙"}[(i+j)%4], Brand: fmt.Sprintf("XIANG%02d", i), Model: fmt.Sprintf("X%02d-%d", i, j)})
		}
	}
	// The labels: an enterprise is the one an alert about goods made in
	// China (or of unstated origin) is about when it declared the alert's
	// barcode, or its brand for the same product — under the alert's HS
	// heading, or with words in common when the alert gives no heading —
	// whichever alert the line was written for.
	labels = labels[:0]
	seen := map[[2]string]bool{}
	for _, r := range p.Records {
		if r.Product.Origin != "CN" && r.Product.Origin != "" {
			continue
		}
		for _, l := range lines {
			why := ""
			switch {
			case r.Product.GTIN != "" && digitsOf(l.GTIN) == digitsOf(r.Product.GTIN):
				why = "gtin"
			case generic(r.Product.Brand) || norm(l.Brand) != norm(r.Product.Brand):
			case r.Product.HSCode != "" && hsHeading(l.HSCode) == hsHeading(r.Product.HSCode):
				why = "brand+hs"
			case r.Product.HSCode == "" && overlap(wordSet(r.Product.Words), wordSet(l.Name)) > 0:
				why = "brand+words"
			}
			if k := [2]string{r.Key, l.ConsignorUSCC}; why != "" && !seen[k] {
				seen[k] = true
				labels = append(labels, []string{r.Key, l.ConsignorUSCC, why})
			}
		}
	}
	sort.Slice(labels, func(i, j int) bool { return labels[i][0]+labels[i][1] < labels[j][0]+labels[j][1] })
	return es, lines, labels
}
