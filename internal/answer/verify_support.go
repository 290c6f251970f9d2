package answer

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/english"
	"iccbot/internal/search"
	"iccbot/internal/wordnet"
)

// A sentence of the model's own (its "answer") reaches people only when one
// of the quotes it cites supports it. "Supports" is read strictly, since a
// dropped sentence costs only the answer's first line (a fixed one takes
// its place) while a wrong one puts words in the knowledge's mouth:
//
//   - every number it states (in digits or words, "17th" and "seventeen"
//     alike) is a number of the quote, and a number in digits stands there
//     beside a word it stands beside in the quote: "from December 6 to 20"
//     does not take its 20 from "the 20-page report";
//   - every month it names is a month of the quote;
//   - every name (a capitalised word inside the sentence, an acronym, or a
//     word English does not know) is in the quote, in some form ("Russia",
//     "Russian"), and the capitalised names that are no common English
//     word come in the quote's order ("Duterte surrendered the
//     Philippines" is not "the Philippines surrendered Duterte");
//   - every negation (not, no, never, n't, without…) turns round a word
//     that a negation of the quote turns round (the next few content words
//     of its clause), and a negation of the quote is not dropped: a
//     sentence holding the words a "not" of the quote governs must negate
//     them too;
//   - every content word (not a stop word, not a word about the sources
//     such as "briefing" or "says") is a word of the quote in some form:
//     the same stem, a WordNet base, derived form or synonym either way.
//     The bar is all of them: one word the quote lacks ("abolished") is the
//     kind of claim this check is for.
//
// One quote must support the whole sentence: what two quotes say apart
// does not support a sentence that joins them ("Evenson" from one and
// "convicted" from another).

// light words may stand in a sentence of the model's without support: they
// speak of the sources, not of what the sources say.
var lightWords = map[string]bool{
	"briefing": true, "report": true, "document": true, "documents": true,
	"text": true, "source": true, "sources": true, "passage": true,
	"passages": true, "knowledge": true, "quote": true, "quotes": true,
	"says": true, "said": true, "state": true, "states": true, "stated": true,
	"mention": true, "mentions": true, "mentioned": true, "note": true,
	"notes": true, "noted": true, "write": true, "writes": true, "wrote": true,
	"written": true, "explain": true, "explains": true, "explained": true,
	"describes": true, "described": true, "according": true, "answer": true,
	"question": true,
}

// negationWords are the words that turn a statement round.
var negationWords = map[string]bool{
	"not": true, "no": true, "never": true, "without": true, "nor": true,
	"neither": true, "none": true, "nobody": true, "nothing": true,
	"nowhere": true, "cannot": true, "dont": true, "didnt": true,
	"doesnt": true, "isnt": true, "arent": true, "wasnt": true,
	"werent": true, "cant": true, "wont": true, "hasnt": true,
	"havent": true, "hadnt": true, "couldnt": true, "shouldnt": true,
	"wouldnt": true, "mustnt": true, "neednt": true,
}

// ntStems are what folding leaves before the "t" of n't: "didn't" is
// "didn", "t"; "can't" is "can", "t".
var ntStems = map[string]bool{
	"don": true, "didn": true, "doesn": true, "isn": true, "aren": true,
	"wasn": true, "weren": true, "hasn": true, "haven": true, "hadn": true,
	"couldn": true, "shouldn": true, "wouldn": true, "mustn": true,
	"can": true, "won": true, "ain": true, "shan": true, "needn": true,
	"mightn": true,
}

// amountWords name an amount but no number: they are words to cover, not
// values to compare.
var amountWords = map[string]bool{
	"dozens": true, "hundreds": true, "thousands": true, "millions": true,
	"billions": true, "trillions": true, "tens": true, "once": true,
	"twice": true, "thrice": true,
}

// governedWords is how many content words after a negation, within its
// clause, it is taken to turn round.
const governedWords = 3

// token is one word of a text: folded, and how it was written. Its stem
// and whether it is a name are found on first use (stemOf, nameOf), or, in
// the knowledge's cached facts, by analyse, which shares them read-only.
type token struct {
	word      string
	upper     bool // written with a capital first letter
	allCaps   bool // written in capitals, two letters at least (ICC, US)
	initial   bool // the first word of its sentence
	negation  bool
	content   bool // a word whose meaning a quote must hold
	numeric   bool // digits, or a word that is part of a number
	clauseEnd bool // a , ; : or full stop follows it
	stem      string
	stemDone  bool
	name      bool // see nameOf
	proper    bool // a capitalised name that is no common English word
	nameDone  bool
	// rel holds the word's WordNet relatives and their stems, made on
	// first use (relDone).
	rel     []string
	relDone bool
}

