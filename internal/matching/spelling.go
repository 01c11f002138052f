package matching

import (
	"slices"
	"strings"
)

// Brands spelt alike: a declarant types the foreign buyer's brand from a
// label or an order, and letters get swapped, dropped or doubled (ENCUP
// for Ecnup, SLIM EXTREME for Slim Xtreme). Two spellings count as one
// brand spelt alike when an edit distance bounded by their length separates
// them; because a short word one letter from another is often simply
// another word, such a pair is weaker evidence than the same brand, and
// counts only when the declared line is the alert's product too (Match).

// brandEdits is how many edits (a letter added, dropped, changed, or two
// neighbours swapped) may separate two spellings of a brand whose shorter
// form has n letters: none below five letters; at five, only two
// neighbours swapped (kikka and kikko are two words, ecnup and encup one
// name typed twice); one from six to eight letters; two from nine.
func brandEdits(n int) int {
	switch {
	case n < 5:
		return -1
	case n <= 8:
		return 1
	}
	return 2
}

// brandsAlike reports two brand forms (normBrand) that are spellings of
// one brand: both written in Latin letters and digits, the same digits in
// the same order (a number in a brand is no typing slip: X100 is not
// X200), and at most brandEdits apart (spellingDistance).
func brandsAlike(a, b string) bool {
	if a == b || !latinForm(a) || !latinForm(b) || !sameDigits(a, b) {
		return false
	}
	n := min(lettersIn(a), lettersIn(b))
	// Respelt by sound (Delites, Nite): six letters or more, where a
	// respelling is a word's, not another short name's (Mikey, Mickey).
	if n >= 6 && respelt(a, b) {
		return true
	}
	k := brandEdits(n)
	if k < 0 || len(a)-len(b) > k || len(b)-len(a) > k {
		return false
	}
	if n == 5 {
		return swapped(a, b) || doubled(a, b) || doubled(b, a)
	}
	return spellingDistance(a, b, k) <= k
}

// doubled reports a form that is the other with a consonant between two
// vowels written twice (SAMMIT for SAMIT, HAMER for HAMMER): English
// spelling doubles such consonants without changing the sound, so the slip
// is as common as two swapped letters and, like it, keeps a short brand's
// letters and their order. A letter added at the end (ECNUPP) is not one.
func doubled(long, short string) bool {
	if len(long) != len(short)+1 {
		return false
	}
	i := 0
	for i < len(short) && long[i] == short[i] {
		i++
	}
	// long[i] repeats long[i-1]; the pair lies between vowels.
	return i >= 2 && i+1 < len(long) && long[i] == long[i-1] && long[i+1:] == short[i:] &&
		!isVowel(long[i]) && isVowel(long[i-2]) && isVowel(long[i+1])
}

func isVowel(c byte) bool {
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'
}

// swapped reports two forms that differ only by two neighbouring letters
// swapped.
func swapped(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
}

// spellingDistance is the optimal string alignment distance of two ASCII
// forms (the Damerau–Levenshtein distance in which no letter is edited
// twice: additions, deletions, changes and swaps of neighbours), or k+1
// when it exceeds k.
func spellingDistance(a, b string, k int) int {
	if len(a)-len(b) > k || len(b)-len(a) > k {
		return k + 1
	}
	// Three rows of the table: i−2, i−1 and i, on the stack for the
	// lengths brands have.
	var buf [3 * 33]int
	rows := buf[:]
	if len(b) >= 33 {
		rows = make([]int, 3*(len(b)+1))
	}
	w := len(b) + 1
	prev2, prev, cur := rows[:w], rows[w:2*w], rows[2*w:3*w]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			low = min(low, d)
		}
		if low > k {
			return k + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], k+1)
}

// latinForm reports a form of ASCII letters and digits only: the edit
// distance of Chinese characters, each a syllable, says nothing of typing.
func latinForm(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func lettersIn(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			n++
		}
	}
	return n
}

// sameDigits reports two forms with the same digits in the same order.
func sameDigits(a, b string) bool {
	i, j := 0, 0
	for {
		for i < len(a) && (a[i] < '0' || a[i] > '9') {
			i++
		}
		for j < len(b) && (b[j] < '0' || b[j] > '9') {
			j++
		}
		if i == len(a) || j == len(b) {
			return i == len(a) && j == len(b)
		}
		if a[i] != b[j] {
			return false
		}
		i++
		j++
	}
}

// alikeForm returns a pair of forms that brandsAlike.
func alikeForm(a, b []string) (string, string, bool) {
	return alikeFormWhere(a, b, func(string, string) bool { return true })
}

