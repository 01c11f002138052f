package matching

import "testing"

// Names match across Chinese, pinyin and English, without legal forms.
func TestNames(t *testing.T) {
	es := []Enterprise{
		{ID: 1, USCC: "91430181MA4L0000XX", NameZh: "湖南浏阳星辰烟花有限公司"},
		{ID: 2, USCC: "91430521MA4L0000YY", NameZh: "邵东县华信打火机厂", NameEn: "Shaodong Huaxin Lighter Factory"},
		{ID: 3, USCC: "91430100MA4L0000ZZ", NameZh: "长沙宏达玩具有限公司", NameEn: "Changsha Hongda Toys Co., Ltd."},
	}
	ix := NewIndex(es, nil)
	for _, c := range []struct {
		maker string
		want  int64
	}{
		{"Hunan Liuyang Xingchen Co., Ltd", 1},              // pinyin of the Chinese name
		{"SHAODONG HUAXIN LIGHTER FACTORY", 2},              // the English name, another case
		{"长沙宏达玩具有限责任公司", 3},                                 // another legal form
		{"Changsha Hongda Toys Company Limited (China)", 3}, // English legal forms
	} {
		got := ix.Match(Notification{Manufacturer: c.maker, Origin: "CN"}, 0.5)
		if len(got) == 0 || got[0].Enterprise.ID != c.want || got[0].Evidence[0].Kind != "name" {
			t.Errorf("%q: %+v", c.maker, got)
		}
	}
	if got := ix.Match(Notification{Manufacturer: "Guangdong Meiya Electric Co., Ltd", Origin: "CN"}, 0.5); len(got) != 0 {
		t.Errorf("an unrelated firm matched: %+v", got)
	}
	// A USCC settles it; goods made elsewhere do not match at all.
	got := ix.Match(Notification{USCC: "91430100MA4L0000ZZ", Origin: "CN"}, Threshold)
	if len(got) != 1 || got[0].Enterprise.ID != 3 || got[0].Score < 0.98 {
		t.Errorf("USCC: %+v", got)
	}
	if got := ix.Match(Notification{USCC: "91430100MA4L0000ZZ", Origin: "DE"}, Threshold); len(got) != 0 {
		t.Errorf("made in Germany, matched: %+v", got)
	}
}
