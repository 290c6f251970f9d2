package telegram

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/prose"
)

// MaxMessageLen is Telegram's limit on one message, in UTF-16 code units.
// Render measures the HTML source, which is never shorter than the text
// Telegram counts, so a part that fits here fits there.
const MaxMessageLen = 4096

// segment is a run of text in at most one tag, and perhaps a link inside
// it. Text and href are plain; they are escaped when rendered, and only
// here, so no input can add markup.
type segment struct {
	tag  string // "", "b", "i" or "blockquote"
	href string // when set, the text is a link to it (an http(s) URL)
	text string
}

// block is a unit never split between messages when it fits in one: a
// paragraph, or a quote with its citation.
type block []segment

var (
	escaper     = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
)

// Escape makes text safe inside Telegram HTML.
func Escape(s string) string { return escaper.Replace(s) }

func (s segment) html() string {
	h := Escape(s.text)
	if s.href != "" {
		h = `<a href="` + attrEscaper.Replace(s.href) + `">` + h + "</a>"
	}
	if s.tag != "" {
		h = "<" + s.tag + ">" + h + "</" + s.tag + ">"
	}
	return h
}

func (bl block) html() string {
	var sb strings.Builder
	for _, s := range bl {
		sb.WriteString(s.html())
	}
	return sb.String()
}

// Render turns a reply into Telegram HTML messages, in order, each at most
// MaxMessageLen long. Messages break between paragraphs, and between a
// quote and the next, never inside a quote and its citation when they fit
// in one message; a paragraph too long for one message is cut at a line,
// sentence or word boundary, outside any tag or entity.
func Render(r bot.Reply) []string {
	return pack(blocks(r), MaxMessageLen)
}

func blocks(r bot.Reply) []block {
	var out []block
	switch r.Kind {
	case bot.KindAnswer:
		a := r.Answer
		if a == nil {
			return nil
		}
		if !a.Answered {
			lead := a.Lead
			if len(a.Suggestions) > 0 {
				lead += " " + suggestionsIntro(a)
			}
			out = append(out, block{{text: lead}})
			if len(a.Suggestions) > 0 {
				out = append(out, list(a.Suggestions))
			}
			return out
		}
		out = append(out, block{{text: a.Lead}})
		for _, c := range a.Citations {
			bl := block{
				{tag: "blockquote", text: strings.Join(strings.Fields(c.Quote), " ")},
				{text: "\n— "},
			}
			bl = append(bl, citation(c)...)
			if t := answer.TranslationLine(c); t != "" {
				bl = append(bl, segment{text: "\n" + t})
			}
			out = append(out, bl)
		}
	case bot.KindInfo:
		out = append(out, block{{text: r.Title}})
		if len(r.Lines) > 0 {
			out = append(out, list(r.Lines))
		}
	case bot.KindNotice:
		out = append(out, block{{text: r.Title}})
	}
	return out
}

// citation is a quote's source in italics, "Title, ¶4", the title a link
// to the document when it has an http(s) address. Link previews are off
// on every message (send), so the link adds no card under the answer.
func citation(c answer.Citation) []segment {
	label := answer.CitationLabel(c)
	u := answer.LinkURL(c.URL)
	rest, ok := strings.CutPrefix(label, c.Title)
	if u == "" || !ok || c.Title == "" {
		return []segment{{tag: "i", text: label}}
	}
	return []segment{{tag: "i", href: u, text: c.Title}, {tag: "i", text: rest}}
}

func list(lines []string) block {
	var sb strings.Builder
	for i, l := range lines {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString("• ")
		sb.WriteString(l)
	}
	return block{{text: sb.String()}}
}

// suggestionsIntro introduces the example questions, in the answer's
// language.
func suggestionsIntro(a *answer.Answer) string {
	if a.SuggestionsIntro != "" {
		return a.SuggestionsIntro
	}
	return "You could ask, for example:"
}

