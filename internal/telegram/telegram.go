// Package telegram connects the bot to Telegram: it receives updates (long
// polling, or a webhook), translates each message into a bot.Message,
// and sends the bot's reply back as Telegram HTML, paced to Telegram's
// limits. Answers that may be rated carry 👍, 👎 and Report buttons; a
// click is recorded through the conversation layer and answered with a
// toast, and a report in a private chat takes the person's next message
// as its reason.
//
// It speaks the Bot API through github.com/go-telegram-bot-api/telegram-bot-api
// (requests, response decoding, wire types), with a context attached to every
// call so that shutdown is prompt even in the middle of a long poll. It never
// logs message text, the bot token, or user and chat ids.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"iccbot/internal/bot"
	"iccbot/internal/clock"
	"iccbot/internal/feedback"
	"iccbot/internal/inflight"
	"iccbot/internal/supervise"
)

// Handler answers one message, and records a click on a rating button
// (with a reason, for a report, when one follows); *bot.Bot satisfies it.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) bot.Reply
	Rate(ctx context.Context, platform, user, id string, r feedback.Rating, reason string) bot.Reply
}

// Platform names Telegram to the conversation layer.
const Platform = "telegram"

// Health is told when the connection to Telegram comes up and goes down,
// for readiness and metrics; *supervise.Health is one.
type Health interface {
	Up()
	Down()
}

// Config configures the adapter. Zero values take the defaults.
type Config struct {
	// Token is the bot token from BotFather. Required.
	Token string
	// APIURL is the Bot API base URL, for a self-hosted Bot API server or a
	// test server (e.g. http://localhost:8081). Empty: Telegram's own.
	APIURL string

	// WebhookURL, when set, turns on webhook mode: Run registers this
	// https URL with Telegram and receives updates on it instead of polling.
	// WebhookSecret is then required (1–256 characters of A–Z, a–z, 0–9, _
	// and -): Telegram sends it in X-Telegram-Bot-Api-Secret-Token and
	// requests without it are refused. Every replica must use the same one.
	WebhookURL    string
	WebhookSecret string
	// WebhookListen, when set (e.g. ":8443"), makes Run serve the webhook on
	// its own HTTP server at WebhookURL's path. Empty: mount
	// WebhookHandler() on a server of your own.
	WebhookListen string

	// PerChatInterval is the least time between two messages to one chat
	// (default 1s; negative turns per-chat pacing off).
	PerChatInterval time.Duration
	// GlobalRate is the most messages sent per second in all (default 30;
	// negative turns it off).
	GlobalRate float64

	// Moderators are the Telegram user ids allowed moderator commands
	// (/gaps, /flagged). Nobody, when empty.
	Moderators []int64

	// PollTimeout is how long one getUpdates call is held (default 30s).
	PollTimeout time.Duration
	// MaxConcurrent bounds messages handled at once (default 32); further
	// updates wait, so the bot never takes more than it can answer.
	MaxConcurrent int
	// DrainTimeout bounds how long Run lets replies in flight finish after
	// its context is cancelled (default 1s).
	DrainTimeout time.Duration

	// HTTPClient makes the requests (default: a new http.Client). Each call
	// gets its own context and deadline.
	HTTPClient *http.Client
	// Clock defaults to the real one.
	Clock clock.Clock
	// Health, when set, is told when the bot is connected (getMe and
	// polling work) and when polling fails.
	Health Health

	// Lease, when set, makes polling exclusive among replicas: only the
	// replica holding it calls getUpdates, and another takes over when
	// the holder stops renewing it (Telegram allows one getUpdates
	// consumer per bot). Nil: this process polls alone, as it always
	// has. Webhook mode does not use it.
	Lease Lease
	// Dedupe, when set, makes sure that an update is handled by one
	// replica once, however often and wherever it is delivered: by a new
	// poller after a handoff, or by Telegram retrying a webhook. Nil:
	// every update delivered is handled.
	Dedupe Deduper
}

// Lease is a lease shared by the replicas; *redislease.Named is one.
// Hold runs run only while this replica holds the lease, with a context
// cancelled before the lease can lapse, and tries again to acquire it when
// lost, until ctx is done (then it returns nil) or run fails on its own
// (then it returns run's error).
type Lease interface {
	Hold(ctx context.Context, run func(ctx context.Context, fence int64) error) error
}

