package knowledge

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Locator finds a quote that someone (a language model, say) copied from the
// knowledge, and returns the exact source span it came from. Copies differ
// from the source in harmless ways: line breaks become spaces, typographic
// quote marks become straight ones (or other languages' marks), one dash
// becomes another, "…" becomes "...", capitals change, invisible format
// characters come or go. The search forgives exactly those typographic
// differences and nothing else (no other punctuation, no spelling, no word
// order), and what it returns is always the source's own bytes, never the
// copy.
//
// A Locator is built once per Base, is immutable and is safe for concurrent
// use.
type Locator struct {
	base *Base
	norm []normText // parallel to base.Passages
	pos  map[*Passage]int
}

// normText is a passage's text normalised for search, with, for each byte of
// the normalised text, the source span of the rune it came from.
type normText struct {
	text       string
	start, end []int32
}

// Match is a located quote: a span inside one passage.
type Match struct {
	Passage *Passage
	Span
}

// Quote returns the source bytes the match covers: the text to show.
func (m Match) Quote() string { return string(m.Passage.Doc.Src[m.Start:m.End]) }

// NewLocator prepares every passage of b for quote search.
func NewLocator(b *Base) *Locator {
	l := &Locator{base: b, norm: make([]normText, len(b.Passages)), pos: make(map[*Passage]int, len(b.Passages))}
	for i, p := range b.Passages {
		l.pos[p] = i
		text, start, end := normalize(p.Doc.Src[p.Start:p.End], p.Start, true)
		l.norm[i] = normText{text: string(text), start: start, end: end}
	}
	return l
}

// Base returns the knowledge the locator searches.
func (l *Locator) Base() *Base { return l.base }

// Locate finds quote in the passages of prefer, in order, and then in every
// passage of the base, and returns the first match. If the quote is not
// found as written, it is tried without the quotation marks around it, and
// then also without a trailing . , ; : ! or ? (people end a quote where the
// source's sentence goes on). A match that starts or ends inside a word is
// widened to the whole word, so a reader never sees a cut word; the result
// is still a verbatim span.
//
// Passages in prefer that are not in the base are ignored.
func (l *Locator) Locate(quote string, prefer ...*Passage) (Match, bool) {
	// Quote marks are all '"' once normalised, so the variants can be cut
	// from one normalised key.
	norm, _, _ := normalize([]byte(quote), 0, false)
	key := string(norm)
	unquoted := strings.Trim(key, `"' `)
	for i, k := range []string{key, unquoted, strings.TrimRightFunc(unquoted, isTrailingStop)} {
		if k == "" || (i > 0 && k == key) || (i == 2 && k == unquoted) {
			continue
		}
		if m, ok := l.find(k, prefer); ok {
			return m, true
		}
	}
	return Match{}, false
}

func isTrailingStop(r rune) bool { return strings.ContainsRune(".,;:!? ", r) || unicode.IsSpace(r) }

func (l *Locator) find(key string, prefer []*Passage) (Match, bool) {
	if key == "" {
		return Match{}, false
	}
	done := make([]int, 0, len(prefer))
	for _, p := range prefer {
		if i, ok := l.pos[p]; ok && !slices.Contains(done, i) {
			if m, ok := l.findIn(i, key); ok {
				return m, true
			}
			done = append(done, i)
		}
	}
	for i := range l.norm {
		if slices.Contains(done, i) {
			continue
		}
		if m, ok := l.findIn(i, key); ok {
			return m, true
		}
	}
	return Match{}, false
}

// anchorLen is how much of a key is searched for before the rest is
// compared: strings.Index is much faster for needles of up to 64 bytes.
const anchorLen = 32

func (l *Locator) findIn(i int, key string) (Match, bool) {
	n := &l.norm[i]
	at := index(n.text, key)
	if at < 0 {
		return Match{}, false
	}
	p := l.base.Passages[i]
	s := Span{Start: int(n.start[at]), End: int(n.end[at+len(key)-1])}
	s = widenToWords(p.Doc.Src, p.Span, s)
	return Match{Passage: p, Span: s}, true
}

// index is strings.Index, searching for a long key by its start first.
func index(text, key string) int {
	if len(key) <= anchorLen {
		return strings.Index(text, key)
	}
	for from := 0; ; {
		at := strings.Index(text[from:], key[:anchorLen])
		if at < 0 {
			return -1
		}
		if strings.HasPrefix(text[from+at:], key) {
			return from + at
		}
		from += at + 1
	}
}

