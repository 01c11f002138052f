package lab

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/risk"
)

// Effect is one change to the register as the service worked it out: the
// laboratory's new state (Lab.Rev the revision read; nil: not written), a
// new report or cross-check (IDs set by the store), the change of grade or
// status, the credit effects it raises and the audit entries. The store
// writes it in one transaction, refusing it when the laboratory moved since
// it was read.
type Effect struct {
	Lab    *Lab
	Report *Report
	PDF    []byte // the report's file, kept with it
	Check  *CrossCheck
	Change *Change
	Credit []credit.Effect
	Audit  []audit.Entry
}

// Filter selects laboratories.
type Filter struct {
	Status Status
	IDs    []risk.ID // when set, only these
	risk.Paging
}

// ReportFilter selects reports.
type ReportFilter struct {
	LabID          risk.ID
	Number         string
	HSPrefix       string
	EnterpriseUSCC string
	SHA256         string
	// Awaiting: drawn for a cross-check and not yet cross-checked.
	Awaiting bool
	risk.Paging
}

// Store is the persistence of laboratory acceptance.
type Store interface {
	// Rules returns the newest rule table (risk.ErrNotFound when none).
	Rules(ctx context.Context) (*Rules, error)
	SaveRules(ctx context.Context, r *Rules, ae audit.Entry) error
	// Salt returns the screening salt, which keys the cross-check draw.
	Salt(ctx context.Context) ([]byte, error)
	// Create inserts a laboratory (ErrConflict on a USCC registered).
	Create(ctx context.Context, l *Lab, ae audit.Entry) error
	// Get returns a laboratory with its cross-check tally.
	Get(ctx context.Context, id risk.ID) (*Lab, error)
	List(ctx context.Context, f Filter) ([]*Lab, int, error)
	// Apply writes an effect in one transaction (ErrConflict when the
	// laboratory's revision moved, or the report number is taken).
	Apply(ctx context.Context, fx *Effect) error
	Report(ctx context.Context, id risk.ID) (*Report, error)
	Reports(ctx context.Context, f ReportFilter) ([]*Report, int, error)
	// CrossChecks lists a laboratory's cross-checks, oldest first.
	CrossChecks(ctx context.Context, labID risk.ID) ([]*CrossCheck, error)
	// Changes lists a laboratory's changes of grade and status, oldest first.
	Changes(ctx context.Context, labID risk.ID) ([]*Change, error)
	// ChangesSince lists every laboratory's changes made at or after
	// since, oldest first.
	ChangesSince(ctx context.Context, since time.Time) ([]*Change, error)
	// PDF returns a report's file (risk.ErrNotFound when none was uploaded).
	PDF(ctx context.Context, reportID risk.ID) (*PDF, error)
}

// Credit raises credit events (credit.Service.Plan) for the laboratory's
// own enterprise when a falsified report is found.
type Credit interface {
	Plan(ctx context.Context, a risk.Actor, ins []credit.EventInput) ([]credit.Effect, error)
}

// Service runs laboratory acceptance.
type Service struct {
	Store  Store
	Credit Credit // nil: no credit events
	Now    func() time.Time
	// Salt keys the cross-check draw; empty uses the screening salt stored
	// in the database (tests fix it, as they fix the screening engine's).
	Salt []byte
}

// CanRead reports whether a may read the register: officials all, a
// laboratory's user its own (checked against the laboratory).
func CanRead(a risk.Actor) bool { return risk.Can(a, risk.PermLabRead) }

// CanSee reports whether a may read laboratory id.
func CanSee(a risk.Actor, id risk.ID) bool {
	return CanRead(a) && (a.IsOfficial() || a.System || (a.Role == risk.RoleLab && a.LabID == id))
}

// CanManage reports whether a may register laboratories and decide their
// status (accept, suspend, reinstate after review, revoke).
func CanManage(a risk.Actor) bool { return risk.Can(a, risk.PermLabWrite) }

// CanSubmit reports whether a may submit reports for laboratory id: its
// own users, or an official entering a report received on paper.
func CanSubmit(a risk.Actor, id risk.ID) bool {
	return risk.Can(a, risk.PermLabReport) && (a.Role != risk.RoleLab || a.LabID == id)
}

// CanCrossCheck reports whether a may record customs' cross-check results.
func CanCrossCheck(a risk.Actor) bool { return risk.Can(a, risk.PermLabCrossCheck) }

func forbidden(zh, en string) error {
	return risk.Errorf(risk.ErrForbidden, "%s", risk.Bilingual(zh, en))
}

func notFound() error {
	return risk.Errorf(risk.ErrNotFound, "没有该检测机构。 / No such laboratory.")
}

// Rules returns the rule table in force: the stored newest, else the
// default.
func (s *Service) Rules(ctx context.Context) (*Rules, error) {
	r, err := s.Store.Rules(ctx)
	if errors.Is(err, risk.ErrNotFound) {
		return DefaultRules()
	}
	return r, err
}

