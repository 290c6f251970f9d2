package extract

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"iccbot/internal/english"
)

// Columns become blocks (paragraphs, headings, list items, footnotes) and
// blocks become Markdown: one line a paragraph, its lines joined with
// spaces and hyphenated words made whole; a paragraph that runs on into the
// next column or page joined into one; a page marker before the first block
// that starts on each page.

type pdfKind int

const (
	pdfPara pdfKind = iota
	pdfHeading
	pdfItem
	pdfNote
)

// pdfBlock is a paragraph, heading, list item or footnote.
type pdfBlock struct {
	lines []string
	kind  pdfKind
	size  float64
	bold  bool
	hang  float64 // an item's text start, for its continuation lines
	jump  bool    // first in its column or page: may continue the block before
	level int     // a heading's
}

// pdfRow is one line of a column: its segments on one baseline.
type pdfRow struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
	bold   bool
	hang   float64
}

// pdfLayout turns the pages' glyphs into a Doc. hasText is false when no
// page shows a letter or digit outside its running lines.
func pdfLayout(ctx context.Context, pageGlyphs [][]pdfGlyph) (doc *Doc, hasText bool, err error) {
	pages := make([][]pdfSeg, len(pageGlyphs))
	for i, g := range pageGlyphs {
		pages[i] = pdfPageSegs(g)
	}
	pages = pdfDropRunning(pages)
	body := pdfBodySize(pages)
	var cols [][][]pdfRow // page → column → rows
	for p, segs := range pages {
		if err := ctx.Err(); err != nil {
			return nil, false, fmt.Errorf("lay out pdf page %d: %w", p+1, err)
		}
		var pc [][]pdfRow
		for _, col := range pdfColumns(segs, pdfGap*pdfMedianSize(segs)) {
			pc = append(pc, pdfRows(col))
		}
		cols = append(cols, pc)
	}
	lead := pdfLeading(cols)
	blocks := make([][]pdfBlock, len(cols))
	for p, pc := range cols {
		for _, rows := range pc {
			bs := pdfBlocks(rows, lead, body)
			if len(bs) > 0 {
				bs[0].jump = true
			}
			blocks[p] = append(blocks[p], bs...)
		}
		pdfClassify(blocks[p], body)
	}
	pdfLevels(blocks, body)
	md := pdfMarkdown(blocks, pdfVocabulary(blocks))
	doc = &Doc{Title: pdfFirstHeading(blocks), Pages: len(pageGlyphs), Markdown: md}
	for _, segs := range pages {
		for _, s := range segs {
			if pdfHasLetters(s.text) {
				return doc, true, nil
			}
		}
	}
	return doc, false, nil
}

// pdfBodySize is the font size most text is set in.
func pdfBodySize(pages [][]pdfSeg) float64 {
	chars := map[float64]int{}
	for _, segs := range pages {
		for _, s := range segs {
			chars[math.Round(s.size*2)/2] += len(s.text)
		}
	}
	best, n := 10.0, 0
	for size, c := range chars {
		if c > n || c == n && size < best {
			best, n = size, c
		}
	}
	return best
}

// pdfMedianSize is the median font size of a page's segments.
func pdfMedianSize(segs []pdfSeg) float64 {
	if len(segs) == 0 {
		return 10
	}
	sizes := make([]float64, len(segs))
	for i, s := range segs {
		sizes[i] = s.size
	}
	sort.Float64s(sizes)
	return sizes[len(sizes)/2]
}

// pdfRows joins a column's segments on one baseline into rows.
func pdfRows(col []pdfSeg) []pdfRow {
	var rows []pdfRow
	for _, s := range col {
		if n := len(rows); n > 0 && rows[n-1].y == s.y {
			r := &rows[n-1]
			r.text += " " + s.text
			r.x1 = max(r.x1, s.x1)
			r.bold = r.bold && s.bold
			continue
		}
		rows = append(rows, pdfRow{text: s.text, x0: s.x0, x1: s.x1, y: s.y, size: s.size, bold: s.bold, hang: s.hang})
	}
	return rows
}

// pdfLeading is the usual distance between baselines, in ems: the most
// common between consecutive rows of one size. A wider gap parts
// paragraphs.
func pdfLeading(cols [][][]pdfRow) float64 {
	votes := map[float64]int{}
	for _, pc := range cols {
		for _, rows := range pc {
			for i := 1; i < len(rows); i++ {
				a, b := rows[i-1], rows[i]
				r := (a.y - b.y) / a.size
				if math.Abs(a.size-b.size) < 0.05*a.size && r > 0.9 && r < 2.5 {
					votes[math.Round(r*20)/20]++
				}
			}
		}
	}
	best, n := 1.2, 0
	for r, v := range votes {
		if v > n || v == n && r < best {
			best, n = r, v
		}
	}
	return best
}

