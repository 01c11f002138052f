// Package enterprise is the party register: importers, exporters,
// manufacturers, agents and e-commerce platforms, each identified by its
// 统一社会信用代码 and carrying the customs credit tier that drives
// inspection rates (海关总署令第282号).
package enterprise

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Enterprise is one registered party.
type Enterprise struct {
	ID           risk.ID   `json:"id"`
	USCC         string    `json:"uscc"`
	NameZh       string    `json:"name_zh"`
	NameEn       string    `json:"name_en"`
	Address      string    `json:"address"`
	Region       string    `json:"region"`
	Roles        []string  `json:"roles"`
	CreditTier   string    `json:"credit_tier"`
	ContactName  string    `json:"contact_name"`
	ContactPhone string    `json:"contact_phone"`
	ContactEmail string    `json:"contact_email"`
	Dept         string    `json:"dept"` // the department that keeps the record
	Version      int       `json:"version"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Input is what a caller may set on an enterprise. Dept is taken from the
// actor (administrators may set it). Version is required on update: it must
// equal the stored version (optimistic locking).
type Input struct {
	USCC         string   `json:"uscc"`
	NameZh       string   `json:"name_zh"`
	NameEn       string   `json:"name_en"`
	Address      string   `json:"address"`
	Region       string   `json:"region"`
	Roles        []string `json:"roles"`
	CreditTier   string   `json:"credit_tier"`
	ContactName  string   `json:"contact_name"`
	ContactPhone string   `json:"contact_phone"`
	ContactEmail string   `json:"contact_email"`
	Dept         string   `json:"dept"`
	Version      int      `json:"version"`
}

// Field limits, in characters (the forms' maxlength).
const (
	MaxName    = 200 // the Chinese and the English name
	MaxAddress = 300
	MaxContact = 100 // the contact's name and e-mail
	MaxPhone   = 40
)

// DefaultTier is 常规企业, the tier of an enterprise not yet rated.
const DefaultTier = "routine"

// Normalize trims the input and fills defaults; Check then validates it.
func (in *Input) normalize() {
	trim := func(s *string) { *s = strings.TrimSpace(*s) }
	for _, p := range []*string{&in.USCC, &in.NameZh, &in.NameEn, &in.Address, &in.Region, &in.CreditTier,
		&in.ContactName, &in.ContactPhone, &in.ContactEmail, &in.Dept} {
		trim(p)
	}
	in.USCC = strings.ToUpper(in.USCC)
	if in.CreditTier == "" {
		in.CreditTier = DefaultTier
	}
	var roles []string
	seen := map[string]bool{}
	for _, r := range in.Roles {
		r = strings.TrimSpace(r)
		if r != "" && !seen[r] {
			seen[r] = true
			roles = append(roles, r)
		}
	}
	in.Roles = roles
}

// Check validates in against the catalogues and records every problem in v,
// with field names as in the JSON.
func (in *Input) Check(sets *catalog.Sets, v *risk.Validation) {
	in.normalize()
	if _, err := ident.ParseUSCC(in.USCC); err != nil {
		v.AddErr("uscc", err)
	}
	v.Text("name_zh", in.NameZh, MaxName, true, "企业中文名称", "the Chinese name")
	v.Text("name_en", in.NameEn, MaxName, false, "英文名称", "the English name")
	v.Text("address", in.Address, MaxAddress, false, "地址", "the address")
	v.Text("contact_name", in.ContactName, MaxContact, false, "联系人", "the contact name")
	v.Text("contact_phone", in.ContactPhone, MaxPhone, false, "联系电话", "the contact phone")
	v.Text("contact_email", in.ContactEmail, MaxContact, false, "电子邮箱", "the contact e-mail")
	if in.ContactPhone != "" && strings.Trim(in.ContactPhone, "0123456789+-() ") != "" {
		v.Add("contact_phone", "联系电话只能包含数字、空格和 + - ( )。", "the phone may contain only digits, spaces and + - ( ).")
	}
	if in.ContactEmail != "" {
		if a, err := mail.ParseAddress(in.ContactEmail); err != nil || a.Address != in.ContactEmail {
			v.Add("contact_email", "电子邮箱格式无效。", "the e-mail address is not valid.")
		}
	}
	if in.Region != "" {
		r, err := ident.ParseRegion(in.Region)
		switch {
		case err != nil:
			v.AddErr("region", err)
		case !sets.Regions[string(r)] && !sets.Regions[r.Province()]:
			v.Add("region", "行政区划代码 "+in.Region+" 不在目录中。", "region code "+in.Region+" is not in the catalogue.")
		}
	}
	if len(in.Roles) == 0 {
		v.Add("roles", "至少选择一个企业角色。", "choose at least one role.")
	}
	for _, r := range in.Roles {
		if !sets.Roles[r] {
			v.Add("roles", "企业角色 "+r+" 无效。", "unknown enterprise role "+r+".")
		}
	}
	if !sets.Tiers[in.CreditTier] {
		v.Add("credit_tier", "信用等级 "+in.CreditTier+" 无效。", "unknown credit tier "+in.CreditTier+".")
	}
	if in.Dept != "" && !sets.Depts[in.Dept] {
		v.Add("dept", "部门代码 "+in.Dept+" 不在目录中。", "department "+in.Dept+" is not in the catalogue.")
	}
}

// apply copies validated input onto e.
func (in *Input) apply(e *Enterprise) {
	e.USCC, e.NameZh, e.NameEn, e.Address, e.Region = in.USCC, in.NameZh, in.NameEn, in.Address, in.Region
	e.Roles, e.CreditTier = in.Roles, in.CreditTier
	e.ContactName, e.ContactPhone, e.ContactEmail = in.ContactName, in.ContactPhone, in.ContactEmail
}

// Filter selects enterprises. Zero fields are not applied.
type Filter struct {
	Text   string // USCC prefix or part of a name
	Region string // region code prefix, e.g. 4301
	Role   string
	Tier   string
	IDs    []risk.ID // restrict to these (used for enterprise users)
	risk.Paging
}

// Store is the persistence of the register. Every write takes the audit
// entries to append in the same transaction.
type Store interface {
	Create(ctx context.Context, e *Enterprise, ae audit.Entry) error
	// Update writes e if the stored version is e.Version-1; otherwise ErrConflict.
	Update(ctx context.Context, e *Enterprise, ae audit.Entry) error
	Get(ctx context.Context, id risk.ID) (*Enterprise, error)
	GetByUSCC(ctx context.Context, uscc string) (*Enterprise, error)
	List(ctx context.Context, f Filter) ([]*Enterprise, int, error)
	// Existing maps the given USCCs that are registered to their records.
	Existing(ctx context.Context, usccs []string) (map[string]*Enterprise, error)
	// Import creates and updates in one transaction; any failure writes
	// nothing. entries[i] for i < len(create) records create[i] (the store
	// fills in its EntityID); the rest are appended as they are.
	Import(ctx context.Context, create, update []*Enterprise, entries []audit.Entry) error
}

// Service applies the register's rules: who may see and change what.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
}

// CanEdit reports whether a may change records kept by dept: administrators
// anywhere, officers in their own department.
func CanEdit(a risk.Actor, dept string) bool {
	if !risk.Can(a, risk.PermEnterpriseWrite) {
		return false
	}
	return a.SeesAll() || a.Dept == dept
}

func forbidden() error {
	return risk.Errorf(risk.ErrForbidden, "无权修改企业信息。 / Not allowed to change enterprise records.")
}

// Create registers an enterprise.
func (s *Service) Create(ctx context.Context, a risk.Actor, in Input) (*Enterprise, error) {
	if !risk.Can(a, risk.PermEnterpriseWrite) {
		return nil, forbidden()
	}
	var v risk.Validation
	in.Check(s.Sets, &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	dept := a.Dept
	if in.Dept != "" && a.SeesAll() {
		dept = in.Dept
	}
	if !CanEdit(a, dept) {
		return nil, forbidden()
	}
	e := &Enterprise{Dept: dept, Version: 1}
	in.apply(e)
	ae := audit.New(a, "enterprise.create", "enterprise", 0, "登记企业 "+e.NameZh+"（"+e.USCC+"） / registered "+e.USCC).WithChange(nil, snapshot(e))
	if err := s.Store.Create(ctx, e, ae); err != nil {
		return nil, err
	}
	return e, nil
}

// Update changes an enterprise; in.Version must match the stored version.
func (s *Service) Update(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Enterprise, error) {
	if !risk.Can(a, risk.PermEnterpriseWrite) {
		return nil, forbidden()
	}
	old, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanEdit(a, old.Dept) {
		return nil, forbidden()
	}
	var v risk.Validation
	in.Check(s.Sets, &v)
	if in.Version <= 0 {
		v.Add("version", "缺少版本号。", "version is required.")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Version != old.Version {
		return nil, stale()
	}
	e := *old
	in.apply(&e)
	if in.Dept != "" && a.SeesAll() {
		e.Dept = in.Dept
	}
	e.Version = old.Version + 1
	before, after := Diff(old, &e)
	if len(after) == 0 {
		return old, nil
	}
	ae := audit.New(a, "enterprise.update", "enterprise", id, "修改企业 "+e.USCC+" / updated "+e.USCC).WithChange(before, after)
	if err := s.Store.Update(ctx, &e, ae); err != nil {
		return nil, err
	}
	return &e, nil
}

func stale() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "version",
		Message: risk.Bilingual("记录已被他人修改，请刷新后重试。", "the record was changed by someone else; reload and try again.")}
}

// Diff returns the fields that differ between a and b, as maps of JSON names.
func Diff(a, b *Enterprise) (before, after map[string]any) {
	before, after = map[string]any{}, map[string]any{}
	cmp := func(name string, x, y any) {
		if fmt.Sprint(x) != fmt.Sprint(y) {
			before[name], after[name] = x, y
		}
	}
	cmp("uscc", a.USCC, b.USCC)
	cmp("name_zh", a.NameZh, b.NameZh)
	cmp("name_en", a.NameEn, b.NameEn)
	cmp("address", a.Address, b.Address)
	cmp("region", a.Region, b.Region)
	cmp("roles", a.Roles, b.Roles)
	cmp("credit_tier", a.CreditTier, b.CreditTier)
	cmp("contact_name", a.ContactName, b.ContactName)
	cmp("contact_phone", a.ContactPhone, b.ContactPhone)
	cmp("contact_email", a.ContactEmail, b.ContactEmail)
	cmp("dept", a.Dept, b.Dept)
	return before, after
}

// snapshot is the audit record of a new enterprise: its set fields.
func snapshot(e *Enterprise) map[string]any {
	_, after := Diff(&Enterprise{}, e)
	return after
}

// Get returns one enterprise. Officials see every record; an enterprise
// user sees only its own.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Enterprise, error) {
	if !risk.Can(a, risk.PermEnterpriseRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看企业信息。 / Not allowed to read enterprise records.")
	}
	if !a.IsOfficial() && a.EnterpriseID != id {
		// Say "not found" so that callers cannot probe which IDs exist.
		return nil, notFound()
	}
	return s.Store.Get(ctx, id)
}

func notFound() error {
	return risk.Errorf(risk.ErrNotFound, "企业不存在。 / No such enterprise.")
}

// List searches the register, within what a may see.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Enterprise, int, error) {
	if !risk.Can(a, risk.PermEnterpriseRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看企业信息。 / Not allowed to read enterprise records.")
	}
	if !a.IsOfficial() {
		f.IDs = []risk.ID{a.EnterpriseID}
	}
	f.Text = strings.TrimSpace(f.Text)
	if utf8.RuneCountInString(f.Text) > 100 {
		return nil, 0, risk.Invalid("q", "查询文字不能超过 100 个字符。", "the query must not exceed 100 characters.")
	}
	if f.Region != "" && strings.Trim(f.Region, "0123456789") != "" {
		return nil, 0, risk.Invalid("region", "行政区划代码只能是数字。", "the region filter must be digits.")
	}
	if f.Role != "" && !s.Sets.Roles[f.Role] {
		return nil, 0, risk.Invalid("role", "企业角色无效。", "unknown enterprise role.")
	}
	if f.Tier != "" && !s.Sets.Tiers[f.Tier] {
		return nil, 0, risk.Invalid("tier", "信用等级无效。", "unknown credit tier.")
	}
	var v risk.Validation
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.List(ctx, f)
}

// ByUSCC returns the enterprise with a USCC, within what a may see.
func (s *Service) ByUSCC(ctx context.Context, a risk.Actor, uscc string) (*Enterprise, error) {
	if !risk.Can(a, risk.PermEnterpriseRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看企业信息。 / Not allowed to read enterprise records.")
	}
	e, err := s.Store.GetByUSCC(ctx, strings.ToUpper(strings.TrimSpace(uscc)))
	if err != nil {
		return nil, err
	}
	if !a.IsOfficial() && a.EnterpriseID != e.ID {
		return nil, notFound()
	}
	return e, nil
}
