package telegram

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// recorder passes messages on to a handler and keeps what it was given.
type recorder struct {
	next Handler
	mu   sync.Mutex
	msgs []bot.Message
}

func (r *recorder) Handle(ctx context.Context, m bot.Message) bot.Reply {
	r.mu.Lock()
	r.msgs = append(r.msgs, m)
	r.mu.Unlock()
	return r.next.Handle(ctx, m)
}

func (r *recorder) Rate(ctx context.Context, platform, user, id string, rt feedback.Rating, reason string) bot.Reply {
	return r.next.Rate(ctx, platform, user, id, rt, reason)
}

func (r *recorder) last() (bot.Message, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.msgs) == 0 {
		return bot.Message{}, false
	}
	return r.msgs[len(r.msgs)-1], true
}

// feed gives b one update, synchronously, the way poll and the webhook do.
func feed(t *testing.T, b *Bot, update string) {
	t.Helper()
	var u tgUpdate
	if err := json.Unmarshal([]byte(update), &u); err != nil {
		t.Fatalf("bad update %s: %v", update, err)
	}
	b.process(t.Context(), u)
}

// collapse is how quotes are shown: white space collapsed.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestPrivateChatQuestion(t *testing.T) {
	f := newFakeAPI(t)
	e := repoEngine(t)
	b := newTestBot(t, f, realBot(e), nil)
	start(t, b)

	f.push(msg(privateChat, 1001, 77, "When and where does the Assembly of States Parties meet?", nil))
	c := f.nextSend(t)
	for k, want := range map[string]string{
		"chat_id":                  "555",
		"reply_to_message_id":      "77",
		"parse_mode":               "HTML",
		"disable_web_page_preview": "true",
	} {
		if got := c.Form.Get(k); got != want {
			t.Errorf("sendMessage %s = %q; want %q", k, got, want)
		}
	}
	text := c.Form.Get("text")
	shown, err := checkHTML(text)
	if err != nil {
		t.Fatalf("reply is not valid Telegram HTML: %v\n%s", err, text)
	}
	if !strings.Contains(shown, "The Hague") {
		t.Errorf("reply does not answer the question:\n%s", shown)
	}
	src, err := os.ReadFile("../../knowledge/hrw-icc-asp-2025.md")
	if err != nil {
		t.Fatal(err)
	}
	qs := blockquotes(text)
	if len(qs) == 0 {
		t.Fatalf("reply has no <blockquote>:\n%s", text)
	}
	for _, q := range qs {
		if !strings.Contains(collapse(string(src)), q) {
			t.Errorf("quote %q is not verbatim from the source", q)
		}
	}
	if !strings.Contains(shown, "¶") {
		t.Errorf("reply has no citation:\n%s", shown)
	}
	f.noMoreSends(t)

	// The typing indicator went out before the reply, and the command list
	// and the webhook deletion at start.
	actions := f.callsOf("sendChatAction")
	if len(actions) == 0 || actions[0].Form.Get("action") != "typing" || actions[0].At.After(c.At) {
		t.Errorf("sendChatAction calls = %v; want typing before the reply", actions)
	}
	if cmds := f.callsOf("setMyCommands"); len(cmds) != 1 || !strings.Contains(cmds[0].Form.Get("commands"), `"ask"`) {
		t.Errorf("setMyCommands calls = %v; want one listing ask", cmds)
	}
	if len(f.callsOf("deleteWebhook")) != 1 {
		t.Errorf("deleteWebhook was not called before polling")
	}
}

