package screening

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/contingency"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Limits on declarations.
const (
	MaxBatch = 1000
	MaxLines = 200
)

// Check validates and normalises a declaration; problems name the field
// under prefix ("items[2].lines[3].hs_code").
func Check(d *Declaration, sets *catalog.Sets, prefix string, v *risk.Validation) {
	add := func(f, zh, en string) { v.Add(prefix+f, zh, en) }
	d.Number = strings.TrimSpace(d.Number)
	if d.Number == "" || len(d.Number) > 64 || strings.Trim(d.Number, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-") != "" {
		add("number", "报关单号须为 1–64 位字母、数字或 -。", "number must be 1–64 letters, digits or -.")
	}
	if d.Direction != "import" && d.Direction != "export" {
		add("direction", "进出口方向须为 import 或 export。", "direction must be import or export.")
	}
	fourDigits := func(f, val, zh, en string, required bool) {
		if val == "" && !required {
			return
		}
		if len(val) != 4 || strings.Trim(val, "0123456789") != "" {
			add(f, zh+"应为 4 位数字代码。", en+" must be a 4-digit code.")
		}
	}
	fourDigits("port", d.Port, "口岸代码", "port", true)
	if len(d.Port) == 4 && strings.Trim(d.Port, "0123456789") == "" && !sets.Ports[d.Port] {
		add("port", "口岸代码 "+d.Port+" 不在口岸目录（长沙海关关区代码）中。", "port "+d.Port+" is not in the ports catalogue (长沙海关's customs district codes).")
	}
	fourDigits("trade_mode", d.TradeMode, "贸易方式", "trade_mode", false)
	v.Text(prefix+"consignor_name", d.ConsignorName, 200, false, "发货人名称", "consignor_name")
	v.Text(prefix+"consignee_name", d.ConsigneeName, 200, false, "收货人名称", "consignee_name")
	d.ConsignorName, d.ConsigneeName = strings.TrimSpace(d.ConsignorName), strings.TrimSpace(d.ConsigneeName)
	if d.DeclaredAt.IsZero() {
		add("declared_at", "缺少申报时间（RFC 3339）。", "declared_at (RFC 3339) is required.")
	}
	d.DeclaredAt = d.DeclaredAt.UTC()
	for _, u := range []struct {
		f   string
		val *string
	}{{"consignor_uscc", &d.ConsignorUSCC}, {"consignee_uscc", &d.ConsigneeUSCC}} {
		if *u.val == "" {
			continue
		}
		c, err := ident.ParseUSCC(*u.val)
		if err != nil {
			v.AddErr(prefix+u.f, err)
		} else {
			*u.val = string(c)
		}
	}
	switch {
	case len(d.Lines) == 0:
		add("lines", "至少需要一行商品。", "at least one line is required.")
	case len(d.Lines) > MaxLines:
		add("lines", fmt.Sprintf("最多 %d 行商品。", MaxLines), fmt.Sprintf("at most %d lines.", MaxLines))
	}
	for i := range d.Lines {
		l := &d.Lines[i]
		lp := fmt.Sprintf("%slines[%d].", prefix, i)
		c, err := ident.ParseHS(l.HSCode)
		switch {
		case err != nil:
			v.AddErr(lp+"hs_code", err)
		case len(c) != 10:
			v.Add(lp+"hs_code", "商品编码应为 10 位。", "hs_code must have 10 digits.")
		default:
			if err := sets.HS.Check(c); err != nil {
				v.AddErr(lp+"hs_code", err)
			}
			l.HSCode = string(c)
		}
		v.Text(lp+"name", l.Name, 200, true, "商品名称", "name")
		for _, f := range []struct{ name, val string }{{"brand", l.Brand}, {"model", l.Model}, {"batch", l.Batch}, {"manufacturer", l.Manufacturer}, {"unit", l.Unit}} {
			v.Text(lp+f.name, f.val, 100, false, f.name, f.name)
		}
		if l.GTIN != "" {
			g, err := ident.ParseGTIN(l.GTIN)
			if err != nil {
				v.AddErr(lp+"gtin", err)
			} else {
				l.GTIN = string(g)
			}
		}
		if l.ManufacturerUSCC != "" {
			u, err := ident.ParseUSCC(l.ManufacturerUSCC)
			if err != nil {
				v.AddErr(lp+"manufacturer_uscc", err)
			} else {
				l.ManufacturerUSCC = string(u)
			}
		}
		for _, cc := range []struct {
			f   string
			val *string
		}{{"origin", &l.Origin}, {"destination", &l.Destination}} {
			if *cc.val == "" {
				continue
			}
			c, err := ident.ParseCountry(*cc.val)
			if err == nil {
				err = sets.Countries.Check(c)
			}
			if err != nil {
				v.AddErr(lp+cc.f, err)
			} else {
				*cc.val = string(c)
			}
		}
		if l.Quantity < 0 {
			v.Add(lp+"quantity", "数量不能为负。", "quantity must not be negative.")
		}
		if l.Value < 0 {
			v.Add(lp+"value", "货值不能为负。", "value must not be negative.")
		}
	}
}

