package bot

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/feedback"
)

// Config tunes the conversation layer. Zero values take the defaults.
type Config struct {
	// RatePerMinute and Burst shape each person's token bucket: Burst
	// questions at once, then one every 60/RatePerMinute seconds.
	RatePerMinute float64
	Burst         int
	// MaxInFlight caps questions being answered at once, across everyone.
	MaxInFlight int
	// AnswerTimeout bounds one answer (an LLM call included).
	AnswerTimeout time.Duration
	// Gaps turns on counting unanswered questions; GapsSize bounds how many
	// distinct ones are kept, GapsWindow how far back "recent" reaches.
	Gaps       bool
	GapsSize   int
	GapsWindow time.Duration
	// LogQuestions allows question text in debug logs. Off by default: the
	// people who ask may be at risk.
	LogQuestions bool
	// HashKey keys the hash that stands for user ids in logs and for
	// voters in feedback. Empty: a random key per process, so hashes cannot
	// be joined across restarts. Replicas sharing a feedback store need
	// the same key, or one person's second click counts again elsewhere.
	HashKey []byte
	// Feedback keeps answers people may rate, and their ratings; nil turns
	// rating off (FEEDBACK_ENABLED=false): answers then carry no buttons.
	Feedback feedback.Store
	// Limiter keeps the per-person token buckets; nil: a MemoryLimiter
	// with RatePerMinute and Burst. A shared one is built with the same
	// two numbers.
	Limiter Limiter
	// GapStore counts unanswered questions when Gaps is on; nil: a
	// MemoryGaps with GapsSize and GapsWindow.
	GapStore GapStore
}

// Defaults for the zero values of Config.
const (
	DefaultRatePerMinute = 6
	DefaultBurst         = 5
	DefaultGapsSize      = 500
	DefaultGapsWindow    = 7 * 24 * time.Hour
)

func (c Config) withDefaults() Config {
	if c.RatePerMinute <= 0 {
		c.RatePerMinute = DefaultRatePerMinute
	}
	if c.Burst <= 0 {
		c.Burst = DefaultBurst
	}
	if c.MaxInFlight <= 0 {
		c.MaxInFlight = 64
	}
	if c.AnswerTimeout <= 0 {
		c.AnswerTimeout = 30 * time.Second
	}
	if c.GapsSize <= 0 {
		c.GapsSize = DefaultGapsSize
	}
	if c.GapsWindow <= 0 {
		c.GapsWindow = DefaultGapsWindow
	}
	if c.Limiter == nil {
		c.Limiter = NewMemoryLimiter(c.RatePerMinute, c.Burst)
	}
	if !c.Gaps {
		c.GapStore = nil
	} else if c.GapStore == nil {
		c.GapStore = NewMemoryGaps(c.GapsSize, c.GapsWindow)
	}
	return c
}

// Observer is told about every answered question, for metrics.
type Observer interface {
	ObserveAnswer(platform, mode string, answered bool, elapsed time.Duration)
}

// Knowledge gives the current answer engine: the knowledge can be reloaded
// while the bot runs.
type Knowledge interface {
	Engine() *answer.Engine
}

// Bot turns messages into replies. It is safe for concurrent use.
type Bot struct {
	cfg      Config
	asker    answer.Asker
	kb       Knowledge
	log      *slog.Logger
	now      func() time.Time
	observer Observer
	limiter  Limiter
	gaps     GapStore // nil: counting is off
	inFlight chan struct{}
	hashKey  []byte
}

// New builds a Bot. asker answers questions (the engine, or an LLM on top
// of it); kb lists documents and example questions; now is the clock.
func New(cfg Config, asker answer.Asker, kb Knowledge, log *slog.Logger, now func() time.Time, observer Observer) *Bot {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	b := &Bot{
		cfg:      cfg,
		asker:    asker,
		kb:       kb,
		log:      log,
		now:      now,
		observer: observer,
		limiter:  cfg.Limiter,
		gaps:     cfg.GapStore,
		inFlight: make(chan struct{}, cfg.MaxInFlight),
		hashKey:  cfg.HashKey,
	}
	if len(b.hashKey) == 0 {
		b.hashKey = randomKey()
	}
	return b
}

// Notices. None of them repeats what the user wrote.
const (
	noticeRateLimited = "You're asking faster than I can keep up with. Please wait a minute and ask again."
	noticeBusy        = "I'm answering a lot of questions right now. Please ask again in a moment."
	noticeError       = "Sorry, something went wrong while answering. Please try again."
	noticeModerators  = "That command is for moderators."
	noticeAskUsage    = "Ask a question after the command, for example: ask When does the Assembly meet?"
)

