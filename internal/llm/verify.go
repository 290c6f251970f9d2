package llm

import (
	"slices"
	"strings"
	"unicode/utf8"

	"iccbot/internal/answer"
	"iccbot/internal/knowledge"
	"iccbot/internal/search"
)

// Limits on what a model's reply may put in front of people.
const (
	// maxCitations bounds the quotes in one answer.
	maxCitations = 4
	// minQuoteWords is the shortest quote worth citing: "The Hague" alone
	// proves nothing.
	minQuoteWords = 3
	// minFragmentWords is the shortest piece between two ellipses that is
	// looked for; shorter pieces ("and") would be found anywhere.
	minFragmentWords = 2
	// maxLeadSentences and maxLeadRunes bound the model's own words.
	maxLeadSentences = 3
	maxLeadRunes     = 600
	// maxOmitted is the most source text an ellipsis may stand for and
	// still be shown in full; pieces further apart are cited separately.
	maxOmitted = 400
)

// cited is a verified citation and the model's translation of it, if any.
type cited struct {
	answer.Citation
	Translation string
}

// verifier checks a reply against the knowledge. sent are the passages the
// model was given, in the order it numbered them.
type verifier struct {
	loc    *knowledge.Locator
	sent   []*knowledge.Passage
	prompt map[shingle]bool // of the system prompts
	// english says the answer is in English, so its words can be checked
	// against the passages'.
	english bool
	// words returns a passage's folded words, sorted.
	words func(*knowledge.Passage) []string
}

// quotes locates every quote of a reply in the knowledge and returns the
// citations for those found, each carrying the exact source span; dropped
// counts the quotes that were not found (or too short to count).
func (v *verifier) quotes(qs []replyQuote, translate bool) (out []cited, dropped int) {
	for _, q := range qs {
		cs, ok := v.quote(q)
		if !ok {
			dropped++
			continue
		}
		for _, c := range cs {
			if !translate {
				c.Translation = ""
			}
			out = addCitation(out, c)
		}
	}
	if len(out) > maxCitations {
		out = out[:maxCitations]
	}
	return out, dropped
}

// splitEllipsis cuts a quote at the marks people use for words left out:
// "…", "...", and either in brackets.
func splitEllipsis(s string) []string {
	var out []string
	for {
		i, n := strings.Index(s, "…"), len("…")
		if j := strings.Index(s, "..."); j >= 0 && (i < 0 || j < i) {
			i, n = j, 3
			for i+n < len(s) && s[i+n] == '.' {
				n++
			}
		}
		if i < 0 {
			return append(out, s)
		}
		before, after := s[:i], s[i+n:]
		if strings.HasSuffix(before, "[") || strings.HasSuffix(before, "(") {
			before = before[:len(before)-1]
		}
		if strings.HasPrefix(after, "]") || strings.HasPrefix(after, ")") {
			after = after[1:]
		}
		out = append(out, before)
		s = after
	}
}

// quote verifies one quote. A quote with ellipses is looked for piece by
// piece; if every piece is found and they lie in order in one passage, the
// citation is the whole source span from the first piece to the last (so
// what was left out is shown, not hidden), otherwise each piece is its own
// citation. If any piece is not found, the whole quote is dropped: a
// partly invented quote is an invented quote.
func (v *verifier) quote(q replyQuote) ([]cited, bool) {
	var pieces []string
	for _, p := range splitEllipsis(q.Text) {
		if wordCount(p) >= minFragmentWords {
			pieces = append(pieces, p)
		}
	}
	if len(pieces) == 0 {
		return nil, false
	}
	prefer := v.preferred(q.Passage)
	var ms []knowledge.Match
	for _, p := range pieces {
		pref := prefer
		if len(ms) > 0 {
			pref = append([]*knowledge.Passage{ms[len(ms)-1].Passage}, prefer...)
		}
		m, ok := v.loc.Locate(p, pref...)
		if !ok {
			return nil, false
		}
		ms = append(ms, m)
	}
	if inOrder(ms) {
		first, last := ms[0], ms[len(ms)-1]
		ms = []knowledge.Match{{Passage: first.Passage, Span: knowledge.Span{Start: first.Start, End: last.End}}}
	}
	var out []cited
	translation := q.Translation
	for _, m := range ms {
		quote := m.Quote()
		if wordCount(quote) < minQuoteWords {
			continue
		}
		p := m.Passage
		c := answer.Citation{
			Source:  p.Doc.Path,
			Title:   p.Doc.Title,
			Passage: p.ID,
			Quote:   quote,
			Number:  p.Number,
			Span:    m.Span,
		}
		// The last gate, the same one extractive answers pass.
		if !v.loc.Base().Verify(c.Source, c.Span, c.Quote) {
			continue
		}
		out = append(out, cited{Citation: c, Translation: v.translation(translation, quote)})
		translation = "" // it belongs with the first piece
	}
	return out, len(out) > 0
}

