package answer

import (
	"sort"

	"iccbot/internal/knowledge"
	"iccbot/internal/search"
)

// Retrieval and coverage settings. They were tuned on the public question set
// as a whole (see testdata/eval), not on single questions.
const (
	// maxPassages bounds how many ranked passages sentences are drawn from.
	maxPassages = 4
	// passageFloor drops passages scoring below this share of the best one.
	passageFloor = 0.35
	// maxQuotes is the most sentences an answer quotes.
	maxQuotes = 3
	// minCoverage is the share of the question's weight that the chosen
	// sentences must contain for the question to count as covered.
	minCoverage = 0.5
	// minCoverageWithUnknown applies when some content word of the question
	// occurs nowhere in the knowledge: then the rest must match more fully.
	minCoverageWithUnknown = 0.6
	// extraGain is the share of the question's weight a further sentence must
	// add (words not yet covered) to be quoted too.
	extraGain = 0.12
	// maxSimilarity is the most word overlap a further sentence may have with
	// one already chosen: the briefing repeats itself, the answer should not.
	maxSimilarity = 0.6
	// typedBoost favours sentences holding the kind of fact asked for (a
	// number for "how many", a date for "when").
	typedBoost = 1.25
)

// pick is one sentence (or a run of adjacent sentences) chosen for quoting.
type pick struct {
	passage int // index into kb.Passages
	rank    int // rank of its passage in the search results
	order   int // sentence index within the passage
	span    knowledge.Span
	terms   map[int32]int
	has     uint64 // which question terms it holds
	rel     float32
	typed   bool // holds the kind of fact the question asks for
}

// evidence is what the engine learned about a question, kept for tests and
// for deciding whether it is covered.
type evidence struct {
	query    search.Query
	total    float32 // weight of all content words, unknown ones included
	covered  float32 // weight of the content words the chosen sentences hold
	picks    []pick
	coverage float32
	// expect is the kind of fact the question asks for; typed is whether a
	// chosen sentence holds one.
	expect expectation
	typed  bool
	// named is whether every name in the question appears in the passages
	// quoted from.
	named bool
}

func (e *Engine) retrieve(question string) []pick {
	ev := e.examine(question)
	if !ev.isCovered() {
		return nil
	}
	return ev.picks
}

func (ev evidence) isCovered() bool {
	if len(ev.picks) == 0 || ev.total == 0 {
		return false
	}
	if !ev.typed || !ev.named {
		return false
	}
	if len(ev.query.Unknown) > 0 {
		return ev.coverage >= minCoverageWithUnknown
	}
	return ev.coverage >= minCoverage
}

func (e *Engine) examine(question string) evidence {
	ev := evidence{query: e.ix.Parse(question), expect: expects(question)}
	q := ev.query
	if len(q.Terms) > maxTerms {
		q.Terms = q.Terms[:maxTerms] // a paste, not a question; bits below
	}
	weight := make([]float32, len(q.Terms))
	for i, t := range q.Terms {
		weight[i] = e.ix.IDF(t.ID) * t.Weight
		ev.total += weight[i]
	}
	ev.total += float32(len(q.Unknown)) * e.ix.UnknownIDF()
	hits := e.ix.Search(q, maxPassages)
	if len(hits) == 0 {
		return ev
	}
	sum := func(bits uint64) float32 {
		var w float32
		for i := range weight {
			if bits&(1<<i) != 0 {
				w += weight[i]
			}
		}
		return w
	}

	var cands []pick
	for rank, h := range hits {
		if h.Score < passageFloor*hits[0].Score {
			break
		}
		p := e.kb.Passages[h.Doc]
		for i, s := range p.Sentences {
			text := p.SentenceText(s)
			terms := e.ix.TermIDs(text)
			has := holds(q.Terms, terms)
			rel := sum(has)
			if rel == 0 {
				continue
			}
			typed := ev.expect.satisfiedBy(text)
			if typed && ev.expect != expectAnything {
				rel *= typedBoost
			}
			cands = append(cands, pick{passage: int(h.Doc), rank: rank, order: i, span: s, terms: terms, has: has, rel: rel, typed: typed})
		}
	}
	if len(cands) == 0 {
		return ev
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].rel != cands[j].rel {
			return cands[i].rel > cands[j].rel
		}
		return cands[i].rank < cands[j].rank
	})

	// The best sentence, then any that adds enough of the question's
	// weight that the chosen ones lack, most first.
	runs := e.nameChecks(question)
	pw := e.newPassageWords()
	chosen := []pick{cands[0]}
	covered := cands[0].has
	for len(chosen) < maxQuotes {
		best, bestGain := -1, float32(0)
		for i, c := range cands[1:] {
			if isChosen(chosen, c) || c.rel < 0.5*chosen[0].rel || tooSimilar(chosen, c) || !namesAnyIn(runs, c.passage, pw) {
				continue
			}
			if gain := sum(c.has &^ covered); gain >= extraGain*ev.total && gain > bestGain {
				best, bestGain = i+1, gain
			}
		}
		if best < 0 {
			break
		}
		chosen = append(chosen, cands[best])
		covered |= cands[best].has
	}
	ev.covered = sum(covered)
	for _, c := range chosen {
		ev.typed = ev.typed || c.typed
	}
	ev.coverage = ev.covered / ev.total
	ev.named = namesFound(runs, chosen, pw)

	sort.Slice(chosen, func(i, j int) bool {
		if chosen[i].passage != chosen[j].passage {
			return chosen[i].passage < chosen[j].passage
		}
		return chosen[i].order < chosen[j].order
	})
	ev.picks = mergeAdjacent(chosen)
	return ev
}

