package answer

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/search"
)

// What a model writes is tidied before it is verified, and checked for its
// instructions leaking (leaks). The quotation marks and sentences of its
// prose are read by package prose.

var refRe = regexp.MustCompile(`(?i)\s*(?:\[\d+(?:\s*[,–-]\s*\d+)*\]|\((?:passages?|¶)\s*\d+(?:\s*(?:,|–|-|and|y|et)\s*\d+)*\)|¶\s*\d+)`)

// tidy removes what prose from a model must not carry: control and format
// characters, runs of white space, passage references ("[2]", "(passage 3)")
// and the @ of mentions, so a reply can never ping @everyone.
func tidy(s string) string {
	if tidyASCII(s) || tidyAlready(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError:
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if strings.ContainsAny(out, "[(¶") {
		out = refRe.ReplaceAllString(out, "")
	}
	if strings.ContainsAny(out, "@＠") {
		out = mentionRe.ReplaceAllString(out, "$1")
	}
	return strings.TrimSpace(out)
}

// tidyASCII reports text that tidy would leave as it is: printable ASCII
// with single spaces inside and none around, no brackets and no @.
func tidyASCII(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == '[' || c == '(' || c == '@' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// tidyAlready reports text in any script that tidy would leave as it is:
// no control or format characters, single spaces inside and none around,
// no other white space, no brackets and no @.
func tidyAlready(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	space := false
	for _, r := range s {
		switch {
		case r == ' ':
			if space {
				return false
			}
			space = true
			continue
		case r < ' ' || r == '[' || r == '(' || r == '@' || r == '¶' || r == '＠' || r == utf8.RuneError:
			return false
		case r >= utf8.RuneSelf && (unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r)):
			return false
		}
		space = false
	}
	return true
}

var mentionRe = regexp.MustCompile(`[@＠]+([\pL\pN])`)

// shingleSize is the run of words that, shared with a system prompt, marks
// a sentence as the prompt leaking. Six words rarely recur by chance.
const shingleSize = 6

// shingle is a run of shingleSize folded words.
type shingle [shingleSize]string

// shingles returns the runs of shingleSize folded words of s.
func shingles(s string) []shingle {
	var words []string
	search.Words(s, func(w []byte) { words = append(words, string(w)) })
	var out []shingle
	for i := 0; i+shingleSize <= len(words); i++ {
		out = append(out, shingle(words[i:i+shingleSize]))
	}
	return out
}

// leakSet holds the runs of words of the system prompts, and their words.
type leakSet struct {
	shingles map[shingle]bool
	words    map[string]bool
}

// newLeakSet gathers the shingles of texts.
func newLeakSet(texts ...string) *leakSet {
	ls := &leakSet{shingles: map[shingle]bool{}, words: map[string]bool{}}
	for _, t := range texts {
		for _, sh := range shingles(t) {
			ls.shingles[sh] = true
			for _, w := range sh {
				ls.words[w] = true
			}
		}
	}
	return ls
}

// leaks reports whether s shares a run of shingleSize words with a prompt.
// A word no prompt has ends the run, without being copied.
func leaks(s string, prompt *leakSet) bool {
	if prompt == nil {
		return false
	}
	var window shingle
	n := 0
	found := false
	search.Words(s, func(w []byte) {
		if found {
			return
		}
		if !prompt.words[string(w)] {
			n = 0
			return
		}
		copy(window[:], window[1:])
		window[shingleSize-1] = string(w)
		n++
		found = n >= shingleSize && prompt.shingles[window]
	})
	return found
}

// truncateRunes cuts s to at most n runes, at a word boundary, marking the cut.
func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := 0
	for i := range s {
		if n == 0 {
			break
		}
		n--
		cut = i
	}
	if sp := strings.LastIndexByte(s[:cut], ' '); sp > 0 {
		cut = sp
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

// collapse joins a text's words with single spaces, for display.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