// LineLot is the lot of the declaration's line n, as inspection results
// record it: the enterprise is the line's manufacturer when declared, else
// the responsible one (the consignee of an import, the consignor of an
// export).
func (d *Declaration) LineLot(n int) warning.Lot {
	l := d.Lines[n]
	uscc := d.Responsible()
	if l.ManufacturerUSCC != "" {
		uscc = l.ManufacturerUSCC
	}
	return warning.Lot{HSCode: l.HSCode, Name: l.Name, Brand: l.Brand, Model: l.Model, GTIN: l.GTIN, Batch: l.Batch, USCC: uscc,
		Manufacturer: l.Manufacturer, Origin: l.Origin, Destination: l.Destination, Port: d.Port, TradeMode: d.TradeMode}
}

// Stored is a screened declaration as kept.
type Stored struct {
	ID           risk.ID     `json:"id"`
	Declaration  Declaration `json:"declaration"`
	Result       Result      `json:"result"`
	IndexVersion int64       `json:"index_version"`
	ScreenedAt   time.Time   `json:"screened_at"`
	CreatedBy    string      `json:"created_by"`
	// Pending says the declaration was screened in contingency and is held
	// in the node's journal, not yet in the database.
	Pending bool `json:"pending,omitempty"`
	// Parties are the enterprises the declaration names — consignor,
	// consignee and the lines' manufacturers — by USCC, with the
	// register's names where registered. Not stored: read with it.
	Parties map[string]Party `json:"parties,omitempty"`
}

// Party returns the enterprise of a USCC with the declared name as the
// fallback: the register's names when registered.
func (st *Stored) Party(uscc, declared string) Party {
	if p, ok := st.Parties[uscc]; ok && uscc != "" && p.Registered {
		return p
	}
	return Party{USCC: uscc, NameZh: declared}
}

// Store is the persistence screening needs.
type Store interface {
	// RulesVersion is the counter that moves whenever rules change.
	RulesVersion(ctx context.Context) (int64, error)
	// Rules reads what the rules in force are made of (measures in force
	// under active warnings, and issued 通报) and the credit data, at a
	// version, in one snapshot.
	Rules(ctx context.Context) (Sources, error)
	// Salt returns the screening salt stored in the database, creating a
	// random one the first time.
	Salt(ctx context.Context) ([]byte, error)
	// Save stores screened declarations and their audit entries in one
	// transaction. A number already stored with the same declaration is
	// returned as stored (created false); with a different one it is
	// refused with ErrConflict.
	Save(ctx context.Context, items []*Stored, entries []audit.Entry) (created []bool, err error)
	Get(ctx context.Context, number string) (*Stored, error)
	// Queue lists declarations whose decision is not release, newest
	// first, filtered by port and decision when given.
	Queue(ctx context.Context, f QueueFilter) ([]Summary, int, error)
	// Stats counts line decisions by port, by measure and by day since t.
	Stats(ctx context.Context, since time.Time) (*Stats, error)
	// Rates returns the sampling rate of each credit tier: the stored ones
	// over the catalogue's defaults. SetRates stores new ones (and moves
	// the rules counter).
	Rates(ctx context.Context) (map[string]float64, error)
	SetRates(ctx context.Context, rates map[string]float64, ae audit.Entry) error
}

