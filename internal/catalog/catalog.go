// Package catalog holds riskgate's reference catalogues — HS nomenclature,
// countries, regions, departments, hazards, product categories, signal
// channels, measure types, credit tiers, enterprise roles, the national
// authorities grade I warnings are referred to, ports (关区代码) and trade
// modes (监管方式) — loaded from the
// CSV files embedded under data/ (see data/NOTICE.md for their sources).
package catalog

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

//go:embed data/*.csv
var dataFS embed.FS

// Entry is one row of a catalogue.
type Entry struct {
	Catalog string            `json:"-"`
	Code    string            `json:"code"`
	Parent  string            `json:"parent,omitempty"`
	Level   int               `json:"level"`
	NameZh  string            `json:"name_zh"`
	NameEn  string            `json:"name_en"`
	Attrs   map[string]string `json:"attrs,omitempty"`
}

// Name returns the entry's name in lang ("en" or else Chinese).
func (e *Entry) Name(lang string) string {
	if lang == "en" && e.NameEn != "" {
		return e.NameEn
	}
	return e.NameZh
}

// Table is a whole catalogue with the checksum of its source file.
type Table struct {
	Name     string
	Checksum string
	Entries  []Entry
}

// Info describes a catalogue for listings.
type Info struct {
	Name   string `json:"name"`
	File   string `json:"-"`
	TitleZ string `json:"title_zh"`
	TitleE string `json:"title_en"`
}

// Catalogs lists the catalogues in display order; Name is the API name.
var Catalogs = []Info{
	{"hs", "hs.csv", "HS 商品编码", "HS nomenclature"},
	{"countries", "countries.csv", "国家和地区", "Countries and territories"},
	{"regions", "regions.csv", "行政区划", "Administrative divisions"},
	{"departments", "departments.csv", "部门", "Departments"},
	{"national-authorities", "national_authorities.csv", "国家主管部门（I 级预警上报对象）", "National authorities (grade I referrals)"},
	{"hazards", "hazards.csv", "风险类型", "Hazard types"},
	{"categories", "categories.csv", "产品类别", "Product categories"},
	{"channels", "channels.csv", "信息来源渠道", "Signal channels"},
	{"measures", "measures.csv", "措施类型", "Measure types"},
	{"credit-tiers", "credit_tiers.csv", "企业信用等级", "Enterprise credit tiers"},
	{"enterprise-roles", "enterprise_roles.csv", "企业角色", "Enterprise roles"},
	{"ports", "ports.csv", "口岸（关区代码）", "Ports (customs district codes)"},
	{"trade-modes", "trade_modes.csv", "贸易方式（监管方式）", "Trade modes (customs regimes)"},
}

// Lookup returns the Info of a catalogue by API name.
func Lookup(name string) (Info, bool) {
	for _, c := range Catalogs {
		if c.Name == name {
			return c, true
		}
	}
	return Info{}, false
}

var builtin struct {
	once   sync.Once
	tables []Table
	err    error
}

// Builtin returns the embedded catalogues, parsed once.
func Builtin() ([]Table, error) {
	builtin.once.Do(func() {
		for _, c := range Catalogs {
			b, err := dataFS.ReadFile("data/" + c.File)
			if err != nil {
				builtin.err = err
				return
			}
			t, err := Parse(c.Name, bytes.NewReader(b))
			if err != nil {
				builtin.err = fmt.Errorf("catalog %s: %w", c.File, err)
				return
			}
			sum := sha256.Sum256(b)
			t.Checksum = hex.EncodeToString(sum[:])
			builtin.tables = append(builtin.tables, t)
		}
	})
	return builtin.tables, builtin.err
}

