// Package wordnet answers questions about general English words from
// WordNet 3.0, so that the answering engine can map the words people ask
// with onto the words a document uses: "tribunal" for "court", "accusation"
// for "accuse", "netherlands" for "rotterdam", "accuse" for "accused".
//
// Every function takes folded words: lower case ASCII letters and digits,
// as package search folds them. WordNet's lemmas with hyphens, dots or
// apostrophes are left out, and so are those of three words or more
// ("court_of_law", "head_of_state"). One exception: a name WordNet spells
// with its article is found without it ("hague" for "The Hague", "gambia"),
// unless the remaining word is a lemma or an inflection of one ("the_states"
// does not make "states" mean America).
//
// Two-word keys. The noun and verb lemmas of exactly two words, which WordNet
// joins with an underscore, are looked up as their two folded words joined
// by one space: "hand over", "step up", "look for", "war crime", "new york".
// Nothing else is a two-word key: not "hand  over" or "Hand over", not a
// hyphenated lemma ("e-mail", "cross-examine": "e mail" is unknown, though a
// question folds "e-mail" so), not an adjective or adverb alone ("at large").
// A two-word lemma that has no single-word synonym, hypernym, derived word
// or place is left out too ("steam engine", "fall asleep"). A two-word key
// is inflected on its first word when it is a verb ("handed over", "came
// back") and on its last when it is a noun ("war crimes"); see Base. Like a
// single word, a two-word lemma answers with its own lists before those of
// its bases: "looking for" is a noun ("looking"), not "look for" ("seek").
//
// Every function but Base returns single words, for two-word keys too:
// Synonyms("hand over") is "deliver", "render". Base returns two-word lemmas
// for two-word keys and single words for single words.
//
// A word that is not a lemma is first reduced to its base forms, so
// Synonyms("went") answers with those of "go". The same happens for a lemma
// with nothing of its own for the relation asked: "accused" (a defendant)
// and "judges" (the Book of Judges) have no single-word synonyms, so they
// answer with those of "accuse" and "judge".
//
// The answers are WordNet's of 2006, not checked facts: Places says Kosovo
// lies in Yugoslavia. They suit widening a search, not stating an answer.
// Callers should not look up stop words either: WordNet knows many of them
// through rare senses ("in" is Indiana, "us" the United States, "a" an
// angstrom).
//
// The data is a sorted table generated from the WordNet database and
// embedded in the binary (wordnet.dat, 4.0 MB, 1.6 MB of it for the 50,540
// two-word keys). Lookups binary-search it in place: nothing is built at
// start-up and the table never reaches the heap; looking up a lemma
// allocates only the slice it returns. WordNet 3.0 is
// Copyright 2006 by Princeton University; its licence, which every copy must
// carry, is in LICENSE-WordNet.
package wordnet

import (
	_ "embed" // for the table
	"slices"
	"strings"

	"iccbot/internal/wordnet/internal/morph"
)

//go:generate go run ./internal/gen -dict /usr/share/wordnet -out wordnet.dat

// data is the table written by internal/gen; internal/build documents its
// format. It is a string, not a []byte, so that the words handed out are
// slices of it and cost no copy.
//
//go:embed wordnet.dat
var data string

// The table's magic, as internal/build writes it; a test checks that the
// two agree.
const magic = "WN30\x04"

// The lists of a row, in the order they are stored; bit 1<<k of a row's
// lists byte says that list k is there.
const (
	listSynonyms = iota
	listDerived
	listPlaces
	listBases
	listHypernyms
	listAntonyms
)

// Known reports whether word is a WordNet lemma, or an inflection of one. A
// two-word lemma counts when the table holds it (see the package doc):
// Known("hand over") and Known("handed over") are true.
func Known(word string) bool {
	if at := find(word); at >= 0 && posOf(at) != 0 {
		return true
	}
	return len(Base(word)) > 0
}

