package httpapi

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"iccbot/internal/bot"
)

// contractAnswer is exactly the JSON object CONTRACT.md promises: decoding
// with DisallowUnknownFields fails on any extra field.
type contractAnswer struct {
	Question  string             `json:"question"`
	Answered  bool               `json:"answered"`
	Answer    string             `json:"answer"`
	Citations []contractCitation `json:"citations"`
	Mode      string             `json:"mode"`
}

type contractCitation struct {
	Source  string `json:"source"`
	Title   string `json:"title"`
	Passage string `json:"passage"`
	Quote   string `json:"quote"`
}

// decodeContract decodes body strictly and checks that all five fields are
// present (a missing field would decode as its zero value).
func decodeContract(t *testing.T, body []byte) contractAnswer {
	t.Helper()
	var got contractAnswer
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decoding %s: %v; want exactly question/answered/answer/citations/mode", body, err)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"question", "answered", "answer", "citations", "mode"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("response %s has no %q field", body, f)
		}
	}
	return got
}

func TestAskAnswers(t *testing.T) {
	answered, notCovered := answeredReply(), notCoveredReply()
	tests := []struct {
		name     string
		reply    bot.Reply
		body     string
		wantConv string
		want     contractAnswer
	}{
		{
			name:     "covered",
			reply:    answered,
			body:     `{"question": "When does the Assembly meet?"}`,
			wantConv: "",
			want: contractAnswer{
				Question: "When does the Assembly meet?",
				Answered: true,
				Answer:   answered.Answer.Text,
				Citations: []contractCitation{
					{Source: "hrw-icc-asp-2025.md", Title: "HRW briefing", Passage: "661b601cca", Quote: "The Assembly will meet in The Hague from December 1 to 6, 2025."},
					{Source: "hrw-icc-asp-2025.md", Title: "HRW briefing", Passage: "0a1b2c3d4e", Quote: "States parties should\n  renew their support."},
				},
				Mode: "extractive",
			},
		},
		{
			name:     "not covered, citations nil in the reply",
			reply:    notCovered,
			body:     `{"question": "Who won the 1998 World Cup?", "conversation": "team-7"}`,
			wantConv: "team-7",
			want: contractAnswer{
				Question:  "Who won the 1998 World Cup?",
				Answer:    notCovered.Answer.Text,
				Citations: []contractCitation{},
				Mode:      "extractive",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: tt.reply}
			rec := serve(t, New(Config{Bot: fb}), http.MethodPost, "/api/ask", strings.NewReader(tt.body))
			if rec.Code != http.StatusOK {
				t.Fatalf("POST /api/ask %s = %d %s; want 200", tt.body, rec.Code, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q; want application/json", ct)
			}
			got := decodeContract(t, rec.Body.Bytes())
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("POST /api/ask %s =\n%+v\nwant\n%+v", tt.body, got, tt.want)
			}
			if !tt.want.Answered && !bytes.Contains(rec.Body.Bytes(), []byte(`"citations":[]`)) {
				t.Errorf("unanswered body %s; want \"citations\":[] (not null)", rec.Body)
			}

			var question struct{ Question string }
			json.Unmarshal([]byte(tt.body), &question)
			wantMsg := []bot.Message{{
				Platform:     "http",
				Conversation: tt.wantConv,
				User:         "192.0.2.1",
				Command:      bot.CmdAsk,
				Text:         question.Question,
				Addressed:    true,
			}}
			if got := fb.messages(); !reflect.DeepEqual(got, wantMsg) {
				t.Errorf("bot received %+v; want %+v", got, wantMsg)
			}
		})
	}
}

// TestAskContentType: only a body declared JSON is read, so that no
// cross-site HTML form (which can only send form, multipart or text
// bodies) can post questions.
func TestAskContentType(t *testing.T) {
	tests := []struct {
		contentType string
		wantStatus  int
	}{
		{"application/json", 200},
		{"application/json; charset=utf-8", 200},
		{"Application/JSON;charset=UTF-8", 200},
		{"", 415},
		{"application/x-www-form-urlencoded", 415},
		{"multipart/form-data; boundary=x", 415},
		{"text/plain", 415},
		{"text/plain; application/json", 415},
		{"application/jsonp", 415},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			fb := &fakeBot{reply: answeredReply()}
			req := newRequest(http.MethodPost, "/api/ask", strings.NewReader(`{"question":"When does the Assembly meet?"}`))
			req.Header.Del("Content-Type")
			if tt.contentType != "" {
				req.Header.Set("Content-Type", tt.contentType)
			}
			rec := httptest.NewRecorder()
			New(Config{Bot: fb}).ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus {
				t.Fatalf("POST /api/ask with Content-Type %q = %d %s; want %d", tt.contentType, rec.Code, rec.Body, tt.wantStatus)
			}
			if tt.wantStatus == http.StatusOK {
				return
			}
			if msg := checkErrorJSON(t, rec.Header(), rec.Body.Bytes()); !strings.Contains(msg, "application/json") {
				t.Errorf("error %q; want it to name application/json", msg)
			}
			if got := fb.messages(); len(got) != 0 {
				t.Errorf("bot received %+v; want no call", got)
			}
		})
	}
}

