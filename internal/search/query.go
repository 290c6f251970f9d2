package search

// Term is one distinct content word of a question, as the index knows it.
type Term struct {
	ID int32
	// Word is the folded word that produced the term.
	Word string
	// Corrected marks a word that was not in the index and was matched to a
	// close spelling that is; it weighs less than an exact match.
	Corrected bool
	// Weight scales the term's contribution (1, or less when corrected).
	Weight float32
}

// Query is a question analysed against one index.
type Query struct {
	Terms []Term
	// Unknown holds content words found nowhere in the index, even after
	// spelling correction: strong evidence the question is about something
	// the knowledge does not cover.
	Unknown []string
}

// correctedWeight discounts a guessed spelling: it helps ranking but should
// not, on its own, make an off-topic question look covered.
const correctedWeight = 0.7

// Parse analyses a question: stop words and fillers dropped, words stemmed,
// misspellings matched to the index's vocabulary, duplicates merged.
func (ix *Index) Parse(question string) Query {
	var q Query
	seen := map[int32]bool{}
	seenUnknown := map[string]bool{}
	Words(question, func(w []byte) {
		word := string(w)
		if IsStopWord(word) {
			return
		}
		terms := ix.lookup(word)
		if len(terms) == 0 && isStopWordTypo(word) {
			return // "agianst", "thier": a slip on a word that carries no subject
		}
		if len(terms) == 0 {
			if !seenUnknown[word] {
				seenUnknown[word] = true
				q.Unknown = append(q.Unknown, word)
			}
			return
		}
		for _, t := range terms {
			if !seen[t.ID] {
				seen[t.ID] = true
				q.Terms = append(q.Terms, t)
			}
		}
	})
	return q
}

// lookup maps a question word to index terms, trying in turn: the word as
// written, its stem, an acronym of a name in the texts ("hrw"), two indexed
// words run together ("cyberattack"), a related word ("accused" →
// "alleged"), a close spelling, and another form of a name ("israel").
func (ix *Index) lookup(word string) []Term {
	if id, ok := ix.surface[word]; ok {
		return []Term{{ID: id, Word: word, Weight: 1}}
	}
	if id, ok := ix.terms[Stem(word)]; ok {
		return []Term{{ID: id, Word: word, Weight: 1}}
	}
	if ids, ok := ix.acronyms[word]; ok {
		out := make([]Term, len(ids))
		for i, id := range ids {
			out[i] = Term{ID: id, Word: word, Weight: 1}
		}
		return out
	}
	if len(word) >= 6 && isLetters(word) {
		for i := 3; i <= len(word)-3; i++ {
			a, okA := ix.surface[word[:i]]
			b, okB := ix.surface[word[i:]]
			if okA && okB {
				return []Term{{ID: a, Word: word, Weight: 1}, {ID: b, Word: word, Weight: 1}}
			}
		}
	}
	var out []Term
	for _, r := range related[word] {
		if id, ok := ix.surface[r]; ok {
			out = append(out, Term{ID: id, Word: word, Corrected: true, Weight: correctedWeight})
		}
	}
	if len(out) > 0 {
		return out
	}
	if id, ok := ix.correct(word); ok {
		return []Term{{ID: id, Word: word, Corrected: true, Weight: correctedWeight}}
	}
	if id, ok := ix.samePrefix(word); ok {
		return []Term{{ID: id, Word: word, Corrected: true, Weight: correctedWeight}}
	}
	return nil
}

// samePrefix matches another form of a name: "israel" to "israeli",
// "sudanese" to "sudan", "palestine" to "palestinian", which stemming keeps
// apart. The shared start must be at least five letters and most of the
// shorter word.
func (ix *Index) samePrefix(word string) (int32, bool) {
	if len(word) < 5 || !isLetters(word) {
		return 0, false
	}
	best, bestLen := int32(-1), 0
	for l := len(word) - 4; l <= len(word)+4; l++ {
		for _, cand := range ix.byLen[l] {
			if n := commonPrefix(word, cand); n > bestLen && SameName(word, cand) {
				best, bestLen = ix.surface[cand], n
			}
		}
	}
	return best, best >= 0
}

// SameName reports whether two folded words look like forms of one name
// ("russia", "russian"): a shared start of at least five letters that makes
// up most of the shorter word.
func SameName(a, b string) bool {
	n := commonPrefix(a, b)
	return n >= 5 && n*5 >= min(len(a), len(b))*4
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// correct finds the indexed word closest to a misspelled one: within one
// edit for words of 4–7 letters, two for longer ones; ties go to the more
// common word. Short words and numbers are never guessed at: too many
// unrelated words lie one edit apart.
func (ix *Index) correct(word string) (int32, bool) {
	n := len(word)
	if n < 4 || !isLetters(word) {
		return 0, false
	}
	maxDist := 1
	if n >= 8 {
		maxDist = 2
	}
	best, bestDist, bestDF := int32(-1), maxDist+1, -1
	for l := n - maxDist; l <= n+maxDist; l++ {
		for _, cand := range ix.byLen[l] {
			d := editDistance(word, cand, bestDist)
			if d > maxDist || d > bestDist {
				continue
			}
			id := ix.surface[cand]
			df := int(ix.postStart[id+1] - ix.postStart[id])
			if d < bestDist || df > bestDF {
				best, bestDist, bestDF = id, d, df
			}
		}
	}
	return best, best >= 0
}

// isStopWordTypo reports a word of five or more letters that becomes a stop
// word by swapping two adjacent letters, or dropping or adding one. (Not by
// replacing one: too many content words are a letter away from a stop word.)
func isStopWordTypo(w string) bool {
	if len(w) < 5 || !isLetters(w) {
		return false
	}
	b := []byte(w)
	for i := 0; i+1 < len(b); i++ {
		b[i], b[i+1] = b[i+1], b[i]
		ok := IsStopWord(string(b))
		b[i], b[i+1] = b[i+1], b[i]
		if ok {
			return true
		}
	}
	for i := range b {
		if IsStopWord(w[:i] + w[i+1:]) {
			return true
		}
		for c := byte('a'); c <= 'z'; c++ {
			if IsStopWord(w[:i] + string(c) + w[i:]) {
				return true
			}
		}
	}
	for c := byte('a'); c <= 'z'; c++ {
		if IsStopWord(w + string(c)) {
			return true
		}
	}
	return false
}

// editDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and adjacent transpositions: the typos thumbs
// make), giving up once it must exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TermIDs returns the distinct term ids of an indexed text's words (without
// spelling correction: the text is the index's own). The answer engine uses
// it to see which question terms each sentence contains.
func (ix *Index) TermIDs(text string) map[int32]int {
	out := map[int32]int{}
	Words(text, func(w []byte) {
		if id, ok := ix.surface[string(w)]; ok {
			out[id]++
		}
	})
	return out
}

// IDF returns a term's inverse document frequency.
func (ix *Index) IDF(id int32) float32 { return ix.idf[id] }

// DF returns how many texts contain a term.
func (ix *Index) DF(id int32) int { return int(ix.postStart[id+1] - ix.postStart[id]) }
