package matching

import (
	"slices"
	"testing"
)

// TestLexiconRowsOfRound11: the rows added after eval15's first run read
// the words of brand-less RASFF alerts and CPSC recalls as declarants
// write them: a soup with noodles is 方便汤面, a horseradish seasoning
// 辣根调味酱, candy sticks 棒状硬糖 and not fruit gums, silicone muffin cups
// 硅胶马芬杯, a German cooling jug with plastic ice cubes 塑料冷水壶,
// steak-flavoured crisps (Italian patatine) 薯片（牛排味）, a climbing cam
// 攀岩机械塞 and climbing sticks 爬树梯; "silicon", as alerts misspell
// silicone, is 硅胶. (Dried noodles are not instant noodles: since round
// 22 the market tells them apart, TestDriedNoodlesAreNotInstant.)
func TestLexiconRowsOfRound11(t *testing.T) {
	checkFits(t, []fitCase{
		{"Instant soup with noodles", "方便汤面（紫菜蛋花味）", "1902300000", true},
		{"Seasoning Horseradish", "辣根调味酱（管装）", "2103909000", true},
		{"Candy sticks", "棒状硬糖（彩色糖棒）", "1704900000", true},
		{"Silicone for muffins", "硅胶马芬杯（12只装）", "3924100000", true},
		{"Kühlkrug mit Kunststoff-Eiswürfeln", "塑料冷水壶（2升，附塑料冰块）", "3924100000", true},
		{"Patatine al gusto di bistecca/steak flavoured chips", "薯片（牛排味）", "2005200000", true},
		{"Joss rock climbing cam", "攀岩机械塞（铝合金凸轮）", "9506990000", true},
		{"Climbing Sticks", "铝合金爬树梯（4节装）", "7616999000", true},
		{"Silicon kitchen set with wooden handles", "硅胶厨具套装（木柄，锅铲、汤勺、夹子）", "3924100000", true},
	})
}

// TestOtherStatesOfCerealsAndMetals: a cereal's term also fits its flour,
// groats and flakes (1101–1104: 红曲米粉 under 1102 for "Fermented Rice
// powder"), and kitchen articles of steel, copper and aluminium are the
// same goods of another metal (a copper spatula declared under 7418).
func TestOtherStatesOfCerealsAndMetals(t *testing.T) {
	checkFits(t, []fitCase{
		{"Fermented Rice powder", "红曲米粉（发酵）", "1102902000", true},
		{"Spatula", "铜锅铲（纯铜，手工锻打）", "7418100000", true},
		{"Spatula", "铜锅铲", "8302100000", false},
	})
	if got := withStates([]string{"1006"}); !slices.Equal(got, []string{"1006", "1101", "1102", "1103", "1104"}) {
		t.Errorf("states of rice: %v", got)
	}
	if got := withStates([]string{"7615", "3924"}); !slices.Equal(got, []string{"7615", "3924", "7323", "7418"}) {
		t.Errorf("metals of an aluminium pan: %v", got)
	}
}

// TestGlassesAreGoods: "Glasses, Cups, Cans" names drinking glasses, not
// the material glass, so a plastic set of cups is not of another material;
// "Glass jar" is glass.
func TestGlassesAreGoods(t *testing.T) {
	ss := mustReference().stuffs
	if got := ss.Find("Vasos, Tazas, Bidón y Fiambrera (Glasses, Cups, Cans and Lunch Boxes)"); len(got) != 0 {
		t.Errorf("glasses read as the material: %v", got)
	}
	if got := ss.Find("Glass jar with lid"); len(got) != 1 || got[0].Name != "glass" {
		t.Errorf("glass jar: %v", got)
	}
}

// TestOWrittenForZero: a recall printing XOP-LMO4-SR finds the model
// declared XOP-LM04-SR, the letter O beside a digit read as 0; models
// without such an O are left as they are.
func TestOWrittenForZero(t *testing.T) {
	if got, want := oAsZero(normModel("XOP-LMO4-SR")), normModel("XOP-LM04-SR"); got != want {
		t.Errorf("oAsZero(XOP-LMO4-SR) = %q, want %q", got, want)
	}
	if got := oAsZero(normModel("OWT")); got != "" {
		t.Errorf("oAsZero(OWT) = %q, want none", got)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "资兴市某户外用品有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2018-07-02"), ConsignorUSCC: "U1", HSCode: "7616999000", Name: "铝合金爬树梯（狩猎用，4节装）", Brand: "XOP", Model: "XOP-LM04-SR", Destination: "US"}}
	n := Notification{Ref: "r", Product: "Climbing Sticks", Words: "The climbing sticks have XOP and model number XOP-LMO4-SR printed on the box.", Origin: "CN", Market: "US", Date: dayOf("2019-06-06")}
	if c := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; c.Score < Threshold || !hasKind(c, "model", "D1") {
		t.Errorf("XOP-LMO4-SR: %.3f %s", c.Score, evidenceText(c))
	}
}

// TestSlipBetweenTwoWordsOfOneMeaning: "silicona" is one slip from both
// silicone and silicon, which say the same (硅胶): it is read as the one
// of its length, not refused as a guess.
func TestSlipBetweenTwoWordsOfOneMeaning(t *testing.T) {
	if got := mustReference().lex.slipFor("silicona"); got != "silicone" {
		t.Errorf("slipFor(silicona) = %q", got)
	}
}
