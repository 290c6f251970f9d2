package discord

import (
	"context"
	"log/slog"
	"net/http"
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

// TestRenderCitationLinks: a citation's title is a masked link to its
// document, [Title](<url>), with the title escaped and the address
// percent-encoded where Markdown could misread it; anything but an
// http(s) address is not linked.
func TestRenderCitationLinks(t *testing.T) {
	tests := []struct {
		name string
		c    answer.Citation
		want string
	}{
		{"link with characters to escape",
			answer.Citation{Title: "Report *A* [2025] <Co>", Number: 4, URL: "https://example.org/r_(x)?a=1&b=\"x\"<y> z\\`"},
			`— [Report \*A\* \[2025\] \<Co\>](<https://example.org/r_%28x%29?a=1&b=%22x%22%3Cy%3E%20z%5C%60>), ¶4`},
		{"plain link",
			answer.Citation{Title: "HRW briefing", Number: 2, URL: "https://www.hrw.org/news/2025/11/20/icc"},
			`— [HRW briefing](<https://www.hrw.org/news/2025/11/20/icc>), ¶2`},
		{"no link", answer.Citation{Title: "HRW briefing", Number: 2}, `— HRW briefing, ¶2`},
		{"not http", answer.Citation{Title: "Script", Number: 1, URL: "javascript:alert(1)"}, `— Script, ¶1`},
		{"relative", answer.Citation{Title: "Rel", Number: 1, URL: "/etc/passwd"}, `— Rel, ¶1`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.Quote = "The court sits in The Hague."
			parts := render(bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{tc.c}}})
			want := "Lead:\n\n> The court sits in The Hague.\n" + tc.want
			if len(parts) != 1 || parts[0] != want {
				t.Errorf("render = %q; want [%q]", parts, want)
			}
		})
	}
}

// TestCitationLinkSplitQuote: a quote too long for one message keeps its
// linked citation under its last part.
func TestCitationLinkSplitQuote(t *testing.T) {
	c := answer.Citation{Title: "Doc", Number: 7, URL: "https://example.org/doc", Quote: strings.Repeat("A sentence that goes on for a while, with words. ", 90)}
	parts := render(bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{Answered: true, Lead: "Lead:", Citations: []answer.Citation{c}}})
	if len(parts) < 2 {
		t.Fatalf("render gave %d parts; want several", len(parts))
	}
	for i, p := range parts {
		if size(p) > maxMessage {
			t.Errorf("part %d has %d characters", i+1, size(p))
		}
		if has := strings.Contains(p, "[Doc](<https://example.org/doc>), ¶7"); has != (i == len(parts)-1) {
			t.Errorf("part %d of %d has the citation: %v", i+1, len(parts), has)
		}
	}
}

// linkedAnswer answers every question with one quote whose document has
// an address; ratings it ignores.
type linkedAnswer struct{ silent }

func (linkedAnswer) Handle(ctx context.Context, m bot.Message) bot.Reply {
	a := answer.Answer{Answered: true, Lead: "Here is what the briefing says:", Citations: []answer.Citation{
		{Title: "HRW briefing", Number: 4, Quote: "The Assembly meets in The Hague.", URL: "https://www.hrw.org/news/2025/11/20/icc"}}}
	return bot.Reply{Kind: bot.KindAnswer, Answer: &a}
}

// TestCitationLinkSentWithoutEmbeds: an answer with a linked citation goes
// out as a masked link, in a message that suppresses embeds, so Discord
// shows no link card, whether asked by mention or by /ask.
func TestCitationLinkSentWithoutEmbeds(t *testing.T) {
	h := startWith(t, Config{}, func(*slog.Logger, *fakeAdmin) Handler { return linkedAnswer{} })
	const link = "— [HRW briefing](<https://www.hrw.org/news/2025/11/20/icc>), ¶4"

	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> when?", botID))
	h.handled(t, 1)
	posts := h.f.Calls(http.MethodPost, "/channels/"+channelID+"/messages")
	if len(posts) != 1 || !strings.Contains(posts[0].content(), link) {
		t.Fatalf("posted %v; want one message with %q", h.f.summary(), link)
	}
	if flags := posts[0].Body["flags"]; flags != 4.0 {
		t.Errorf("message flags %v; want 4 (SUPPRESS_EMBEDS)", flags)
	}

	ev := commandEvent(channelID, "5002", 0, nil, "ask", askOption("when?"))
	h.f.dispatch("INTERACTION_CREATE", ev)
	h.handled(t, 1)
	edits := h.f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+ev["token"].(string)+"/messages/@original")
	if len(edits) != 1 || !strings.Contains(edits[0].content(), link) {
		t.Fatalf("edits %v; want one with %q", h.f.summary(), link)
	}
	if flags := edits[0].Body["flags"]; flags != 4.0 {
		t.Errorf("answer flags %v; want 4 (SUPPRESS_EMBEDS)", flags)
	}
}
