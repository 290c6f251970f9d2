package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/knowledge"
	"iccbot/internal/prompts"
)

const (
	testModel = "test-model"
	testKey   = "sk-test-0123456789abcdef"
)

// fakeReq is one chat completion request as the fake OpenAI server read it.
type fakeReq struct {
	N        int    // 0-based order of arrival
	Kind     string // "answer" or "rewrite"
	System   string
	User     string
	JSONMode bool
	Tag      string
	Question string
	Query    string   // the restated question (answer requests), or ""
	Passages []string // passage texts by number-1 (answer requests)
	History  []string // earlier questions (rewrite requests)
}

// passageWith returns the 1-based number of the first passage containing
// s (case-insensitively), or 0.
func (r fakeReq) passageWith(s string) int {
	for i, p := range r.Passages {
		if strings.Contains(strings.ToLower(p), strings.ToLower(s)) {
			return i + 1
		}
	}
	return 0
}

// fakeResp is how the fake answers: a status with a raw body, an assistant
// message, no choices at all, or no answer until the client gives up.
type fakeResp struct {
	Status    int
	Header    map[string]string
	Body      string // raw body, sent as is when Status is set
	Content   string // the assistant's message, for a 200
	NoChoices bool
	Hang      bool
}

func content(s string) fakeResp { return fakeResp{Content: s} }

// fakeLLM is an in-process OpenAI-compatible server. It checks every
// request the way the real service would (path, key, model, message roles)
// and the way our prompts promise (question and passages inside the data
// delimiters), then answers as its handler says.
type fakeLLM struct {
	t       *testing.T
	srv     *httptest.Server
	handle  func(r fakeReq) fakeResp
	release chan struct{}
	entered chan int // receives N as each request arrives, if not nil

	mu       sync.Mutex
	reqs     []fakeReq
	inFlight int
	maxIn    int
}

func newFake(t *testing.T, handle func(r fakeReq) fakeResp) *fakeLLM {
	t.Helper()
	f := &fakeLLM{t: t, handle: handle, release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() { close(f.release) }) // runs first: frees hanging handlers
	return f
}

func (f *fakeLLM) requests() []fakeReq {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]fakeReq(nil), f.reqs...)
}

func (f *fakeLLM) count(kind string) int {
	n := 0
	for _, r := range f.requests() {
		if kind == "" || r.Kind == kind {
			n++
		}
	}
	return n
}

var (
	tagRe      = regexp.MustCompile(`<(data-[0-9a-f]{12}) question>`)
	questionRe = `(?s)<%[1]s question>\n(.*?)\n</%[1]s>`
	restateRe  = `(?s)<%[1]s restated-question>\n(.*?)\n</%[1]s>`
	passageRe  = `(?s)<%[1]s passage="(\d+)"[^>]*>\n(.*?)\n</%[1]s>`
	earlierRe  = `(?s)<%[1]s earlier-question>\n(.*?)\n</%[1]s>`
)