// QueueFilter selects declarations for the inspector's queue.
type QueueFilter struct {
	Port     string
	Decision Decision
	Party    string // a USCC: the consignor's or the consignee's declarations only
	risk.Paging
}

// Summary is a declaration in a list.
type Summary struct {
	Number     string    `json:"number"`
	Direction  string    `json:"direction"`
	Port       string    `json:"port"`
	DeclaredAt time.Time `json:"declared_at"`
	// Consignor is the consignor by USCC and name: the register's name
	// when the USCC is registered, else the declared one.
	Consignor  Party     `json:"consignor"`
	Decision   Decision  `json:"decision"`
	Lines      int       `json:"lines"`
	Flagged    int       `json:"flagged"` // lines not released
	ScreenedAt time.Time `json:"screened_at"`
	// Contingency says the decision was made in contingency mode.
	Contingency bool `json:"contingency,omitempty"`
}

// ContingencyMark names the mark of a decision made in contingency, for
// pages.
func (x Summary) ContingencyMark() risk.Labeled { return &contingency.Mark{} }

// Party is an enterprise of a declaration: its USCC and name — the
// register's names when the USCC is registered (Registered true), else the
// name as declared (in NameZh).
type Party struct {
	USCC       string `json:"uscc,omitempty"`
	NameZh     string `json:"name_zh,omitempty"`
	NameEn     string `json:"name_en,omitempty"`
	Registered bool   `json:"registered"`
}

// Name returns the party's name in lang ("en" or else Chinese).
func (p Party) Name(lang string) string {
	if lang == "en" && p.NameEn != "" {
		return p.NameEn
	}
	return p.NameZh
}

// Count is one bar of a statistics chart.
type Count struct {
	Key      string   `json:"key"`
	Type     string   `json:"type,omitempty"` // by measure: the measure type (catalogue code)
	Decision Decision `json:"decision"`
	N        int      `json:"n"`
}

// Stats are screening statistics.
type Stats struct {
	ByPort    []Count `json:"by_port"`
	ByMeasure []Count `json:"by_measure"` // key: measure ID
	ByDay     []Count `json:"by_day"`     // key: YYYY-MM-DD (China time)
}

// Engine screens declarations against an index that it keeps fresh.
type Engine struct {
	Store Store
	Sets  *catalog.Sets
	Now   func() time.Time
	Log   *slog.Logger
	// Salt keys the sampling draw; empty uses the one stored in the database.
	Salt []byte
	// Contingency, when set, keeps screening going while the database is
	// unreachable: decisions are held in its journal and resubmitted
	// (ResubmitDeclaration) when the database is back.
	Contingency *contingency.Mode

	mu  sync.Mutex // serialises rebuilds
	cur atomic.Pointer[Index]
}

// Index returns the current index, building it the first time.
func (e *Engine) Index(ctx context.Context) (*Index, error) {
	if ix := e.cur.Load(); ix != nil {
		return ix, nil
	}
	if err := e.Refresh(ctx); err != nil {
		return nil, err
	}
	return e.cur.Load(), nil
}

