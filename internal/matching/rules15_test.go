package matching

import (
	"strings"
	"testing"
)

// TestLexiconRowsOfRound21: the rows added after eval23's first run —
// paprika is also 红椒粉 and smoked paprika 烟熏红椒粉 (not cut dried
// chillies), Citrus sinensis is the sweet orange, a coffee with mushrooms
// is 灵芝咖啡 (not the dried mushrooms), celery seed is 芹菜籽, wrestling ear
// guards 护耳 and a wrestling ring 擂台.
func TestLexiconRowsOfRound21(t *testing.T) {
	checkFits(t, []fitCase{
		{"Powder paprika", "红椒粉", "0904220000", true},
		{"Smoked paprika powder", "烟熏红椒粉（25kg/袋）", "0904220000", true},
		{"Smoked paprika powder", "干辣椒段", "0904210000", false},
		{"Citrus sinensis extract", "甜橙提取物（橙皮苷）", "1302199099", true},
		{"Café con hongos", "灵芝咖啡（速溶三合一）", "2101120000", true},
		{"Café con hongos", "干香菇", "0712390000", false},
		{"Mushroom coffee", "干香菇", "0712390000", false},
		{"Organic Celery Seed", "有机芹菜籽（25公斤/袋）", "0910990000", true},
		{"Wrestling Ear Guards", "摔跤护耳（塑料壳，氯丁橡胶包覆）", "9506990000", true},
		{"Wrestling Ring Toy", "摔跤擂台玩具", "9503000000", true},
	})
}

// TestASwapIsNoGuess: "cultery" is cutlery with two neighbours swapped,
// though celery (of "celery seed") is two slips from it: a swap keeps every
// letter typed. "melanie" stays unread: melange one slip, melamine two.
func TestASwapIsNoGuess(t *testing.T) {
	lx := mustReference().lex
	if got := lx.slipFor(stem("cultery")); got != stem("cutlery") {
		t.Errorf("slipFor(cultery) = %q", got)
	}
	if got := lx.slipFor(stem("melanie")); got != "" {
		t.Errorf("slipFor(melanie) = %q", got)
	}
}

