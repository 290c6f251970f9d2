package discord

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/supervise"
)

// answerReply is a rateable answer, as the conversation layer gives one.
func answerReply() bot.Reply {
	a := answer.Answer{Answered: true, Lead: "Here is what the briefing says:", Citations: []answer.Citation{
		{Title: "Orchard Cooperative Annual Review", Number: 4, Quote: "The cooperative meets every spring in the old granary at Millbrook."}}}
	return bot.Reply{Kind: bot.KindAnswer, Answer: &a, FeedbackID: "0123456789ab"}
}

// postsTo returns the messages posted in a channel.
func postsTo(f *fakeDiscord, channel string) []call {
	var out []call
	for _, c := range f.Posts() {
		if c.Path == "/channels/"+channel+"/messages" {
			out = append(out, c)
		}
	}
	return out
}

// threadStarts returns the calls starting a thread in a channel.
func threadStarts(f *fakeDiscord, channel string) []call {
	var out []call
	for _, c := range f.Calls(http.MethodPost, "/channels/"+channel+"/messages/") {
		if strings.HasSuffix(c.Path, "/threads") {
			out = append(out, c)
		}
	}
	return out
}

func referenced(c call) string {
	ref, _ := c.Body["message_reference"].(map[string]any)
	id, _ := ref["message_id"].(string)
	return id
}

func mustOutcome(t *testing.T, h *harness, want string) {
	t.Helper()
	if got := h.handled(t, 1); got[0] != want {
		t.Fatalf("outcome %v; want %s; calls %v", got, want, h.f.summary())
	}
}

// TestThreadOnMention: a mention in a text or announcement channel is
// answered in a thread started on it, named neutrally; every later
// message in that thread, mention or not, is a follow-up in the thread's
// conversation, which is the question's. Messages from bots, and in
// threads the bot did not start, are not.
func TestThreadOnMention(t *testing.T) {
	rec := &recorder{reply: answerReply()}
	h := startWith(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	const question = "Where does the cooperative meet?"
	q := messageEvent(guildID, channelID, "5001", "<@"+botID+"> "+question, botID)
	qid := q["id"].(string)
	h.f.dispatch("MESSAGE_CREATE", q)
	mustOutcome(t, h, "message:replied")

	starts := threadStarts(h.f, channelID)
	if len(starts) != 1 || starts[0].Path != "/channels/"+channelID+"/messages/"+qid+"/threads" || starts[0].Status != http.StatusCreated {
		t.Fatalf("thread starts %v; want one on the question; calls %v", starts, h.f.summary())
	}
	if name := starts[0].Body["name"]; name != "Answer and follow-ups" || strings.Contains(starts[0].Raw, "cooperative") {
		t.Errorf("thread start %s; want the neutral name and nothing the user wrote", starts[0].Raw)
	}
	if d := starts[0].Body["auto_archive_duration"]; d != 1440.0 {
		t.Errorf("auto_archive_duration %v; want 1440", d)
	}
	if got := postsTo(h.f, channelID); len(got) != 0 {
		t.Errorf("posted in the channel too: %v", got)
	}
	inThread := postsTo(h.f, qid)
	if len(inThread) != 1 || referenced(inThread[0]) != "" || buttons(t, inThread[0]) == nil {
		t.Fatalf("posts in the thread %v; want the answer, with buttons, replying to nothing (the question is in the parent)", inThread)
	}
	typing := h.f.Calls(http.MethodPost, "/channels/"+channelID+"/typing")
	if len(typing) != 1 || typing[0].At.After(starts[0].At) {
		t.Errorf("typing %v; want once in the channel before the thread", typing)
	}
	if got, want := rec.last().Conversation, "thread:"+qid; got != want {
		t.Errorf("question's conversation %q; want %q, the thread's", got, want)
	}

	t.Run("follow-up without a mention", func(t *testing.T) {
		fu := messageEvent(guildID, qid, "5002", "And in winter?")
		h.f.dispatch("MESSAGE_CREATE", fu)
		mustOutcome(t, h, "message:replied")
		want := bot.Message{Platform: Platform, Conversation: "thread:" + qid, User: "5002", Text: "And in winter?", Addressed: true}
		if got := rec.last(); got != want {
			t.Errorf("message %+v; want %+v", got, want)
		}
		posts := postsTo(h.f, qid)
		if len(posts) != 2 || referenced(posts[1]) != fu["id"] {
			t.Errorf("posts in the thread %v; want the answer replying to the follow-up", posts)
		}
		if n := len(h.f.Calls(http.MethodPost, "/channels/"+qid+"/typing")); n != 1 {
			t.Errorf("typing in the thread %d times; want 1", n)
		}
		if got := h.f.Calls(http.MethodGet, "/channels/"); len(got) != 0 {
			t.Errorf("looked up %v; the bot knows its own thread", got)
		}
		if got := threadStarts(h.f, qid); len(got) != 0 {
			t.Errorf("started a thread in a thread: %v", got)
		}
	})
	for _, tc := range []struct {
		name    string
		ev      map[string]any
		outcome string
	}{
		{"a bot in the thread", withAuthor(messageEvent(guildID, qid, "5003", "And in winter?"), map[string]any{"id": "5003", "bot": true}), "message:ignored"},
		{"someone else's thread", messageEvent(guildID, threadID, "5002", "And in winter?"), "message:ignored"},
		{"the channel itself", messageEvent(guildID, channelID, "5002", "And in winter?"), "message:ignored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.f.Calls("", ""))
			h.f.dispatch("MESSAGE_CREATE", tc.ev)
			mustOutcome(t, h, tc.outcome)
			if got := h.f.Calls("", "")[before:]; len(got) != 0 {
				t.Errorf("calls %v; want none", got)
			}
		})
	}
	t.Run("mention in someone else's thread", func(t *testing.T) {
		m := messageEvent(guildID, threadID, "5002", "<@"+botID+"> "+question, botID)
		h.f.dispatch("MESSAGE_CREATE", m)
		mustOutcome(t, h, "message:replied")
		if got := threadStarts(h.f, threadID); len(got) != 0 {
			t.Errorf("started a thread in a thread: %v", got)
		}
		if posts := postsTo(h.f, threadID); len(posts) != 1 || referenced(posts[0]) != m["id"] {
			t.Errorf("posts %v; want the answer in that thread, replying", posts)
		}
		if got := rec.last().Conversation; got != "thread:"+threadID {
			t.Errorf("conversation %q; want the thread's", got)
		}
	})
	t.Run("announcement channel", func(t *testing.T) {
		m := messageEvent(guildID, newsID, "5002", "<@"+botID+"> "+question, botID)
		h.f.dispatch("MESSAGE_CREATE", m)
		mustOutcome(t, h, "message:replied")
		if got := threadStarts(h.f, newsID); len(got) != 1 || got[0].Status != http.StatusCreated {
			t.Errorf("thread starts %v; want one", got)
		}
		if posts := postsTo(h.f, m["id"].(string)); len(posts) != 1 {
			t.Errorf("answer not in the thread; calls %v", h.f.summary())
		}
	})
}