// Deduper tells whether an event is handled for the first time by any
// replica; *redislease.Client is one. On an error it must answer true:
// an update is better answered twice than not at all.
type Deduper interface {
	FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error)
}

// dedupeTTL is how long a handled update is remembered: as long as
// Telegram keeps an update that was not confirmed.
const dedupeTTL = 24 * time.Hour

const (
	defaultAPIURL      = "https://api.telegram.org"
	callTimeout        = 30 * time.Second
	typingRefresh      = 4 * time.Second // Telegram shows "typing…" for 5 s
	typingTimeout      = 2 * time.Second
	max429Retries      = 5
	maxWebhookBodySize = 1 << 20
)

// validSecret reports whether s may be a webhook secret: 1 to 256 of
// A-Z, a-z, 0-9, _ and -, as Telegram requires. A plain loop, not a regular
// expression: compiling ^[A-Za-z0-9_-]{1,256}$ at package init cost every
// run of iccbot about 3 ms, Telegram on or off.
func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

func (c Config) withDefaults() Config {
	if c.APIURL == "" {
		c.APIURL = defaultAPIURL
	}
	if c.PerChatInterval == 0 {
		c.PerChatInterval = time.Second
	}
	if c.GlobalRate == 0 {
		c.GlobalRate = 30
	}
	if c.PollTimeout <= 0 {
		c.PollTimeout = 30 * time.Second
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 32
	}
	if c.DrainTimeout <= 0 {
		c.DrainTimeout = time.Second
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{}
	}
	if c.Clock == nil {
		c.Clock = clock.Real{}
	}
	if c.Health == nil {
		c.Health = noHealth{}
	}
	return c
}

type noHealth struct{}

func (noHealth) Up()   {}
func (noHealth) Down() {}

// Bot is a running Telegram connection. Build it with New, then call Run.
type Bot struct {
	cfg        Config
	h          Handler
	log        *slog.Logger
	clock      clock.Clock
	api        *tgbotapi.BotAPI // template: copied per call with a context-bound client
	moderators map[int64]bool
	pacer      *pacer
	webhook    *url.URL
	reports    *pendingReports // Report clicks waiting for a reason

	self atomic.Pointer[tgbotapi.User] // set by Run (getMe)
	live atomic.Pointer[runState]      // set while Run runs; the webhook handler needs it

	dedupeDown atomic.Bool // the Deduper is failing, and the log has said so
}

// runState is what one Run shares with the goroutines handling updates.
type runState struct {
	ctx context.Context // cancelled after the drain window
	sem chan struct{}

	work inflight.Tracker // updates in flight
}

// New checks the configuration and builds a Bot. It does not touch the
// network: Run identifies the bot (getMe), so a Telegram outage at start
// is retried by the supervisor like any other failure.
func New(cfg Config, h Handler, log *slog.Logger) (*Bot, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	cfg = cfg.withDefaults()
	if cfg.Token == "" {
		return nil, errors.New("telegram: no bot token")
	}
	if strings.ContainsAny(cfg.Token, "/?#% \t\n") {
		return nil, errors.New("telegram: the bot token has characters a token never has")
	}
	base, err := url.Parse(cfg.APIURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("telegram: API URL %q: want a base URL like %s", cfg.APIURL, defaultAPIURL)
	}
	b := &Bot{
		cfg:        cfg,
		h:          h,
		log:        log.With("platform", "telegram"),
		clock:      cfg.Clock,
		moderators: make(map[int64]bool, len(cfg.Moderators)),
		pacer:      newPacer(cfg.PerChatInterval, cfg.GlobalRate),
		reports:    newPendingReports(maxPendingReports),
	}
	for _, id := range cfg.Moderators {
		b.moderators[id] = true
	}
	if cfg.WebhookURL != "" {
		u, err := url.Parse(cfg.WebhookURL)
		if err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, errors.New("telegram: the webhook URL must be an https:// URL")
		}
		if !validSecret(cfg.WebhookSecret) {
			return nil, errors.New("telegram: webhook mode needs a secret of 1–256 characters A-Z, a-z, 0-9, _ and -")
		}
		b.webhook = u
	}
	// The endpoint is a format string: "{base}/bot%s/%s".
	endpoint := strings.ReplaceAll(strings.TrimRight(base.String(), "/"), "%", "%%") + "/bot%s/%s"
	b.api = &tgbotapi.BotAPI{Token: cfg.Token, Buffer: 100}
	b.api.SetAPIEndpoint(endpoint)
	return b, nil
}

