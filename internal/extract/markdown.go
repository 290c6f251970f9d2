package extract

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// blockWriter builds the Markdown body that HTML and DOCX produce: one line
// per block (heading, paragraph, list item, table row), blocks separated by
// blank lines. One line per block matters to package knowledge: a passage
// ends at a blank line, so a block never runs into the next, and a quote is
// an exact span of a single line.
//
// It stops taking blocks once the text passes max, so a hostile file costs
// at most max bytes of output; err then wraps ErrTooLarge.
type blockWriter struct {
	b   strings.Builder
	max int64
	err error
}

func newBlockWriter(max int64) *blockWriter { return &blockWriter{max: max} }

// heading writes text as a level-n heading ("## text"), n clamped to 1..6.
func (w *blockWriter) heading(n int, text string) {
	n = min(max(n, 1), 6)
	w.block(strings.Repeat("#", n)+" ", text)
}

// paragraph writes text as a paragraph.
func (w *blockWriter) paragraph(text string) { w.block("", text) }

// item writes a list item; marker is "-" or an ordinal such as "3.".
func (w *blockWriter) item(marker, text string) { w.block(marker+" ", text) }

// block writes prefix+text as one line, unless text is empty once cleaned.
func (w *blockWriter) block(prefix, text string) {
	if w.err != nil {
		return
	}
	t := blockText(text)
	if t == "" {
		return
	}
	if w.b.Len() > 0 {
		w.b.WriteString("\n\n")
	}
	w.b.WriteString(prefix)
	w.b.WriteString(t)
	if n := int64(w.b.Len()); n > w.max {
		w.err = fmt.Errorf("extracted text passes %d bytes: %w", w.max, ErrTooLarge)
	}
}

// full reports whether the writer has stopped taking blocks, so walkers can
// stop early instead of reading the rest of a huge file.
func (w *blockWriter) full() bool { return w.err != nil }

// markdown returns the body, ending in a newline ("" when it has no block).
func (w *blockWriter) markdown() (string, error) {
	if w.err != nil {
		return "", w.err
	}
	if w.b.Len() == 0 {
		return "", nil
	}
	return w.b.String() + "\n", nil
}

// blockText turns the text of one block into the single line Markdown keeps:
// every run of white space (newlines, tabs, no-break spaces) becomes one
// space; control characters go; zero-width characters, soft hyphens and
// direction marks go too, since they are invisibleRune on the page and would
// otherwise sit inside words people search for; the result is NFC, so "é"
// typed as e + combining accent matches the "é" of a question.
func blockText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r) || invisibleRune(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return norm.NFC.String(b.String())
}

// invisibleRune reports format characters that take no room on the page.
func invisibleRune(r rune) bool {
	switch {
	case r == '\u00ad', // soft hyphen
		r >= '\u200b' && r <= '\u200f', // zero-width space, (non-)joiner, direction marks
		r >= '\u202a' && r <= '\u202e', // bidirectional embeddings
		r >= '\u2060' && r <= '\u2064', // word joiner, invisibleRune operators
		r >= '\u2066' && r <= '\u2069', // bidirectional isolates
		r == '\ufeff':                  // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// blockLimit is lim.MaxText, or DefaultLimits.MaxText when the caller left
// it zero, so a zero Limits is safe rather than unlimited.
func blockLimit(lim Limits) int64 {
	if lim.MaxText > 0 {
		return lim.MaxText
	}
	return DefaultLimits.MaxText
}