// TestThreadAfterRestart: a message in a thread the bot no longer
// remembers (and the gateway did not list) is looked up once: the bot's
// own public thread is answered without a mention, anything else
// ignored, and the answer kept either way; a failed lookup is not kept.
func TestThreadAfterRestart(t *testing.T) {
	const (
		own      = "900000000000000101"
		ownNews  = "900000000000000102"
		others   = "900000000000000103"
		gone     = "900000000000000104"
		flaky    = "900000000000000105"
		question = "When do they meet?"
	)
	rec := &recorder{reply: answerReply()}
	h := startSetup(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return rec }, func(f *fakeDiscord) {
		f.addChannel(own, 11, botID, channelID)
		f.addChannel(ownNews, 10, botID, newsID)
		f.addChannel(others, 11, otherUser, channelID)
		f.addChannel(flaky, 11, botID, channelID)
	})
	for _, tc := range []struct {
		name, channel, outcome string
	}{
		{"own thread", own, "message:replied"},
		{"own announcement thread", ownNews, "message:replied"},
		{"someone else's", others, "message:ignored"},
		{"gone", gone, "message:ignored"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for range 2 {
				h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, tc.channel, "5001", question))
				mustOutcome(t, h, tc.outcome)
			}
			if n := len(h.f.Calls(http.MethodGet, "/channels/"+tc.channel)); n != 1 {
				t.Errorf("looked up %d times; want once", n)
			}
			if tc.outcome == "message:replied" {
				if got := rec.last().Conversation; got != "thread:"+tc.channel {
					t.Errorf("conversation %q; want the thread's", got)
				}
				if n := len(postsTo(h.f, tc.channel)); n != 2 {
					t.Errorf("%d answers in the thread; want 2", n)
				}
			}
		})
	}
	t.Run("lookup fails, then works", func(t *testing.T) {
		h.f.failNext(http.MethodGet, "/channels/"+flaky, http.StatusInternalServerError)
		h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, flaky, "5001", question))
		mustOutcome(t, h, "message:ignored")
		h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, flaky, "5001", question))
		mustOutcome(t, h, "message:replied")
		if n := len(h.f.Calls(http.MethodGet, "/channels/"+flaky)); n != 2 {
			t.Errorf("looked up %d times; want 2 (a failure is not remembered)", n)
		}
	})
}

