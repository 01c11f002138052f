package expert

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Field is an expert's field of competence. Values are stored: never
// rename them.
type Field string

// Fields, after the goods and hazards of the plan's tasks.
const (
	FieldFood        Field = "food_safety"          // 食品安全
	FieldAgriculture Field = "agri_quarantine"      // 农产品与动植物检疫
	FieldFireworks   Field = "fireworks_explosives" // 烟花爆竹
	FieldCeramics    Field = "ceramics_contact"     // 陶瓷及食品接触材料
	FieldChemicals   Field = "chemicals_dg"         // 化学品与危险货物
	FieldMechanical  Field = "mech_electrical"      // 机电与电气安全
	FieldChildren    Field = "toys_children"        // 玩具与儿童用品
	FieldTextiles    Field = "textiles_apparel"     // 纺织服装
	FieldHealth      Field = "health_quarantine"    // 卫生检疫与流行病学
	FieldMethodology Field = "risk_methods"         // 风险评估方法与统计
	FieldSolidWaste  Field = "solid_waste"          // 固体废物
)

// Fields lists the fields in display order.
var Fields = []Field{FieldFood, FieldAgriculture, FieldFireworks, FieldCeramics, FieldChemicals, FieldMechanical,
	FieldChildren, FieldTextiles, FieldHealth, FieldSolidWaste, FieldMethodology}

var fieldLabels = risk.Labels{
	string(FieldFood):        {"食品安全", "Food safety"},
	string(FieldAgriculture): {"农产品与动植物检疫", "Agricultural products, animal and plant quarantine"},
	string(FieldFireworks):   {"烟花爆竹", "Fireworks"},
	string(FieldCeramics):    {"陶瓷及食品接触材料", "Ceramics and food-contact materials"},
	string(FieldChemicals):   {"化学品与危险货物", "Chemicals and dangerous goods"},
	string(FieldMechanical):  {"机电与电气安全", "Machinery and electrical safety"},
	string(FieldChildren):    {"玩具与儿童用品", "Toys and children's products"},
	string(FieldTextiles):    {"纺织服装", "Textiles and clothing"},
	string(FieldHealth):      {"卫生检疫与流行病学", "Health quarantine and epidemiology"},
	string(FieldSolidWaste):  {"固体废物", "Solid waste"},
	string(FieldMethodology): {"风险评估方法与统计", "Risk assessment methods and statistics"},
}

// Label returns the field's Chinese and English names.
func (f Field) Label() (zh, en string) { return fieldLabels.Of(string(f)) }

// ParseField checks that s names a field.
func ParseField(s string) (Field, error) {
	for _, f := range Fields {
		if string(f) == s {
			return f, nil
		}
	}
	return "", risk.Invalid("field", "专业领域无效。", "the field is not one of the register's fields.")
}

// Conflict is an enterprise an expert must not review.
type Conflict struct {
	USCC   string `json:"uscc"`
	Name   string `json:"name,omitempty"`
	Reason string `json:"reason,omitempty"` // 任职、顾问、持股 …
}

