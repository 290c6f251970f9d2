package telegram

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

const (
	covered    = "When does the Assembly of States Parties meet?"
	notCovered = "What is the capital of Peru?"
)

// ratingBot is the real conversation layer over an engine with answers
// kept for rating in memory (FEEDBACK_ENABLED), limits out of the way.
func ratingBot(e *answer.Engine) *bot.Bot {
	return bot.New(bot.Config{RatePerMinute: 1e9, Burst: 1e6, MaxInFlight: 1024, Feedback: feedback.NewMemory(0, 0)},
		e, staticKB{e}, quietLog(), time.Now, nil)
}

// keyboard decodes a sendMessage's inline keyboard; nil when it has none.
func keyboard(t *testing.T, c call) [][]struct {
	Text         string `json:"text"`
	CallbackData string `json:"callback_data"`
} {
	t.Helper()
	rm := c.Form.Get("reply_markup")
	if rm == "" {
		return nil
	}
	var m struct {
		InlineKeyboard [][]struct {
			Text         string `json:"text"`
			CallbackData string `json:"callback_data"`
		} `json:"inline_keyboard"`
	}
	if err := json.Unmarshal([]byte(rm), &m); err != nil {
		t.Fatalf("reply_markup %s: %v", rm, err)
	}
	return m.InlineKeyboard
}

// ratingData checks that a message carries the rating row, 👍 👎 Report,
// each button's data under 64 bytes and naming one answer, and returns
// the data of each button by rating.
func ratingData(t *testing.T, c call) map[feedback.Rating]string {
	t.Helper()
	kb := keyboard(t, c)
	if len(kb) != 1 || len(kb[0]) != 3 {
		t.Fatalf("reply_markup = %s; want one row of 3 buttons", c.Form.Get("reply_markup"))
	}
	out := map[feedback.Rating]string{}
	ids := map[string]bool{}
	for i, want := range []struct {
		text string
		r    feedback.Rating
	}{{"👍", feedback.Up}, {"👎", feedback.Down}, {"Report", feedback.Report}} {
		btn := kb[0][i]
		id, r, ok := bot.ParseRatingData(btn.CallbackData)
		if btn.Text != want.text || !ok || r != want.r || len(btn.CallbackData) > 64 {
			t.Errorf("button %d = %q %q (%d bytes); want %q rating %s, ≤ 64 bytes", i, btn.Text, btn.CallbackData, len(btn.CallbackData), want.text, want.r)
		}
		ids[id] = true
		out[r] = btn.CallbackData
	}
	if len(ids) != 1 {
		t.Errorf("buttons name answers %v; want one", ids)
	}
	return out
}

// Answers that may be rated carry the buttons, on their last message
// only; notices, help, "not covered" and answers with feedback off none.
func TestRatingButtons(t *testing.T) {
	e := repoEngine(t)
	tests := []struct {
		name    string
		h       Handler
		text    string
		buttons bool
	}{
		{"answer", ratingBot(e), covered, true},
		{"not covered", ratingBot(e), notCovered, false},
		{"help", ratingBot(e), "/help", false},
		{"notice", ratingBot(e), "/ask", false},
		{"feedback off", realBot(e), covered, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			b := newTestBot(t, f, tt.h, nil)
			identify(t, b)
			feed(t, b, msg(privateChat, 1001, 7, tt.text, nil))
			c := f.nextSend(t)
			if tt.buttons {
				ratingData(t, c)
			} else if rm := c.Form.Get("reply_markup"); rm != "" {
				t.Errorf("%q got reply_markup %s; want none", tt.text, rm)
			}
			f.noMoreSends(t)
		})
	}
}

