package extract

import (
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// A page's glyphs become lines (glyphs on one baseline), lines become
// segments (runs with no gap as wide as a column gutter), and segments are
// put in reading order: column by column where a gutter runs down the page,
// top to bottom elsewhere. Running headers and footers are segments that
// sit at a page's top or bottom edge with the same text on several pages,
// or that are page numbers.

// pdfLine is the glyphs on one baseline, left to right.
type pdfLine struct {
	glyphs []pdfGlyph
	y      float64 // baseline of its largest glyphs
	size   float64 // its largest font size
}

// pdfSeg is a run of text on one baseline with no gutter-wide gap in it.
type pdfSeg struct {
	text   string
	x0, x1 float64
	y      float64
	size   float64
	bold   bool
	hang   float64 // for a bullet, where the text after it starts; else 0
}

func (s pdfSeg) top() float64    { return s.y + 0.75*s.size }
func (s pdfSeg) bottom() float64 { return s.y - 0.25*s.size }

// pdfGap is the gap, in ems, that splits a line into segments and that a
// gutter between columns must have: wider than the widest word space of
// justified text, narrower than a browser's 1em column gap.
const pdfGap = 0.9

// pdfLines groups glyphs into lines: by baseline, then superscripts and
// subscripts (smaller, a little off the baseline) into the line they
// belong to.
func pdfLines(glyphs []pdfGlyph) []pdfLine {
	gs := slices.Clone(glyphs)
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].y > gs[j].y })
	var lines []pdfLine
	for _, g := range gs {
		if n := len(lines); n > 0 {
			l := &lines[n-1]
			// By the smaller size: a title's baseline must not gather
			// the lines of a column of smaller text beside it.
			if math.Abs(l.y-g.y) <= 0.3*min(l.size, g.size) {
				l.glyphs = append(l.glyphs, g)
				l.size = max(l.size, g.size)
				continue
			}
		}
		lines = append(lines, pdfLine{glyphs: []pdfGlyph{g}, y: g.y, size: g.size})
	}
	lines = pdfMergeScripts(lines)
	for i := range lines {
		pdfFinishLine(&lines[i])
	}
	return lines
}

// pdfMaxScripts is the most glyphs a line of superscripts or subscripts
// may have: marks and exponents, not a line of smaller text in the next
// column, which can sit as close above a heading's baseline.
const pdfMaxScripts = 8

