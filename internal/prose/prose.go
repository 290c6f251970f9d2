// Package prose reads running text: the runs a language model puts in
// quotation marks, of any style (" “ „ « » 「 『 ' ‘ ‚ ＂), and the sentences
// of any text. The reply parser (internal/llm) and verification
// (internal/answer) read quotations by these same rules, so that text in
// quotation marks is always taken for a quote and verified as one; the
// knowledge folder's passages, a model's prose and the adapters' message
// cuts are split into sentences by one splitter (Split).
package prose

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a quotation-marked run of a text: s[Start:End] with its
// marks, Inner without them. Closed is false for an opening mark never
// closed, which then runs to the end of the text.
type Segment struct {
	Start, End int
	Inner      string
	Closed     bool
}

// MinQuoteWords is the shortest quotation-marked run taken for a quote;
// shorter ones are words in scare quotes.
const MinQuoteWords = 3

// Quote reports a closed run long enough to be a quote (MinQuoteWords).
func (g Segment) Quote() bool { return g.Closed && WordCount(g.Inner) >= MinQuoteWords }

// closers maps each opening quotation mark to the marks that may close it.
// Models mix styles ("…” and “…"), so the double marks close one another.
var closers = map[rune]string{
	'"':  "\"”“",
	'“':  "”“\"",
	'„':  "“”\"",
	'«':  "»",
	'»':  "«",
	'「':  "」",
	'『':  "』",
	'‘':  "’",
	'‚':  "‘’",
	'\'': "'",
	'＂':  "＂",
}

// apostrophes are marks that also occur inside words (court’s, states'),
// and so open or close a quotation only at a word's edge.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == '‘' }

// Quotations finds the quotation-marked runs of s.
func Quotations(s string) []Segment {
	var out []Segment
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		cl, isOpener := closers[r]
		if r == '”' { // a closing mark with no opening one
			out = append(out, Segment{Start: i, End: len(s), Inner: s[i+size:]})
			return out
		}
		if !isOpener || (isApostrophe(r) && !opensAt(s, i, size)) {
			i += size
			continue
		}
		j := i + size
		found := false
		for j < len(s) {
			c, csize := utf8.DecodeRuneInString(s[j:])
			if strings.ContainsRune(cl, c) && (!isApostrophe(c) || closesAt(s, j, csize)) {
				out = append(out, Segment{Start: i, End: j + csize, Inner: s[i+size : j], Closed: true})
				j += csize
				found = true
				break
			}
			j += csize
		}
		if !found {
			if isApostrophe(r) {
				i += size // an apostrophe after all
				continue
			}
			out = append(out, Segment{Start: i, End: len(s), Inner: s[i+size:]})
			return out
		}
		i = j
	}
	return out
}

// opensAt: a mark at s[i:i+size] opens a quotation if no letter is before
// it and a letter or digit follows.
func opensAt(s string, i, size int) bool {
	if i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if isWord(prev) {
			return false
		}
	}
	next, _ := utf8.DecodeRuneInString(s[i+size:])
	return isWord(next)
}

// closesAt: a mark closes a quotation if no letter follows it.
func closesAt(s string, i, size int) bool {
	if i+size >= len(s) {
		return true
	}
	next, _ := utf8.DecodeRuneInString(s[i+size:])
	return !isWord(next)
}

