package discord

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/prose"
)

// maxMessage is Discord's limit on a message's content. Discord counts
// characters; we count UTF-16 code units, which is never fewer, so a part
// within our count is within Discord's.
const maxMessage = 2000

// block is a unit of a reply that is kept whole in one message when it
// fits: the lead, one quote with its citation, one list item.
type block struct {
	sep  string // what joins it to the block before it in the same message
	text string
	// quote and cite, when set, say the block is a quote that may be split
	// into several block-quote parts, the citation after the last.
	quote, cite string
}

// render turns a reply into Discord messages, in order, each within
// maxMessage. It never includes anything the user wrote: replies are built
// by package bot from the knowledge and its own notices.
func render(r bot.Reply) []string {
	return pack(blocks(r), maxMessage)
}

func blocks(r bot.Reply) []block {
	switch r.Kind {
	case bot.KindAnswer:
		return answerBlocks(r.Answer)
	case bot.KindInfo:
		bs := []block{{text: escape(r.Title)}}
		for _, l := range r.Lines {
			bs = append(bs, block{sep: "\n", text: "- " + escapeLine(l)})
		}
		return bs
	case bot.KindNotice:
		return []block{{text: escape(r.Title)}}
	}
	return nil
}

func answerBlocks(a *answer.Answer) []block {
	if a == nil {
		return nil
	}
	bs := []block{{text: escape(a.Lead)}}
	if !a.Answered {
		if len(a.Suggestions) > 0 {
			intro := a.SuggestionsIntro
			if intro == "" {
				intro = "You could ask, for example:"
			}
			bs[0].text += " " + escape(intro)
			for _, s := range a.Suggestions {
				bs = append(bs, block{sep: "\n", text: "- " + escapeLine(s)})
			}
		}
		return bs
	}
	for _, c := range a.Citations {
		q := strings.Join(strings.Fields(c.Quote), " ")
		cite := "— " + citation(c)
		if t := answer.TranslationLine(c); t != "" {
			cite += "\n" + escape(t)
		}
		bs = append(bs, block{
			sep:   "\n\n",
			text:  "> " + escapeLine(q) + "\n" + cite,
			quote: q,
			cite:  cite,
		})
	}
	return bs
}

// citation names a quote's source, "Title, ¶4", the title a masked link
// to the document when it has an http(s) address: [Title](<url>). The
// angle brackets keep Discord from unfurling the link even where embeds
// are not suppressed; every message the bot sends suppresses them too
// (flagSuppressEmbeds), so no card appears under an answer.
func citation(c answer.Citation) string {
	label := answer.CitationLabel(c)
	u := linkURL(c.URL)
	rest, ok := strings.CutPrefix(label, c.Title)
	if u == "" || !ok || c.Title == "" {
		return escape(label)
	}
	return "[" + escape(c.Title) + "](<" + u + ">)" + escape(rest)
}

