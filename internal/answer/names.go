package answer

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/search"
)

// names returns the runs of capitalised words in a question ("Dutch",
// "United States"), which name the people, places and bodies it is about.
// The first word of each sentence is left out (it is capitalised anyway)
// unless the question is only a word or two.
func names(question string) [][]string {
	var runs [][]string
	var run []string
	flush := func() {
		if len(run) > 0 {
			runs = append(runs, run)
			run = nil
		}
	}
	short := len(strings.Fields(question)) <= 2
	sentenceStart := true
	for i := 0; i < len(question); {
		r, size := utf8.DecodeRuneInString(question[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			switch {
			case r == '.' || r == '?' || r == '!' || r == ':':
				sentenceStart = true
				flush()
			case r == '\'' || r == '’':
				// Israel's: the possessive ends the run but not the sentence.
			case !unicode.IsSpace(r):
				flush()
			}
			i += size
			continue
		}
		j := i
		for j < len(question) {
			r2, s2 := utf8.DecodeRuneInString(question[j:])
			if !unicode.IsLetter(r2) && !unicode.IsDigit(r2) {
				break
			}
			j += s2
		}
		word := question[i:j]
		first := sentenceStart
		sentenceStart = false
		i = j
		if unicode.IsUpper(r) && (!first || short) && !search.IsStopWord(strings.ToLower(word)) {
			run = append(run, word)
			continue
		}
		if len(run) > 0 && connectors[strings.ToLower(word)] {
			continue // "Assembly of States Parties"
		}
		flush()
	}
	flush()
	return runs
}

var connectors = map[string]bool{"of": true, "and": true, "for": true, "the": true, "de": true}