// pdfMergeScripts merges a line of a few small glyphs into the line below
// it when they sit raised on it (superscripts), or into the line above when
// they hang below it (subscripts).
func pdfMergeScripts(lines []pdfLine) []pdfLine {
	out := lines[:0]
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if len(l.glyphs) > pdfMaxScripts {
			out = append(out, l)
			continue
		}
		if i+1 < len(lines) {
			below := lines[i+1]
			if d := l.y - below.y; l.size <= 0.85*below.size && d > 0.1*below.size && d < 0.65*below.size && pdfOverlaps(l, below) {
				lines[i+1].glyphs = append(lines[i+1].glyphs, l.glyphs...)
				continue
			}
		}
		if n := len(out); n > 0 {
			above := out[n-1]
			if d := above.y - l.y; l.size <= 0.85*above.size && d > 0.05*above.size && d < 0.4*above.size && pdfOverlaps(l, above) {
				out[n-1].glyphs = append(out[n-1].glyphs, l.glyphs...)
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// pdfOverlaps reports whether small's glyphs lie within big's extent, give
// or take an em: a footnote mark after the last word still belongs to it.
func pdfOverlaps(small, big pdfLine) bool {
	x0, x1 := pdfExtent(big.glyphs)
	s0, s1 := pdfExtent(small.glyphs)
	return s0 >= x0-big.size && s1 <= x1+big.size
}

func pdfExtent(gs []pdfGlyph) (x0, x1 float64) {
	x0, x1 = math.Inf(1), math.Inf(-1)
	for _, g := range gs {
		x0, x1 = min(x0, g.x), max(x1, g.x+g.w)
	}
	return x0, x1
}

// pdfFinishLine sorts a line left to right, drops glyphs drawn twice over
// (fake bold), and sets its baseline and size from its largest glyphs.
func pdfFinishLine(l *pdfLine) {
	sort.SliceStable(l.glyphs, func(i, j int) bool { return l.glyphs[i].x < l.glyphs[j].x })
	l.size = 0
	for _, g := range l.glyphs {
		if g.size > l.size {
			l.size, l.y = g.size, g.y
		}
	}
	out := l.glyphs[:0]
	for _, g := range l.glyphs {
		if n := len(out); n > 0 && out[n-1].s == g.s && math.Abs(out[n-1].x-g.x) < 0.2*g.size && math.Abs(out[n-1].y-g.y) < 0.2*g.size {
			continue
		}
		out = append(out, g)
	}
	l.glyphs = out
}

// pdfSegs splits a line into segments and writes their text: a space where
// the font shows one or the gap is as wide as one, and no footnote marks.
// A segment's size and baseline are its own largest glyphs': a line may
// hold a heading in one column and smaller text in the next.
//
// A footnote mark (a digit or dagger set smaller and raised, glued to the
// glyph before it, as in "sanctions.12") is dropped: it is no word of the
// sentence, and kept it would make "12" a number in it, which questions are
// matched on. The footnote itself stays, as its own paragraph.
func pdfSegs(l pdfLine) []pdfSeg {
	var segs []pdfSeg
	var b strings.Builder
	var cur pdfSeg
	var base pdfGlyph // the last glyph written
	var bold, chars int
	prevEnd, space := 0.0, false
	flush := func() {
		if b.Len() > 0 {
			cur.text = b.String()
			cur.bold = bold*10 >= chars*9
			segs = append(segs, cur)
		}
		b.Reset()
		bold, chars = 0, 0
	}
	for i, g := range l.glyphs {
		if strings.TrimSpace(g.s) == "" {
			space = true
			continue
		}
		gap := g.x - prevEnd
		switch {
		case b.Len() > 0 && gap > pdfGap*max(g.size, base.size) && !pdfIsLabel(b.String()):
			flush()
		case b.Len() > 0 && !space && pdfIsFootnoteMark(g, base, gap):
			prevEnd = g.x + g.w
			continue
		case b.Len() > 0 && (space || gap > 0.15*min(g.size, base.size)):
			b.WriteByte(' ')
		}
		if b.Len() == 0 {
			cur = pdfSeg{x0: g.x, y: g.y, size: g.size}
			if pdfIsBullet(g.s) {
				cur.hang = pdfNextX(l.glyphs[i+1:])
			}
		}
		b.WriteString(g.s)
		cur.x1 = max(cur.x1, g.x+g.w)
		if g.size > cur.size {
			cur.size, cur.y = g.size, g.y
		}
		chars++
		if g.bold {
			bold++
		}
		base, prevEnd, space = g, g.x+g.w, false
	}
	flush()
	return segs
}

// pdfIsFootnoteMark reports whether g, gap after base, the glyph before it,
// is a footnote mark: a digit or dagger, smaller than base and raised.
func pdfIsFootnoteMark(g, base pdfGlyph, gap float64) bool {
	return pdfIsMark(g.s) && g.size <= 0.85*base.size && g.y-base.y >= 0.15*base.size && gap < 0.25*base.size
}

// pdfNextX is where the first glyph that is not a space starts, 0 if none.
func pdfNextX(gs []pdfGlyph) float64 {
	for _, g := range gs {
		if strings.TrimSpace(g.s) != "" {
			return g.x
		}
	}
	return 0
}

// pdfIsMark reports whether a superscript is a footnote mark's.
func pdfIsMark(s string) bool {
	r := []rune(s)
	return len(r) == 1 && (unicode.IsDigit(r[0]) || strings.ContainsRune("*†‡§", r[0]))
}

// pdfLabelRE matches a list item's label: "1.", "(a)", "iv)".
var pdfLabelRE = regexp.MustCompile(`^\(?[0-9A-Za-z]{1,3}[.)]$`)

// pdfIsLabel reports whether s is a list item's bullet or label, which a
// tab may part from the item's text by more than a gutter's width.
func pdfIsLabel(s string) bool {
	return pdfIsBullet(s) || pdfLabelRE.MatchString(s)
}

// pdfIsBullet reports whether s is a list bullet. Dashes are not: a line
// of justified text may start with a spaced dash.
func pdfIsBullet(s string) bool {
	return s != "" && strings.Contains("•●◦▪■□‣⁃∙◆◇➢►", s) && len([]rune(s)) == 1
}

// pdfPageSegs is a page's segments, top to bottom.
func pdfPageSegs(glyphs []pdfGlyph) []pdfSeg {
	var segs []pdfSeg
	for _, l := range pdfLines(glyphs) {
		segs = append(segs, pdfSegs(l)...)
	}
	return segs
}

var (
	pdfDigitsRE = regexp.MustCompile(`\d+`)
	// pdfPageNumRE matches what a page number line says: "7", "- 7 -",
	// "Page 7", "p. 7", "7 of 20", "7/20", "iv".
	pdfPageNumRE = regexp.MustCompile(`^(?i:page|p\.|pg\.?)?\s*[-–—]?\s*(\d{1,4}|[ivxlc]{1,7})\s*[-–—]?\s*(?:(?i:of)\s*\d{1,4}|/\s*\d{1,4})?$`)
)

// pdfIsPageNumber reports whether a segment's text is a page number.
func pdfIsPageNumber(s string) bool {
	return pdfPageNumRE.MatchString(strings.TrimSpace(s))
}

// pdfEdgeLines is how many lines at the top and at the bottom of a page may
// be running headers or footers.
const pdfEdgeLines = 2

// pdfEdge is a segment at the top or bottom edge of a page.
type pdfEdge struct {
	page int
	key  string
	y    float64
}

// pdfDropRunning removes running headers and footers from pages: segments
// among a page's top or bottom pdfEdgeLines lines that are page numbers, or
// whose text, digits aside ("Page 7", "7/20"), is found at the same height
// on other pages — on 2 pages of a document of up to 4, on 3 of a longer
// one, so that a header that changes with each chapter is still found.
func pdfDropRunning(pages [][]pdfSeg) [][]pdfSeg {
	edges := make([]map[int]pdfEdge, len(pages)) // page → seg index → edge
	byKey := map[string][]pdfEdge{}
	for p, segs := range pages {
		edges[p] = map[int]pdfEdge{}
		ys := pdfEdgeYs(segs)
		for i, s := range segs {
			if !slices.Contains(ys, s.y) {
				continue
			}
			e := pdfEdge{page: p, key: pdfRunningKey(s.text), y: s.y}
			edges[p][i] = e
			byKey[e.key] = append(byKey[e.key], e)
		}
	}
	need := 3
	if len(pages) <= 4 {
		need = 2
	}
	out := make([][]pdfSeg, len(pages))
	for p, segs := range pages {
		for i, s := range segs {
			e, ok := edges[p][i]
			if ok && (pdfIsPageNumber(s.text) || pdfRepeats(byKey[e.key], e.y, s.size) >= need) {
				continue
			}
			out[p] = append(out[p], s)
		}
	}
	return out
}

// pdfEdgeYs is the baselines of a page's top and bottom pdfEdgeLines lines.
func pdfEdgeYs(segs []pdfSeg) []float64 {
	var ys []float64
	for _, s := range segs {
		if !slices.Contains(ys, s.y) {
			ys = append(ys, s.y)
		}
	}
	sort.Sort(sort.Reverse(sort.Float64Slice(ys)))
	if len(ys) <= 2*pdfEdgeLines {
		return ys
	}
	return append(ys[:pdfEdgeLines:pdfEdgeLines], ys[len(ys)-pdfEdgeLines:]...)
}

// pdfRunningKey is what running lines are compared by: the text without
// its numbers, case or spacing.
func pdfRunningKey(s string) string {
	s = pdfDigitsRE.ReplaceAllString(strings.ToLower(s), "#")
	return strings.Join(strings.Fields(s), " ")
}

// pdfRepeats counts the pages among same (edge segments of one key) that
// have it at about height y.
func pdfRepeats(same []pdfEdge, y, size float64) int {
	n, last := 0, -1
	for _, e := range same {
		if e.page != last && math.Abs(e.y-y) <= max(3, 0.5*size) {
			n, last = n+1, e.page
		}
	}
	return n
}

// pdfColumns puts a page's segments in reading order, as a list of columns
// (runs of text read top to bottom), left before right.
//
// It cuts the page into bands, segments that overlap vertically, and
// merges consecutive bands while, together, a gutter (a vertical strip at
// least pdfGap ems wide that no segment crosses) still runs through them:
// a title across the page is a band of its own, and the two columns under
// it one region whose gutter splits it. Each side is ordered the same way
// in turn, so columns within columns are found too. Bands rather than
// single cuts, so that two paragraph breaks at the same height in both
// columns do not cut the columns into rows.
func pdfColumns(segs []pdfSeg, gutter float64) [][]pdfSeg {
	switch {
	case len(segs) == 0:
		return nil
	case len(segs) > pdfMaxSegs:
		return [][]pdfSeg{pdfTopDown(segs)}
	}
	sorted := slices.Clone(segs)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].top() > sorted[j].top() })
	var cols [][]pdfSeg
	whole := false // whether the last column is a region of the page's width
	for _, region := range pdfRegions(pdfBands(sorted), gutter) {
		cuts := pdfGutters(region, gutter)
		switch {
		case len(cuts) > 0:
			for _, side := range pdfSplit(region, cuts) {
				cols = append(cols, pdfColumns(side, gutter)...)
			}
			whole = false
		case whole: // text running on down the page, past a paragraph gap
			cols[len(cols)-1] = append(cols[len(cols)-1], pdfTopDown(region)...)
		default:
			cols = append(cols, pdfTopDown(region))
			whole = true
		}
	}
	return cols
}

