package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/knowledge"
	"iccbot/internal/library"
)

// Identities the fake Discord knows.
const (
	fakeToken = "fake-token-abc"
	botID     = "900000000000000001"
	appID     = "900000000000000002"
	guildID   = "900000000000000003"
	channelID = "900000000000000004"
	threadID  = "900000000000000005"
	dmChannel = "900000000000000006"
	modRoleID = "900000000000000007"
	sessionID = "fake-session"
)

// call is one REST call the fake received.
type call struct {
	Method string
	Path   string // without /api/v9
	Query  string
	Body   map[string]any
	Raw    string
	Status int
	At     time.Time
	ID     string // id of the message the call created, if any
}

// content is the call's message content, wherever the route puts it.
func (c call) content() string {
	if d, ok := c.Body["data"].(map[string]any); ok {
		s, _ := d["content"].(string)
		return s
	}
	s, _ := c.Body["content"].(string)
	return s
}

// fakeDiscord is an in-process Discord: REST on httptest and a gateway
// websocket on the same server. It records every REST call.
type fakeDiscord struct {
	t           testing.TB
	srv         *httptest.Server
	wantIntents int

	mu         sync.Mutex
	changed    chan struct{} // closed and replaced on every change
	calls      []call
	limits     []*limit
	conn       *gwConn
	conns      []*gwConn
	seq        int64
	identifies int
	resumes    int
	nextID     int
	sentAt     map[string]time.Time // dispatched message or interaction id → when
	// rejectGateway and rejectREST play a reset token: the gateway closes
	// with 4004 after IDENTIFY or RESUME, REST answers 401.
	rejectGateway bool
	rejectREST    bool
}

type limit struct {
	method, path string
	n            int // failures still to give; <0: forever
	retryAfter   float64
	status       int // 429, or another error status
}

type gwConn struct {
	mu sync.Mutex
	ws *websocket.Conn
}

func (c *gwConn) send(v any) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws.WriteJSON(v)
}

func newFake(t testing.TB, wantIntents int) *fakeDiscord {
	f := &fakeDiscord{t: t, wantIntents: wantIntents, changed: make(chan struct{}), nextID: 1000, sentAt: map[string]time.Time{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	return f
}

func (f *fakeDiscord) notifyLocked() {
	close(f.changed)
	f.changed = make(chan struct{})
}

// waitFor blocks until cond (called with f.mu held) is true. The timeout
// only turns a hang into a failure; nothing is timed by it.
func (f *fakeDiscord) waitFor(what string, cond func() bool) {
	f.t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		ok := cond()
		ch := f.changed
		f.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-ch:
		case <-deadline.C:
			f.t.Fatalf("timed out waiting for %s; calls: %v", what, f.summary())
		}
	}
}

func (f *fakeDiscord) summary() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, fmt.Sprintf("%s %s %d", c.Method, c.Path, c.Status))
	}
	return out
}

// Calls returns the calls recorded so far, matching method and path prefix.
func (f *fakeDiscord) Calls(method, prefix string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.callsLocked(method, prefix)
}

func (f *fakeDiscord) callsLocked(method, prefix string) []call {
	var out []call
	for _, c := range f.calls {
		if (method == "" || c.Method == method) && strings.HasPrefix(c.Path, prefix) {
			out = append(out, c)
		}
	}
	return out
}

// rateLimit makes the next n calls of method to paths starting with path
// answer 429 (n < 0: all of them).
func (f *fakeDiscord) rateLimit(method, path string, n int, retryAfter float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits = append(f.limits, &limit{method: method, path: path, n: n, retryAfter: retryAfter, status: http.StatusTooManyRequests})
}

// failNext makes the next call of method to paths starting with path
// answer status with a Discord error body.
func (f *fakeDiscord) failNext(method, path string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.limits = append(f.limits, &limit{method: method, path: path, n: 1, status: status})
}

