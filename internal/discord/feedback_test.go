package discord

import (
	"log/slog"
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// rateCfg is the conversation layer with feedback on.
func rateCfg() bot.Config {
	c := askCfg
	c.Feedback = feedback.NewMemory(0, 0)
	return c
}

// buttons returns the custom ids of the buttons a call put under a
// message (none: nil), checking they are the three rating buttons of one
// answer.
func buttons(t *testing.T, c call) []string {
	t.Helper()
	body := c.Body
	if d, ok := body["data"].(map[string]any); ok {
		body = d
	}
	rows, _ := body["components"].([]any)
	if len(rows) == 0 {
		return nil
	}
	if len(rows) != 1 {
		t.Fatalf("%s %s: %d action rows; want 1", c.Method, c.Path, len(rows))
	}
	items, _ := rows[0].(map[string]any)["components"].([]any)
	var ids []string
	var answer string
	for i, it := range items {
		b := it.(map[string]any)
		id, _ := b["custom_id"].(string)
		got, r, ok := bot.ParseRatingData(id)
		if !ok {
			t.Fatalf("button %d: custom_id %q does not parse", i, id)
		}
		if answer == "" {
			answer = got
		} else if got != answer {
			t.Errorf("buttons name answers %q and %q; want one", answer, got)
		}
		want := []struct {
			r     feedback.Rating
			style float64
			face  string
		}{{feedback.Up, 2, "👍"}, {feedback.Down, 2, "👎"}, {feedback.Report, 4, "Report"}}
		if i >= len(want) {
			t.Fatalf("%d buttons; want 3", len(items))
		}
		face, _ := b["label"].(string)
		if e, ok := b["emoji"].(map[string]any); ok {
			face, _ = e["name"].(string)
		}
		if r != want[i].r || b["style"] != want[i].style || face != want[i].face {
			t.Errorf("button %d = %s, style %v, %q; want %s, style %v, %q", i, r, b["style"], face, want[i].r, want[i].style, want[i].face)
		}
		ids = append(ids, id)
	}
	if len(ids) != 3 {
		t.Errorf("%d buttons; want 3", len(ids))
	}
	return ids
}

// TestRatingButtons: an answer's last message carries 👍, 👎 and Report
// for that answer, by mention, DM or /ask, short or long; notices, help,
// "not covered" and answers with feedback off carry none.
func TestRatingButtons(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      bot.Config
		question string
		want     bool // buttons under the last message
	}{
		{"answer", rateCfg(), "Where does the cooperative meet?", true},
		{"long answer", rateCfg(), "What did the irrigation committee review?", true},
		{"not covered", rateCfg(), "What is the moon made of?", false},
		{"help", rateCfg(), "help", false},
		{"feedback off", askCfg, "Where does the cooperative meet?", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := start(t, Config{}, tc.cfg)
			ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption(tc.question))
			if tc.question == "help" {
				ev = commandEvent(channelID, "5001", 0, nil, "help")
			}
			h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> "+tc.question, botID))
			h.f.dispatch("MESSAGE_CREATE", messageEvent("", dmChannel, "5002", tc.question))
			h.f.dispatch("INTERACTION_CREATE", ev)
			for _, o := range h.handled(t, 3) {
				if !strings.HasSuffix(o, ":replied") {
					t.Fatalf("outcome %s; want replied", o)
				}
			}
			for _, msgs := range [][]call{
				h.f.Calls(http.MethodPost, "/channels/"+channelID+"/messages"),
				h.f.Calls(http.MethodPost, "/channels/"+dmChannel+"/messages"),
				h.f.Calls("", "/webhooks/"+appID+"/"+ev["token"].(string)),
			} {
				if len(msgs) == 0 {
					t.Fatalf("no reply; calls %v", h.f.summary())
				}
				if tc.name == "long answer" && len(msgs) < 2 {
					t.Fatalf("%d messages; want the long answer in several", len(msgs))
				}
				for i, c := range msgs {
					got := buttons(t, c) != nil
					if want := tc.want && i == len(msgs)-1; got != want {
						t.Errorf("%s %s, part %d of %d: buttons %v; want %v", c.Method, c.Path, i+1, len(msgs), got, want)
					}
				}
			}
		})
	}
}

