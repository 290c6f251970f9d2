package httpapi

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/knowledge"
)

// ratingBot is the real conversation layer over the real knowledge, with
// feedback on (or off) and a fixed clock.
func ratingBot(t *testing.T, on bool) *bot.Bot {
	t.Helper()
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	e := answer.New(kb)
	cfg := bot.Config{}
	if on {
		cfg.Feedback = feedback.NewMemory(0, 0)
	}
	now := func() time.Time { return time.Date(2026, 11, 30, 10, 0, 0, 0, time.UTC) }
	return bot.New(cfg, e, engineKB{e}, nil, now, nil)
}

// postForm is the playground's own form, as a browser posts it.
func postForm(t *testing.T, h http.Handler, path string, form url.Values, remote string) *http.Response {
	t.Helper()
	req := newRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if remote != "" {
		req.RemoteAddr = remote
	}
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

var feedbackIDRe = regexp.MustCompile(`name="id" value="([0-9a-f]+)"`)

// TestPlaygroundRating drives the playground's rating form end to end:
// the answer page carries the form, a click is acknowledged, a second
// click by the same visitor changes the rating, a report with a reason
// reaches the flagged page and /api/feedback, and neither names anyone.
func TestPlaygroundRating(t *testing.T) {
	b := ratingBot(t, true)
	h := New(Config{Bot: b, Feedback: b, Gaps: b})
	const q = "When does the Assembly of States Parties meet?"
	page := serve(t, h, http.MethodGet, "/?q="+url.QueryEscape(q), nil)
	m := feedbackIDRe.FindStringSubmatch(page.Body.String())
	if m == nil {
		t.Fatalf("the answer page has no rating form:\n%s", page.Body.String())
	}
	if rp := page.Header().Get("Referrer-Policy"); rp != "same-origin" {
		t.Errorf("answer page Referrer-Policy = %q; want same-origin, so its form's POST carries the origin", rp)
	}
	id := m[1]
	steps := []struct {
		remote, rating, reason, want string
	}{
		{"192.0.2.7:1000", "down", "", "Thanks for rating this answer."},
		{"192.0.2.7:1001", "down", "", "Thanks for rating this answer."}, // a double click
		{"192.0.2.7:1002", "up", "", "Thanks: your rating of this answer is changed."},
		{"192.0.2.8:1000", "report", "The <b>date</b> is wrong", "Thanks for reporting this answer."},
	}
	for i, st := range steps {
		resp := postForm(t, h, "/feedback", url.Values{"id": {id}, "rating": {st.rating}, "reason": {st.reason}, "q": {q}}, st.remote)
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, st.want) {
			t.Errorf("step %d: POST /feedback = %d, want %q in:\n%s", i, resp.StatusCode, st.want, body)
		}
		if !strings.Contains(body, `<a href="/?q=`+strings.ReplaceAll(url.QueryEscape(q), "+", "&#43;")+`">Back to the answer</a>`) {
			t.Errorf("step %d: no link back to the answer in %s", i, body)
		}
	}

	var fs []feedback.Flagged
	rec := serve(t, h, http.MethodGet, "/api/feedback", nil)
	if err := json.Unmarshal(rec.Body.Bytes(), &fs); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("GET /api/feedback = %d %s: %v", rec.Code, rec.Body, err)
	}
	if len(fs) != 1 || fs[0].Up != 1 || fs[0].Reports != 1 || fs[0].Down != 0 || fs[0].Question != q || len(fs[0].Reasons) != 1 {
		t.Errorf("/api/feedback = %+v; want the answer with 1 up, 1 report and the reason", fs)
	}
	flagged := serve(t, h, http.MethodGet, "/flagged", nil).Body.String()
	for _, want := range []string{"1 reported", "The &lt;b&gt;date&lt;/b&gt; is wrong", `<a href="/gaps">unanswered questions</a>`} {
		if !strings.Contains(flagged, want) {
			t.Errorf("/flagged lacks %q", want)
		}
	}
	for _, who := range []string{"192.0.2.7", "192.0.2.8"} {
		if strings.Contains(flagged, who) || strings.Contains(rec.Body.String(), who) {
			t.Errorf("the flagged answers name a client (%s)", who)
		}
	}
	if gaps := serve(t, h, http.MethodGet, "/gaps", nil).Body.String(); !strings.Contains(gaps, `<a href="/flagged">flagged answers</a>`) {
		t.Error("/gaps does not link to /flagged")
	}

	// Rating an answer the bot no longer keeps (an old page after a restart).
	resp := postForm(t, h, "/feedback", url.Values{"id": {"0123456789ab"}, "rating": {"up"}}, "")
	if body := readBody(t, resp); !strings.Contains(body, "too old to rate") {
		t.Errorf("rating an unknown answer: %s", body)
	}
	// Another site's page cannot rate through a visitor's browser.
	req := newRequest(http.MethodPost, "/feedback", strings.NewReader("id="+id+"&rating=down"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	cross := newRecorder()
	h.ServeHTTP(cross, req)
	if cross.Code != http.StatusForbidden {
		t.Errorf("cross-site POST /feedback = %d; want 403", cross.Code)
	}
	// Clearing.
	cleared := postForm(t, h, "/flagged", url.Values{}, "")
	if cleared.StatusCode != http.StatusSeeOther || cleared.Header.Get("Location") != "/flagged?cleared=1" {
		t.Errorf("POST /flagged = %d to %q; want 303 to /flagged?cleared=1", cleared.StatusCode, cleared.Header.Get("Location"))
	}
	if body := serve(t, h, http.MethodGet, "/flagged", nil).Body.String(); !strings.Contains(body, `id="no-flagged"`) {
		t.Error("after clearing, /flagged still lists answers")
	}
}

func TestPlaygroundRatingOff(t *testing.T) {
	b := ratingBot(t, false)
	h := New(Config{Bot: b, Feedback: b})
	page := serve(t, h, http.MethodGet, "/?q="+url.QueryEscape("When does the Assembly of States Parties meet?"), nil).Body.String()
	if strings.Contains(page, `action="/feedback"`) {
		t.Error("feedback off: the answer page has a rating form")
	}
	if resp := postForm(t, h, "/feedback", url.Values{"id": {"0123456789ab"}, "rating": {"up"}}, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("feedback off: POST /feedback = %d; want 404", resp.StatusCode)
	}
	if rec := serve(t, h, http.MethodGet, "/api/feedback", nil); rec.Code != http.StatusNotFound {
		t.Errorf("feedback off: /api/feedback = %d; want 404", rec.Code)
	}
	if body := serve(t, h, http.MethodGet, "/flagged", nil).Body.String(); !strings.Contains(body, `id="feedback-off"`) {
		t.Error("feedback off: /flagged does not say so")
	}
	// Not-covered answers never carry the form, feedback on or off.
	on := ratingBot(t, true)
	nc := serve(t, New(Config{Bot: on, Feedback: on}), http.MethodGet, "/?q="+url.QueryEscape("Who won the 1998 World Cup?"), nil).Body.String()
	if strings.Contains(nc, `action="/feedback"`) {
		t.Error("a not-covered reply has a rating form")
	}
}

// TestFlaggedGolden pins the flagged page: quotes, counts, reasons, and
// nothing that identifies who rated.
func TestFlaggedGolden(t *testing.T) {
	fb := &fakeFeedback{flagged: []feedback.Flagged{{
		Answer: feedback.Answer{ID: "0123456789ab", Question: "When does the Assembly meet?", Mode: "extractive",
			Citations: []feedback.Citation{{Title: "HRW briefing", Where: "¶4", Quote: "The Assembly will meet in The Hague from December 1 to 6, 2025.", Source: "hrw-icc-asp-2025.md"}}},
		Up: 1, Down: 2, Reports: 3, Reasons: []string{"The dates are wrong <script>"}, LastDay: "2026-11-30",
	}}}
	rec := serve(t, New(Config{Bot: &fakeBot{}, Feedback: fb}), http.MethodGet, "/flagged", nil)
	checkGolden(t, "flagged.html", rec.Body.Bytes())
}

type fakeFeedback struct {
	flagged []feedback.Flagged
}

func (f *fakeFeedback) FeedbackEnabled() bool { return true }
func (f *fakeFeedback) Rate(_ context.Context, _, _, _ string, _ feedback.Rating, _ string) bot.Reply {
	return bot.Reply{Kind: bot.KindNotice, Title: "ok"}
}
func (f *fakeFeedback) Flagged(context.Context, int) ([]feedback.Flagged, error) {
	return f.flagged, nil
}
func (f *fakeFeedback) ClearFeedback(context.Context) (int, error) { return len(f.flagged), nil }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

func readBody(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