// maxTerms bounds the question terms weighed, one bit each.
const maxTerms = 64

// holds returns a bit for each question term that a sentence's terms
// contain, itself or one of its alternatives.
func holds(qterms []search.Term, terms map[int32]int) uint64 {
	var bits uint64
	for i, t := range qterms {
		if terms[t.ID] > 0 {
			bits |= 1 << i
			continue
		}
		for _, a := range t.Alts {
			if terms[a] > 0 {
				bits |= 1 << i
				break
			}
		}
	}
	return bits
}

func isChosen(chosen []pick, c pick) bool {
	for _, p := range chosen {
		if p.passage == c.passage && p.order == c.order {
			return true
		}
	}
	return false
}

// tooSimilar compares the words two sentences share (Jaccard over terms).
func tooSimilar(chosen []pick, c pick) bool {
	for _, p := range chosen {
		inter, union := 0, len(p.terms)
		for id := range c.terms {
			if _, ok := p.terms[id]; ok {
				inter++
			} else {
				union++
			}
		}
		if union > 0 && float32(inter)/float32(union) > maxSimilarity {
			return true
		}
	}
	return false
}

// mergeAdjacent joins consecutive sentences of one passage into one quote,
// which reads better and is still one verbatim span (with the space between).
func mergeAdjacent(ps []pick) []pick {
	out := ps[:0]
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].passage == p.passage && out[n-1].order+1 == p.order {
			out[n-1].span.End = p.span.End
			out[n-1].order = p.order
			continue
		}
		out = append(out, p)
	}
	return out
}

// nameRun is one name the question uses ("Dutch", "Liz Evenson"), as the
// index knows its words.
type nameRun struct {
	words   []string  // folded
	terms   [][]int32 // per word: its terms and their alternatives
	known   bool      // some word of it is in the knowledge
	topical bool      // found in most passages (the court's own names)
}

// nameChecks reads the names in a question. Word overlap alone would answer
// "Who is the Dutch prime minister?" with the sentence about Israel's; a
// name must appear, in one of its words or another form of it ("Russia",
// "Russian"), in what is quoted.
func (e *Engine) nameChecks(question string) []nameRun {
	var out []nameRun
	for _, run := range names(question) {
		nr := nameRun{}
		for _, w := range run {
			folded := search.Fold(w)
			var ids []int32
			for _, t := range e.ix.Parse(w).Terms {
				ids = append(ids, t.ID)
				ids = append(ids, t.Alts...)
				if e.ix.DF(t.ID)*2 >= e.ix.Len() {
					nr.topical = true
				}
			}
			nr.known = nr.known || len(ids) > 0
			nr.words = append(nr.words, folded)
			nr.terms = append(nr.terms, ids)
		}
		out = append(out, nr)
	}
	return out
}

// foundIn reports whether the name appears in a passage's words.
func (nr nameRun) foundIn(terms map[int32]int, words map[string]bool) bool {
	for i, w := range nr.words {
		for _, id := range nr.terms[i] {
			if terms[id] > 0 {
				return true
			}
		}
		for pw := range words {
			if search.SameName(w, pw) {
				return true
			}
		}
	}
	return false
}

// passageWords gives a passage's terms and folded words, for name checks,
// reading each passage once per question.
type passageWords struct {
	e     *Engine
	terms map[int]map[int32]int
	words map[int]map[string]bool
}

func (e *Engine) newPassageWords() *passageWords {
	return &passageWords{e: e, terms: map[int]map[int32]int{}, words: map[int]map[string]bool{}}
}

func (pw *passageWords) of(passage int) (map[int32]int, map[string]bool) {
	if t, ok := pw.terms[passage]; ok {
		return t, pw.words[passage]
	}
	text := pw.e.kb.Passages[passage].Text()
	words := map[string]bool{}
	search.Words(text, func(w []byte) { words[string(w)] = true })
	pw.terms[passage], pw.words[passage] = pw.e.ix.TermIDs(text), words
	return pw.terms[passage], words
}

// namesFound checks the names against the passages quoted from: a name the
// knowledge lacks entirely ("Who is Karim Khan?") means the question is not
// covered, and every other name must appear in some quoted passage. Names
// found in most passages (the court's own) say nothing about which passage
// is meant and are skipped.
func namesFound(runs []nameRun, chosen []pick, pw *passageWords) bool {
	for _, nr := range runs {
		if !nr.known {
			return false
		}
		if nr.topical {
			continue
		}
		found := false
		for _, c := range chosen {
			if found = nr.foundIn(pw.of(c.passage)); found {
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// namesAnyIn reports whether a passage mentions at least one of the
// question's (non-topical) names, or the question has none: a further quote
// from a passage about someone else only adds noise.
func namesAnyIn(runs []nameRun, passage int, pw *passageWords) bool {
	checked := false
	for _, nr := range runs {
		if !nr.known || nr.topical {
			continue
		}
		checked = true
		if nr.foundIn(pw.of(passage)) {
			return true
		}
	}
	return !checked
}