// Refresh rebuilds the index if the rules changed since it was built, and
// swaps it in; screening goes on with the old one meanwhile.
func (e *Engine) Refresh(ctx context.Context) error {
	v, err := e.Store.RulesVersion(ctx)
	if err != nil {
		return err
	}
	if ix := e.cur.Load(); ix != nil && ix.Version == v {
		return nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if ix := e.cur.Load(); ix != nil && ix.Version == v {
		return nil
	}
	salt := e.Salt
	if len(salt) == 0 {
		if salt, err = e.Store.Salt(ctx); err != nil {
			return err
		}
	}
	src, err := e.Store.Rules(ctx)
	if err != nil {
		return err
	}
	rules, credit := RulesOf(src)
	version := src.Version
	ix := Build(rules, credit, salt, version)
	ix.SetReports(src.Reports)
	ix.BuiltAt = e.Now()
	e.cur.Store(ix)
	if e.Log != nil {
		e.Log.Info("screening index rebuilt", "version", version, "rules", len(rules), "reports", len(src.Reports))
	}
	return nil
}

// version is the rules version of the current index (0: none yet).
func (e *Engine) version() int64 {
	if ix := e.cur.Load(); ix != nil {
		return ix.Version
	}
	return 0
}

// Listener is a Store that can wake the engine when rules change (LISTEN
// on PostgreSQL), so that several processes follow each other at once.
type Listener interface {
	ListenRules(ctx context.Context, fn func()) error
}

// Run refreshes the index when the store signals a change, and every
// interval in any case, until ctx ends.
func (e *Engine) Run(ctx context.Context, interval time.Duration) {
	if l, ok := e.Store.(Listener); ok {
		go func() {
			for ctx.Err() == nil {
				err := l.ListenRules(ctx, func() {
					if err := e.Refresh(ctx); err != nil && ctx.Err() == nil && e.Log != nil {
						e.Log.Error("screening index refresh failed", "error", err)
					}
				})
				if ctx.Err() != nil {
					return
				}
				if e.Log != nil {
					e.Log.Warn("listening for rule changes failed; retrying", "error", err)
				}
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
		}()
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			err := e.Refresh(ctx)
			switch {
			case ctx.Err() != nil || e.Log == nil:
			case err != nil && !failing:
				// Once per outage, not four times a second: screening
				// goes on with the index it has.
				e.Log.Error("screening index refresh failed; screening goes on with the rules held", "version", e.version(), "error", err)
			case err == nil && failing:
				e.Log.Info("screening index refresh works again")
			}
			failing = err != nil
		}
	}
}

// Screen checks, screens and stores declarations (at most MaxBatch): all
// of them, or none when any is malformed.
func (e *Engine) Screen(ctx context.Context, a risk.Actor, ds []Declaration) ([]Result, error) {
	return e.screen(ctx, a, ds, MaxBatch)
}

// MaxFile bounds the declarations of one command-line run.
const MaxFile = 100_000

// ScreenFile is Screen for the command line: up to MaxFile declarations,
// still all or none.
func (e *Engine) ScreenFile(ctx context.Context, a risk.Actor, ds []Declaration) ([]Result, error) {
	return e.screen(ctx, a, ds, MaxFile)
}

func (e *Engine) screen(ctx context.Context, a risk.Actor, ds []Declaration, max int) ([]Result, error) {
	if !risk.Can(a, risk.PermDeclarationScreen) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权提交报关单筛查。 / Not allowed to screen declarations.")
	}
	switch {
	case len(ds) == 0:
		return nil, risk.Invalid("items", "没有报关单。", "no declarations given.")
	case len(ds) > max:
		return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "items",
			Message: risk.Bilingual(fmt.Sprintf("一次最多 %d 份报关单。", max), fmt.Sprintf("at most %d declarations at once.", max))}
	}
	var v risk.Validation
	seen := map[string]int{}
	for i := range ds {
		prefix := ""
		if len(ds) > 1 {
			prefix = fmt.Sprintf("items[%d].", i)
		}
		Check(&ds[i], e.Sets, prefix, &v)
		if j, dup := seen[ds[i].Number]; dup && ds[i].Number != "" {
			v.Add(prefix+"number", fmt.Sprintf("与第 %d 份报关单号重复。", j), fmt.Sprintf("repeats the number of item %d.", j))
		}
		seen[ds[i].Number] = i
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	ix, err := e.Index(ctx)
	if err != nil {
		if e.Contingency.Outage(ctx, err) {
			return nil, risk.Errorf(risk.ErrUnavailable, "数据库不可达，本节点尚未取得筛查规则，无法在应急模式下筛查。 / The database is unreachable and this node holds no screening rules yet: it cannot screen in contingency.")
		}
		return nil, err
	}
	now := e.Now().UTC()
	items := make([]*Stored, len(ds))
	entries := make([]audit.Entry, len(ds))
	for i := range ds {
		res := ix.Screen(&ds[i])
		items[i] = &Stored{Declaration: ds[i], Result: res, IndexVersion: ix.Version, ScreenedAt: now, CreatedBy: a.Label()}
		zh, en := res.Decision.Label()
		entries[i] = audit.New(a, "declaration.screen", "declaration", 0, fmt.Sprintf("报关单 %s 筛查：%s / declaration %s screened: %s", ds[i].Number, zh, ds[i].Number, en)).
			WithChange(nil, map[string]any{"number": ds[i].Number, "decision": res.Decision, "index_version": ix.Version})
	}
	if e.Contingency.Active() {
		return e.hold(a, items)
	}
	sctx, cancel := e.Contingency.Attempt(ctx)
	_, err = e.Store.Save(sctx, items, entries)
	cancel()
	if err != nil {
		if e.Contingency.Outage(ctx, err) {
			return e.hold(a, items)
		}
		return nil, err
	}
	out := make([]Result, len(items))
	for i, it := range items {
		out[i] = it.Result // a resubmission gets the stored result
	}
	return out, nil
}