// TestThreadRefused: when Discord refuses the thread, the answer goes to
// the channel as a reply; after a 403 the bot leaves that channel's
// threads alone for an hour, after a 400 it tries again next time.
func TestThreadRefused(t *testing.T) {
	mention := func(h *harness) map[string]any {
		ev := messageEvent(guildID, channelID, "5001", "<@"+botID+"> When do they meet?", botID)
		h.f.dispatch("MESSAGE_CREATE", ev)
		return ev
	}
	inChannel := func(t *testing.T, h *harness, q map[string]any) {
		t.Helper()
		mustOutcome(t, h, "message:replied")
		posts := h.f.Posts()
		last := posts[len(posts)-1]
		if last.Path != "/channels/"+channelID+"/messages" || referenced(last) != q["id"] || buttons(t, last) == nil {
			t.Errorf("last post %s %s replying to %q; want the answer in the channel replying to the question", last.Method, last.Path, referenced(last))
		}
	}
	t.Run("403", func(t *testing.T) {
		clk := newManualClock()
		h := startSetup(t, Config{Threads: true, Clock: clk.Now}, func(*slog.Logger, *fakeAdmin) Handler { return &recorder{reply: answerReply()} },
			func(f *fakeDiscord) { f.noThreads[channelID] = true })
		inChannel(t, h, mention(h))
		starts := threadStarts(h.f, channelID)
		if len(starts) != 1 || starts[0].Status != http.StatusForbidden {
			t.Fatalf("thread starts %v; want one refused", starts)
		}
		clk.Advance(59 * time.Minute)
		inChannel(t, h, mention(h))
		if n := len(threadStarts(h.f, channelID)); n != 1 {
			t.Errorf("%d thread starts within the hour; want still 1", n)
		}
		h.f.mu.Lock()
		delete(h.f.noThreads, channelID) // the server grants the permission
		h.f.mu.Unlock()
		clk.Advance(time.Minute)
		q := mention(h)
		mustOutcome(t, h, "message:replied")
		if n := len(postsTo(h.f, q["id"].(string))); n != 1 {
			t.Errorf("after the hour: calls %v; want the answer in a new thread", h.f.summary())
		}
	})
	t.Run("400", func(t *testing.T) {
		h := startWith(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return &recorder{reply: answerReply()} })
		q := messageEvent(guildID, channelID, "5001", "<@"+botID+"> When do they meet?", botID)
		h.f.mu.Lock()
		h.f.threadOf[q["id"].(string)] = q["id"].(string) // someone started one on it first
		h.f.mu.Unlock()
		h.f.dispatch("MESSAGE_CREATE", q)
		inChannel(t, h, q)
		if starts := threadStarts(h.f, channelID); len(starts) != 1 || starts[0].Status != http.StatusBadRequest {
			t.Fatalf("thread starts %v; want one refused", starts)
		}
		q2 := mention(h)
		mustOutcome(t, h, "message:replied")
		if n := len(postsTo(h.f, q2["id"].(string))); n != 1 {
			t.Errorf("next mention: calls %v; want the answer in a new thread", h.f.summary())
		}
	})
	t.Run("notice", func(t *testing.T) {
		h := startWith(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return &recorder{} })
		inChannelNoButtons := mention(h)
		mustOutcome(t, h, "message:replied")
		if n := len(threadStarts(h.f, channelID)); n != 0 {
			t.Errorf("%d thread starts for a notice; want none", n)
		}
		if posts := postsTo(h.f, channelID); len(posts) != 1 || referenced(posts[0]) != inChannelNoButtons["id"] {
			t.Errorf("posts %v; want the notice in the channel", posts)
		}
	})
}

