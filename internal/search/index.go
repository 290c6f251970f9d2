package search

import (
	"math"

	"iccbot/internal/english"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
)

// BM25 parameters: the usual defaults, which suit paragraph-sized documents.
const (
	k1 = 1.2
	b  = 0.75
)

// Index is an immutable BM25 index over numbered texts (passages). It is safe
// for concurrent use. Postings are stored flat (one array for all terms,
// CSR-style) to keep the index small and the scans cache-friendly.
type Index struct {
	n       int
	terms   map[string]int32 // stem → term id
	surface map[string]int32 // folded word as written → term id
	sorted  []string         // its letters-only words in order, for prefix look-ups
	// deletes maps each string made by dropping one letter from an a–z
	// word to the words' positions in sorted, for spelling correction.
	deletes map[string][]int32
	// acronyms maps the initials of capitalised names in the texts ("hrw"
	// for Human Rights Watch) to the names' terms.
	acronyms map[string][]int32
	// expansions maps initials that are also words of the texts ("icc") to
	// the terms of the name they abbreviate.
	expansions map[string][]int32
	// aliases maps words the documents' editors listed (front matter) to
	// the terms of the words they stand for.
	aliases map[string][]int32

	postStart []int32 // postings of term t: [postStart[t], postStart[t+1])
	postDoc   []int32
	// postImpact is each posting's BM25 term-frequency factor,
	// tf·(k1+1)/(tf + k1·(1−b+b·len/avgLen)), computed once at build so a
	// query only multiplies by the term's weight and adds.
	postImpact []float32
	idf        []float32

	scratch sync.Pool

	// resolvedWords remembers how words the index lacks were resolved
	// (word → resolved), at most maxResolved of them.
	resolvedWords sync.Map
	resolvedCount atomic.Int32
	// altWords remembers the alternatives of words (alternatives), as
	// many as resolvedWords.
	altWords sync.Map
	altCount atomic.Int32

	// synOf maps a word to the index words that list it among their
	// WordNet synonyms (see synonymOf), built once, on first use.
	synOnce sync.Once
	synOf   map[string][]int32
}

type scratch struct {
	scores  []float32
	touched []int32
}

// Build indexes texts; text i is found as Hit.Doc == i.
func Build(texts []string) *Index { return BuildWithVocabulary(texts, nil) }

// BuildWithVocabulary is Build that also knows the words of vocab (titles
// and headings, say) as terms, though no text is found by them: a question
// naming a document by its title's word ("what surplus are the players
// reporting?", where only the title says "Players") then asks after that
// word, which its sentences hold through their title, rather than after a
// guess at it. Such a term weighs as one word found in a single text.
func BuildWithVocabulary(texts, vocab []string) *Index {
	ix := &Index{
		n:       len(texts),
		terms:   map[string]int32{},
		surface: map[string]int32{},
	}
	var (
		perTerm [][]posting
		lens    = make([]int, len(texts))
		tf      []uint16            // per term id: count in the current text
		inDoc   []int32             // term ids of the current text
		stops   = map[string]bool{} // stop words seen: checked without allocating
		total   int
	)
	var nums []int64
	for doc, text := range texts {
		inDoc = inDoc[:0]
		add := func(w []byte) {
			id, ok := ix.surface[string(w)]
			if !ok {
				if stops[string(w)] {
					return
				}
				word := string(w)
				if IsStopWord(word) {
					stops[word] = true
					return
				}
				stem := termKey(word)
				id, ok = ix.terms[stem]
				if !ok {
					id = int32(len(perTerm))
					ix.terms[stem] = id
					perTerm = append(perTerm, nil)
					tf = append(tf, 0)
				}
				ix.surface[word] = id
			}
			lens[doc]++
			if tf[id] == 0 {
				inDoc = append(inDoc, id)
			}
			if tf[id] < math.MaxUint16 {
				tf[id]++
			}
		}
		Words(text, add)
		nums = english.AppendNumbers(nums[:0], text)
		for _, v := range nums {
			if numberTerm(v) {
				add([]byte(numberKey(v)))
			}
		}
		for _, a := range english.Amounts(text) {
			add([]byte(AmountKey(a.Minor)))
		}
		total += lens[doc]
		for _, id := range inDoc {
			perTerm[id] = append(perTerm[id], posting{int32(doc), tf[id]})
			tf[id] = 0
		}
	}
	for _, text := range vocab {
		Words(text, func(w []byte) {
			word := string(w)
			if _, ok := ix.surface[word]; ok || IsStopWord(word) || !isLetters(word) {
				return
			}
			stem := termKey(word)
			id, ok := ix.terms[stem]
			if !ok {
				id = int32(len(perTerm))
				ix.terms[stem] = id
				perTerm = append(perTerm, nil)
			}
			ix.surface[word] = id
		})
	}

	avg := 1.0
	if ix.n > 0 && total > 0 {
		avg = float64(total) / float64(ix.n)
	}
	norm := make([]float64, ix.n) // per text: k1 * (1 - b + b*len/avgLen)
	for i, l := range lens {
		norm[i] = k1 * (1 - b + b*float64(l)/avg)
	}

	ix.postStart = make([]int32, len(perTerm)+1)
	count := 0
	for t, ps := range perTerm {
		ix.postStart[t] = int32(count)
		count += len(ps)
	}
	ix.postStart[len(perTerm)] = int32(count)
	ix.postDoc = make([]int32, 0, count)
	ix.postImpact = make([]float32, 0, count)
	ix.idf = make([]float32, len(perTerm))
	for t, ps := range perTerm {
		// Texts are indexed in order, so each list is already in doc order.
		for _, p := range ps {
			tf := float64(p.tf)
			ix.postDoc = append(ix.postDoc, p.doc)
			ix.postImpact = append(ix.postImpact, float32(tf*(k1+1)/(tf+norm[p.doc])))
		}
		ix.idf[t] = idf(ix.n, max(len(ps), 1)) // a vocabulary word as in one text
		perTerm[t] = nil
	}

	for w := range ix.surface {
		if isLetters(w) {
			ix.sorted = append(ix.sorted, w)
		}
	}
	sort.Strings(ix.sorted)
	ix.deletes = map[string][]int32{}
	for pos, w := range ix.sorted {
		if len(w) < 4 || len(w) > maxCorrectLen+1 || !isASCII(w) {
			continue
		}
		for i := range len(w) {
			d := w[:i] + w[i+1:]
			if ps := ix.deletes[d]; len(ps) == 0 || ps[len(ps)-1] != int32(pos) { // "aab" drops to "ab" twice
				ix.deletes[d] = append(ps, int32(pos))
			}
		}
	}
	ix.acronyms = map[string][]int32{}
	ix.expansions = map[string][]int32{}
	caps := map[string]bool{}
	for _, text := range texts {
		ix.findAcronyms(text, caps)
	}
	for acr := range caps {
		_, named := ix.expansions[acr]
		if _, ok := ix.acronyms[acr]; ok || named || len(acr) < minSpelled {
			delete(caps, acr)
		}
	}
	for _, text := range texts {
		if len(caps) == 0 {
			break
		}
		ix.findSpelledOut(text, caps)
	}
	ix.scratch.New = func() any {
		return &scratch{scores: make([]float32, ix.n)}
	}
	return ix
}

