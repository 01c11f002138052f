package detect

import "testing"

// BenchmarkFarringtonFlexible runs farringtonFlexible with its defaults
// over synthetic 10-year weekly series (every week with five years of
// history); series/s is the figure riskgate bench detect reports.
func BenchmarkFarringtonFlexible(b *testing.B) {
	ss := Synthetic(1, 50, 520)
	p := DefaultFlexible()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := RunFarrington(ss[i%len(ss)], p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "series/s")
}

// BenchmarkFarringtonFlexiblePlain is the same work on the straightforward
// path (plain_test.go), what RunFarrington did before issue 21: run both
// benchmarks together for the ratio.
func BenchmarkFarringtonFlexiblePlain(b *testing.B) {
	ss := Synthetic(1, 50, 520)
	p := DefaultFlexible()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := plainRunFarrington(ss[i%len(ss)], p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "series/s")
}
