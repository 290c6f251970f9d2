package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

var askCfg = bot.Config{RatePerMinute: 600, Burst: 100, Gaps: true}

func TestAskInteraction(t *testing.T) {
	for _, tc := range []struct {
		name, guild, commandsPath string
	}{
		{"global commands", "", "/applications/" + appID + "/commands"},
		{"guild commands", guildID, "/applications/" + appID + "/guilds/" + guildID + "/commands"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, Config{GuildID: tc.guild}, askCfg)
			ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption("Where does the cooperative meet?"))
			h.f.dispatch("INTERACTION_CREATE", ev)
			if got := h.handled(t, 1); got[0] != "interaction:replied" {
				t.Fatalf("outcome %v; want interaction:replied", got)
			}

			puts := h.f.Calls(http.MethodPut, "/applications/")
			if len(puts) != 1 || puts[0].Path != tc.commandsPath {
				t.Fatalf("command registrations %v; want one PUT %s", puts, tc.commandsPath)
			}
			checkCommands(t, puts[0].Raw)

			tok := ev["token"].(string)
			callbacks := h.f.Calls(http.MethodPost, "/interactions/"+ev["id"].(string)+"/"+tok+"/callback")
			edits := h.f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+tok+"/messages/@original")
			if len(callbacks) != 1 || len(edits) != 1 {
				t.Fatalf("callbacks %d, edits %d; want 1 and 1: %v", len(callbacks), len(edits), h.f.summary())
			}
			if typ := callbacks[0].Body["type"]; typ != 5.0 {
				t.Errorf("interaction response type %v; want 5 (deferred)", typ)
			}
			if d := callbacks[0].At.Sub(h.f.sentAt[ev["id"].(string)]); d > 3*time.Second {
				t.Errorf("deferred after %v; Discord's deadline is 3 s", d)
			}
			if !edits[0].At.After(callbacks[0].At) && !edits[0].At.Equal(callbacks[0].At) {
				t.Errorf("answer sent before the deferral")
			}
			got := edits[0].content()
			for _, want := range []string{"Here is what the briefing says:", "> The cooperative meets every spring in the old granary at Millbrook.", "— Orchard Cooperative Annual Review, ¶"} {
				if !strings.Contains(got, want) {
					t.Errorf("answer %q; want it to contain %q", got, want)
				}
			}
			if flags := edits[0].Body["flags"]; flags != 4.0 {
				t.Errorf("answer flags %v; want 4 (SUPPRESS_EMBEDS)", flags)
			}
		})
	}
}

// checkCommands compares the registered commands with what users should
// see in the picker.
func checkCommands(t *testing.T, raw string) {
	t.Helper()
	var cmds []struct {
		Name        string `json:"name"`
		Type        int    `json:"type"`
		Description string `json:"description"`
		Perms       *string
		Options     []struct {
			Name     string `json:"name"`
			Type     int    `json:"type"`
			Required bool   `json:"required"`
		} `json:"options"`
	}
	var perms []map[string]any
	if err := json.Unmarshal([]byte(raw), &cmds); err != nil {
		t.Fatal(err)
	}
	_ = json.Unmarshal([]byte(raw), &perms)
	got := map[string]string{}
	for i, c := range cmds {
		if c.Type != 1 || c.Description == "" {
			t.Errorf("command %s: type %d, description %q", c.Name, c.Type, c.Description)
		}
		var opts []string
		for _, o := range c.Options {
			opts = append(opts, o.Name+"/"+map[int]string{1: "sub", 3: "string"}[o.Type]+map[bool]string{true: "/required"}[o.Required])
		}
		p, _ := perms[i]["default_member_permissions"].(string)
		got[c.Name] = strings.Join(opts, ",") + " perms=" + p
	}
	want := map[string]string{
		"ask":     "question/string/required perms=",
		"sources": " perms=",
		"help":    " perms=",
		"kb":      "status/sub,reload/sub,gaps/sub,flagged/sub perms=32",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("commands = %v; want %v", got, want)
	}
}

