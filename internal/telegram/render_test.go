package telegram

import (
	"strings"
	"testing"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

func TestRenderSplitsOnlyAtBoundaries(t *testing.T) {
	sentence := "The Assembly should defend the court & its staff <now>. "
	tests := []struct {
		name  string
		quote string
	}{
		{"one quote of many sentences", strings.Repeat(sentence, 200)},
		{"escaping makes it long", strings.Repeat("& < > ", 1500)},
		{"emoji count twice", strings.Repeat("🎉 ", 3000)},
		{"one unbroken word", strings.Repeat("x", 9000)},
		{"lines", strings.Repeat("a line of text\n", 700)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := answer.Citation{Title: "T & <T>", Number: 3, Quote: tt.quote}
			r := bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{c}}}
			msgs := Render(r)
			if len(msgs) < 2 {
				t.Fatalf("Render gave %d message(s) for a %d-byte quote", len(msgs), len(tt.quote))
			}
			var quote []string
			for i, m := range msgs {
				if n := u16len(m); n > MaxMessageLen {
					t.Errorf("message %d is %d long", i, n)
				}
				if _, err := checkHTML(m); err != nil {
					t.Errorf("message %d: %v", i, err)
				}
				quote = append(quote, blockquotes(m)...)
			}
			got := strings.Join(quote, " ")
			if collapse(got) != collapse(tt.quote) && strings.ReplaceAll(got, " ", "") != strings.ReplaceAll(collapse(tt.quote), " ", "") {
				t.Errorf("the pieces do not add up to the quote")
			}
			if last := msgs[len(msgs)-1]; !strings.Contains(last, "<i>T &amp; &lt;T&gt;, ¶3</i>") {
				t.Errorf("the citation is not with the quote's end: %.200q", last)
			}
			if tt.name == "one quote of many sentences" {
				for i, q := range quote {
					if !strings.HasSuffix(q, "<now>.") {
						t.Errorf("piece %d does not end at a sentence: …%q", i, q[max(0, len(q)-20):])
					}
				}
			}
		})
	}
}

func TestRenderKeepsQuoteWithCitation(t *testing.T) {
	var cs []answer.Citation
	for i := range 5 {
		cs = append(cs, answer.Citation{Title: "Doc", Number: i + 1, Quote: strings.Repeat("word ", 300)})
	}
	msgs := Render(bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead", Citations: cs}})
	n := 0
	for _, m := range msgs {
		qs := strings.Count(m, "<blockquote>")
		if cites := strings.Count(m, "<i>Doc, ¶"); cites != qs {
			t.Errorf("message has %d quotes and %d citations:\n%.300s", qs, cites, m)
		}
		n += qs
	}
	if n != 5 || len(msgs) < 2 {
		t.Errorf("%d quotes in %d messages; want 5 in several", n, len(msgs))
	}
}

func TestRenderLLMTranslation(t *testing.T) {
	c := answer.Citation{Title: "Doc", Number: 2, Quote: "The court  sits in The Hague.", Translation: "La Cour siège à La Haye.", TranslationLabel: "Traduction"}
	a := answer.Answer{Answered: true, Lead: "Voici:", Citations: []answer.Citation{c},
		Text: "Voici:\n\n\"The court sits in The Hague.\"\n— Doc, ¶2\n(Traduction: La Cour siège à La Haye.)"}
	msgs := Render(bot.Reply{Kind: bot.KindAnswer, Answer: &a})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "(Traduction: La Cour siège à La Haye.)") {
		t.Errorf("Render = %q; want the translation kept", msgs)
	}
	nc := answer.Answer{Lead: "Le document ne traite pas de cette question.", Suggestions: []string{"When?"}, SuggestionsIntro: "Vous pouvez demander :"}
	if msgs := Render(bot.Reply{Kind: bot.KindAnswer, Answer: &nc}); len(msgs) != 1 || !strings.Contains(msgs[0], "question. Vous pouvez demander :") {
		t.Errorf("Render(not covered, in French) = %q; want the French introduction", msgs)
	}
}

func TestPlainText(t *testing.T) {
	h := Render(bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "a < b & c",
		Citations: []answer.Citation{{Title: "T", Number: 1, Quote: "q > r"}}}})[0]
	if got, want := PlainText(h), "a < b & c\n\n\"q > r\"\n— T, ¶1"; got != want {
		t.Errorf("PlainText = %q; want %q", got, want)
	}
}

// TestRenderCitationLinks: a citation's title links to its document (an
// http or https address, escaped as an attribute), inside the italics;
// other addresses are not linked.
func TestRenderCitationLinks(t *testing.T) {
	tests := []struct {
		name string
		c    answer.Citation
		want string
	}{
		{"link with characters to escape",
			answer.Citation{Title: `Report & <Co>`, Number: 4, URL: `https://example.org/r?a=1&b="x"<y>`},
			`— <i><a href="https://example.org/r?a=1&amp;b=&quot;x&quot;&lt;y&gt;">Report &amp; &lt;Co&gt;</a></i><i>, ¶4</i>`},
		{"plain link",
			answer.Citation{Title: "HRW briefing", Number: 2, URL: "http://hrw.org/news/2025/11/20/icc"},
			`— <i><a href="http://hrw.org/news/2025/11/20/icc">HRW briefing</a></i><i>, ¶2</i>`},
		{"no link", answer.Citation{Title: "HRW briefing", Number: 2}, `— <i>HRW briefing, ¶2</i>`},
		{"not http", answer.Citation{Title: "Script", Number: 1, URL: "javascript:alert(1)"}, `— <i>Script, ¶1</i>`},
		{"relative", answer.Citation{Title: "Rel", Number: 1, URL: "/etc/passwd"}, `— <i>Rel, ¶1</i>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.c.Quote = "The court sits in The Hague."
			msgs := Render(bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{tt.c}}})
			if len(msgs) != 1 {
				t.Fatalf("Render gave %d messages; want 1", len(msgs))
			}
			want := "Lead:\n\n<blockquote>The court sits in The Hague.</blockquote>\n" + tt.want
			if msgs[0] != want {
				t.Errorf("Render = %q; want %q", msgs[0], want)
			}
			if _, err := checkHTML(msgs[0]); err != nil {
				t.Errorf("Render gave invalid Telegram HTML: %v", err)
			}
			if got, want := PlainText(msgs[0]), `"The court sits in The Hague."`+"\n— "+answer.CitationLabel(tt.c); !strings.HasSuffix(got, want) {
				t.Errorf("PlainText = %q; want it to end %q", got, want)
			}
			if strings.Contains(msgs[0], "javascript") || strings.Contains(msgs[0], "passwd") {
				t.Errorf("Render = %q links an address it must not", msgs[0])
			}
		})
	}
}
