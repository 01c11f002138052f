// Command search benchmarks riskgate's Chinese full-text search: the same
// synthetic corpus (built from the catalogues' real vocabulary) indexed in
// SQLite and PostgreSQL through the product's own index and, in the same
// PostgreSQL, in a pg_trgm GIN index on the raw text (the peer); the same
// queries timed on each, and the answers compared.
//
//	cd bench && go run ./search [--docs N] [--pg URL] [--seed S] [--keep]
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	docs := flag.Int("docs", 1_000_000, "number of synthetic Chinese texts to index")
	pg := flag.String("pg", envOr("RISKGATE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"), "PostgreSQL server (a database rg_bench_search is made and dropped)")
	seed := flag.Uint64("seed", 1, "seed of the corpus")
	keep := flag.Bool("keep", false, "keep the PostgreSQL database rg_bench_search afterwards (to study plans)")
	flag.Parse()
	if *docs < 100 || *docs > 10_000_000 {
		fmt.Fprintln(os.Stderr, "bench search: --docs 100–10000000")
		os.Exit(2)
	}
	if err := benchSearch(os.Stdout, *docs, *pg, *seed, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "bench search:", err)
		os.Exit(1)
	}
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
