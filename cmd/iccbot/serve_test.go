package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// logLines is an io.Writer that hands each log line to the test as it is
// written, so the test can wait for "knowledge loaded" instead of sleeping.
type logLines struct {
	mu    sync.Mutex
	buf   bytes.Buffer
	lines chan string
	all   []string
}

func newLogLines() *logLines { return &logLines{lines: make(chan string, 1000)} }

func (l *logLines) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.buf.Write(p)
	for {
		line, err := l.buf.ReadString('\n')
		if err != nil {
			l.buf.WriteString(line) // partial: keep for the next write
			return len(p), nil
		}
		l.all = append(l.all, line)
		l.lines <- line
	}
}

func (l *logLines) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.all, "")
}

// waitLog waits for a log line containing want and returns it.
func (l *logLines) waitLog(t *testing.T, want string) string {
	t.Helper()
	deadline := time.After(15 * time.Second)
	for {
		select {
		case line := <-l.lines:
			if strings.Contains(line, want) {
				return line
			}
		case <-deadline:
			t.Fatalf("no log line with %q; log so far:\n%s", want, l.String())
		}
	}
}

// waitSeen waits for a log line containing want that may already have
// gone by while the test waited for another (startServe waits for the
// watcher, and a platform may log before it).
func (l *logLines) waitSeen(t *testing.T, want string) string {
	t.Helper()
	l.mu.Lock()
	for _, line := range l.all {
		if strings.Contains(line, want) {
			l.mu.Unlock()
			return line
		}
	}
	l.mu.Unlock()
	return l.waitLog(t, want)
}

type serveFixture struct {
	base   string
	kd     string
	logs   *logLines
	cancel context.CancelFunc
	done   chan error
}

