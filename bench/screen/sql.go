package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"riskgate/internal/screening"
)

// sqlPeer screens with plain SQL on PostgreSQL: the scopes in a table with
// an array per field, their anchor values in an indexed side table, one
// query per line.
type sqlPeer struct {
	conn   *pgx.Conn
	schema string
}

const sqlQuery = `SELECT COALESCE(max(r.rank), 0) FROM %[1]s.rules r WHERE r.id IN (
	SELECT rule_id FROM %[1]s.anchors WHERE (field = 'gtin' AND value = $1) OR (field = 'batch' AND value = $2)
	OR (field = 'uscc' AND value = ANY($3)) OR (field = 'model' AND value = $4) OR (field = 'brand' AND value = $5)
	OR (field = 'maker' AND value = $6) OR (field = 'hs' AND value = ANY($7)) OR (field = 'keyword' AND value = ANY($8))
	OR (field = 'country' AND value = ANY($9)) OR (field = 'port' AND value = $10) OR (field = 'trade_mode' AND value = $11))
	AND (cardinality(r.hs) = 0 OR EXISTS (SELECT 1 FROM unnest(r.hs) p WHERE left($12, length(p)) = p))
	AND (cardinality(r.countries) = 0 OR r.countries && $9)
	AND (cardinality(r.usccs) = 0 OR r.usccs && $3)
	AND (cardinality(r.brands) = 0 OR $5 = ANY(r.brands))
	AND (cardinality(r.models) = 0 OR $4 = ANY(r.models))
	AND (cardinality(r.gtins) = 0 OR $1 = ANY(r.gtins))
	AND (cardinality(r.batches) = 0 OR $2 = ANY(r.batches))
	AND (cardinality(r.keywords) = 0 OR EXISTS (SELECT 1 FROM unnest(r.keywords) k WHERE strpos($13, k) > 0))
	AND (cardinality(r.makers) = 0 OR $6 = ANY(r.makers))
	AND (cardinality(r.ports) = 0 OR $10 = ANY(r.ports))
	AND (cardinality(r.trade_modes) = 0 OR $11 = ANY(r.trade_modes))`

func newSQL(ctx context.Context, url string, rules []screening.Rule) (*sqlPeer, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	p := &sqlPeer{conn: conn, schema: "riskgate_bench"}
	for _, q := range []string{
		`DROP SCHEMA IF EXISTS riskgate_bench CASCADE`, `CREATE SCHEMA riskgate_bench`,
		`CREATE TABLE riskgate_bench.rules (id int PRIMARY KEY, rank int, hs text[], countries text[], usccs text[], brands text[], models text[],
			gtins text[], batches text[], keywords text[], makers text[], ports text[], trade_modes text[])`,
		`CREATE TABLE riskgate_bench.anchors (field text, value text, rule_id int)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return nil, err
		}
	}
	var rows, anchors [][]any
	for i, r := range rules {
		sc := r.Scope
		rows = append(rows, []any{i, rank(r.Decision), nn(sc.HSPrefixes), nn(sc.Countries), nn(sc.USCCs), nn(lower(sc.Brands)), nn(lower(sc.Models)),
			nn(sc.GTINs), nn(sc.Batches), nn(sc.Keywords), nn(lower(sc.Makers)), nn(sc.Ports), nn(sc.TradeModes)})
		file := func(f string, vals []string) bool {
			for _, v := range vals {
				anchors = append(anchors, []any{f, v, i})
			}
			return len(vals) > 0
		}
		_ = file("gtin", sc.GTINs) || file("batch", sc.Batches) || file("uscc", sc.USCCs) || file("model", lower(sc.Models)) ||
			file("brand", lower(sc.Brands)) || file("maker", lower(sc.Makers)) || file("hs", sc.HSPrefixes) || file("keyword", sc.Keywords) ||
			file("country", sc.Countries) || file("port", sc.Ports) || file("trade_mode", sc.TradeModes)
	}
	cols := []string{"id", "rank", "hs", "countries", "usccs", "brands", "models", "gtins", "batches", "keywords", "makers", "ports", "trade_modes"}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"riskgate_bench", "rules"}, cols, pgx.CopyFromRows(rows)); err != nil {
		return nil, err
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"riskgate_bench", "anchors"}, []string{"field", "value", "rule_id"}, pgx.CopyFromRows(anchors)); err != nil {
		return nil, err
	}
	for _, q := range []string{`CREATE INDEX ON riskgate_bench.anchors (field, value)`, `ANALYZE riskgate_bench.rules`, `ANALYZE riskgate_bench.anchors`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return nil, err
		}
	}
	if _, err := conn.Prepare(ctx, "screen", fmt.Sprintf(sqlQuery, p.schema)); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *sqlPeer) decide(ctx context.Context, d *screening.Declaration, l *screening.Line) (int, error) {
	in := input(d, l)
	var n int
	err := p.conn.QueryRow(ctx, "screen", l.GTIN, l.Batch, in["usccs"], strings.ToLower(l.Model), strings.ToLower(l.Brand),
		strings.ToLower(l.Manufacturer), in["hs_prefixes"], in["substrings"], in["countries"], d.Port, d.TradeMode, l.HSCode, l.Name).Scan(&n)
	return n, err
}

func (p *sqlPeer) close(ctx context.Context) {
	p.conn.Exec(ctx, `DROP SCHEMA IF EXISTS riskgate_bench CASCADE`)
	p.conn.Close(ctx)
}