// TestRatingClicks drives the buttons and the report form against the
// real conversation layer and feedback store: each click is acknowledged
// at once, to the clicker alone; a double click counts once, a second
// opinion changes the rating; Report opens the form, whose reason reaches
// the moderators; old or unreadable buttons get a polite answer; neither
// user ids nor reasons reach the logs.
func TestRatingClicks(t *testing.T) {
	var conv *bot.Bot
	h := startWith(t, Config{}, func(log *slog.Logger, admin *fakeAdmin) Handler {
		e := testEngine(t)
		conv = bot.New(rateCfg(), e, staticKB{e, admin}, log, time.Now, nil)
		return conv
	})
	const question = "Where does the cooperative meet?"
	h.f.dispatch("MESSAGE_CREATE", messageEvent(guildID, channelID, "5001", "<@"+botID+"> "+question, botID))
	h.handled(t, 1)
	posts := h.f.Posts()
	ids := buttons(t, posts[len(posts)-1])
	if ids == nil {
		t.Fatal("the answer has no buttons")
	}
	answerMsg := posts[len(posts)-1].ID
	up, down, report := ids[0], ids[1], ids[2]
	answerID, _, _ := bot.ParseRatingData(up)

	// click dispatches a click and returns the interaction's one callback.
	click := func(t *testing.T, ev map[string]any) call {
		t.Helper()
		h.f.dispatch("INTERACTION_CREATE", ev)
		if got := h.handled(t, 1); got[0] != "interaction:replied" {
			t.Fatalf("outcome %v; want interaction:replied", got)
		}
		cbs := h.f.Calls(http.MethodPost, "/interactions/"+ev["id"].(string)+"/"+ev["token"].(string)+"/callback")
		if len(cbs) != 1 || cbs[0].Status != http.StatusNoContent {
			t.Fatalf("callbacks %v; want one accepted", h.f.summary())
		}
		if d := cbs[0].At.Sub(h.f.sentAt[ev["id"].(string)]); d > 3*time.Second {
			t.Errorf("answered after %v; Discord's deadline is 3 s", d)
		}
		return cbs[0]
	}
	// ephemeral checks an acknowledgement: a message at once (type 4),
	// only for the clicker (flags 64), saying want.
	ephemeral := func(t *testing.T, c call, want string) {
		t.Helper()
		data, _ := c.Body["data"].(map[string]any)
		if c.Body["type"] != 4.0 || data["flags"] != 64.0 {
			t.Errorf("callback type %v, flags %v; want 4 and 64 (ephemeral)", c.Body["type"], data["flags"])
		}
		if got := unescape(c.content()); got != want {
			t.Errorf("acknowledgement %q; want %q", got, want)
		}
		if buttons(t, c) != nil {
			t.Error("the acknowledgement has buttons")
		}
	}
	flagged := func(t *testing.T) []feedback.Flagged {
		t.Helper()
		fs, err := conv.Flagged(t.Context(), 10)
		if err != nil {
			t.Fatal(err)
		}
		return fs
	}
	const (
		rated   = "Thanks for rating this answer."
		changed = "Thanks: your rating of this answer is changed."
	)

	t.Run("down, twice", func(t *testing.T) {
		ephemeral(t, click(t, componentEvent(channelID, "5002", answerMsg, down)), rated)
		ephemeral(t, click(t, componentEvent(channelID, "5002", answerMsg, down)), rated)
		fs := flagged(t)
		if len(fs) != 1 || fs[0].ID != answerID || fs[0].Down != 1 || fs[0].Question != question {
			t.Errorf("flagged %+v; want the answer once rated down", fs)
		}
	})
	t.Run("changed to up", func(t *testing.T) {
		ephemeral(t, click(t, componentEvent(channelID, "5002", answerMsg, up)), changed)
		if fs := flagged(t); len(fs) != 0 {
			t.Errorf("flagged %+v; want none once the rating is up", fs)
		}
	})
	t.Run("down in a DM", func(t *testing.T) {
		ephemeral(t, click(t, componentEvent(dmChannel, "5003", answerMsg, down)), rated)
		if fs := flagged(t); len(fs) != 1 || fs[0].Down != 1 || fs[0].Up != 1 {
			t.Errorf("flagged %+v; want 1 up (5002) and 1 down (5003)", fs)
		}
	})
	const reason = "The granary burned down in 1998"
	t.Run("report", func(t *testing.T) {
		c := click(t, componentEvent(channelID, "5004", answerMsg, report))
		data, _ := c.Body["data"].(map[string]any)
		if c.Body["type"] != 9.0 {
			t.Fatalf("callback type %v; want 9 (modal)", c.Body["type"])
		}
		if id, r, ok := bot.ParseRatingData(data["custom_id"].(string)); !ok || id != answerID || r != feedback.Report {
			t.Errorf("modal custom_id %v; want the answer's report", data["custom_id"])
		}
		want := map[string]any{"type": 4.0, "custom_id": "reason", "style": 1.0, "label": "What is wrong?", "required": false, "max_length": 300.0}
		input := data["components"].([]any)[0].(map[string]any)["components"].([]any)[0]
		if data["title"] != "Report this answer" || !reflect.DeepEqual(input, want) {
			t.Errorf("modal %v; want the title and %v", data, want)
		}
		if fs := flagged(t); len(fs) != 1 || fs[0].Reports != 0 {
			t.Errorf("flagged %+v; want no report before the form is sent", fs)
		}

		ephemeral(t, click(t, modalEvent(channelID, "5004", data["custom_id"].(string), "reason", "  "+reason+"\n")),
			"Thanks for reporting this answer. Moderators will look at it.")
		fs := flagged(t)
		if len(fs) != 1 || fs[0].Reports != 1 || !reflect.DeepEqual(fs[0].Reasons, []string{reason}) {
			t.Errorf("flagged %+v; want one report with the reason", fs)
		}
	})
	t.Run("old answer", func(t *testing.T) {
		ephemeral(t, click(t, componentEvent(channelID, "5002", answerMsg, bot.RatingData("0123456789ab", feedback.Up))),
			"This answer is too old to rate now. Ask the question again to rate the new answer.")
	})
	for _, bad := range []string{"", "rate:", "rate:sideways:0123456789ab", "vote:up:0123456789ab"} {
		t.Run("unreadable button "+bad, func(t *testing.T) {
			ephemeral(t, click(t, componentEvent(channelID, "5002", answerMsg, bad)), bot.UnreadableRating().Title)
		})
	}
	t.Run("unreadable form", func(t *testing.T) {
		ephemeral(t, click(t, modalEvent(channelID, "5002", bot.RatingData(answerID, feedback.Up), "reason", "x")), bot.UnreadableRating().Title)
	})
	t.Run("kb flagged", func(t *testing.T) {
		ev := commandEvent(channelID, "5005", 1<<5, nil, "kb", subcommand("flagged"))
		h.f.dispatch("INTERACTION_CREATE", ev)
		h.handled(t, 1)
		edits := h.f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+ev["token"].(string)+"/")
		if len(edits) != 1 {
			t.Fatalf("edits %v", h.f.summary())
		}
		got := unescape(edits[0].content())
		for _, want := range []string{"Answers reported or rated down recently", "1 reported, 1 👎, 1 👍: " + question} {
			if !strings.Contains(got, want) {
				t.Errorf("/kb flagged = %q; want %q", got, want)
			}
		}
		if strings.Contains(got, reason) {
			t.Errorf("/kb flagged = %q shows the reason; it stays on the moderators' page", got)
		}
	})
	logs := h.logs.String()
	if strings.Contains(logs, reason) {
		t.Errorf("logs hold the reason:\n%s", logs)
	}
	for _, id := range []string{"5002", "5003", "5004"} {
		if regexp.MustCompile(`(^|[^0-9])` + id + `($|[^0-9])`).MatchString(logs) {
			t.Errorf("logs hold the user id %s:\n%s", id, logs)
		}
	}
}

