package httpapi

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
)

func TestPlaygroundForm(t *testing.T) {
	fb := &fakeBot{reply: answeredReply()}
	rec := serve(t, New(Config{Bot: fb}), http.MethodGet, "/", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET / = %d; want 200", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("GET / Content-Type = %q; want text/html; charset=utf-8", ct)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`<form method="get" action="/">`,
		`<input type="text" id="q" name="q" value=""`,
		`<button type="submit">`,
		`<a href="/gaps"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET / does not contain %q", want)
		}
	}
	for _, unwanted := range []string{"<script", `id="result"`, "http://", "https://"} {
		if containsFold(body, unwanted) {
			t.Errorf("GET / contains %q; want a page with no script, no result and nothing external", unwanted)
		}
	}
	if got := fb.messages(); len(got) != 0 {
		t.Errorf("GET / without q asked the bot %+v; want no call", got)
	}
}

func TestPlaygroundAsks(t *testing.T) {
	answered := answeredReply()
	tests := []struct {
		name  string
		q     string
		reply bot.Reply
		want  []string // substrings of the page, already HTML-escaped
	}{
		{
			name:  "covered answer",
			q:     "When does the Assembly meet?",
			reply: answered,
			want: []string{
				`<p id="question" class="question">When does the Assembly meet?</p>`,
				`<pre id="reply" class="reply">` + html.EscapeString(answered.Answer.Text) + `</pre>`,
				`<code id="mode">extractive</code> · covered by the knowledge`,
				`<blockquote class="quote">The Assembly will meet in The Hague from December 1 to 6, 2025.</blockquote>`,
				`— HRW briefing, ¶4 · file <code>hrw-icc-asp-2025.md</code></p>`,
				`— HRW briefing, ¶7 · file <code>hrw-icc-asp-2025.md</code></p>`,
			},
		},
		{
			name:  "not covered",
			q:     "Who won the 1998 World Cup?",
			reply: notCoveredReply(),
			want: []string{
				`The briefing does not cover that, so I can&#39;t answer it.</pre>`,
				`not covered by the knowledge`,
			},
		},
		{
			name:  "notice",
			q:     "again?",
			reply: bot.Reply{Kind: bot.KindNotice, Title: "You are asking too fast; try again in a minute."},
			want:  []string{`<pre id="reply" class="reply">You are asking too fast; try again in a minute.</pre>`},
		},
		{
			name:  "empty q is still shown to the bot",
			q:     "",
			reply: bot.Reply{Kind: bot.KindNotice, Title: "Ask a question in words."},
			want:  []string{`<p id="question" class="question"></p>`, `Ask a question in words.</pre>`},
		},
		{
			name:  "silence",
			q:     "hello",
			reply: bot.Reply{Kind: bot.KindNone},
			want:  []string{`<p id="silent">The bot would not reply.</p>`},
		},
		{
			name:  "answer kind without an answer",
			q:     "hello",
			reply: bot.Reply{Kind: bot.KindAnswer},
			want:  []string{`Internal error: the bot returned an empty answer.</pre>`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: tt.reply}
			rec := serve(t, New(Config{Bot: fb}), http.MethodGet, "/?q="+url.QueryEscape(tt.q), nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /?q=%q = %d; want 200", tt.q, rec.Code)
			}
			body := rec.Body.String()
			for _, want := range tt.want {
				if !strings.Contains(body, want) {
					t.Errorf("GET /?q=%q does not contain %q\n%s", tt.q, want, body)
				}
			}
			wantMsg := []bot.Message{{
				Platform:     "playground",
				Conversation: "",
				User:         "192.0.2.1",
				Command:      bot.CmdAsk,
				Text:         tt.q,
				Addressed:    true,
				Moderator:    true, // no token configured: loopback, anyone
			}}
			if got := fb.messages(); !reflect.DeepEqual(got, wantMsg) {
				t.Errorf("bot received %+v; want %+v", got, wantMsg)
			}
		})
	}
}