// AddAliases records words that stand for other words of the texts, as
// documents' editors list them ("manila" → "philippines"): a question word
// that is an alias matches the words it stands for. Call it before the
// index is shared; words are folded, and targets the texts lack are ignored.
func (ix *Index) AddAliases(aliases map[string][]string) {
	for word, targets := range aliases {
		key := Fold(word)
		for _, t := range targets {
			Words(t, func(w []byte) {
				id, ok := ix.surface[string(w)]
				if !ok {
					return
				}
				if ix.aliases == nil {
					ix.aliases = map[string][]int32{}
				}
				if !slices.Contains(ix.aliases[key], id) {
					ix.aliases[key] = append(ix.aliases[key], id)
				}
			})
		}
	}
}

type posting struct {
	doc int32
	tf  uint16
}

func idf(n, df int) float32 {
	return float32(math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5)))
}

// altWeight discounts a term's alternatives in ranking: a text that says
// "Russian" matches a question about "Russia", a little less well.
const altWeight = 0.5

// Len is the number of texts indexed.
func (ix *Index) Len() int { return ix.n }

// UnknownIDF is the weight of a word that occurs nowhere in the index: as
// rare as the rarest word it holds. (Rarer still would let one paraphrase
// word sink an answerable question.)
func (ix *Index) UnknownIDF() float32 { return idf(ix.n, 1) }

// Hit is one ranked text.
type Hit struct {
	Doc   int32
	Score float32
}

// Search returns the k best texts for q, best first. Texts that share no term
// with q are never returned.
func (ix *Index) Search(q Query, k int) []Hit {
	if k <= 0 || len(q.Terms) == 0 || ix.n == 0 {
		return nil
	}
	s := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(s)
	scores, touched := s.scores, s.touched[:0]
	score := func(id int32, weight float32) {
		w := ix.idf[id] * weight
		lo, hi := ix.postStart[id], ix.postStart[id+1]
		docs, impacts := ix.postDoc[lo:hi], ix.postImpact[lo:hi]
		for i, d := range docs {
			if scores[d] == 0 {
				touched = append(touched, d)
			}
			scores[d] += w * impacts[i]
		}
	}
	for _, t := range q.Terms {
		score(t.ID, t.Weight)
		for _, a := range t.Alts {
			score(a, t.Weight*altWeight)
		}
	}
	hits := topK(scores, touched, k)
	for _, d := range touched {
		scores[d] = 0
	}
	s.touched = touched
	return hits
}

// topK keeps a min-heap of the k best; ties go to the earlier text so results
// are deterministic.
func topK(scores []float32, touched []int32, k int) []Hit {
	h := make([]Hit, 0, min(k, len(touched)))
	less := func(a, b Hit) bool { // a ranks below b
		return a.Score < b.Score || (a.Score == b.Score && a.Doc > b.Doc)
	}
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			m := l
			if r := l + 1; r < len(h) && less(h[r], h[l]) {
				m = r
			}
			if !less(h[m], h[i]) {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, d := range touched {
		hit := Hit{d, scores[d]}
		if len(h) < k {
			h = append(h, hit)
			for i := len(h) - 1; i > 0; {
				p := (i - 1) / 2
				if !less(h[i], h[p]) {
					break
				}
				h[i], h[p] = h[p], h[i]
				i = p
			}
			continue
		}
		if less(h[0], hit) {
			h[0] = hit
			down(0)
		}
	}
	slices.SortFunc(h, func(a, b Hit) int {
		switch {
		case less(b, a):
			return -1
		case less(a, b):
			return 1
		}
		return 0
	})
	return h
}