func (f *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	t := f.t
	fail := func(format string, args ...any) {
		t.Errorf("fake OpenAI: "+format, args...)
		http.Error(w, `{"error":{"message":"bad request"}}`, http.StatusBadRequest)
	}
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		fail("%s %s; want POST /v1/chat/completions", r.Method, r.URL.Path)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		fail("Authorization = %q", got)
		return
	}
	var body struct {
		Model    string `json:"model"`
		Messages []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"messages"`
		ResponseFormat *struct {
			Type string `json:"type"`
		} `json:"response_format"`
		MaxTokens int `json:"max_tokens"`
	}
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, &body); err != nil {
		fail("body is not JSON: %v", err)
		return
	}
	if body.Model != testModel {
		fail("model = %q; want %q", body.Model, testModel)
		return
	}
	if len(body.Messages) != 2 || body.Messages[0].Role != "system" || body.Messages[1].Role != "user" {
		fail("messages = %+v; want a system and a user message", body.Messages)
		return
	}
	if body.MaxTokens <= 0 {
		fail("no max_tokens: a reply's cost must be bounded")
		return
	}
	req := fakeReq{
		System:   body.Messages[0].Content,
		User:     body.Messages[1].Content,
		JSONMode: body.ResponseFormat != nil && body.ResponseFormat.Type == "json_object",
	}
	switch {
	case strings.Contains(req.System, `"quotes"`):
		req.Kind = "answer"
	case strings.Contains(req.System, `"query"`):
		req.Kind = "rewrite"
	default:
		fail("system message is neither the answer nor the rewrite prompt")
		return
	}
	m := tagRe.FindStringSubmatch(req.User)
	if m == nil {
		fail("no delimited question in the user message:\n%s", req.User)
		return
	}
	req.Tag = m[1]
	if !strings.Contains(req.System, "<"+req.Tag+" ...>") {
		fail("system message does not name the delimiter %q", req.Tag)
		return
	}
	q := regexp.MustCompile(fmt.Sprintf(questionRe, regexp.QuoteMeta(req.Tag))).FindStringSubmatch(req.User)
	if q == nil || strings.TrimSpace(q[1]) == "" {
		fail("empty question block")
		return
	}
	req.Question = q[1]
	if req.Kind == "answer" {
		if m := regexp.MustCompile(fmt.Sprintf(restateRe, regexp.QuoteMeta(req.Tag))).FindStringSubmatch(req.User); m != nil {
			req.Query = m[1]
		}
		for i, pm := range regexp.MustCompile(fmt.Sprintf(passageRe, regexp.QuoteMeta(req.Tag))).FindAllStringSubmatch(req.User, -1) {
			if pm[1] != fmt.Sprint(i+1) {
				fail("passage %s is numbered out of order", pm[1])
				return
			}
			req.Passages = append(req.Passages, pm[2])
		}
		if len(req.Passages) == 0 {
			fail("answer request without passages")
			return
		}
	} else {
		for _, em := range regexp.MustCompile(fmt.Sprintf(earlierRe, regexp.QuoteMeta(req.Tag))).FindAllStringSubmatch(req.User, -1) {
			req.History = append(req.History, em[1])
		}
	}

	f.mu.Lock()
	req.N = len(f.reqs)
	f.reqs = append(f.reqs, req)
	f.inFlight++
	f.maxIn = max(f.maxIn, f.inFlight)
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inFlight--
		f.mu.Unlock()
	}()
	if f.entered != nil {
		f.entered <- req.N
	}

	resp := f.handle(req)
	for k, v := range resp.Header {
		w.Header().Set(k, v)
	}
	switch {
	case resp.Hang:
		select {
		case <-r.Context().Done():
		case <-f.release:
		}
		return
	case resp.Status != 0:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.Status)
		io.WriteString(w, resp.Body)
		return
	}
	choices := []any{}
	if !resp.NoChoices {
		choices = append(choices, map[string]any{
			"index":         0,
			"message":       map[string]any{"role": "assistant", "content": resp.Content},
			"finish_reason": "stop",
		})
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": fmt.Sprintf("chatcmpl-%d", req.N), "object": "chat.completion",
		"created": 1700000000, "model": testModel, "choices": choices,
	})
}

// fakeClock stands still unless advanced; Sleep records the wait and
// advances instead of waiting.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func (c *fakeClock) Sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.sleeps...)
}

// observer records what the answerer reports for metrics (an
// answer.ModelObserver).
type observer struct {
	mu        sync.Mutex
	errors    []string
	overruled int
	dropped   map[string]int
}

func (o *observer) ObserveLLMError(reason string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.errors = append(o.errors, reason)
}

func (o *observer) ObserveLLMOverruled() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.overruled++
}

func (o *observer) ObserveLLMDropped(kind string, n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.dropped == nil {
		o.dropped = map[string]int{}
	}
	o.dropped[kind] += n
}

func (o *observer) reasons() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.errors...)
}

func (o *observer) overrules() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.overruled
}

func (o *observer) drops(kind string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.dropped[kind]
}

// briefing is the repository's knowledge folder, indexed.
func briefing(t testing.TB) *answer.Engine {
	t.Helper()
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatalf("knowledge: %v %v", err, problems)
	}
	return answer.New(kb)
}

// repoPrompts are the repository's prompt templates.
func repoPrompts(t testing.TB) *prompts.Set {
	t.Helper()
	set, problems := prompts.Load("../../prompts")
	if len(problems) > 0 {
		t.Fatalf("prompts: %v", problems)
	}
	return set
}

type testSetup struct {
	a     *answer.Generated // what the tests ask: the Model below as its Drafter
	m     *Model
	fake  *fakeLLM
	clock *fakeClock
	logs  *bytes.Buffer
	eng   *answer.Engine
	obs   *observer
}

// newTestAnswerer wires, as cmd/iccbot does, an answer.Generated to a
// Model talking to a fake server, a Memory, a fake clock, the briefing
// (unless eng is given) and a debug logger into a buffer. cfg.Timeout
// bounds each request and each question's model work.
func newTestAnswerer(t *testing.T, handle func(r fakeReq) fakeResp, eng *answer.Engine, tweak ...func(*Config)) *testSetup {
	t.Helper()
	if eng == nil {
		eng = briefing(t)
	}
	s := &testSetup{fake: newFake(t, handle), clock: newFakeClock(), logs: &bytes.Buffer{}, eng: eng, obs: &observer{}}
	cfg := Config{
		BaseURL: s.fake.srv.URL,
		APIKey:  testKey,
		Model:   testModel,
		Timeout: 10 * time.Second,
		Clock:   s.clock,
	}
	for _, f := range tweak {
		f(&cfg)
	}
	log := slog.New(slog.NewTextHandler(&lockedWriter{w: s.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	set := repoPrompts(t)
	m, err := New(cfg, func() *prompts.Set { return set }, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	s.m = m
	s.a = answer.NewGenerated(m, func() *answer.Engine { return s.eng }, answer.GeneratedConfig{
		Timeout:  cfg.Timeout,
		History:  NewMemory(s.clock),
		Observer: s.obs,
		Log:      log,
		Now:      s.clock.Now,
	})
	return s
}

// lockedWriter lets concurrent Asks log into one buffer.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// quoteJSON builds the model's structured answer.
type jq struct {
	Passage     any    `json:"passage"`
	Text        string `json:"text"`
	Translation string `json:"translation,omitempty"`
}

func replyJSON(covered bool, lang, ans string, quotes ...jq) string {
	if quotes == nil {
		quotes = []jq{}
	}
	b, _ := json.Marshal(map[string]any{"covered": covered, "language": lang, "answer": ans, "quotes": quotes})
	return string(b)
}

// sentenceWith returns the sentence of text that contains s, as a model
// would copy it.
func sentenceWith(text, s string) string {
	i := strings.Index(strings.ToLower(text), strings.ToLower(s))
	if i < 0 {
		return ""
	}
	start := 0
	for _, stop := range []string{". ", "? ", "! "} {
		if j := strings.LastIndex(text[:i], stop); j >= 0 && j+2 > start {
			start = j + 2
		}
	}
	end := len(text)
	for _, stop := range []string{". ", "? ", "! "} {
		if j := strings.Index(text[i+len(s):], stop); j >= 0 && i+len(s)+j+1 < end {
			end = i + len(s) + j + 1
		}
	}
	return text[start:end]
}
