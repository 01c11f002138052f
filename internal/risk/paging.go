package risk

// Paging is a window on a list: Offset rows skipped, at most Limit returned.
// Filters embed it so that every list checks the window the same way.
type Paging struct {
	Offset int
	Limit  int
}

// DefaultLimit is the page size of a list asked without one; MaxLimit is the
// most rows one request may ask for.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Check records in v what is wrong with p (a negative offset, a limit outside
// 1–MaxLimit) and fills the default limit when none was asked.
func (p *Paging) Check(v *Validation) {
	if p.Offset < 0 {
		v.Add("offset", "偏移量不能为负。", "offset must not be negative.")
	}
	switch {
	case p.Limit == 0:
		p.Limit = DefaultLimit
	case p.Limit < 0 || p.Limit > MaxLimit:
		v.Add("limit", "每页 1–500 条。", "limit must be 1–500.")
	}
}
