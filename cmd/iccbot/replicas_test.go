//go:build !noredis

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/redistest"
)

// replicaTelegram is a Bot API that two replicas poll. As Telegram does,
// it hands out again the updates no poller has confirmed (by an offset
// past them), so a poller that takes over gets those once more; it holds
// an empty poll for a moment, and counts replies per question.
type replicaTelegram struct {
	mu      sync.Mutex
	updates []string // JSON, update_id i+1 at i
	// confirmed is the last update_id confirmed by a getUpdates with a
	// higher offset: as on Telegram, it is never handed out again.
	confirmed int
	polling   int  // getUpdates in flight
	overlap   bool // two were in flight at once
	replies   map[int]int
	texts     map[int]string // the last reply to each message
	answered  chan int
	wake      chan struct{}
}

func newReplicaTelegram() *replicaTelegram {
	return &replicaTelegram{replies: map[int]int{}, texts: map[int]string{}, answered: make(chan int, 100), wake: make(chan struct{})}
}

// push adds a private message from chat 42 as the next update.
func (f *replicaTelegram) push(msgID int, text string) {
	f.mu.Lock()
	id := len(f.updates) + 1
	b, _ := json.Marshal(text)
	f.updates = append(f.updates, fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":%s}}`, id, msgID, b))
	close(f.wake)
	f.wake = make(chan struct{})
	f.mu.Unlock()
}

func (f *replicaTelegram) ServeHTTP(w http.ResponseWriter, r *http.Request) {
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
		offset, _ := strconv.Atoi(r.PostForm.Get("offset"))
		f.mu.Lock()
		f.polling++
		f.overlap = f.overlap || f.polling > 1
		f.confirmed = max(f.confirmed, offset-1)
		f.mu.Unlock()
		defer func() { f.mu.Lock(); f.polling--; f.mu.Unlock() }()
		for {
			f.mu.Lock()
			var out []string
			for i, u := range f.updates {
				if i+1 >= offset && i+1 > f.confirmed {
					out = append(out, u)
				}
			}
			wake := f.wake
			f.mu.Unlock()
			if len(out) > 0 {
				io.WriteString(w, `{"ok":true,"result":[`+strings.Join(out, ",")+`]}`)
				return
			}
			select {
			case <-wake:
			case <-r.Context().Done():
				return
			case <-time.After(300 * time.Millisecond):
				io.WriteString(w, `{"ok":true,"result":[]}`)
				return
			}
		}
	case "sendMessage":
		id, _ := strconv.Atoi(r.PostForm.Get("reply_to_message_id"))
		f.mu.Lock()
		f.replies[id]++
		f.texts[id] = r.PostForm.Get("text")
		f.mu.Unlock()
		f.answered <- id
		io.WriteString(w, `{"ok":true,"result":{"message_id":900,"date":1,"chat":{"id":42,"type":"private"}}}`)
	default: // deleteWebhook, setMyCommands, sendChatAction
		io.WriteString(w, `{"ok":true,"result":true}`)
	}
}

// waitReply waits for a reply to message id.
func (f *replicaTelegram) waitReply(t *testing.T, id int) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		f.mu.Lock()
		n := f.replies[id]
		f.mu.Unlock()
		if n > 0 {
			return
		}
		select {
		case <-f.answered:
		case <-deadline:
			t.Fatalf("no reply to message %d", id)
		}
	}
}

// replica is one bot process of several.
type replica struct {
	name   string
	base   string
	logs   *logLines
	cancel context.CancelFunc
	done   chan error
}

