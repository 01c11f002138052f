// Package inspection records port inspection and laboratory results for
// product lots and feeds them back into the lifecycle: each result is
// matched against the scopes of the warnings in force; a failure raises a
// signal (port inspection nonconformity, or lab report); a run of clean
// lots counts toward lifting a warning. The lifting evaluator checks every
// warning's machine-checkable conditions and proposes lifting to the
// approvers when they are met.
package inspection

import (
	"context"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/warning"
)

// Kinds and results. Values are stored.
const (
	KindInspection = "inspection" // physical inspection at the port
	KindLabTest    = "lab_test"
	ResultPass     = "pass"
	ResultFail     = "fail"
)

// KindLabel names a kind of check, Chinese and English.
func KindLabel(kind string) (zh, en string) {
	return risk.Labels{KindInspection: {"口岸查验", "port inspection"}, KindLabTest: {"实验室检测", "laboratory test"}}.Of(kind)
}

// ResultLabel names a result, Chinese and English.
func ResultLabel(result string) (zh, en string) {
	return risk.Labels{ResultPass: {"合格", "Pass"}, ResultFail: {"不合格", "Fail"}}.Of(result)
}

// SubmitterRef is the reference a port or lab gave a result, from the
// stored one (scoped "dept:<code>:…" or "lab:<id>:…", and "inspection:…"
// on the signal a failure raised), for pages.
func SubmitterRef(stored string) string {
	s := strings.TrimPrefix(stored, "inspection:")
	for _, scope := range []string{"dept:", "lab:"} {
		if rest, ok := strings.CutPrefix(s, scope); ok {
			if _, ref, ok := strings.Cut(rest, ":"); ok {
				return ref
			}
		}
	}
	return stored
}

// Inspection is one recorded result.
type Inspection struct {
	ID             risk.ID     `json:"id"`
	Kind           string      `json:"kind"`
	Result         string      `json:"result"`
	InspectedAt    time.Time   `json:"inspected_at"`
	Lot            warning.Lot `json:"lot"`
	Findings       string      `json:"findings"`
	DeclarationRef string      `json:"declaration_ref,omitempty"`
	ExternalRef    string      `json:"external_ref,omitempty"`
	SignalID       risk.ID     `json:"signal_id,omitempty"` // raised by a failure
	Dept           string      `json:"dept"`
	LabID          risk.ID     `json:"lab_id,omitempty"`
	Warnings       []risk.ID   `json:"warnings"` // whose scope the lot fell in
	CreatedBy      string      `json:"created_by"`
	CreatedAt      time.Time   `json:"created_at"`
}

// Input is a result as submitted.
type Input struct {
	Kind           string      `json:"kind"`
	Result         string      `json:"result"`
	InspectedAt    time.Time   `json:"inspected_at"`
	Lot            warning.Lot `json:"lot"`
	Findings       string      `json:"findings"`
	DeclarationRef string      `json:"declaration_ref"`
	ExternalRef    string      `json:"external_ref"`
}

// Store is the persistence of inspections and what lifting evaluation reads.
type Store interface {
	// Record stores in, its warning matches and, for a failure, the signal
	// it raises (nil otherwise), with the audit entries, in one
	// transaction. A result whose external reference is stored is not
	// recorded again: the stored one is returned with created false.
	Record(ctx context.Context, in *Inspection, sig *signal.Signal, entries []audit.Entry) (created bool, err error)
	Get(ctx context.Context, id risk.ID) (*Inspection, error)
	// ActiveWarnings lists the warnings in force.
	ActiveWarnings(ctx context.Context) ([]*warning.Warning, error)
	// Results lists the results matched to a warning, newest first.
	Results(ctx context.Context, warningID risk.ID, limit int) ([]string, error)
	// RecallCompletion returns the case's recall completion, if recorded.
	RecallCompletion(ctx context.Context, caseID risk.ID) (*float64, error)
	// SignalsSince counts the signals of the case received at or after t,
	// and the failed results matched to the warning since t (each of which
	// raised a signal outside the case).
	SignalsSince(ctx context.Context, caseID, warningID risk.ID, t time.Time) (int, error)
	// ProposeLift records that a warning's conditions are met.
	ProposeLift(ctx context.Context, warningID risk.ID, text string, ae audit.Entry) error
}

// Service records results and evaluates lifting conditions.
type Service struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
}