// startServe runs the bot process on a copy of the briefing, with HTTP on a
// free port and any extra environment given as pairs.
func startServe(t *testing.T, extraEnv ...string) *serveFixture {
	t.Helper()
	kd := t.TempDir()
	src, err := os.ReadFile(filepath.Join(knowledgeDir(t), "hrw-icc-asp-2025.md"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, kd, "hrw-icc-asp-2025.md", string(src))
	pd, _ := filepath.Abs("../../prompts")
	t.Chdir(t.TempDir())

	f := &serveFixture{kd: kd, logs: newLogLines(), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	f.cancel = cancel
	lookup := env(append([]string{"KNOWLEDGE_DIR", kd, "PROMPTS_DIR", pd, "HTTP_ADDR", "127.0.0.1:0"}, extraEnv...)...)
	go func() { f.done <- run(ctx, nil, lookup, io.Discard, f.logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-f.done:
		case <-time.After(15 * time.Second):
			t.Error("run did not return after cancel")
		}
	})
	line := f.logs.waitLog(t, "HTTP listening")
	i := strings.Index(line, "addr=")
	f.base = "http://" + strings.Fields(line[i+len("addr="):])[0]
	f.logs.waitLog(t, "watching for changes") // edits before this could go unseen
	return f
}

func (f *serveFixture) ask(t *testing.T, q string) (answered bool, text string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": q})
	resp, err := http.Post(f.base+"/api/ask", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Answered bool   `json:"answered"`
		Answer   string `json:"answer"`
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST /api/ask: %s", resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a.Answered, a.Answer
}

func (f *serveFixture) get(t *testing.T, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(f.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeEndToEnd(t *testing.T) {
	f := startServe(t)
	for _, want := range []string{"Telegram is off: set TELEGRAM_BOT_TOKEN", "Discord is off: set DISCORD_TOKEN", "knowledge loaded"} {
		if !strings.Contains(f.logs.String(), want) {
			t.Errorf("start-up log lacks %q", want)
		}
	}
	if code, body := f.get(t, "/readyz"); code != 200 || !strings.Contains(body, "1 documents, 9 passages") {
		t.Fatalf("/readyz = %d %q", code, body)
	}
	if code, _ := f.get(t, "/healthz"); code != 200 {
		t.Errorf("/healthz = %d", code)
	}
	if ok, text := f.ask(t, "Where does the Assembly of States Parties meet?"); !ok || !strings.Contains(text, "The Hague") {
		t.Fatalf("ask = %v %q", ok, text)
	}

	// A new file is answered from after the reload.
	if ok, _ := f.ask(t, "What is the budget of the court?"); ok {
		t.Fatal("budget answered before the file exists")
	}
	write(t, f.kd, "budget.md", "The court's budget for 2026 is 195 million euros.\n")
	f.logs.waitLog(t, "knowledge loaded")
	if ok, text := f.ask(t, "What is the budget of the court?"); !ok || !strings.Contains(text, "195 million euros") {
		t.Fatalf("after adding a file: %v %q", ok, text)
	}

	// A broken save: answers continue from the last good knowledge and
	// /readyz names the file and line.
	write(t, f.kd, "budget.md", "---\ntitle: a: b\n---\nThe court's budget for 2026 is 1 euro.\n")
	f.logs.waitLog(t, "knowledge problem")
	code, body := f.get(t, "/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "budget.md:2:") {
		t.Errorf("/readyz after a broken save = %d %q; want 503 naming budget.md:2", code, body)
	}
	if ok, text := f.ask(t, "What is the budget of the court?"); !ok || !strings.Contains(text, "195 million euros") {
		t.Errorf("after a broken save: %v %q; want the last good answer", ok, text)
	}

	// The next good save recovers.
	write(t, f.kd, "budget.md", "The court's budget for 2026 is 200 million euros.\n")
	f.logs.waitLog(t, "knowledge loaded")
	if code, _ := f.get(t, "/readyz"); code != 200 {
		t.Errorf("/readyz after the fix = %d", code)
	}
	if ok, text := f.ask(t, "What is the budget of the court?"); !ok || !strings.Contains(text, "200 million euros") {
		t.Errorf("after the fix: %v %q", ok, text)
	}
	if _, body := f.get(t, "/metrics"); !strings.Contains(body, `iccbot_questions_total{answered="true",mode="extractive",platform="http"}`) ||
		!strings.Contains(body, "iccbot_knowledge_reload_failures_total 1") {
		t.Errorf("/metrics lacks the question and reload counts")
	}
}

// Cancelling the context lets a question already being asked finish before
// run returns.
func TestServeDrainsInFlightRequests(t *testing.T) {
	f := startServe(t)
	conn, err := net.Dial("tcp", strings.TrimPrefix(f.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"question":"Where does the Assembly of States Parties meet?"}`
	// "Expect: 100-continue" makes the server say "100 Continue" once the
	// handler starts reading the body: then the request is surely in flight.
	fmt.Fprintf(conn, "POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: %d\r\n\r\n", len(body))
	rd := bufio.NewReader(conn)
	cont, err := http.ReadResponse(rd, nil)
	if err != nil || cont.StatusCode != http.StatusContinue {
		t.Fatalf("want 100 Continue, got %v %v", cont, err)
	}

	f.cancel()
	f.logs.waitLog(t, "shutting down")
	select {
	case err := <-f.done:
		t.Fatalf("run returned (%v) while a request was in flight", err)
	default:
	}
	if _, err := io.WriteString(conn, body); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(rd, nil)
	if err != nil {
		t.Fatalf("in-flight request cut off: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), "The Hague") {
		t.Errorf("in-flight answer = %d %s", resp.StatusCode, b)
	}
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("run = %v; want nil after a clean shutdown", err)
		}
		f.done <- err // for the cleanup
	case <-time.After(15 * time.Second):
		t.Fatal("run did not return after the request finished")
	}
}

func TestServeWithoutKnowledgeFails(t *testing.T) {
	r := runCmd(t, env("KNOWLEDGE_DIR", t.TempDir(), "HTTP_ADDR", "127.0.0.1:0"), "serve")
	if r.code != 1 || !strings.Contains(r.stderr, "iccbot check") {
		t.Errorf("serve with an empty folder: exit %d, %q", r.code, r.stderr)
	}
}

func TestHealthCommand(t *testing.T) {
	f := startServe(t)
	addr := strings.TrimPrefix(f.base, "http://")
	var out, errOut bytes.Buffer
	if err := run(t.Context(), []string{"health"}, env("HTTP_ADDR", addr), &out, &errOut); err != nil || out.String() != "ok\n" {
		t.Errorf("health = %v %q %q", err, out.String(), errOut.String())
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	ln.Close()
	if err := run(t.Context(), []string{"health"}, env("HTTP_ADDR", dead), &out, &errOut); err == nil {
		t.Error("health against a closed port succeeded")
	}
}

// fakeTelegram is the least of the Bot API that lets serve's Telegram
// component start, receive one private message and answer it.
type fakeTelegram struct {
	mu    sync.Mutex
	polls int
	sent  chan url.Values
}

func (f *fakeTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if len(parts) != 2 || parts[0] != "bot123:test" {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	r.ParseForm()
	w.Header().Set("Content-Type", "application/json")
	switch parts[1] {
	case "getMe":
		io.WriteString(w, `{"ok":true,"result":{"id":123,"is_bot":true,"first_name":"ICC bot","username":"icc_test_bot"}}`)
	case "getUpdates":
		f.mu.Lock()
		f.polls++
		first := f.polls == 1
		f.mu.Unlock()
		if first {
			io.WriteString(w, `{"ok":true,"result":[{"update_id":1,"message":{"message_id":7,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":"When does the Assembly meet?"}}]}`)
			return
		}
		select { // hold the poll like the real server
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
		io.WriteString(w, `{"ok":true,"result":[]}`)
	case "sendMessage":
		f.sent <- r.PostForm
		io.WriteString(w, `{"ok":true,"result":{"message_id":8,"date":1,"chat":{"id":42,"type":"private"}}}`)
	default: // deleteWebhook, setMyCommands, sendChatAction
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

func TestServeAnswersOnTelegram(t *testing.T) {
	fake := &fakeTelegram{sent: make(chan url.Values, 10)}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	kd := knowledgeDir(t)
	pd, _ := filepath.Abs("../../prompts")
	t.Chdir(t.TempDir())
	logs := newLogLines()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, nil, env("KNOWLEDGE_DIR", kd, "PROMPTS_DIR", pd, "HTTP_ADDR", "", "TELEGRAM_BOT_TOKEN", "123:test", "TELEGRAM_API_URL", srv.URL), io.Discard, logs)
	}()
	select {
	case form := <-fake.sent:
		if form.Get("chat_id") != "42" || form.Get("reply_to_message_id") != "7" || form.Get("parse_mode") != "HTML" || !strings.Contains(form.Get("text"), "December 1 to 6, 2025") {
			t.Errorf("sendMessage %v; want an HTML reply to message 7 in chat 42 with the quote", form)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("no reply sent; log:\n%s", logs.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if strings.Contains(logs.String(), "123:test") {
		t.Error("the token reached the log")
	}
}

// A platform that cannot connect is logged and retried; the rest of the
// process (HTTP, answers) carries on.
func TestServeSurvivesAFailingPlatform(t *testing.T) {
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"message":"upstream down"}`, http.StatusBadGateway)
	}))
	defer down.Close()
	f := startServe(t, "DISCORD_TOKEN", "discord-secret-token", "DISCORD_API_URL", down.URL)
	f.logs.waitSeen(t, "component failed; restarting")
	if code, _ := f.get(t, "/readyz"); code != 200 {
		t.Errorf("/readyz = %d with a platform down", code)
	}
	if ok, text := f.ask(t, "Duterte"); !ok || !strings.Contains(text, "Rodrigo Duterte") {
		t.Errorf("ask with a platform down = %v %q", ok, text)
	}
	f.cancel()
	select {
	case err := <-f.done:
		if err != nil {
			t.Errorf("run = %v", err)
		}
		f.done <- err // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after cancel")
	}
	if strings.Contains(f.logs.String(), "discord-secret-token") {
		t.Error("the token reached the log")
	}
}