// pack joins blocks into messages of at most limit, a blank line between
// blocks; a block too long for any message is first cut into blocks
// that fit.
func pack(bls []block, limit int) []string {
	var msgs []string
	var cur strings.Builder
	curLen := 0
	flush := func() {
		if cur.Len() > 0 {
			msgs = append(msgs, cur.String())
			cur.Reset()
			curLen = 0
		}
	}
	for _, bl := range bls {
		for _, piece := range fit(bl, limit) {
			h := piece.html()
			n := u16len(h)
			if n == 0 {
				continue
			}
			if curLen > 0 && curLen+2+n > limit {
				flush()
			}
			if curLen > 0 {
				cur.WriteString("\n\n")
				curLen += 2
			}
			cur.WriteString(h)
			curLen += n
		}
	}
	flush()
	return msgs
}

// fit returns bl as it is when it fits in limit; otherwise it cuts bl's
// longest segment into pieces, each with the same tag. Every piece but
// the last stands alone; the last keeps the other segments (a quote's
// citation stays with the quote's end).
func fit(bl block, limit int) []block {
	if u16len(bl.html()) <= limit {
		return []block{bl}
	}
	longest := 0
	for i, s := range bl {
		if len(s.text) > len(bl[longest].text) {
			longest = i
		}
	}
	big := bl[longest]
	overhead := u16len(bl.html()) - u16len(Escape(big.text))
	budget := limit - overhead
	if budget < limit/4 {
		// The rest of the block is itself huge: give each segment its own
		// block(s) instead.
		var out []block
		for _, s := range bl {
			out = append(out, fit(block{s}, limit)...)
		}
		return out
	}
	pieces := cutText(big.text, budget)
	var out []block
	for i, p := range pieces {
		if i < len(pieces)-1 {
			out = append(out, block{{tag: big.tag, text: p}})
			continue
		}
		last := make(block, len(bl))
		copy(last, bl)
		last[longest].text = p
		out = append(out, last)
	}
	return out
}

// cutText cuts plain text into pieces whose escaped form is at most budget
// UTF-16 units, at the last line break, else sentence end, else space in
// the back half of each piece, else (one unbroken word) at a character.
func cutText(s string, budget int) []string {
	var out []string
	for s != "" {
		if u16len(Escape(s)) <= budget {
			out = append(out, s)
			break
		}
		n := 0 // escaped length so far
		line, space, hard, half := -1, -1, 0, len(s)
		for i, r := range s {
			w := escapedLen(r)
			if n+w > budget {
				break
			}
			n += w
			hard = i + utf8.RuneLen(r)
			if n < budget/2 {
				continue
			}
			half = min(half, i)
			switch {
			case r == '\n':
				line = i
			case unicode.IsSpace(r):
				space = i
			}
		}
		sentence := -1
		for _, sp := range prose.Sentences(s[:hard], nil) {
			if sp.End >= half && sp.End < hard {
				sentence = sp.End
			}
		}
		at := hard
		switch {
		case line > 0:
			at = line
		case sentence > 0:
			at = sentence
		case space > 0:
			at = space
		}
		if piece := strings.TrimSpace(s[:at]); piece != "" {
			out = append(out, piece)
		}
		s = strings.TrimLeftFunc(s[at:], unicode.IsSpace)
	}
	return out
}

func escapedLen(r rune) int {
	switch r {
	case '&':
		return 5
	case '<', '>':
		return 4
	}
	if r >= 0x10000 {
		return 2
	}
	return 1
}

// u16len is a string's length in UTF-16 code units, as Telegram counts.
func u16len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// PlainText turns rendered HTML back into the text it shows: the fallback
// when Telegram refuses the markup. Render escapes every '<' in text, so
// each one left is a tag.
func PlainText(h string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			sb.WriteString(h)
			break
		}
		sb.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if strings.HasPrefix(h[i:], "<blockquote>") || strings.HasPrefix(h[i:], "</blockquote>") {
			sb.WriteString("\"")
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(sb.String())
}
