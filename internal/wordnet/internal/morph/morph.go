// Package morph holds WordNet's suffix detachment rules ("morphy"). Both the
// generator, which needs them to decide which names may drop a leading "the",
// and the lookups, which apply them at run time instead of storing every
// inflected form, must use the same table.
package morph

import "iter"

// Parts of speech as bits, so that one byte says in which a word is a lemma.
const (
	Noun uint8 = 1 << iota
	Verb
	Adj
	Adv
	// Inflected is no part of speech: it marks a lemma that is read far
	// more often as the inflection an exception list makes it ("found" as
	// the past of "find", "saw" of "see") than as itself.
	Inflected
)

// rule replaces a suffix by an ending for one part of speech.
type rule struct {
	pos            uint8
	suffix, ending string
}

// rules is WordNet 3.0's table from morphy(7WN), in its order.
var rules = [...]rule{
	{Noun, "s", ""}, {Noun, "ses", "s"}, {Noun, "xes", "x"}, {Noun, "zes", "z"},
	{Noun, "ches", "ch"}, {Noun, "shes", "sh"}, {Noun, "men", "man"}, {Noun, "ies", "y"},
	{Verb, "s", ""}, {Verb, "ies", "y"}, {Verb, "es", "e"}, {Verb, "es", ""},
	{Verb, "ed", "e"}, {Verb, "ed", ""}, {Verb, "ing", "e"}, {Verb, "ing", ""},
	{Adj, "er", ""}, {Adj, "est", ""}, {Adj, "er", "e"}, {Adj, "est", "e"},
}

// Candidates yields each form that detaching a suffix from word gives, with
// the part of speech in which that form must be a lemma for the rule to
// count. Forms may repeat ("judges" gives "judge" as noun and as verb).
//
// Like WordNet's morph.c, it leaves alone nouns of two letters or fewer and
// nouns ending in "ss", so that "boss" does not become the genus "bos".
// WordNet's special case for "-ful" nouns ("boxesful") is left out: it is too
// rare to matter to a question.
func Candidates(word string) iter.Seq2[string, uint8] {
	return func(yield func(string, uint8) bool) {
		for _, r := range rules {
			if len(word) <= len(r.suffix) || !hasSuffix(word, r.suffix) {
				continue
			}
			if r.pos == Noun && (len(word) <= 2 || hasSuffix(word, "ss")) {
				continue
			}
			if !yield(word[:len(word)-len(r.suffix)]+r.ending, r.pos) {
				return
			}
		}
	}
}

func hasSuffix(s, suffix string) bool {
	return len(s) >= len(suffix) && s[len(s)-len(suffix):] == suffix
}
