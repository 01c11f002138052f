// Package dossier is a firm's file in one place (issue 16 item 7): what an
// official reads before deciding about an enterprise — its credit tier and
// why, its credit events and repairs, its interviews and penalties, its recalls, the warnings
// and 通告 that name it, its declarations held at the ports and the pass rate of
// its inspected lines. It decides nothing; it gathers what the other
// domains keep.
package dossier

import (
	"context"
	"time"

	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/enterprise"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// WarningRef is a warning that names the firm: in its scope (by USCC) or
// as an addressee of its 通告.
type WarningRef struct {
	ID        risk.ID        `json:"id"`
	Number    string         `json:"number,omitempty"`
	Title     string         `json:"title"`
	Class     warning.Class  `json:"class"`
	Grade     risk.Grade     `json:"grade"`
	Status    warning.Status `json:"status"`
	IssuedAt  *time.Time     `json:"issued_at,omitempty"`
	Addressed bool           `json:"addressed"` // the firm is an addressee (通告)
}

// Tally counts the current results of the firm's inspected lines.
type Tally struct {
	Kind   string  `json:"kind"` // inspection or lab_test
	Passed int     `json:"passed"`
	Failed int     `json:"failed"`
	Rate   float64 `json:"pass_rate"` // passed ÷ (passed + failed); 0 with none
}

// Dossier is a firm's file.
type Dossier struct {
	Enterprise     *enterprise.Enterprise   `json:"enterprise"`
	Credit         *credit.Profile          `json:"credit"`
	Recalls        []*recall.Recall         `json:"recalls"`
	RecallTotal    int                      `json:"recall_total"`
	Interviews     []*enforcement.Interview `json:"interviews"`
	InterviewTotal int                      `json:"interview_total"`
	Penalties      []*enforcement.Penalty   `json:"penalties"`
	PenaltyTotal   int                      `json:"penalty_total"`
	Warnings       []WarningRef             `json:"warnings"`
	Held           []screening.Summary      `json:"held"`
	HeldTotal      int                      `json:"held_total"`
	Since          time.Time                `json:"results_since"`
	Results        []Tally                  `json:"results"`
}

// Window is how far back the pass rate looks.
const Window = 365 * 24 * time.Hour

// Limits of the lists a dossier shows (their totals are given).
const (
	MaxRecalls  = 20
	MaxRecords  = 20 // interviews, penalties
	MaxWarnings = 50
	MaxHeld     = 20
)

// Store reads what the other domains' stores do not answer by firm.
type Store interface {
	// Warnings lists the warnings naming the firm (by USCC in the scope,
	// or by id as an addressee), newest first, at most limit.
	Warnings(ctx context.Context, uscc string, id risk.ID, limit int) ([]WarningRef, error)
	// Results counts the current inspection and laboratory results of
	// the lines of the firm's declarations (as consignor or consignee)
	// inspected at or after since, by kind.
	Results(ctx context.Context, uscc string, since time.Time) ([]Tally, error)
}

// Service gathers dossiers.
type Service struct {
	Store       Store
	Enterprises *enterprise.Service
	Credit      *credit.Service
	Recalls     *recall.Service
	Enforcement *enforcement.Service
	Screening   *screening.Engine
	Now         func() time.Time
}

// CanRead reports whether a may read dossiers: officials.
func CanRead(a risk.Actor) bool {
	return a.IsOfficial() && risk.Can(a, risk.PermEnterpriseRead) && risk.Can(a, risk.PermCreditRead)
}

// Get returns a firm's dossier, for officials. The parts a reader's role
// does not see (the recalls of other departments, the port's queue for
// one without declaration rights) are left empty, not refused.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Dossier, error) {
	if !CanRead(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有政府部门用户可以查看企业档案。 / Only officials may read a firm's dossier.")
	}
	e, err := s.Enterprises.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d := &Dossier{Enterprise: e, Since: s.Now().Add(-Window).UTC()}
	if d.Credit, err = s.Credit.Profile(ctx, a, id); err != nil {
		return nil, err
	}
	if risk.Can(a, risk.PermRecallRead) {
		if d.Recalls, d.RecallTotal, err = s.Recalls.List(ctx, a, recall.Filter{EnterpriseID: id, Paging: risk.Paging{Limit: MaxRecalls}}); err != nil {
			return nil, err
		}
	}
	if s.Enforcement != nil && enforcement.CanRead(a) {
		if d.Interviews, d.InterviewTotal, err = s.Enforcement.Interviews(ctx, a, enforcement.InterviewFilter{EnterpriseID: id, Paging: risk.Paging{Limit: MaxRecords}}); err != nil {
			return nil, err
		}
		if d.Penalties, d.PenaltyTotal, err = s.Enforcement.Penalties(ctx, a, enforcement.PenaltyFilter{EnterpriseID: id, Paging: risk.Paging{Limit: MaxRecords}}); err != nil {
			return nil, err
		}
	}
	if d.Warnings, err = s.Store.Warnings(ctx, e.USCC, id, MaxWarnings); err != nil {
		return nil, err
	}
	if risk.Can(a, risk.PermDeclarationRead) {
		if d.Held, d.HeldTotal, err = s.Screening.Queue(ctx, a, screening.QueueFilter{Party: e.USCC, Paging: risk.Paging{Limit: MaxHeld}}); err != nil {
			return nil, err
		}
	}
	if d.Results, err = s.Store.Results(ctx, e.USCC, d.Since); err != nil {
		return nil, err
	}
	return d, nil
}