// preferred orders the sent passages with the one the model named first.
func (v *verifier) preferred(n int) []*knowledge.Passage {
	if n < 1 || n > len(v.sent) {
		return v.sent
	}
	out := make([]*knowledge.Passage, 0, len(v.sent))
	out = append(out, v.sent[n-1])
	out = append(out, v.sent[:n-1]...)
	return append(out, v.sent[n:]...)
}

// inOrder reports pieces found one after the other in one passage, with
// not too much left out between them.
func inOrder(ms []knowledge.Match) bool {
	for i := 1; i < len(ms); i++ {
		if ms[i].Passage != ms[0].Passage || ms[i].Start < ms[i-1].End || ms[i].Start-ms[i-1].End > maxOmitted {
			return false
		}
	}
	return true
}

// addCitation appends c unless it overlaps a citation already there; a
// citation that contains an earlier one replaces it.
func addCitation(cs []cited, c cited) []cited {
	for i, o := range cs {
		if o.Source != c.Source || c.Span.End <= o.Span.Start || o.Span.End <= c.Span.Start {
			continue
		}
		if c.Span.Start <= o.Span.Start && o.Span.End <= c.Span.End {
			if c.Translation == "" {
				c.Translation = o.Translation
			}
			cs[i] = c
		}
		return cs
	}
	return append(cs, c)
}

// translation cleans the model's translation of a quote. It is the model's
// own text, shown marked as a translation, so it must not look like a quote:
// quotation marks are removed, and it may not run on far beyond the quote.
func (v *verifier) translation(t, quote string) string {
	t = tidy(t)
	t = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`"“”„‟«»「」『』＂‚`, r) {
			return -1
		}
		return r
	}, t)
	t = strings.TrimSpace(t)
	if t == "" || strings.EqualFold(collapse(t), collapse(quote)) || leaks(t, v.prompt) {
		return ""
	}
	return truncateRunes(t, 2*utf8.RuneCountInString(quote)+80)
}

// lead cleans the model's direct answer. Text it put in quotation marks is
// looked for in the knowledge: found, it is replaced by the source's exact
// words; not found, the whole sentence holding it is dropped. Sentences that
// repeat the system prompt are dropped too. At most three sentences remain.
func (v *verifier) lead(s string) string {
	s = tidy(s)
	if s == "" {
		return ""
	}
	segs := quotedSegments(s)
	replace := make(map[int]string, len(segs)) // segment start → its verified text
	var bad []segment
	for _, g := range segs {
		if g.closed {
			if m, ok := v.loc.Locate(g.inner, v.sent...); ok {
				replace[g.start] = `"` + collapse(m.Quote()) + `"`
				continue
			}
		}
		bad = append(bad, g)
	}
	var kept []string
	runes := 0
	for _, sp := range sentences(s, segs) {
		if len(kept) == maxLeadSentences || overlapsAny(sp, bad) {
			continue
		}
		text := strings.TrimSpace(substitute(s, sp, segs, replace))
		if text == "" || leaks(text, v.prompt) || !v.grounded(text) {
			continue
		}
		n := utf8.RuneCountInString(text)
		if runes+n > maxLeadRunes {
			if len(kept) == 0 {
				kept = append(kept, truncateRunes(text, maxLeadRunes))
			}
			break
		}
		kept = append(kept, text)
		runes += n + 1
	}
	return strings.Join(kept, " ")
}

// grounded is a cheap check that a sentence of the model's own speaks of
// what the passages speak of: every number in it must occur in them, and,
// in English, more than half of its content words (any form of the word:
// its stem must begin a passage word). It drops sentences a model was
// talked into ("The ICC is illegitimate.") or made up; a paraphrase that
// fails it only costs the answer its lead line.
func (v *verifier) grounded(sentence string) bool {
	content, known := 0, 0
	ok := true
	search.Words(sentence, func(w []byte) {
		word := string(w)
		if strings.ContainsAny(word, "0123456789") {
			ok = ok && v.inPassages(word, false)
			return
		}
		if !v.english || search.IsStopWord(word) {
			return
		}
		content++
		if v.inPassages(word, false) || v.inPassages(search.Stem(word), true) {
			known++
		}
	})
	return ok && (content == 0 || 2*known > content)
}

// inPassages reports whether a sent passage has the folded word, or with
// prefix set, a word beginning with it (three letters at least).
func (v *verifier) inPassages(word string, prefix bool) bool {
	if prefix && len(word) < 3 {
		return false
	}
	for _, p := range v.sent {
		words := v.words(p)
		i, found := slices.BinarySearch(words, word)
		if found || prefix && i < len(words) && strings.HasPrefix(words[i], word) {
			return true
		}
	}
	return false
}

// substitute returns s[sp] with the verified segments in it replaced.
func substitute(s string, sp span, segs []segment, replace map[int]string) string {
	var b strings.Builder
	at := sp.start
	for _, g := range segs {
		if g.start < sp.start || g.end > sp.end {
			continue
		}
		if r, ok := replace[g.start]; ok {
			b.WriteString(s[at:g.start])
			b.WriteString(r)
			at = g.end
		}
	}
	b.WriteString(s[at:sp.end])
	return b.String()
}