// Run identifies the bot, registers its commands, then receives updates
// until ctx is cancelled: by long polling, or in webhook mode by
// registering the webhook (and serving it when WebhookListen is set). It
// returns nil on cancel, within DrainTimeout plus a moment, even mid-poll.
func (b *Bot) Run(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return nil
	}
	me, err := b.getMe(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: getMe: %w", rejection(err))
	}
	b.self.Store(&me)
	b.cfg.Health.Up()
	b.log.Info("Telegram connected", "bot", "@"+me.UserName, "mode", b.mode())
	b.setCommands(ctx)

	workCtx, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	st := &runState{ctx: workCtx, sem: make(chan struct{}, b.cfg.MaxConcurrent)}
	defer func() {
		b.live.Store(nil)
		b.drain(st, cancelWork)
	}()

	switch {
	case b.webhook != nil:
		return b.runWebhook(ctx, st)
	case b.cfg.Lease != nil:
		return b.pollLeased(ctx, st)
	}
	return b.poll(ctx, st)
}

func (b *Bot) mode() string {
	if b.webhook != nil {
		return "webhook"
	}
	return "polling"
}

// drain lets replies in flight finish for up to DrainTimeout, then cancels
// them and waits for their goroutines (which return at once).
func (b *Bot) drain(st *runState, cancel context.CancelFunc) {
	if st.work.Drain(b.cfg.DrainTimeout, cancel) {
		b.log.Warn("stopping with replies still in flight")
	}
	cancel()
}

func (b *Bot) getMe(ctx context.Context) (tgbotapi.User, error) {
	var me tgbotapi.User
	resp, err := b.call(ctx, "getMe", nil)
	if err != nil {
		return me, err
	}
	if err := jsonUnmarshal(resp.Result, &me); err != nil {
		return me, fmt.Errorf("decoding getMe: %w", err)
	}
	if me.UserName == "" {
		return me, errors.New("getMe returned no username")
	}
	return me, nil
}

// commands is the menu Telegram shows; the descriptions are what a
// supporter sees next to each.
var commands = []tgbotapi.BotCommand{
	{Command: "ask", Description: "Ask a question about the briefing"},
	{Command: "sources", Description: "The documents I answer from"},
	{Command: "help", Description: "How to ask"},
}

func (b *Bot) setCommands(ctx context.Context) {
	cmds, err := jsonMarshal(commands)
	if err == nil {
		_, err = b.call(ctx, "setMyCommands", tgbotapi.Params{"commands": string(cmds)})
	}
	if err != nil && ctx.Err() == nil {
		b.log.Warn("could not register the command list; commands still work", "err", b.scrub(err))
	}
}

// call makes one Bot API request with the real client, bound to ctx: a
// copy of the template BotAPI whose HTTP client attaches ctx. Errors never
// carry the request URL (which holds the token).
func (b *Bot) call(ctx context.Context, method string, params tgbotapi.Params) (*tgbotapi.APIResponse, error) {
	if method != "getUpdates" {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, callTimeout)
		defer cancel()
	}
	api := *b.api
	api.Client = ctxDoer{ctx: ctx, c: b.cfg.HTTPClient}
	resp, err := api.MakeRequest(method, params)
	if err != nil {
		return resp, b.scrub(err)
	}
	return resp, nil
}

// ctxDoer attaches a context to the library's context-free requests and
// strips the URL (which holds the token) from transport errors.
type ctxDoer struct {
	ctx context.Context
	c   *http.Client
}

func (d ctxDoer) Do(req *http.Request) (*http.Response, error) {
	resp, err := d.c.Do(req.WithContext(d.ctx))
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			return nil, &url.Error{Op: ue.Op, URL: "telegram:" + path.Base(req.URL.Path), Err: ue.Err}
		}
		return nil, errors.New("telegram: request failed")
	}
	return resp, nil
}