// related returns the word's WordNet base forms, derived forms and
// synonyms (and the synonyms of its base forms), each with its stem.
func (t *token) related() []string {
	if t.relDone {
		return t.rel
	}
	t.relDone = true
	add := func(xs []string) {
		for _, x := range xs {
			t.rel = append(t.rel, x, search.Stem(x))
		}
	}
	bases := wordnet.Base(t.word)
	add(bases)
	add(wordnet.Derived(t.word))
	add(wordnet.Synonyms(t.word))
	for _, b := range bases {
		add(wordnet.Synonyms(b))
	}
	return t.rel
}

// tokenize splits text into words as search.Words does, keeping for each
// how it was written.
func tokenize(text string, dst []token) []token {
	type rawTok struct{ start, end int }
	var raws []rawTok
	start := -1
	for i := 0; i < len(text); {
		c := text[i]
		size := 1
		var word bool
		if c < utf8.RuneSelf {
			word = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(text[i:])
			word = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		}
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			raws = append(raws, rawTok{start, i})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		raws = append(raws, rawTok{start, len(text)})
	}
	// Fold the whole text at once; a token of combining marks alone folds
	// to nothing, and then each token is folded by itself.
	var folded []string
	search.Words(text, func(w []byte) { folded = append(folded, string(w)) })
	if len(folded) != len(raws) {
		folded = folded[:0]
		for _, rt := range raws {
			f := ""
			search.Words(text[rt.start:rt.end], func(w []byte) { f += string(w) })
			folded = append(folded, f)
		}
	}
	for k, rt := range raws {
		raw := text[rt.start:rt.end]
		t := token{word: folded[k], initial: k == 0}
		r, _ := utf8.DecodeRuneInString(raw)
		t.upper = unicode.IsUpper(r)
		caps, letters := 0, 0
		for _, c := range raw {
			if unicode.IsLetter(c) {
				letters++
				if unicode.IsUpper(c) {
					caps++
				}
			}
		}
		t.allCaps = letters >= 2 && caps == letters
		for j := rt.end; j < len(text); j++ {
			if c := text[j]; c != ' ' {
				t.clauseEnd = strings.IndexByte(",;:.!?", c) >= 0
				break
			}
		}
		dst = append(dst, t)
	}
	for i := range dst {
		t := &dst[i]
		w := t.word
		switch {
		case negationWords[w]:
			t.negation = true
		case w == "t" && i > 0 && ntStems[dst[i-1].word]:
			t.negation = true
		}
		t.numeric = isNumeric(w)
		t.content = !t.negation && !t.numeric && !search.IsStopWord(w) && !lightWords[w] && !ntStems[w]
	}
	return dst
}

// stemOf returns the word's stem (content words and numbers only).
func (t *token) stemOf() string {
	if !t.stemDone {
		t.stemDone = true
		if t.content || t.numeric {
			t.stem = search.Stem(t.word)
		}
	}
	return t.stem
}

// nameOf reports a word that names someone or something: written with a
// capital inside the sentence, in capitals, or unknown to English.
func (t *token) nameOf() bool {
	if t.nameDone {
		return t.name
	}
	t.nameDone = true
	if !t.content {
		return false // stop words, numbers, negations, words about sources
	}
	switch {
	case t.allCaps || t.upper && !t.initial:
		t.name = true
	default:
		t.name = isLetters(t.word) && !english.IsWord(t.word) && !wordnet.Known(t.word)
	}
	t.proper = t.name && (t.upper || t.allCaps) && !english.IsWord(t.word)
	return t.name
}

// isNumeric reports a word that is, or is part of, a number: its value is
// compared, not its spelling.
func isNumeric(w string) bool {
	if w == "" {
		return false
	}
	if c := w[0]; '0' <= c && c <= '9' {
		return true
	}
	if amountWords[w] {
		return false
	}
	if english.IsNumberWord(w) {
		return true
	}
	_, ok := english.Ordinal(w)
	return ok
}

