package httpapi

import (
	"encoding/base64"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/knowledge"
	"iccbot/internal/library"
)

const modToken = "moderator-token-0123456789"

func bearer(req *http.Request) *http.Request {
	req.Header.Set("Authorization", "Bearer "+modToken)
	return req
}

// basicAuth is what a moderator's browser sends once it has asked for the
// password: it sends it again with every request to the site, whichever
// page the request comes from.
func basicAuth(req *http.Request) *http.Request {
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("mod:"+modToken)))
	return req
}

func do(h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestPlaygroundCommands: the playground reads commands as a chat does,
// and tells the bot whether the request comes from a moderator.
func TestPlaygroundCommands(t *testing.T) {
	tests := []struct {
		q        string
		auth     func(*http.Request) *http.Request
		token    string
		wantCmd  string
		wantText string
		wantMod  bool
	}{
		{q: "help", wantCmd: bot.CmdHelp, wantMod: true},
		{q: "/sources", wantCmd: bot.CmdSources, wantMod: true},
		{q: "Sources?", wantCmd: bot.CmdSources, wantMod: true},
		{q: "/ask When does the Assembly meet?", wantCmd: bot.CmdAsk, wantText: "When does the Assembly meet?", wantMod: true},
		{q: "gaps", wantCmd: bot.CmdGaps, wantMod: true},
		{q: "gaps", token: modToken, wantCmd: bot.CmdGaps, wantMod: false},
		{q: "gaps", token: modToken, auth: bearer, wantCmd: bot.CmdGaps, wantMod: true},
		{q: "/gaps", token: modToken, auth: basicAuth, wantCmd: bot.CmdGaps, wantMod: true},
		{q: "help me with the budget", wantCmd: bot.CmdAsk, wantText: "help me with the budget", wantMod: true},
	}
	for _, tt := range tests {
		name := tt.q
		if tt.token != "" {
			name += ", token set"
		}
		if tt.auth != nil {
			name += ", token sent"
		}
		t.Run(name, func(t *testing.T) {
			fb := &fakeBot{reply: bot.Reply{Kind: bot.KindInfo, Title: "Info"}}
			req := newRequest(http.MethodGet, "/?q="+url.QueryEscape(tt.q), nil)
			if tt.auth != nil {
				tt.auth(req)
			}
			rec := do(New(Config{Bot: fb, ModeratorToken: tt.token}), req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /?q=%q = %d; want 200", tt.q, rec.Code)
			}
			want := []bot.Message{{Platform: "playground", User: "192.0.2.1", Command: tt.wantCmd, Text: tt.wantText, Addressed: true, Moderator: tt.wantMod}}
			if got := fb.messages(); !reflect.DeepEqual(got, want) {
				t.Errorf("GET /?q=%q: bot received %+v; want %+v", tt.q, got, want)
			}
		})
	}
}

// TestPlaygroundCommandsWithTheBot drives the real conversation layer
// through the playground: help and sources answer, gaps only for a
// moderator, and no command is ever counted as an unanswered question.
func TestPlaygroundCommandsWithTheBot(t *testing.T) {
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatalf("knowledge.Load: %v %v", err, problems)
	}
	e := answer.New(kb)
	b := bot.New(bot.Config{Gaps: true, RatePerMinute: 6000, Burst: 1000}, e, engineKB{e}, slog.New(slog.DiscardHandler), time.Now, nil)
	h := New(Config{Bot: b, Gaps: b, ModeratorToken: modToken})

	page := func(t *testing.T, q string, auth func(*http.Request) *http.Request) string {
		t.Helper()
		req := newRequest(http.MethodGet, "/?q="+url.QueryEscape(q), nil)
		if auth != nil {
			auth(req)
		}
		rec := do(h, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET /?q=%q = %d; want 200", q, rec.Code)
		}
		return rec.Body.String()
	}
	for _, tt := range []struct {
		q    string
		auth func(*http.Request) *http.Request
		want string
	}{
		{"help", nil, "Commands: ask, sources, help."},
		{"/help", nil, "Commands: ask, sources, help."},
		{"sources", nil, "I answer from these documents:\n- Human Rights Watch briefing"},
		{"gaps", nil, "That command is for moderators."},
		{"/gaps", bearer, "No unanswered questions recently."},
		{"/ask help", nil, "does not cover"},
		{"ask", nil, "Ask a question after the command"},
	} {
		if body := page(t, tt.q, tt.auth); !strings.Contains(body, tt.want) {
			t.Errorf("GET /?q=%q does not contain %q:\n%s", tt.q, tt.want, body)
		}
	}
	if got := b.Gaps(10); len(got) != 0 {
		t.Errorf("after commands only, gaps = %+v; want none", got)
	}

	page(t, "Who won the 1998 World Cup?", nil)
	if got := b.Gaps(10); len(got) != 1 || got[0].Question != "Who won the 1998 World Cup?" {
		t.Errorf("gaps = %+v; want the one real question", got)
	}
	if body := page(t, "gaps", basicAuth); !strings.Contains(body, "1× Who won the 1998 World Cup?") {
		t.Errorf("gaps for a moderator does not list the question:\n%s", body)
	}
}