// Record stores an inspection or lab result.
func (s *Service) Record(ctx context.Context, a risk.Actor, in Input) (*Inspection, bool, error) {
	if !risk.Can(a, risk.PermInspectionWrite) {
		return nil, false, risk.Errorf(risk.ErrForbidden, "只有口岸查验人员和检测机构可以录入检验结果。 / Only port inspectors and laboratories record results.")
	}
	now := s.Now().UTC()
	var v risk.Validation
	if in.Kind == "" {
		in.Kind = KindInspection
		if a.Role == risk.RoleLab {
			in.Kind = KindLabTest
		}
	}
	if in.Kind != KindInspection && in.Kind != KindLabTest {
		v.Add("kind", "类型须为 inspection 或 lab_test。", "kind must be inspection or lab_test.")
	}
	if in.Result != ResultPass && in.Result != ResultFail {
		v.Add("result", "结论须为 pass 或 fail。", "result must be pass or fail.")
	}
	switch {
	case in.InspectedAt.IsZero():
		in.InspectedAt = now
	case in.InspectedAt.After(now.Add(5 * time.Minute)):
		v.Add("inspected_at", "检验时间不能晚于当前时间。", "inspected_at must not be in the future.")
	}
	l := &in.Lot
	for _, p := range []*string{&l.HSCode, &l.Name, &l.Brand, &l.Model, &l.GTIN, &l.Batch, &l.USCC, &l.Origin, &l.Destination, &l.Port, &l.TradeMode} {
		*p = strings.TrimSpace(*p)
	}
	if c, err := ident.ParseHS(l.HSCode); err != nil {
		v.AddErr("lot.hs_code", err)
	} else if err := s.Sets.HS.Check(c); err != nil {
		v.AddErr("lot.hs_code", err)
	} else {
		l.HSCode = string(c)
	}
	v.Text("lot.name", l.Name, 200, true, "品名", "the product name")
	for _, f := range []struct{ name, val string }{{"lot.brand", l.Brand}, {"lot.model", l.Model}, {"lot.batch", l.Batch}} {
		v.Text(f.name, f.val, 100, false, f.name, f.name)
	}
	if l.GTIN != "" {
		if g, err := ident.ParseGTIN(l.GTIN); err != nil {
			v.AddErr("lot.gtin", err)
		} else {
			l.GTIN = string(g)
		}
	}
	if l.USCC != "" {
		if u, err := ident.ParseUSCC(l.USCC); err != nil {
			v.AddErr("lot.uscc", err)
		} else {
			l.USCC = string(u)
		}
	}
	for _, c := range []struct {
		name string
		val  *string
	}{{"lot.origin", &l.Origin}, {"lot.destination", &l.Destination}} {
		if *c.val == "" {
			continue
		}
		cc, err := ident.ParseCountry(*c.val)
		if err == nil {
			err = s.Sets.Countries.Check(cc)
		}
		if err != nil {
			v.AddErr(c.name, err)
		} else {
			*c.val = string(cc)
		}
	}
	for _, c := range []struct{ name, val string }{{"lot.port", l.Port}, {"lot.trade_mode", l.TradeMode}} {
		if c.val != "" && (len(c.val) != 4 || strings.Trim(c.val, "0123456789") != "") {
			v.Add(c.name, "应为 4 位数字代码。", "must be a 4-digit code.")
		}
	}
	v.Paragraph("findings", in.Findings, 5000, in.Result == ResultFail, "检验发现", "the findings")
	v.Text("declaration_ref", in.DeclarationRef, 100, false, "报关单号", "the declaration number")
	v.Text("external_ref", in.ExternalRef, 200, false, "外部编号", "the external reference")
	if err := v.Err(); err != nil {
		return nil, false, err
	}
	active, err := s.Store.ActiveWarnings(ctx)
	if err != nil {
		return nil, false, err
	}
	ref := strings.TrimSpace(in.ExternalRef)
	if ref != "" {
		// References are the submitter's own: a lab's and a port's may coincide.
		if a.Role == risk.RoleLab {
			ref = fmt.Sprintf("lab:%d:%s", a.LabID, ref)
		} else {
			ref = "dept:" + a.Dept + ":" + ref
		}
	}
	x := &Inspection{Kind: in.Kind, Result: in.Result, InspectedAt: in.InspectedAt.UTC().Truncate(time.Microsecond), Lot: in.Lot,
		Findings: strings.TrimSpace(in.Findings), DeclarationRef: in.DeclarationRef, ExternalRef: ref,
		Dept: a.Dept, LabID: a.LabID, Warnings: []risk.ID{}, CreatedBy: a.Label()}
	for _, w := range active {
		if w.Scope.Matches(x.Lot) {
			x.Warnings = append(x.Warnings, w.ID)
		}
	}
	kindZh, kindEn := KindLabel(x.Kind)
	resZh, resEn := ResultLabel(x.Result)
	entries := []audit.Entry{audit.New(a, "inspection.record", "inspection", 0, fmt.Sprintf("录入%s结果：%s %s / %s result recorded: %s", kindZh, x.Lot.Name, resZh, kindEn, resEn)).
		WithChange(nil, map[string]any{"lot": x.Lot, "result": x.Result, "warnings": x.Warnings})}
	var sig *signal.Signal
	if x.Result == ResultFail {
		channel := "port-nonconformity"
		if x.Kind == KindLabTest {
			channel = "lab-report"
		}
		dept := a.Dept
		if dept == "" {
			dept = "cs-customs"
		}
		ref := ""
		if x.ExternalRef != "" {
			ref = "inspection:" + x.ExternalRef
		}
		sig = &signal.Signal{Channel: channel, ExternalRef: ref, ReceivedAt: x.InspectedAt, Dept: dept, Status: signal.StatusNew, CreatedBy: a.Label(),
			Product: signal.Product{HSCode: l.HSCode, Name: l.Name, Brand: l.Brand, Model: l.Model, GTIN: l.GTIN, Batch: l.Batch, USCC: l.USCC,
				Origin: l.Origin, Destination: l.Destination},
			Description: "检验不合格 / failed " + kindEn + "：" + x.Findings, Reporter: &signal.Reporter{}}
		entries = append(entries, audit.New(a, "signal.create", "signal", 0, kindZh+"不合格生成风险信息 / signal raised by a failed "+kindEn))
	}
	created, err := s.Store.Record(ctx, x, sig, entries)
	if err != nil {
		return nil, false, err
	}
	return x, created, nil
}