// Aliases reads the embedded alias table data/<kind>_aliases.csv
// (columns alias, code): source spellings of hazards or categories mapped
// to catalogue codes, keyed by the lower-cased alias.
func Aliases(kind string) (map[string]string, error) {
	b, err := dataFS.ReadFile("data/" + kind + "_aliases.csv")
	if err != nil {
		return nil, err
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("catalog %s aliases: %w", kind, err)
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows[1:] {
		if len(r) == 2 {
			m[strings.ToLower(strings.TrimSpace(r[0]))] = r[1]
		}
	}
	return m, nil
}

// BuiltinTable returns one embedded catalogue by name.
func BuiltinTable(name string) (Table, error) {
	ts, err := Builtin()
	if err != nil {
		return Table{}, err
	}
	for _, t := range ts {
		if t.Name == name {
			return t, nil
		}
	}
	return Table{}, fmt.Errorf("catalog: no catalogue %q", name)
}

// Parse reads a catalogue CSV with the columns code,parent,level,name_zh,
// name_en,attrs (attrs as k=v;k=v).
func Parse(name string, r io.Reader) (Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 6
	head, err := cr.Read()
	if err != nil {
		return Table{}, err
	}
	if strings.Join(head, ",") != "code,parent,level,name_zh,name_en,attrs" {
		return Table{}, fmt.Errorf("unexpected header %q", head)
	}
	t := Table{Name: name}
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Table{}, err
		}
		lvl, err := strconv.Atoi(rec[2])
		if err != nil {
			return Table{}, fmt.Errorf("code %s: level %q", rec[0], rec[2])
		}
		if rec[0] == "" || seen[rec[0]] {
			return Table{}, fmt.Errorf("empty or repeated code %q", rec[0])
		}
		seen[rec[0]] = true
		e := Entry{Catalog: name, Code: rec[0], Parent: rec[1], Level: lvl, NameZh: rec[3], NameEn: rec[4], Attrs: ParseAttrs(rec[5])}
		t.Entries = append(t.Entries, e)
	}
	for _, e := range t.Entries {
		if e.Parent != "" && !seen[e.Parent] {
			return Table{}, fmt.Errorf("code %s: unknown parent %q", e.Code, e.Parent)
		}
	}
	return t, nil
}

// ParseAttrs parses "k=v;k=v".
func ParseAttrs(s string) map[string]string {
	if s == "" {
		return nil
	}
	m := map[string]string{}
	for _, kv := range strings.Split(s, ";") {
		k, v, _ := strings.Cut(kv, "=")
		if k != "" {
			m[k] = v
		}
	}
	return m
}

// FormatAttrs is the inverse of ParseAttrs, with keys sorted.
func FormatAttrs(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(k + "=" + m[k])
	}
	return b.String()
}

// Find returns the entry with the code, or nil.
func (t *Table) Find(code string) *Entry {
	for i := range t.Entries {
		if t.Entries[i].Code == code {
			return &t.Entries[i]
		}
	}
	return nil
}

// Codes returns the codes of a table, in file order.
func (t *Table) Codes() []string {
	out := make([]string, len(t.Entries))
	for i, e := range t.Entries {
		out[i] = e.Code
	}
	return out
}

// Query is a catalogue search.
type Query struct {
	Catalog string
	Text    string // code prefix or part of a name; empty lists the top level
	Parent  string // only children of this code
	Limit   int
}

// Store is the persistence the catalogue service needs.
type Store interface {
	// Sync loads every table whose checksum differs from the stored one,
	// replacing its entries, and returns the names it loaded.
	Sync(ctx context.Context, tables []Table) ([]string, error)
	Search(ctx context.Context, q Query) ([]Entry, error)
	Get(ctx context.Context, catalog, code string) (*Entry, error)
}

// Seed loads the embedded catalogues into s where they changed.
func Seed(ctx context.Context, s Store) ([]string, error) {
	ts, err := Builtin()
	if err != nil {
		return nil, err
	}
	return s.Sync(ctx, ts)
}

// MaxQuery is the longest search text accepted, in characters.
const MaxQuery = 100

// Service answers catalogue searches.
type Service struct {
	Store Store
}