// TestPlaygroundEscapes puts markup in every place the page shows text
// from outside: the question (in the input's value and in the echo), the
// reply text, and each citation field.
func TestPlaygroundEscapes(t *testing.T) {
	const evil = `<script>alert(1)</script>`
	a := answer.Answer{
		Question: evil,
		Answered: true,
		Mode:     `extractive<b>`,
		Lead:     "Here is what the briefing says:",
		Citations: []answer.Citation{{
			Source:  `evil<script>.md`,
			Title:   `Title <img src=x onerror=alert(1)>`,
			Passage: `"><script>alert(2)</script>`,
			Number:  1,
			Quote:   "Quote " + evil,
		}},
	}
	a.Text = answer.Render(a)
	fb := &fakeBot{reply: bot.Reply{Kind: bot.KindAnswer, Answer: &a}}
	h := New(Config{Bot: fb})

	for _, q := range []string{evil, `"><script>alert(1)</script>`, `' autofocus onfocus='alert(1)`} {
		t.Run(q, func(t *testing.T) {
			body := serve(t, h, http.MethodGet, "/?q="+url.QueryEscape(q), nil).Body.String()
			for _, raw := range []string{"<script", "<img", "<b>", `"><`, "onfocus='"} {
				if containsFold(body, raw) {
					t.Errorf("GET /?q=%q: page contains raw %q:\n%s", q, raw, body)
				}
			}
			for _, want := range []string{
				`value="` + html.EscapeString(q) + `"`,
				`<p id="question" class="question">` + html.EscapeString(q) + `</p>`,
				`<blockquote class="quote">Quote &lt;script&gt;alert(1)&lt;/script&gt;</blockquote>`,
				`&#34;Quote &lt;script&gt;alert(1)&lt;/script&gt;&#34;`, // in the reply text
				`Title &lt;img src=x onerror=alert(1)&gt;, ¶1`,
			} {
				if !strings.Contains(body, want) {
					t.Errorf("GET /?q=%q does not contain %q", q, want)
				}
			}
		})
	}
}

