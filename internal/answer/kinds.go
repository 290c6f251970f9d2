package answer

import (
	"slices"

	"iccbot/internal/search"
	"iccbot/internal/wordnet"
)

// Kinds let a question word be answered by a word that names a kind of it:
// "What colour is the role?" by "green", "Which countries…?" by "Russia",
// "the militia boss" by "leader". A word's kinds are its WordNet hypernyms,
// two levels up; each distinct one gets a kind id.

// indexKinds records the kinds of every word of the index.
func (e *Engine) indexKinds() {
	e.kindOf = map[string]int32{}
	e.termKinds = make([][]int32, e.ix.NumTerms())
	e.ix.EachWord(func(w string, id int32) {
		for _, h := range wordnet.Hypernyms(w) {
			k, ok := e.kindOf[h]
			if !ok {
				k = int32(len(e.kindOf))
				e.kindOf[h] = k
			}
			if !slices.Contains(e.termKinds[id], k) {
				e.termKinds[id] = append(e.termKinds[id], k)
			}
		}
	})
}

// kindOfWord is the kind id a question word names, or -1: the word itself
// or its base form ("countries" → "country").
func (e *Engine) kindOfWord(w string) int32 {
	if k, ok := e.kindOf[w]; ok {
		return k
	}
	for _, b := range wordnet.Base(w) {
		if k, ok := e.kindOf[b]; ok {
			return k
		}
	}
	return -1
}

// holdsKind reports whether a sentence (its sorted term ids) has a word of
// kind k.
func (e *Engine) holdsKind(k int32, set []int32) bool {
	for _, id := range set {
		if slices.Contains(e.termKinds[id], k) {
			return true
		}
	}
	return false
}

// kindBits returns a bit for each question word (terms, then the unknown
// words that name a kind) that a sentence does not hold itself but holds a
// kind of. kinds[i] is word i's kind id, or -1.
func (e *Engine) kindBits(qterms []search.Term, kinds []int32, held uint64, set []int32) uint64 {
	var bits uint64
	for i, k := range kinds {
		if k < 0 || held&(1<<i) != 0 {
			continue
		}
		if e.holdsKind(k, set) {
			bits |= 1 << i
		}
	}
	return bits
}