// engineKB serves one engine to the bot.
type engineKB struct{ e *answer.Engine }

func (k engineKB) Engine() *answer.Engine { return k.e }

// TestClearGaps: POST /gaps forgets the list, for moderators only and
// never from another site's page, even one whose visitor's browser holds
// the moderator's password.
func TestClearGaps(t *testing.T) {
	tests := []struct {
		name    string
		token   string // configured
		off     bool   // gap tracking off
		prepare func(*http.Request)
		want    int
	}{
		{name: "no token sent", token: modToken, want: http.StatusUnauthorized},
		{name: "wrong token", token: modToken, prepare: func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") }, want: http.StatusUnauthorized},
		{name: "cross-site form without the token", token: modToken, prepare: func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Origin", "https://evil.example")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, want: http.StatusUnauthorized},
		{name: "cross-site form, browser remembers the password", token: modToken, prepare: func(r *http.Request) {
			basicAuth(r)
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, want: http.StatusForbidden},
		{name: "cross-origin by Origin alone, password remembered", token: modToken, prepare: func(r *http.Request) {
			basicAuth(r)
			r.Header.Set("Origin", "https://evil.example")
		}, want: http.StatusForbidden},
		{name: "no token configured, cross-site form", prepare: func(r *http.Request) {
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, want: http.StatusForbidden},
		{name: "same-site but another origin", token: modToken, prepare: func(r *http.Request) {
			basicAuth(r)
			r.Header.Set("Sec-Fetch-Site", "same-site")
		}, want: http.StatusForbidden},
		{name: "the gaps page's own form", token: modToken, prepare: func(r *http.Request) {
			basicAuth(r)
			r.Header.Set("Sec-Fetch-Site", "same-origin")
			r.Header.Set("Origin", "http://localhost")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, want: http.StatusSeeOther},
		{name: "own form, browser without Sec-Fetch-Site (plain HTTP, not loopback)", token: modToken, prepare: func(r *http.Request) {
			basicAuth(r)
			r.Header.Set("Origin", "http://localhost")
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}, want: http.StatusSeeOther},
		{name: "a program with the token", token: modToken, prepare: func(r *http.Request) { bearer(r) }, want: http.StatusSeeOther},
		{name: "no token configured, own form", prepare: func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "same-origin") }, want: http.StatusSeeOther},
		{name: "tracking off", token: modToken, off: true, prepare: func(r *http.Request) { bearer(r) }, want: http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fg := &fakeGaps{enabled: !tt.off, gaps: []bot.Gap{
				{Question: "Who is the prosecutor?", Count: 5, FirstSeen: day(20), LastSeen: day(27)},
				{Question: "What is the budget?", Count: 1, FirstSeen: day(27), LastSeen: day(27)},
			}}
			h := New(Config{Bot: &fakeBot{}, Gaps: fg, ModeratorToken: tt.token})
			req := newRequest(http.MethodPost, "/gaps", strings.NewReader(""))
			req.Header.Del("Content-Type")
			if tt.prepare != nil {
				tt.prepare(req)
			}
			rec := do(h, req)
			if rec.Code != tt.want {
				t.Fatalf("POST /gaps (%s) = %d %q; want %d", tt.name, rec.Code, rec.Body, tt.want)
			}
			wantClears := 0
			if tt.want == http.StatusSeeOther {
				wantClears = 1
				if loc := rec.Header().Get("Location"); loc != "/gaps?cleared=2" {
					t.Errorf("Location = %q; want /gaps?cleared=2", loc)
				}
			}
			if got := fg.clears(); got != wantClears {
				t.Errorf("ClearGaps called %d times; want %d", got, wantClears)
			}
		})
	}

	t.Run("the page after clearing", func(t *testing.T) {
		h := New(Config{Bot: &fakeBot{}, Gaps: &fakeGaps{enabled: true}, ModeratorToken: modToken})
		rec := do(h, bearer(newRequest(http.MethodGet, "/gaps?cleared=2", nil)))
		// Its form must carry its origin (a POST under "no-referrer"
		// carries "Origin: null").
		if rp := rec.Header().Get("Referrer-Policy"); rp != "same-origin" {
			t.Errorf("GET /gaps Referrer-Policy = %q; want same-origin", rp)
		}
		if !strings.Contains(rec.Body.String(), `<meta name="referrer" content="same-origin">`) {
			t.Errorf("GET /gaps: no same-origin referrer meta tag")
		}
		body := rec.Body.String()
		for _, want := range []string{`<p id="cleared" class="notice">The list was cleared (2 questions).</p>`, `<p id="no-gaps">`} {
			if !strings.Contains(body, want) {
				t.Errorf("GET /gaps?cleared=2 does not contain %q:\n%s", want, body)
			}
		}
		if body := do(h, bearer(newRequest(http.MethodGet, "/gaps?cleared=<b>", nil))).Body.String(); strings.Contains(body, `id="cleared"`) {
			t.Errorf("GET /gaps?cleared=<b> shows a clearing notice")
		}
	})
}

// TestPlaygroundCitationLinks: a citation links to its document when it
// has an http(s) address, escaped, with rel="noopener noreferrer nofollow";
// any other address is not linked. No page shows a passage id.
func TestPlaygroundCitationLinks(t *testing.T) {
	a := answer.Answer{Question: "q", Answered: true, Mode: answer.ModeExtractive, Lead: "Here is what the briefing says:",
		Citations: []answer.Citation{
			{Source: "a.md", Title: `Report "A" & <B>`, Passage: "661b601cca", Number: 4, Quote: "First.",
				URL: `https://example.org/r?a=1&b="x"<y>`},
			{Source: "b.md", Title: "Script", Passage: "0a1b2c3d4e", Number: 2, Quote: "Second.", URL: "javascript:alert(1)"},
			{Source: "c.md", Title: "Plain", Passage: "ffeeddccbb", Number: 1, Quote: "Third."},
		}}
	a.Text = answer.Render(a)
	body := serve(t, New(Config{Bot: &fakeBot{reply: bot.Reply{Kind: bot.KindAnswer, Answer: &a}}}), http.MethodGet, "/?q=q", nil).Body.String()
	for _, want := range []string{
		`— <a href="https://example.org/r?a=1&amp;b=%22x%22%3cy%3e" rel="noopener noreferrer nofollow">Report &#34;A&#34; &amp; &lt;B&gt;</a>, ¶4 · file <code>a.md</code></p>`,
		`— Script, ¶2 · file <code>b.md</code></p>`,
		`— Plain, ¶1 · file <code>c.md</code></p>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("playground does not contain %q:\n%s", want, body)
		}
	}
	for _, unwanted := range []string{"javascript:", "661b601cca", "0a1b2c3d4e", "ffeeddccbb", `"x"<y>`} {
		if strings.Contains(body, unwanted) {
			t.Errorf("playground contains %q", unwanted)
		}
	}
}

// fakeKnowledge is a fixed library state.
type fakeKnowledge struct {
	snap   *library.Snapshot
	status library.Status
}

func (f fakeKnowledge) Snapshot() *library.Snapshot { return f.snap }
func (f fakeKnowledge) Status() library.Status      { return f.status }

// knowledgeFixture is testdata/knowledge, hostile title and all, as a
// library would hold it after a reload whose latest change broke a file.
func knowledgeFixture(t *testing.T) (fakeKnowledge, *knowledge.Base) {
	t.Helper()
	kb, problems, err := knowledge.Load("testdata/knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatalf("knowledge.Load(testdata/knowledge): %v %v", err, problems)
	}
	loaded := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	return fakeKnowledge{
		snap: &library.Snapshot{Engine: answer.New(kb), LoadedAt: loaded},
		status: library.Status{
			Documents: len(kb.Docs), Passages: len(kb.Passages), LoadedAt: loaded,
			Problems: []string{
				`testdata/knowledge/report.md:5: front matter: date "<script>" is not YYYY-MM-DD, YYYY-MM or YYYY`,
				"testdata/knowledge/notes/broken.md:1: invalid UTF-8 at byte 0; save the file as UTF-8",
			},
			Warnings: []string{
				"testdata/knowledge/notes/faq.txt: warning: repeats <report.md> in part",
				"testdata/knowledge/slides.pdf: warning: skipped: .pdf files are not read",
			},
			LastAttempt: loaded.Add(30 * time.Minute),
			Reloads:     3,
			Failures:    1,
		},
	}, kb
}

// TestKnowledgePage pins the whole page (golden file), and checks what
// matters on it: every passage with its ¶N, nothing from the files
// unescaped, the link, the reload's outcome and each file's problems.
func TestKnowledgePage(t *testing.T) {
	src, kb := knowledgeFixture(t)
	h := New(Config{Bot: &fakeBot{}, Knowledge: src, KnowledgeDir: "testdata/knowledge", ModeratorToken: modToken})
	rec := do(h, bearer(newRequest(http.MethodGet, "/knowledge", nil)))
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /knowledge = %d %s; want 200", rec.Code, rec.Body)
	}
	body := rec.Body.String()
	checkGolden(t, "knowledge.html", rec.Body.Bytes())

	for _, raw := range []string{"<script", "<img", "<b>", "<em>", "<x>", `"html"`} {
		if containsFold(body, raw) {
			t.Errorf("GET /knowledge contains raw %q", raw)
		}
	}
	for _, want := range []string{
		`<h2>&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; Rights &amp; &#34;Wrongs&#34; &lt;b&gt;report&lt;/b&gt;</h2>`,
		`<a href="https://example.org/reports/2025?lang=en&amp;format=%22html%22%3cx%3e" rel="noopener noreferrer nofollow">`,
		`<dt>Date</dt><dd>2025-11-20</dd>`,
		`<dt>Loaded</dt><dd>2026-11-27 09:30:00 UTC</dd>`,
		`<p id="outcome" class="bad">The latest change has problems: the bot answers from the knowledge loaded at 2026-11-27 09:30:00 UTC.</p>`,
		`<dt>Reloads</dt><dd>3 loaded, 1 rejected</dd>`,
		`<li><code>testdata/knowledge/notes/broken.md:1: invalid UTF-8 at byte 0; save the file as UTF-8</code></li>`,
		// The problem with report.md is listed under report.md too.
		`<dt>Problems</dt><dd><ul class="problems"><li><code>testdata/knowledge/report.md:5: front matter: date &#34;&lt;script&gt;&#34; is not YYYY-MM-DD, YYYY-MM or YYYY</code></li></ul></dd>`,
		`<p class="text">The Assembly of States Parties meets in The Hague, Netherlands, from December 1 to 6, 2025; &lt;img src=x onerror=alert(1)&gt; is text here, and so is &amp;amp;.</p>`,
		"<p class=\"text\">Member countries should meet their\nobligations to arrest and surrender\nsuspects sought by the court.</p>",
		`<a href="/gaps">unanswered questions</a>`,
		`<li><code>testdata/knowledge/slides.pdf: warning: skipped: .pdf files are not read</code></li>`,
		`<dt>Warnings</dt><dd><ul class="warnings"><li><code>testdata/knowledge/notes/faq.txt: warning: repeats &lt;report.md&gt; in part</code></li></ul></dd>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /knowledge does not contain %q", want)
		}
	}
	for _, p := range kb.Passages {
		want := `<li class="passage" id="passage-` + p.ID + `">` + "\n" + `<p class="where"><span class="n">¶` + strconv.Itoa(p.Number) + `</span>`
		if !strings.Contains(body, want) {
			t.Errorf("GET /knowledge lacks passage %s:%d as %q", p.Doc.Path, p.Number, want)
		}
	}
	if n := strings.Count(body, `<li class="passage"`); n != len(kb.Passages) {
		t.Errorf("GET /knowledge shows %d passages; want %d", n, len(kb.Passages))
	}
}

func TestKnowledgePageNothingLoaded(t *testing.T) {
	for name, src := range map[string]KnowledgeSource{
		"no source":   nil,
		"no snapshot": fakeKnowledge{status: library.Status{Problems: []string{"knowledge: no .md or .txt files to answer from"}, Failures: 1}},
	} {
		t.Run(name, func(t *testing.T) {
			rec := serve(t, New(Config{Bot: &fakeBot{}, Knowledge: src}), http.MethodGet, "/knowledge", nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET /knowledge = %d; want 200", rec.Code)
			}
			body := rec.Body.String()
			for _, want := range []string{`<p id="outcome" class="bad">No knowledge loaded.</p>`, `<p id="no-knowledge">`} {
				if !strings.Contains(body, want) {
					t.Errorf("GET /knowledge does not contain %q:\n%s", want, body)
				}
			}
		})
	}
}

// TestModeratorPagesLinked: the playground's footer and the gaps page link
// to the knowledge page.
func TestModeratorPagesLinked(t *testing.T) {
	h := New(Config{Bot: &fakeBot{}, Gaps: &fakeGaps{enabled: true}})
	for _, path := range []string{"/", "/gaps"} {
		body := serve(t, h, http.MethodGet, path, nil).Body.String()
		_, footer, _ := strings.Cut(body, "<footer>")
		if !strings.Contains(footer, `<a href="/knowledge">`) {
			t.Errorf("GET %s: no link to /knowledge in the footer", path)
		}
	}
}

func TestKnowledgeOutcome(t *testing.T) {
	at := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	tests := []struct {
		st   library.Status
		want string
	}{
		{library.Status{}, "No knowledge loaded."},
		{library.Status{Ready: true, Documents: 1, Passages: 9, LoadedAt: at}, "The last reload succeeded: 1 document, 9 passages."},
		{library.Status{Ready: true, Documents: 2, Passages: 1, LoadedAt: at}, "The last reload succeeded: 2 documents, 1 passage."},
		{library.Status{Documents: 2, Passages: 9, LoadedAt: at, Problems: []string{"x"}}, "The latest change has problems: the bot answers from the knowledge loaded at 2026-11-27 09:30:00 UTC."},
	}
	for _, tt := range tests {
		if got := outcome(tt.st); got != tt.want {
			t.Errorf("outcome(%+v) = %q; want %q", tt.st, got, tt.want)
		}
	}
}
