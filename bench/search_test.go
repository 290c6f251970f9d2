// Package bench compares iccbot's search with bleve on the same synthetic
// corpus and questions. It is a module of its own so that bleve, needed only
// for the comparison, never enters the shipped binary's go.mod.
//
//	cd bench && go test -run '^$' -bench . -benchmem
package bench

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"iccbot/bench/searchtest"
	"iccbot/internal/search"
)

// BenchmarkSearch is ours, beside BenchmarkBleve so that one run prints
// both engines on the same corpus and questions.
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

func BenchmarkBleve(b *testing.B) {
	queries := searchtest.Queries(searchtest.NumQueries, searchtest.QuerySeed)
	for _, n := range searchtest.Sizes() {
		b.Run(fmt.Sprintf("passages=%d", n), func(b *testing.B) {
			texts := searchtest.Corpus(n, searchtest.CorpusSeed)
			start := time.Now()
			ix := newBleve(b, texts)
			b.Logf("bleve indexed %d passages in %v", n, time.Since(start).Round(time.Millisecond))
			searchtest.MeasureQueries(b, queries, func(q string) {
				if _, err := ix.Search(bleveRequest(q)); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}

// newBleve indexes texts as documents "0", "1", … with one text field, the
// English analyzer and BM25 scoring, held in memory.
//
// An empty path makes scorch keep its segments in memory and run no
// persister or merger, so the corpus goes in as a single batch: one
// segment, the shape a merged index would have, and the fastest to search.
// (bleve.NewMemOnly would use upsidedown, which ignores the scoring model
// and falls back to TF-IDF.)
func newBleve(tb testing.TB, texts []string) bleve.Index {
	tb.Helper()
	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = false
	text.IncludeInAll = false
	text.IncludeTermVectors = false
	text.DocValues = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = en.AnalyzerName
	m.ScoringModel = "bm25"
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false

	ix, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	batch := ix.NewBatch()
	for i, t := range texts {
		if err := batch.Index(strconv.Itoa(i), map[string]any{"text": t}); err != nil {
			tb.Fatal(err)
		}
	}
	if err := ix.Batch(batch); err != nil {
		tb.Fatal(err)
	}
	return ix
}

// bleveRequest is the equivalent of our Parse+Search(q, 10): the question
// analysed like the field and its terms OR-ed, best ten by score. (bleve
// multiplies a disjunction's score by the fraction of terms matched, which
// plain BM25 does not; it rarely changes which passage comes first.)
func bleveRequest(q string) *bleve.SearchRequest {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	return bleve.NewSearchRequestOptions(mq, 10, 0, false)
}

func bleveTop(t *testing.T, ix bleve.Index, q string) (doc int, explanation string) {
	t.Helper()
	req := bleveRequest(q)
	req.Explain = true
	res, err := ix.Search(req)
	if err != nil {
		t.Fatalf("bleve search %q: %v", q, err)
	}
	if len(res.Hits) == 0 {
		return -1, ""
	}
	doc, err = strconv.Atoi(res.Hits[0].ID)
	if err != nil {
		t.Fatalf("bleve hit id %q: %v", res.Hits[0].ID, err)
	}
	return doc, res.Hits[0].Expl.String()
}

func oursTop(ix *search.Index, q string) int {
	hits := ix.Search(ix.Parse(q), 10)
	if len(hits) == 0 {
		return -1
	}
	return int(hits[0].Doc)
}

// TestSameTopDocument checks that the two engines see the same corpus the
// same way: a question made of words found in one passage only must bring
// that passage first in both, and bleve must be scoring with BM25.
func TestSameTopDocument(t *testing.T) {
	texts := searchtest.Corpus(300, searchtest.CorpusSeed)
	ours := search.Build(texts)
	theirs := newBleve(t, texts)

	// Document frequency by our analysis; a stem in one passage only is
	// almost surely a single term for bleve's Porter stemmer too.
	df := map[string]int{}
	for _, text := range texts {
		seen := map[string]bool{}
		search.Words(text, func(w []byte) {
			if s := search.Stem(string(w)); !search.IsStopWord(string(w)) && !seen[s] {
				seen[s] = true
				df[s]++
			}
		})
	}
	tested := 0
	for p := 0; p < len(texts) && tested < 5; p += 37 {
		var unique []string
		used := map[string]bool{}
		search.Words(texts[p], func(w []byte) {
			word := string(w)
			s := search.Stem(word)
			if len(unique) < 3 && len(word) > 3 && !search.IsStopWord(word) && df[s] == 1 && !used[s] {
				used[s] = true
				unique = append(unique, word)
			}
		})
		if len(unique) < 2 {
			continue
		}
		tested++
		q := "What about the " + strings.Join(unique, " and ") + "?"
		if got := oursTop(ours, q); got != p {
			t.Errorf("ours: top for %q = %d; want %d", q, got, p)
		}
		got, expl := bleveTop(t, theirs, q)
		if got != p {
			t.Errorf("bleve: top for %q = %d; want %d", q, got, p)
		}
		if !strings.Contains(expl, "saturation") {
			t.Errorf("bleve explanation for %q has no BM25 saturation term; scoring is not BM25:\n%s", q, expl)
		}
	}
	if tested < 3 {
		t.Fatalf("only %d passages had distinctive words; the corpus is too uniform", tested)
	}

	// Realistic questions: not a pass/fail matter (the analyzers and the
	// coordination factor differ), but worth seeing.
	agree, answered := 0, 0
	for _, q := range searchtest.Queries(searchtest.NumQueries, searchtest.QuerySeed) {
		a := oursTop(ours, q)
		b, _ := bleveTop(t, theirs, q)
		if a >= 0 || b >= 0 {
			answered++
			if a == b {
				agree++
			}
		}
	}
	t.Logf("realistic questions: same top passage for %d of %d", agree, answered)
}

// BenchmarkBuild measures building our index, and the memory it keeps. The
// goals: 100,000 passages under 3 s, index memory under 3× the corpus text.
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
