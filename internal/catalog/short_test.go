package catalog_test

import (
	"testing"

	"riskgate/internal/catalog"
)

func TestShort(t *testing.T) {
	hs, err := catalog.BuiltinTable("hs")
	if err != nil {
		t.Fatal(err)
	}
	countries, _ := catalog.BuiltinTable("countries")
	tests := []struct {
		e    *catalog.Entry
		lang string
		want string
	}{
		{hs.Find("9613"), "zh", "香烟打火机及其他打火器"},
		{hs.Find("9613"), "en", "Cigarette lighters and other lighters, whether…"},
		{hs.Find("9503"), "zh", "三轮车、踏板车、踏板汽车和类似的带轮玩具"},
		{countries.Find("CN"), "zh", "中国"},
		{countries.Find("CN"), "en", "China"},
	}
	for _, tt := range tests {
		if got := tt.e.Short(tt.lang); got != tt.want {
			t.Errorf("%s Short(%s) = %q, want %q", tt.e.Code, tt.lang, got, tt.want)
		}
	}
}
