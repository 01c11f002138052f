package gongwen

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/measure"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Messages is what documents need of the publication log.
type Messages interface {
	// OfWarning lists a warning's messages, oldest first (none: empty).
	OfWarning(ctx context.Context, id risk.ID) ([]*publish.Message, error)
}

// Warnings says whether an actor may read a warning: Get returns
// risk.ErrNotFound for one the actor may not see.
type Warnings interface {
	Get(ctx context.Context, a risk.Actor, id risk.ID) (*warning.Warning, error)
}

// Measures lists a warning's measures (measure.Store).
type Measures interface {
	List(ctx context.Context, f measure.Filter) ([]*measure.Measure, error)
}

// Names names the parties of a document.
type Names interface {
	// Enterprise is the Chinese name of a registered enterprise.
	Enterprise(ctx context.Context, id risk.ID) (string, error)
	// EnterprisesByUSCC names the registered enterprises among usccs.
	EnterprisesByUSCC(ctx context.Context, usccs []string) (map[string]string, error)
	// User is a user's name ("" for an unknown user).
	User(ctx context.Context, id risk.ID) (string, error)
}

// Service renders the documents of published messages with the access
// rules of their CAP documents (publish.Service.CAP): a 公告's are for
// anyone; a 通报's for officials who may read the warning; a 通告's for
// them and the enterprises it is addressed to. Anonymous callers get
// risk.ErrUnauthorized for anything not public, whether or not it exists.
type Service struct {
	Messages Messages
	Warnings Warnings
	Measures Measures
	Names    Names
}

// File is a rendered document.
type File struct {
	Message *publish.Message
	Name    string // file name: number and title
	PDF     []byte
}

// Document renders the document of a warning's message seq (1 is the
// issue; 0 the latest) for a.
func (s *Service) Document(ctx context.Context, a risk.Actor, id risk.ID, seq int) (*File, error) {
	msgs, err := s.Messages.OfWarning(ctx, id)
	if err != nil {
		return nil, err
	}
	var m *publish.Message
	switch {
	case seq == 0 && len(msgs) > 0:
		m = msgs[len(msgs)-1]
	case seq >= 1 && seq <= len(msgs):
		m = msgs[seq-1]
	}
	if m == nil || !m.Public {
		if a.IsAnonymous() {
			return nil, risk.Errorf(risk.ErrUnauthorized, "请先登录：该公文仅限授权用户。 / Sign in: this document is restricted.")
		}
		if m == nil {
			return nil, risk.Errorf(risk.ErrNotFound, "该预警没有这份公文。 / The warning has no such document.")
		}
		if _, err := s.Warnings.Get(ctx, a, id); err != nil {
			return nil, err
		}
		if a.Role == risk.RoleEnterprise {
			// An enterprise addressed by a 通告 learns of no other
			// addressee, recipient or enterprise in the scope.
			own := *m
			own.Warning.Addressees, own.Warning.Recipients, own.Warning.Scope.USCCs = []risk.ID{a.EnterpriseID}, nil, nil
			m = &own
		}
	}
	src, err := s.sources(ctx, m, msgs[0])
	if err != nil {
		return nil, err
	}
	d := FromMessage(m, src)
	pdf, err := PDF(d)
	if err != nil {
		return nil, err
	}
	return &File{Message: m, Name: FileName(d), PDF: pdf}, nil
}

// sources gathers what m's document needs besides the message: the
// measures planned by the time it was sent, the names of enterprises and
// of the signer.
func (s *Service) sources(ctx context.Context, m, first *publish.Message) (Sources, error) {
	w := &m.Warning
	src := Sources{First: first, Enterprises: map[risk.ID]string{}, Makers: map[string]string{}}
	ms, err := s.Measures.List(ctx, measure.Filter{WarningID: m.WarningID, Limit: 500})
	if err != nil {
		return src, err
	}
	for _, x := range ms {
		if x.CreatedAt.Truncate(time.Second).After(m.Sent) {
			continue // planned after this message: not in its document
		}
		if m.Type == publish.Cancel && (x.Status == measure.StatusLifted || x.Status == measure.StatusCompleted) &&
			!x.UpdatedAt.Truncate(time.Second).After(m.Sent) {
			x.Keep = false // it had ended before the lifting
		}
		src.Measures = append(src.Measures, x)
	}
	if w.Class == warning.ClassNotice {
		for _, id := range w.Addressees {
			name, err := s.Names.Enterprise(ctx, id)
			if err != nil {
				return src, fmt.Errorf("gongwen: addressee %d: %w", id, err)
			}
			src.Enterprises[id] = name
		}
	}
	if len(w.Scope.USCCs) > 0 {
		if src.Makers, err = s.Names.EnterprisesByUSCC(ctx, w.Scope.USCCs); err != nil {
			return src, err
		}
	}
	if upward(m) && w.ApproverID != 0 {
		name, err := s.Names.User(ctx, w.ApproverID)
		if err != nil {
			return src, err
		}
		src.Signer = personal(name)
	}
	return src, nil
}

// personal is a person's name without the title before it: 审批领导 张伟 → 张伟.
func personal(name string) string {
	f := strings.Fields(name)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// FileName is a document's file name: its number and title.
func FileName(d *Document) string {
	name := d.Title
	if d.Number != "" {
		name = d.Number + " " + name
	}
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 0x20 {
			return '_'
		}
		return r
	}, name) + ".pdf"
}