// pdfMaxSegs bounds the segments of a page whose columns are looked for:
// finding them costs more than linear time, and no page of prose has as
// many (a page is some 50 lines of 1 to 3 segments).
const pdfMaxSegs = 5000

// pdfBands groups segments sorted by top into runs that overlap vertically.
func pdfBands(sorted []pdfSeg) [][]pdfSeg {
	var bands [][]pdfSeg
	bottom := math.Inf(1)
	for _, s := range sorted {
		if n := len(bands); n > 0 && s.top() > bottom {
			bands[n-1] = append(bands[n-1], s)
			bottom = min(bottom, s.bottom())
			continue
		}
		bands = append(bands, []pdfSeg{s})
		bottom = s.bottom()
	}
	return bands
}

// pdfRegions merges consecutive bands while a gap at least gutter wide
// runs through them all. It keeps the horizontal extent the region covers
// as it grows, so each band costs only its own segments.
func pdfRegions(bands [][]pdfSeg, gutter float64) [][]pdfSeg {
	var regions [][]pdfSeg
	var cover []pdfSpan
	for _, b := range bands {
		next := cover
		for _, s := range b {
			next = pdfCover(next, pdfSpan{s.x0, s.x1})
		}
		if n := len(regions); n > 0 && pdfHasGap(next, gutter) {
			regions[n-1] = append(regions[n-1], b...)
			cover = next
			continue
		}
		regions = append(regions, slices.Clone(b))
		cover = nil
		for _, s := range b {
			cover = pdfCover(cover, pdfSpan{s.x0, s.x1})
		}
	}
	return regions
}

