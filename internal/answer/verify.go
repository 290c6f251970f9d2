package answer

import (
	"strings"
	"sync"
	"unicode/utf8"

	"iccbot/internal/knowledge"
	"iccbot/internal/lang"
	"iccbot/internal/prose"
)

// Verification of a model's draft (see Generated): nothing the model wrote
// reaches anyone unless it passes here. Each quote is located in the
// knowledge, forgiving only typography (white space, quotation marks,
// dashes, ellipses, case), widened to the whole sentences it touches, and
// replaced by the exact source span; quotes that cannot be found are
// dropped. Text the model puts in quotation marks in its own words is a
// quote like the others. Each sentence of its own words is kept only if
// one of the verified quotes supports it (see supported, in
// verify_support.go), and a translation only if it keeps its quote's
// numbers, months and names and fits its length and the asker's script
// (see translationOK, in verify_translate.go).

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
	// maxLeadSentences and maxLeadRunes bound the model's own words: a
	// sentence past them is dropped, never cut.
	maxLeadSentences = 3
	maxLeadRunes     = 600
	// maxOmitted is the most source text an ellipsis may stand for and
	// still be shown in full; pieces further apart are cited separately.
	maxOmitted = 400
)

// verification is one knowledge base prepared for verifying drafts; an
// Engine builds it on first use (the first model answer after a reload
// pays for it).
type verification struct {
	loc *knowledge.Locator
	// facts holds, per passage, the facts of its sentences (parallel to
	// its Sentences), made when a quote from it is first checked.
	facts sync.Map // *knowledge.Passage → []textFacts
}

func newVerification(kb *knowledge.Base) *verification {
	return &verification{loc: knowledge.NewLocator(kb)}
}

// factsOf returns the facts of a quote of whole sentences of p.
func (ix *verification) factsOf(p *knowledge.Passage, s knowledge.Span) textFacts {
	v, ok := ix.facts.Load(p)
	if !ok {
		fs := make([]textFacts, len(p.Sentences))
		for i, sp := range p.Sentences {
			fs[i] = analyse(p.SentenceText(sp))
		}
		v, _ = ix.facts.LoadOrStore(p, fs)
	}
	var out textFacts
	for i, sp := range p.Sentences {
		if sp.Start >= s.Start && sp.End <= s.End {
			out = out.join(v.([]textFacts)[i])
		}
	}
	return out
}

// cited is a verified citation and the model's translation of it, if any.
type cited struct {
	Citation
	Translation string
	passage     *knowledge.Passage
}

// verifier checks one draft against the knowledge. sent are the passages
// the model was given, in the order it numbered them.
type verifier struct {
	loc    *knowledge.Locator
	ix     *verification
	sent   []*knowledge.Passage
	prompt *leakSet // of the model's instructions
	// lang is the asker's language ("" or "en" for English): translations
	// are kept only for other languages, and the model's own sentences only
	// in English, where their words can be checked against the quotes'.
	lang string
	det  *lang.Detector
	// dropped counts what verification took out of the draft.
	dropped drops
}

// drops counts what verification took out of a draft.
type drops struct {
	quotes, sentences, translations int
}

func (e *Engine) newVerifier(sent []*knowledge.Passage, prompt *leakSet, lang string) *verifier {
	ix := e.verification()
	return &verifier{loc: ix.loc, ix: ix, sent: sent, prompt: prompt, lang: lang, det: detector()}
}

func (v *verifier) english() bool { return v.lang == "" || v.lang == "en" }

// draft verifies a draft: its quotes, then what its own words put in
// quotation marks, then, if any quote is left, its own sentences. lead is
// "" when none of them is supported.
func (v *verifier) draft(d Draft) (cs []cited, lead string) {
	cs = v.quotes(d.Quotes)
	// What the answer puts in quotation marks is a quote too.
	cs = v.addQuotes(cs, leadQuotes(d.Lead))
	if len(cs) == 0 {
		return nil, ""
	}
	return cs, v.lead(d.Lead, cs)
}

// quotes locates every quote of a draft in the knowledge and returns the
// citations for those found, each widened to whole sentences and carrying
// the exact source span. Quotes not found (or too short to count) are
// counted in v.dropped.
func (v *verifier) quotes(qs []DraftQuote) []cited {
	return v.addQuotes(nil, qs)
}