// scrubbedError keeps an error's chain (for errors.Is/As) while its text
// has the token removed.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

// scrub removes the token from an error's text, as a last line of defence:
// the transport errors are already stripped of URLs.
func (b *Bot) scrub(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if !strings.Contains(msg, b.cfg.Token) && !strings.Contains(msg, url.PathEscape(b.cfg.Token)) {
		return err
	}
	msg = strings.ReplaceAll(msg, b.cfg.Token, "<token>")
	msg = strings.ReplaceAll(msg, url.PathEscape(b.cfg.Token), "<token>")
	return &scrubbedError{msg: msg, err: err}
}

// apiError returns the Bot API error inside err, if there is one.
func apiError(err error) (*tgbotapi.Error, bool) {
	var te *tgbotapi.Error
	if errors.As(err, &te) {
		return te, true
	}
	return nil, false
}

// rejection marks err with supervise.ErrRejected when Telegram refused the
// token: 401 Unauthorized, or 403 Forbidden. Call it only on errors of the
// calls about the bot itself (getMe, getUpdates, setWebhook): a 403 on
// sendMessage means one user blocked the bot, nothing more.
func rejection(err error) error {
	if te, ok := apiError(err); ok && (te.Code == http.StatusUnauthorized || te.Code == http.StatusForbidden) {
		return fmt.Errorf("%w: %w", supervise.ErrRejected, err)
	}
	return err
}

// describe is a Bot API error fit for a log: the code and the general
// part of the description ("Bad Request: can't parse entities"), never the
// detail after it, which can quote the message.
func describe(err error) []any {
	if te, ok := apiError(err); ok {
		parts := strings.SplitN(te.Message, ":", 3)
		return []any{"code", te.Code, "err", strings.TrimSpace(strings.Join(parts[:min(2, len(parts))], ":"))}
	}
	return []any{"err", err}
}