func TestRatingButtonsOnTheLastPartOnly(t *testing.T) {
	e := loadEngine(t, "testdata/long", answer.WithThreshold(0)) // as in TestLongAnswerIsSplit
	const q = "Why do reparations, outreach and detention matter?"
	f := newFakeAPI(t)
	b := newTestBot(t, f, ratingBot(e), nil)
	identify(t, b)
	feed(t, b, msg(privateChat, 1001, 42, q, nil))
	var parts []call
	for {
		select {
		case c := <-f.sends:
			parts = append(parts, c)
			continue
		default:
		}
		break
	}
	if len(parts) < 2 {
		t.Fatalf("the long answer came in %d message(s); want several", len(parts))
	}
	for i, c := range parts[:len(parts)-1] {
		if rm := c.Form.Get("reply_markup"); rm != "" {
			t.Errorf("part %d of %d has reply_markup %s; want buttons on the last only", i+1, len(parts), rm)
		}
	}
	ratingData(t, parts[len(parts)-1])
}

// clickFixture is the adapter running against the fake, over the real
// conversation layer with feedback in memory, with one answer given.
type clickFixture struct {
	f      *fakeAPI
	b      *Bot
	bb     *bot.Bot
	rec    *recorder
	clk    *manualClock
	logs   *lockedBuffer
	answer call                       // the answer's message, with its buttons
	data   map[feedback.Rating]string // the buttons' data
	ids    int                        // callback query ids given so far
}