func TestMessages(t *testing.T) {
	h := start(t, Config{}, askCfg)
	tests := []struct {
		name    string
		event   map[string]any
		outcome string
		channel string // where the reply is posted, if any
	}{
		{"mention in a guild channel", messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID), "message:replied", channelID},
		{"nickname mention", messageEvent(guildID, channelID, "5001", "<@!"+botID+"> Where does the cooperative meet?", botID), "message:replied", channelID},
		{"direct message", messageEvent("", dmChannel, "5002", "Where does the cooperative meet?"), "message:replied", dmChannel},
		{"not addressed", messageEvent(guildID, channelID, "5001", "Where does the cooperative meet?"), "message:ignored", ""},
		{"from a bot", withAuthor(messageEvent(guildID, channelID, "5003", "<@"+botID+"> hi", botID), map[string]any{"id": "5003", "bot": true}), "message:ignored", ""},
		{"from itself", withAuthor(messageEvent("", dmChannel, botID, "Where does the cooperative meet?"), map[string]any{"id": botID, "bot": true}), "message:ignored", ""},
		{"system message", with(messageEvent(guildID, channelID, "5001", "<@"+botID+"> pinned", botID), "type", 6), "message:ignored", ""},
		{"from a webhook", with(messageEvent(guildID, channelID, "5001", "<@"+botID+"> hi", botID), "webhook_id", "77"), "message:ignored", ""},
		{"empty content", messageEvent(guildID, channelID, "5001", "", botID), "message:ignored", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := len(h.f.Calls("", "/channels/"))
			h.f.dispatch("MESSAGE_CREATE", tc.event)
			if got := h.handled(t, 1); got[0] != tc.outcome {
				t.Fatalf("outcome %v; want %s", got, tc.outcome)
			}
			calls := h.f.Calls("", "/channels/")[before:]
			if tc.channel == "" {
				if len(calls) != 0 {
					t.Fatalf("replied to an ignored message: %v", calls)
				}
				return
			}
			if len(calls) < 1 || calls[0].Path != "/channels/"+tc.channel+"/typing" {
				t.Errorf("calls %v; want typing first", calls)
			} else {
				calls = calls[1:]
			}
			if len(calls) != 1 || calls[0].Path != "/channels/"+tc.channel+"/messages" {
				t.Fatalf("calls %v; want one POST /channels/%s/messages", calls, tc.channel)
			}
			ref, _ := calls[0].Body["message_reference"].(map[string]any)
			if ref["message_id"] != tc.event["id"] {
				t.Errorf("message_reference %v; want the question %v", ref, tc.event["id"])
			}
			if !strings.Contains(calls[0].content(), "Millbrook") {
				t.Errorf("reply %q; want the answer", calls[0].content())
			}
		})
	}
}

func with(m map[string]any, k string, v any) map[string]any { m[k] = v; return m }

func withAuthor(m map[string]any, author map[string]any) map[string]any {
	author["username"] = "someone"
	m["author"] = author
	return m
}

func TestNobodyPinged(t *testing.T) {
	h := start(t, Config{}, askCfg)
	question := "@everyone @here <@&" + modRoleID + "> <@5009> where does the cooperative meet?"
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> "+question, botID, "5009"))
	h.f.dispatch("MESSAGE_CREATE", messageEvent("", dmChannel, "5002", question))
	h.f.dispatch("INTERACTION_CREATE", commandEvent(channelID, "5001", 0, nil, "ask", askOption(question)))
	h.f.dispatch("INTERACTION_CREATE", commandEvent(channelID, "5001", 0, nil, "ask", askOption("@everyone what is the moon made of?")))
	h.handled(t, 4)

	var checked int
	for _, c := range h.f.Calls("", "") {
		if c.Method == http.MethodGet || c.Method == http.MethodDelete || c.Method == http.MethodPut || strings.HasSuffix(c.Path, "/typing") {
			continue
		}
		checked++
		am := c.Body["allowed_mentions"]
		if d, ok := c.Body["data"].(map[string]any); ok {
			am = d["allowed_mentions"]
		}
		parse, ok := am.(map[string]any)["parse"].([]any)
		if !ok || len(parse) != 0 || !strings.Contains(c.Raw, `"parse":[]`) {
			t.Errorf("%s %s: allowed_mentions %v; want parse: []", c.Method, c.Path, am)
		}
		for _, bad := range []string{"@everyone", "@here", "<@&", "<@5009>", "moon"} {
			if strings.Contains(c.content(), bad) {
				t.Errorf("%s %s: content %q echoes %q", c.Method, c.Path, c.content(), bad)
			}
		}
	}
	if checked < 6 {
		t.Errorf("checked %d calls; want at least 6", checked)
	}
	logs := h.logs.String()
	for _, secret := range []string{fakeToken, "cooperative meet", "5001", "5002", channelID, dmChannel, "itoken-"} {
		// A bare number counts only as a whole number: a duration such as
		// "took=1.500185ms" holds "5001" by chance.
		found := strings.Contains(logs, secret)
		if strings.Trim(secret, "0123456789") == "" {
			found = regexp.MustCompile(`(^|[^0-9])` + secret + `($|[^0-9])`).MatchString(logs)
		}
		if found {
			t.Errorf("logs hold %q:\n%s", secret, logs)
		}
	}
}