// pdfBlocks cuts a column's rows into blocks.
func pdfBlocks(rows []pdfRow, lead, body float64) []pdfBlock {
	var blocks []pdfBlock
	for i, r := range rows {
		if i == 0 || pdfBreaks(rows[i-1], r, blocks[len(blocks)-1].hang, lead, body) {
			blocks = append(blocks, pdfBlock{size: r.size, bold: r.bold, hang: r.hang})
			if r.hang > 0 {
				blocks[len(blocks)-1].kind = pdfItem
			}
		}
		b := &blocks[len(blocks)-1]
		b.lines = append(b.lines, r.text)
	}
	return blocks
}

// pdfBreaks reports whether row b starts a new block after row a: after a
// wider gap than the leading, at a change of font size or weight, at a
// bullet, or at a first-line indent (but not at an item's hanging indent).
func pdfBreaks(a, b pdfRow, hang, lead, body float64) bool {
	size := max(a.size, b.size)
	switch {
	case a.y-b.y > (lead+0.15)*size:
		return true
	case a.bold != b.bold || math.Abs(a.size-b.size) > 0.1*size:
		return true
	case b.hang > 0:
		return true
	case b.size <= 1.1*body && b.x0 > a.x0+0.8*b.size:
		return hang == 0 || math.Abs(b.x0-hang) > 0.5*b.size
	}
	return false
}

// pdfClassify finds a page's headings, and its footnotes: the blocks at its
// end set smaller than the body text.
func pdfClassify(blocks []pdfBlock, body float64) {
	for i := range blocks {
		if b := &blocks[i]; b.kind == pdfPara && pdfIsHeading(*b, body) {
			b.kind = pdfHeading
		}
	}
	for i := len(blocks) - 1; i > 0 && blocks[i].size <= 0.9*body && blocks[i].kind != pdfHeading; i-- {
		blocks[i].kind = pdfNote
	}
}

// pdfIsHeading reports whether a block is a heading: a short one set larger
// than the body (a narrow column may wrap it over several lines), or bold,
// shorter still and not ending as a sentence does.
func pdfIsHeading(b pdfBlock, body float64) bool {
	text := strings.Join(b.lines, " ")
	if len(b.lines) > 6 || len(text) > 200 || !pdfHasLetters(text) {
		return false
	}
	if b.size >= 1.15*body {
		return true
	}
	return b.bold && b.size >= 0.95*body && len(b.lines) <= 3 && len(text) <= 120 && !strings.HasSuffix(text, ".")
}

// pdfLevels sets heading levels by size: the largest heading size is "#"
// when it is larger than the body, the next "##", the rest "###".
func pdfLevels(pages [][]pdfBlock, body float64) {
	var sizes []float64
	for _, blocks := range pages {
		for _, b := range blocks {
			if s := math.Round(b.size*2) / 2; b.kind == pdfHeading && !slices.Contains(sizes, s) {
				sizes = append(sizes, s)
			}
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(sizes)))
	shift := 1
	if len(sizes) > 0 && sizes[0] < 1.15*body {
		shift = 2
	}
	for _, blocks := range pages {
		for i := range blocks {
			if b := &blocks[i]; b.kind == pdfHeading {
				b.level = min(3, shift+slices.Index(sizes, math.Round(b.size*2)/2))
			}
		}
	}
}

// pdfFirstHeading is the text of the first heading on the first page, the
// title when the file's metadata has none.
func pdfFirstHeading(pages [][]pdfBlock) string {
	if len(pages) == 0 {
		return ""
	}
	for _, b := range pages[0] {
		if b.kind == pdfHeading {
			return norm.NFC.String(pdfJoinLines(b.lines, nil))
		}
	}
	return ""
}

// pdfVocab is the words a document spells whole within a line, closed
// ("cooperation") and hyphenated ("cyber-attack"): its own evidence of how
// a word broken at a line's end is spelled.
type pdfVocab struct {
	closed, hyphenated map[string]bool
}

func pdfVocabulary(pages [][]pdfBlock) pdfVocab {
	v := pdfVocab{closed: map[string]bool{}, hyphenated: map[string]bool{}}
	for _, blocks := range pages {
		for _, b := range blocks {
			for _, l := range b.lines {
				words := strings.FieldsFunc(strings.ToLower(l), func(r rune) bool { return !unicode.IsLetter(r) && r != '-' })
				for _, w := range words {
					switch {
					case strings.HasSuffix(w, "-"), strings.HasPrefix(w, "-"):
					case strings.Contains(w, "-"):
						v.hyphenated[w] = true
					default:
						v.closed[w] = true
					}
				}
			}
		}
	}
	return v
}

