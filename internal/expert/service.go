package expert

import (
	"context"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Service keeps the register.
type Service struct {
	Store Store
	Now   func() time.Time
}

// CanRead reports whether a may see the register: whoever may see
// assessments' panels (officials who work on or decide assessments, and
// administrators).
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermExpertRead) }

// CanWrite reports whether a may add and change entries: administrators.
func CanWrite(a risk.Actor) bool { return risk.Can(a, risk.PermExpertWrite) }

// List returns the entries matching f.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Expert, error) {
	if !CanRead(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看专家库。 / Not allowed to see the expert register.")
	}
	return s.Store.List(ctx, f)
}

// Get returns one entry.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Expert, error) {
	if !CanRead(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看专家库。 / Not allowed to see the expert register.")
	}
	return s.Store.Get(ctx, id)
}

// Mine returns the entry of a's own account, or ErrNotFound.
func (s *Service) Mine(ctx context.Context, a risk.Actor) (*Expert, error) {
	if a.UserID == 0 {
		return nil, risk.Errorf(risk.ErrNotFound, "不是专家库中的专家。 / Not an expert of the register.")
	}
	return s.Store.ByUser(ctx, a.UserID)
}

// Create adds an entry.
func (s *Service) Create(ctx context.Context, a risk.Actor, in Input) (*Expert, error) {
	if !CanWrite(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有管理员可以维护专家库。 / Only administrators keep the expert register.")
	}
	var v risk.Validation
	in.check(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	e := &Expert{Name: in.Name, Field: Field(in.Field), Organisation: in.Organisation, Title: in.Title, UserID: in.UserID,
		Conflicts: in.Conflicts, Notes: in.Notes, Active: in.Active == nil || *in.Active, Rev: 1}
	if e.Conflicts == nil {
		e.Conflicts = []Conflict{}
	}
	fzh, fen := e.Field.Label()
	ae := audit.New(a, "expert.create", "expert", 0, fmt.Sprintf("专家库新增 %s（%s，%s） / expert %s added (%s)", e.Name, fzh, e.Organisation, e.Name, fen)).
		WithChange(nil, map[string]any{"name": e.Name, "field": e.Field, "organisation": e.Organisation, "conflicts": len(e.Conflicts)})
	if err := s.Store.Create(ctx, e, ae); err != nil {
		return nil, err
	}
	return e, nil
}

// Edit changes an entry under its revision.
func (s *Service) Edit(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Expert, error) {
	if !CanWrite(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有管理员可以维护专家库。 / Only administrators keep the expert register.")
	}
	e, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var v risk.Validation
	in.check(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if in.Rev != e.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("专家信息已被他人修改，请刷新后重试。", "the entry was changed by someone else; reload and try again.")}
	}
	before := map[string]any{"name": e.Name, "field": e.Field, "organisation": e.Organisation, "title": e.Title, "conflicts": e.Conflicts, "active": e.Active}
	e.Name, e.Field, e.Organisation, e.Title, e.UserID, e.Conflicts, e.Notes = in.Name, Field(in.Field), in.Organisation, in.Title, in.UserID, in.Conflicts, in.Notes
	if e.Conflicts == nil {
		e.Conflicts = []Conflict{}
	}
	if in.Active != nil {
		e.Active = *in.Active
	}
	e.Rev++
	ae := audit.New(a, "expert.edit", "expert", id, fmt.Sprintf("修改专家 %s 的登记信息 / expert %s edited", e.Name, e.Name)).
		WithChange(before, map[string]any{"name": e.Name, "field": e.Field, "organisation": e.Organisation, "title": e.Title, "conflicts": e.Conflicts, "active": e.Active})
	if err := s.Store.Update(ctx, e, ae); err != nil {
		return nil, err
	}
	return e, nil
}