func TestKB(t *testing.T) {
	h := start(t, Config{ModeratorRole: "moderators"}, askCfg)
	tests := []struct {
		name  string
		perms int64
		roles []string
		sub   string
		want  string
	}{
		{"member status refused", 0, nil, "status", "That command is for moderators."},
		{"member reload refused", 0, []string{guildID}, "reload", "That command is for moderators."},
		{"manage server status", 1 << 5, nil, "status", "Documents: 1"},
		{"administrator status", 1 << 3, nil, "status", "Passages: 6"},
		{"moderator role status", 0, []string{modRoleID}, "status", "Last error: none"},
		{"moderator reload", 1 << 5, nil, "reload", "Reloaded."},
		{"moderator gaps", 1 << 5, nil, "gaps", "unanswered questions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := commandEvent(channelID, "5001", tc.perms, tc.roles, "kb", subcommand(tc.sub))
			h.f.dispatch("INTERACTION_CREATE", ev)
			h.handled(t, 1)
			tok := ev["token"].(string)
			cb := h.f.Calls(http.MethodPost, "/interactions/"+ev["id"].(string)+"/"+tok)
			edits := h.f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+tok+"/")
			if len(cb) != 1 || len(edits) != 1 {
				t.Fatalf("callbacks %d, edits %d; want 1 and 1", len(cb), len(edits))
			}
			if flags := cb[0].Body["data"].(map[string]any)["flags"]; flags != 68.0 {
				t.Errorf("deferred flags %v; want 68 (ephemeral, no embeds)", flags)
			}
			if got := unescape(edits[0].content()); !strings.Contains(got, tc.want) {
				t.Errorf("/kb %s = %q; want %q", tc.sub, got, tc.want)
			}
		})
	}
	if h.admin.loads != 1 {
		t.Errorf("reloads %d; want 1 (the moderator's only)", h.admin.loads)
	}
}

func TestLongAnswer(t *testing.T) {
	h := start(t, Config{}, askCfg)
	const q = "What did the irrigation committee review?"
	ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption(q))
	h.f.dispatch("INTERACTION_CREATE", ev)
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5002", "<@"+botID+"> "+q, botID))
	h.handled(t, 2)

	e := testEngine(t)
	a, _ := e.Answer(context.Background(), q)
	if len(a.Text) <= maxMessage || len(a.Citations) != 1 {
		t.Fatalf("test knowledge: answer is %d bytes with %d quotes; want one quote over %d", len(a.Text), len(a.Citations), maxMessage)
	}
	wantQuote := strings.Join(strings.Fields(a.Citations[0].Quote), " ")

	tok := ev["token"].(string)
	for _, tc := range []struct {
		name  string
		calls []call
	}{
		{"interaction", h.f.Calls("", "/webhooks/"+appID+"/"+tok)},
		{"mention", h.f.Posts()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.calls) < 2 {
				t.Fatalf("%d messages; want the answer in several", len(tc.calls))
			}
			var quote []string
			for i, c := range tc.calls {
				text := c.content()
				if n := size(text); n > maxMessage {
					t.Errorf("part %d is %d characters; limit %d", i+1, n, maxMessage)
				}
				for _, line := range strings.Split(text, "\n") {
					if q, ok := strings.CutPrefix(line, "> "); ok {
						quote = append(quote, unescape(q))
					}
				}
				hasCite := strings.Contains(text, "— Orchard Cooperative Annual Review, ¶")
				if hasCite != (i == len(tc.calls)-1) {
					t.Errorf("part %d of %d: citation present = %v; want it under the last part only", i+1, len(tc.calls), hasCite)
				}
			}
			if got := strings.Join(quote, " "); got != wantQuote {
				t.Errorf("quote parts joined =\n%q\nwant\n%q", got, wantQuote)
			}
			if tc.name == "interaction" && tc.calls[0].Method != http.MethodPatch {
				t.Errorf("first part sent with %s; want PATCH @original", tc.calls[0].Method)
			}
			if tc.name == "mention" {
				if tc.calls[0].Body["message_reference"] == nil || tc.calls[1].Body["message_reference"] != nil {
					t.Errorf("want only the first part to reference the question")
				}
			}
		})
	}
}