// secret is in every bad question below; no error may echo it.
const secret = "zebracorn"

func TestAskBadInput(t *testing.T) {
	tests := []struct {
		name       string
		method     string
		body       string
		wantStatus int
		wantAllow  string
	}{
		{name: "GET", method: "GET", wantStatus: 405, wantAllow: "POST"},
		{name: "PUT with a valid body", method: "PUT", body: `{"question":"` + secret + `?"}`, wantStatus: 405, wantAllow: "POST"},
		{name: "DELETE", method: "DELETE", wantStatus: 405, wantAllow: "POST"},
		{name: "no body", wantStatus: 400},
		{name: "blank body", body: " \n\t ", wantStatus: 400},
		{name: "invalid JSON", body: `{"question": "` + secret, wantStatus: 400},
		{name: "not JSON", body: secret + " when?", wantStatus: 400},
		{name: "form encoded", body: "question=" + secret, wantStatus: 400},
		{name: "array", body: `["` + secret + `"]`, wantStatus: 400},
		{name: "question not a string", body: `{"question": ["` + secret + `"]}`, wantStatus: 400},
		{name: "unknown field", body: `{"question": "` + secret + ` when?", "user": "x"}`, wantStatus: 400},
		{name: "misspelt field", body: `{"qestion": "` + secret + ` when?"}`, wantStatus: 400},
		{name: "two objects", body: `{"question": "` + secret + `?"} {"question": "b"}`, wantStatus: 400},
		{name: "trailing garbage", body: `{"question": "` + secret + `?"} x`, wantStatus: 400},
		{name: "no question field", body: `{}`, wantStatus: 400},
		{name: "null", body: `null`, wantStatus: 400},
		{name: "empty question", body: `{"question": ""}`, wantStatus: 400},
		{name: "only punctuation and spaces", body: `{"question": "  ?!  … "}`, wantStatus: 400},
		{name: "too long", body: `{"question": "` + secret + strings.Repeat(" a", 500) + `"}`, wantStatus: 400},
		{name: "conversation too long", body: `{"question": "` + secret + `?", "conversation": "` + strings.Repeat("c", 129) + `"}`, wantStatus: 400},
		{name: "1 MB body", body: `{"question": "` + secret + strings.Repeat("a", 1<<20) + `"}`, wantStatus: 413},
		{name: "just over the limit", body: `{"question": "` + secret + `", "conversation": "` + strings.Repeat("c", DefaultMaxBody) + `"}`, wantStatus: 413},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			fb := &fakeBot{reply: answeredReply()}
			var logs logBuffer
			h := New(Config{Bot: fb, Log: newDebugLogger(&logs)})
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			rec := serve(t, h, method, "/api/ask", body)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s /api/ask (%s) = %d %s; want %d", method, tt.name, rec.Code, rec.Body, tt.wantStatus)
			}
			if tt.wantAllow != "" {
				if got := rec.Header().Get("Allow"); got != tt.wantAllow {
					t.Errorf("Allow = %q; want %q", got, tt.wantAllow)
				}
			}
			msg := checkErrorJSON(t, rec.Header(), rec.Body.Bytes())
			if strings.Contains(msg, secret) {
				t.Errorf("error %q echoes the request", msg)
			}
			if got := fb.messages(); len(got) != 0 {
				t.Errorf("bot received %+v; want no call for bad input", got)
			}
			if strings.Contains(logs.String(), secret) {
				t.Errorf("logs contain the question: %s", logs.String())
			}
		})
	}
}

// TestAskOversizedOverTheWire sends 1 MB to a real server, once with a
// Content-Length and once chunked, where only reading finds the excess.
func TestAskOversizedOverTheWire(t *testing.T) {
	fb := &fakeBot{reply: answeredReply()}
	srv := httptest.NewServer(New(Config{Bot: fb}))
	defer srv.Close()
	big := `{"question": "` + strings.Repeat("a", 1<<20) + `"}`
	tests := []struct {
		name string
		body io.Reader
	}{
		{"with Content-Length", strings.NewReader(big)},
		{"chunked", io.MultiReader(strings.NewReader(big))}, // hides the length
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := srv.Client().Post(srv.URL+"/api/ask", "application/json", tt.body)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusRequestEntityTooLarge {
				t.Errorf("POST 1 MB (%s) = %d %s; want 413", tt.name, resp.StatusCode, body)
			}
			checkErrorJSON(t, resp.Header, body)
		})
	}
	if got := fb.messages(); len(got) != 0 {
		t.Errorf("bot received %d messages; want none", len(got))
	}
}

func TestAskMaxBodyConfigurable(t *testing.T) {
	fb := &fakeBot{reply: answeredReply()}
	h := New(Config{Bot: fb, MaxBody: 64})
	small := `{"question":"When does the Assembly meet?"}`
	if rec := serve(t, h, http.MethodPost, "/api/ask", strings.NewReader(small)); rec.Code != http.StatusOK {
		t.Errorf("POST %d bytes with MaxBody 64 = %d; want 200", len(small), rec.Code)
	}
	large := `{"question":"When does the Assembly of States Parties meet this year?"}`
	if rec := serve(t, h, http.MethodPost, "/api/ask", strings.NewReader(large)); rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("POST %d bytes with MaxBody 64 = %d; want 413", len(large), rec.Code)
	}
}

