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
	"unicode/utf8"

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
	newsID    = "900000000000000008" // an announcement channel
	otherUser = "900000000000000009" // who started threadID
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
	ready      []*gwConn // every connection that was identified or resumed
	seq        int64
	identifies int
	resumes    int
	nextID     int
	sentAt     map[string]time.Time // dispatched message or interaction id → when
	// rejectGateway and rejectREST play a reset token: the gateway closes
	// with 4004 after IDENTIFY or RESUME, REST answers 401.
	rejectGateway bool
	rejectREST    bool
	// disallowed are privileged intents the bot is not allowed: IDENTIFY
	// asking for any closes the gateway with 4014 (counted in
	// refusedIdentifies).
	disallowed        int
	refusedIdentifies int

	channels     map[string]*fakeChannel
	messages     map[string]string           // message id → channel
	threadOf     map[string]string           // message id → the thread started on it
	interactions map[string]*fakeInteraction // by token
	noThreads    map[string]bool             // channels where the bot may not start threads
}

// fakeChannel is a channel the fake knows: text (0), DM (1),
// announcement (5), announcement thread (10), public thread (11).
type fakeChannel struct {
	ID, Owner, Parent string
	Type              int
}

func (c *fakeChannel) json() map[string]any {
	m := map[string]any{"id": c.ID, "type": c.Type}
	if c.Type != 1 {
		m["guild_id"] = guildID
	}
	if c.Owner != "" {
		m["owner_id"] = c.Owner
	}
	if c.Parent != "" {
		m["parent_id"] = c.Parent
	}
	return m
}

