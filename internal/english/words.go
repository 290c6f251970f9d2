package english

import (
	_ "embed"
	"strings"
)

// words is the union of Debian's wamerican and wbritish lists (SCOWL size
// 50; see words_copyright.txt): the knowledge and the people who ask about
// it write "cheque" and "colour" as often as "check" and "color". It is
// folded and front coded by ./internal/gen: each line is a block of sorted
// words, the first written in full and each later one as the count of
// leading letters it shares with the word before it plus the rest of its
// letters. The first letter a proper name writes out is in upper case.
// About 282 KB for 75,144 words (9,619 of them names), against 1 MB for
// the plain lists; lookups binary-search the lines directly, so there is
// nothing to build at start-up.
//
//go:embed words.txt
var words string

// maxWordLen bounds the words in the list: ./internal/gen refuses longer
// ones, so longer input needs no search.
const maxWordLen = 32

// IsWord reports whether w is a common English word: one the word list has
// in lower case, such as "recently" or "courts". Inflections count when the
// list has them, as it has most. Proper names ("paris") and words unknown to
// the list ("lukashenko") do not.
func IsWord(w string) bool {
	found, name := lookup(w)
	return found && !name
}

// IsName reports whether w is a word the list has only capitalised: a proper
// name ("paris"), an acronym ("nato"), or a word English always capitalises
// ("english", "monday", "january"). A word the list has both ways ("bill",
// "turkey") is common, not a name. The list holds well-established names
// only: a name missing from it ("lukashenko") is neither word nor name.
func IsName(w string) bool {
	found, name := lookup(w)
	return found && name
}

// lookup finds w in words, and whether the list has it only capitalised.
//
// Within a line it never rebuilds a word: it tracks m, how many leading
// letters the previous word shares with w, which is all a front-coded entry
// needs to be placed before or after w.
func lookup(w string) (found, name bool) {
	if len(w) == 0 || len(w) > maxWordLen {
		return false, false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false, false
		}
	}
	if !bloom().mayHave(w) {
		return false, false
	}
	m := 0
	for i := findLine(w); words[i] != '\n'; {
		shared := 0
		for ; words[i] <= '9'; i++ {
			shared = shared*10 + int(words[i]-'0')
		}
		isName := words[i] <= 'Z'
		switch {
		case shared > m:
			// The entry agrees with the previous word where that one was
			// before w: it is before w too.
			for i++; words[i] >= 'A'; i++ {
			}
			continue
		case shared < m:
			// The entry differs from the previous word where that one
			// agreed with w, and sorts after it: it is after w.
			return false, false
		}
		c := words[i] | 0x20 // lower case
		for c == w[m] {
			m++
			i++
			c = words[i]
			if m == len(w) {
				if c < 'A' { // the entry ended too
					return true, isName
				}
				return false, false // w is a prefix of the entry
			}
			if c < 'A' { // the entry is a prefix of w
				break
			}
		}
		if c >= 'A' && c > w[m] {
			return false, false
		}
		for ; words[i] >= 'A'; i++ {
		}
	}
	return false, false
}

// findLine returns the start of the last line of words whose first word is
// not after w (or 0). It binary-searches the newlines themselves: lo and hi
// are newline positions (-1 standing for the start) whose following lines
// are known to start not after and after w.
func findLine(w string) int {
	lo, hi := -1, len(words)-1
	for hi-lo > 1 {
		mid := lo + 1 + (hi-lo-1)/2
		k := strings.IndexByte(words[mid:hi], '\n')
		if k < 0 {
			hi = mid // no newline in [mid, hi)
			continue
		}
		k += mid
		if firstWordAfter(k+1, w) {
			hi = k
		} else {
			lo = k
		}
	}
	return lo + 1
}

// firstWordAfter reports whether the word at the start of the line at i
// sorts after w.
func firstWordAfter(i int, w string) bool {
	for j := 0; ; i, j = i+1, j+1 {
		c := words[i]
		if c < 'A' { // a digit or newline: the word ended, and is a prefix of w or w itself
			return false
		}
		c |= 0x20
		if j == len(w) {
			return true // w is a prefix of the line's word
		}
		if c != w[j] {
			return c > w[j]
		}
	}
}