// textFacts is what a text holds, for checking sentences against it.
// (hasDigit, for numbers in digits, is in facts.go.)
type textFacts struct {
	toks   []token
	nums   []int64
	months uint16 // bit m set: month m is named
	// sets hold, for each sentence of the text, its words and their
	// stems, and the words its content words list as WordNet synonyms.
	sets []*wordSets
}

type wordSets struct {
	words    map[string]bool
	synonyms map[string]bool
}

// analyse reads a text of the knowledge (one sentence).
func analyse(text string) textFacts {
	f := textFacts{toks: tokenize(text, nil), nums: english.Numbers(text)}
	ws := &wordSets{words: map[string]bool{}, synonyms: map[string]bool{}}
	for i := range f.toks {
		t := &f.toks[i]
		t.nameOf() // found now: the facts are shared read-only
		if m, ok := monthName(t.word); ok {
			f.months |= 1 << m
		}
		ws.words[t.word] = true
		if stem := t.stemOf(); stem != "" {
			ws.words[stem] = true
		}
		if t.content {
			for _, x := range wordnet.Synonyms(t.word) {
				ws.synonyms[x] = true
			}
		}
	}
	f.sets = []*wordSets{ws}
	return f
}

// join appends g to f: the facts of a quote of several sentences.
func (f textFacts) join(g textFacts) textFacts {
	if f.toks == nil {
		return g
	}
	return textFacts{
		toks:   append(slices.Clip(f.toks), g.toks...),
		nums:   append(slices.Clip(f.nums), g.nums...),
		months: f.months | g.months,
		sets:   append(slices.Clip(f.sets), g.sets...),
	}
}

// monthName reads a folded word as a month, in full ("march", "may" and
// "june" included; the caller decides whether a capital makes it one).
func monthName(w string) (int, bool) {
	if len(w) < 3 {
		return 0, false
	}
	m, ok := english.Month(w)
	if !ok || len(w) < 5 && w != "may" && w != "june" && w != "july" {
		return 0, false // "dec", "mar": abbreviations, or other words
	}
	return m, true
}

// supported reports whether the quote with facts q supports the model's
// sentence s (tokens ts, as tokenize gave them).
func supported(s string, ts []token, q *textFacts) bool {
	content := 0
	for i := range ts {
		t := &ts[i]
		switch {
		case t.numeric:
			if hasDigit(t.word) && !q.numberInPlace(ts, i) {
				return false
			}
		case t.negation:
			if !q.negationNear(ts, i) {
				return false
			}
		case !t.content:
		case q.hasWord(t.word):
			// The quote's own word, name or not.
			content++
		case t.nameOf():
			if !q.hasName(t.word) {
				return false
			}
			content++
		default:
			if m, ok := monthName(t.word); ok && (t.upper || m != 3 && m != 5) && q.months&(1<<m) == 0 {
				return false
			}
			if !q.covers(t) {
				return false
			}
			content++
		}
	}
	if content == 0 {
		// Nothing in it to check: "Yes." or "It did." claims what no
		// quote can show.
		return false
	}
	for _, v := range english.Numbers(s) {
		if v == 1 && !hasDigitOne(ts) {
			continue // "one", "first": as often a pronoun or an order
		}
		if !slices.Contains(q.nums, v) {
			return false
		}
	}
	return q.namesInOrder(ts) && !q.negationDropped(ts)
}

