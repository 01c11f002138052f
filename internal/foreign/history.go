package foreign

import (
	"context"
	"time"

	"riskgate/internal/risk"
)

// Source is a foreign notification source, by its format's name. Values
// are stored.
type Source string

var sourceTitles = risk.Labels{
	"safetygate": {"欧盟非食品类危险产品快速预警系统（Safety Gate）", "EU Safety Gate (non-food products)"},
	"rasff":      {"欧盟食品和饲料快速预警系统（RASFF）", "EU RASFF (food and feed)"},
	"cpsc":       {"美国消费品安全委员会召回（CPSC）", "US CPSC recalls"},
	"openfda":    {"美国食品药品监督管理局执法报告（openFDA）", "US FDA enforcement reports (openFDA)"},
	"fda-press":  {"美国食品药品监督管理局召回新闻稿", "US FDA recall press releases"},
}

// Label returns the source's Chinese and English names.
func (s Source) Label() (zh, en string) { return sourceTitles.Of(string(s)) }

// Logged is one import as the import log keeps it: which source and file,
// when, by whom, and what it did.
type Logged struct {
	ID        int64     `json:"id"`
	Source    Source    `json:"source"`
	File      string    `json:"file"`
	Records   int       `json:"records"`
	New       int       `json:"new"`
	Updated   int       `json:"updated"`
	Unchanged int       `json:"unchanged"`
	Skipped   int       `json:"skipped"` // invalid records left out (with SkipInvalid)
	Actor     string    `json:"actor"`   // login
	ActorName string    `json:"actor_name,omitempty"`
	Dept      string    `json:"dept"`
	At        time.Time `json:"at"`
}

// HistoryLimit is how many of the latest imports History lists.
const HistoryLimit = 100

// History lists the latest imports, newest first: those of a's department,
// or every department's for administrators.
func (s *Service) History(ctx context.Context, a risk.Actor) ([]Logged, error) {
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看国外通报导入记录。 / Not allowed to read the foreign import log.")
	}
	dept := a.Dept
	if a.SeesAll() {
		dept = ""
	}
	return s.Store.History(ctx, dept, HistoryLimit)
}
