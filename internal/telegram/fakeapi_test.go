package telegram

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fakeAPI is an in-process Bot API server for the real tgbotapi client:
// it holds getUpdates like Telegram (long poll for `timeout` seconds,
// confirming updates below `offset`), records every call with its form
// fields, and answers scripted errors (429 with retry_after, 500, methods
// it does not support). Like an older server, it ignores allowed_updates,
// so the adapter's own filtering is what the tests see.
//
// It refuses, with Telegram's errors, a reply_markup Telegram would
// refuse (bad JSON, a button without an action, callback_data outside
// 1–64 bytes, a force_reply that is not true or whose placeholder is too
// long), and an answerCallbackQuery for a query it never sent, answered
// already, or with a toast over 200 characters.
type fakeAPI struct {
	t     testing.TB
	srv   *httptest.Server
	token string
	botID int64
	botUN string

	mu          sync.Mutex
	updates     []queued // not yet confirmed, in id order
	nextUpdate  int
	wake        chan struct{} // closed and replaced when updates arrive
	calls       []call
	script      map[string][]string // method → canned JSON error bodies, used first
	unsupported map[string]bool
	nextMsgID   int
	delivered   map[int]time.Time // update id → when getUpdates handed it out
	queries     map[string]bool   // callback query id → answered yet
	// unconfirmed, when set, plays confirmations that never reach
	// Telegram: updates stay queued whatever the offset, so a poller that
	// starts afresh (no offset) gets every one of them again.
	unconfirmed bool
	held        chan struct{} // closed to end the poll being held

	onCall func(call) // if set, told of every call (set before use)

	sends   chan call // every successful sendMessage
	polls   chan call // every getUpdates, as it arrives
	answers chan call // every successful answerCallbackQuery
}

type queued struct {
	id  int
	raw json.RawMessage
}

// call is one request the fake received.
type call struct {
	Method string
	Form   url.Values
	At     time.Time
	MsgID  int // the message_id a successful sendMessage returned
}

func newFakeAPI(t testing.TB) *fakeAPI {
	f := &fakeAPI{
		t:           t,
		token:       "123456:TEST-token_abc",
		botID:       4242,
		botUN:       "IccTestBot",
		nextUpdate:  1,
		wake:        make(chan struct{}),
		script:      map[string][]string{},
		unsupported: map[string]bool{},
		nextMsgID:   1000,
		delivered:   map[int]time.Time{},
		queries:     map[string]bool{},
		sends:       make(chan call, 100000),
		polls:       make(chan call, 100000),
		answers:     make(chan call, 100000),
	}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// push queues updates, given as JSON objects without update_id, and
// returns their ids.
func (f *fakeAPI) push(updates ...string) []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []int
	for _, u := range updates {
		id := f.nextUpdate
		f.nextUpdate++
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(u), &m); err != nil {
			f.t.Fatalf("push: bad update JSON %s: %v", u, err)
		}
		m["update_id"] = json.RawMessage(strconv.Itoa(id))
		raw, _ := json.Marshal(m)
		f.updates = append(f.updates, queued{id, raw})
		ids = append(ids, id)
	}
	close(f.wake)
	f.wake = make(chan struct{})
	return ids
}

// fail makes the next calls of method answer these error bodies, in order.
func (f *fakeAPI) fail(method string, bodies ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[method] = append(f.script[method], bodies...)
}

func tooMany(retryAfter int) string {
	return fmt.Sprintf(`{"ok":false,"error_code":429,"description":"Too Many Requests: retry after %d","parameters":{"retry_after":%d}}`, retryAfter, retryAfter)
}

// conflict is Telegram's answer to a poll ended by another one.
const conflict = `{"ok":false,"error_code":409,"description":"Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"}`

const serverError = `{"ok":false,"error_code":500,"description":"Internal Server Error"}`

