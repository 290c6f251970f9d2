// Package bot is the platform-neutral conversation layer: a message from
// any platform (Telegram, Discord, the playground) becomes a Reply. It knows
// the commands (the moderators' status, reload and gaps among them), limits
// how often each person may ask and how many questions
// are answered at once, remembers which questions went unanswered (never
// who asked), and keeps one bad answer from taking the process down.
//
// Platform adapters translate their wire format to Message and render Reply
// in their own markup; they never build reply text themselves.
package bot

import (
	"time"

	"iccbot/internal/answer"
)

// Commands a Message may carry. Adapters map their syntax ("/ask@Bot",
// a slash command, a mention) onto these.
const (
	CmdNone    = ""        // plain text: a question if Addressed
	CmdAsk     = "ask"     // Text is the question
	CmdHelp    = "help"    // how to ask
	CmdStart   = "start"   // first contact (Telegram /start): greeting and examples
	CmdSources = "sources" // the documents in the knowledge base
	CmdGaps    = "gaps"    // moderators: frequent unanswered questions
	CmdFlagged = "flagged" // moderators: answers reported or rated down
	CmdStatus  = "status"  // moderators: the knowledge's state
	CmdReload  = "reload"  // moderators: reload the knowledge now
)

// Message is one incoming message, already translated by an adapter.
type Message struct {
	Platform string // "telegram", "discord", "http"
	// Conversation identifies the chat and thread; follow-up questions are
	// read in the light of earlier turns of the same conversation. Empty
	// means none: each question stands alone.
	Conversation string
	// User identifies the sender on the platform, for rate limiting only.
	// It is never logged or stored as is. Empty means the operator's own
	// local tools, which are not rate-limited.
	User    string
	Command string
	// Text is the question or the command's argument, with the bot's
	// mention and the command word already removed by the adapter.
	Text string
	// Addressed is true when the message was meant for the bot: a private
	// chat, a mention, a reply to the bot, or a command.
	Addressed bool
	// Moderator is true when the platform says the sender may use
	// moderator commands.
	Moderator bool
}

// Kind says what a Reply holds.
type Kind int

const (
	// KindNone: stay quiet (the message was not for the bot).
	KindNone Kind = iota
	// KindAnswer: Answer holds a question's answer (covered or not).
	KindAnswer
	// KindInfo: Title and Lines hold help, sources, a greeting or gaps.
	KindInfo
	// KindNotice: Title holds a short notice (usage, rate limit, busy,
	// refused command, error). It never contains the user's text.
	KindNotice
)

// Reason says, for a program rather than a person, why a question got a
// notice or silence instead of an answer, so that an adapter whose protocol
// has statuses (HTTP) can choose one without reading the notice's words.
type Reason string

const (
	// ReasonNone: an answer, information, or a notice that needs no
	// reason (a refused moderator command).
	ReasonNone Reason = ""
	// ReasonRateLimited: the person is over their rate limit. With
	// KindNotice they are told; with KindNone they were told already.
	ReasonRateLimited Reason = "rate_limited"
	// ReasonBusy: too many questions are being answered at once.
	ReasonBusy Reason = "busy"
	// ReasonInternal: answering failed (an error, a panic, a quote that did
	// not check out); the person is told only that something went wrong.
	ReasonInternal Reason = "internal_error"
	// ReasonNotUnderstood: there was no question to answer (only
	// punctuation, too long, or a command without its question).
	ReasonNotUnderstood Reason = "not_understood"
	// ReasonUnknownAnswer: a rating of an answer no longer kept, or one
	// whose button data cannot be read; nothing was recorded.
	ReasonUnknownAnswer Reason = "unknown_answer"
	// ReasonFeedbackOff: a rating while rating is turned off.
	ReasonFeedbackOff Reason = "feedback_off"
)

// Reply is what the bot says back, for an adapter to render.
type Reply struct {
	Kind   Kind
	Answer *answer.Answer // KindAnswer
	Title  string         // KindInfo, KindNotice: one line or short paragraph
	Lines  []string       // KindInfo: list items (examples, documents, gaps)
	// Reason is set on the notices and the silence that stand in for an
	// answer to a question; chat adapters can ignore it.
	Reason Reason
	// RetryAfter, when not zero, is how long until the same person may
	// ask again (set with ReasonRateLimited).
	RetryAfter time.Duration
	// FeedbackID, on an answer people may rate, names it in the rating
	// buttons an adapter shows under it (see RatingData); "" for none.
	FeedbackID string
}

// Text renders a reply as plain text, the way it reads anywhere markup is
// not available (the command line, logs in tests, the playground).
func (r Reply) Text() string {
	switch r.Kind {
	case KindAnswer:
		return r.Answer.Text
	case KindInfo, KindNotice:
		s := r.Title
		for _, l := range r.Lines {
			s += "\n- " + l
		}
		return s
	}
	return ""
}

// Gap is an unanswered question and how often it was asked recently.
type Gap struct {
	Question string // as first asked, cleaned
	Count    int
	// FirstSeen and LastSeen are the UTC days (at midnight) it was first
	// and last asked within the window: by the day, never the hour.
	FirstSeen, LastSeen time.Time
}
