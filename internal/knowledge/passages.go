package knowledge

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	headingRe  = regexp.MustCompile(`^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$`)
	listItemRe = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+`)
)

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
//   - a blank line, a heading, a separator line or a list item ends a passage;
//   - each list item starts one, without its marker;
//   - a line break ends a passage when the line ends a sentence, so files
//     written one paragraph per line (like the briefing) give one passage per
//     line, while hard-wrapped paragraphs stay whole.
func cutPassages(doc *Document, body int) []*Passage {
	src := doc.Src
	var out []*Passage
	heading := ""
	var cur *Passage
	flush := func() {
		if cur != nil && cur.End > cur.Start {
			out = append(out, cur)
		}
		cur = nil
	}
	for pos := body; pos < len(src); {
		lineStart := pos
		line, next := lineFrom(src, pos)
		pos = next
		line = strings.TrimRight(line, "\r")
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "" || isSeparator(trimmed):
			flush()
			continue
		case headingRe.MatchString(line):
			flush()
			heading = headingRe.FindStringSubmatch(line)[2]
			continue
		}
		contentStart := lineStart + len(line) - len(strings.TrimLeft(line, " \t"))
		if m := listItemRe.FindStringIndex(line); m != nil {
			flush()
			contentStart = lineStart + m[1]
		}
		contentEnd := lineStart + len(strings.TrimRight(line, " \t"))
		if contentEnd <= contentStart {
			continue
		}
		if cur != nil && !endsSentence(src[cur.Start:cur.End]) {
			cur.End = contentEnd
			cur.EndLine = lineAt(src, contentEnd-1)
			continue
		}
		flush()
		cur = &Passage{Doc: doc, Heading: heading, Span: Span{contentStart, contentEnd}}
		cur.StartLine = lineAt(src, contentStart)
		cur.EndLine = cur.StartLine
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
			id += "-" + string(rune('0'+min(n, 9)))
		}
		p.ID = id
	}
	return out
}

// endsSentence reports whether text ends with sentence-final punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(text []byte) bool {
	t := bytes.TrimRight(text, " \t\r\n")
	for len(t) > 0 {
		r, size := utf8.DecodeLastRune(t)
		if isCloser(r) {
			t = t[:len(t)-size]
			continue
		}
		return r == '.' || r == '!' || r == '?' || r == ':' || r == '…'
	}
	return false
}

func isCloser(r rune) bool {
	switch r {
	case '"', '\'', '”', '’', ')', ']', '»', '*', '_':
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

// abbreviations that end in a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
	"jr": true, "sr": true, "gen": true, "gov": true, "sen": true, "rep": true,
	"col": true, "lt": true, "sgt": true, "capt": true, "hon": true,
	"no": true, "nos": true, "art": true, "arts": true, "para": true, "paras": true,
	"vol": true, "p": true, "pp": true, "ch": true, "sec": true, "fig": true,
	"vs": true, "etc": true, "e.g": true, "i.e": true, "cf": true, "al": true,
	"inc": true, "ltd": true, "co": true, "corp": true,
	"jan": true, "feb": true, "mar": true, "apr": true, "jun": true, "jul": true,
	"aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
}

// splitSentences cuts a passage into sentences. A sentence ends at . ! or ?
// (after any closing quotes) when white space and then a capital letter, a
// digit or an opening quote follow, and the word before the stop is not an
// abbreviation or an initial. Spans exclude surrounding white space.
func splitSentences(src []byte, p Span) []Span {
	var out []Span
	start := p.Start
	i := p.Start
	for i < p.End {
		r, size := utf8.DecodeRune(src[i:p.End])
		i += size
		if r != '.' && r != '!' && r != '?' {
			continue
		}
		stop := i - size
		end := i
		for end < p.End {
			c, n := utf8.DecodeRune(src[end:p.End])
			if !isCloser(c) {
				break
			}
			end += n
		}
		ws := end
		for ws < p.End && isSpaceByte(src[ws]) {
			ws++
		}
		if ws == end || ws >= p.End {
			continue // no space after: 3.5, U.S., or the passage's end
		}
		nr, _ := utf8.DecodeRune(src[ws:p.End])
		if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || isOpener(nr)) {
			continue
		}
		if r == '.' && isAbbreviation(src[start:stop]) {
			continue
		}
		out = append(out, Span{start, end})
		start = ws
		i = ws
	}
	if start < p.End {
		out = append(out, Span{start, p.End})
	}
	return out
}

// isAbbreviation looks at the word just before a full stop.
func isAbbreviation(before []byte) bool {
	j := len(before)
	for j > 0 {
		r, size := utf8.DecodeLastRune(before[:j])
		if !(unicode.IsLetter(r) || r == '.') {
			break
		}
		j -= size
	}
	word := string(before[j:])
	if word == "" {
		return false
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper([]rune(word)[0]) {
		return true // an initial: "John F. Kennedy"
	}
	if strings.Contains(word, ".") {
		return true // U.S., e.g., i.e.
	}
	return abbreviations[strings.ToLower(word)]
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }
