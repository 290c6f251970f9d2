package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/english"
)

// connectors may stand inside a name without adding an initial:
// "Assembly of States Parties" is ASP.
var connectors = map[string]bool{"of": true, "and": true, "for": true, "the": true, "on": true, "de": true}

// findAcronyms records the initials of every run of two to six capitalised
// words ("Human Rights Watch" → "hrw", "United Nations" → "un"), so that a
// question using the short form finds the long one. Initials that are
// already words of the index ("icc") keep their own term and get the name's
// words as alternatives.
func (ix *Index) findAcronyms(text string, caps map[string]bool) {
	var run []string // capitalised words of the current name
	flush := func() {
		if len(run) < 2 { // most runs: no name, or a single capitalised word
			run = run[:0]
			return
		}
		// Leading stop words are sentence starts, not part of the name: "The
		// International Criminal Court".
		for len(run) > 0 && IsStopWord(strings.ToLower(run[0])) {
			run = run[1:]
		}
		for len(run) > 0 && connectors[run[len(run)-1]] {
			run = run[:len(run)-1]
		}
		if len(run) >= 2 && len(run) <= 8 {
			var initials strings.Builder
			var ids []int32
			for _, w := range run {
				if connectors[w] {
					continue
				}
				r, _ := utf8.DecodeRuneInString(w)
				initials.WriteRune(unicode.ToLower(r))
				if id, ok := ix.surface[Fold(w)]; ok {
					ids = append(ids, id)
				}
			}
			acr := Fold(initials.String())
			if len(acr) >= 2 && len(ids) >= 2 {
				// An acronym the texts also use ("ICC") gets its name as
				// alternatives; one they never use ("HRW") stands for it.
				m := ix.acronyms
				if _, used := ix.surface[acr]; used {
					m = ix.expansions
				}
				if _, seen := m[acr]; !seen {
					m[acr] = ids
				}
			}
		}
		run = run[:0]
	}
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsLetter(r) {
			if r != ' ' {
				flush()
			}
			i += size
			continue
		}
		j := i
		for j < len(text) {
			r2, s2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += s2
		}
		w := text[i:j]
		if n := j - i; n >= minSpelled && n <= maxSpelled && isCaps(w) {
			if f := Fold(w); !english.IsWord(f) {
				caps[f] = true // "AGM", not "FREE" written loud
			}
		}
		switch {
		case unicode.IsUpper(r):
			run = append(run, w)
		case connectors[w] && len(run) > 0:
			run = append(run, w)
		default:
			flush()
		}
		i = j
	}
	flush()
}

// minSpelled and maxSpelled bound the acronyms written in capitals
// ("AGM") that findSpelledOut looks for in lower case: two letters
// ("US", "un") would meet too many chance runs of words.
const (
	minSpelled = 3
	maxSpelled = 6
)

// isCaps reports a word of capital letters only.
func isCaps(w string) bool {
	for _, r := range w {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// findSpelledOut gives an acronym the texts write in capitals ("AGM"), and
// whose name no capitalised run spelled out, the first run of words in
// text whose initials it is, in any case: "Annual general meeting:
// Tuesday 20 May" is when the AGM is. The run's words are content words,
// with connectors between them ("freedom of information act"), within one
// clause: punctuation ends a run.
func (ix *Index) findSpelledOut(text string, wanted map[string]bool) {
	for _, clause := range strings.FieldsFunc(text, isClauseMark) {
		ix.spelledOutIn(clause, wanted)
	}
}

// isClauseMark reports the punctuation that ends a clause.
func isClauseMark(r rune) bool { return strings.ContainsRune(".,;:!?()[]|\n", r) }

// spelledOutIn is findSpelledOut within one clause.
func (ix *Index) spelledOutIn(clause string, wanted map[string]bool) {
	var words []string
	Words(clause, func(w []byte) { words = append(words, string(w)) })
	for i, w := range words {
		if IsStopWord(w) || !isLetters(w) {
			continue
		}
		var initials []byte
		var ids []int32
		for j := i; j < len(words) && len(initials) < maxSpelled; j++ {
			v := words[j]
			if connectors[v] && j > i {
				continue
			}
			if IsStopWord(v) || !isLetters(v) {
				break
			}
			initials = append(initials, v[0])
			if id, ok := ix.surface[v]; ok {
				ids = append(ids, id)
			}
			if acr := string(initials); wanted[acr] && len(ids) == len(initials) {
				ix.expansions[acr] = ids
				delete(wanted, acr)
				break
			}
		}
	}
}