// Expert is one entry of the register.
type Expert struct {
	ID           risk.ID    `json:"id"`
	Name         string     `json:"name"`
	Field        Field      `json:"field"`
	Organisation string     `json:"organisation"`
	Title        string     `json:"title"`
	UserID       risk.ID    `json:"user_id,omitempty"` // the account the expert signs in with, 0 none
	Conflicts    []Conflict `json:"conflicts"`
	Notes        string     `json:"notes,omitempty"`
	Active       bool       `json:"active"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Rev          int        `json:"rev"`
}

// ConflictWith returns the expert's conflict on one of usccs (a case's
// enterprises), if any.
func (e *Expert) ConflictWith(usccs []string) (Conflict, bool) {
	for _, c := range e.Conflicts {
		for _, u := range usccs {
			if strings.EqualFold(c.USCC, u) {
				return c, true
			}
		}
	}
	return Conflict{}, false
}

// Limits of an entry.
const (
	MaxName      = 100
	MaxShort     = 200
	MaxNotes     = 2000
	MaxConflicts = 50
)

// Input is the editable part of an entry.
type Input struct {
	Name         string     `json:"name"`
	Field        string     `json:"field"`
	Organisation string     `json:"organisation"`
	Title        string     `json:"title"`
	UserID       risk.ID    `json:"user_id"`
	Conflicts    []Conflict `json:"conflicts"`
	Notes        string     `json:"notes"`
	Active       *bool      `json:"active"` // nil: active on creation, unchanged on edit
	Rev          int        `json:"rev"`    // on edit: the revision read
}

func (in *Input) check(v *risk.Validation) {
	in.Name, in.Organisation, in.Title = strings.TrimSpace(in.Name), strings.TrimSpace(in.Organisation), strings.TrimSpace(in.Title)
	v.Text("name", in.Name, MaxName, true, "姓名", "the name")
	if _, err := ParseField(in.Field); err != nil {
		v.AddErr("field", err)
	}
	v.Text("organisation", in.Organisation, MaxShort, true, "工作单位", "the organisation")
	v.Text("title", in.Title, MaxShort, false, "职称", "the title")
	v.Paragraph("notes", in.Notes, MaxNotes, false, "备注", "the notes")
	if len(in.Conflicts) > MaxConflicts {
		v.Add("conflicts", fmt.Sprintf("利益冲突最多 %d 项。", MaxConflicts), fmt.Sprintf("at most %d conflicts of interest.", MaxConflicts))
	}
	seen := map[string]bool{}
	for i := range in.Conflicts {
		c := &in.Conflicts[i]
		f := fmt.Sprintf("conflicts[%d]", i)
		c.USCC, c.Name, c.Reason = strings.ToUpper(strings.TrimSpace(c.USCC)), strings.TrimSpace(c.Name), strings.TrimSpace(c.Reason)
		if _, err := ident.ParseUSCC(c.USCC); err != nil {
			v.Add(f+".uscc", fmt.Sprintf("利益冲突 %d 的统一社会信用代码 %q 无效。", i+1, c.USCC), fmt.Sprintf("conflict %d: %q is not a valid unified social credit code.", i+1, c.USCC))
		} else if seen[c.USCC] {
			v.Add(f+".uscc", fmt.Sprintf("利益冲突 %d 重复了企业 %s。", i+1, c.USCC), fmt.Sprintf("conflict %d repeats enterprise %s.", i+1, c.USCC))
		}
		seen[c.USCC] = true
		v.Text(f+".name", c.Name, MaxShort, false, fmt.Sprintf("利益冲突 %d 的企业名称", i+1), fmt.Sprintf("conflict %d's enterprise name", i+1))
		v.Text(f+".reason", c.Reason, MaxShort, false, fmt.Sprintf("利益冲突 %d 的原因", i+1), fmt.Sprintf("conflict %d's reason", i+1))
	}
}

// Filter selects entries.
type Filter struct {
	Field  Field
	Active *bool
	Text   string // name or organisation contains
}

// Store is the persistence of the register.
type Store interface {
	// Create stores a new entry with its audit entry; ErrConflict when
	// the account is already another expert's.
	Create(ctx context.Context, e *Expert, ae audit.Entry) error
	// Update writes e if the stored revision is e.Rev-1 (ErrConflict
	// otherwise), with its audit entry.
	Update(ctx context.Context, e *Expert, ae audit.Entry) error
	// Get returns one entry or ErrNotFound.
	Get(ctx context.Context, id risk.ID) (*Expert, error)
	// ByUser returns the entry of an account, or ErrNotFound.
	ByUser(ctx context.Context, userID risk.ID) (*Expert, error)
	// List returns the entries matching f, by name.
	List(ctx context.Context, f Filter) ([]*Expert, error)
}