// Lemma reports whether word is a WordNet lemma itself, not only an
// inflection of one: "parking" is (a noun), "verdicts" is not.
func Lemma(word string) bool {
	at := find(word)
	return at >= 0 && posOf(at)&(morph.Noun|morph.Verb|morph.Adj|morph.Adv) != 0
}

// Plural reports a regular plural of a noun lemma, by WordNet's suffix
// rules for nouns ("clubs", "churches", "women"); not "running", whose
// base "run" is a noun too but by a rule for verbs.
func Plural(word string) bool {
	for form, pos := range morph.Candidates(word) {
		if b := find(form); pos == morph.Noun && form != word && b >= 0 && posOf(b)&morph.Noun != 0 {
			return true
		}
	}
	return false
}

// Noun reports whether word is a noun lemma or a plural of one: "staff",
// "households", "people", "children"; not "new" or "joined". An irregular
// form counts when a base the exception lists give for it is a noun, which
// may be read from another part of speech's list ("went" → "go", a game).
func Noun(word string) bool {
	at := find(word)
	if at >= 0 && posOf(at)&morph.Noun != 0 {
		return true
	}
	for form, pos := range morph.Candidates(word) {
		if b := find(form); pos == morph.Noun && b >= 0 && posOf(b)&morph.Noun != 0 {
			return true
		}
	}
	if at < 0 {
		return false
	}
	for _, b := range appendList(nil, at, listBases, word) {
		if bt := find(b); bt >= 0 && posOf(bt)&morph.Noun != 0 {
			return true
		}
	}
	return false
}

// Irregular returns the lemma of an irregular inflection that stands for
// one lemma only, from WordNet's exception lists: "kept" → "keep", "went" →
// "go", "paid" → "pay". A participle that is an adjective too ("kept",
// "paid", "built") counts. A word that is a noun or verb of its own counts
// only when the senses of its base are tagged in WordNet's texts at least
// six times as often as all its own ("found" → "find", "saw" → "see",
// "lost" → "lose"); "left", "thought", "lay", "ground" and "wound" are left
// alone, their own senses being nearly as likely.
// A stemmer cannot see these; an index can file them under their lemma, so
// that "founded" no longer meets "builders found asbestos".
func Irregular(word string) (string, bool) {
	at := find(word)
	if at < 0 {
		return "", false
	}
	if pos := posOf(at); pos&(morph.Noun|morph.Verb) != 0 && pos&morph.Inflected == 0 {
		return "", false
	}
	bases := appendList(nil, at, listBases, word)
	if len(bases) != 1 || strings.IndexByte(bases[0], ' ') >= 0 {
		return "", false
	}
	return bases[0], true
}

// Base returns the lemmas that word may be an inflected form of ("accused" →
// "accuse", "countries" → "country", "went" → "go"), from WordNet's exception
// lists and its suffix rules, each counted only if the result is a lemma of
// the rule's part of speech. Word itself is never among them, even when it
// is a lemma too; nil when there are none.
//
// A two-word key is inflected on its first word when it is a verb ("handed
// over", "stepping up", "came back" → "come back") and on its last when it is
// a noun ("war crimes" → "war crime"), by the same lists and rules applied to
// that word; the exception lists' own two-word forms count too ("courts
// martial" → "court martial").
func Base(word string) []string {
	var out []string
	at := find(word)
	if at >= 0 {
		out = appendList(out, at, listBases, word)
	}
	if first, last, ok := strings.Cut(word, " "); ok {
		if first == "" || last == "" || strings.IndexByte(last, ' ') >= 0 {
			return out
		}
		out = appendPairBases(out, first, last, morph.Verb, true)
		return appendPairBases(out, first, last, morph.Noun, false)
	}
	for form, pos := range morph.Candidates(word) {
		if b := find(form); b >= 0 && posOf(b)&pos != 0 {
			out = appendWord(out, wordAt(b), word)
		}
	}
	return out
}

