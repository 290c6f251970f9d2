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

// indexKinds numbers the kinds of every word of the index and records
// each word's.
func (e *Engine) indexKinds() {
	e.kindOf = map[string]int32{}
	e.wordKinds = map[string][]int32{}
	e.ix.EachWord(func(w string, _ int32) {
		var ks []int32
		for _, h := range wordnet.Hypernyms(w) {
			k, ok := e.kindOf[h]
			if !ok {
				k = int32(len(e.kindOf))
				e.kindOf[h] = k
			}
			if !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		if len(ks) > 0 {
			e.wordKinds[w] = ks
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

// kindsIn returns the kinds of a sentence's words as written, leaving out
// words whose term the question has (skip): its own words name no answer.
// Words, not their stems: the stemmer files "organizations" under "organ",
// a body part, and "supporters" under "support"; the kinds are the words'.
func (e *Engine) kindsIn(text string, skip []int32) []int32 {
	var out []int32
	search.Words(text, func(b []byte) {
		ks := e.wordKinds[string(b)]
		if len(ks) == 0 || (len(skip) > 0 && slices.Contains(skip, e.ix.ID(string(b)))) {
			return
		}
		for _, k := range ks {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	})
	return out
}

// kindBits returns a bit for each question word (terms, then the unknown
// words that name a kind) that a sentence does not hold itself but holds a
// kind of. kinds[i] is word i's kind id, or -1; text is the sentence, read
// only when some word needs it. The sentence's words that are the
// question's own (skip) answer those words, not another as its kind: in
// "the community fund grant the allotments got", a grant (which WordNet
// files under allotment) says nothing about the allotments.
func (e *Engine) kindBits(kinds []int32, held uint64, text string, skip []int32) uint64 {
	var bits uint64
	var in []int32
	read := false
	for i, k := range kinds {
		if k < 0 || held&(1<<i) != 0 {
			continue
		}
		if !read {
			in, read = e.kindsIn(text, skip), true
		}
		if slices.Contains(in, k) {
			bits |= 1 << i
		}
	}
	return bits
}
