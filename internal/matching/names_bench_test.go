package matching

import "testing"

// BenchmarkMatchManufacturer matches only the synthetic notifications that
// give a firm's English name as the manufacturer ("Hunan <English name>",
// every seventh from the fourth), the kind whose names are compared through
// the weighted bigram postings.
func BenchmarkMatchManufacturer(b *testing.B) {
	es, ls, ns := Synthetic(20_000, 400_000, 2_000, 1)
	ix := NewIndex(es, ls)
	var makers []Notification
	for k, n := range ns {
		if k%7 == 3 {
			makers = append(makers, n)
		}
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		ix.Match(makers[i%len(makers)], Threshold)
		i++
	}
}