func TestStartAndCommands(t *testing.T) {
	f := newFakeAPI(t)
	b := newTestBot(t, f, realBot(repoEngine(t)), nil)
	identify(t, b)

	feed(t, b, msg(privateChat, 1001, 1, "/start", nil))
	shown, err := checkHTML(f.nextSend(t).Form.Get("text"))
	if err != nil {
		t.Fatal(err)
	}
	head, list, _ := strings.Cut(shown, "\n\n")
	if n := strings.Count(head, "\n") + 1; n != 2 {
		t.Errorf("/start greeting has %d lines; want 2:\n%s", n, head)
	}
	if n := strings.Count(list, "• "); n != 3 {
		t.Errorf("/start offers %d examples; want 3:\n%s", n, shown)
	}

	feed(t, b, msg(privateChat, 1001, 2, "/sources", nil))
	if shown, _ := checkHTML(f.nextSend(t).Form.Get("text")); !strings.Contains(shown, "Human Rights Watch briefing") {
		t.Errorf("/sources = %q; want the document list", shown)
	}
	feed(t, b, msg(privateChat, 1001, 3, "/help", nil))
	if shown, _ := checkHTML(f.nextSend(t).Form.Get("text")); !strings.Contains(shown, "Commands") {
		t.Errorf("/help = %q; want how to ask", shown)
	}
	f.noMoreSends(t)
}