// unescape removes Markdown escapes, giving the text as Discord shows it.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func TestRateLimit(t *testing.T) {
	t.Run("waited out and delivered once", func(t *testing.T) {
		h := start(t, Config{}, askCfg)
		h.f.rateLimit(http.MethodPost, "/channels/"+channelID+"/messages", 1, 0.05)
		h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID))
		if got := h.handled(t, 1); got[0] != "message:replied" {
			t.Fatalf("outcome %v", got)
		}
		calls := h.f.Posts()
		if len(calls) != 2 || calls[0].Status != 429 || calls[1].Status != 200 {
			t.Fatalf("calls %v; want a 429 then one delivery", h.f.summary())
		}
		if d := calls[1].At.Sub(calls[0].At); d < 50*time.Millisecond {
			t.Errorf("retried after %v; Discord asked for 50ms", d)
		}
	})
	t.Run("bounded", func(t *testing.T) {
		h := start(t, Config{RateLimitRetries: 2}, askCfg)
		h.f.rateLimit(http.MethodPost, "/channels/"+channelID+"/messages", -1, 0.001)
		h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID))
		if got := h.handled(t, 1); got[0] != "message:failed" {
			t.Fatalf("outcome %v; want message:failed", got)
		}
		if n := len(h.f.Posts()); n != 3 {
			t.Errorf("%d attempts; want 3 (1 + 2 retries)", n)
		}
	})
	t.Run("too long a wait is not honoured", func(t *testing.T) {
		h := start(t, Config{RateLimitMaxWait: time.Second}, askCfg)
		h.f.rateLimit(http.MethodPost, "/channels/"+channelID+"/messages", -1, 3600)
		h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID))
		if got := h.handled(t, 1); got[0] != "message:failed" {
			t.Fatalf("outcome %v; want message:failed", got)
		}
		if n := len(h.f.Posts()); n != 1 {
			t.Errorf("%d attempts; want 1", n)
		}
	})
}

func TestFailedInteractionGetsErrorReply(t *testing.T) {
	h := start(t, Config{}, askCfg)
	h.f.failNext(http.MethodPatch, "/webhooks/", http.StatusBadRequest)
	ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption("Where does the cooperative meet?"))
	h.f.dispatch("INTERACTION_CREATE", ev)
	if got := h.handled(t, 1); got[0] != "interaction:failed" {
		t.Fatalf("outcome %v; want interaction:failed", got)
	}
	edits := h.f.Calls(http.MethodPatch, "/webhooks/")
	if len(edits) != 2 || edits[0].Status != 400 || edits[1].Status != 200 {
		t.Fatalf("edits %v; want the answer refused, then the error reply", h.f.summary())
	}
	if got := unescape(edits[1].content()); got != noticeError {
		t.Errorf("error reply %q; want %q", got, noticeError)
	}
}

func TestGatewayDropReconnects(t *testing.T) {
	h := start(t, Config{}, askCfg)
	h.f.drop()
	h.f.waitFor("the client to resume", func() bool { return h.f.resumes == 1 && h.f.conn != nil })
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID))
	if got := h.handled(t, 1); got[0] != "message:replied" {
		t.Fatalf("outcome after reconnect %v; want message:replied", got)
	}
	if h.f.identifies != 1 {
		t.Errorf("identified %d times; want 1 and a resume", h.f.identifies)
	}
}