// addQuotes verifies qs and adds them to out, up to maxCitations.
func (v *verifier) addQuotes(out []cited, qs []DraftQuote) []cited {
	for _, q := range qs {
		cs, ok := v.quote(q)
		if !ok {
			v.dropped.quotes++
			continue
		}
		for _, c := range cs {
			out = addCitation(out, c)
		}
	}
	if len(out) > maxCitations {
		out = out[:maxCitations]
	}
	return out
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
func (v *verifier) quote(q DraftQuote) ([]cited, bool) {
	var pieces []string
	for _, p := range splitEllipsis(q.Text) {
		if prose.WordCount(p) >= minFragmentWords {
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
		if prose.WordCount(m.Quote()) < minQuoteWords {
			continue
		}
		// Whole sentences only: a piece of one can say the opposite of it
		// ("those who document…" cut from "…not those who document…").
		p := m.Passage
		span := wholeSentences(p, m.Span)
		c := citationOf(p, span)
		quote := c.Quote
		// The last gate, the same one extractive answers pass.
		if !v.loc.Base().Verify(c.Source, c.Span, c.Quote) {
			continue
		}
		if translation != "" {
			translation = v.translation(translation, quote, p, span)
		}
		out = append(out, cited{Citation: c, Translation: translation, passage: p})
		translation = "" // it belongs with the first piece
	}
	return out, len(out) > 0
}

// wholeSentences widens a span of a passage to the sentences it touches.
func wholeSentences(p *knowledge.Passage, s knowledge.Span) knowledge.Span {
	out := s
	for _, sp := range p.Sentences {
		if sp.End > s.Start && sp.Start < s.End {
			out.Start = min(out.Start, sp.Start)
			out.End = max(out.End, sp.End)
		}
	}
	return out
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

// addCitation appends c unless it overlaps a citation already there
// without containing it; a citation that contains earlier ones takes the
// place of the first and the others go.
func addCitation(cs []cited, c cited) []cited {
	overlaps := func(o cited) bool {
		return o.Source == c.Source && c.Span.Start < o.Span.End && o.Span.Start < c.Span.End
	}
	for _, o := range cs {
		if overlaps(o) && !(c.Span.Start <= o.Span.Start && o.Span.End <= c.Span.End) {
			return cs
		}
	}
	out := make([]cited, 0, len(cs)+1)
	placed := false
	for _, o := range cs {
		if !overlaps(o) {
			out = append(out, o)
			continue
		}
		if c.Span == o.Span && c.Translation == "" {
			c.Translation = o.Translation // of the same words
		}
		if !placed {
			out = append(out, c)
			placed = true
		}
	}
	if !placed {
		out = append(out, c)
	}
	return out
}

// translation cleans the model's translation of a quote and checks it
// (translationOK). It is the model's own text, shown labelled as a machine
// translation, so it must not look like a quote: quotation marks are
// removed. Unchecked, it is dropped and the quote stands alone.
func (v *verifier) translation(t, quote string, p *knowledge.Passage, span knowledge.Span) string {
	if v.english() || t == "" {
		return ""
	}
	t = tidy(t)
	t = strings.Map(func(r rune) rune {
		switch r {
		case '"', '“', '”', '„', '‟', '«', '»', '「', '」', '『', '』', '＂', '‚':
			return -1
		}
		return r
	}, t)
	t = strings.TrimSpace(t)
	if t == "" || len(t) > len(quote)*9/10 && len(t) < len(quote)*11/10 && strings.EqualFold(collapse(t), collapse(quote)) {
		v.dropped.translations++
		return ""
	}
	q := v.ix.factsOf(p, span)
	if !translationOK(t, quote, &q, v.lang, v.det) || leaks(t, v.prompt) {
		v.dropped.translations++
		return ""
	}
	return t
}

// leadQuotes returns the quotation-marked parts of the model's answer: they
// are quotes, verified and shown as citations like the others, never left
// in its own words.
func leadQuotes(s string) []DraftQuote {
	s = tidy(s)
	var out []DraftQuote
	for _, g := range prose.Quotations(s) {
		if g.Quote() {
			out = append(out, DraftQuote{Text: g.Inner})
		}
	}
	return out
}

// lead returns the sentences of the model's direct answer that the
// citations support (see supported), at most three; "" when none is. A
// sentence holding quotation marks is not kept (its quotes are citations,
// see leadQuotes), nor one that repeats the model's instructions, nor, in
// another language than English, any: their words cannot be checked
// against the quotes'.
func (v *verifier) lead(s string, cs []cited) string {
	s = tidy(s)
	if s == "" {
		return ""
	}
	segs := prose.Quotations(s)
	var support []textFacts // of each citation, made on first use
	var kept []string
	runes := 0
	for _, sp := range prose.Sentences(s, segs) {
		text := strings.TrimSpace(s[sp.Start:sp.End])
		if text == "" {
			continue
		}
		ok := len(kept) < maxLeadSentences && v.english() && !prose.Overlaps(sp, segs) && !leaks(text, v.prompt)
		n := utf8.RuneCountInString(text)
		if ok && runes+n > maxLeadRunes {
			ok = false // no room for it whole, and a sentence is never cut
		}
		if ok {
			if support == nil {
				support = make([]textFacts, len(cs))
				for i, c := range cs {
					support[i] = v.ix.factsOf(c.passage, c.Span)
				}
			}
			ts := tokenize(text, nil)
			ok = false
			for i := range support {
				if supported(text, ts, &support[i]) {
					ok = true
					break
				}
			}
		}
		if !ok {
			v.dropped.sentences++
			continue
		}
		kept = append(kept, text)
		runes += n + 1
	}
	return strings.Join(kept, " ")
}