// fakeInteraction is an interaction the fake dispatched.
type fakeInteraction struct {
	id, channel string
	typ         int
	acked       bool
	original    string // the response message, once there is one
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
	f := &fakeDiscord{
		t: t, wantIntents: wantIntents, changed: make(chan struct{}), nextID: 1000, sentAt: map[string]time.Time{},
		channels: map[string]*fakeChannel{}, messages: map[string]string{}, threadOf: map[string]string{},
		interactions: map[string]*fakeInteraction{}, noThreads: map[string]bool{},
	}
	f.addChannel(channelID, 0, "", "")
	f.addChannel(newsID, 5, "", "")
	f.addChannel(threadID, 11, otherUser, channelID)
	f.addChannel(dmChannel, 1, "", "")
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

// Posts returns the messages posted to channels so far (not typing, not
// threads).
func (f *fakeDiscord) Posts() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.callsLocked(http.MethodPost, "/channels/") {
		if strings.HasSuffix(c.Path, "/messages") {
			out = append(out, c)
		}
	}
	return out
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
	reply, refused := f.routeLocked(r.Method, path, r.Host, &c)
	if refused != nil {
		c.Status = refused.status
		reply = map[string]any{"message": refused.message, "code": refused.code}
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

// apiProblem is an error answer as Discord gives it.
type apiProblem struct {
	status, code int
	message      string
}

func problem(status, code int, message string) *apiProblem {
	return &apiProblem{status: status, code: code, message: message}
}

// Discord's error answers.
var (
	errUnknownChannel     = problem(http.StatusNotFound, 10003, "Unknown Channel")
	errUnknownMessage     = problem(http.StatusNotFound, 10008, "Unknown Message")
	errUnknownWebhook     = problem(http.StatusNotFound, 10015, "Unknown Webhook")
	errUnknownInteraction = problem(http.StatusNotFound, 10062, "Unknown interaction")
	errAcknowledged       = problem(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	errMissingPermissions = problem(http.StatusForbidden, 50013, "Missing Permissions")
	errChannelType        = problem(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
	errThreadExists       = problem(http.StatusBadRequest, 160004, "A thread has already been created for this message")
)

func invalidForm(format string, args ...any) *apiProblem {
	return problem(http.StatusBadRequest, 50035, "Invalid Form Body: "+fmt.Sprintf(format, args...))
}

// routeLocked answers one REST call, as Discord would, recording what it
// creates. c.Status is 200 unless set otherwise; c.ID names a message
// created.
func (f *fakeDiscord) routeLocked(method, path, host string, c *call) (any, *apiProblem) {
	seg := strings.Split(strings.TrimPrefix(path, "/"), "/")
	switch {
	case method == http.MethodGet && (path == "/gateway" || path == "/gateway/bot"):
		return map[string]any{"url": "ws://" + host + "/ws", "shards": 1}, nil
	case method == http.MethodGet && path == "/users/@me":
		return map[string]any{"id": botID, "username": "iccbot", "bot": true}, nil
	case method == http.MethodPut && strings.HasSuffix(path, "/commands"):
		return json.RawMessage(c.Raw), nil
	case seg[0] == "interactions" && len(seg) == 4 && seg[3] == "callback" && method == http.MethodPost:
		return f.callbackLocked(seg[1], seg[2], c)
	case seg[0] == "webhooks" && len(seg) >= 3:
		return f.webhookLocked(method, seg, c)
	case seg[0] == "channels" && len(seg) >= 2:
		return f.channelLocked(method, seg, c)
	}
	f.t.Errorf("unexpected call %s %s", method, path)
	return nil, problem(http.StatusNotFound, 0, "404: Not Found")
}

func (f *fakeDiscord) newMessageLocked(channel string, c *call) map[string]any {
	f.nextID++
	c.ID = fmt.Sprint(f.nextID)
	f.messages[c.ID] = channel
	return map[string]any{"id": c.ID, "channel_id": channel, "content": c.Body["content"]}
}

func (f *fakeDiscord) channelLocked(method string, seg []string, c *call) (any, *apiProblem) {
	ch := f.channels[seg[1]]
	if ch == nil {
		return nil, errUnknownChannel
	}
	switch {
	case method == http.MethodGet && len(seg) == 2:
		return ch.json(), nil
	case method == http.MethodPost && len(seg) == 3 && seg[2] == "typing":
		c.Status = http.StatusNoContent
		return nil, nil
	case method == http.MethodPost && len(seg) == 3 && seg[2] == "messages":
		if p := checkMessage(c.Body); p != nil {
			return nil, p
		}
		if ref, ok := c.Body["message_reference"].(map[string]any); ok {
			if rc, _ := ref["channel_id"].(string); rc != "" && rc != ch.ID {
				return nil, invalidForm("message_reference: a reply must be in the referenced message's channel")
			}
		}
		return f.newMessageLocked(ch.ID, c), nil
	case method == http.MethodPost && len(seg) == 5 && seg[2] == "messages" && seg[4] == "threads":
		return f.startThreadLocked(ch, seg[3], c)
	}
	f.t.Errorf("unexpected call %s /%s", method, strings.Join(seg, "/"))
	return nil, problem(http.StatusNotFound, 0, "404: Not Found")
}

// startThreadLocked plays POST /channels/{c}/messages/{m}/threads.
func (f *fakeDiscord) startThreadLocked(ch *fakeChannel, message string, c *call) (any, *apiProblem) {
	if f.noThreads[ch.ID] {
		return nil, errMissingPermissions
	}
	if ch.Type != 0 && ch.Type != 5 {
		return nil, errChannelType
	}
	if f.messages[message] != ch.ID {
		return nil, errUnknownMessage
	}
	if f.threadOf[message] != "" {
		return nil, errThreadExists
	}
	name, _ := c.Body["name"].(string)
	if n := utf8.RuneCountInString(name); n < 1 || n > 100 {
		return nil, invalidForm("name: must be 1 to 100 characters")
	}
	switch c.Body["auto_archive_duration"] {
	case nil, 60.0, 1440.0, 4320.0, 10080.0:
	default:
		return nil, invalidForm("auto_archive_duration: %v", c.Body["auto_archive_duration"])
	}
	typ := 11
	if ch.Type == 5 {
		typ = 10
	}
	// The thread has the message's id. Discord would also send
	// THREAD_CREATE; the fake does not, so the bot must remember its
	// threads itself.
	t := f.addChannelLocked(message, typ, botID, ch.ID)
	f.threadOf[message] = t.ID
	c.Status = http.StatusCreated
	out := t.json()
	out["name"] = name
	return out, nil
}

// callbackLocked plays POST /interactions/{id}/{token}/callback.
func (f *fakeDiscord) callbackLocked(id, token string, c *call) (any, *apiProblem) {
	in := f.interactions[token]
	if in == nil || in.id != id {
		return nil, errUnknownInteraction
	}
	if in.acked {
		return nil, errAcknowledged
	}
	data, _ := c.Body["data"].(map[string]any)
	switch c.Body["type"] {
	case 4.0:
		if p := checkMessage(data); p != nil {
			return nil, p
		}
	case 5.0:
	case 9.0:
		if in.typ != 2 && in.typ != 3 {
			return nil, invalidForm("type: a modal answers a command or a component only")
		}
		if p := checkModal(data); p != nil {
			return nil, p
		}
	default:
		return nil, invalidForm("type: %v", c.Body["type"])
	}
	in.acked = true
	if c.Body["type"] != 9.0 {
		f.nextID++
		in.original = fmt.Sprint(f.nextID)
		f.messages[in.original] = in.channel
	}
	c.Status = http.StatusNoContent
	return nil, nil
}

// webhookLocked plays the interaction webhook: the response message and
// follow-ups.
func (f *fakeDiscord) webhookLocked(method string, seg []string, c *call) (any, *apiProblem) {
	in := f.interactions[seg[2]]
	if seg[1] != appID || in == nil || !in.acked {
		return nil, errUnknownWebhook
	}
	original := len(seg) == 5 && seg[3] == "messages" && seg[4] == "@original"
	switch {
	case original && in.original == "":
		return nil, errUnknownMessage
	case original && method == http.MethodGet:
		return map[string]any{"id": in.original, "channel_id": in.channel}, nil
	case original && method == http.MethodDelete:
		c.Status = http.StatusNoContent
		return nil, nil
	case original && method == http.MethodPatch:
		if p := checkMessage(c.Body); p != nil {
			return nil, p
		}
		c.ID = in.original
		return map[string]any{"id": in.original, "channel_id": in.channel, "content": c.Body["content"]}, nil
	case len(seg) == 3 && method == http.MethodPost:
		if p := checkMessage(c.Body); p != nil {
			return nil, p
		}
		return f.newMessageLocked(in.channel, c), nil
	}
	f.t.Errorf("unexpected call %s /%s", method, strings.Join(seg, "/"))
	return nil, problem(http.StatusNotFound, 0, "404: Not Found")
}

// checkMessage checks a message body as Discord does: content within the
// limit, something to show, valid components.
func checkMessage(body map[string]any) *apiProblem {
	content, _ := body["content"].(string)
	if utf8.RuneCountInString(content) > 2000 {
		return invalidForm("content: must be 2000 or fewer in length")
	}
	rows, _ := body["components"].([]any)
	if content == "" && len(rows) == 0 {
		return problem(http.StatusBadRequest, 50006, "Cannot send an empty message")
	}
	if len(rows) > 5 {
		return invalidForm("components: at most 5 action rows")
	}
	seen := map[string]bool{}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		items, _ := row["components"].([]any)
		if row["type"] != 1.0 || len(items) < 1 || len(items) > 5 {
			return invalidForm("components: want action rows of 1 to 5 components")
		}
		for _, it := range items {
			b, _ := it.(map[string]any)
			if b["type"] != 2.0 {
				return invalidForm("components: only buttons in a message here")
			}
			id, _ := b["custom_id"].(string)
			label, _ := b["label"].(string)
			_, hasEmoji := b["emoji"].(map[string]any)
			switch b["style"] {
			case 1.0, 2.0, 3.0, 4.0:
				if n := len(id); n < 1 || n > 100 || seen[id] {
					return invalidForm("custom_id: 1 to 100 characters, unique in the message")
				}
				seen[id] = true
			default:
				return invalidForm("style: %v", b["style"])
			}
			if (label == "" && !hasEmoji) || utf8.RuneCountInString(label) > 80 {
				return invalidForm("button: a label of up to 80 characters or an emoji")
			}
		}
	}
	return nil
}

// checkModal checks a modal's data as Discord does.
func checkModal(d map[string]any) *apiProblem {
	id, _ := d["custom_id"].(string)
	title, _ := d["title"].(string)
	rows, _ := d["components"].([]any)
	if len(id) < 1 || len(id) > 100 || utf8.RuneCountInString(title) < 1 || utf8.RuneCountInString(title) > 45 || len(rows) < 1 || len(rows) > 5 {
		return invalidForm("modal: custom_id, title (1 to 45) and 1 to 5 rows")
	}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		items, _ := row["components"].([]any)
		if row["type"] != 1.0 || len(items) != 1 {
			return invalidForm("modal: each row holds one text input")
		}
		in, _ := items[0].(map[string]any)
		cid, _ := in["custom_id"].(string)
		label, _ := in["label"].(string)
		max, _ := in["max_length"].(float64)
		if in["type"] != 4.0 || cid == "" || (in["style"] != 1.0 && in["style"] != 2.0) ||
			utf8.RuneCountInString(label) < 1 || utf8.RuneCountInString(label) > 45 || max < 0 || max > 4000 {
			return invalidForm("modal: text input %v", in)
		}
	}
	return nil
}

// addChannel makes a channel known to the fake's REST API (not to the
// bot's state: only GUILD_CREATE tells it that).
func (f *fakeDiscord) addChannel(id string, typ int, owner, parent string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.addChannelLocked(id, typ, owner, parent)
}

func (f *fakeDiscord) addChannelLocked(id string, typ int, owner, parent string) *fakeChannel {
	c := &fakeChannel{ID: id, Type: typ, Owner: owner, Parent: parent}
	f.channels[id] = c
	return c
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
	reject, disallowed := f.rejectGateway, f.disallowed
	f.mu.Unlock()
	if reject {
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4004, "Authentication failed."))
		return
	}
	if hello.Op == 2 && hello.D.Intents&disallowed != 0 {
		f.mu.Lock()
		f.refusedIdentifies++
		f.notifyLocked()
		f.mu.Unlock()
		_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(4014, "Disallowed intent(s)."))
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
				"channels": []any{
					map[string]any{"id": channelID, "type": 0, "guild_id": guildID, "name": "general"},
					map[string]any{"id": newsID, "type": 5, "guild_id": guildID, "name": "news"},
				},
				"threads": []any{map[string]any{"id": threadID, "type": 11, "guild_id": guildID, "parent_id": channelID, "owner_id": otherUser, "name": "q"}},
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
		f.ready = append(f.ready, c)
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
	f.mu.Unlock()
	f.send(event, d, c)
}