func (f *fakeAPI) callsOf(method string) []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []call
	for _, c := range f.calls {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// nextSend waits for the next delivered message.
func (f *fakeAPI) nextSend(t testing.TB) call {
	t.Helper()
	select {
	case c := <-f.sends:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no sendMessage within 5s")
		return call{}
	}
}

// noMoreSends checks nothing was delivered that the test has not read.
func (f *fakeAPI) noMoreSends(t testing.TB) {
	t.Helper()
	select {
	case c := <-f.sends:
		t.Errorf("unexpected sendMessage: %q", c.Form.Get("text"))
	default:
	}
}

func (f *fakeAPI) reply(w http.ResponseWriter, result any) {
	raw, err := json.Marshal(result)
	if err != nil {
		f.t.Errorf("fake: marshal: %v", err)
	}
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"ok":true,"result":%s}`, raw)
}

func (f *fakeAPI) error(w http.ResponseWriter, body string) {
	var e struct {
		Code int `json:"error_code"`
	}
	_ = json.Unmarshal([]byte(body), &e)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Code)
	fmt.Fprint(w, body)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+f.token+"/")
	if !ok {
		f.error(w, `{"ok":false,"error_code":401,"description":"Unauthorized"}`)
		return
	}
	if r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		f.t.Errorf("fake: %s %s with %q: the client always POSTs a form", r.Method, method, r.Header.Get("Content-Type"))
	}
	if err := r.ParseForm(); err != nil {
		f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: bad form"}`)
		return
	}
	c := call{Method: method, Form: r.PostForm, At: time.Now()}
	f.mu.Lock()
	f.calls = append(f.calls, c)
	var scripted string
	if s := f.script[method]; len(s) > 0 {
		scripted, f.script[method] = s[0], s[1:]
	}
	unsupported := f.unsupported[method]
	onCall := f.onCall
	f.mu.Unlock()
	if onCall != nil {
		onCall(c)
	}
	switch {
	case scripted != "":
		f.error(w, scripted)
		return
	case unsupported:
		f.error(w, `{"ok":false,"error_code":404,"description":"Not Found: method not found"}`)
		return
	}

	switch method {
	case "getMe":
		f.reply(w, map[string]any{"id": f.botID, "is_bot": true, "first_name": "ICC bot", "username": f.botUN})
	case "getUpdates":
		f.getUpdates(w, r, c)
	case "sendMessage":
		for _, k := range []string{"chat_id", "text"} {
			if c.Form.Get(k) == "" {
				f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: `+k+` is empty"}`)
				return
			}
		}
		if rm := c.Form.Get("reply_markup"); rm != "" {
			if desc := checkMarkup(rm); desc != "" {
				f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: `+desc+`"}`)
				return
			}
		}
		f.mu.Lock()
		f.nextMsgID++
		id := f.nextMsgID
		f.mu.Unlock()
		chat, _ := strconv.ParseInt(c.Form.Get("chat_id"), 10, 64)
		c.MsgID = id
		f.sends <- c
		f.reply(w, map[string]any{"message_id": id, "date": 1, "chat": map[string]any{"id": chat, "type": "private"},
			"from": map[string]any{"id": f.botID, "is_bot": true, "first_name": "ICC bot"}, "text": "…"})
	case "answerCallbackQuery":
		id := c.Form.Get("callback_query_id")
		f.mu.Lock()
		answered, known := f.queries[id]
		if known && !answered {
			f.queries[id] = true
		}
		f.mu.Unlock()
		switch sa := c.Form.Get("show_alert"); {
		case !known || answered:
			f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: query is too old and response timeout expired or query ID is invalid"}`)
			return
		case utf8.RuneCountInString(c.Form.Get("text")) > 200:
			f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: MESSAGE_TOO_LONG"}`)
			return
		case sa != "" && sa != "true" && sa != "false":
			f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse show_alert"}`)
			return
		}
		f.answers <- c
		f.reply(w, true)
	case "sendChatAction", "setMyCommands", "deleteWebhook", "setWebhook":
		f.reply(w, true)
	default:
		f.error(w, `{"ok":false,"error_code":404,"description":"Not Found"}`)
	}
}

// checkMarkup returns Telegram's description of what is wrong with a
// reply_markup, or "" if Telegram would take it. Only the two kinds the
// bot sends are accepted.
func checkMarkup(raw string) string {
	var m struct {
		InlineKeyboard        *[][]map[string]json.RawMessage `json:"inline_keyboard"`
		ForceReply            *bool                           `json:"force_reply"`
		InputFieldPlaceholder *string                         `json:"input_field_placeholder"`
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		return "can't parse reply keyboard markup JSON object"
	}
	switch {
	case m.InlineKeyboard != nil:
		for _, row := range *m.InlineKeyboard {
			for _, button := range row {
				var text string
				if json.Unmarshal(button["text"], &text) != nil || text == "" {
					return "can't parse inline keyboard button: Text must be non-empty"
				}
				raw, ok := button["callback_data"]
				if !ok || len(button) != 2 {
					return "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
				}
				var data string
				if json.Unmarshal(raw, &data) != nil || len(data) < 1 || len(data) > 64 {
					return "BUTTON_DATA_INVALID"
				}
			}
		}
		return ""
	case m.ForceReply != nil:
		if !*m.ForceReply {
			return "force_reply must be true"
		}
		if p := m.InputFieldPlaceholder; p != nil && (*p == "" || utf8.RuneCountInString(*p) > 64) {
			return "input field placeholder is invalid"
		}
		return ""
	}
	return "object expected as reply markup"
}