// SeedRules stores the default table when none is stored.
func SeedRules(ctx context.Context, st Store) error {
	if _, err := st.Rules(ctx); !errors.Is(err, risk.ErrNotFound) {
		return err
	}
	r, err := DefaultRules()
	if err != nil {
		return err
	}
	r.CreatedBy = "system"
	return st.SaveRules(ctx, r, audit.New(risk.System, "lab.rules", "lab_rules", risk.ID(r.Version), "默认采信规则 / default acceptance rules").WithChange(nil, r))
}

// SetRules stores a new version of the rule table; it applies from the next
// evaluation, whose explanation names it.
func (s *Service) SetRules(ctx context.Context, a risk.Actor, r Rules) (*Rules, error) {
	if !risk.Can(a, risk.PermLabRules) {
		return nil, forbidden("无权修改采信规则。", "Not allowed to edit the acceptance rules.")
	}
	cur, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	r.Version = cur.Version + 1
	if err := r.Check(); err != nil {
		return nil, err
	}
	r.CreatedBy, r.CreatedAt = a.Label(), s.Now().UTC().Format(time.RFC3339)
	ae := audit.New(a, "lab.rules", "lab_rules", risk.ID(r.Version), fmt.Sprintf("采信规则第 %d 版 / acceptance rules version %d", r.Version, r.Version)).
		WithChange(map[string]any{"version": cur.Version}, r)
	if err := s.Store.SaveRules(ctx, &r, ae); err != nil {
		return nil, err
	}
	return &r, nil
}

// Register enters a laboratory in the register, at the rules' initial
// grade: accepted, or applied when the input says so.
func (s *Service) Register(ctx context.Context, a risk.Actor, in LabInput) (*Lab, error) {
	if !CanManage(a) {
		return nil, forbidden("无权登记检测机构。", "Not allowed to register laboratories.")
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	if err := in.Check(r, Today(now)); err != nil {
		return nil, err
	}
	l := &Lab{Name: in.Name, NameEn: in.NameEn, USCC: in.USCC, Address: in.Address, ContactName: strings.TrimSpace(in.ContactName),
		ContactPhone: strings.TrimSpace(in.ContactPhone), ContactEmail: strings.TrimSpace(in.ContactEmail),
		Accreditations: in.Accreditations, Scopes: in.Scopes, Status: in.Status, Grade: r.InitialGrade, CountFrom: now, Rev: 1,
		CreatedAt: now, UpdatedAt: now}
	szh, sen := l.Status.Label()
	ae := audit.New(a, "lab.create", "lab", 0, fmt.Sprintf("登记检测机构 %s（%s） / registered laboratory %s (%s)", l.Name, szh, l.USCC, strings.ToLower(sen))).WithChange(nil, l)
	if err := s.Store.Create(ctx, l, ae); err != nil {
		return nil, err
	}
	return l, nil
}

// Update edits a laboratory's register entry — names, address, contact,
// accreditations and acceptance scope — under its revision; the USCC and
// the status do not change here (SetStatus decides the status). Each scope
// item is active when a valid accreditation covers it today, else
// suspended with the reason; an expired accreditation may stay on the
// entry unchanged, not be entered anew. Reports already accepted keep the
// scope they were checked against.
func (s *Service) Update(ctx context.Context, a risk.Actor, id risk.ID, in LabInput, rev int) (*Lab, error) {
	if !CanManage(a) {
		return nil, forbidden("无权修改检测机构登记信息。", "Not allowed to edit laboratories.")
	}
	l, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if rev != 0 && rev != l.Rev {
		return nil, &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该检测机构已被他人修改，请刷新后重试。", "the laboratory was changed by someone else; reload and try again.")}
	}
	if l.Status == Revoked {
		return nil, risk.Errorf(risk.ErrConflict, "已取消采信的检测机构不能修改。 / A revoked laboratory cannot be edited.")
	}
	if u := strings.ToUpper(strings.TrimSpace(in.USCC)); u != "" && u != l.USCC {
		return nil, risk.Invalid("uscc", "统一社会信用代码不能修改。", "the USCC cannot be changed.")
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	today := Today(now)
	kept := map[string]string{}
	for _, x := range l.Accreditations {
		kept[x.Number] = x.ValidUntil
	}
	in.USCC, in.Status = l.USCC, ""
	if err := in.check(r, today, kept); err != nil {
		return nil, err
	}
	next := *l
	next.Name, next.NameEn, next.Address = in.Name, in.NameEn, in.Address
	next.ContactName, next.ContactPhone, next.ContactEmail = strings.TrimSpace(in.ContactName), strings.TrimSpace(in.ContactPhone), strings.TrimSpace(in.ContactEmail)
	next.Accreditations, next.Scopes, next.UpdatedAt = in.Accreditations, in.Scopes, now
	for i, sc := range next.Scopes {
		if !next.covered(sc, today) {
			next.Scopes[i].Status, next.Scopes[i].StatusNote = ScopeSuspended, "资质已过有效期 / accreditation expired "+today
		}
	}
	ae := audit.New(a, "lab.update", "lab", l.ID, fmt.Sprintf("修改检测机构 %s 登记信息 / laboratory %s: register entry edited", next.Name, l.USCC)).
		WithChange(map[string]any{"name": l.Name, "accreditations": l.Accreditations, "scopes": l.Scopes},
			map[string]any{"name": next.Name, "accreditations": next.Accreditations, "scopes": next.Scopes})
	if err := s.Store.Apply(ctx, &Effect{Lab: &next, Audit: []audit.Entry{ae}}); err != nil {
		return nil, err
	}
	next.Rev++
	return &next, nil
}

// Get returns a laboratory a may see.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Lab, error) {
	if !CanSee(a, id) {
		if CanRead(a) {
			return nil, notFound()
		}
		return nil, forbidden("无权查看检测机构。", "Not allowed to read laboratories.")
	}
	return s.Store.Get(ctx, id)
}

// List lists the laboratories a may see: officials all, a laboratory's
// user its own.
func (s *Service) List(ctx context.Context, a risk.Actor, f Filter) ([]*Lab, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看检测机构。", "Not allowed to read laboratories.")
	}
	if !a.IsOfficial() && !a.System {
		f.IDs = []risk.ID{a.LabID}
	}
	var v risk.Validation
	if f.Status != "" {
		if zh, _ := f.Status.Label(); zh == string(f.Status) {
			v.Add("status", "状态无效。", "unknown status.")
		}
	}
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	return s.Store.List(ctx, f)
}

