package risk

// Labeled is a stored code — a status, a decision, a kind — that users see
// by its name, never by the code itself: Chinese first, English when the
// page is switched. Every type whose values reach a page implements it.
type Labeled interface {
	Label() (zh, en string)
}

// Labels maps codes to their Chinese and English names. A type's Label
// method looks its value up here, so that the names of a lifecycle's states
// stay next to the states themselves as data.
type Labels map[string][2]string

// Of returns the names of code; an unknown code names itself (a stored
// value from a newer version, say), so that nothing is hidden.
func (l Labels) Of(code string) (zh, en string) {
	if n, ok := l[code]; ok {
		return n[0], n[1]
	}
	return code, code
}
