package llm

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
//     alike) is a number of the quote, and so is every string of digits;
//   - every month it names is a month of the quote;
//   - every name (a capitalised word inside the sentence, an acronym, or a
//     word English does not know) is in the quote, in some form ("Russia",
//     "Russian"), and names the knowledge spells as no common English word
//     come in the quote's order ("Duterte surrendered the Philippines" is
//     not "the Philippines surrendered Duterte");
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

// token is one word of a text: folded, stemmed, and how it was written.
type token struct {
	word, stem string
	upper      bool // written with a capital first letter
	allCaps    bool // written in capitals, two letters at least (ICC, US)
	initial    bool // the first word of its sentence
	negation   bool
	content    bool // a word whose meaning a quote must hold
	numeric    bool // digits, or a word that is part of a number
	clauseEnd  bool // a , ; : or full stop follows it
}

// tokenize splits text into words as search.Words does, keeping for each
// how it was written.
func tokenize(text string, dst []token) []token {
	var raw []byte
	var folded []byte
	first := true
	flush := func(end int) {
		if len(raw) == 0 {
			return
		}
		folded = folded[:0]
		search.Words(string(raw), func(w []byte) { folded = append(folded, w...) })
		t := token{word: string(folded), initial: first}
		r, _ := utf8.DecodeRune(raw)
		t.upper = unicode.IsUpper(r)
		caps, letters := 0, 0
		for _, c := range string(raw) {
			if unicode.IsLetter(c) {
				letters++
				if unicode.IsUpper(c) {
					caps++
				}
			}
		}
		t.allCaps = letters >= 2 && caps == letters
		for j := end; j < len(text); j++ {
			c := text[j]
			if c == ' ' {
				continue
			}
			t.clauseEnd = strings.IndexByte(",;:.!?", c) >= 0
			break
		}
		dst = append(dst, t)
		first = false
		raw = raw[:0]
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			raw = append(raw, text[i:i+size]...)
		} else {
			flush(i)
		}
		i += size
	}
	flush(len(text))
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
		if t.content || t.numeric {
			t.stem = search.Stem(w)
		}
	}
	return dst
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

// hasDigit reports a word with a digit in it ("2025", "20th", "g7").
func hasDigit(w string) bool { return strings.ContainsAny(w, "0123456789") }

// facts is what a cited text holds, for checking sentences against it.
type facts struct {
	toks   []token
	nums   []int64
	months uint16 // bit m set: month m is named
}

// analyse reads a text of the knowledge (one sentence).
func analyse(text string) facts {
	f := facts{toks: tokenize(text, nil), nums: english.Numbers(text)}
	for _, t := range f.toks {
		if m, ok := monthName(t.word); ok {
			f.months |= 1 << m
		}
	}
	return f
}

// join appends g to f: the facts of a quote of several sentences.
func (f facts) join(g facts) facts {
	return facts{
		toks:   append(slices.Clip(f.toks), g.toks...),
		nums:   append(slices.Clip(f.nums), g.nums...),
		months: f.months | g.months,
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
func supported(s string, ts []token, q *facts) bool {
	content := 0
	for i, t := range ts {
		switch {
		case t.numeric:
			if hasDigit(t.word) && !q.numberInPlace(ts, i) {
				return false
			}
		case t.negation:
			if !q.negationNear(ts, i) {
				return false
			}
		case isName(t):
			if !q.hasName(t.word) {
				return false
			}
			content++
		case t.content:
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

// isName reports a word that names someone or something: written with a
// capital inside the sentence, in capitals, or unknown to English.
func isName(t token) bool {
	if search.IsStopWord(t.word) || t.negation || t.numeric || lightWords[t.word] {
		return false
	}
	if t.allCaps || t.upper && !t.initial {
		return true
	}
	return isLetters(t.word) && !english.IsWord(t.word) && !wordnet.Known(t.word)
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return w != ""
}

// hasWord reports the folded word in the quote.
func (q *facts) hasWord(w string) bool {
	for i := range q.toks {
		if q.toks[i].word == w {
			return true
		}
	}
	return false
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
			out = append(out, ts[i].stem)
			k++
		}
	}
	for i, k := at+1, 0; i < len(ts) && k < numberContext; i++ {
		if ts[i].content || ts[i].numeric {
			out = append(out, ts[i].stem)
			k++
		}
	}
	return out
}

// numberInPlace reports whether the number in digits ts[at] is in the
// quote with something of the same around it: "from December 6 to 20" does
// not take its 20 from "The 20-page report".
func (q *facts) numberInPlace(ts []token, at int) bool {
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
func (q *facts) hasName(w string) bool {
	stem := search.Stem(w)
	for i := range q.toks {
		t := &q.toks[i]
		if t.word == w || t.stem != "" && t.stem == stem || search.SameName(w, t.word) {
			return true
		}
	}
	return false
}

// covers reports a content word the quote holds in some form: the same
// stem, or a WordNet base form, derived form or synonym of it, or a word
// of the quote that lists it among its synonyms.
func (q *facts) covers(t token) bool {
	if q.hasStem(t.word, t.stem) {
		return true
	}
	for _, rel := range [...]func(string) []string{wordnet.Base, wordnet.Derived, wordnet.Synonyms} {
		for _, x := range rel(t.word) {
			if q.hasStem(x, search.Stem(x)) {
				return true
			}
		}
	}
	for _, b := range wordnet.Base(t.word) {
		for _, x := range wordnet.Synonyms(b) {
			if q.hasStem(x, search.Stem(x)) {
				return true
			}
		}
	}
	for i := range q.toks {
		if c := &q.toks[i]; c.content && slices.Contains(wordnet.Synonyms(c.word), t.word) {
			return true
		}
	}
	return false
}

func (q *facts) hasStem(w, stem string) bool {
	for i := range q.toks {
		if c := &q.toks[i]; c.word == w || c.stem != "" && c.stem == stem {
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
			out = append(out, ts[i].stem)
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
func (q *facts) negationNear(ts []token, at int) bool {
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
func (q *facts) negationDropped(ts []token) bool {
	for i := range q.toks {
		if !q.toks[i].negation {
			continue
		}
		gov := governed(q.toks, i, governedWords)
		if len(gov) == 0 {
			continue
		}
		held := 0 // governed words the sentence has
		for _, t := range ts {
			if (t.content || t.numeric) && slices.Contains(gov, t.stem) {
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
func (q *facts) namesInOrder(ts []token) bool {
	pos := 0
	var seen []string
	for _, t := range ts {
		if !isName(t) || english.IsWord(t.word) || slices.Contains(seen, t.word) {
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