// statusOn is the laboratory's status on day, from its changes: the status
// the last change on or before day left, else the one before the first.
func statusOn(l *Lab, changes []*Change, day string) Status {
	st := l.Status
	if len(changes) > 0 {
		st = changes[0].FromStatus
	}
	for _, c := range changes {
		if Today(c.At) <= day {
			st = c.ToStatus
		}
	}
	return st
}

// ReportInput is a report as submitted. A report with one test item may
// name it in TestItem (with Result, Limit and Method) instead of Items.
type ReportInput struct {
	Number         string     `json:"number"`
	IssuedOn       string     `json:"issued_on"`
	DeclarationRef string     `json:"declaration_ref,omitempty"`
	EnterpriseUSCC string     `json:"enterprise_uscc,omitempty"`
	Product        string     `json:"product,omitempty"`
	HSCode         string     `json:"hs_code"`
	TestItem       string     `json:"test_item,omitempty"`
	Method         string     `json:"method,omitempty"`
	Result         string     `json:"result,omitempty"`
	Limit          string     `json:"limit,omitempty"`
	Unit           string     `json:"unit,omitempty"`
	Items          []Item     `json:"items,omitempty"`
	Conclusion     Conclusion `json:"conclusion"`
	PDFSHA256      string     `json:"pdf_sha256,omitempty"`
	// PDF is the report itself, uploaded from the page (the API records
	// its SHA-256 only): kept with the report, its SHA-256 computed here.
	PDF []byte `json:"-"`
}

// MaxPDF bounds an uploaded report PDF.
const MaxPDF = 10 << 20

// PDF is a report's file as stored.
type PDF struct {
	ReportID risk.ID
	Number   string
	Data     []byte
	SHA256   string
}

