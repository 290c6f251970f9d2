package bot

import (
	"strings"
	"testing"
	"time"

	"iccbot/internal/feedback"
)

func (o *observed) ObserveFeedback(platform string, r feedback.Rating) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.calls = append(o.calls, "feedback/"+platform+"/"+string(r))
}

func TestFeedbackFlow(t *testing.T) {
	f := newFixture(t, Config{Feedback: feedback.NewMemory(0, 0)})
	ctx := t.Context()

	r := f.bot.Handle(ctx, question("When does the Assembly of States Parties meet?"))
	if r.Kind != KindAnswer || !r.Answer.Answered || r.FeedbackID == "" {
		t.Fatalf("an answer: kind %v, answered %v, feedback id %q; want an answer to rate", r.Kind, r.Answer != nil && r.Answer.Answered, r.FeedbackID)
	}
	if nc := f.bot.Handle(ctx, question("What is the capital of Peru?")); nc.FeedbackID != "" {
		t.Errorf("a not-covered reply has feedback id %q; want none", nc.FeedbackID)
	}
	if h := f.bot.Handle(ctx, Message{Platform: "telegram", Command: CmdHelp, Addressed: true}); h.FeedbackID != "" {
		t.Errorf("help has feedback id %q; want none", h.FeedbackID)
	}

	id := r.FeedbackID
	steps := []struct {
		user   string
		rating feedback.Rating
		reason string
		want   string
	}{
		{"u1", feedback.Down, "", noticeRated},
		{"u1", feedback.Down, "", noticeRated}, // a double click counts once
		{"u1", feedback.Up, "", noticeRateChanged},
		{"u2", feedback.Report, "the dates are wrong", noticeReported},
	}
	for i, st := range steps {
		got := f.bot.Rate(ctx, "discord", st.user, id, st.rating, st.reason)
		if got.Kind != KindNotice || got.Title != st.want {
			t.Errorf("step %d: Rate = %q; want %q", i, got.Title, st.want)
		}
	}
	if got := f.bot.Rate(ctx, "discord", "u1", "0123456789ab", feedback.Up, ""); got.Title != noticeRateTooOld {
		t.Errorf("rating an answer not kept (an old message after a restart) = %q; want %q", got.Title, noticeRateTooOld)
	}

	fs, err := f.bot.Flagged(ctx, 10)
	if err != nil || len(fs) != 1 {
		t.Fatalf("Flagged = %v, %v; want one answer", fs, err)
	}
	if fs[0].Up != 1 || fs[0].Reports != 1 || fs[0].Down != 0 || len(fs[0].Citations) == 0 {
		t.Errorf("flagged = %+v; want 1 up, 1 report, with the quotes", fs[0])
	}
	if got := strings.Join(f.obs.calls, " "); !strings.Contains(got, "feedback/discord/down feedback/discord/up feedback/discord/report") || strings.Count(got, "feedback/") != 3 {
		t.Errorf("observed %q; want down, up, report once each", got)
	}

	// The moderators' command lists it; others are refused.
	mod := f.bot.Handle(ctx, Message{Platform: "discord", Command: CmdFlagged, Moderator: true, Addressed: true})
	if mod.Kind != KindInfo || len(mod.Lines) != 1 || !strings.Contains(mod.Lines[0], "1 reported") || strings.Contains(mod.Text(), "the dates are wrong") {
		t.Errorf("flagged command = %q; want one line with counts, no reasons", mod.Text())
	}
	if other := f.bot.Handle(ctx, Message{Platform: "discord", Command: CmdFlagged, Addressed: true}); other.Title != noticeModerators {
		t.Errorf("flagged by a non-moderator = %q; want %q", other.Title, noticeModerators)
	}
	if n, err := f.bot.ClearFeedback(ctx); n != 1 || err != nil {
		t.Errorf("ClearFeedback = %d, %v; want 1", n, err)
	}
}

func TestFeedbackOff(t *testing.T) {
	f := newFixture(t, Config{})
	ctx := t.Context()
	r := f.bot.Handle(ctx, question("When does the Assembly of States Parties meet?"))
	if r.FeedbackID != "" {
		t.Errorf("feedback off: answer has feedback id %q", r.FeedbackID)
	}
	if got := f.bot.Rate(ctx, "telegram", "u", "0123456789ab", feedback.Up, ""); got.Title != noticeFeedbackOff {
		t.Errorf("feedback off: Rate = %q", got.Title)
	}
	if got := f.bot.Handle(ctx, Message{Platform: "discord", Command: CmdFlagged, Moderator: true, Addressed: true}); got.Title != noticeFeedbackOff {
		t.Errorf("feedback off: flagged = %q", got.Title)
	}
}

func TestRatingData(t *testing.T) {
	for _, r := range []feedback.Rating{feedback.Up, feedback.Down, feedback.Report} {
		d := RatingData("0123456789ab", r)
		if len(d) > 64 {
			t.Errorf("%q is over Telegram's 64 bytes", d)
		}
		id, got, ok := ParseRatingData(d)
		if !ok || id != "0123456789ab" || got != r {
			t.Errorf("ParseRatingData(%q) = %q, %q, %v", d, id, got, ok)
		}
	}
	for _, bad := range []string{"", "rate:", "rate:up:", "rate:meh:abc", "other:up:abc", "rate:up:" + strings.Repeat("a", 40)} {
		if _, _, ok := ParseRatingData(bad); ok {
			t.Errorf("ParseRatingData(%q) accepted", bad)
		}
	}
}

// Ratings have their own bucket: a person flipping a rating over and over
// is told to wait, the store is not written, and questions are not
// affected; the bucket refills with time.
func TestRatingsAreRateLimited(t *testing.T) {
	store := feedback.NewMemory(0, 0)
	f := newFixture(t, Config{Feedback: store, RatePerMinute: 6, Burst: 3})
	ctx := t.Context()
	r := f.bot.Handle(ctx, question("When does the Assembly of States Parties meet?"))
	if r.FeedbackID == "" {
		t.Fatal("no answer to rate")
	}
	flips := []feedback.Rating{feedback.Up, feedback.Down, feedback.Up, feedback.Down, feedback.Up}
	var got []string
	for _, rating := range flips {
		got = append(got, f.bot.Rate(ctx, "telegram", "user-42", r.FeedbackID, rating, "").Title)
	}
	want := []string{noticeRated, noticeRateChanged, noticeRateChanged, noticeRatingTooFast, noticeRatingTooFast}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("five quick flips = %q; want %q", got, want)
	}
	if fs, _ := f.bot.Flagged(ctx, 10); len(fs) != 0 {
		t.Errorf("flagged = %+v; want nothing (the last rating that counted is up)", fs)
	}
	if a := f.bot.Handle(ctx, question("Who has imposed sanctions on ICC officials?")); a.Kind != KindAnswer {
		t.Errorf("a question after the ratings = %v %q; want an answer (its own bucket)", a.Kind, a.Title)
	}
	f.clock.advance(time.Minute)
	if got := f.bot.Rate(ctx, "telegram", "user-42", r.FeedbackID, feedback.Down, "").Title; got != noticeRateChanged {
		t.Errorf("after a minute = %q; want %q", got, noticeRateChanged)
	}
	if got := f.bot.Rate(ctx, "telegram", "user-7", r.FeedbackID, feedback.Up, "").Title; got != noticeRated {
		t.Errorf("another person = %q; want %q", got, noticeRated)
	}
}