// hold keeps screened declarations in the contingency journal, all or
// none, and returns their results marked as made in contingency. A number
// held already is answered with the held result when the declaration is
// the same, and refused with ErrConflict when it is not — as Save does.
func (e *Engine) hold(a risk.Actor, items []*Stored) ([]Result, error) {
	out := make([]Result, len(items))
	var hs []contingency.Held
	var fresh []int
	for i, it := range items {
		it.ID = 0
		if held, ok := e.held(it.Declaration.Number); ok {
			if string(jsonOf(held.Declaration)) != string(jsonOf(it.Declaration)) {
				field := "number"
				if len(items) > 1 {
					field = fmt.Sprintf("items[%d].number", i)
				}
				return nil, &risk.Error{Kind: risk.ErrConflict, Field: field,
					Message: risk.Bilingual("报关单号 "+it.Declaration.Number+" 已以不同内容筛查过。", "declaration "+it.Declaration.Number+" was screened before with different content.")}
			}
			out[i] = held.Result
			continue
		}
		fresh = append(fresh, i)
		hs = append(hs, contingency.Held{Kind: contingency.KindDeclaration, Key: it.Declaration.Number, Actor: a, At: it.ScreenedAt, Payload: it})
	}
	if len(hs) > 0 {
		recs, err := e.Contingency.Hold(hs...)
		if err != nil {
			return nil, err
		}
		for n, i := range fresh {
			m := recs[n].Mark()
			out[i] = items[i].Result
			out[i].Contingency = &m
		}
	}
	return out, nil
}

// held returns the declaration held in the journal under a number.
func (e *Engine) held(number string) (*Stored, bool) {
	r, ok := e.Contingency.Find(contingency.KindDeclaration, number)
	if !ok {
		return nil, false
	}
	var st Stored
	if err := json.Unmarshal(r.Payload, &st); err != nil {
		return nil, false
	}
	m := r.Mark()
	st.Result.Contingency, st.Pending = &m, true
	return &st, true
}

func jsonOf(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// ResubmitDeclaration stores a declaration screened in contingency, with
// its mark and an audit entry naming the time it was screened and the
// node, in one transaction. A declaration stored already under its number
// with the same content (the first attempt reached the database) is left
// as it is; with other content it is refused (ErrConflict).
func (e *Engine) ResubmitDeclaration(ctx context.Context, r contingency.Record) error {
	var st Stored
	if err := json.Unmarshal(r.Payload, &st); err != nil {
		return fmt.Errorf("screening: held declaration %s: %w", r.ID, err)
	}
	now := e.Now().UTC()
	m := r.Mark()
	m.ResubmittedAt = &now
	st.ID, st.Result.Contingency = 0, &m
	d := &st.Declaration
	zh, en := st.Result.Decision.Label()
	made := r.At.In(risk.China).Format("2006-01-02 15:04:05")
	ae := audit.New(r.Actor, "declaration.screen", "declaration", 0,
		fmt.Sprintf("报关单 %s 筛查：%s（应急模式下作出，原时间 %s，节点 %s；数据库恢复后重新提交） / declaration %s screened: %s (made in contingency at %s China time on node %s; resubmitted when the database was back)",
			d.Number, zh, made, r.Node, d.Number, en, made, r.Node)).
		WithChange(nil, map[string]any{"number": d.Number, "decision": st.Result.Decision, "index_version": st.IndexVersion, "contingency": m})
	_, err := e.Store.Save(ctx, []*Stored{&st}, []audit.Entry{ae})
	return err
}

// Get returns a stored declaration with its decision; while the
// declaration is held in contingency, the held one (Pending).
func (e *Engine) Get(ctx context.Context, a risk.Actor, number string) (*Stored, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看报关单。 / Not allowed to read declarations.")
	}
	st, err := e.Store.Get(ctx, number)
	if err != nil {
		if held, ok := e.held(number); ok {
			return held, nil
		}
	}
	return st, err
}

