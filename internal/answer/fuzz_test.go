package answer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"iccbot/internal/lang"
)

// FuzzAnswer drives arbitrary text through the whole question path. Whatever
// comes in: no panic, every quote is exactly its source span, and the reply is
// built only from fixed lines, verified quotes, citation labels and the
// knowledge's own example questions, so nothing the user typed can reach it.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{
		"When does the Assembly meet?", "Duterte", "assmbly partys", "@everyone",
		"<script>alert(1)</script>", "", "?!", "\x00\xff\xfe", "🙂", strings.Repeat("court ", 300),
		"“Government efforts”", "ICC’s", "HRW UN cyberattack", "How many judges?",
	} {
		f.Add(s)
	}
	e := briefing(f)
	leads := []string{"Here is what the briefing says:", "Here is what the sources say:", "The briefing does not cover that, so I can't answer it.", ""}
	for _, l := range lang.Supported() {
		leads = append(leads, l.Phrases().Lead)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := CleanQuestion(in)
		if err != nil {
			return
		}
		if !utf8.ValidString(q) || utf8.RuneCountInString(q) > MaxQuestionRunes {
			t.Fatalf("CleanQuestion(%q) = %q: invalid or too long", in, q)
		}
		a, err := e.Answer(t.Context(), q)
		if err != nil {
			t.Fatalf("Answer(%q): %v", q, err)
		}
		if a.Answered != (len(a.Citations) > 0) {
			t.Fatalf("Answer(%q): answered=%v with %d citations", q, a.Answered, len(a.Citations))
		}
		for _, c := range a.Citations {
			d, ok := e.kb.Doc(c.Source)
			if !ok || c.Span.End > len(d.Src) || string(d.Src[c.Span.Start:c.Span.End]) != c.Quote {
				t.Fatalf("Answer(%q): quote %q is not its source span", q, c.Quote)
			}
		}
		if !slices.Contains(leads, a.Lead) {
			t.Fatalf("Answer(%q): unexpected lead %q", q, a.Lead)
		}
		if a.SuggestionsIntro != "" && a.SuggestionsIntro != defaultSuggestionsIntro && !slices.ContainsFunc(lang.Supported(), func(l lang.Tag) bool { return l.Phrases().EnglishOnly == a.SuggestionsIntro }) {
			t.Fatalf("Answer(%q): unexpected suggestions intro %q", q, a.SuggestionsIntro)
		}
		for _, s := range a.Suggestions {
			if !slices.Contains(e.suggestions, s) {
				t.Fatalf("Answer(%q): suggestion %q is not from the knowledge", q, s)
			}
		}
		if a.Text != Render(a) {
			t.Fatalf("Answer(%q): text is not the rendering of its parts", q)
		}
	})
}