func TestShutdown(t *testing.T) {
	h := start(t, Config{}, askCfg)
	started := time.Now()
	h.cancel()
	h.cancel = nil
	select {
	case err := <-h.done:
		if err != nil {
			t.Errorf("Run = %v; want nil", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Run still running 2 s after cancel")
	}
	t.Logf("Run returned %v after cancel", time.Since(started).Round(time.Millisecond))
	h.f.close()
}

// recorder is a Handler that records messages and ratings. It answers
// with reply (zero: the notice "ok"), and when gate is set only once gate
// is closed.
type recorder struct {
	mu    sync.Mutex
	msgs  []bot.Message
	rates []rating
	reply bot.Reply
	gate  chan struct{}
}

// rating is one call of Rate.
type rating struct {
	Platform, User, ID string
	Rating             feedback.Rating
	Reason             string
}

func (r *recorder) Handle(ctx context.Context, m bot.Message) bot.Reply {
	if r.gate != nil {
		select {
		case <-r.gate:
		case <-ctx.Done():
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	if r.reply.Kind == bot.KindNone {
		return bot.Reply{Kind: bot.KindNotice, Title: "ok"}
	}
	return r.reply
}

func (r *recorder) Rate(_ context.Context, platform, user, id string, rt feedback.Rating, reason string) bot.Reply {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rates = append(r.rates, rating{platform, user, id, rt, reason})
	return bot.Reply{Kind: bot.KindNotice, Title: "rated " + string(rt)}
}

func (r *recorder) last() bot.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.msgs[len(r.msgs)-1]
}

func (r *recorder) ratings() []rating {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]rating(nil), r.rates...)
}

func TestConversations(t *testing.T) {
	rec := &recorder{}
	h := startWith(t, Config{}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	mention := "<@" + botID + "> more?"

	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", mention, botID))
	h.handled(t, 1)
	first := rec.last()
	answerID := h.f.Posts()[0].ID

	reply := messageEvent(guildID, channelID, "5002", mention, botID)
	reply["type"] = 19
	reply["message_reference"] = map[string]any{"message_id": answerID, "channel_id": channelID}

	tests := []struct {
		name  string
		event string
		d     map[string]any
		want  bot.Message
	}{
		{"reply to the answer continues it", "MESSAGE_CREATE", reply,
			bot.Message{Conversation: first.Conversation, User: "5002", Text: "more?"}},
		{"another person in the channel", "MESSAGE_CREATE", messageEvent(guildID, channelID, "5002", mention, botID),
			bot.Message{Conversation: "channel:" + channelID + ":5002", User: "5002", Text: "more?"}},
		{"thread", "MESSAGE_CREATE", messageEvent(guildID, threadID, "5003", mention, botID),
			bot.Message{Conversation: "thread:" + threadID, User: "5003", Text: "more?"}},
		{"direct message", "MESSAGE_CREATE", messageEvent("", dmChannel, "5004", "/help"),
			bot.Message{Conversation: "dm:" + dmChannel, User: "5004", Command: bot.CmdHelp}},
		{"slash command in a thread", "INTERACTION_CREATE", commandEvent(threadID, "5005", 0, nil, "ask", askOption("why?")),
			bot.Message{Conversation: "thread:" + threadID, User: "5005", Command: bot.CmdAsk, Text: "why?"}},
		{"sources", "INTERACTION_CREATE", commandEvent(channelID, "5005", 0, nil, "sources"),
			bot.Message{Conversation: "channel:" + channelID + ":5005", User: "5005", Command: bot.CmdSources}},
	}
	if first.Conversation != "channel:"+channelID+":5001" {
		t.Errorf("first conversation %q", first.Conversation)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h.f.dispatch(tc.event, tc.d)
			h.handled(t, 1)
			tc.want.Platform, tc.want.Addressed = Platform, true
			if got := rec.last(); got != tc.want {
				t.Errorf("message = %+v; want %+v", got, tc.want)
			}
		})
	}
}

func TestOpenChannels(t *testing.T) {
	rec := &recorder{}
	h := startWith(t, Config{OpenChannels: []string{channelID}}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "When do they meet?"))
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, threadID, "5001", "When do they meet?"))
	got := h.handled(t, 2)
	want := map[string]bool{"message:replied": true, "message:ignored": true}
	if len(got) != 2 || !want[got[0]] || !want[got[1]] || got[0] == got[1] {
		t.Errorf("outcomes %v; want one replied (open channel), one ignored", got)
	}
}

func TestNewRejects(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	for _, tc := range []struct {
		name string
		cfg  Config
	}{
		{"no token", Config{}},
		{"shard out of range", Config{Token: "x", ShardID: 2, ShardCount: 2}},
		{"shard without count", Config{Token: "x", ShardID: 1}},
		{"bad API URL", Config{Token: "x", APIURL: "discord.example"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.cfg, &recorder{}, log); err == nil {
				t.Errorf("New(%+v) = nil error", tc.cfg)
			}
		})
	}
}