// Handle answers one message. It never panics and never blocks on a full
// house: when too many questions are in flight it says so at once.
func (b *Bot) Handle(ctx context.Context, m Message) (reply Reply) {
	if m.Command == CmdNone && m.Addressed {
		// "help" or "sources" sent as a plain message (a private chat, a
		// mention) is the command, not a question about help.
		if cmd, ok := bareCommand(m.Text); ok {
			m.Command, m.Text = cmd, ""
		}
	}
	switch m.Command {
	case CmdHelp:
		return b.help()
	case CmdStart:
		return b.start()
	case CmdSources:
		return b.sources()
	case CmdGaps:
		return b.gapsReply(ctx, m)
	case CmdFlagged:
		return b.flaggedReply(ctx, m)
	case CmdStatus, CmdReload:
		return b.adminReply(m)
	case CmdAsk:
		if m.Text == "" {
			return Reply{Kind: KindNotice, Title: noticeAskUsage, Reason: ReasonNotUnderstood}
		}
	case CmdNone:
		if !m.Addressed {
			return Reply{}
		}
	default:
		return Reply{} // a command for someone else
	}
	return b.ask(ctx, m)
}

func (b *Bot) ask(ctx context.Context, m Message) (reply Reply) {
	q, err := answer.CleanQuestion(m.Text)
	if err != nil {
		return Reply{Kind: KindNotice, Title: usageText(err), Reason: ReasonNotUnderstood}
	}
	// A message without a user (the operator's local HTTP tools) is not
	// rate-limited; everyone else has a bucket per platform and user.
	if m.User != "" {
		v, wait, err := b.limiter.Allow(ctx, m.Platform+"\x00"+m.User, b.now())
		if err != nil {
			// A limiter out of reach must not silence the bot: the
			// question is answered, and the in-flight cap still holds.
			b.log.Warn("rate limiter failed; answering", "err", err)
			v = Allowed
		}
		switch v {
		case Denied:
			return Reply{Kind: KindNotice, Title: noticeRateLimited, Reason: ReasonRateLimited, RetryAfter: wait}
		case DeniedQuietly:
			return Reply{Reason: ReasonRateLimited, RetryAfter: wait}
		}
	}
	select {
	case b.inFlight <- struct{}{}:
		defer func() { <-b.inFlight }()
	default:
		return Reply{Kind: KindNotice, Title: noticeBusy, Reason: ReasonBusy}
	}

	start := b.now()
	log := b.log.With("platform", m.Platform, "user", b.hash(m.User))
	defer func() {
		if p := recover(); p != nil {
			log.Error("answer panicked", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			reply = Reply{Kind: KindNotice, Title: noticeError, Reason: ReasonInternal}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, b.cfg.AnswerTimeout)
	defer cancel()
	conversation := "" // none: no follow-up memory
	if m.Conversation != "" {
		conversation = m.Platform + ":" + m.Conversation
	}
	a, err := b.checkedAsk(ctx, conversation, q)
	elapsed := b.now().Sub(start)
	if err != nil {
		if !errors.Is(err, context.Canceled) {
			log.Error("answer failed", "err", err)
		}
		return Reply{Kind: KindNotice, Title: noticeError, Reason: ReasonInternal}
	}
	if b.observer != nil {
		b.observer.ObserveAnswer(m.Platform, a.Mode, a.Answered, elapsed)
	}
	attrs := []any{"mode", a.Mode, "answered", a.Answered, "quotes", len(a.Citations), "elapsed", elapsed}
	if b.cfg.LogQuestions {
		attrs = append(attrs, "question", q)
	}
	log.Debug("answered", attrs...)
	// A command asked as a question ("/ask help") is answered, but it is
	// no gap in the knowledge.
	if _, isCmd := bareCommand(q); !a.Answered && b.gaps != nil && !isCmd {
		if err := b.gaps.Record(ctx, q, b.now()); err != nil {
			log.Warn("counting an unanswered question failed", "err", err)
		}
	}
	return Reply{Kind: KindAnswer, Answer: &a, FeedbackID: b.keepForFeedback(ctx, a)}
}

// checkedAsk asks, then checks every quote against the knowledge in use
// before anything is sent. A reload between the two can make a good answer
// fail the check (its file changed), so a failure is asked again once.
func (b *Bot) checkedAsk(ctx context.Context, conversation, q string) (answer.Answer, error) {
	var err error
	for range 2 {
		var a answer.Answer
		a, err = b.asker.Ask(ctx, conversation, q)
		if err != nil {
			return a, err
		}
		e := b.kb.Engine()
		if e == nil {
			return a, errors.New("no knowledge loaded")
		}
		if err = e.Check(a); err == nil {
			return a, nil
		}
	}
	return answer.Answer{}, err
}

func usageText(err error) string {
	switch {
	case errors.Is(err, answer.ErrQuestionTooLong):
		return "That question is too long. Please ask in at most 1,000 characters."
	default:
		return "Please ask a question in words, for example: When does the Assembly meet?"
	}
}

func (b *Bot) examples(n int) []string {
	var out []string
	for _, d := range b.kb.Engine().Knowledge().Docs {
		for _, ex := range d.Examples {
			if len(out) < n {
				out = append(out, ex)
			}
		}
	}
	return out
}

func (b *Bot) help() Reply {
	return Reply{
		Kind: KindInfo,
		Title: "I answer questions about Human Rights Watch's briefing for the ICC Assembly of States Parties, " +
			"only with exact quotes from it, each with its source. If the briefing doesn't cover something, I say so. " +
			"Ask in a private chat, mention me, or use the ask command. Commands: ask, sources, help. For example:",
		Lines: b.examples(3),
	}
}

func (b *Bot) start() Reply {
	return Reply{
		Kind: KindInfo,
		Title: "Hello! I answer questions about Human Rights Watch's briefing for the ICC Assembly of States Parties.\n" +
			"I reply only with exact, cited quotes from it. Try one of these:",
		Lines: b.examples(3),
	}
}

func (b *Bot) sources() Reply {
	r := Reply{Kind: KindInfo, Title: "I answer from these documents:"}
	for _, d := range b.kb.Engine().Knowledge().Docs {
		line := d.Title
		if d.Publisher != "" {
			line += " (" + d.Publisher + ")"
		}
		r.Lines = append(r.Lines, line)
	}
	return r
}

func (b *Bot) gapsReply(ctx context.Context, m Message) Reply {
	if !m.Moderator {
		return Reply{Kind: KindNotice, Title: noticeModerators}
	}
	if b.gaps == nil {
		return Reply{Kind: KindNotice, Title: "Counting unanswered questions is turned off."}
	}
	gaps, err := b.gaps.Top(ctx, 10, b.now())
	if err != nil {
		b.log.Warn("listing unanswered questions failed", "err", err)
		return Reply{Kind: KindNotice, Title: noticeError, Reason: ReasonInternal}
	}
	if len(gaps) == 0 {
		return Reply{Kind: KindInfo, Title: "No unanswered questions recently."}
	}
	r := Reply{Kind: KindInfo, Title: "Most frequent unanswered questions recently:"}
	for _, g := range gaps {
		r.Lines = append(r.Lines, fmt.Sprintf("%d× %s", g.Count, g.Question))
	}
	return r
}

// gapsTimeout bounds the moderators' gap calls that take no context
// (Gaps, ClearGaps): a shared store has its own, shorter, timeout.
const gapsTimeout = 5 * time.Second

// Gaps lists the most frequent recent unanswered questions (nil when
// counting is off, or when the store failed: that is logged).
func (b *Bot) Gaps(n int) []Gap {
	if b.gaps == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), gapsTimeout)
	defer cancel()
	gs, err := b.gaps.Top(ctx, n, b.now())
	if err != nil {
		b.log.Warn("listing unanswered questions failed", "err", err)
		return nil
	}
	return gs
}

// GapsEnabled reports whether unanswered questions are being counted.
func (b *Bot) GapsEnabled() bool { return b.gaps != nil }

// ClearGaps forgets every unanswered question counted so far (a moderator
// has dealt with them) and returns how many there were; 0 when counting
// is off.
func (b *Bot) ClearGaps() int {
	if b.gaps == nil {
		return 0
	}
	ctx, cancel := context.WithTimeout(context.Background(), gapsTimeout)
	defer cancel()
	n, err := b.gaps.Reset(ctx)
	if err != nil {
		b.log.Warn("clearing unanswered questions failed", "err", err)
	}
	return n
}

// hash stands in for a user id in logs: a keyed hash, so ids cannot be
// recovered or guessed from a log, but one person's messages can be told
// apart while the process runs.
func (b *Bot) hash(user string) string {
	if user == "" {
		return ""
	}
	mac := hmac.New(sha256.New, b.hashKey)
	mac.Write([]byte(user))
	return hex.EncodeToString(mac.Sum(nil))[:12]
}