// TestASharedBrandDecidedByTheGoods: the Italian buyer's mark DFH CASA is
// declared by a firm on forks and by another on table knives; "Forchette
// in acciaio … marchio DFH CASA" goes to the forks' maker, and the knives'
// maker, whose product evidence falls short, is not proposed, saying why.
func TestASharedBrandDecidedByTheGoods(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "洞口县某不锈钢制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "隆回县某五金制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2021-02-01"), ConsignorUSCC: "U1", HSCode: "8215990000", Name: "不锈钢餐叉", Brand: "DFH CASA", Destination: "IT"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-01-11"), ConsignorUSCC: "U2", HSCode: "8211910000", Name: "不锈钢餐刀", Brand: "DFH CASA", Destination: "IT"},
	}
	n := Notification{Ref: "f", Product: `Forchette in acciaio made in PRC marchio " DFH CASA"`, Category: "food-contact-materials", Origin: "CN", Market: "IT", Date: dayOf("2021-03-26"),
		Hazard: "Chromium - too high content of - heavy metals"}
	all := NewIndex(es, ls).Match(n, 0)
	got := byUSCC(all)
	if got["U1"].Score < Threshold {
		t.Errorf("the forks' maker: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
	if c, ok := got["U2"]; ok && (c.Score >= Threshold || !strings.Contains(evidenceText(c), "product evidence is stronger")) {
		t.Errorf("the knives' maker: %.3f %s", c.Score, evidenceText(c))
	}
	if got := byUSCC(NewIndex(es, ls).Match(n, Threshold)); len(got) != 1 {
		t.Errorf("proposed at the threshold: %d firms", len(got))
	}
}

// TestDriedNoodlesAreNotInstant: "noodle" reads instant noodles too (an
// Italian "Noodles" with poultry protein is the chicken instant noodles),
// but an alert that says its noodles are dried ("Paste alimentari secche
// noodles") is not about instant ones: their shipment counts by heading
// only, and the dried noodles' maker is proposed. A dried word that is
// another term's ("Noodles with dehydrated meat") says nothing of the
// noodles.
func TestDriedNoodlesAreNotInstant(t *testing.T) {
	checkFits(t, []fitCase{{"Noodles", "方便面（香菇炖鸡味，含鸡肉粒）", "1902300000", true}})
	es, ls := twoShippers("1902300000", "挂面（鸡蛋面）", "方便面（鸡肉味）", "IT", "2024-02-05", "2024-02-12")
	ls[0].HSCode = "1902190000"
	n := Notification{Ref: "d", Product: "Paste alimentari secche noodles", Category: "prepared-dishes-snacks", Origin: "CN", Market: "IT", Date: dayOf("2024-03-26")}
	proposesFirstOnly(t, "dried against instant noodles", es, ls, n)
	ref := mustReference()
	for text, want := range map[string]bool{"Paste alimentari secche noodles": true, "Dried noodles": true, "Noodles with dehydrated meat": false, "Noodles": false} {
		if got := saysDriedOf(text, ref.lex.Find(productText(text))); got != want {
			t.Errorf("saysDriedOf(%q) = %v", text, got)
		}
	}
}

// TestLexiconRowsOfRound23: the rows added after eval24's first run —
// leek seeds for sprouting (韭葱种子), instant rice (速食米饭, Italian riso
// istantaneo), a slotted skimmer (漏勺), apricot kernels (苦杏仁) and the
// fresh green pepper (鲜青椒, not a peppercorn).
func TestLexiconRowsOfRound23(t *testing.T) {
	checkFits(t, []fitCase{
		{"Organic leek seeds for sprouting", "有机韭葱种子（芽苗菜用）", "1209910000", true},
		{"Riso istantaneo con salsa alle cappesante", "速食米饭（扇贝香菇酱）", "1904900000", true},
		{"Slotted Skimmer", "尼龙漏勺", "3924100000", true},
		{"Apricot kernels / apricot seed", "苦杏仁", "1212990000", true},
		{"Green pepper", "鲜青椒", "0709600000", true},
		{"Jelly toothpaste", "儿童牙膏（果冻型）", "3306100000", true},
	})
}

// TestOrganicGoods: an alert that says its goods are organic ("Organic
// peanuts") fits a line that says 有机 better than another firm's coated
// peanuts shipped there too.
func TestOrganicGoods(t *testing.T) {
	for text, want := range map[string]bool{"Organic peanuts": true, "Bio-Alfalfa Samen": true, "Peanuts": false} {
		if got := saysOrganic(text); got != want {
			t.Errorf("saysOrganic(%q) = %v", text, got)
		}
	}
	es, ls := twoShippers("1202420000", "有机花生仁", "花生仁（脱红衣）", "NL", "2021-03-29", "2021-04-12")
	n := Notification{Ref: "o", Product: "Organic peanuts", Category: "nuts-seeds", Origin: "CN", Market: "NL", Date: dayOf("2021-06-02")}
	proposesFirstOnly(t, "organic against other peanuts", es, ls, n)
}

// TestLexiconRowsOfRound24: the rows added after eval25's first run.
func TestLexiconRowsOfRound24(t *testing.T) {
	checkFits(t, []fitCase{
		{"pliers and barbeque set", "烧烤工具套装（夹、铲、叉）", "8215990000", true},
		{"organic alfalfa seeds", "有机紫花苜蓿种子（芽苗菜用）", "1209210000", true},
		{"metal lids", "马口铁旋开盖（玻璃瓶用）", "8309900000", true},
		{"groundnuts in shell", "带壳花生（25公斤麻袋）", "1202410000", true},
		{"Gomma Xanthan Progress E415 200MESH", "黄原胶E415（200目）", "3913900000", true},
		{"Double layers rotating drain basket", "双层旋转沥水篮（PP）", "3924900000", true},
		{"Cocoa flavoured powder", "可可风味粉（固体饮料）", "1806900000", true},
		{"Milk tea", "珍珠奶茶（固体饮料）", "2106909090", true},
	})
}