// TestThreadsOff: without Threads, a mention is answered in the channel
// and a message in the bot's own thread needs a mention, as before.
func TestThreadsOff(t *testing.T) {
	const own = "900000000000000101"
	rec := &recorder{reply: answerReply()}
	h := startSetup(t, Config{}, func(*slog.Logger, *fakeAdmin) Handler { return rec },
		func(f *fakeDiscord) { f.addChannel(own, 11, botID, channelID) })
	q := messageEvent(guildID, channelID, "5001", "<@"+botID+"> When do they meet?", botID)
	h.f.dispatch("MESSAGE_CREATE", q)
	mustOutcome(t, h, "message:replied")
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, own, "5001", "When do they meet?"))
	mustOutcome(t, h, "message:ignored")
	ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption("When do they meet?"))
	h.f.dispatch("INTERACTION_CREATE", ev)
	mustOutcome(t, h, "interaction:replied")
	if posts := postsTo(h.f, channelID); len(posts) != 1 || referenced(posts[0]) != q["id"] {
		t.Errorf("posts %v; want the answer in the channel", posts)
	}
	for _, c := range h.f.Calls("", "") {
		if strings.HasSuffix(c.Path, "/threads") || (c.Method == http.MethodGet && strings.HasPrefix(c.Path, "/channels/")) ||
			strings.HasSuffix(c.Path, "@original") && c.Method == http.MethodGet {
			t.Errorf("call %s %s with threads off", c.Method, c.Path)
		}
	}
}

// TestThreadForAsk: an /ask answer in a text channel gets a thread on
// the response message, and the question's conversation is that thread's,
// so follow-ups there need no mention; not in a DM, not for /help.
func TestThreadForAsk(t *testing.T) {
	rec := &recorder{reply: answerReply()}
	h := startWith(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption("Where does the cooperative meet?"))
	tok := ev["token"].(string)
	h.f.dispatch("INTERACTION_CREATE", ev)
	mustOutcome(t, h, "interaction:replied")

	gets := h.f.Calls(http.MethodGet, "/webhooks/"+appID+"/"+tok+"/messages/@original")
	edits := h.f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+tok+"/messages/@original")
	if len(gets) != 1 || len(edits) != 1 || buttons(t, edits[0]) == nil {
		t.Fatalf("calls %v; want the response message looked up, then the answer with buttons", h.f.summary())
	}
	original := edits[0].ID
	starts := threadStarts(h.f, channelID)
	if len(starts) != 1 || starts[0].Path != "/channels/"+channelID+"/messages/"+original+"/threads" || starts[0].Status != http.StatusCreated {
		t.Fatalf("thread starts %v; want one on the answer %s", starts, original)
	}
	if starts[0].Body["name"] != "Answer and follow-ups" || starts[0].At.Before(edits[0].At) {
		t.Errorf("thread start %s; want the neutral name, after the answer", starts[0].Raw)
	}
	if got := rec.last().Conversation; got != "thread:"+original {
		t.Errorf("/ask conversation %q; want the thread's", got)
	}

	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, original, "5002", "And in winter?"))
	mustOutcome(t, h, "message:replied")
	if got := rec.last().Conversation; got != "thread:"+original {
		t.Errorf("follow-up conversation %q; want the thread's", got)
	}

	dm := interactionEvent(dmChannel, "5003", 2)
	dm["data"] = map[string]any{"id": newID(), "name": "ask", "type": 1, "options": []any{askOption("Where?")}}
	help := commandEvent(channelID, "5001", 0, nil, "help")
	before := len(h.f.Calls("", ""))
	h.f.dispatch("INTERACTION_CREATE", dm)
	h.f.dispatch("INTERACTION_CREATE", help)
	h.handled(t, 2)
	for _, c := range h.f.Calls("", "")[before:] {
		if c.Method == http.MethodGet || strings.HasSuffix(c.Path, "/threads") {
			t.Errorf("call %s %s; want no thread for a DM or /help", c.Method, c.Path)
		}
	}
}

