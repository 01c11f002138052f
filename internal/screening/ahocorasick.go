package screening

// matcher finds every keyword occurring in a text: an Aho–Corasick
// automaton over runes, so that Chinese keywords cost one pass over the
// product name whatever their number.
type matcher struct {
	next [](map[rune]int32) // goto function
	fail []int32
	out  [][]int32 // keyword indexes ending at each state (with the fail chain folded in)
}

func newMatcher(keywords []string) *matcher {
	m := &matcher{next: []map[rune]int32{{}}, fail: []int32{0}, out: [][]int32{nil}}
	for i, k := range keywords {
		s := int32(0)
		for _, r := range k {
			t, ok := m.next[s][r]
			if !ok {
				t = int32(len(m.next))
				m.next = append(m.next, map[rune]int32{})
				m.fail = append(m.fail, 0)
				m.out = append(m.out, nil)
				m.next[s][r] = t
			}
			s = t
		}
		m.out[s] = append(m.out[s], int32(i))
	}
	// Breadth-first: each state's failure link is the longest proper
	// suffix that is also a path from the root.
	queue := make([]int32, 0, len(m.next))
	for _, t := range m.next[0] {
		queue = append(queue, t)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for r, t := range m.next[s] {
			queue = append(queue, t)
			f := m.fail[s]
			for {
				if u, ok := m.next[f][r]; ok && u != t {
					m.fail[t] = u
					break
				}
				if f == 0 {
					m.fail[t] = 0
					break
				}
				f = m.fail[f]
			}
			m.out[t] = append(m.out[t], m.out[m.fail[t]]...)
		}
	}
	return m
}

// find calls fn with the index of every keyword found in text (a keyword
// found twice is reported twice).
func (m *matcher) find(text string, fn func(int32)) {
	s := int32(0)
	for _, r := range text {
		for {
			if t, ok := m.next[s][r]; ok {
				s = t
				break
			}
			if s == 0 {
				break
			}
			s = m.fail[s]
		}
		for _, k := range m.out[s] {
			fn(k)
		}
	}
}