// alikeFormWhere returns a pair of forms that brandsAlike and keep accepts.
func alikeFormWhere(a, b []string, keep func(x, y string) bool) (string, string, bool) {
	for _, x := range a {
		for _, y := range b {
			if brandsAlike(x, y) && keep(x, y) {
				return x, y, true
			}
		}
	}
	return "", "", false
}

// spelling finds the declared brand forms spelt alike a form without
// comparing it with every brand of the register. Each form of n characters
// that may be edited k times (brandEdits) is cut into k+1 pieces with one
// character between neighbouring pieces; an edit touches at most one piece
// (two swapped neighbours lie in one piece, or one of them in the gap), so
// a spelling within k edits holds one piece untouched, shifted by at most k
// places. The pieces are looked up at each such place and what they find
// is checked with brandsAlike.
type spelling struct {
	forms  []string
	pieces map[pieceKey][]int32
	// respelt are the forms by their sound as brands respell words
	// (sound): JENNYS DELIGHTS under jennysdelites.
	respelt map[string][]string
}

// respellings are how brands write English words by their sound: Delites
// for delights, Nite for night, Foto for photo, Kwik-style K for CK.
var respellings = strings.NewReplacer("ight", "ite", "ph", "f", "ck", "k")

// sound returns a brand form as brands respell it (respellings).
func sound(form string) string {
	return respellings.Replace(form)
}

// respelt reports two forms that sound alike, one of them holding what
// brands respell ("gh", "ph", "ck"): the check is cheap for the others.
func respelt(a, b string) bool {
	has := func(f string) bool {
		return strings.Contains(f, "gh") || strings.Contains(f, "ph") || strings.Contains(f, "ck")
	}
	return (has(a) || has(b)) && sound(a) == sound(b)
}

// pieceKey is piece j of the forms of n characters.
type pieceKey struct {
	n, j uint8
	s    string
}

// layout returns the start and end of the pieces of a form of n
// characters edited at most k times.
func layout(n, k int, f func(j, start, end int)) {
	m := k + 1
	total := n - k
	pos := 0
	for j := range m {
		l := total / m
		if j < total%m {
			l++
		}
		f(j, pos, pos+l)
		pos += l + 1
	}
}

func (sp *spelling) add(form string) {
	n := len(form)
	if n < 5 || n > 255 || !latinForm(form) {
		return
	}
	if sp.pieces == nil {
		sp.pieces = map[pieceKey][]int32{}
	}
	id := int32(len(sp.forms))
	sp.forms = append(sp.forms, form)
	if sp.respelt == nil {
		sp.respelt = map[string][]string{}
	}
	sp.respelt[sound(form)] = append(sp.respelt[sound(form)], form)
	layout(n, brandEdits(n), func(j, start, end int) {
		k := pieceKey{uint8(n), uint8(j), form[start:end]}
		sp.pieces[k] = append(sp.pieces[k], id)
	})
}

// alike returns the forms added that are spelt alike q (brandsAlike).
func (sp *spelling) alike(q string) []string {
	if len(q) < 5 || !latinForm(q) || len(sp.pieces) == 0 {
		return nil
	}
	var out []string
	// A form that sounds as a declared one written another way (sound).
	for _, f := range sp.respelt[sound(q)] {
		if f != q && brandsAlike(q, f) {
			out = append(out, f)
		}
	}
	var seen map[int32]bool
	for n := max(5, len(q)-2); n <= min(255, len(q)+2); n++ {
		k := brandEdits(n)
		if n-len(q) > k || len(q)-n > k {
			continue
		}
		layout(n, k, func(j, start, end int) {
			for d := -k; d <= k; d++ {
				s, e := start+d, end+d
				if s < 0 || e > len(q) {
					continue
				}
				for _, id := range sp.pieces[pieceKey{uint8(n), uint8(j), q[s:e]}] {
					if seen[id] {
						continue
					}
					if seen == nil {
						seen = map[int32]bool{}
					}
					seen[id] = true
					if f := sp.forms[id]; brandsAlike(q, f) && !slices.Contains(out, f) {
						out = append(out, f)
					}
				}
			}
		})
	}
	return out
}

// modelSlip reports a brand of four letters or more that the text writes
// one letter from a declared one (Civia for CIVA), which with the line's
// model named too (Hyland) is the declarant's slip: too short to be spelt
// alike alone (brandsAlike), it counts beside the model.
func modelSlip(text, declared []string) bool {
	for _, x := range text {
		for _, y := range declared {
			if x != y && latinForm(x) && latinForm(y) && min(lettersIn(x), lettersIn(y)) >= 4 && sameDigits(x, y) && spellingDistance(x, y, 1) <= 1 {
				return true
			}
		}
	}
	return false
}
