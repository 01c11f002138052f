package main

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/util"

	"riskgate/internal/screening"
)

// policy is the Rego peer: the scopes as data, indexed by anchor value as
// riskgate's engine indexes them, so that OPA too looks up candidates
// instead of walking every scope; then each candidate is matched on every
// field it sets, and the strictest decision wins.
const policy = `package screen

import rego.v1

cands contains id if { some id in data.idx.gtin[input.gtin] }
cands contains id if { some id in data.idx.batch[input.batch] }
cands contains id if { some u in input.usccs; some id in data.idx.uscc[u] }
cands contains id if { some id in data.idx.model[input.model] }
cands contains id if { some id in data.idx.brand[input.brand] }
cands contains id if { some id in data.idx.maker[input.maker] }
cands contains id if { some p in input.hs_prefixes; some id in data.idx.hs[p] }
cands contains id if { some s in input.substrings; some id in data.idx.keyword[s] }
cands contains id if { some c in input.countries; some id in data.idx.country[c] }
cands contains id if { some id in data.idx.port[input.port] }
cands contains id if { some id in data.idx.trade_mode[input.trade_mode] }

ok_any(set, _) if count(set) == 0
ok_any(set, v) if { some x in set; x == v }

ok_hs(set) if count(set) == 0
ok_hs(set) if { some p in set; startswith(input.hs_code, p) }

ok_kw(set) if count(set) == 0
ok_kw(set) if { some k in set; contains(input.name, k) }

ok_in(set, vals) if count(set) == 0
ok_in(set, vals) if { some x in set; some v in vals; x == v }

matched contains id if {
	some id in cands
	r := data.rules[id]
	ok_hs(r.hs)
	ok_in(r.countries, input.countries)
	ok_in(r.usccs, input.usccs)
	ok_any(r.brands, input.brand)
	ok_any(r.models, input.model)
	ok_any(r.gtins, input.gtin)
	ok_any(r.batches, input.batch)
	ok_kw(r.keywords)
	ok_any(r.makers, input.maker)
	ok_any(r.ports, input.port)
	ok_any(r.trade_modes, input.trade_mode)
}

default rank := 0

rank := max({data.rules[id].rank | some id in matched}) if count(matched) > 0
`

type opaPeer struct{ pq rego.PreparedEvalQuery }

func lower(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.ToLower(x)
	}
	return out
}

func newOPA(ctx context.Context, rules []screening.Rule) (*opaPeer, error) {
	idx := map[string]map[string][]int{}
	for _, f := range []string{"gtin", "batch", "uscc", "model", "brand", "maker", "hs", "keyword", "country", "port", "trade_mode"} {
		idx[f] = map[string][]int{}
	}
	var rs []map[string]any
	for i, r := range rules {
		sc := r.Scope
		rs = append(rs, map[string]any{"rank": rank(r.Decision), "hs": nn(sc.HSPrefixes), "countries": nn(sc.Countries), "usccs": nn(sc.USCCs),
			"brands": nn(lower(sc.Brands)), "models": nn(lower(sc.Models)), "gtins": nn(sc.GTINs), "batches": nn(sc.Batches),
			"keywords": nn(sc.Keywords), "makers": nn(lower(sc.Makers)), "ports": nn(sc.Ports), "trade_modes": nn(sc.TradeModes)})
		file := func(f string, vals []string) bool {
			for _, v := range vals {
				idx[f][v] = append(idx[f][v], i)
			}
			return len(vals) > 0
		}
		_ = file("gtin", sc.GTINs) || file("batch", sc.Batches) || file("uscc", sc.USCCs) || file("model", lower(sc.Models)) ||
			file("brand", lower(sc.Brands)) || file("maker", lower(sc.Makers)) || file("hs", sc.HSPrefixes) || file("keyword", sc.Keywords) ||
			file("country", sc.Countries) || file("port", sc.Ports) || file("trade_mode", sc.TradeModes)
	}
	b, err := json.Marshal(map[string]any{"rules": rs, "idx": idx})
	if err != nil {
		return nil, err
	}
	var data map[string]any
	if err := util.UnmarshalJSON(b, &data); err != nil {
		return nil, err
	}
	pq, err := rego.New(rego.Query("data.screen.rank"), rego.Module("screen.rego", policy), rego.Store(inmem.NewFromObject(data))).PrepareForEval(ctx)
	if err != nil {
		return nil, err
	}
	return &opaPeer{pq: pq}, nil
}

func nn(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// input is a line as the policy reads it: prefixes and substrings
// precomputed, so that Rego looks them up in its maps.
func input(d *screening.Declaration, l *screening.Line) map[string]any {
	var prefixes []string
	for n := 2; n <= len(l.HSCode); n++ {
		prefixes = append(prefixes, l.HSCode[:n])
	}
	rs := []rune(l.Name)
	var subs []string
	for i := range rs {
		for j := i + 1; j <= len(rs) && j-i <= 12; j++ {
			subs = append(subs, string(rs[i:j]))
		}
	}
	countries := []string{l.Origin}
	if l.Destination != l.Origin {
		countries = append(countries, l.Destination)
	}
	usccs := []string{}
	for _, u := range []string{d.ConsignorUSCC, d.ConsigneeUSCC, l.ManufacturerUSCC} {
		if u != "" {
			usccs = append(usccs, u)
		}
	}
	return map[string]any{"hs_code": l.HSCode, "hs_prefixes": prefixes, "name": l.Name, "substrings": subs, "countries": countries,
		"usccs": usccs, "brand": strings.ToLower(l.Brand), "model": strings.ToLower(l.Model), "gtin": l.GTIN, "batch": l.Batch,
		"maker": strings.ToLower(l.Manufacturer), "port": d.Port, "trade_mode": d.TradeMode}
}

func (p *opaPeer) decide(ctx context.Context, d *screening.Declaration, l *screening.Line) (int, error) {
	rs, err := p.pq.Eval(ctx, rego.EvalInput(input(d, l)))
	if err != nil {
		return 0, err
	}
	n, _ := rs[0].Expressions[0].Value.(json.Number).Int64()
	return int(n), nil
}

// rank orders decisions as the engine does.
func rank(d screening.Decision) int { return d.Rank() }