// TestTyping: "typing…" shows before a question by mention, DM or thread
// follow-up is answered, again every 8 seconds while it takes, and never
// after the answer; not for help; a failed indicator does not stop the
// answer.
func TestTyping(t *testing.T) {
	t.Run("repeated while answering", func(t *testing.T) {
		clk := newManualClock()
		rec := &recorder{gate: make(chan struct{})}
		h := startWith(t, Config{Sleep: clk.Sleep}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
		typed := func(n int) {
			t.Helper()
			h.f.waitFor("typing", func() bool { return len(h.f.callsLocked(http.MethodPost, "/channels/"+dmChannel+"/typing")) == n })
		}
		h.f.dispatch("MESSAGE_CREATE", messageEvent("", dmChannel, "5001", "When do they meet?"))
		typed(1)
		clk.waitSleeper(t, 8*time.Second)
		clk.Advance(8 * time.Second)
		typed(2)
		clk.waitSleeper(t, 8*time.Second)
		close(rec.gate)
		mustOutcome(t, h, "message:replied")
		typing := h.f.Calls(http.MethodPost, "/channels/"+dmChannel+"/typing")
		posts := postsTo(h.f, dmChannel)
		if len(typing) != 2 || len(posts) != 1 || typing[1].At.After(posts[0].At) {
			t.Errorf("typing %d times, posts %d; want 2 typing before 1 answer", len(typing), len(posts))
		}
		clk.mu.Lock()
		left := len(clk.sleepers)
		clk.mu.Unlock()
		if left != 0 {
			t.Errorf("%d sleepers after the answer; want the indicator stopped", left)
		}
	})
	rec := &recorder{}
	h := startWith(t, Config{}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	for _, tc := range []struct {
		name    string
		ev      map[string]any
		channel string
		typing  int
	}{
		{"mention", messageEvent(guildID, channelID, "5001", "<@"+botID+"> When do they meet?", botID), channelID, 1},
		{"DM", messageEvent("", dmChannel, "5001", "When do they meet?"), dmChannel, 1},
		{"help", messageEvent("", dmChannel, "5001", "help"), dmChannel, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.f.Calls("", "/channels/"+tc.channel))
			h.f.dispatch("MESSAGE_CREATE", tc.ev)
			mustOutcome(t, h, "message:replied")
			calls := h.f.Calls("", "/channels/"+tc.channel)[before:]
			var got []string
			for _, c := range calls {
				got = append(got, c.Path[strings.LastIndexByte(c.Path, '/')+1:])
			}
			want := []string{"messages"}
			if tc.typing == 1 {
				want = []string{"typing", "messages"}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("calls %v; want %v", got, want)
			}
		})
	}
	t.Run("indicator fails", func(t *testing.T) {
		h.f.failNext(http.MethodPost, "/channels/"+dmChannel+"/typing", http.StatusInternalServerError)
		h.f.dispatch("MESSAGE_CREATE", messageEvent("", dmChannel, "5001", "When do they meet?"))
		mustOutcome(t, h, "message:replied")
	})
}

// TestMessageContentIntent: with threads on the bot asks for Message
// Content (the harness checks IDENTIFY); refused (4014, not turned on in
// the Developer Portal) it connects without, says so once, and still
// answers mentions in threads. Open channels cannot do without: Run fails
// saying what to turn on, and it is not a rejected token.
func TestMessageContentIntent(t *testing.T) {
	t.Run("threads do without", func(t *testing.T) {
		rec := &recorder{reply: answerReply()}
		h := startSetup(t, Config{Threads: true}, func(*slog.Logger, *fakeAdmin) Handler { return rec }, func(f *fakeDiscord) {
			f.disallowed = 1 << 15
			f.wantIntents = 1 | 1<<9 | 1<<12
		})
		h.f.mu.Lock()
		refused, accepted := h.f.refusedIdentifies, h.f.identifies
		h.f.mu.Unlock()
		if refused != 1 || accepted != 1 {
			t.Errorf("identifies refused %d, accepted %d; want 1 and 1", refused, accepted)
		}
		if n := strings.Count(h.logs.String(), "Discord refused the Message Content intent"); n != 1 {
			t.Errorf("%d warnings; want 1:\n%s", n, h.logs.String())
		}
		q := messageEvent(guildID, channelID, "5001", "<@"+botID+"> When do they meet?", botID)
		h.f.dispatch("MESSAGE_CREATE", q)
		mustOutcome(t, h, "message:replied")
		if n := len(postsTo(h.f, q["id"].(string))); n != 1 {
			t.Errorf("calls %v; want the answer in a thread", h.f.summary())
		}
	})
	t.Run("open channels need it", func(t *testing.T) {
		f := newFake(t, 1|1<<9|1<<12|1<<15)
		f.disallowed = 1 << 15
		t.Cleanup(f.close)
		b, err := New(Config{Token: fakeToken, APIURL: f.srv.URL, OpenChannels: []string{channelID}, Threads: true}, silent{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		err = b.Run(ctx)
		if err == nil || !strings.Contains(err.Error(), "Message Content") || errors.Is(err, supervise.ErrRejected) {
			t.Errorf("Run = %v; want an error naming the Message Content intent, not a rejected token", err)
		}
	})
}