// pdfSpan is a horizontal extent.
type pdfSpan struct{ x0, x1 float64 }

// pdfCover adds s to spans, sorted and disjoint, merging what it overlaps.
// It returns a new slice: callers keep the old one.
func pdfCover(spans []pdfSpan, s pdfSpan) []pdfSpan {
	out := make([]pdfSpan, 0, len(spans)+1)
	for _, c := range spans {
		if c.x1 < s.x0 || c.x0 > s.x1 {
			out = append(out, c)
			continue
		}
		s = pdfSpan{min(s.x0, c.x0), max(s.x1, c.x1)}
	}
	i := sort.Search(len(out), func(i int) bool { return out[i].x0 > s.x0 })
	return slices.Insert(out, i, s)
}

// pdfHasGap reports whether spans leave a gap at least gutter wide.
func pdfHasGap(spans []pdfSpan, gutter float64) bool {
	for i := 1; i < len(spans); i++ {
		if spans[i].x0-spans[i-1].x1 >= gutter {
			return true
		}
	}
	return false
}

// pdfGutters is the x of the middle of each gap at least gutter wide
// between the segments' horizontal extents, left to right, that has text
// side by side across it on two lines at least: the gaps between short
// lines stacked one above the other (a centred title over a left-aligned
// heading) are no columns, nor is one wide gap in one line.
func pdfGutters(segs []pdfSeg, gutter float64) []float64 {
	spans := make([][2]float64, len(segs))
	for i, s := range segs {
		spans[i] = [2]float64{s.x0, s.x1}
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	var cuts []float64
	end := spans[0][1]
	for _, sp := range spans[1:] {
		if cut := (sp[0] + end) / 2; sp[0]-end >= gutter && pdfSideBySide(segs, cut) >= 2 {
			cuts = append(cuts, cut)
		}
		end = max(end, sp[1])
	}
	return cuts
}

// pdfSideBySide counts, up to 2, the segments left of x that have one
// right of x beside them, on the same line.
func pdfSideBySide(segs []pdfSeg, x float64) int {
	n := 0
	for _, l := range segs {
		if l.x1 > x {
			continue
		}
		for _, r := range segs {
			if r.x0 >= x && r.bottom() < l.top() && l.bottom() < r.top() {
				if n++; n == 2 {
					return n
				}
				break
			}
		}
	}
	return n
}

// pdfSplit divides segments at the cuts, left to right.
func pdfSplit(segs []pdfSeg, cuts []float64) [][]pdfSeg {
	sides := make([][]pdfSeg, len(cuts)+1)
	for _, s := range segs {
		i := sort.SearchFloat64s(cuts, s.x0)
		sides[i] = append(sides[i], s)
	}
	return sides
}

// pdfTopDown orders segments by baseline, then left to right.
func pdfTopDown(segs []pdfSeg) []pdfSeg {
	out := slices.Clone(segs)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.y != b.y { // segments of one line share its baseline exactly
			return a.y > b.y
		}
		return a.x0 < b.x0
	})
	return out
}
