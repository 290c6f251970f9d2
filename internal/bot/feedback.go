package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"iccbot/internal/answer"
	"iccbot/internal/feedback"
)

// FeedbackObserver is told about each rating, for metrics.
type FeedbackObserver interface {
	ObserveFeedback(platform string, r feedback.Rating)
}

// Notices for ratings: quiet acknowledgements (Discord shows them only to
// the person who clicked, Telegram as a passing toast).
const (
	noticeRated          = "Thanks for rating this answer."
	noticeRateChanged    = "Thanks: your rating of this answer is changed."
	noticeReported       = "Thanks for reporting this answer. Moderators will look at it."
	noticeRateTooOld     = "This answer is too old to rate now. Ask the question again to rate the new answer."
	noticeFeedbackOff    = "Rating answers is turned off."
	noticeRateUnsure     = "Sorry, that rating could not be recorded. Please try again later."
	noticeRateUnreadable = "This button no longer works. Ask the question again to rate the new answer."
	noticeReportPrompt   = "What is wrong with this answer? Reply with one line (optional)."
	noticeRatingTooFast  = "You're rating faster than I can keep up with. Please wait a minute."
)

// ratingPrefix starts the data a rating button carries, "rate:up:<id>".
const ratingPrefix = "rate:"

// RatingData is what a rating button carries: short (under Telegram's 64
// bytes for callback data) and free of anything about the asker.
func RatingData(id string, r feedback.Rating) string {
	return ratingPrefix + string(r) + ":" + id
}

// ParseRatingData reads what RatingData wrote.
func ParseRatingData(s string) (id string, r feedback.Rating, ok bool) {
	rest, ok := strings.CutPrefix(s, ratingPrefix)
	if !ok {
		return "", "", false
	}
	rs, id, ok := strings.Cut(rest, ":")
	r = feedback.Rating(rs)
	if !ok || !r.Valid() || id == "" || len(id) > 32 {
		return "", "", false
	}
	return id, r, true
}

// keepForFeedback records an answer that may be rated and returns its id,
// "" when it may not: feedback is off, or nothing was answered (notices
// and "not covered" replies get no buttons).
func (b *Bot) keepForFeedback(ctx context.Context, a answer.Answer) string {
	if b.cfg.Feedback == nil || !a.Answered || len(a.Citations) == 0 {
		return ""
	}
	fa := feedback.Answer{Question: a.Question, Mode: a.Mode}
	var passages []string
	for _, c := range a.Citations {
		passages = append(passages, c.Passage)
		fa.Citations = append(fa.Citations, feedback.Citation{
			Title: c.Title, Where: answer.CitationPlace(c), Quote: c.Quote, Source: c.Source,
		})
	}
	fa.ID = feedback.AnswerID(a.Question, a.Mode, passages)
	if err := b.cfg.Feedback.Keep(ctx, fa, b.now()); err != nil {
		b.log.Warn("keeping an answer for feedback failed", "err", err)
		return ""
	}
	return fa.ID
}

// FeedbackEnabled reports whether answers can be rated.
func (b *Bot) FeedbackEnabled() bool { return b.cfg.Feedback != nil }

// Rate records a person's rating of an answer, from a button under it,
// and returns the quiet acknowledgement to show them. user is hashed with
// the same per-process key as the logs, so one person counts once and is
// never stored as is. reason comes with a report, and may be empty.
func (b *Bot) Rate(ctx context.Context, platform, user, id string, r feedback.Rating, reason string) Reply {
	if b.cfg.Feedback == nil {
		return Reply{Kind: KindNotice, Title: noticeFeedbackOff, Reason: ReasonFeedbackOff}
	}
	if !r.Valid() {
		return UnreadableRating()
	}
	// Ratings have a bucket of their own, as large as the one for
	// questions: clicking through a few answers is fine, flipping one
	// rating over and over to churn the store is not. Every click is
	// answered (a button needs its acknowledgement), so the notice is not
	// kept quiet the second time.
	if user != "" {
		v, wait, err := b.limiter.Allow(ctx, "rating\x00"+platform+"\x00"+user, b.now())
		if err != nil {
			b.log.Warn("rate limiter failed; recording the rating", "err", err)
			v = Allowed
		}
		if v != Allowed {
			return Reply{Kind: KindNotice, Title: noticeRatingTooFast, Reason: ReasonRateLimited, RetryAfter: wait}
		}
	}
	voter := b.hash(platform + "\x00" + user)
	out, err := b.cfg.Feedback.Rate(ctx, id, voter, r, reason, b.now())
	switch {
	case errors.Is(err, feedback.ErrUnknownAnswer):
		return Reply{Kind: KindNotice, Title: noticeRateTooOld, Reason: ReasonUnknownAnswer}
	case err != nil:
		b.log.Warn("recording a rating failed", "err", err)
		return Reply{Kind: KindNotice, Title: noticeRateUnsure, Reason: ReasonInternal}
	}
	if out != feedback.Unchanged {
		if o, ok := b.observer.(FeedbackObserver); ok {
			o.ObserveFeedback(platform, r)
		}
	}
	switch {
	case r == feedback.Report:
		return Reply{Kind: KindNotice, Title: noticeReported}
	case out == feedback.Changed:
		return Reply{Kind: KindNotice, Title: noticeRateChanged}
	}
	return Reply{Kind: KindNotice, Title: noticeRated}
}

// UnreadableRating is the reply to a rating button whose data cannot be
// read (a button from another version of the bot, or forged data).
func UnreadableRating() Reply {
	return Reply{Kind: KindNotice, Title: noticeRateUnreadable, Reason: ReasonUnknownAnswer}
}

// ReportPrompt is what an adapter asks a person who pressed Report, where
// it can take a line of text in reply.
func ReportPrompt() string { return noticeReportPrompt }

// Flagged lists up to n answers rated down or reported, most reported
// first (nil when feedback is off).
func (b *Bot) Flagged(ctx context.Context, n int) ([]feedback.Flagged, error) {
	if b.cfg.Feedback == nil {
		return nil, nil
	}
	return b.cfg.Feedback.Flagged(ctx, n, b.now())
}

// ClearFeedback forgets every rating so far (moderators have dealt with
// them) and returns how many answers had any.
func (b *Bot) ClearFeedback(ctx context.Context) (int, error) {
	if b.cfg.Feedback == nil {
		return 0, nil
	}
	return b.cfg.Feedback.Clear(ctx)
}

// flaggedReply answers the moderators' flagged command: the questions
// whose answers were reported or rated down, with counts. Reasons stay on
// the moderators' page: they are other people's words.
func (b *Bot) flaggedReply(ctx context.Context, m Message) Reply {
	if !m.Moderator {
		return Reply{Kind: KindNotice, Title: noticeModerators}
	}
	if b.cfg.Feedback == nil {
		return Reply{Kind: KindNotice, Title: noticeFeedbackOff}
	}
	fs, err := b.Flagged(ctx, 10)
	if err != nil {
		b.log.Warn("listing flagged answers failed", "err", err)
		return Reply{Kind: KindNotice, Title: noticeError, Reason: ReasonInternal}
	}
	if len(fs) == 0 {
		return Reply{Kind: KindInfo, Title: "No answers reported or rated down recently."}
	}
	r := Reply{Kind: KindInfo, Title: "Answers reported or rated down recently, most reported first:"}
	for _, f := range fs {
		r.Lines = append(r.Lines, fmt.Sprintf("%d reported, %d 👎, %d 👍: %s", f.Reports, f.Down, f.Up, f.Question))
	}
	return r
}