func hasDigitOne(ts []token) bool {
	for _, t := range ts {
		if t.word == "1" || t.word == "1st" {
			return true
		}
	}
	return false
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// numberContext is how many words (content words and numbers) on each side
// of a number say what it counts: "December 6" is not the "6" of "20-page".
const numberContext = 3

// around returns the words around ts[at] that say what a number counts:
// up to numberContext content words or numbers on each side, stemmed.
func around(ts []token, at int) []string {
	var out []string
	for i, k := at-1, 0; i >= 0 && k < numberContext; i-- {
		if ts[i].content || ts[i].numeric {
			out = append(out, ts[i].stemOf())
			k++
		}
	}
	for i, k := at+1, 0; i < len(ts) && k < numberContext; i++ {
		if ts[i].content || ts[i].numeric {
			out = append(out, ts[i].stemOf())
			k++
		}
	}
	return out
}

// numberInPlace reports whether the number in digits ts[at] is in the
// quote with something of the same around it: "from December 6 to 20" does
// not take its 20 from "The 20-page report".
func (q *textFacts) numberInPlace(ts []token, at int) bool {
	mine := around(ts, at)
	for i := range q.toks {
		if q.toks[i].word != ts[at].word {
			continue
		}
		if len(mine) == 0 || shareAny(mine, around(q.toks, i)) {
			return true
		}
	}
	return false
}

// hasName reports a name in the quote: the same word or stem, or another
// form of the name ("Russia", "Russian").
func (q *textFacts) hasName(w string) bool {
	stem := search.Stem(w)
	if q.hasStem(w, stem) {
		return true
	}
	for i := range q.toks {
		if search.SameName(w, q.toks[i].word) {
			return true
		}
	}
	return false
}

// hasWord reports the folded word in the quote.
func (q *textFacts) hasWord(w string) bool {
	for _, ws := range q.sets {
		if ws.words[w] {
			return true
		}
	}
	return false
}

// covers reports a content word the quote holds in some form: the same
// stem, or a WordNet base form, derived form or synonym of it, or a word
// of the quote that lists it among its synonyms.
func (q *textFacts) covers(t *token) bool {
	if q.hasStem(t.word, t.stemOf()) {
		return true
	}
	for _, ws := range q.sets {
		if ws.synonyms[t.word] {
			return true
		}
	}
	for _, x := range t.related() {
		for _, ws := range q.sets {
			if ws.words[x] {
				return true
			}
		}
	}
	return false
}

func (q *textFacts) hasStem(w, stem string) bool {
	for _, ws := range q.sets {
		if ws.words[w] || stem != "" && ws.words[stem] {
			return true
		}
	}
	return false
}

// governed returns the stems of the first n content words or numbers
// after the negation ts[at], within its clause: what it turns round.
func governed(ts []token, at, n int) []string {
	var out []string
	for i := at + 1; i < len(ts) && len(out) < n; i++ {
		if ts[i].content || ts[i].numeric {
			out = append(out, ts[i].stemOf())
		}
		if ts[i].clauseEnd && len(out) > 0 {
			break
		}
	}
	return out
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// negationNear reports a negation of the quote that turns round a word
// the sentence's negation ts[at] turns round too.
func (q *textFacts) negationNear(ts []token, at int) bool {
	mine := governed(ts, at, governedWords)
	for i := range q.toks {
		if q.toks[i].negation && shareAny(mine, governed(q.toks, i, governedWords)) {
			return true
		}
	}
	return false
}

// negationDropped reports a negation of the quote whose governed words the
// sentence repeats (two of them, or all when fewer) with no negation of
// its own near them: "those who document and deliver justice" from "not
// those who document and deliver justice".
func (q *textFacts) negationDropped(ts []token) bool {
	for i := range q.toks {
		if !q.toks[i].negation {
			continue
		}
		gov := governed(q.toks, i, governedWords)
		if len(gov) == 0 {
			continue
		}
		held := 0 // governed words the sentence has
		for j := range ts {
			if t := &ts[j]; (t.content || t.numeric) && slices.Contains(gov, t.stemOf()) {
				held++
			}
		}
		if held < min(2, len(gov)) {
			continue
		}
		negated := false
		for j, t := range ts {
			if t.negation && shareAny(governed(ts, j, governedWords+1), gov) {
				negated = true
			}
		}
		if !negated {
			return true
		}
	}
	return false
}

// namesInOrder reports whether the sentence's proper names (those that
// are no common English word) come in the quote in the sentence's order.
func (q *textFacts) namesInOrder(ts []token) bool {
	pos := 0
	var seen []string
	for i := range ts {
		t := &ts[i]
		if !(t.upper || t.allCaps) || !t.nameOf() || !t.proper || slices.Contains(seen, t.word) {
			continue
		}
		if _, ok := monthName(t.word); ok {
			continue
		}
		seen = append(seen, t.word)
		found := -1
		for i := pos; i < len(q.toks); i++ {
			if w := q.toks[i].word; w == t.word || search.SameName(t.word, w) {
				found = i
				break
			}
		}
		if found < 0 {
			return false
		}
		pos = found
	}
	return true
}
