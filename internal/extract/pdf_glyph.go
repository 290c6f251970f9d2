package extract

import (
	"context"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
)

// pdfGlyph is one character the page shows, where it shows it.
type pdfGlyph struct {
	s    string  // the text, one character (or a folded ligature's letters)
	x, y float64 // the start of its baseline, in points from the bottom left
	w    float64 // its advance
	size float64 // its font size in points
	bold bool
}

// pdfPageGlyphs reads one page's glyphs, after pdfPreread has bounded what
// the library will decode for it.
func pdfPageGlyphs(ctx context.Context, page pdf.Value, budget *int64) (glyphs []pdfGlyph, err error) {
	defer func() {
		if r := recover(); r != nil {
			glyphs, err = nil, pdfPanicError(ctx, r)
		}
	}()
	p := pdf.Page{V: page}
	if err := pdfPreread(ctx, p, budget); err != nil {
		return nil, err
	}
	raw, err := pdfInterpret(ctx, p, budget)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // the reads failed, and the page is not whole
	}
	return pdfCleanGlyphs(raw), nil
}

// pdfCleanGlyphs keeps the glyphs that are text, cleaned by pdfCleanGlyph,
// and drops those of absurd sizes.
func pdfCleanGlyphs(raw []pdfGlyph) []pdfGlyph {
	out := raw[:0]
	for _, g := range raw {
		if g.size < 1 || g.size > 500 {
			continue
		}
		if g.s = pdfCleanGlyph(g.s); g.s != "" {
			out = append(out, g)
		}
	}
	return out
}

// pdfIsBold reports whether a font's name says it is bold.
func pdfIsBold(font string) bool {
	f := strings.ToLower(font)
	for _, w := range []string{"bold", "black", "heavy", "semibold", "demi"} {
		if strings.Contains(f, w) {
			return true
		}
	}
	return false
}

// pdfLigatures are the presentation forms fonts map ligature glyphs to.
var pdfLigatures = map[rune]string{
	'ﬀ': "ff", 'ﬁ': "fi", 'ﬂ': "fl", 'ﬃ': "ffi", 'ﬄ': "ffl", 'ﬅ': "st", 'ﬆ': "st",
}

// pdfCleanGlyph is the text of one glyph as it should be read: ligatures
// folded to their letters, word-processor bullets from symbol fonts' private
// code points as "•", and "" for what is not text: control characters, the
// replacement character the library gives for an unmapped code, other
// private-use code points, zero-width spaces. A soft hyphen is kept: at a
// line's end it marks a hyphenation point.
func pdfCleanGlyph(s string) string {
	if len(s) == 1 && s[0] >= ' ' && s[0] < 0x7f {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case pdfLigatures[r] != "":
			b.WriteString(pdfLigatures[r])
		case r == 0xF0B7 || r == 0xF0A7 || r == 0xF0D8 || r == 0xF076 || r == 0xF0FC || r == 0xF06E:
			b.WriteRune('•')
		case r == '\t' || r == '\u00a0' || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case r == utf8.RuneError, unicode.IsControl(r), unicode.Is(unicode.Co, r),
			r == '\u200b', r == '\ufeff', r == '\u2060':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// pdfCleanText cleans a string from the file (an Info entry) as glyphs are.
func pdfCleanText(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteString(pdfCleanGlyph(string(r)))
	}
	return strings.Join(strings.Fields(strings.ReplaceAll(b.String(), "\u00ad", "")), " ")
}

// pdfHasLetters reports whether s has a letter or digit: a scan's empty
// text layer, or one of unmapped glyphs, has none.
func pdfHasLetters(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}
