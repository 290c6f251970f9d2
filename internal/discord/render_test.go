package discord

import (
	"strings"
	"testing"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words, and 20-page report.", "plain words, and 20-page report."},
		{"*bold* _it_ ~~s~~ `c` ||sp||", `\*bold\* \_it\_ \~\~s\~\~ \` + "`c\\`" + ` \|\|sp\|\|`},
		{"<@123> <#45> [link](http://x)", `\<@123\> \<\#45\> \[link\]\(http://x\)`},
		{`back\slash`, `back\\slash`},
	}
	for _, tc := range tests {
		if got := escape(tc.in); got != tc.want {
			t.Errorf("escape(%q) = %q; want %q", tc.in, got, tc.want)
		}
		if got := unescape(escape(tc.in)); got != tc.in {
			t.Errorf("unescape(escape(%q)) = %q", tc.in, got)
		}
	}
	for in, want := range map[string]string{"- item": `\- item`, "1. first": `1\. first`, "+ x": `\+ x`, "# h": `\# h`} {
		if got := escapeLine(in); got != want {
			t.Errorf("escapeLine(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestRender(t *testing.T) {
	cite := func(q string, n int) answer.Citation {
		return answer.Citation{Title: "Doc *One*", Number: n, Quote: q}
	}
	long := strings.Repeat("A sentence that goes on for a while, with words. ", 90) // ~4,500 chars
	tests := []struct {
		name  string
		reply bot.Reply
		want  []string // substrings expected, in order, across parts
		parts int
	}{
		{"short answer", bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{cite("Quote  *one*.", 1)}}},
			[]string{"Lead:\n\n> Quote \\*one\\*.\n— Doc \\*One\\*, ¶1"}, 1},
		{"quotes kept whole, in order", bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{
			cite(strings.Repeat("x ", 600), 1), cite(strings.Repeat("y ", 600), 2), cite(strings.Repeat("z ", 600), 3)}}},
			[]string{"¶1", "> y", "¶2", "> z", "¶3"}, 3},
		{"one long quote split", bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{cite(long, 7)}}},
			[]string{"Lead:", "> A sentence", "¶7"}, 3},
		{"not covered", bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Lead: "Not covered.", Suggestions: []string{"- a?", "b?"}}},
			[]string{"Not covered. You could ask, for example:\n- \\- a?\n- b?"}, 1},
		{"info", bot.Reply{Kind: bot.KindInfo, Title: "Docs:", Lines: []string{"One", "Two_2"}}, []string{"Docs:\n- One\n- Two\\_2"}, 1},
		{"none", bot.Reply{}, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts := render(tc.reply)
			if len(parts) != tc.parts {
				t.Fatalf("render gave %d parts; want %d: %q", len(parts), tc.parts, parts)
			}
			all := strings.Join(parts, "\n\x00\n")
			at := 0
			for _, w := range tc.want {
				i := strings.Index(all[at:], w)
				if i < 0 {
					t.Fatalf("parts %q; want %q after offset %d", parts, w, at)
				}
				at += i + len(w)
			}
			for i, p := range parts {
				if size(p) > maxMessage {
					t.Errorf("part %d has %d characters", i+1, size(p))
				}
			}
		})
	}
}

func TestSplitTextKeepsEscapes(t *testing.T) {
	s := strings.Repeat(`\*`, 30)
	for _, limit := range []int{3, 5, 7} {
		for _, p := range splitText(s, limit) {
			if size(p) > limit || strings.HasSuffix(p, `\`) && !strings.HasSuffix(p, `\\`) && len(p)%2 == 1 {
				t.Errorf("splitText(limit %d) part %q", limit, p)
			}
			if unescape(p) != strings.Repeat("*", len(p)/2) {
				t.Errorf("splitText(limit %d) broke an escape: %q", limit, p)
			}
		}
	}
}

// An LLM answer in another language keeps each quote's marked translation,
// and "not covered" keeps its language.
func TestRenderTranslation(t *testing.T) {
	a := answer.Answer{Answered: true, Lead: "Voici :", Citations: []answer.Citation{{Title: "Doc", Number: 2, Quote: "The court sits in The Hague.", Translation: "La Cour siège à La Haye.", TranslationLabel: "Traduction"}}}
	msgs := render(bot.Reply{Kind: bot.KindAnswer, Answer: &a})
	if len(msgs) != 1 || !strings.Contains(msgs[0], "> The court sits in The Hague.\n— Doc, ¶2\n\\(Traduction: La Cour siège à La Haye.\\)") {
		t.Errorf("render = %q; want the quote, its citation and the marked translation", msgs)
	}
	nc := answer.Answer{Lead: "Le document ne traite pas de cette question.", Suggestions: []string{"When?"}, SuggestionsIntro: "Vous pouvez demander :"}
	if msgs := render(bot.Reply{Kind: bot.KindAnswer, Answer: &nc}); len(msgs) != 1 || !strings.Contains(msgs[0], "question. Vous pouvez demander :") {
		t.Errorf("render(not covered, in French) = %q", msgs)
	}
}