func isWord(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// Span is a byte range of a text.
type Span struct{ Start, End int }

// Sentences splits a model's prose loosely: at . ! ? and their CJK forms
// followed by white space or the end, never inside a quotation (segs, as
// Quotations found them).
func Sentences(s string, segs []Segment) []Span {
	return Split(s, Rules{Quotes: segs})
}

// Rules say where a sentence may end.
type Rules struct {
	// Quotes are quotation-marked runs (as Quotations found them) that a
	// sentence never ends inside.
	Quotes []Segment
	// Edited is for text people wrote and checked (the knowledge folder):
	// a sentence ends only where the next starts with a capital, a digit or
	// an opening mark, and never after an abbreviation or an initial ("Dr.
	// Smith", "John F. Kennedy", "No. 5"). A model's prose is read loosely.
	Edited bool
}

// Split cuts s into its sentences, the one splitter of the project:
// knowledge passages, a model's prose and the adapters' message cuts all
// read sentences by it. Spans exclude the white space around sentences.
func Split(s string, rules Rules) []Span {
	var out []Span
	start := 0
	k := 0 // next quotation
	for i := 0; i < len(s); {
		if k < len(rules.Quotes) && i >= rules.Quotes[k].Start {
			if i == rules.Quotes[k].Start {
				i = rules.Quotes[k].End
			}
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !isStop(r) {
			continue
		}
		stop := i - size
		end := i
		for end < len(s) {
			c, n := utf8.DecodeRuneInString(s[end:])
			if !isStop(c) && !IsCloser(c) {
				break
			}
			end += n // "?!", a closing mark or bracket
		}
		next := end
		for next < len(s) && isSpaceByte(s[next]) {
			next++
		}
		if rules.Edited {
			if next == end || next >= len(s) {
				continue // no space after: 3.5, U.S., or the text's end
			}
			nr, _ := utf8.DecodeRuneInString(s[next:])
			if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || isOpener(nr)) ||
				r == '.' && isAbbreviation(s[start:stop], unicode.IsDigit(nr)) {
				continue
			}
		} else if next == end && end < len(s) && !isCJKStop(r) {
			i = end
			continue
		}
		out = appendTrimmed(out, s, start, end)
		start, i = next, next
	}
	return appendTrimmed(out, s, start, len(s))
}

// appendTrimmed appends s[a:b] without its surrounding white space, unless
// nothing is left.
func appendTrimmed(out []Span, s string, a, b int) []Span {
	for a < b && isSpaceByte(s[a]) {
		a++
	}
	for b > a && isSpaceByte(s[b-1]) {
		b--
	}
	if a < b {
		out = append(out, Span{a, b})
	}
	return out
}

func isStop(r rune) bool {
	return r == '.' || r == '!' || r == '?' || isCJKStop(r)
}

// isCJKStop: full-width stops end a sentence without a space after them.
func isCJKStop(r rune) bool { return r == '。' || r == '！' || r == '？' }

// IsCloser reports a closing quotation mark, bracket or emphasis mark,
// which may follow a sentence's stop.
func IsCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '*', '_', '」', '』':
		return true
	}
	return false
}

func isOpener(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '(', '[', '«', '*', '_':
		return true
	}
	return false
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// abbreviations end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"jr": true, "sr": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "hon": true,
	"rev": true, "revd": true, "fr": true, "cllr": true, "insp": true, "supt": true,
	"maj": true, "cpl": true, "pte": true, "cmdr": true, "adm": true, "messrs": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "cf": true, "al": true,
	"inc": true, "ltd": true, "co": true, "corp": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// numberedAbbreviations end in a full stop without ending a sentence only
// when a number follows: "No. 5", but "The answer was no. Then…".
var numberedAbbreviations = map[string]bool{
	"no": true, "nos": true, "art": true, "arts": true, "para": true, "paras": true,
	"vol": true, "p": true, "pp": true, "ch": true, "sec": true, "fig": true,
}

// isAbbreviation looks at the word just before a full stop; numberNext
// says whether a digit starts the next sentence.
func isAbbreviation(before string, numberNext bool) bool {
	j := len(before)
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(before[:j])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		j -= size
	}
	word := before[j:]
	if word == "" {
		return false
	}
	if r, n := utf8.DecodeRuneInString(word); n == len(word) && unicode.IsUpper(r) {
		return true // an initial: "John F. Kennedy"
	}
	if strings.Contains(word, ".") {
		// U.S., e.g., i.e., Ph.D: short parts. Not hrw.org.
		for _, part := range strings.Split(word, ".") {
			if utf8.RuneCountInString(part) > 2 {
				return false
			}
		}
		return true
	}
	lower := strings.ToLower(word)
	return abbreviations[lower] || (numberNext && numberedAbbreviations[lower])
}

// Overlaps reports whether sp overlaps any of segs.
func Overlaps(sp Span, segs []Segment) bool {
	for _, g := range segs {
		if g.Start < sp.End && sp.Start < g.End {
			return true
		}
	}
	return false
}

// WordCount counts the runs of letters and digits in s.
func WordCount(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') ||
			r >= utf8.RuneSelf && (isWord(r) || unicode.Is(unicode.Mn, r))
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