func TestPlaygroundHeaders(t *testing.T) {
	rec := serve(t, New(Config{Bot: &fakeBot{reply: answeredReply()}}), http.MethodGet, "/?q=when", nil)
	// same-origin, not no-referrer: the answer's rating form must carry
	// its origin in the POST (see TestPlaygroundRating), and the question
	// in the URL still never reaches another site.
	want := map[string]string{
		"Cache-Control":   "no-store",
		"Referrer-Policy": "same-origin",
	}
	for k, v := range want {
		if got := rec.Header().Get(k); got != v {
			t.Errorf("GET /?q= header %s = %q; want %q", k, got, v)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("Content-Security-Policy = %q; want default-src 'none' and no script source", csp)
	}
}

// TestPlaygroundGolden pins the whole rendered page for an answer, so a
// change to the markup shows up in review.
func TestPlaygroundGolden(t *testing.T) {
	rec := serve(t, New(Config{Bot: &fakeBot{reply: answeredReply()}}), http.MethodGet, "/?q="+url.QueryEscape("When does the Assembly meet?"), nil)
	checkGolden(t, "playground-answer.html", rec.Body.Bytes())
}

func TestGaps(t *testing.T) {
	gaps := []bot.Gap{
		{Question: "Who is the prosecutor?", Count: 5, FirstSeen: day(20), LastSeen: day(27)},
		{Question: `<script>alert(1)</script> budget?`, Count: 2, FirstSeen: day(26), LastSeen: day(26)},
	}
	tests := []struct {
		name      string
		lister    GapLister
		wantPage  []string
		wantAPI   int
		wantJSON  string // exact body when wantAPI is 200
		wantAsked []int
	}{
		{
			name:     "no lister",
			lister:   nil,
			wantPage: []string{`<p id="gaps-off">Gap tracking is off`},
			wantAPI:  404,
		},
		{
			name:      "off",
			lister:    &fakeGaps{enabled: false, gaps: gaps},
			wantPage:  []string{`<p id="gaps-off">Gap tracking is off`},
			wantAPI:   404,
			wantAsked: []int{},
		},
		{
			name:      "on, none yet",
			lister:    &fakeGaps{enabled: true},
			wantPage:  []string{`<p id="no-gaps">No unanswered questions so far.</p>`},
			wantAPI:   200,
			wantJSON:  "[]\n",
			wantAsked: []int{20, 20},
		},
		{
			name:   "on",
			lister: &fakeGaps{enabled: true, gaps: gaps},
			wantPage: []string{
				`<tr><td>Who is the prosecutor?</td><td class="count">5</td><td class="day">2026-11-20</td><td class="day">2026-11-27</td></tr>`,
				`<tr><td>&lt;script&gt;alert(1)&lt;/script&gt; budget?</td><td class="count">2</td><td class="day">2026-11-26</td><td class="day">2026-11-26</td></tr>`,
				`<form id="clear" method="post" action="/gaps">`,
			},
			wantAPI: 200,
			wantJSON: `[{"question":"Who is the prosecutor?","count":5,"first_seen":"2026-11-20","last_seen":"2026-11-27"},` +
				`{"question":"\u003cscript\u003ealert(1)\u003c/script\u003e budget?","count":2,"first_seen":"2026-11-26","last_seen":"2026-11-26"}]` + "\n",
			wantAsked: []int{20, 20},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Config{Bot: &fakeBot{}, Gaps: tt.lister})
			page := serve(t, h, http.MethodGet, "/gaps", nil)
			if page.Code != http.StatusOK {
				t.Fatalf("GET /gaps = %d; want 200", page.Code)
			}
			body := page.Body.String()
			for _, want := range tt.wantPage {
				if !strings.Contains(body, want) {
					t.Errorf("GET /gaps does not contain %q\n%s", want, body)
				}
			}
			if containsFold(body, "<script") {
				t.Errorf("GET /gaps contains a raw <script")
			}

			api := serve(t, h, http.MethodGet, "/api/gaps", nil)
			if api.Code != tt.wantAPI {
				t.Fatalf("GET /api/gaps = %d %s; want %d", api.Code, api.Body, tt.wantAPI)
			}
			if tt.wantAPI != http.StatusOK {
				if msg := checkErrorJSON(t, api.Header(), api.Body.Bytes()); msg != "gap tracking is off" {
					t.Errorf("GET /api/gaps error = %q; want %q", msg, "gap tracking is off")
				}
			} else {
				if got := api.Body.String(); got != tt.wantJSON {
					t.Errorf("GET /api/gaps = %s; want %s", got, tt.wantJSON)
				}
				var decoded []gapView
				if err := json.Unmarshal(api.Body.Bytes(), &decoded); err != nil {
					t.Fatal(err)
				}
				for i, g := range decoded {
					if g.Question != gaps[i].Question || g.Count != gaps[i].Count {
						t.Errorf("GET /api/gaps [%d] = %+v; want %+v", i, g, gaps[i])
					}
				}
			}

			if fg, ok := tt.lister.(*fakeGaps); ok {
				if got := fg.requests(); !reflect.DeepEqual(got, tt.wantAsked) && !(len(got) == 0 && len(tt.wantAsked) == 0) {
					t.Errorf("Gaps called with %v; want %v", got, tt.wantAsked)
				}
			}
		})
	}
}

func TestGapsGolden(t *testing.T) {
	h := New(Config{Bot: &fakeBot{}, Gaps: &fakeGaps{enabled: true, gaps: []bot.Gap{
		{Question: "Who is the prosecutor?", Count: 5, FirstSeen: day(20), LastSeen: day(27)},
		{Question: "What is the court's budget for 2026?", Count: 2, FirstSeen: day(27), LastSeen: day(27)},
	}}})
	checkGolden(t, "gaps.html", serve(t, h, http.MethodGet, "/gaps", nil).Body.Bytes())
}

// BenchmarkPlayground measures rendering the page for an answer.
func BenchmarkPlayground(b *testing.B) {
	h := New(Config{Bot: &fakeBot{reply: answeredReply()}})
	b.ReportAllocs()
	for b.Loop() {
		req := newRequest(http.MethodGet, "/?q=When+does+the+Assembly+meet%3F", nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET /?q= = %d", rec.Code)
		}
	}
}