// SubmitReport records a report of laboratory labID. It must lie inside
// the laboratory's active scope (each item, the HS code, an accreditation
// valid on the issue day), the laboratory must be accepted now and on the
// issue day, and its number must be new for the laboratory. The report is
// valid for its scope's period from the issue day, and drawn for a
// cross-check at the share of the laboratory's grade.
func (s *Service) SubmitReport(ctx context.Context, a risk.Actor, labID risk.ID, in ReportInput) (*Report, error) {
	if !CanSubmit(a, labID) {
		return nil, forbidden("无权为该机构提交检测报告。", "Not allowed to submit reports for this laboratory.")
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	l, err := s.Store.Get(ctx, labID)
	if err != nil {
		return nil, err
	}
	changes, err := s.Store.Changes(ctx, labID)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	today := Today(now)
	var v risk.Validation
	in.Number, in.DeclarationRef, in.Product = strings.TrimSpace(in.Number), strings.TrimSpace(in.DeclarationRef), strings.TrimSpace(in.Product)
	in.EnterpriseUSCC, in.PDFSHA256 = strings.ToUpper(strings.TrimSpace(in.EnterpriseUSCC)), strings.ToLower(strings.TrimSpace(in.PDFSHA256))
	v.Text("number", in.Number, 100, true, "报告编号", "the report number")
	v.Text("declaration_ref", in.DeclarationRef, 100, false, "报关单号", "the declaration")
	v.Text("product", in.Product, MaxText, false, "产品", "the product")
	v.Text("enterprise_uscc", in.EnterpriseUSCC, 18, false, "企业统一社会信用代码", "the enterprise's USCC")
	if in.PDFSHA256 != "" {
		if b, err := hex.DecodeString(in.PDFSHA256); err != nil || len(b) != 32 {
			v.Add("pdf_sha256", "PDF 的 SHA-256 须为 64 位十六进制数字。", "pdf_sha256 must be 64 hexadecimal digits.")
		}
	}
	if in.PDF != nil {
		sum := sha256.Sum256(in.PDF)
		got := hex.EncodeToString(sum[:])
		switch {
		case len(in.PDF) > MaxPDF:
			return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "pdf", Message: risk.Bilingual(
				fmt.Sprintf("报告 PDF 不能超过 %d MB。", MaxPDF>>20), fmt.Sprintf("the report PDF must be at most %d MB.", MaxPDF>>20))}
		case !bytes.HasPrefix(in.PDF, []byte("%PDF-")):
			v.Add("pdf", "上传的文件不是 PDF。", "the file uploaded is not a PDF.")
		case in.PDFSHA256 != "" && in.PDFSHA256 != got:
			v.Add("pdf_sha256", "填写的 SHA-256 与上传的 PDF 不符。", "pdf_sha256 does not match the PDF uploaded.")
		default:
			in.PDFSHA256 = got
		}
	}
	hs := ""
	if c, err := parseHS(in.HSCode); err != nil {
		v.AddErr("hs_code", err)
	} else {
		hs = c
	}
	issued := ""
	if d, err := ParseDay("issued_on", in.IssuedOn); err != nil {
		v.AddErr("issued_on", err)
	} else if d > today {
		v.Add("issued_on", "签发日期不能晚于今天。", "issued_on cannot be in the future.")
	} else {
		issued = d
	}
	if in.Conclusion != Pass && in.Conclusion != Fail {
		v.Add("conclusion", "结论只能是 pass（合格）或 fail（不合格）。", "conclusion must be pass or fail.")
	}
	items := in.Items
	if in.TestItem != "" {
		if len(items) > 0 {
			v.Add("test_item", "test_item 与 items 只能填写其一。", "give test_item or items, not both.")
		}
		items = []Item{{TestItem: in.TestItem, Method: in.Method, Result: in.Result, Limit: in.Limit, Unit: in.Unit}}
	}
	field := func(i int, name string) string {
		if in.TestItem != "" {
			return name
		}
		return fmt.Sprintf("items[%d].%s", i, name)
	}
	if len(items) == 0 || len(items) > MaxItems {
		v.Add("test_item", fmt.Sprintf("请填写 1–%d 个检测项目。", MaxItems), fmt.Sprintf("give 1–%d test items.", MaxItems))
	}
	validity := 0
	for i := range items {
		it := &items[i]
		it.TestItem, it.Method, it.Result, it.Limit, it.Unit = strings.TrimSpace(it.TestItem), strings.TrimSpace(it.Method), strings.TrimSpace(it.Result), strings.TrimSpace(it.Limit), strings.TrimSpace(it.Unit)
		v.Text(field(i, "test_item"), it.TestItem, MaxText, true, "检测项目", "the test item")
		v.Text(field(i, "result"), it.Result, 100, false, "结果", "the result")
		v.Text(field(i, "limit"), it.Limit, 100, false, "限值", "the limit")
		if it.TestItem == "" || hs == "" || issued == "" {
			continue
		}
		k := l.ScopeFor(hs, it.TestItem, it.Method, issued)
		if k < 0 {
			v.Add(field(i, "test_item"), fmt.Sprintf("检测项目“%s”（HS %s）不在该机构有效的采信范围内。", it.TestItem, hs),
				fmt.Sprintf("test item “%s” for HS %s is outside the laboratory's acceptance scope.", it.TestItem, hs))
			continue
		}
		if m := l.Scopes[k].ValidityMonths; validity == 0 || m < validity {
			validity = m
		}
	}
	if l.Status != Accepted {
		zh, en := l.Status.Label()
		v.Add("status", "该机构目前为“"+zh+"”，不能提交采信报告。", "the laboratory is “"+strings.ToLower(en)+"”: its reports are not accepted.")
	} else if issued != "" && statusOn(l, changes, issued) != Accepted {
		v.Add("issued_on", "签发之日该机构不处于采信状态。", "the laboratory was not accepted on the issue day.")
	}
	valid := ""
	if issued != "" && validity > 0 {
		if valid = lastDay(issued, validity); valid < today {
			v.Add("issued_on", "该报告已过有效期（"+valid+"）。", "the report's validity ended on "+valid+".")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	salt := s.Salt
	if len(salt) == 0 {
		if salt, err = s.Store.Salt(ctx); err != nil {
			return nil, err
		}
	}
	g, _ := r.Grade(l.Grade)
	rep := &Report{LabID: l.ID, LabName: l.Name, Number: in.Number, IssuedOn: issued, ValidUntil: valid, DeclarationRef: in.DeclarationRef,
		EnterpriseUSCC: in.EnterpriseUSCC, Product: in.Product, HSCode: hs, Items: items, Conclusion: in.Conclusion, PDFSHA256: in.PDFSHA256,
		Draw: Draw(salt, l.ID, in.Number), Share: g.Share, Grade: l.Grade, CreatedBy: a.Label(), CreatedAt: now}
	rep.Drawn = rep.Draw < rep.Share
	drawn := map[bool][2]string{true: {"抽中比对", "drawn for a cross-check"}, false: {"未抽中", "not drawn"}}[rep.Drawn]
	ae := audit.New(a, "lab.report", "lab_report", 0, fmt.Sprintf("采信报告 %s：%s，%s / accepted report %s of %s, %s", rep.Number, l.Name, drawn[0], rep.Number, l.USCC, drawn[1])).
		WithChange(nil, rep)
	lab := *l // written under its revision: a suspension meanwhile refuses the report
	fx := &Effect{Lab: &lab, Report: rep, Audit: []audit.Entry{ae}}
	if in.PDF != nil {
		fx.PDF = in.PDF
	}
	if err := s.Store.Apply(ctx, fx); err != nil {
		return nil, err
	}
	return rep, nil
}

func parseHS(s string) (string, error) {
	t := strings.NewReplacer(".", "", " ", "").Replace(strings.TrimSpace(s))
	if t == "" {
		return "", risk.Invalid("hs_code", "请填写 HS 编码。", "hs_code is required.")
	}
	if !isDigits(t) || len(t) < 2 || len(t) > 10 || len(t)%2 != 0 {
		return "", risk.Invalid("hs_code", "HS 编码应为 2、4、6、8 或 10 位数字。", "an HS code has 2, 4, 6, 8 or 10 digits.")
	}
	return t, nil
}

// Report returns a report a may see, with whether it counts now.
func (s *Service) Report(ctx context.Context, a risk.Actor, id risk.ID) (*Report, Standing, error) {
	rep, err := s.Store.Report(ctx, id)
	if err != nil {
		return nil, "", err
	}
	l, err := s.Get(ctx, a, rep.LabID)
	if err != nil {
		if errors.Is(err, risk.ErrNotFound) {
			return nil, "", risk.Errorf(risk.ErrNotFound, "没有该检测报告。 / No such report.")
		}
		return nil, "", err
	}
	return rep, StandingOf(rep, l.Status, Today(s.Now())), nil
}

// Reports searches reports: officials all, a laboratory its own.
func (s *Service) Reports(ctx context.Context, a risk.Actor, f ReportFilter) ([]*Report, int, error) {
	if !CanRead(a) {
		return nil, 0, forbidden("无权查看检测报告。", "Not allowed to read reports.")
	}
	if !a.IsOfficial() && !a.System {
		if a.LabID == 0 {
			return nil, 0, forbidden("无权查看检测报告。", "Not allowed to read reports.")
		}
		if f.LabID != 0 && f.LabID != a.LabID {
			return nil, 0, notFound()
		}
		f.LabID = a.LabID
	}
	var v risk.Validation
	f.Number, f.HSPrefix, f.SHA256 = strings.TrimSpace(f.Number), strings.TrimSpace(f.HSPrefix), strings.ToLower(strings.TrimSpace(f.SHA256))
	f.EnterpriseUSCC = strings.ToUpper(strings.TrimSpace(f.EnterpriseUSCC))
	if f.HSPrefix != "" && !isDigits(f.HSPrefix) {
		v.Add("hs", "HS 编码前缀只能是数字。", "hs must be digits.")
	}
	if f.Paging.Check(&v); v.Err() != nil {
		return nil, 0, v.Err()
	}
	if f.LabID != 0 {
		if _, err := s.Store.Get(ctx, f.LabID); err != nil {
			return nil, 0, err
		}
	}
	return s.Store.Reports(ctx, f)
}

// CheckInput is customs' result of its own test of a report: the
// conclusion, numeric results by test item (optional), whether the
// report was found falsified, customs' own report and a note.
type CheckInput struct {
	ReportID      risk.ID     `json:"report_id"`
	CustomsResult Conclusion  `json:"customs_result"`
	Items         []CheckItem `json:"items,omitempty"`
	Falsified     bool        `json:"falsified,omitempty"`
	// FirmSupplied: the falsified report came from the firm it names (it
	// forged or altered the report it supplied), so the firm answers for
	// it too.
	FirmSupplied bool   `json:"firm_supplied,omitempty"`
	Reference    string `json:"reference,omitempty"`
	Note         string `json:"note,omitempty"`
}

// CrossCheck records customs' result for a report of laboratory labID,
// decides agreement (Compare) and evaluates the laboratory at once: a
// change of grade or status is written in the same transaction with its
// explanation; a falsified report raises a credit event for the
// laboratory's own enterprise when it is registered.
func (s *Service) CrossCheck(ctx context.Context, a risk.Actor, labID risk.ID, in CheckInput) (*CrossCheck, *Change, error) {
	if !CanCrossCheck(a) {
		return nil, nil, forbidden("无权录入比对结果。", "Not allowed to record cross-checks.")
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, nil, err
	}
	l, err := s.Store.Get(ctx, labID)
	if err != nil {
		return nil, nil, err
	}
	var v risk.Validation
	var rep *Report
	if in.ReportID <= 0 {
		v.Add("report_id", "请填写被比对的报告编号（report_id）。", "report_id is required.")
	} else if rep, err = s.Store.Report(ctx, in.ReportID); errors.Is(err, risk.ErrNotFound) || (err == nil && rep.LabID != labID) {
		v.Add("report_id", fmt.Sprintf("该机构没有编号为 %d 的报告。", in.ReportID), fmt.Sprintf("the laboratory has no report %d.", in.ReportID))
		rep = nil
	} else if err != nil {
		return nil, nil, err
	}
	if in.CustomsResult != Pass && in.CustomsResult != Fail {
		v.Add("customs_result", "海关结果只能是 pass（合格）或 fail（不合格）。", "customs_result must be pass or fail.")
	}
	if len(in.Items) > MaxItems {
		v.Add("items", fmt.Sprintf("检测项目最多 %d 个。", MaxItems), fmt.Sprintf("at most %d items.", MaxItems))
	}
	for i := range in.Items {
		it := &in.Items[i]
		it.TestItem, it.Result = strings.TrimSpace(it.TestItem), strings.TrimSpace(it.Result)
		f := fmt.Sprintf("items[%d].", i)
		v.Text(f+"test_item", it.TestItem, MaxText, true, "检测项目", "the test item")
		v.Text(f+"result", it.Result, 100, true, "结果", "the result")
		if rep != nil && it.TestItem != "" && !slices.ContainsFunc(rep.Items, func(x Item) bool { return x.TestItem == it.TestItem }) {
			v.Add(f+"test_item", "报告中没有检测项目“"+it.TestItem+"”。", "the report has no test item “"+it.TestItem+"”.")
		}
	}
	v.Text("reference", in.Reference, 100, false, "海关检测报告编号", "the reference")
	v.Paragraph("note", in.Note, MaxNote, in.Falsified, "说明", "the note")
	if in.FirmSupplied && (!in.Falsified || (rep != nil && rep.EnterpriseUSCC == "")) {
		v.Add("firm_supplied", "只有认定造假、且报告载明企业的，才能认定由企业提供。", "firm_supplied needs a falsified report that names its enterprise.")
	}
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	now := s.Now().UTC()
	agree, items, wzh, wen := Compare(r, rep, in.CustomsResult, in.Items, in.Falsified)
	c := &CrossCheck{LabID: labID, ReportID: rep.ID, ReportNumber: rep.Number, Drawn: rep.Drawn, CustomsResult: in.CustomsResult, LabResult: rep.Conclusion,
		Items: items, Falsified: in.Falsified, FirmSupplied: in.FirmSupplied, Agree: agree, WhyZh: wzh, WhyEn: wen, Reference: strings.TrimSpace(in.Reference), Note: strings.TrimSpace(in.Note),
		Dept: a.Dept, CreatedBy: a.Label(), CreatedAt: now}
	fx := &Effect{Check: c}
	azh, aen := c.AgreeName().Label()
	fx.Audit = append(fx.Audit, audit.New(a, "lab.crosscheck", "lab_crosscheck", 0,
		fmt.Sprintf("比对 %s 报告 %s：%s / cross-check of %s report %s: %s", l.Name, rep.Number, azh, l.USCC, rep.Number, strings.ToLower(aen))).WithChange(nil, c))
	checks, err := s.Store.CrossChecks(ctx, labID)
	if err != nil {
		return nil, nil, err
	}
	c.ID = -1 // until stored
	s.settle(a, r, fx, l, append(checks, c), now, "比对结果录入", "cross-check recorded")
	if in.Falsified && s.Credit != nil {
		// The laboratory answers for a falsified report, and the firm it
		// names when the firm supplied it — each when it is in the register
		// (credit records belong to registered enterprises).
		who := []string{l.USCC}
		if in.FirmSupplied {
			who = append(who, rep.EnterpriseUSCC)
		}
		for i, uscc := range who {
			note := "比对认定报告造假 / cross-check found the report falsified: " + c.Note
			if i == 1 {
				note = "企业提供的采信报告经比对认定造假 / the accepted report the firm supplied was found falsified: " + c.Note
			}
			ce, err := s.Credit.Plan(ctx, a, []credit.EventInput{{EnterpriseUSCC: uscc, Kind: "lab-report-failed", Severity: credit.Serious,
				OccurredOn: Today(now), Reference: "采信报告 " + rep.Number, Note: note, Source: credit.FromManual}})
			var ve *risk.Error
			switch {
			case err == nil:
				fx.Credit = append(fx.Credit, ce...)
			case errors.As(err, &ve) && ve.Kind == risk.ErrInvalid:
				// not in the register: no credit record to change
			default:
				return nil, nil, err
			}
		}
	}
	if err := s.Store.Apply(ctx, fx); err != nil {
		return nil, nil, err
	}
	return c, fx.Change, nil
}

// settle evaluates the laboratory with its cross-checks and, when its
// grade or status moves, puts the new state, the change and its audit
// entry into fx.
func (s *Service) settle(a risk.Actor, r *Rules, fx *Effect, l *Lab, checks []*CrossCheck, now time.Time, causeZh, causeEn string) {
	o := Evaluate(r, l, checks, now)
	if o.Grade == l.Grade && o.Status == l.Status {
		return
	}
	next := *l
	next.Grade, next.Status, next.UpdatedAt = o.Grade, o.Status, now
	fx.Lab = &next
	fx.Change = &Change{LabID: l.ID, FromGrade: l.Grade, ToGrade: o.Grade, FromStatus: l.Status, ToStatus: o.Status,
		Cause: risk.Bilingual(causeZh, causeEn), Outcome: &o, By: a.Label(), At: now}
	fzh, fen := l.Status.Label()
	tzh, ten := o.Status.Label()
	fx.Audit = append(fx.Audit, audit.New(a, "lab.grade", "lab", l.ID,
		fmt.Sprintf("检测机构 %s：%s %s → %s %s（%s） / laboratory %s: %s %s → %s %s (%s)", l.Name, l.Grade, fzh, o.Grade, tzh, o.WhyZh,
			l.USCC, l.Grade, strings.ToLower(fen), o.Grade, strings.ToLower(ten), o.WhyEn)).
		WithChange(map[string]any{"grade": l.Grade, "status": l.Status}, map[string]any{"grade": o.Grade, "status": o.Status, "rules_version": o.RulesVersion, "why": o.WhyZh}))
}

// StatusInput is an official's decision on a laboratory's status after a
// review: accept an application, suspend, reinstate, revoke; with the
// reason.
type StatusInput struct {
	Action string `json:"action"`
	Reason string `json:"reason"`
}

// SetStatus moves a laboratory through its lifecycle by decision.
// Reinstatement starts the evaluation window afresh.
func (s *Service) SetStatus(ctx context.Context, a risk.Actor, id risk.ID, in StatusInput) (*Lab, *Change, error) {
	if !CanManage(a) {
		return nil, nil, forbidden("无权决定检测机构的采信状态。", "Not allowed to decide a laboratory's status.")
	}
	var v risk.Validation
	in.Action = strings.TrimSpace(in.Action)
	if _, ok := Machine.ActionNames[in.Action]; !ok {
		v.Add("action", "操作只能是 accept、suspend、reinstate 或 revoke。", "action must be accept, suspend, reinstate or revoke.")
	}
	v.Paragraph("reason", in.Reason, MaxNote, true, "理由", "the reason")
	if err := v.Err(); err != nil {
		return nil, nil, err
	}
	l, err := s.Store.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	to, err := Machine.Step(string(l.Status), in.Action)
	if err != nil {
		return nil, nil, err
	}
	now := s.Now().UTC()
	next := *l
	next.Status, next.UpdatedAt = Status(to), now
	if in.Action == "reinstate" || in.Action == "accept" {
		next.CountFrom = now
	}
	reason := strings.TrimSpace(in.Reason)
	azh, aen := Machine.ActionNames.Of(in.Action)
	ch := &Change{LabID: l.ID, FromGrade: l.Grade, ToGrade: l.Grade, FromStatus: l.Status, ToStatus: next.Status,
		Cause: risk.Bilingual(azh+"："+reason, aen+": "+reason), By: a.Label(), At: now}
	ae := audit.New(a, "lab.status", "lab", l.ID, fmt.Sprintf("检测机构 %s：%s（%s） / laboratory %s: %s (%s)", l.Name, azh, reason, l.USCC, aen, reason)).
		WithChange(map[string]any{"status": l.Status}, map[string]any{"status": next.Status, "reason": reason})
	if err := s.Store.Apply(ctx, &Effect{Lab: &next, Change: ch, Audit: []audit.Entry{ae}}); err != nil {
		return nil, nil, err
	}
	next.Rev++
	return &next, ch, nil
}

// EvaluateAll evaluates every accepted laboratory (the periodic job: old
// cross-checks leave the window) and writes the changes. It finds only
// what moves, so a second run writes nothing.
func (s *Service) EvaluateAll(ctx context.Context) (int, error) {
	r, err := s.Rules(ctx)
	if err != nil {
		return 0, err
	}
	labs, _, err := s.Store.List(ctx, Filter{Status: Accepted, Paging: risk.Paging{Limit: 100000}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, l := range labs {
		checks, err := s.Store.CrossChecks(ctx, l.ID)
		if err != nil {
			return n, err
		}
		fx := &Effect{}
		s.settle(risk.System, r, fx, l, checks, s.Now().UTC(), "定期评估", "periodic evaluation")
		if fx.Change == nil {
			continue
		}
		if err := s.Store.Apply(ctx, fx); err != nil {
			if errors.Is(err, risk.ErrConflict) {
				continue // moved meanwhile; the next run sees it
			}
			return n, err
		}
		n++
	}
	return n, nil
}

// ExpireAccreditations suspends the scope items of accepted laboratories
// that no valid accreditation covers any more (the periodic job). It
// finds only what is still due, so a second run writes nothing.
func (s *Service) ExpireAccreditations(ctx context.Context) (int, error) {
	now := s.Now().UTC()
	today := Today(now)
	labs, _, err := s.Store.List(ctx, Filter{Status: Accepted, Paging: risk.Paging{Limit: 100000}})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, l := range labs {
		next := *l
		next.Scopes = slices.Clone(l.Scopes)
		var moved []string
		for i, sc := range next.Scopes {
			if sc.Status == ScopeActive && !l.covered(sc, today) {
				next.Scopes[i].Status = ScopeSuspended
				next.Scopes[i].StatusNote = "资质已过有效期 / accreditation expired " + today
				moved = append(moved, sc.HSPrefix+" "+sc.TestItem)
			}
		}
		if len(moved) == 0 {
			continue
		}
		next.UpdatedAt = now
		ae := audit.New(risk.System, "lab.scope.expire", "lab", l.ID,
			fmt.Sprintf("检测机构 %s 资质到期，暂停采信范围：%s / laboratory %s: accreditation expired, scope suspended: %s", l.Name, strings.Join(moved, "、"), l.USCC, strings.Join(moved, ", "))).
			WithChange(map[string]any{"scopes": l.Scopes}, map[string]any{"scopes": next.Scopes})
		if err := s.Store.Apply(ctx, &Effect{Lab: &next, Audit: []audit.Entry{ae}}); err != nil {
			if errors.Is(err, risk.ErrConflict) {
				continue
			}
			return n, err
		}
		n += len(moved)
	}
	return n, nil
}

// Point is one month of a laboratory's cross-checks.
type Point struct {
	Month string `json:"month"` // YYYY-MM
	Total int    `json:"total"`
	Agree int    `json:"agree"`
}

// Profile is a laboratory in one place: the register entry, its recent
// reports, its cross-checks, the agreement by month and its grade history.
type Profile struct {
	Lab         *Lab          `json:"lab"`
	Reports     []*Report     `json:"reports"`
	CrossChecks []*CrossCheck `json:"crosschecks"`
	Agreement   []Point       `json:"agreement"`
	Changes     []*Change     `json:"changes"`
	Rules       *Rules        `json:"-"`
}

// Profile returns a laboratory's profile, for a who may see it.
func (s *Service) Profile(ctx context.Context, a risk.Actor, id risk.ID) (*Profile, error) {
	l, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	r, err := s.Rules(ctx)
	if err != nil {
		return nil, err
	}
	reps, _, err := s.Store.Reports(ctx, ReportFilter{LabID: id, Paging: risk.Paging{Limit: 100}})
	if err != nil {
		return nil, err
	}
	checks, err := s.Store.CrossChecks(ctx, id)
	if err != nil {
		return nil, err
	}
	changes, err := s.Store.Changes(ctx, id)
	if err != nil {
		return nil, err
	}
	var pts []Point
	for _, c := range checks {
		m := c.CreatedAt.In(risk.China).Format("2006-01")
		if len(pts) == 0 || pts[len(pts)-1].Month != m {
			pts = append(pts, Point{Month: m})
		}
		p := &pts[len(pts)-1]
		p.Total++
		if c.Agree {
			p.Agree++
		}
	}
	slices.Reverse(checks)
	slices.Reverse(changes)
	return &Profile{Lab: l, Reports: reps, CrossChecks: checks, Agreement: pts, Changes: changes, Rules: r}, nil
}

// Queue is what waits on a user in laboratory acceptance: reports drawn for
// a cross-check that have no customs result yet.
type Queue struct {
	Awaiting int
	// Expiring counts the accreditations of accepted laboratories that
	// expire within ExpiryNotice days (officials who manage the register;
	// a laboratory's user, its own).
	Expiring int
	LabID    risk.ID // a laboratory's user's own laboratory
}

// Queue returns what waits on a for the workbench.
func (s *Service) Queue(ctx context.Context, a risk.Actor) (Queue, error) {
	var q Queue
	if CanCrossCheck(a) {
		_, n, err := s.Store.Reports(ctx, ReportFilter{Awaiting: true, Paging: risk.Paging{Limit: 1}})
		if err != nil {
			return q, err
		}
		q.Awaiting = n
	}
	if CanManage(a) || (a.Role == risk.RoleLab && a.LabID != 0) {
		exp, err := s.Expiring(ctx, a)
		if err != nil {
			return q, err
		}
		for _, e := range exp {
			q.Expiring += len(e.Accreditations)
		}
		if a.Role == risk.RoleLab {
			q.LabID = a.LabID
		}
	}
	return q, nil
}

// ReportPDF returns the file of a report a may see: officials any, a
// laboratory's users their own laboratory's.
func (s *Service) ReportPDF(ctx context.Context, a risk.Actor, reportID risk.ID) (*PDF, error) {
	rep, _, err := s.Report(ctx, a, reportID)
	if err != nil {
		return nil, err
	}
	f, err := s.Store.PDF(ctx, rep.ID)
	if err != nil {
		return nil, err
	}
	f.Number = rep.Number
	return f, nil
}

// Expiry is a laboratory with the accreditations that expire soon.
type Expiry struct {
	Lab            *Lab
	Accreditations []Accreditation
}

// Expiring lists the accepted laboratories a may see whose accreditations
// expire within ExpiryNotice days, with those accreditations.
func (s *Service) Expiring(ctx context.Context, a risk.Actor) ([]Expiry, error) {
	labs, _, err := s.List(ctx, a, Filter{Status: Accepted, Paging: risk.Paging{Limit: risk.MaxLimit}})
	if err != nil {
		return nil, err
	}
	today := Today(s.Now())
	var out []Expiry
	for _, l := range labs {
		if exp := l.Expiring(today); len(exp) > 0 {
			out = append(out, Expiry{Lab: l, Accreditations: exp})
		}
	}
	return out, nil
}

// RecentChanges lists every laboratory's changes of grade and status made
// at or after since (the reminders tell each laboratory of its own).
func (s *Service) RecentChanges(ctx context.Context, since time.Time) ([]*Change, error) {
	return s.Store.ChangesSince(ctx, since)
}