func TestGroup(t *testing.T) {
	const q = "Who has imposed sanctions on ICC officials?"
	fromBot := map[string]any{"message_id": 5, "date": 1, "chat": map[string]any{"id": groupChat.id, "type": "supergroup"},
		"from": map[string]any{"id": 4242, "is_bot": true, "first_name": "ICC bot", "username": "IccTestBot"}, "text": "earlier answer"}
	fromOther := map[string]any{"message_id": 6, "date": 1, "chat": map[string]any{"id": groupChat.id, "type": "supergroup"},
		"from": userJSON(1002, false), "text": "earlier chatter"}
	edited, _ := json.Marshal(map[string]any{"edited_message": map[string]any{
		"message_id": 9, "date": 1, "edit_date": 2, "chat": map[string]any{"id": groupChat.id, "type": "supergroup"},
		"from": userJSON(1001, false), "text": "/ask " + q, "entities": entitiesFor("/ask " + q)}})
	channel, _ := json.Marshal(map[string]any{"channel_post": map[string]any{
		"message_id": 9, "date": 1, "chat": map[string]any{"id": -100999, "type": "channel"}, "text": "/ask " + q}})
	botSender := strings.Replace(msg(groupChat, 1001, 10, "/ask "+q, nil), `"is_bot":false`, `"is_bot":true`, 1)

	tests := []struct {
		name     string
		update   string
		answered bool
		text     string // the question the conversation layer gets
	}{
		{"ask", msg(groupChat, 1001, 10, "/ask "+q, nil), true, q},
		{"ask at this bot", msg(groupChat, 1001, 10, "/ask@IccTestBot "+q, nil), true, q},
		{"ask at this bot, other case", msg(groupChat, 1001, 10, "/ASK@icctestbot "+q, nil), true, q},
		{"mention", msg(groupChat, 1001, 10, "@IccTestBot "+q, nil), true, q},
		{"mention mid-sentence", msg(groupChat, 1001, 10, "hey @IccTestBot "+q, nil), true, "hey " + q},
		{"reply to the bot", msg(groupChat, 1001, 10, q, map[string]any{"reply_to_message": fromBot}), true, q},
		{"photo with a caption mentioning the bot", msg(groupChat, 1001, 10, "", map[string]any{
			"photo":   []any{map[string]any{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}},
			"caption": "@IccTestBot " + q, "caption_entities": entitiesFor("@IccTestBot " + q)}), true, q},
		{"sources", msg(groupChat, 1001, 10, "/sources", nil), true, ""},

		{"plain chatter", msg(groupChat, 1001, 10, q, nil), false, ""},
		{"reply to someone else", msg(groupChat, 1001, 10, q, map[string]any{"reply_to_message": fromOther}), false, ""},
		{"ask at another bot", msg(groupChat, 1001, 10, "/ask@OtherBot "+q, nil), false, ""},
		{"another bot's command", msg(groupChat, 1001, 10, "/weather Paris", nil), false, ""},
		{"mention of another bot", msg(groupChat, 1001, 10, "@OtherBot "+q, nil), false, ""},
		{"edited message", string(edited), false, ""},
		{"channel post", string(channel), false, ""},
		{"sticker", msg(groupChat, 1001, 10, "", map[string]any{"sticker": map[string]any{"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1}}), false, ""},
		{"photo without caption", msg(privateChat, 1001, 10, "", map[string]any{"photo": []any{map[string]any{"file_id": "x", "file_unique_id": "y", "width": 1, "height": 1}}}), false, ""},
		{"bot sender", botSender, false, ""},
		{"service message", msg(groupChat, 1001, 10, "", map[string]any{"new_chat_members": []any{userJSON(1003, false)}}), false, ""},
		{"button click without data: no message sent", `{"callback_query":{"id":"1","from":{"id":1001,"is_bot":false,"first_name":"A"},"chat_instance":"c"}}`, false, ""},
	}
	f := newFakeAPI(t)
	rec := &recorder{next: realBot(repoEngine(t))}
	b := newTestBot(t, f, rec, nil)
	identify(t, b)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec.msgs = nil
			feed(t, b, tt.update)
			if !tt.answered {
				f.noMoreSends(t)
				return
			}
			c := f.nextSend(t)
			if c.Form.Get("chat_id") != strconv.FormatInt(groupChat.id, 10) || c.Form.Get("reply_to_message_id") != "10" {
				t.Errorf("reply went to chat %s replying to %s; want %d and 10", c.Form.Get("chat_id"), c.Form.Get("reply_to_message_id"), groupChat.id)
			}
			if _, err := checkHTML(c.Form.Get("text")); err != nil {
				t.Errorf("reply is not valid HTML: %v", err)
			}
			m, _ := rec.last()
			if tt.text != "" && m.Text != tt.text {
				t.Errorf("question = %q; want %q", m.Text, tt.text)
			}
			if !m.Addressed || m.Platform != "telegram" || m.Conversation != strconv.FormatInt(groupChat.id, 10) || m.User != "1001" {
				t.Errorf("message = %+v", m)
			}
			f.noMoreSends(t)
		})
	}
}

// echo returns what it was asked in every field a reply renders.
type echo struct{}

func (echo) Rate(context.Context, string, string, string, feedback.Rating, string) bot.Reply {
	return bot.Reply{Kind: bot.KindNotice, Title: "rated"}
}

func (echo) Handle(_ context.Context, m bot.Message) bot.Reply {
	if m.Command == bot.CmdHelp {
		return bot.Reply{Kind: bot.KindInfo, Title: m.Text, Lines: []string{m.Text, m.Text}}
	}
	return bot.Reply{Kind: bot.KindAnswer, Answer: &answer.Answer{
		Answered: true, Lead: m.Text,
		Citations: []answer.Citation{{Title: m.Text, Number: 1, Quote: m.Text}},
	}}
}

func TestEscaping(t *testing.T) {
	const nasty = `<b>bold</b> & <script>alert("x")</script> &amp; 🎉👩🏽‍⚖️ <a href="https://x">x</a> 5 > 3`
	f := newFakeAPI(t)
	b := newTestBot(t, f, echo{}, nil)
	identify(t, b)

	for _, update := range []string{
		msg(privateChat, 1001, 1, nasty, nil),
		msg(privateChat, 1001, 2, "/help "+nasty, nil),
	} {
		feed(t, b, update)
		text := f.nextSend(t).Form.Get("text")
		shown, err := checkHTML(text)
		if err != nil {
			t.Fatalf("reply is not valid HTML: %v\n%s", err, text)
		}
		if n := strings.Count(shown, nasty); n < 3 {
			t.Errorf("reply shows the text %d times; want it verbatim in each place:\n%s", n, shown)
		}
		for _, bad := range []string{"<script", "<a ", "<b>bold"} {
			if strings.Contains(text, bad) {
				t.Errorf("reply holds markup %q from the user:\n%s", bad, text)
			}
		}
	}

	// Through the real conversation layer, the question never comes back,
	// and the reply is still valid.
	b2 := newTestBot(t, f, realBot(repoEngine(t)), nil)
	identify(t, b2)
	feed(t, b2, msg(privateChat, 1001, 3, "Who imposed <b>sanctions</b> & <script>x</script> on ICC officials 🎉?", nil))
	text := f.nextSend(t).Form.Get("text")
	if _, err := checkHTML(text); err != nil || strings.Contains(text, "script") {
		t.Errorf("reply = %q (%v); want valid HTML without the user's markup", text, err)
	}
}

func TestLongAnswerIsSplit(t *testing.T) {
	// The three quotes answer three parts of the question, which the engine
	// is less sure of than of one quote answering it all: no bar keeps this
	// test about splitting.
	e := loadEngine(t, "testdata/long", answer.WithThreshold(0))
	const q = "Why do reparations, outreach and detention matter?"
	want, err := e.Answer(context.Background(), q)
	if err != nil || !want.Answered || len(want.Text) <= MaxMessageLen {
		t.Fatalf("test knowledge no longer gives a long answer: %v %v %d", err, want.Answered, len(want.Text))
	}
	f := newFakeAPI(t)
	b := newTestBot(t, f, realBot(e), nil)
	start(t, b)
	f.push(msg(privateChat, 1001, 42, q, nil))

	var quotes []string
	var all strings.Builder
	parts := 0
	for len(quotes) < len(want.Citations) {
		c := f.nextSend(t)
		parts++
		text := c.Form.Get("text")
		if n := u16len(text); n > MaxMessageLen {
			t.Errorf("part %d is %d long; limit %d", parts, n, MaxMessageLen)
		}
		shown, err := checkHTML(text)
		if err != nil {
			t.Errorf("part %d is not valid HTML: %v", parts, err)
		}
		all.WriteString(shown + "\n")
		if got := c.Form.Get("reply_to_message_id"); (parts == 1) != (got == "42") {
			t.Errorf("part %d reply_to_message_id = %q", parts, got)
		}
		quotes = append(quotes, blockquotes(text)...)
	}
	if parts < 2 {
		t.Errorf("answer of %d characters came in %d message(s); want several", len(want.Text), parts)
	}
	for i, c := range want.Citations {
		if i >= len(quotes) || quotes[i] != collapse(c.Quote) {
			t.Errorf("quote %d is not the citation's, in order", i)
		}
		if label := answer.CitationLabel(c); !strings.Contains(all.String(), label) {
			t.Errorf("citation %q missing", label)
		}
	}
	f.noMoreSends(t)
}

func TestRetryAfter429(t *testing.T) {
	f := newFakeAPI(t)
	clock := newManualClock()
	b := newTestBot(t, f, realBot(repoEngine(t)), func(c *Config) { c.Clock = clock })
	start(t, b)
	f.fail("sendMessage", tooMany(3))
	f.push(msg(privateChat, 1001, 1, "/help", nil))

	clock.waitSleepers(t, 1, func(s *sleeper) bool { return s.d == 3*time.Second })
	f.noMoreSends(t)
	clock.Advance(3 * time.Second)
	c := f.nextSend(t)
	if c.Form.Get("reply_to_message_id") != "1" {
		t.Errorf("retried message lost its reply_to: %v", c.Form)
	}
	if n := len(f.callsOf("sendMessage")); n != 2 {
		t.Errorf("sendMessage was called %d times; want 2 (429, then delivered)", n)
	}
	f.noMoreSends(t)
}

func TestUnsupportedChatAction(t *testing.T) {
	f := newFakeAPI(t)
	f.unsupported["sendChatAction"] = true
	b := newTestBot(t, f, realBot(repoEngine(t)), nil)
	start(t, b)
	f.push(msg(privateChat, 1001, 1, "Who has imposed sanctions on ICC officials?", nil))
	if shown, err := checkHTML(f.nextSend(t).Form.Get("text")); err != nil || !strings.Contains(shown, "¶") {
		t.Errorf("answer = %q, %v; want a cited answer despite sendChatAction failing", shown, err)
	}
	if len(f.callsOf("sendChatAction")) == 0 {
		t.Error("sendChatAction was never tried")
	}
}

func TestSendErrorIsLoggedWithoutSecrets(t *testing.T) {
	const q = "Who has imposed sanctions on ICC officials?"
	f := newFakeAPI(t)
	var logs bytes.Buffer
	var mu sync.Mutex
	b := newTestBot(t, f, realBot(repoEngine(t)), nil)
	b.log = slog.New(slog.NewTextHandler(&lockedWriter{w: &logs, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	identify(t, b)
	f.fail("sendMessage", serverError)
	feed(t, b, msg(privateChat, 1001, 1, q, nil))
	f.noMoreSends(t)
	feed(t, b, msg(privateChat, 1001, 2, q, nil))
	f.nextSend(t) // the next question is answered

	mu.Lock()
	out := logs.String()
	mu.Unlock()
	if !strings.Contains(out, "could not send") || !strings.Contains(out, "code=500") {
		t.Errorf("send failure not logged:\n%s", out)
	}
	for _, secret := range []string{f.token, "sanctions", "1001", "555"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
}

type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestErrorsNeverHoldTheToken(t *testing.T) {
	f := newFakeAPI(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	for name, api := range map[string]string{"unreachable server": closed.URL, "wrong server": f.srv.URL + "/elsewhere"} {
		t.Run(name, func(t *testing.T) {
			b := newTestBot(t, f, echo{}, func(c *Config) { c.APIURL = api })
			err := b.Run(context.Background())
			if err == nil {
				t.Fatal("Run succeeded against a bad API URL")
			}
			if strings.Contains(err.Error(), f.token) || strings.Contains(err.Error(), "TEST-token") {
				t.Errorf("error holds the token: %v", err)
			}
		})
	}
}

func TestWebhook(t *testing.T) {
	const secret = "s3cret_-Token"
	f := newFakeAPI(t)
	b := newTestBot(t, f, realBot(repoEngine(t)), func(c *Config) {
		c.WebhookURL = "https://bot.example.org/telegram/hook"
		c.WebhookSecret = secret
	})
	hooks := make(chan struct{})
	var once sync.Once
	f.onCall = func(c call) {
		if c.Method == "setWebhook" {
			once.Do(func() { close(hooks) })
		}
	}
	start(t, b)
	select {
	case <-hooks:
	case <-time.After(5 * time.Second):
		t.Fatal("setWebhook not called")
	}
	sw := f.callsOf("setWebhook")[0].Form
	if sw.Get("url") != "https://bot.example.org/telegram/hook" || sw.Get("secret_token") != secret || sw.Get("allowed_updates") != `["message","callback_query"]` {
		t.Errorf("setWebhook form = %v", sw)
	}
	if len(f.callsOf("getUpdates")) != 0 || len(f.callsOf("deleteWebhook")) != 0 {
		t.Error("webhook mode polled or deleted the webhook")
	}

	h := b.WebhookHandler()
	post := func(header *string, update string) int {
		r := httptest.NewRequest(http.MethodPost, "/telegram/hook", strings.NewReader(update))
		r.Header.Set("Content-Type", "application/json")
		if header != nil {
			r.Header.Set(SecretHeader, *header)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	wrong, right := "not-the-secret", secret
	u := msg(privateChat, 1001, 3, "/help", nil)
	if code := post(nil, `{"update_id":1,`+u[1:]); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d; want 401", code)
	}
	if code := post(&wrong, `{"update_id":2,`+u[1:]); code != http.StatusForbidden {
		t.Errorf("wrong secret: %d; want 403", code)
	}
	f.noMoreSends(t)
	if code := post(&right, `{"update_id":3,`+u[1:]); code != http.StatusOK {
		t.Errorf("right secret: %d; want 200", code)
	}
	if c := f.nextSend(t); c.Form.Get("reply_to_message_id") != "3" {
		t.Errorf("webhook reply = %v", c.Form)
	}
	f.noMoreSends(t)
}

func TestCancelStopsPollingPromptly(t *testing.T) {
	f := newFakeAPI(t)
	b := newTestBot(t, f, echo{}, func(c *Config) { c.PollTimeout = 30 * time.Second })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	select {
	case <-f.polls: // a poll is being held
	case <-time.After(5 * time.Second):
		t.Fatal("no getUpdates")
	}
	began := time.Now()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v; want nil on cancel", err)
		}
		t.Logf("Run returned %v after cancel", time.Since(began))
	case <-time.After(2 * time.Second):
		t.Fatal("Run still polling 2s after cancel")
	}
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{}},
		{"bad API URL", Config{Token: "1:a", APIURL: "api.telegram.org"}},
		{"plain http webhook", Config{Token: "1:a", WebhookURL: "http://x.org/hook", WebhookSecret: "s"}},
		{"webhook without secret", Config{Token: "1:a", WebhookURL: "https://x.org/hook"}},
		{"webhook secret with bad characters", Config{Token: "1:a", WebhookURL: "https://x.org/hook", WebhookSecret: "a b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := New(tt.cfg, echo{}, quietLog()); err == nil {
				t.Errorf("New(%+v) succeeded; want an error", tt.cfg)
			}
		})
	}
}

// addrLog hands the address of the webhook server to the test as soon as
// the adapter logs it.
type addrLog struct{ addr chan string }

func (l addrLog) Write(p []byte) (int, error) {
	line := string(p)
	if strings.Contains(line, "serving the Telegram webhook") {
		if i := strings.Index(line, "addr="); i >= 0 {
			l.addr <- strings.Fields(line[i+len("addr="):])[0]
		}
	}
	return len(p), nil
}

// With WebhookListen the adapter serves the webhook itself, at the URL's
// path, and still refuses requests without the secret.
func TestWebhookListen(t *testing.T) {
	const secret = "listen-Secret_1"
	f := newFakeAPI(t)
	b := newTestBot(t, f, realBot(repoEngine(t)), func(c *Config) {
		c.WebhookURL = "https://bot.example.org/telegram/hook"
		c.WebhookSecret = secret
		c.WebhookListen = "127.0.0.1:0"
	})
	logs := addrLog{addr: make(chan string, 1)}
	b.log = slog.New(slog.NewTextHandler(logs, nil))
	start(t, b)
	var addr string
	select {
	case addr = <-logs.addr:
	case <-time.After(5 * time.Second):
		t.Fatal("the webhook server did not start")
	}
	post := func(path, secretHeader, body string) int {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, "http://"+addr+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if secretHeader != "" {
			req.Header.Set(SecretHeader, secretHeader)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	u := msg(privateChat, 1001, 9, "When does the Assembly meet?", nil)
	if code := post("/telegram/hook", "", `{"update_id":1,`+u[1:]); code != http.StatusUnauthorized {
		t.Errorf("no secret: %d; want 401", code)
	}
	if code := post("/elsewhere", secret, `{"update_id":2,`+u[1:]); code != http.StatusNotFound {
		t.Errorf("another path: %d; want 404", code)
	}
	f.noMoreSends(t)
	if code := post("/telegram/hook", secret, `{"update_id":3,`+u[1:]); code != http.StatusOK {
		t.Errorf("right secret: %d; want 200", code)
	}
	if c := f.nextSend(t); c.Form.Get("reply_to_message_id") != "9" || !strings.Contains(c.Form.Get("text"), "December 1 to 6, 2025") {
		t.Errorf("webhook reply = %v", c.Form)
	}
}

// If Telegram ever refuses the HTML ("can't parse entities"), the same
// reply is sent once more as plain text rather than lost.
func TestRejectedHTMLIsResentAsPlainText(t *testing.T) {
	f := newFakeAPI(t)
	b := newTestBot(t, f, realBot(repoEngine(t)), nil)
	start(t, b)
	f.fail("sendMessage", `{"ok":false,"error_code":400,"description":"Bad Request: can't parse entities: unexpected end tag at byte offset 12"}`)
	f.push(msg(privateChat, 1001, 4, "When does the Assembly meet?", nil))
	c := f.nextSend(t)
	if c.Form.Get("parse_mode") != "" || !strings.Contains(c.Form.Get("text"), "December 1 to 6, 2025") || strings.Contains(c.Form.Get("text"), "<blockquote>") {
		t.Errorf("resent form = %v; want the reply as plain text", c.Form)
	}
	if c.Form.Get("reply_to_message_id") != "4" {
		t.Errorf("resent reply lost its reply_to: %v", c.Form)
	}
	if n := len(f.callsOf("sendMessage")); n != 2 {
		t.Errorf("sendMessage called %d times; want 2 (refused, then plain)", n)
	}
	f.noMoreSends(t)
}
