package matching

import "testing"

// TestTwoMaterialsBeatOne: an alert naming two materials ("vajilla de
// melamina y bambú") is the line shipped to the notifying country that
// declares both, not the plain melamine line another firm shipped there,
// even when that firm declared both materials on a line to another
// country. Each language's word for melamine reads every Chinese name of
// it (密胺, 仿瓷, 三聚氰胺), so the bamboo-fibre ware bound with 三聚氰胺 is
// melamine ware for a Spanish, Italian or German alert as for an English one.
func TestTwoMaterialsBeatOne(t *testing.T) {
	for _, bound := range []string{"含三聚氰胺", "密胺粘合"} {
		es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "株洲市瓷光密胺制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "益阳市竹韵环保制品有限公司"}}
		ls := []Line{
			{Declaration: "D1", DeclaredAt: dayOf("2023-03-06"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺盘（仿瓷，10寸）", Destination: "ES"},
			{Declaration: "D2", DeclaredAt: dayOf("2023-04-03"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺餐具（含竹粉，碗盘套装）", Destination: "BE"},
			{Declaration: "D3", DeclaredAt: dayOf("2023-02-27"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "竹纤维餐具（" + bound + "，碗、盘、杯）", Destination: "ES"},
		}
		ix := NewIndex(es, ls)
		for _, words := range []string{"VAJILLA DE MELAMINA Y BAMBU", "Stoviglie in melammina e bambù", "Geschirr aus Melamin und Bambus", "Melamine and bamboo tableware"} {
			n := Notification{Ref: "2023.0001", Product: words, Words: words, Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2023-04-24")}
			got := byUSCC(ix.Match(n, 0))
			if got["U2"].Score < Threshold || got["U1"].Score >= Threshold || got["U1"].Score >= got["U2"].Score {
				t.Errorf("%q against bamboo ware %s: both materials %.3f %+v; melamine only %.3f %+v", words, bound,
					got["U2"].Score, got["U2"].Evidence, got["U1"].Score, got["U1"].Evidence)
			}
		}
	}
}