// TestRatingPassedOn: what reaches the Handler from a click: the
// platform, the clicker (member in a server, user in a DM), the answer,
// the rating and, from the form, the reason.
func TestRatingPassedOn(t *testing.T) {
	rec := &recorder{}
	h := startWith(t, Config{}, func(*slog.Logger, *fakeAdmin) Handler { return rec })
	id := "0123456789ab"
	for _, tc := range []struct {
		name string
		ev   map[string]any
		want rating
	}{
		{"up in a server", componentEvent(channelID, "5001", "42", bot.RatingData(id, feedback.Up)), rating{Platform, "5001", id, feedback.Up, ""}},
		{"down in a DM", componentEvent(dmChannel, "5002", "42", bot.RatingData(id, feedback.Down)), rating{Platform, "5002", id, feedback.Down, ""}},
		{"report form", modalEvent(channelID, "5003", bot.RatingData(id, feedback.Report), "reason", "wrong year"), rating{Platform, "5003", id, feedback.Report, "wrong year"}},
		{"report form, no reason", modalEvent(dmChannel, "5004", bot.RatingData(id, feedback.Report), "reason", ""), rating{Platform, "5004", id, feedback.Report, ""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(rec.ratings())
			h.f.dispatch("INTERACTION_CREATE", tc.ev)
			h.handled(t, 1)
			got := rec.ratings()[before:]
			if len(got) != 1 || got[0] != tc.want {
				t.Errorf("Rate calls %+v; want %+v", got, tc.want)
			}
			cbs := h.f.Calls(http.MethodPost, "/interactions/"+tc.ev["id"].(string)+"/")
			if len(cbs) != 1 || unescape(cbs[0].content()) != "rated "+string(tc.want.Rating) {
				t.Errorf("callbacks %v; want the handler's notice", cbs)
			}
		})
	}
	t.Run("report button asks first", func(t *testing.T) {
		before := len(rec.ratings())
		h.f.dispatch("INTERACTION_CREATE", componentEvent(channelID, "5001", "42", bot.RatingData(id, feedback.Report)))
		h.handled(t, 1)
		if got := rec.ratings()[before:]; len(got) != 0 {
			t.Errorf("Rate calls %+v; want none until the form is sent", got)
		}
	})
}