// click builds a "callback_query" update: from clicks the button with
// data under message msgID of chat. The fake will take one answer to it.
func (f *fakeAPI) click(queryID string, from int64, chat chatSpec, msgID int, data string) string {
	f.mu.Lock()
	f.queries[queryID] = false
	f.mu.Unlock()
	raw, _ := json.Marshal(map[string]any{"callback_query": map[string]any{
		"id":            queryID,
		"from":          userJSON(from, false),
		"chat_instance": "ci",
		"data":          data,
		"message": map[string]any{
			"message_id": msgID, "date": 1700000000,
			"chat": map[string]any{"id": chat.id, "type": chat.typ},
			"from": map[string]any{"id": f.botID, "is_bot": true, "first_name": "ICC bot", "username": f.botUN},
			"text": "an answer",
		},
	}})
	return string(raw)
}

// nextAnswer waits for the next accepted answerCallbackQuery.
func (f *fakeAPI) nextAnswer(t testing.TB) call {
	t.Helper()
	select {
	case c := <-f.answers:
		return c
	case <-time.After(5 * time.Second):
		t.Fatal("no answerCallbackQuery within 5s")
		return call{}
	}
}

func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request, c call) {
	offset, _ := strconv.Atoi(c.Form.Get("offset"))
	timeout, _ := strconv.Atoi(c.Form.Get("timeout"))
	limit, _ := strconv.Atoi(c.Form.Get("limit"))
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	if au := c.Form.Get("allowed_updates"); au != "" && au != "null" {
		var kinds []string
		if err := json.Unmarshal([]byte(au), &kinds); err != nil {
			f.error(w, `{"ok":false,"error_code":400,"description":"Bad Request: can't parse allowed_updates"}`)
			return
		}
	}
	select {
	case f.polls <- c:
	default:
	}
	// Like Telegram, a new poll ends the one being held with 409.
	ended := make(chan struct{})
	f.mu.Lock()
	if f.held != nil {
		close(f.held)
	}
	f.held = ended
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		if f.held == ended {
			f.held = nil
		}
		f.mu.Unlock()
	}()
	deadline := time.NewTimer(time.Duration(timeout) * time.Second)
	defer deadline.Stop()
	for {
		f.mu.Lock()
		// Telegram forgets updates below offset: they are confirmed.
		// Unless told to lose the confirmations: then only this answer
		// leaves them out, and a poll without an offset gets them again.
		i := 0
		for i < len(f.updates) && f.updates[i].id < offset {
			i++
		}
		if !f.unconfirmed {
			f.updates = f.updates[i:]
			i = 0
		}
		n := min(limit, len(f.updates)-i)
		batch := make([]json.RawMessage, n)
		now := time.Now()
		for j := range n {
			u := f.updates[i+j]
			batch[j] = u.raw
			if _, seen := f.delivered[u.id]; !seen {
				f.delivered[u.id] = now
			}
		}
		wake := f.wake
		f.mu.Unlock()
		if n > 0 || timeout == 0 {
			f.reply(w, batch)
			return
		}
		select {
		case <-wake:
		case <-deadline.C:
			f.reply(w, batch)
			return
		case <-ended:
			f.error(w, conflict)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// Update builders. Entities are computed the way Telegram does: a command
// at the start, every @mention, offsets in UTF-16 code units.

type chatSpec struct {
	id  int64
	typ string
}

var (
	privateChat = chatSpec{id: 555, typ: "private"}
	groupChat   = chatSpec{id: -100777, typ: "supergroup"}
)

func userJSON(id int64, isBot bool) map[string]any {
	return map[string]any{"id": id, "is_bot": isBot, "first_name": "Someone"}
}

func entitiesFor(text string) []map[string]any {
	var out []map[string]any
	u16 := func(s string) int { return u16len(s) }
	if strings.HasPrefix(text, "/") {
		end := strings.IndexAny(text, " \n")
		if end < 0 {
			end = len(text)
		}
		out = append(out, map[string]any{"type": "bot_command", "offset": 0, "length": u16(text[:end])})
	}
	for i := 0; i < len(text); i++ {
		if text[i] != '@' || (i > 0 && text[i-1] != ' ' && text[i-1] != '\n') {
			continue
		}
		j := i + 1
		for j < len(text) && (text[j] == '_' || text[j] >= '0' && text[j] <= '9' || text[j] >= 'A' && text[j] <= 'Z' || text[j] >= 'a' && text[j] <= 'z') {
			j++
		}
		if j > i+1 {
			out = append(out, map[string]any{"type": "mention", "offset": u16(text[:i]), "length": j - i})
		}
	}
	return out
}

// msg builds a "message" update; extra fields are merged into the message.
func msg(chat chatSpec, from int64, msgID int, text string, extra map[string]any) string {
	m := map[string]any{
		"message_id": msgID,
		"date":       1700000000,
		"chat":       map[string]any{"id": chat.id, "type": chat.typ},
		"from":       userJSON(from, false),
	}
	if text != "" {
		m["text"] = text
		if es := entitiesFor(text); len(es) > 0 {
			m["entities"] = es
		}
	}
	for k, v := range extra {
		m[k] = v
	}
	raw, _ := json.Marshal(map[string]any{"message": m})
	return string(raw)
}