// TestAskStatuses: a notice or silence from the bot becomes the status its
// reason calls for, with the bot's words as the error; an answer, covered
// or not, is 200.
func TestAskStatuses(t *testing.T) {
	tests := []struct {
		name           string
		reply          bot.Reply
		wantStatus     int
		wantError      string // "" for an answer
		wantRetryAfter string
	}{
		{"answered", answeredReply(), 200, "", ""},
		{"not covered", notCoveredReply(), 200, "", ""},
		{"rate limited",
			bot.Reply{Kind: bot.KindNotice, Title: "You're asking faster than I can keep up with.", Reason: bot.ReasonRateLimited, RetryAfter: 9500 * time.Millisecond},
			429, "You're asking faster than I can keep up with.", "10"},
		{"rate limited, wait unknown", bot.Reply{Kind: bot.KindNotice, Title: "Slow down.", Reason: bot.ReasonRateLimited}, 429, "Slow down.", ""},
		{"silence after the rate-limit notice", bot.Reply{Kind: bot.KindNone, Reason: bot.ReasonRateLimited, RetryAfter: 3 * time.Second}, 429, errQuiet, "3"},
		{"busy", bot.Reply{Kind: bot.KindNotice, Title: "I'm answering a lot of questions right now.", Reason: bot.ReasonBusy}, 503, "I'm answering a lot of questions right now.", ""},
		{"internal error", bot.Reply{Kind: bot.KindNotice, Title: "Sorry, something went wrong.", Reason: bot.ReasonInternal}, 500, "Sorry, something went wrong.", ""},
		{"not understood", bot.Reply{Kind: bot.KindNotice, Title: "Please ask a question in words.", Reason: bot.ReasonNotUnderstood}, 400, "Please ask a question in words.", ""},
		{"notice without a reason", bot.Reply{Kind: bot.KindNotice, Title: "That command is for moderators."}, 500, "internal error", ""},
		{"silence without a reason", bot.Reply{Kind: bot.KindNone}, 500, "internal error", ""},
		{"info is not an answer", bot.Reply{Kind: bot.KindInfo, Title: "Help", Lines: []string{"ask"}}, 500, "internal error", ""},
		{"answer kind without an answer", bot.Reply{Kind: bot.KindAnswer}, 500, "internal error", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: tt.reply}
			rec := serve(t, New(Config{Bot: fb}), http.MethodPost, "/api/ask", strings.NewReader(`{"question":"When?"}`))
			if rec.Code != tt.wantStatus {
				t.Errorf("POST /api/ask with reply %+v = %d; want %d", tt.reply, rec.Code, tt.wantStatus)
			}
			if got := rec.Header().Get("Retry-After"); got != tt.wantRetryAfter {
				t.Errorf("Retry-After = %q; want %q", got, tt.wantRetryAfter)
			}
			if tt.wantError == "" {
				decodeContract(t, rec.Body.Bytes())
			} else if got := checkErrorJSON(t, rec.Header(), rec.Body.Bytes()); got != tt.wantError {
				t.Errorf("error = %q; want %q", got, tt.wantError)
			}
			if got := len(fb.messages()); got != 1 {
				t.Errorf("bot received %d messages; want 1", got)
			}
		})
	}
}

// TestAskLogsNoQuestionOrAddress runs answered, rejected and failed
// requests with the logger at debug and checks that neither the question
// nor the client address reaches the log.
func TestAskLogsNoQuestionOrAddress(t *testing.T) {
	var logs logBuffer
	for _, reply := range []bot.Reply{answeredReply(), notCoveredReply(), {Kind: bot.KindNotice, Title: "slow down"}, {Kind: bot.KindInfo}} {
		h := New(Config{Bot: &fakeBot{reply: reply}, Log: newDebugLogger(&logs)})
		serve(t, h, http.MethodPost, "/api/ask", strings.NewReader(`{"question":"`+secret+` meets when?"}`))
		serve(t, h, http.MethodGet, "/?q="+secret, nil)
	}
	got := logs.String()
	if got == "" {
		t.Fatal("nothing logged at debug; want at least one line per request")
	}
	for _, leak := range []string{secret, "192.0.2.1"} {
		if strings.Contains(got, leak) {
			t.Errorf("log contains %q:\n%s", leak, got)
		}
	}
}

// BenchmarkAsk measures what the endpoint adds around the bot: reading,
// validating, decoding and encoding one request.
func BenchmarkAsk(b *testing.B) {
	h := New(Config{Bot: &fakeBot{reply: answeredReply()}})
	body := []byte(`{"question":"When does the Assembly meet?"}`)
	b.ReportAllocs()
	for b.Loop() {
		req := newRequest(http.MethodPost, "/api/ask", bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("POST /api/ask = %d", rec.Code)
		}
	}
}