func startReplica(t *testing.T, name, kd, pd string, extraEnv ...string) *replica {
	t.Helper()
	r := &replica{name: name, logs: newLogLines(), done: make(chan error, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	r.cancel = cancel
	lookup := env(append([]string{"KNOWLEDGE_DIR", kd, "PROMPTS_DIR", pd, "HTTP_ADDR", "127.0.0.1:0", "HTTP_TRUSTED_PROXIES", "127.0.0.1/32"}, extraEnv...)...)
	go func() { r.done <- run(ctx, nil, lookup, io.Discard, r.logs) }()
	t.Cleanup(func() { r.stop(t) })
	line := r.logs.waitLog(t, "HTTP listening")
	i := strings.Index(line, "addr=")
	r.base = "http://" + strings.Fields(line[i+len("addr="):])[0]
	return r
}

func (r *replica) stop(t *testing.T) {
	t.Helper()
	if r.cancel == nil {
		return
	}
	r.cancel()
	select {
	case <-r.done:
	case <-time.After(15 * time.Second):
		t.Errorf("replica %s did not stop within 15 s", r.name)
	}
	r.cancel = nil
}

// ask posts a question to /api/ask as a client behind the trusted proxy.
func (r *replica) ask(t *testing.T, client, conversation, q string) (status int, answer string) {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": q, "conversation": conversation})
	req, _ := http.NewRequest(http.MethodPost, r.base+"/api/ask", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", client)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct {
		Answer string `json:"answer"`
	}
	json.NewDecoder(resp.Body).Decode(&a)
	return resp.StatusCode, a.Answer
}

// TestReplicas runs two bot processes on one Redis and one Telegram: one
// polls at a time and each update is answered once; a follow-up asked of
// the other replica is answered in context; a person's rate limit holds
// across both; unanswered questions are one list; when the polling replica
// dies the other takes over; Redis stopped and restarted loses no question.
func TestReplicas(t *testing.T) {
	redis := redistest.Start(t)
	defer func(d time.Duration) { pollLease = d }(pollLease)
	pollLease = 600 * time.Millisecond // production: 5 s

	tg := newReplicaTelegram()
	api := httptest.NewServer(tg)
	defer api.Close()
	kd := t.TempDir()
	src, err := os.ReadFile(filepath.Join(knowledgeDir(t), "hrw-icc-asp-2025.md"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, kd, "hrw-icc-asp-2025.md", string(src))
	pd, _ := filepath.Abs("../../prompts")
	t.Chdir(t.TempDir())
	shared := []string{"REDIS_URL", redis.URL(), "REDIS_HASH_KEY", "0123456789abcdef0123456789abcdef", "TELEGRAM_BOT_TOKEN", "123:test", "TELEGRAM_API_URL", api.URL}
	a := startReplica(t, "a", kd, pd, shared...)
	b := startReplica(t, "b", kd, pd, shared...)

	// An update is answered once, by whichever replica polls.
	tg.push(101, "When does the Assembly of States Parties meet?")
	tg.waitReply(t, 101)

	// A follow-up asked of the other replica.
	if code, _ := a.ask(t, "198.51.100.1", "conv-1", "Who surrendered Rodrigo Duterte to the court?"); code != http.StatusOK {
		t.Fatalf("first question: %d", code)
	}
	if code, ans := b.ask(t, "198.51.100.1", "conv-1", "and in which month?"); code != http.StatusOK || !strings.Contains(ans, "In March") {
		t.Errorf("follow-up on the other replica = %d %q; want it read in context (In March)", code, ans)
	}

	// One person's limit across both: a burst of 5, then refused.
	for i := range 5 {
		r := []*replica{a, b}[i%2]
		if code, _ := r.ask(t, "203.0.113.9", "", "When does the Assembly of States Parties meet?"); code != http.StatusOK {
			t.Fatalf("question %d of the burst: %d", i+1, code)
		}
	}
	if code, _ := b.ask(t, "203.0.113.9", "", "When does the Assembly of States Parties meet?"); code != http.StatusTooManyRequests {
		t.Errorf("a sixth question on the other replica = %d; want 429", code)
	}

	// Unanswered questions are one list.
	a.ask(t, "198.51.100.2", "", "Who won the 1998 World Cup?")
	resp, err := http.Get(b.base + "/api/gaps")
	if err != nil {
		t.Fatal(err)
	}
	gaps, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(gaps), "1998 World Cup") {
		t.Errorf("the other replica's /api/gaps = %s; want the question asked of the first", gaps)
	}

	// /readyz says how state is kept.
	ready, err := http.Get(a.base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	rb, _ := io.ReadAll(ready.Body)
	ready.Body.Close()
	if ready.StatusCode != http.StatusOK || !strings.Contains(string(rb), "redis: ok") {
		t.Errorf("/readyz = %d %q; want ready, with redis: ok", ready.StatusCode, rb)
	}

	// The polling replica dies; the other takes over.
	poller, other := a, b
	if !strings.Contains(a.logs.String(), "this replica polls Telegram now") {
		poller, other = b, a
	}
	poller.stop(t)
	tg.push(102, "Who has imposed sanctions on ICC officials?")
	tg.waitReply(t, 102)
	if !strings.Contains(other.logs.String(), "this replica polls Telegram now") {
		t.Errorf("replica %s answered but never logged taking over polling", other.name)
	}

	// Redis stops: questions are still answered; one asked on Telegram
	// meanwhile is answered once Redis is back.
	redis.Stop()
	if code, _ := other.ask(t, "198.51.100.3", "", "When does the Assembly of States Parties meet?"); code != http.StatusOK {
		t.Errorf("with Redis down, /api/ask = %d; want an answer from in-process state", code)
	}
	tg.push(103, "Where does the Assembly of States Parties meet?")
	other.logs.waitSeen(t, "redis does not answer") // the stores noticed
	redis.Restart()
	tg.waitReply(t, 103)

	tg.mu.Lock()
	defer tg.mu.Unlock()
	for id, n := range tg.replies {
		if n != 1 {
			t.Errorf("message %d was answered %d times; want once", id, n)
		}
	}
	if tg.overlap {
		t.Error("two replicas polled getUpdates at once")
	}
}

// TestReplicasWebhook: with a webhook, an update Telegram delivers to both
// replicas (a retry after a timeout, through a load balancer) is answered
// once, and a follow-up that reaches the other replica is read in the
// light of the question before it.
func TestReplicasWebhook(t *testing.T) {
	redis := redistest.Start(t)
	tg := newReplicaTelegram()
	api := httptest.NewServer(tg)
	defer api.Close()
	kd := knowledgeDir(t)
	pd, _ := filepath.Abs("../../prompts")
	t.Chdir(t.TempDir())
	const secret = "webhook-secret-0123"
	shared := []string{
		"REDIS_URL", redis.URL(), "REDIS_HASH_KEY", "0123456789abcdef0123456789abcdef",
		"TELEGRAM_BOT_TOKEN", "123:test", "TELEGRAM_API_URL", api.URL,
		"TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram", "TELEGRAM_WEBHOOK_SECRET", secret,
		"TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1:0",
	}
	var hooks []string
	for _, name := range []string{"a", "b"} {
		r := startReplica(t, name, kd, pd, shared...)
		line := r.logs.waitSeen(t, "serving the Telegram webhook")
		addr := strings.Fields(line[strings.Index(line, "addr=")+len("addr="):])[0]
		hooks = append(hooks, "http://"+addr+"/telegram")
	}
	deliver := func(hook string, updateID, msgID int, text string) {
		t.Helper()
		b, _ := json.Marshal(text)
		body := fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"date":1,"chat":{"id":42,"type":"private"},"from":{"id":42,"is_bot":false,"first_name":"A"},"text":%s}}`, updateID, msgID, b)
		req, _ := http.NewRequest(http.MethodPost, hook, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("webhook POST = %d", resp.StatusCode)
		}
	}
	// The same update through both replicas.
	deliver(hooks[0], 1, 201, "Who surrendered Rodrigo Duterte to the court?")
	deliver(hooks[1], 1, 201, "Who surrendered Rodrigo Duterte to the court?")
	tg.waitReply(t, 201)
	// The follow-up reaches the other replica.
	deliver(hooks[1], 2, 202, "and in which month?")
	tg.waitReply(t, 202)

	tg.mu.Lock()
	defer tg.mu.Unlock()
	for id, n := range tg.replies {
		if n != 1 {
			t.Errorf("message %d was answered %d times; want once", id, n)
		}
	}
	if text := tg.texts[202]; !strings.Contains(text, "In March") {
		t.Errorf("the follow-up on the other replica got %q; want it read in context (In March)", text)
	}
}