// pdfMarkdown renders the pages' blocks. A block that starts a column or
// page continues the paragraph before it when it starts in lower case or
// that paragraph stops without ending a sentence; the page's marker then
// waits until that paragraph, and the footnotes of the page it started on,
// are written, so that a passage is cited with the page it starts on.
func pdfMarkdown(pages [][]pdfBlock, v pdfVocab) string {
	var out, held []string
	var pending *pdfBlock
	start := func() { // a block starts: what waited is written first
		if pending != nil {
			out = append(out, pdfRender(*pending, v))
			pending = nil
		}
		out = append(out, held...)
		held = held[:0]
	}
	for p, blocks := range pages {
		held = append(held, PageMarker(p+1))
		var notes []string
		for _, b := range blocks {
			switch {
			case b.kind == pdfNote:
				notes = append(notes, pdfRender(b, v))
			case b.jump && pending != nil && pdfContinues(*pending, b):
				pending.lines = append(pending.lines, b.lines...)
			case b.kind == pdfPara || b.kind == pdfItem:
				start()
				pending = &b
			default:
				start()
				out = append(out, pdfRender(b, v))
			}
		}
		held = append(held, notes...)
	}
	start()
	return norm.NFC.String(strings.Join(out, "\n\n") + "\n")
}

// pdfContinues reports whether next, the first block of a column or page,
// continues prev.
func pdfContinues(prev, next pdfBlock) bool {
	if next.kind != pdfPara || prev.kind != pdfPara && prev.kind != pdfItem {
		return false
	}
	if prev.bold != next.bold || math.Abs(prev.size-next.size) > 0.1*prev.size {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(next.lines[0]); unicode.IsLower(r) {
		return true
	}
	return !pdfEndsSentence(prev.lines[len(prev.lines)-1])
}

// pdfEndsSentence reports whether a line ends as a sentence does, closing
// quotes and brackets aside.
func pdfEndsSentence(line string) bool {
	line = strings.TrimRight(line, " ”’\"')]»")
	r, _ := utf8.DecodeLastRuneInString(line)
	return strings.ContainsRune(".!?:;…", r)
}

// pdfRender writes one block as Markdown.
func pdfRender(b pdfBlock, v pdfVocab) string {
	text := pdfJoinLines(b.lines, &v)
	switch b.kind {
	case pdfHeading:
		return strings.Repeat("#", b.level) + " " + text
	case pdfItem:
		_, n := utf8.DecodeRuneInString(text)
		return "- " + strings.TrimSpace(text[n:])
	}
	return text
}

// pdfJoinLines joins a block's lines into one, with single spaces, and
// words hyphenated across lines made whole by pdfJoinHyphen.
func pdfJoinLines(lines []string, v *pdfVocab) string {
	text := ""
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		switch {
		case l == "":
		case text == "":
			text = l
		default:
			text = pdfJoinHyphen(text, l, v)
		}
	}
	return strings.ReplaceAll(text, "\u00ad", "")
}

// pdfJoinHyphen joins line b to text a, where a line break falls.
//
// A line that ends in a hyphen after a letter, before a line that starts
// in lower case, is a word broken in two, unless the word has a hyphen of
// its own. The hyphen is kept ("cyber-attack") when the document spells
// the word with it elsewhere, else dropped ("organization") when it spells
// it closed; failing that, dropped when the closed word is in the English
// word list, kept when the part after it is a word by itself ("long-
// standing", "decision-making"), and dropped otherwise, since most line-end
// hyphens in typeset text are hyphenation. A hyphen before a capital or a
// digit ("Franco-German", "COVID-19") or after a digit ("2023-") is kept
// with no space; a soft hyphen is always dropped.
func pdfJoinHyphen(a, b string, v *pdfVocab) string {
	last, n := utf8.DecodeLastRuneInString(a)
	switch {
	case last == '\u00ad':
		return a[:len(a)-n] + b
	case last != '-' && last != '‐':
		return a + " " + b
	}
	before, _ := utf8.DecodeLastRuneInString(a[:len(a)-n])
	first, _ := utf8.DecodeRuneInString(b)
	switch {
	case unicode.IsSpace(before):
		return a + " " + b // a dash between spaces
	case !unicode.IsLetter(before) || !unicode.IsLower(first):
		return a + b
	}
	left := pdfTrailingLetters(a[:len(a)-n])
	right := pdfLeadingLetters(b)
	closed := strings.ToLower(left + right)
	hyphenated := strings.ToLower(left + "-" + right)
	keep := false
	switch {
	case v != nil && v.hyphenated[hyphenated]:
		keep = true
	case v != nil && v.closed[closed]:
	case english.IsWord(closed):
	case len(right) > 1 && english.IsWord(strings.ToLower(right)):
		keep = true
	}
	if keep {
		return a + b
	}
	return a[:len(a)-n] + b
}

// pdfTrailingLetters is the letters at the end of s.
func pdfTrailingLetters(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	_, n := utf8.DecodeRuneInString(s[i:])
	return s[i+n:]
}

// pdfLeadingLetters is the letters at the start of s.
func pdfLeadingLetters(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}