// newClickFixture asks covered in chat (as user 1001) and reads the answer.
func newClickFixture(t *testing.T, chat chatSpec) *clickFixture {
	t.Helper()
	x := &clickFixture{f: newFakeAPI(t), bb: ratingBot(repoEngine(t)), clk: newManualClock(), logs: &lockedBuffer{}}
	x.rec = &recorder{next: x.bb}
	x.b = newTestBot(t, x.f, x.rec, func(c *Config) { c.Clock = x.clk; c.Moderators = []int64{9000} })
	x.b.log = slog.New(slog.NewTextHandler(x.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	start(t, x.b)
	x.f.push(msg(chat, 1001, 7, "/ask "+covered, nil))
	x.answer = x.f.nextSend(t)
	x.data = ratingData(t, x.answer)
	x.rec.mu.Lock()
	x.rec.msgs = nil
	x.rec.mu.Unlock()
	return x
}

// click feeds a click on the button with data, under the answer, and
// returns the query's answer after checking it names the query and is a
// toast, not an alert. It returns once the click is handled, prompt
// included, so what it sent can be counted; pushed clicks through
// getUpdates instead.
func (x *clickFixture) click(t *testing.T, from int64, chat chatSpec, data string) call {
	t.Helper()
	return x.clickVia(t, from, chat, data, false)
}

func (x *clickFixture) clickVia(t *testing.T, from int64, chat chatSpec, data string, poll bool) call {
	t.Helper()
	x.ids++
	id := "q" + strconv.Itoa(x.ids)
	update := x.f.click(id, from, chat, x.answer.MsgID, data)
	if poll {
		x.f.push(update)
	} else {
		feed(t, x.b, update)
	}
	a := x.f.nextAnswer(t)
	if got := a.Form.Get("callback_query_id"); got != id {
		t.Errorf("answerCallbackQuery for %q; want %q", got, id)
	}
	if a.Form.Get("show_alert") == "true" || a.Form.Get("text") == "" {
		t.Errorf("answerCallbackQuery = %v; want a toast with text", a.Form)
	}
	return a
}

// flagged is the one answer rated down or reported; ok is false if none.
func (x *clickFixture) flagged(t *testing.T) (feedback.Flagged, bool) {
	t.Helper()
	fs, err := x.bb.Flagged(t.Context(), 10)
	if err != nil || len(fs) > 1 {
		t.Fatalf("Flagged = %v, %v; want at most one", fs, err)
	}
	if len(fs) == 0 {
		return feedback.Flagged{}, false
	}
	return fs[0], true
}

// asked is how many messages reached the conversation layer as messages.
func (x *clickFixture) asked() int {
	x.rec.mu.Lock()
	defer x.rec.mu.Unlock()
	return len(x.rec.msgs)
}

func TestRatingClicks(t *testing.T) {
	x := newClickFixture(t, privateChat)

	// A click (through getUpdates) is answered with the bot's thanks; the
	// same click again counts once; another person's counts too.
	if got := x.clickVia(t, 1001, privateChat, x.data[feedback.Down], true).Form.Get("text"); !strings.Contains(got, "Thanks") {
		t.Errorf("toast = %q; want thanks", got)
	}
	x.click(t, 1001, privateChat, x.data[feedback.Down])
	if fl, ok := x.flagged(t); !ok || fl.Down != 1 {
		t.Errorf("after a double click, flagged = %+v; want 1 down", fl)
	}
	x.click(t, 1002, privateChat, x.data[feedback.Down])
	if fl, _ := x.flagged(t); fl.Down != 2 {
		t.Errorf("after a second person's click, %d down; want 2", fl.Down)
	}
	// A second click of another button changes the rating.
	if got := x.click(t, 1001, privateChat, x.data[feedback.Up]).Form.Get("text"); !strings.Contains(got, "changed") {
		t.Errorf("toast for a changed rating = %q", got)
	}
	if fl, _ := x.flagged(t); fl.Down != 1 || fl.Up != 1 {
		t.Errorf("after a change, flagged = %+v; want 1 down, 1 up", fl)
	}

	// Buttons that cannot be read, or under an answer no longer kept (a
	// restart), get a polite toast all the same; a report of such an
	// answer asks for no reason (noMoreSends below).
	for _, data := range []string{"garbage", "rate:sideways:0123456789ab", bot.RatingData("0123456789ab", feedback.Up), bot.RatingData("0123456789ab", feedback.Report)} {
		got := x.click(t, 1001, privateChat, data).Form.Get("text")
		if !strings.Contains(got, "Ask the question again") {
			t.Errorf("toast for %q = %q; want a polite word to ask again", data, got)
		}
	}
	x.f.noMoreSends(t)
	if n := x.asked(); n != 0 {
		t.Errorf("clicks reached Handle %d times; want 0", n)
	}
	if logs := x.logs.String(); strings.Contains(logs, "1001") || strings.Contains(logs, "1002") {
		t.Errorf("the log holds a user id:\n%s", logs)
	}
}

func TestReportInPrivateChat(t *testing.T) {
	const reason = "The dates are wrong"
	promptFor := func(t *testing.T, x *clickFixture) call {
		t.Helper()
		toast := x.click(t, 1001, privateChat, x.data[feedback.Report])
		if got := toast.Form.Get("text"); !strings.Contains(got, "reporting") {
			t.Errorf("toast = %q; want thanks for reporting", got)
		}
		p := x.f.nextSend(t)
		if p.At.Before(toast.At) {
			t.Error("the prompt went out before the click was answered")
		}
		shown, err := checkHTML(p.Form.Get("text"))
		if err != nil || shown != bot.ReportPrompt() {
			t.Errorf("prompt = %q (%v); want %q", shown, err, bot.ReportPrompt())
		}
		var fr struct {
			ForceReply  bool   `json:"force_reply"`
			Placeholder string `json:"input_field_placeholder"`
		}
		if err := json.Unmarshal([]byte(p.Form.Get("reply_markup")), &fr); err != nil || !fr.ForceReply || fr.Placeholder != "What is wrong?" {
			t.Errorf("prompt reply_markup = %s; want force_reply with the placeholder", p.Form.Get("reply_markup"))
		}
		if p.Form.Get("chat_id") != "555" || p.Form.Get("reply_to_message_id") != strconv.Itoa(x.answer.MsgID) {
			t.Errorf("prompt went to chat %s replying to %s; want 555 and the answer %d", p.Form.Get("chat_id"), p.Form.Get("reply_to_message_id"), x.answer.MsgID)
		}
		// The report counts at once, before any reason.
		if fl, ok := x.flagged(t); !ok || fl.Reports != 1 || len(fl.Reasons) != 0 {
			t.Errorf("after the click, flagged = %+v; want 1 report, no reason", fl)
		}
		return p
	}
	// thanked checks the reason reached the store, counted once, and was
	// acknowledged, never answered as a question.
	thanked := func(t *testing.T, x *clickFixture, msgID int) {
		t.Helper()
		c := x.f.nextSend(t)
		if shown, _ := checkHTML(c.Form.Get("text")); !strings.Contains(shown, "reporting") || c.Form.Get("reply_to_message_id") != strconv.Itoa(msgID) {
			t.Errorf("reply to the reason = %q replying to %s; want thanks for reporting, replying to %d", shown, c.Form.Get("reply_to_message_id"), msgID)
		}
		if n := x.asked(); n != 0 {
			t.Errorf("the reason reached Handle %d times; want 0", n)
		}
		if fl, _ := x.flagged(t); fl.Reports != 1 || len(fl.Reasons) != 1 || fl.Reasons[0] != reason {
			t.Errorf("flagged = %+v; want 1 report with the reason", fl)
		}
		x.f.noMoreSends(t)
		if logs := x.logs.String(); strings.Contains(logs, "1001") || strings.Contains(logs, "dates") {
			t.Errorf("the log holds the user id or the reason:\n%s", logs)
		}
	}

	t.Run("reply to the prompt", func(t *testing.T) {
		x := newClickFixture(t, privateChat)
		p := promptFor(t, x)
		prompt := map[string]any{"message_id": p.MsgID, "date": 1, "chat": map[string]any{"id": privateChat.id, "type": "private"},
			"from": map[string]any{"id": x.f.botID, "is_bot": true, "first_name": "ICC bot", "username": x.f.botUN}, "text": bot.ReportPrompt()}
		x.f.push(msg(privateChat, 1001, 20, reason, map[string]any{"reply_to_message": prompt}))
		thanked(t, x, 20)
	})
	t.Run("the next message", func(t *testing.T) {
		x := newClickFixture(t, privateChat)
		promptFor(t, x)
		x.clk.Advance(reportWait - time.Second)
		x.f.push(msg(privateChat, 1001, 21, reason, nil))
		thanked(t, x, 21)
		// Only the one message: the next is a question again.
		x.f.push(msg(privateChat, 1001, 22, covered, nil))
		if c := x.f.nextSend(t); keyboard(t, c) == nil {
			t.Errorf("the message after the reason was not answered: %q", c.Form.Get("text"))
		}
		if n := x.asked(); n != 1 {
			t.Errorf("Handle called %d times; want 1", n)
		}
	})
	t.Run("too late", func(t *testing.T) {
		x := newClickFixture(t, privateChat)
		promptFor(t, x)
		x.clk.Advance(reportWait)
		x.f.push(msg(privateChat, 1001, 23, covered, nil))
		if c := x.f.nextSend(t); keyboard(t, c) == nil {
			t.Errorf("a message 10 minutes after the prompt was not answered as a question: %q", c.Form.Get("text"))
		}
		if fl, _ := x.flagged(t); fl.Reports != 1 || len(fl.Reasons) != 0 {
			t.Errorf("flagged = %+v; want the report without a reason", fl)
		}
	})
	t.Run("a command", func(t *testing.T) {
		x := newClickFixture(t, privateChat)
		promptFor(t, x)
		x.f.push(msg(privateChat, 1001, 24, "/help", nil))
		if shown, _ := checkHTML(x.f.nextSend(t).Form.Get("text")); !strings.Contains(shown, "Commands") {
			t.Errorf("/help after the prompt = %q; want help", shown)
		}
		x.f.push(msg(privateChat, 1001, 25, covered, nil))
		if c := x.f.nextSend(t); keyboard(t, c) == nil {
			t.Errorf("a question after a command was not answered: %q", c.Form.Get("text"))
		}
		if fl, _ := x.flagged(t); len(fl.Reasons) != 0 {
			t.Errorf("flagged = %+v; want no reason", fl)
		}
	})
}

func TestReportInGroup(t *testing.T) {
	x := newClickFixture(t, groupChat)
	if got := x.click(t, 1001, groupChat, x.data[feedback.Report]).Form.Get("text"); !strings.Contains(got, "reporting") {
		t.Errorf("toast = %q; want thanks for reporting", got)
	}
	if fl, ok := x.flagged(t); !ok || fl.Reports != 1 {
		t.Errorf("flagged = %+v; want 1 report", fl)
	}
	x.f.noMoreSends(t) // no prompt in a group
	// The reporter's next message in the group is what it always was.
	x.f.push(msg(groupChat, 1001, 30, "@IccTestBot "+covered, nil))
	if c := x.f.nextSend(t); keyboard(t, c) == nil {
		t.Errorf("a question after a report in a group was not answered: %q", c.Form.Get("text"))
	}
	if m, ok := x.rec.last(); !ok || m.Text != covered {
		t.Errorf("Handle got %+v; want the question", m)
	}
}

// /flagged is the moderators' list of reported answers, like /gaps.
func TestFlaggedCommand(t *testing.T) {
	x := newClickFixture(t, privateChat)
	x.click(t, 1001, privateChat, x.data[feedback.Down])
	for _, tt := range []struct {
		from int64
		want string
	}{
		{1001, "for moderators"},
		{9000, "1 👎"},
	} {
		x.f.push(msg(privateChat, tt.from, 40, "/flagged", nil))
		shown, _ := checkHTML(x.f.nextSend(t).Form.Get("text"))
		if !strings.Contains(shown, tt.want) {
			t.Errorf("/flagged from %d = %q; want %q in it", tt.from, shown, tt.want)
		}
		if m, _ := x.rec.last(); m.Command != bot.CmdFlagged || m.Moderator != (tt.from == 9000) {
			t.Errorf("/flagged from %d reached the bot as %+v", tt.from, m)
		}
	}
}

func TestAllowedUpdatesIncludeCallbacks(t *testing.T) {
	f := newFakeAPI(t)
	b := newTestBot(t, f, echo{}, nil)
	start(t, b)
	var poll call
	select {
	case poll = <-f.polls:
	case <-time.After(5 * time.Second):
		t.Fatal("no getUpdates")
	}
	var kinds []string
	if err := json.Unmarshal([]byte(poll.Form.Get("allowed_updates")), &kinds); err != nil || fmt.Sprint(kinds) != "[message callback_query]" {
		t.Errorf("getUpdates allowed_updates = %q; want message and callback_query", poll.Form.Get("allowed_updates"))
	}
}

func TestPendingReportsAreBounded(t *testing.T) {
	now := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	r := newPendingReports(3)
	for chat := int64(1); chat <= 3; chat++ {
		r.add(chat, pendingReport{id: "a", user: chat}, now.Add(time.Duration(chat)*time.Second))
	}
	r.add(4, pendingReport{id: "a", user: 4}, now.Add(4*time.Second))
	if n := r.len(); n != 3 {
		t.Errorf("%d reports wait; want at most 3", n)
	}
	if _, ok := r.take(1, now.Add(5*time.Second)); ok {
		t.Error("the oldest report still waits; want it dropped for the newest")
	}
	if p, ok := r.take(4, now.Add(5*time.Second)); !ok || p.user != 4 {
		t.Errorf("take(4) = %+v, %v; want the newest report", p, ok)
	}
	// Past reportWait, expired ones make room without dropping live ones.
	later := now.Add(reportWait + 2500*time.Millisecond) // 2 expired, 3 not
	r.add(5, pendingReport{id: "b", user: 5}, later)
	r.add(6, pendingReport{id: "b", user: 6}, later)
	if _, ok := r.take(3, later); !ok {
		t.Error("a live report was dropped while expired ones could go")
	}
	if _, ok := r.take(5, later.Add(reportWait)); ok {
		t.Error("take returned a report 10 minutes old")
	}
	if n := r.len(); n != 1 {
		t.Errorf("%d reports wait; want 1 (chat 6)", n)
	}
}