// widenToWords moves a span's ends outwards, within the passage, until
// neither cuts a word in two.
func widenToWords(src []byte, p, s Span) Span {
	for s.Start > p.Start {
		prev, size := utf8.DecodeLastRune(src[p.Start:s.Start])
		next, _ := utf8.DecodeRune(src[s.Start:])
		if !isWordRune(prev) || !isWordRune(next) {
			break
		}
		s.Start -= size
	}
	for s.End < p.End {
		prev, _ := utf8.DecodeLastRune(src[:s.End])
		next, size := utf8.DecodeRune(src[s.End:p.End])
		if !isWordRune(prev) || !isWordRune(next) {
			break
		}
		s.End += size
	}
	return s
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// quoteMark maps every quotation mark and apostrophe to '"', and anything
// else to 0. Single and double marks are one: a copy nested in quotation
// marks turns the source's “…” into ‘…’, and a straight ' is an apostrophe
// or a quote mark alike.
func quoteMark(r rune) rune {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»', '″', '＂', '「', '」', '『', '』', '〝', '〞',
		'\'', '‘', '’', '‚', '‛', '‹', '›', '′', '＇':
		return '"'
	}
	return 0
}

// isDash reports the hyphens, dashes and minus signs that copies swap for
// one another: a model types "-" for the source's "–", or "—" for its "-".
func isDash(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '―', '−', '﹘', '﹣', '－':
		return true
	}
	return false
}

// normalize lowers case, makes every quote mark '"', every dash a
// hyphen (a run of them one hyphen), spells an ellipsis "…" as "...",
// drops format characters (soft hyphens, zero-width spaces) and collapses
// each run of white space to one space, dropping it at either end and
// next to a dash or a quote mark, where copies add or lose it
// ("1 – 6" for "1-6", « war » for “war”). With maps, it also returns for
// each output byte the source span [start, end) (offset by base) of the
// rune or runes that produced it.
func normalize(src []byte, base int, maps bool) (out []byte, start, end []int32) {
	out = make([]byte, 0, len(src))
	if maps {
		start = make([]int32, 0, len(src))
		end = make([]int32, 0, len(src))
	}
	emit := func(b byte, from, to int) {
		out = append(out, b)
		if maps {
			start = append(start, int32(base+from))
			end = append(end, int32(base+to))
		}
	}
	// glue reports an output byte beside which white space is dropped.
	glue := func(b byte) bool { return b == '-' || b == '"' }
	spaceFrom, spaceTo := -1, -1 // a pending run of white space
	var buf [utf8.UTFMax * 2]byte
	for i := 0; i < len(src); {
		c := src[i]
		var r rune
		size := 1
		if c < utf8.RuneSelf {
			r = rune(c)
		} else {
			r, size = utf8.DecodeRune(src[i:])
		}
		from := i
		i += size
		if unicode.IsSpace(r) {
			if spaceFrom < 0 {
				spaceFrom = from
			}
			spaceTo = i
			continue
		}
		if c >= utf8.RuneSelf && unicode.Is(unicode.Cf, r) {
			continue
		}
		var b byte // the rune's one-byte form, if it has one
		switch {
		case quoteMark(r) != 0:
			b = byte(quoteMark(r))
		case isDash(r):
			b = '-'
		case c < utf8.RuneSelf:
			b = c
			if 'A' <= c && c <= 'Z' {
				b += 'a' - 'A'
			}
		}
		if spaceFrom >= 0 {
			if len(out) > 0 && !glue(out[len(out)-1]) && !glue(b) {
				emit(' ', spaceFrom, spaceTo)
			}
			spaceFrom = -1
		}
		if b == '-' && len(out) > 0 && out[len(out)-1] == '-' {
			// A run of dashes ("--" for "—") is one.
			if maps {
				end[len(end)-1] = int32(base + i)
			}
			continue
		}
		switch {
		case b != 0:
			emit(b, from, i)
		case r == '…':
			emit('.', from, i)
			emit('.', from, i)
			emit('.', from, i)
		default:
			n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
			for _, b := range buf[:n] {
				emit(b, from, i)
			}
		}
	}
	return out, start, end
}