// broadcast sends a gateway event on every connection that was ready, as
// happens when two processes run one shard, or a resumed session replays
// what another already had.
func (f *fakeDiscord) broadcast(event string, d map[string]any) {
	f.t.Helper()
	f.mu.Lock()
	conns := append([]*gwConn(nil), f.ready...)
	f.mu.Unlock()
	for _, c := range conns {
		f.send(event, d, c)
	}
}

func (f *fakeDiscord) send(event string, d map[string]any, c *gwConn) {
	f.t.Helper()
	f.mu.Lock()
	f.seq++
	seq := f.seq
	if id, ok := d["id"].(string); ok {
		f.sentAt[id] = time.Now()
		switch event {
		case "MESSAGE_CREATE":
			f.messages[id], _ = d["channel_id"].(string)
		case "INTERACTION_CREATE":
			tok, _ := d["token"].(string)
			ch, _ := d["channel_id"].(string)
			typ, _ := d["type"].(int)
			if _, again := f.interactions[tok]; !again { // sent again: the same interaction
				f.interactions[tok] = &fakeInteraction{id: id, channel: ch, typ: typ}
			}
		}
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

// componentEvent is an INTERACTION_CREATE payload for a click on a button
// with customID under message, by a member in the guild channel, or by a
// user in a DM when channel is dmChannel.
func componentEvent(channel, member, message, customID string) map[string]any {
	ev := interactionEvent(channel, member, 3)
	ev["data"] = map[string]any{"custom_id": customID, "component_type": 2}
	ev["message"] = map[string]any{"id": message, "channel_id": channel, "content": "an answer", "author": map[string]any{"id": botID, "username": "iccbot", "bot": true},
		"timestamp": "2026-11-27T12:00:00.000000+00:00", "type": 0}
	return ev
}

// modalEvent is an INTERACTION_CREATE payload for a submitted form with
// one text input.
func modalEvent(channel, member, customID, inputID, value string) map[string]any {
	ev := interactionEvent(channel, member, 5)
	ev["data"] = map[string]any{"custom_id": customID, "components": []any{
		map[string]any{"type": 1, "components": []any{map[string]any{"type": 4, "custom_id": inputID, "value": value}}},
	}}
	return ev
}

func interactionEvent(channel, member string, typ int) map[string]any {
	ev := map[string]any{
		"id": newID(), "application_id": appID, "type": typ, "token": "itoken-" + newID(),
		"channel_id": channel, "version": 1, "app_permissions": "0",
	}
	if channel == dmChannel {
		ev["user"] = user(member)
	} else {
		ev["guild_id"] = guildID
		ev["member"] = map[string]any{"user": user(member), "roles": []any{}, "permissions": "0"}
	}
	return ev
}

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
	return startSetup(t, cfg, handler, nil)
}

// startSetup is startWith, with setup called on the fake Discord before
// the bot connects.
func startSetup(t testing.TB, cfg Config, handler func(*slog.Logger, *fakeAdmin) Handler, setup func(*fakeDiscord)) *harness {
	t.Helper()
	h := &harness{logs: &syncBuffer{}, events: make(chan string, 1<<20), done: make(chan error, 1)}
	h.admin = &fakeAdmin{status: library.Status{Ready: true, Documents: 1, Passages: 6, LoadedAt: time.Date(2026, 11, 27, 11, 0, 0, 0, time.UTC), Reloads: 1}}
	log := slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	conv := handler(log, h.admin)
	// Intents from Discord's documentation: GUILDS (1<<0), GUILD_MESSAGES
	// (1<<9), DIRECT_MESSAGES (1<<12); MESSAGE_CONTENT (1<<15) only with
	// open channels or threads.
	want := 1 | 1<<9 | 1<<12
	if len(cfg.OpenChannels) > 0 || cfg.Threads {
		want |= 1 << 15
	}
	h.f = newFake(t, want)
	if setup != nil {
		setup(h.f)
	}
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
