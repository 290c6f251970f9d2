package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"iccbot/internal/prose"
)

var (
	headingRe  = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	listItemRe = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+`)
	// pageRe matches the marker line that opens a page ("<!-- page 7 -->"),
	// as package extract writes it for PDFs and as a moderator keeps it
	// when saving extracted text as Markdown.
	pageRe = regexp.MustCompile(`^<!--\s*page\s+(\d{1,6})\s*-->$`)
)

// isComment reports a line that is one whole HTML comment: a note for the
// people who edit the file, never quoted.
func isComment(t string) bool {
	return strings.HasPrefix(t, "<!--") && strings.HasSuffix(t, "-->") && !strings.Contains(t[4:len(t)-3], "-->")
}

// isSeparator reports lines that mark omitted text ("…", "...") or a thematic
// break. They end a passage and are never part of one, so a quote can never
// run across a gap in the source.
func isSeparator(t string) bool {
	switch t {
	case "…", "...", "[…]", "[...]", "---", "***", "* * *", "___":
		return true
	}
	return false
}

// cutPassages splits the body (from byte offset body) into passages:
//   - a blank line, a heading, a separator line, a comment line or a list
//     item ends a passage; a page marker line also sets the page of the
//     passages after it;
//   - each list item starts one, without its marker;
//   - a line break ends a passage when the line ends a sentence, so files
//     written one paragraph per line (like the briefing) give one passage per
//     line, while hard-wrapped paragraphs stay whole.
func cutPassages(doc *Document, body int) []*Passage {
	src := doc.Src
	var out []*Passage
	heading := ""
	var levels [7]string // the open sections' headings, by level
	var outer []string   // those around heading's section, outermost first
	page := 0
	var cur *Passage
	curIsItem := false // cur began with a list marker
	flush := func() {
		if cur != nil && cur.End > cur.Start {
			out = append(out, cur)
		}
		cur = nil
	}
	lineNo := lineAt(src, body) - 1
	for pos := body; pos < len(src); {
		lineStart := pos
		line, next := lineFrom(src, pos)
		pos = next
		lineNo++
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || isSeparator(trimmed):
			flush()
			continue
		case headingRe.MatchString(line):
			flush()
			m := headingRe.FindStringSubmatch(line)
			heading = m[2]
			level := len(m[1])
			outer = nil
			for l := 1; l < level; l++ {
				if levels[l] != "" {
					outer = append(outer, levels[l])
				}
			}
			levels[level] = heading
			clear(levels[level+1:])
			if doc.heading == "" {
				doc.heading = heading
			}
			continue
		case isComment(trimmed):
			flush()
			if m := pageRe.FindStringSubmatch(trimmed); m != nil {
				page, _ = strconv.Atoi(m[1])
			}
			continue
		}
		contentStart := lineStart + len(line) - len(strings.TrimLeft(line, " \t"))
		isItem := false
		continues := cur != nil && !endsSentence(src[cur.Start:cur.End])
		if m := listItemRe.FindStringIndex(line); m != nil && (!continues || curIsItem || startsList(line[:m[1]])) {
			flush()
			contentStart = lineStart + m[1]
			continues = false
			isItem = true
		}
		contentEnd := lineStart + len(strings.TrimRight(line, " \t"))
		if contentEnd <= contentStart {
			continue
		}
		if continues {
			cur.End = contentEnd
			cur.EndLine = lineNo
			continue
		}
		flush()
		cur = &Passage{Doc: doc, Heading: heading, Outer: outer, Page: page, Span: Span{contentStart, contentEnd}}
		curIsItem = isItem
		cur.StartLine = lineNo
		cur.EndLine = lineNo
	}
	flush()

	seen := map[string]int{}
	for i, p := range out {
		p.Number = i + 1
		p.Sentences = splitSentences(src, p.Span)
		sum := sha256.Sum256([]byte(doc.Path + "\x00" + string(src[p.Start:p.End])))
		id := hex.EncodeToString(sum[:])[:10]
		seen[id]++
		if n := seen[id]; n > 1 {
			// The same paragraph twice in one file: number the repeats.
			id += "-" + strconv.Itoa(n)
		}
		p.ID = id
	}
	return out
}

// startsList reports whether a list marker may interrupt a running
// paragraph. As in CommonMark, bullets may, but of numbered items only "1."
// or "1)": otherwise a wrapped line that begins "2025. The…" would be taken
// for item 2025.
func startsList(marker string) bool {
	m := strings.TrimSpace(marker)
	return !strings.ContainsAny(m[:1], "0123456789") || m == "1." || m == "1)"
}

// endsSentence reports whether text ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(text []byte) bool {
	t := bytes.TrimRight(text, " \t\r\n")
	for len(t) > 0 {
		r, size := utf8.DecodeLastRune(t)
		if prose.IsCloser(r) {
			t = t[:len(t)-size]
			continue
		}
		return r == '.' || r == '!' || r == '?' || r == ':' || r == '…'
	}
	return false
}

// splitSentences cuts a passage into sentences by the rules for edited
// text (prose.Split): a sentence ends at . ! or ? (after any closing
// quotes) when white space and then a capital letter, a digit or an
// opening quote follow, and the word before the stop is not an
// abbreviation or an initial. Spans exclude surrounding white space.
//
// A table (a passage whose lines all start and end with "|") is cut into
// its rows instead, each row a sentence; the row of dashes under the
// header is none.
func splitSentences(src []byte, p Span) []Span {
	if rows, ok := tableRows(src, p); ok {
		return rows
	}
	spans := prose.Split(string(src[p.Start:p.End]), prose.Rules{Edited: true})
	out := make([]Span, len(spans))
	for i, sp := range spans {
		out[i] = Span{p.Start + sp.Start, p.Start + sp.End}
	}
	return out
}

// tableRows returns the rows of a Markdown table, without the row of
// dashes under its header (its second line), or false when p is no table:
// every line must start and end with "|" (after spaces or tabs), and there
// must be a header and a row.
func tableRows(src []byte, p Span) ([]Span, bool) {
	var rows []Span
	line := 0
	for start := p.Start; start < p.End; line++ {
		end := start + bytes.IndexByte(src[start:p.End], '\n')
		if end < start {
			end = p.End
		}
		from := start + len(src[start:end]) - len(bytes.TrimLeft(src[start:end], " \t"))
		to := from + len(bytes.TrimRight(src[from:end], " \t\r"))
		row := src[from:to]
		if len(row) < 2 || row[0] != '|' || row[len(row)-1] != '|' {
			return nil, false
		}
		if line != 1 || len(bytes.Trim(row, "|-: \t")) > 0 { // the dashes are no sentence
			rows = append(rows, Span{from, to})
		}
		start = end + 1
	}
	return rows, len(rows) >= 2
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
