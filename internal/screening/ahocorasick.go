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

// byteMatcher finds every keyword occurring in a text byte for byte, as
// strings.Contains does: an Aho–Corasick automaton over bytes, run as a
// table (a state and a byte class give the next state) when the table is
// small enough, else by its goto and failure functions.
type byteMatcher struct {
	class  [256]uint16 // byte → class; 0 for the bytes of no keyword
	nClass int
	// delta16 (up to 65,536 states) or delta: state*nClass + class → next
	// state; both nil: use next and fail.
	delta16 []uint16
	delta   []int32
	next    map[uint64]int32 // goto function: state<<8 | byte → state
	fail    []int32
	// state s reports the keywords out[outAt[s]:outAt[s+1]] (its failure
	// chain folded in).
	outAt []int32
	out   []int32
}

// maxDelta bounds the table of a byteMatcher (entries of 4 bytes).
const maxDelta = 1 << 23

func newByteMatcher(keywords []string) *byteMatcher {
	m := &byteMatcher{next: map[uint64]int32{}, fail: []int32{0}}
	m.nClass = 1
	for _, k := range keywords {
		for i := 0; i < len(k); i++ {
			if m.class[k[i]] == 0 {
				m.class[k[i]] = uint16(m.nClass)
				m.nClass++
			}
		}
	}
	type edge struct {
		b byte
		t int32
	}
	kids := [][]edge{nil}
	outs := [][]int32{nil}
	for i, k := range keywords {
		s := int32(0)
		for j := 0; j < len(k); j++ {
			key := uint64(s)<<8 | uint64(k[j])
			t, ok := m.next[key]
			if !ok {
				t = int32(len(outs))
				m.next[key] = t
				kids[s] = append(kids[s], edge{k[j], t})
				kids = append(kids, nil)
				outs = append(outs, nil)
				m.fail = append(m.fail, 0)
			}
			s = t
		}
		outs[s] = append(outs[s], int32(i))
	}
	// Breadth-first: each state's failure link is the longest proper
	// suffix that is also a path from the root.
	order := []int32{0}
	for q := 0; q < len(order); q++ {
		s := order[q]
		for _, e := range kids[s] {
			order = append(order, e.t)
			if s != 0 {
				f := m.fail[s]
				for {
					if u, ok := m.next[uint64(f)<<8|uint64(e.b)]; ok {
						m.fail[e.t] = u
						break
					}
					if f == 0 {
						break
					}
					f = m.fail[f]
				}
			}
			outs[e.t] = append(outs[e.t], outs[m.fail[e.t]]...)
		}
	}
	m.outAt = make([]int32, 0, len(outs)+1)
	for _, o := range outs {
		m.outAt = append(m.outAt, int32(len(m.out)))
		m.out = append(m.out, o...)
	}
	m.outAt = append(m.outAt, int32(len(m.out)))
	if len(outs)*m.nClass <= maxDelta {
		var byteOf [256]byte
		for b, c := range m.class {
			byteOf[c] = byte(b)
		}
		m.delta = make([]int32, len(outs)*m.nClass)
		for _, s := range order {
			for c := 1; c < m.nClass; c++ {
				t, ok := m.next[uint64(s)<<8|uint64(byteOf[c])]
				if !ok && s != 0 {
					t = m.delta[int(m.fail[s])*m.nClass+c]
				}
				m.delta[int(s)*m.nClass+c] = t
			}
		}
		if len(outs) <= 1<<16 {
			// Half the table, twice the states in cache.
			m.delta16 = make([]uint16, len(m.delta))
			for i, t := range m.delta {
				m.delta16[i] = uint16(t)
			}
			m.delta = nil
		}
	}
	return m
}

// step returns the state after byte b in state s.
func (m *byteMatcher) step(s int32, b byte) int32 {
	if m.delta16 != nil {
		return int32(m.delta16[int(s)*m.nClass+int(m.class[b])])
	}
	if m.delta != nil {
		return m.delta[int(s)*m.nClass+int(m.class[b])]
	}
	for {
		if t, ok := m.next[uint64(s)<<8|uint64(b)]; ok {
			return t
		}
		if s == 0 {
			return 0
		}
		s = m.fail[s]
	}
}
