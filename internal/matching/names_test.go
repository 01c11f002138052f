package matching

import (
	"fmt"
	"slices"
	"testing"
)

// TestNamePostingsFindEveryCloseName: the name postings, which read only a
// form's rarest bigrams, find every enterprise a scan of every registered
// name and every declared manufacturer finds within weighted Dice 0.6 of
// a manufacturer's name — names given whole, with a syllable dropped or
// changed, in another city, in Chinese, of one character.
func TestNamePostingsFindEveryCloseName(t *testing.T) {
	es, ls, ns := Synthetic(3000, 30000, 140, 3)
	// Some lines declare a maker: another firm's name, written another way.
	for j := range ls {
		switch j % 7 {
		case 0:
			ls[j].Manufacturer = es[(j*31)%len(es)].NameZh
		case 1:
			if en := es[(j*17)%len(es)].NameEn; en != "" {
				ls[j].Manufacturer = "Hunan " + en[:len(en)-3]
			}
		case 2:
			ls[j].Manufacturer = "华"
		}
	}
	ix := NewIndex(es, ls)
	var makers []string
	for _, n := range ns {
		if n.Manufacturer != "" {
			makers = append(makers, n.Manufacturer)
		}
	}
	for k, e := range es[:200] {
		zh := []rune(e.NameZh)
		makers = append(makers, e.NameZh, string(zh[:len(zh)-5])+"贸易有限公司", string(zh[2:4])+string(zh[5:]), string(zh[4:5]), string(zh[2:4]))
		if e.NameEn != "" {
			makers = append(makers, e.NameEn[:len(e.NameEn)/2], e.NameEn[3:], fmt.Sprintf("%s Trading %d", e.NameEn[:len(e.NameEn)-12], k))
		}
	}
	// Each enterprise's names and the makers its lines declare, once.
	type forms struct {
		f []string
		g []grams
	}
	held := make([]forms, len(ix.profiles))
	for i, p := range ix.profiles {
		h := forms{slices.Clone(p.names), slices.Clone(p.nameGrams)}
		for _, l := range p.lines {
			for j, m := range l.makers {
				if !slices.Contains(h.f, m) {
					h.f, h.g = append(h.f, m), append(h.g, l.makerGrams[j])
				}
			}
		}
		held[i] = h
	}
	close, compared := 0, 0
	for _, m := range makers {
		for _, form := range nameForms(m, "") {
			gx := []grams{bigrams(form)}
			ix.gw.weigh(&gx[0])
			var want []int32
			for i, h := range held {
				if s, _ := ix.similarity([]string{form}, gx, h.f, h.g); s >= 0.6 {
					want = append(want, int32(i))
				}
			}
			var got []int32
			ix.post.names.close(form, &ix.gw, func(l []int32) { got = append(got, l...) })
			slices.Sort(got)
			got = slices.Compact(got)
			if !slices.Equal(got, want) {
				t.Fatalf("%q (%s): the postings find %v, the scan %v", form, m, got, want)
			}
			close += len(want)
			compared++
		}
	}
	t.Logf("%d forms, %d close enterprises", compared, close)
	if close < compared {
		t.Errorf("%d close enterprises for %d forms: the comparison says little", close, compared)
	}
}