// Get returns a result to officials and the lab that recorded it.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Inspection, error) {
	x, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !(a.System || a.IsOfficial() || (a.Role == risk.RoleLab && a.LabID != 0 && a.LabID == x.LabID)) {
		return nil, risk.Errorf(risk.ErrNotFound, "检验记录不存在。 / No such inspection.")
	}
	return x, nil
}

// EvaluateLifting checks every warning in force: when all its
// machine-checkable conditions (clean lots, recall completion, no new
// signals) are met, it proposes lifting to the approvers, once, with an
// audit entry. Expiry is the expiry job's; manual conditions are the
// approver's. It returns how many proposals it made.
func (s *Service) EvaluateLifting(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	active, err := s.Store.ActiveWarnings(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, w := range active {
		if w.LiftProposedAt != nil {
			continue
		}
		met, checkable := 0, 0
		var zh, en []string
		for _, c := range w.Conditions {
			ok := false
			switch c.Kind {
			case warning.CondCleanLots:
				checkable++
				res, err := s.Store.Results(ctx, w.ID, c.N)
				if err != nil {
					return n, err
				}
				ok = len(res) >= c.N
				for _, r := range res {
					ok = ok && r == ResultPass
				}
			case warning.CondRecall:
				checkable++
				rc, err := s.Store.RecallCompletion(ctx, w.CaseID)
				if err != nil {
					return n, err
				}
				ok = rc != nil && *rc >= c.Percent
			case warning.CondNoSignals:
				checkable++
				since := now.AddDate(0, 0, -c.Days)
				if w.IssuedAt != nil && !w.IssuedAt.After(since) {
					cnt, err := s.Store.SignalsSince(ctx, w.CaseID, w.ID, since)
					if err != nil {
						return n, err
					}
					ok = cnt == 0
				}
			default:
				continue
			}
			if ok {
				met++
				z, e := c.Describe()
				zh, en = append(zh, z), append(en, e)
			}
		}
		if checkable == 0 || met < checkable {
			continue
		}
		text := "解除条件已满足：" + strings.Join(zh, "；") + " / lifting conditions met: " + strings.Join(en, "; ")
		ae := audit.New(risk.System, "warning.lift_proposed", "warning", w.ID, "建议解除预警 "+w.Number+" / lifting proposed").WithChange(nil, map[string]string{"proposal": text})
		if err := s.Store.ProposeLift(ctx, w.ID, text, ae); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