// appendPairBases appends to out the two-word lemmas of part of speech pos
// that "first last" is an inflection of, where the first word (or, unless
// onFirst, the last) is inflected: by the exception lists, then the rules.
func appendPairBases(out []string, first, last string, pos uint8, onFirst bool) []string {
	w := last
	if onFirst {
		w = first
	}
	try := func(out []string, base string) []string {
		if base == w {
			return out
		}
		a, b := base, last
		if !onFirst {
			a, b = first, base
		}
		if at := findPair(a, b); at >= 0 && posOf(at)&pos != 0 {
			out = appendWord(out, wordAt(at), "")
		}
		return out
	}
	if at := find(w); at >= 0 && lists(at)&(1<<listBases) != 0 {
		p, n := list(at, listBases)
		for ; n > 0; n-- {
			var i int
			i, p = uvarint(p)
			out = try(out, wordAt(row(i)))
		}
	}
	for form, p := range morph.Candidates(w) {
		if p == pos {
			out = try(out, form)
		}
	}
	return out
}

// Synonyms returns the other single-word lemmas of the synsets of word's
// common senses, most frequent sense first, at most 12. A common sense is
// among the first three of its part of speech and tagged at least a quarter
// as often as the word's most frequent sense, so "court" gives "tribunal"
// and "judicature" but not "woo".
func Synonyms(word string) []string { return related(word, listSynonyms) }

// Derived returns word's derivationally related forms ("accuse" →
// "accusation", "accuser") and pertainyms in both directions ("russian" ↔
// "russia", "dutch" ↔ "netherlands", "quickly" ↔ "quick"), at most 12.
func Derived(word string) []string { return related(word, listDerived) }

// Hypernyms returns the single-word lemmas of the more general synsets that
// word's common noun and verb senses are a kind of, or for a name an
// instance of: the parents first, then the grandparents, at most 12.
// "boss" gives "supervisor" and "employer", then "superior" and "leader";
// "lisbon" gives "port", then "capital" and "city". A level whose lemmas are
// all multiword still counts as one: "green" is a chromatic_color, which is
// a "color". Common senses are chosen as for Synonyms, but among the noun
// and verb senses alone, so that "green", mostly an adjective, keeps the
// colour. Adjectives and adverbs have none.
func Hypernyms(word string) []string { return related(word, listHypernyms) }

// Near returns the words WordNet puts nearest to word: the synonyms of its
// common senses, its derived forms and its first hypernym ("chief" →
// "head", "subsidy" → "grant"). A lemma answers with its own lists only,
// even when they are empty: "parking", a noun, is not read as the verb
// "park" and its synonyms ("green", "commons"). A word that is no lemma
// answers with its base forms' ("ngos" → "organization").
func Near(word string) []string {
	at := find(word)
	if at < 0 || posOf(at) == 0 {
		var out []string
		for _, b := range Base(word) {
			for _, w := range Near(b) {
				out = appendWord(out, w, word)
			}
		}
		return out
	}
	out := appendList(nil, at, listSynonyms, word)
	out = appendList(out, at, listDerived, word)
	if h := appendList(nil, at, listHypernyms, word); len(h) > 0 {
		out = appendWord(out, h[0], word)
	}
	return out
}

// Antonyms returns the words WordNet opposes to word in its common senses
// ("open" → "closed", "eligible" → "ineligible"), or to its base forms: a
// question that says "not open" asks after what a sentence says is closed.
func Antonyms(word string) []string { return related(word, listAntonyms) }

// Places returns the names of the country or countries that the place word
// names lies in ("lisbon" → "portugal", "edinburgh" → "scotland", "uk",
// "britain"), or nil when word names no place inside a country.
func Places(word string) []string { return related(word, listPlaces) }

// maxRelated bounds a list gathered from several base forms, as the
// generator bounds each stored list.
const maxRelated = 12

