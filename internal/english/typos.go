package english

// FixFunctionWord corrects a typo of a function or question word, the small
// words a question hangs on: "waht" gives "what", "teh" "the", "becuase"
// "because". It answers only for a token that is not itself a word in the
// list (common or name), except for typoWords, and only when one typing
// slip away from a word in functionWords:
//
//   - two adjacent letters swapped ("teh", "hwo", "thier"), the only slip
//     trusted in two-letter tokens ("fo"), where any other would match
//     nearly anything;
//   - a letter missing ("wen", "wher", "becuse"), also trusted in
//     three-letter tokens;
//   - a letter wrong ("whar", "wgat") or a letter extra ("whatt", "tthe"),
//     trusted from four letters only: a shorter token one such slip from a
//     function word is as likely an acronym or name the list lacks.
//
// Tokens that Shorthand expands ("wat", "theyre") are left to it: they are
// chat spellings, not slips, and "theyre" is not "there".
//
// When a token is one slip from several function words, the kind of slip
// listed first wins, then the more frequent word (the order of
// functionWords): "wher" is "where" (a letter missing) rather than "when" (a
// letter wrong) or "her" (a letter extra), and "hwo" is "how" rather than
// "who". Ranking by frequency alone would make "wher" "when".
func FixFunctionWord(w string) (string, bool) {
	return fixAmong(w, functionWords[:], longestFunctionWord)
}

// FixAmong corrects a typo of one of words, most frequent first, under
// FixFunctionWord's rules: only a token that is not itself a listed word
// (common or name), nor chat shorthand, one trusted slip from a word of
// words. It lets a caller mend the few content words its questions hang on
// ("phone numbr" is "phone number") without reading every slip on any
// word as one of them.
func FixAmong(w string, words []string) (string, bool) {
	longest := 0
	for _, x := range words {
		longest = max(longest, len(x))
	}
	return fixAmong(w, words, longest)
}

// fixAmong is FixAmong with the length of the longest of words.
func fixAmong(w string, words []string, longest int) (string, bool) {
	if len(w) < 2 || len(w) > longest+1 {
		return "", false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return "", false
		}
	}
	if found, _ := lookup(w); found && !typoWords[w] {
		return "", false
	}
	if _, ok := shorthands[w]; ok {
		return "", false
	}
	if _, ok := contractions[w]; ok {
		return "", false
	}
	best, bestSlip := "", none
	for _, f := range words {
		s := slipBetween(w, f)
		if s < bestSlip && (len(w) >= 4 || s == swapped || len(w) == 3 && s == missing) {
			best, bestSlip = f, s
		}
	}
	return best, bestSlip != none
}

// slip is a kind of typing slip, the likelier first.
type slip uint8

const (
	swapped slip = iota // two adjacent letters swapped
	missing             // a letter left out
	wrong               // a letter replaced
	extra               // a letter added
	none                // not one slip
)

// slipBetween returns the one slip that turns want into typed, or none.
func slipBetween(typed, want string) slip {
	// Skip the common prefix and suffix; what is left tells the slip.
	i := 0
	for i < len(typed) && i < len(want) && typed[i] == want[i] {
		i++
	}
	t, w := typed[i:], want[i:]
	for len(t) > 0 && len(w) > 0 && t[len(t)-1] == w[len(w)-1] {
		t, w = t[:len(t)-1], w[:len(w)-1]
	}
	switch {
	case len(t) == 2 && len(w) == 2 && t[0] == w[1] && t[1] == w[0]:
		return swapped
	case len(t) == 0 && len(w) == 1:
		return missing
	case len(t) == 1 && len(w) == 1:
		return wrong
	case len(t) == 1 && len(w) == 0:
		return extra
	}
	return none
}

// typoWords are words in the list that are rare in English and, typed in a
// chat question, almost always a slip for a function word: "wen" (a cyst)
// for "when", "whet" for "what". FixFunctionWord treats them as typos;
// every other listed word is left alone, however close ("thy", "hwy",
// "thee", "ti"), because a wrong correction loses a word the asker meant.
var typoWords = map[string]bool{"wen": true, "whet": true}

// longestFunctionWord is the length of the longest of functionWords.
const longestFunctionWord = 8

// functionWords are the words FixFunctionWord corrects to: articles,
// pronouns, prepositions, conjunctions, auxiliaries and question words,
// most frequent first. The first part follows the order of Fry's list of
// the hundred most common words in English text (word forms, not lemmas),
// keeping its function words; the rest follow in approximate corpus
// frequency. Single letters ("a", "i") are left out: no typo of one is
// recognisable.
var functionWords = [...]string{
	// Fry's first hundred
	"the", "of", "and", "to", "in", "is", "you", "that", "it", "he",
	"was", "for", "on", "are", "as", "with", "his", "they", "at", "be",
	"this", "have", "from", "or", "had", "by", "but", "not", "what", "all",
	"were", "we", "when", "your", "can", "there", "an", "each", "which", "she",
	"do", "how", "their", "if", "will", "up", "other", "about", "out", "many",
	"then", "them", "these", "so", "some", "her", "would", "him", "into", "has",
	"more", "no", "could", "my", "than", "been", "who", "now", "down", "did",
	"may",
	// the rest
	"also", "just", "only", "any", "our", "me", "over", "after", "because", "most",
	"us", "even", "where", "why", "through", "much", "before", "should", "very", "those",
	"here", "does", "between", "both", "being", "under", "while", "again", "such", "same",
	"off", "during", "without", "against", "until", "whether", "though", "since", "own", "too",
	"must", "might", "shall", "am", "yet", "nor", "upon", "within", "among", "whose",
	"whom", "either", "neither", "although", "every",
}