// dispatch hands an update to a goroutine, waiting for a free slot; it
// returns false if ctx ended first.
func (b *Bot) dispatch(ctx context.Context, st *runState, u tgUpdate) bool {
	select {
	case st.sem <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if !st.work.Begin() {
		<-st.sem
		return false
	}
	go func() {
		defer func() {
			<-st.sem
			st.work.Done()
		}()
		b.process(st.ctx, u)
	}()
	return true
}

// process handles one update from start to finish. A panic here (a bug)
// is logged without the message and does not take the process down.
func (b *Bot) process(ctx context.Context, u tgUpdate) {
	defer inflight.Recover(b.log, "handling an update")
	me := b.self.Load()
	switch {
	case me == nil:
		return
	case u.CallbackQuery != nil:
		if b.firstTime(ctx, me, u) { // else another replica has it, or had it
			b.callback(ctx, u.CallbackQuery)
		}
		return
	case u.Message == nil:
		return // edited messages, channel posts…: not decoded at all
	}
	in, ok := b.translate(u.Message, me)
	if !ok || (!in.Addressed && in.Command == bot.CmdNone) {
		return // not for the bot: nothing to claim among replicas
	}
	if !b.firstTime(ctx, me, u) {
		return // another replica has it, or had it
	}
	if b.takeReason(ctx, u.Message, in) {
		return // the reason for a report, not a question
	}
	to := target{chat: u.Message.Chat.ID, thread: u.Message.thread()}
	var stopTyping func()
	if in.Addressed && (in.Command == bot.CmdNone || in.Command == bot.CmdAsk) && in.Text != "" {
		stopTyping = b.typing(ctx, to)
	}
	reply := b.h.Handle(ctx, in)
	if stopTyping != nil {
		stopTyping()
	}
	if reply.Kind == bot.KindNone {
		return
	}
	parts := Render(reply)
	for i, text := range parts {
		replyTo := 0
		if i == 0 {
			replyTo = u.Message.MessageID
		}
		var markup any
		if i == len(parts)-1 && reply.FeedbackID != "" {
			markup = ratingKeyboard(reply.FeedbackID) // under the whole answer: its last message
		}
		if err := b.send(ctx, to, replyTo, text, markup); err != nil {
			if ctx.Err() == nil {
				b.log.Error("could not send a reply", append(describe(err), "part", i+1)...)
			}
			return
		}
	}
}

// target is where a reply goes: a chat, and a forum topic in it.
type target struct {
	chat   int64
	thread int
}

func (t target) params() tgbotapi.Params {
	p := tgbotapi.Params{}
	p.AddNonZero64("chat_id", t.chat)
	p.AddNonZero("message_thread_id", t.thread)
	return p
}

// typing shows "typing…" until stop is called, refreshing it while the
// answer takes long. A failure (a server without sendChatAction) ends the
// indicator, never the answer. stop waits for a request in flight, so the
// indicator can never arrive after the reply.
func (b *Bot) typing(ctx context.Context, to target) (stop func()) {
	tctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			p := to.params()
			p["action"] = tgbotapi.ChatTyping
			actx, acancel := context.WithTimeout(ctx, typingTimeout)
			_, err := b.call(actx, "sendChatAction", p)
			acancel()
			if err != nil {
				if tctx.Err() == nil {
					b.log.Debug("typing indicator failed", describe(err)...)
				}
				return
			}
			if b.clock.Sleep(tctx, typingRefresh) != nil {
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}

// send posts one message, paced, waiting out 429s (a bounded number of
// times) so an accepted question is answered. markup, when not nil, is
// the message's reply_markup (rating buttons, a forced reply). Should
// Telegram refuse the HTML (it never should), the same text goes once
// more as plain text.
func (b *Bot) send(ctx context.Context, to target, replyTo int, html string, markup any) error {
	p := to.params()
	p["text"] = html
	p["parse_mode"] = tgbotapi.ModeHTML
	p.AddBool("disable_web_page_preview", true)
	if err := p.AddInterface("reply_markup", markup); err != nil {
		return fmt.Errorf("encoding reply_markup: %w", err)
	}
	if replyTo != 0 {
		p.AddNonZero("reply_to_message_id", replyTo)
		p.AddBool("allow_sending_without_reply", true)
	}
	retries := 0
	for {
		if err := b.pace(ctx, to.chat); err != nil {
			return err
		}
		_, err := b.call(ctx, "sendMessage", p)
		if err == nil {
			return nil
		}
		te, ok := apiError(err)
		switch {
		case ok && te.Code == http.StatusTooManyRequests && retries < max429Retries:
			retries++
			wait := time.Duration(max(te.RetryAfter, 1)) * time.Second
			b.log.Warn("Telegram asked to slow down; waiting, then sending again", "retry_after", wait, "attempt", retries)
			if err := b.clock.Sleep(ctx, wait); err != nil {
				return err
			}
		case ok && te.Code == http.StatusBadRequest && p["parse_mode"] != "" && strings.Contains(te.Message, "can't parse entities"):
			b.log.Error("Telegram refused the reply's HTML; sending it as plain text", describe(err)...)
			p["text"] = PlainText(html)
			delete(p, "parse_mode")
		default:
			return err
		}
	}
}

// pace waits for the chat's next slot, then for the next overall one.
func (b *Bot) pace(ctx context.Context, chat int64) error {
	now := b.clock.Now()
	if d := b.pacer.reserveChat(chat, now).Sub(now); d > 0 {
		if err := b.clock.Sleep(ctx, d); err != nil {
			return err
		}
	}
	now = b.clock.Now()
	if d := b.pacer.reserveGlobal(now).Sub(now); d > 0 {
		return b.clock.Sleep(ctx, d)
	}
	return nil
}

// isModerator reports whether a Telegram user may use moderator commands.
func (b *Bot) isModerator(id int64) bool { return b.moderators[id] }

// allowedUpdates asks Telegram for new messages and clicks on the rating
// buttons only: edits, channel posts and the rest are never answered, so
// they need not be sent.
const allowedUpdates = `["message","callback_query"]`

// isCommand reports whether name is one of the conversation layer's.
func isCommand(name string) bool {
	return slices.Contains([]string{bot.CmdAsk, bot.CmdHelp, bot.CmdStart, bot.CmdSources, bot.CmdGaps, bot.CmdFlagged}, name)
}
