package searchtest

import (
	"slices"
	"testing"
	"time"
)

// Sizes returns the corpus sizes search is benchmarked at, in passages: a
// small knowledge folder, a large one, and two beyond what we expect.
func Sizes() []int { return []int{40, 1000, 10000, 100000} }

// Seeds keep every benchmark, in every module, on the same text.
const (
	CorpusSeed = 1
	QuerySeed  = 2
	// NumQueries is how many distinct questions a benchmark cycles through.
	NumQueries = 256
)

// MeasureQueries runs search over queries in turn until b is done, timing
// each call, and reports the median, 90th and 99th percentile latencies
// alongside ns/op. Engines compared with it share the loop, so they differ
// only in what search does.
func MeasureQueries(b *testing.B, queries []string, search func(q string)) {
	b.Helper()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		start := time.Now()
		search(q)
		lat = append(lat, time.Since(start))
	}
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))]) }
	b.ReportMetric(at(0.50), "p50-ns/op")
	b.ReportMetric(at(0.90), "p90-ns/op")
	b.ReportMetric(at(0.99), "p99-ns/op")
}