// linkURL returns u, ready to stand between the angle brackets of a
// masked link, when it is an absolute http or https address (the only
// links a citation may carry; the knowledge loader accepts nothing else),
// and "" otherwise. White space, control characters and what could end
// the link early or be read as Markdown around it (< > ( ) \ " ' `) are
// percent-encoded, which web servers read as the same address.
func linkURL(u string) string {
	if u = answer.LinkURL(u); u == "" {
		return ""
	}
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c == 0x7f || strings.IndexByte("<>()\\\"'`", c) >= 0 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// pack joins blocks into messages of at most limit, keeping each block
// whole where it fits and splitting only blocks larger than a message.
func pack(bs []block, limit int) []string {
	var out []string
	cur := ""
	flush := func() {
		if cur != "" {
			out = append(out, cur)
			cur = ""
		}
	}
	for _, b := range bs {
		if cur != "" && size(cur)+size(b.sep)+size(b.text) <= limit {
			cur += b.sep + b.text
			continue
		}
		if size(b.text) <= limit {
			flush()
			cur = b.text
			continue
		}
		// Too large for any message: start it in the room left in this one
		// (when there is a useful amount), and go on in the next.
		first := limit
		if room := limit - size(cur) - size(b.sep); cur != "" && room >= minRoom {
			first = room
		}
		parts := splitBlock(b, first, limit)
		if first < limit {
			cur += b.sep + parts[0]
			parts = parts[1:]
		}
		flush()
		out = append(out, parts[:len(parts)-1]...)
		cur = parts[len(parts)-1]
	}
	flush()
	return out
}

// minRoom is the least room left in a message worth starting a split
// block in.
const minRoom = 200

// splitBlock cuts a block larger than a message: the first part within
// first, the others within limit. A quote is cut between sentences
// (between words if a sentence is too long), every part a block quote,
// the citation under the last; anything else is cut at spaces.
func splitBlock(b block, first, limit int) []string {
	if b.quote == "" {
		head := splitText(b.text, first)
		rest := strings.TrimLeft(strings.TrimPrefix(b.text, head[0]), " \n")
		if rest == "" {
			return head[:1]
		}
		return append(head[:1], splitText(rest, limit)...)
	}
	overhead := size("> ") + size("\n") + size(b.cite)
	var parts []string
	cur := ""
	for _, s := range sentences(b.quote) {
		budget := limit - overhead
		if len(parts) == 0 {
			budget = first - overhead
		}
		e := escape(s)
		if cur != "" && size(cur)+1+size(e) <= budget {
			cur += " " + e
			continue
		}
		if cur != "" {
			parts = append(parts, cur)
		}
		if size(e) <= budget {
			cur = e
			continue
		}
		pieces := splitText(e, budget)
		parts = append(parts, pieces[:len(pieces)-1]...)
		cur = pieces[len(pieces)-1]
	}
	if cur != "" {
		parts = append(parts, cur)
	}
	for i := range parts {
		parts[i] = "> " + escapeStart(parts[i])
	}
	parts[len(parts)-1] += "\n" + b.cite
	return parts
}

// splitText cuts text into pieces of at most limit at spaces, or inside a
// word longer than limit, never after a lone escaping backslash.
func splitText(s string, limit int) []string {
	var out []string
	for size(s) > limit {
		cut := prefixWithin(s, limit)
		if i := strings.LastIndexAny(s[:cut], " \n"); i > 0 {
			out = append(out, s[:i])
			s = strings.TrimLeft(s[i:], " \n")
			continue
		}
		for cut > 1 && s[cut-1] == '\\' && !escapedAt(s, cut-1) {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	if s != "" || len(out) == 0 {
		out = append(out, s)
	}
	return out
}

// escapedAt reports whether the byte at i is itself escaped by an odd run
// of backslashes before it.
func escapedAt(s string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && s[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// prefixWithin returns the byte length of the longest prefix of s whose
// size is at most limit.
func prefixWithin(s string, limit int) int {
	n := 0
	for i, r := range s {
		w := utf16.RuneLen(r)
		if w < 0 {
			w = 1
		}
		if n+w > limit {
			return i
		}
		n += w
	}
	return len(s)
}

// size is the length Discord's limit is checked against (UTF-16 units).
func size(s string) int {
	n := 0
	for _, r := range s {
		if w := utf16.RuneLen(r); w > 0 {
			n += w
		} else {
			n++
		}
	}
	return n
}

// sentences splits collapsed text into its sentences, by the same rule the
// model's prose is read with (internal/prose).
func sentences(s string) []string {
	var out []string
	for _, sp := range prose.Sentences(s, nil) {
		out = append(out, strings.TrimSpace(s[sp.Start:sp.End]))
	}
	return out
}

// escape backslash-escapes the characters Discord reads as inline
// Markdown, or as mentions, channel links and custom emoji (the "<"), so
// text renders exactly as written. Discord's renderer turns a backslash
// before any punctuation into the punctuation alone.
func escape(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '*', '_', '~', '`', '|', '>', '<', '#', '[', ']', '(', ')':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// escapeLine escapes s for use at the start of a line (after "> " or
// "- "), where "-", "+" and "1." would start a list.
func escapeLine(s string) string { return escapeStart(escape(s)) }

// escapeStart escapes what starts a list when it begins already
// inline-escaped text.
func escapeStart(s string) string {
	switch {
	case strings.HasPrefix(s, "-"), strings.HasPrefix(s, "+"):
		return `\` + s
	}
	i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsDigit(r) })
	if i > 0 && s[i] == '.' {
		return s[:i] + `\` + s[i:]
	}
	return s
}
