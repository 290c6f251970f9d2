package search_test

import (
	"fmt"
	"runtime"
	"testing"

	"iccbot/internal/search"
	"iccbot/internal/search/searchtest"
)

// The goals, for reading the results: p50 ≤ 50 µs at 10,000
// passages and ≤ 1 ms at 100,000; Build of 100,000 under 3 s; index memory
// under 3× the corpus text. The comparison with bleve lives in the separate
// module in /bench, to keep bleve out of this module's go.mod.

func BenchmarkSearch(b *testing.B) {
	queries := searchtest.Queries(searchtest.NumQueries, searchtest.QuerySeed)
	for _, n := range searchtest.Sizes() {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			ix := search.Build(searchtest.Corpus(n, searchtest.CorpusSeed))
			searchtest.MeasureQueries(b, queries, func(q string) {
				ix.Search(ix.Parse(q), 10)
			})
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			texts := searchtest.Corpus(n, searchtest.CorpusSeed)
			size, corpus := indexBytes(texts), textBytes(texts)
			for b.Loop() {
				search.Build(texts)
			}
			b.ReportMetric(float64(size), "index-bytes")
			b.ReportMetric(float64(size)/float64(corpus), "index/corpus")
		})
	}
}

// indexBytes measures the heap an index of texts holds on to once built:
// the heap after a collection with the index alive, less the heap before.
// Per-query scratch (4 bytes a passage per concurrent search) is not counted.
func indexBytes(texts []string) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix := search.Build(texts)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(ix)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

func textBytes(texts []string) int64 {
	var n int64
	for _, t := range texts {
		n += int64(len(t))
	}
	return n
}