// related returns list k of word's row, or, when word is no lemma or its
// list is empty, the lists of its base forms merged.
func related(word string, k int) []string {
	at := find(word)
	if at >= 0 && posOf(at) != 0 {
		if out := appendList(nil, at, k, word); len(out) > 0 {
			return out
		}
	}
	var out []string
	for _, b := range Base(word) {
		out = appendList(out, find(b), k, word)
	}
	if len(out) > maxRelated {
		out = out[:maxRelated:maxRelated]
	}
	return out
}

// find returns the offset of word's row in data, or -1.
func find(word string) int {
	if word == "" || len(word) > 255 {
		return -1
	}
	lo, hi := 0, int(u32(len(magic)))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		at := row(m)
		switch c := strings.Compare(wordAt(at), word); {
		case c < 0:
			lo = m + 1
		case c > 0:
			hi = m
		default:
			return at
		}
	}
	return -1
}

// findPair returns the offset of the row of the key a+" "+b, or -1, without
// building the key.
func findPair(a, b string) int {
	if a == "" || b == "" || len(a)+1+len(b) > 255 {
		return -1
	}
	lo, hi := 0, int(u32(len(magic)))
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		at := row(m)
		switch c := comparePair(wordAt(at), a, b); {
		case c < 0:
			lo = m + 1
		case c > 0:
			hi = m
		default:
			return at
		}
	}
	return -1
}

// comparePair compares w with a+" "+b as strings.Compare would.
func comparePair(w, a, b string) int {
	if len(w) <= len(a) {
		if c := strings.Compare(w, a[:len(w)]); c != 0 {
			return c
		}
		return -1 // w is a prefix of a, so shorter than a+" "+b
	}
	if c := strings.Compare(w[:len(a)], a); c != 0 {
		return c
	}
	if w[len(a)] != ' ' {
		return int(w[len(a)]) - ' '
	}
	return strings.Compare(w[len(a)+1:], b)
}

// row returns the offset of row i.
func row(i int) int { return int(u32(len(magic) + 4 + 4*i)) }

func u32(at int) uint32 {
	return uint32(data[at]) | uint32(data[at+1])<<8 | uint32(data[at+2])<<16 | uint32(data[at+3])<<24
}

// wordAt returns the word of the row at offset at.
func wordAt(at int) string { return data[at+1 : at+1+int(data[at])] }

// posOf returns the parts of speech (morph.Noun…) of the row at offset at,
// none for an inflected form that is no lemma.
func posOf(at int) uint8 { return data[at+1+int(data[at])] }

// lists returns the byte that says which lists the row at offset at has.
func lists(at int) byte { return data[at+2+int(data[at])] }

// appendList appends the words of list k of the row at offset at to out,
// skipping self and words already there.
func appendList(out []string, at, k int, self string) []string {
	if lists(at)&(1<<k) == 0 {
		return out
	}
	p, n := list(at, k)
	if out == nil {
		out = make([]string, 0, n)
	}
	for ; n > 0; n-- {
		var i int
		i, p = uvarint(p)
		out = appendWord(out, wordAt(row(i)), self)
	}
	return out
}

// list returns where the row numbers of list k of the row at offset at start
// and how many there are; the row must have list k.
func list(at, k int) (p, n int) {
	f := lists(at)
	p = at + 3 + int(data[at])
	for j := range k { // skip the lists stored before list k
		if f&(1<<j) != 0 {
			n := int(data[p])
			for p++; n > 0; n-- {
				_, p = uvarint(p)
			}
		}
	}
	return p + 1, int(data[p])
}

func appendWord(out []string, w, self string) []string {
	if w == self || slices.Contains(out, w) {
		return out
	}
	return append(out, w)
}

// uvarint decodes the uvarint at p, returning it and the offset after it.
func uvarint(p int) (int, int) {
	x, shift := 0, 0
	for {
		b := data[p]
		p++
		x |= int(b&0x7f) << shift
		if b < 0x80 {
			return x, p
		}
		shift += 7
	}
}
