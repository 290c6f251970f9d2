package telegram

import (
	"context"
	"strconv"
	"sync"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// Rating answers: three buttons under an answer that may be rated, a
// callback query for each click, and for Report in a private chat a
// prompt whose reply (or simply the person's next message) is the reason.

const (
	// reportPlaceholder is shown in the input field under the prompt for a
	// reason (Telegram allows 1–64 characters).
	reportPlaceholder = "What is wrong?"
	// reportWait is how long a person's next message in a private chat is
	// taken as the reason for the answer they reported.
	reportWait = 10 * time.Minute
	// maxPendingReports bounds the reports waiting for a reason (one per
	// private chat at most).
	maxPendingReports = 10000
)

// ratingKeyboard is the row of buttons under an answer with id.
func ratingKeyboard(id string) tgbotapi.InlineKeyboardMarkup {
	return tgbotapi.NewInlineKeyboardMarkup(tgbotapi.NewInlineKeyboardRow(
		tgbotapi.NewInlineKeyboardButtonData("👍", bot.RatingData(id, feedback.Up)),
		tgbotapi.NewInlineKeyboardButtonData("👎", bot.RatingData(id, feedback.Down)),
		tgbotapi.NewInlineKeyboardButtonData("Report", bot.RatingData(id, feedback.Report)),
	))
}

// tgCallback is the part of a callback query the bot reads. Message is
// the one the button was under; since Bot API 7.0 it may be an
// "inaccessible message" (only chat, message_id and date 0), which
// decodes here just as well.
type tgCallback struct {
	ID      string         `json:"id"`
	From    *tgbotapi.User `json:"from"`
	Message *tgMessage     `json:"message"`
	Data    string         `json:"data"`
}

// callback handles a click on a rating button: it records the rating and
// always answers the query, so the button stops spinning, with the bot's
// acknowledgement as a passing toast. Report in a private chat also asks
// for a reason.
func (b *Bot) callback(ctx context.Context, q *tgCallback) {
	if q.ID == "" {
		return
	}
	if q.From == nil || q.From.IsBot {
		b.answerCallback(ctx, q.ID, "")
		return
	}
	id, rating, ok := bot.ParseRatingData(q.Data)
	if !ok {
		b.answerCallback(ctx, q.ID, bot.UnreadableRating().Title)
		return
	}
	user := strconv.FormatInt(q.From.ID, 10)
	// A report counts at once, reason or not: most people never give one.
	reply := b.h.Rate(ctx, Platform, user, id, rating, "")
	b.answerCallback(ctx, q.ID, reply.Title)

	m := q.Message
	if rating != feedback.Report || reply.Reason != bot.ReasonNone || m == nil || m.Chat == nil || m.Chat.Type != "private" {
		return // in a group, a prompt would ask everyone: the report stands without a reason
	}
	b.reports.add(m.Chat.ID, pendingReport{id: id, user: q.From.ID}, b.clock.Now())
	prompt := bot.Reply{Kind: bot.KindNotice, Title: bot.ReportPrompt()}
	force := tgbotapi.ForceReply{ForceReply: true, InputFieldPlaceholder: reportPlaceholder}
	to := target{chat: m.Chat.ID, thread: m.thread()}
	for _, text := range Render(prompt) {
		if err := b.send(ctx, to, m.MessageID, text, force); err != nil {
			if ctx.Err() == nil {
				b.log.Error("could not ask for a report's reason", describe(err)...)
			}
			return
		}
	}
}

// answerCallback answers a callback query; text, when set, is shown as a
// toast. Telegram stops waiting for the answer after a few seconds, so it
// is not paced or retried: the rating is recorded either way.
func (b *Bot) answerCallback(ctx context.Context, queryID, text string) {
	p := tgbotapi.Params{"callback_query_id": queryID}
	p.AddNonEmpty("text", text)
	p.AddBool("show_alert", false)
	if _, err := b.call(ctx, "answerCallbackQuery", p); err != nil && ctx.Err() == nil {
		b.log.Warn("could not answer a button click", describe(err)...)
	}
}

// takeReason reports whether m is the reason for a report its sender made
// in this private chat within reportWait, and if so records it and sends
// the bot's acknowledgement. A command is not a reason: it is obeyed, and
// the report stays without one.
func (b *Bot) takeReason(ctx context.Context, m *tgMessage, in bot.Message) bool {
	if m.Chat == nil || m.Chat.Type != "private" || m.From == nil {
		return false
	}
	p, ok := b.reports.take(m.Chat.ID, b.clock.Now())
	if !ok || p.user != m.From.ID || in.Command != bot.CmdNone {
		return false
	}
	reply := b.h.Rate(ctx, Platform, in.User, p.id, feedback.Report, in.Text)
	if reply.Kind == bot.KindNone {
		return true
	}
	to := target{chat: m.Chat.ID, thread: m.thread()}
	for i, text := range Render(reply) {
		replyTo := 0
		if i == 0 {
			replyTo = m.MessageID
		}
		if err := b.send(ctx, to, replyTo, text, nil); err != nil {
			if ctx.Err() == nil {
				b.log.Error("could not thank for a report", describe(err)...)
			}
			break
		}
	}
	return true
}

// pendingReport is a report waiting for its reason.
type pendingReport struct {
	id      string // the answer's feedback id
	user    int64  // who reported it
	expires time.Time
}

// pendingReports holds at most one report per private chat, for
// reportWait, and at most max in all: past that, the one closest to
// expiring is dropped (its report stands, without a reason).
type pendingReports struct {
	max int

	mu sync.Mutex
	m  map[int64]pendingReport // chat id → report
}

func newPendingReports(max int) *pendingReports {
	return &pendingReports{max: max, m: make(map[int64]pendingReport)}
}

// add makes p the report waiting in chat, replacing an earlier one.
func (r *pendingReports) add(chat int64, p pendingReport, now time.Time) {
	p.expires = now.Add(reportWait)
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.m[chat]; !ok && len(r.m) >= r.max {
		var oldest int64
		var at time.Time
		for c, q := range r.m {
			if !q.expires.After(now) {
				delete(r.m, c)
			} else if at.IsZero() || q.expires.Before(at) {
				oldest, at = c, q.expires
			}
		}
		if len(r.m) >= r.max {
			delete(r.m, oldest)
		}
	}
	r.m[chat] = p
}

// take removes and returns the report waiting in chat, if it has not
// expired.
func (r *pendingReports) take(chat int64, now time.Time) (pendingReport, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	p, ok := r.m[chat]
	if !ok {
		return pendingReport{}, false
	}
	delete(r.m, chat)
	return p, p.expires.After(now)
}

// len is how many reports wait, expired ones included.
func (r *pendingReports) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.m)
}