func (f *fakeDiscord) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/ws" || r.URL.Path == "/ws/" {
		f.gateway(w, r)
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/api/v9")
	if !ok {
		f.t.Errorf("request outside the API: %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if got := r.Header.Get("Authorization"); got != "Bot "+fakeToken {
		f.t.Errorf("%s %s: authorization %q", r.Method, path, got)
	}
	raw, _ := io.ReadAll(r.Body)
	c := call{Method: r.Method, Path: path, Query: r.URL.RawQuery, Raw: string(raw), At: time.Now()}
	if len(raw) > 0 && raw[0] != '[' {
		if err := json.Unmarshal(raw, &c.Body); err != nil {
			f.t.Errorf("%s %s: body is not a JSON object: %v", r.Method, path, err)
		}
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	defer f.notifyLocked()
	if f.rejectREST {
		c.Status = http.StatusUnauthorized
		f.calls = append(f.calls, c)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"message":"401: Unauthorized","code":0}`)
		return
	}
	for _, l := range f.limits {
		if l.n != 0 && l.method == r.Method && strings.HasPrefix(path, l.path) {
			if l.n > 0 {
				l.n--
			}
			c.Status = l.status
			f.calls = append(f.calls, c)
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(l.status)
			if l.status == http.StatusTooManyRequests {
				fmt.Fprintf(w, `{"message":"You are being rate limited.","retry_after":%g,"global":false}`, l.retryAfter)
			} else {
				fmt.Fprint(w, `{"message":"Invalid Form Body","code":50035}`)
			}
			return
		}
	}
	c.Status = http.StatusOK
	var reply any
	switch {
	case r.Method == http.MethodGet && (path == "/gateway" || path == "/gateway/bot"):
		reply = map[string]any{"url": "ws://" + r.Host + "/ws", "shards": 1}
	case r.Method == http.MethodGet && path == "/users/@me":
		reply = map[string]any{"id": botID, "username": "iccbot", "bot": true}
	case r.Method == http.MethodPut && strings.HasSuffix(path, "/commands"):
		reply = json.RawMessage(raw)
	case r.Method == http.MethodPost && strings.HasPrefix(path, "/interactions/") && strings.HasSuffix(path, "/callback"):
		c.Status = http.StatusNoContent
	case r.Method == http.MethodDelete && strings.HasPrefix(path, "/webhooks/"):
		c.Status = http.StatusNoContent
	case (r.Method == http.MethodPatch || r.Method == http.MethodPost) && strings.HasPrefix(path, "/webhooks/"),
		r.Method == http.MethodPost && strings.HasPrefix(path, "/channels/") && strings.HasSuffix(path, "/messages"):
		f.nextID++
		c.ID = fmt.Sprint(f.nextID)
		reply = map[string]any{"id": c.ID, "channel_id": channelID, "content": c.Body["content"]}
	default:
		c.Status = http.StatusNotFound
		f.t.Errorf("unexpected call %s %s", r.Method, path)
	}
	f.calls = append(f.calls, c)
	if reply == nil {
		w.WriteHeader(c.Status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(c.Status)
	_ = json.NewEncoder(w).Encode(reply)
}

var upgrader = websocket.Upgrader{}

// gateway plays Discord's side: HELLO, then IDENTIFY → READY or RESUME →
// RESUMED, then heartbeat ACKs until the socket closes.
func (f *fakeDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		f.t.Errorf("upgrade: %v", err)
		return
	}
	c := &gwConn{ws: ws}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	f.mu.Unlock()
	defer ws.Close()
	if err := c.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 45000}}); err != nil {
		return
	}
	var hello struct {
		Op int `json:"op"`
		D  struct {
			Token     string `json:"token"`
			Intents   int    `json:"intents"`
			SessionID string `json:"session_id"`
			Shard     []int  `json:"shard"`
		} `json:"d"`
	}
	if err := ws.ReadJSON(&hello); err != nil {
		return
	}
	f.mu.Lock()
	reject := f.rejectGateway
	f.mu.Unlock()
	if reject {
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		return
	}
	if hello.D.Token != "Bot "+fakeToken {
		f.t.Errorf("gateway op %d: token %q", hello.Op, hello.D.Token)
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		return
	}
	f.mu.Lock()
	switch hello.Op {
	case 2:
		if hello.D.Intents != f.wantIntents {
			f.t.Errorf("IDENTIFY intents = %d; want %d", hello.D.Intents, f.wantIntents)
		}
		f.identifies++
		f.seq++
		err = c.send(map[string]any{"op": 0, "t": "READY", "s": f.seq, "d": map[string]any{
			"v": 9, "session_id": sessionID,
			"user":        map[string]any{"id": botID, "username": "iccbot", "bot": true},
			"application": map[string]any{"id": appID},
			"guilds":      []any{map[string]any{"id": guildID, "unavailable": true}},
		}})
		if err == nil {
			f.seq++
			err = c.send(map[string]any{"op": 0, "t": "GUILD_CREATE", "s": f.seq, "d": map[string]any{
				"id": guildID, "name": "Test server",
				"roles": []any{
					map[string]any{"id": guildID, "name": "@everyone", "permissions": "0"},
					map[string]any{"id": modRoleID, "name": "Moderators", "permissions": "0"},
				},
				"channels": []any{map[string]any{"id": channelID, "type": 0, "guild_id": guildID, "name": "general"}},
				"threads":  []any{map[string]any{"id": threadID, "type": 11, "guild_id": guildID, "parent_id": channelID, "name": "q"}},
			}})
		}
	case 6:
		if hello.D.SessionID != sessionID {
			f.t.Errorf("RESUME session %q; want %q", hello.D.SessionID, sessionID)
		}
		f.resumes++
		err = c.send(map[string]any{"op": 0, "t": "RESUMED", "s": f.seq, "d": map[string]any{}})
	default:
		f.t.Errorf("gateway: first op %d; want 2 or 6", hello.Op)
		err = fmt.Errorf("bad op")
	}
	if err == nil {
		f.conn = c
	}
	f.notifyLocked()
	f.mu.Unlock()
	if err != nil {
		return
	}
	for {
		var m struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&m); err != nil {
			return
		}
		if m.Op == 1 {
			if c.send(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// dispatch sends a gateway event on the current connection.
func (f *fakeDiscord) dispatch(event string, d map[string]any) {
	f.t.Helper()
	f.mu.Lock()
	c := f.conn
	f.seq++
	seq := f.seq
	if id, ok := d["id"].(string); ok {
		f.sentAt[id] = time.Now()
	}
	f.mu.Unlock()
	if c == nil {
		f.t.Fatalf("dispatch %s: no gateway connection", event)
	}
	if err := c.send(map[string]any{"op": 0, "t": event, "s": seq, "d": d}); err != nil {
		f.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// drop closes the gateway socket under the client, as a network failure
// would.
func (f *fakeDiscord) drop() {
	f.mu.Lock()
	c := f.conn
	f.conn = nil
	f.mu.Unlock()
	_ = c.ws.UnderlyingConn().Close()
}

func (f *fakeDiscord) close() {
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, c := range conns {
		_ = c.ws.Close()
	}
	f.srv.Close()
}

// Events the fake dispatches.

var nextEventID struct {
	sync.Mutex
	n int
}

func newID() string {
	nextEventID.Lock()
	defer nextEventID.Unlock()
	nextEventID.n++
	return fmt.Sprintf("%d", 800000000000000000+nextEventID.n)
}

func user(id string) map[string]any { return map[string]any{"id": id, "username": "user" + id} }

// messageEvent is a MESSAGE_CREATE payload; guild "" makes it a DM.
func messageEvent(guild, channel, author, content string, mentionIDs ...string) map[string]any {
	var mentioned []any
	for _, id := range mentionIDs {
		mentioned = append(mentioned, user(id))
	}
	m := map[string]any{
		"id": newID(), "channel_id": channel, "type": 0, "content": content,
		"author": user(author), "mentions": mentioned, "timestamp": "2026-11-27T12:00:00.000000+00:00",
	}
	if guild != "" {
		m["guild_id"] = guild
		m["member"] = map[string]any{"roles": []any{}}
	}
	return m
}

// commandEvent is an INTERACTION_CREATE payload for a slash command in
// the guild channel, by a member with these permissions and roles.
func commandEvent(channel, member string, perms int64, roles []string, name string, options ...map[string]any) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	opts := []any{}
	for _, o := range options {
		opts = append(opts, o)
	}
	return map[string]any{
		"id": newID(), "application_id": appID, "type": 2, "token": "itoken-" + newID(),
		"guild_id": guildID, "channel_id": channel, "version": 1, "app_permissions": "0",
		"member": map[string]any{"user": user(member), "roles": roles, "permissions": fmt.Sprint(perms)},
		"data":   map[string]any{"id": newID(), "name": name, "type": 1, "options": opts},
	}
}

func askOption(q string) map[string]any {
	return map[string]any{"name": "question", "type": 3, "value": q}
}

func subcommand(name string) map[string]any { return map[string]any{"name": name, "type": 1} }

// The knowledge and conversation layer used end to end.

// staticKB is the knowledge behind the conversation layer: one engine, and
// the fake library /kb manages.
type staticKB struct {
	e *answer.Engine
	*fakeAdmin
}

func (s staticKB) Engine() *answer.Engine { return s.e }

func testEngine(t testing.TB) *answer.Engine {
	t.Helper()
	kb, problems, err := knowledge.Load("testdata/knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	return answer.New(kb)
}

// fakeAdmin stands in for the library behind /kb.
type fakeAdmin struct {
	mu     sync.Mutex
	loads  int
	status library.Status
}

func (a *fakeAdmin) Status() library.Status {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.status
}

func (a *fakeAdmin) Load() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.loads++
	a.status.Reloads++
	return nil
}

// harness runs a Bot against a fake Discord until the test ends.
type harness struct {
	f      *fakeDiscord
	b      *Bot
	admin  *fakeAdmin
	logs   *syncBuffer
	events chan string
	cancel context.CancelFunc
	done   chan error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs the real conversation layer over the test knowledge.
func start(t testing.TB, cfg Config, botCfg bot.Config) *harness {
	t.Helper()
	return startWith(t, cfg, func(log *slog.Logger, admin *fakeAdmin) Handler {
		e := testEngine(t)
		return bot.New(botCfg, e, staticKB{e, admin}, log, time.Now, nil)
	})
}

func startWith(t testing.TB, cfg Config, handler func(*slog.Logger, *fakeAdmin) Handler) *harness {
	t.Helper()
	h := &harness{logs: &syncBuffer{}, events: make(chan string, 1<<20), done: make(chan error, 1)}
	h.admin = &fakeAdmin{status: library.Status{Ready: true, Documents: 1, Passages: 6, LoadedAt: time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC), Reloads: 1}}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	conv := handler(log, h.admin)
	// Intents from Discord's documentation: GUILDS (1<<0), GUILD_MESSAGES
	// (1<<9), DIRECT_MESSAGES (1<<12); MESSAGE_CONTENT (1<<15) only with
	// open channels.
	want := 1 | 1<<9 | 1<<12
	if len(cfg.OpenChannels) > 0 {
		want |= 1 << 15
	}
	h.f = newFake(t, want)
	cfg.Token = fakeToken
	cfg.APIURL = h.f.srv.URL
	b, err := New(cfg, conv, log)
	if err != nil {
		t.Fatal(err)
	}
	b.trace = func(e string) { h.events <- e }
	h.b = b
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- h.b.Run(ctx) }()
	h.f.waitFor("commands registered", func() bool { return len(h.f.callsLocked(http.MethodPut, "/applications/")) > 0 })
	t.Cleanup(h.stop)
	return h
}

func (h *harness) stop() {
	if h.cancel == nil {
		return
	}
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			h.f.t.Errorf("Run = %v; want nil", err)
		}
	case <-time.After(10 * time.Second):
		h.f.t.Errorf("Run did not return after cancel")
	}
	h.f.close()
}

// handled waits for the bot to finish handling n events and returns their
// outcomes in the order they finished.
func (h *harness) handled(t testing.TB, n int) []string {
	t.Helper()
	var out []string
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for len(out) < n {
		select {
		case e := <-h.events:
			out = append(out, e)
		case <-deadline.C:
			t.Fatalf("timed out after %d of %d events: %v; calls: %v", len(out), n, out, h.f.summary())
		}
	}
	return out
}