// LineLot returns the lot of line n of a stored declaration, for results
// resubmitted after contingency.
func (e *Engine) LineLot(ctx context.Context, number string, n int) (warning.Lot, error) {
	st, err := e.Store.Get(ctx, number)
	if err != nil {
		return warning.Lot{}, err
	}
	if n < 0 || n >= len(st.Declaration.Lines) {
		return warning.Lot{}, risk.Errorf(risk.ErrNotFound, "报关单没有这一行。 / The declaration has no such line.")
	}
	return st.Declaration.LineLot(n), nil
}

// Queue lists the declarations needing action at the port.
func (e *Engine) Queue(ctx context.Context, a risk.Actor, f QueueFilter) ([]Summary, int, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "无权查看报关单。 / Not allowed to read declarations.")
	}
	var v risk.Validation
	if f.Port != "" && !e.Sets.Ports[f.Port] {
		v.Add("port", "口岸代码不在口岸目录中。", "port is not in the ports catalogue.")
	}
	if f.Decision != "" {
		if _, ok := ParseDecision(string(f.Decision)); !ok {
			v.Add("decision", "结论无效。", "unknown decision.")
		}
	}
	f.Paging.Check(&v)
	if err := v.Err(); err != nil {
		return nil, 0, err
	}
	return e.Store.Queue(ctx, f)
}

// Statistics counts decisions over the last days.
func (e *Engine) Statistics(ctx context.Context, a risk.Actor, days int) (*Stats, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看筛查统计。 / Not allowed to read screening statistics.")
	}
	if days < 1 || days > 366 {
		return nil, risk.Invalid("days", "统计天数须为 1–366。", "days must be 1–366.")
	}
	return e.Store.Stats(ctx, e.Now().AddDate(0, 0, -days))
}

// Rates returns the base sampling rate of each credit tier.
func (e *Engine) Rates(ctx context.Context, a risk.Actor) (map[string]float64, error) {
	if !risk.Can(a, risk.PermDeclarationRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看抽查比例。 / Not allowed to read the sampling rates.")
	}
	return e.Store.Rates(ctx)
}

// SetRates changes the base sampling rates of credit tiers
// (administrators). Only tiers of the catalogue, rates in [0, 1].
func (e *Engine) SetRates(ctx context.Context, a risk.Actor, rates map[string]float64) (map[string]float64, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以修改抽查比例。 / Only administrators may change the sampling rates.")
	}
	var v risk.Validation
	if len(rates) == 0 {
		v.Add("rates", "没有给出比例。", "no rates given.")
	}
	for tier, r := range rates {
		if !e.Sets.Tiers[tier] {
			v.Add(tier, "信用等级 "+tier+" 不在目录中。", "unknown credit tier "+tier+".")
		}
		if !(r >= 0 && r <= 1) {
			v.Add(tier, "比例须在 0–1 之间。", "a rate must be between 0 and 1.")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	old, err := e.Store.Rates(ctx)
	if err != nil {
		return nil, err
	}
	merged := map[string]float64{}
	for k, x := range old {
		merged[k] = x
	}
	for k, x := range rates {
		merged[k] = x
	}
	ae := audit.New(a, "screening.rates", "credit_rates", 0, "修改信用等级抽查比例 / sampling rates changed").WithChange(old, merged)
	if err := e.Store.SetRates(ctx, merged, ae); err != nil {
		return nil, err
	}
	return merged, nil
}

// Encode writes a result as one line of JSON, the CLI's and the API's
// shape.
func Encode(r Result) []byte {
	b, _ := json.Marshal(r)
	return b
}
