// Package prose reads what a language model writes in its own words: the
// runs it puts in quotation marks, of any style (" “ „ « » 「 『 ' ‘ ‚ ＂),
// and its sentences. The reply parser (internal/llm) and verification
// (internal/answer) read quotations by these same rules, so that text in
// quotation marks is always taken for a quote and verified as one.
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

// Sentences splits s at . ! ? and their CJK forms followed by white space
// or the end, never inside a quotation (segs, as Quotations found them).
func Sentences(s string, segs []Segment) []Span {
	var out []Span
	start := 0
	k := 0 // next segment
	for i := 0; i < len(s); {
		if k < len(segs) && i == segs[k].Start {
			i = segs[k].End
			k++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if !strings.ContainsRune(".!?。！？", r) {
			continue
		}
		for i < len(s) {
			c, csize := utf8.DecodeRuneInString(s[i:])
			if !strings.ContainsRune(".!?)\"”’»", c) {
				break
			}
			i += csize // "?!", a closing bracket
		}
		if i == len(s) || s[i] == ' ' {
			if strings.TrimSpace(s[start:i]) != "" {
				out = append(out, Span{start, i})
			}
			start = i
		}
	}
	if strings.TrimSpace(s[start:]) != "" {
		out = append(out, Span{start, len(s)})
	}
	return out
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
