package matching

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// Synthetic makes a register of n Hunan enterprises with lines export
// declaration lines between them, and notifications about some of their
// goods (brands written another way, models only in the text, barcodes,
// manufacturer names in pinyin; a seventh naming no one, only the product
// and the country that found it) and about goods nobody in the register
// exported — for benchmarks and for checking the postings against a scan.
func Synthetic(n, lines, notifications int, seed uint64) ([]Enterprise, []Line, []Notification) {
	r := rand.New(rand.NewPCG(seed, 0x6d61746368))
	cities := []struct{ zh, py string }{{"长沙", "Changsha"}, {"株洲", "Zhuzhou"}, {"湘潭", "Xiangtan"}, {"衡阳", "Hengyang"}, {"邵阳", "Shaoyang"},
		{"岳阳", "Yueyang"}, {"常德", "Changde"}, {"益阳", "Yiyang"}, {"郴州", "Chenzhou"}, {"永州", "Yongzhou"}, {"醴陵", "Liling"}, {"浏阳", "Liuyang"}}
	// Trade-name characters (字号), common ones.
	syll := []struct{ zh, py string }{{"星", "xing"}, {"辰", "chen"}, {"华", "hua"}, {"信", "xin"}, {"远", "yuan"}, {"航", "hang"}, {"金", "jin"},
		{"盛", "sheng"}, {"宏", "hong"}, {"达", "da"}, {"瑞", "rui"}, {"丰", "feng"}, {"嘉", "jia"}, {"禾", "he"}, {"恒", "heng"}, {"通", "tong"},
		{"新", "xin"}, {"城", "cheng"}, {"湘", "xiang"}, {"江", "jiang"}, {"明", "ming"}, {"月", "yue"}, {"宇", "yu"}, {"博", "bo"}, {"安", "an"},
		{"百", "bai"}, {"宝", "bao"}, {"长", "chang"}, {"创", "chuang"}, {"大", "da"}, {"德", "de"}, {"鼎", "ding"}, {"东", "dong"}, {"飞", "fei"},
		{"福", "fu"}, {"富", "fu"}, {"冠", "guan"}, {"广", "guang"}, {"国", "guo"}, {"海", "hai"}, {"浩", "hao"}, {"和", "he"}, {"弘", "hong"},
		{"鸿", "hong"}, {"汇", "hui"}, {"佳", "jia"}, {"建", "jian"}, {"锦", "jin"}, {"晶", "jing"}, {"久", "jiu"}, {"凯", "kai"}, {"康", "kang"},
		{"坤", "kun"}, {"蓝", "lan"}, {"乐", "le"}, {"力", "li"}, {"利", "li"}, {"联", "lian"}, {"隆", "long"}, {"龙", "long"}, {"美", "mei"},
		{"楠", "nan"}, {"鹏", "peng"}, {"强", "qiang"}, {"庆", "qing"}, {"荣", "rong"}, {"润", "run"}, {"森", "sen"}, {"山", "shan"}, {"胜", "sheng"},
		{"世", "shi"}, {"泰", "tai"}, {"天", "tian"}, {"万", "wan"}, {"伟", "wei"}, {"文", "wen"}, {"祥", "xiang"}, {"欣", "xin"}, {"兴", "xing"},
		{"旭", "xu"}, {"雅", "ya"}, {"扬", "yang"}, {"亿", "yi"}, {"益", "yi"}, {"银", "yin"}, {"永", "yong"}, {"友", "you"}, {"裕", "yu"}, {"源", "yuan"},
		{"粤", "yue"}, {"云", "yun"}, {"泽", "ze"}, {"振", "zhen"}, {"正", "zheng"}, {"志", "zhi"}, {"中", "zhong"}, {"众", "zhong"}, {"卓", "zhuo"}}
	trades := []struct{ zh, en, hs, item, product string }{{"烟花", "Fireworks", "3604100000", "组合烟花", "Fireworks"},
		{"陶瓷", "Ceramics", "6912001000", "陶瓷马克杯", "Ceramic mug"}, {"玩具", "Toys", "9503008900", "塑料玩具", "Plastic toy"},
		{"电器", "Electrical Appliances", "8516109000", "电热水壶", "Electric kettle"}, {"服饰", "Garments", "6110200090", "针织套头衫", "Knitted sweater"},
		{"竹业", "Bamboo", "4419121000", "竹筷", "Bamboo chopsticks"}, {"机械", "Machinery", "8429521200", "履带式挖掘机", "Crawler excavator"},
		{"灯饰", "Lighting", "9405490000", "LED灯串", "LED lighting chain"}}
	tradeOf := map[string]int{}
	for i, t := range trades {
		tradeOf[t.hs] = i
	}
	es := make([]Enterprise, n)
	brandOf := make([]string, n)
	// A trade name (字号) is registered once per city and trade, as the
	// name registration rules require: two or three syllables, drawn again
	// when taken.
	taken := map[string]bool{}
	for i := range es {
		c, t := cities[r.IntN(len(cities))], trades[i%len(trades)]
		var zh, py string
		for {
			zh, py = "", ""
			for range 2 + r.IntN(2) {
				s := syll[r.IntN(len(syll))]
				zh, py = zh+s.zh, py+s.py
			}
			if k := c.zh + zh + t.zh; !taken[k] {
				taken[k] = true
				break
			}
		}
		es[i] = Enterprise{ID: int64(i + 1), USCC: fmt.Sprintf("91430%04dMA4%06d", r.IntN(10000), i),
			NameZh: "湖南" + c.zh + zh + t.zh + "有限公司"}
		if i%4 != 3 {
			es[i].NameEn = "Hunan " + c.py + " " + py + " " + t.en + " Co., Ltd."
		}
		brandOf[i] = fmt.Sprintf("%s%03d", py, i%997)
	}
	ls := make([]Line, lines)
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for j := range ls {
		i := r.IntN(n)
		t := trades[i%len(trades)]
		ls[j] = Line{Declaration: fmt.Sprintf("4301%014d", j), DeclaredAt: at.Add(time.Duration(j) * time.Minute), ConsignorUSCC: es[i].USCC,
			HSCode: t.hs, Name: t.item, Brand: brandOf[i], Model: fmt.Sprintf("%c%c-%d", 'A'+r.IntN(26), 'A'+r.IntN(26), r.IntN(100000)),
			Destination: []string{"DE", "FR", "US", "PL", "NL"}[r.IntN(5)]}
		if r.IntN(3) == 0 {
			ls[j].GTIN = fmt.Sprintf("69%011d", r.IntN(1e11))
		}
	}
	ns := make([]Notification, notifications)
	for k := range ns {
		l := ls[r.IntN(len(ls))]
		// Every notification comes from a country, a month after the goods
		// it is about were declared.
		n := Notification{Ref: fmt.Sprintf("SYN/%05d", k), Product: "Product", Origin: "CN", HSCode: l.HSCode[:4],
			Market: []string{"DE", "FR", "US", "PL", "NL"}[r.IntN(5)], Date: l.DeclaredAt.AddDate(0, 1, 0)}
		switch k % 7 {
		case 0:
			n.Brand = l.Brand
		case 1:
			n.Brand, n.Words = l.Brand[:len(l.Brand)-1], "Type "+l.Model // a letter dropped; the model in the text
		case 2:
			n.GTIN = l.GTIN
		case 3:
			n.Manufacturer = "Hunan " + es[(k*7919)%len(es)].NameEn
		case 4:
			n.Model = l.Model
		case 5:
			n.Brand, n.Model = fmt.Sprintf("nobody%05d", k), fmt.Sprintf("ZZ-%d", k) // goods no one in the register exported
		default:
			// No one named (RASFF): the product's words and where it was found.
			n.Product, n.Market = trades[tradeOf[l.HSCode]].product, l.Destination
		}
		ns[k] = n
	}
	return es, ls, ns
}