// Search validates q and searches. Catalogues are public reference data.
func (s *Service) Search(ctx context.Context, a risk.Actor, q Query) ([]Entry, error) {
	if !risk.Can(a, risk.PermCatalogRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看目录。 / Not allowed to read catalogues.")
	}
	if _, ok := Lookup(q.Catalog); !ok {
		return nil, &risk.Error{Kind: risk.ErrNotFound, Field: "name",
			Message: risk.Bilingual("没有名为 "+q.Catalog+" 的目录。", "no catalogue named "+q.Catalog+".")}
	}
	q.Text = strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(q.Text) > MaxQuery {
		return nil, risk.Invalid("q", fmt.Sprintf("查询文字不能超过 %d 个字符。", MaxQuery), fmt.Sprintf("the query must not exceed %d characters.", MaxQuery))
	}
	if q.Catalog == "hs" {
		// "3604.10" and "3604 10" mean 360410.
		if c := strings.NewReplacer(".", "", " ", "").Replace(q.Text); c != "" && strings.Trim(c, "0123456789") == "" {
			q.Text = c
		}
	}
	if q.Catalog == "countries" && len(q.Text) <= 3 {
		q.Text = strings.ToUpper(q.Text)
	}
	switch {
	case q.Limit <= 0:
		q.Limit = 50
	case q.Limit > 500:
		return nil, risk.Invalid("limit", "每页最多 500 条。", "limit must be at most 500.")
	}
	return s.Store.Search(ctx, q)
}

// Get returns one entry.
func (s *Service) Get(ctx context.Context, a risk.Actor, catalog, code string) (*Entry, error) {
	if !risk.Can(a, risk.PermCatalogRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看目录。 / Not allowed to read catalogues.")
	}
	return s.Store.Get(ctx, catalog, code)
}

// Sets are the in-memory identifier sets built from the catalogues, used to
// check HS codes and countries at every boundary.
type Sets struct {
	HS        *ident.HSSet
	Countries *ident.CountrySet
	Regions   map[string]bool
	Roles     map[string]bool
	Tiers     map[string]bool
	Depts     map[string]bool
	// Ports are the customs district codes (关区代码) declarations may name.
	Ports map[string]bool
}

var sets struct {
	once sync.Once
	s    *Sets
	err  error
}

// BuiltinSets returns the sets of the embedded catalogues.
func BuiltinSets() (*Sets, error) {
	sets.once.Do(func() {
		ts, err := Builtin()
		if err != nil {
			sets.err = err
			return
		}
		s := &Sets{Regions: map[string]bool{}, Roles: map[string]bool{}, Tiers: map[string]bool{}, Depts: map[string]bool{}, Ports: map[string]bool{}}
		for _, t := range ts {
			switch t.Name {
			case "hs":
				s.HS, err = ident.NewHSSet(t.Codes())
			case "countries":
				s.Countries, err = ident.NewCountrySet(t.Codes())
			case "regions":
				fill(s.Regions, t)
			case "enterprise-roles":
				fill(s.Roles, t)
			case "credit-tiers":
				fill(s.Tiers, t)
			case "departments":
				fill(s.Depts, t)
			case "ports":
				fill(s.Ports, t)
			}
			if err != nil {
				sets.err = err
				return
			}
		}
		sets.s = s
	})
	return sets.s, sets.err
}

func fill(m map[string]bool, t Table) {
	for _, e := range t.Entries {
		m[e.Code] = true
	}
}

var labels struct {
	once sync.Once
	m    map[string]map[string][2]string
}

// Label returns the Chinese and English names of a code of a builtin
// catalogue, for text that names it (audit summaries, documents); an unknown
// code names itself.
func Label(table, code string) (zh, en string) {
	labels.once.Do(func() {
		labels.m = map[string]map[string][2]string{}
		ts, err := Builtin()
		if err != nil {
			return
		}
		for _, t := range ts {
			m := make(map[string][2]string, len(t.Entries))
			for _, e := range t.Entries {
				m[e.Code] = [2]string{e.NameZh, e.NameEn}
			}
			labels.m[t.Name] = m
		}
	})
	if n, ok := labels.m[table][code]; ok {
		return n[0], n[1]
	}
	return code, code
}

// HelpRows lists a builtin catalogue as the help sheet of an import
// template shows it: the names in both languages, then the code to type.
func HelpRows(table string) [][]string {
	t, err := BuiltinTable(table)
	if err != nil {
		return nil
	}
	rows := make([][]string, 0, len(t.Entries))
	for _, e := range t.Entries {
		rows = append(rows, []string{e.NameZh + " " + e.NameEn, e.Code})
	}
	return rows
}
