// Package discord connects the bot to Discord: it translates gateway
// events (slash commands, mentions, direct messages, follow-ups in the
// threads it starts, clicks on the rating buttons under its answers) into
// bot.Message or a rating, and renders bot.Reply in Discord's Markdown
// within its limits, pinging nobody.
//
// It speaks to Discord through github.com/bwmarrin/discordgo, with its own
// REST calls for replies so that every body carries exactly the fields
// that keep a reply safe (allowed mentions "none", embeds suppressed) and
// so that rate limits are retried a bounded number of times.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"iccbot/internal/bot"
	"iccbot/internal/clock"
	"iccbot/internal/feedback"
	"iccbot/internal/inflight"
	"iccbot/internal/supervise"
)

// Config configures the Discord adapter. Only Token is required.
type Config struct {
	// Token is the bot token from the Developer Portal, with or without
	// the "Bot " prefix.
	Token string
	// APIURL is the base URL of the REST API (a REST proxy, or a test
	// server), e.g. "http://proxy:8080". Empty: Discord's own. Gateway
	// discovery goes through it too; the gateway itself is dialled at the
	// URL discovery returns.
	APIURL string
	// GuildID, when set, registers the commands to that server only, where
	// changes show at once (for testing); otherwise they are global.
	GuildID string
	// ShardID and ShardCount split the bot's servers between processes
	// (large deployments). ShardCount 0 or 1: one process, no sharding.
	ShardID, ShardCount int
	// ModeratorRole is the name of a server role whose members may use the
	// moderator commands; Manage Server (or Administrator) always may.
	ModeratorRole string
	// OpenChannels are channel ids where every message is answered without
	// a mention. They need the privileged Message Content intent, which is
	// requested only when this or Threads is set (enable it in the
	// Developer Portal).
	OpenChannels []string
	// Threads answers a mention in a server's text or announcement channel
	// in a thread started on the question (and opens one under an /ask
	// answer), where every later message is a follow-up that needs no
	// mention. Reading those needs the Message Content intent, which is
	// then requested too; should Discord refuse it (not enabled in the
	// Developer Portal), the bot connects without it and follow-ups in
	// threads need a mention.
	Threads bool
	// HTTPClient makes the REST calls; nil: a client with a 20 s timeout.
	HTTPClient *http.Client
	// Clock tells the time; nil: time.Now.
	Clock func() time.Time
	// Sleep waits for d or until ctx is done (then it returns ctx's
	// error): between "typing…" indicators and before retrying a rate
	// limited call. nil: clock.Sleep.
	Sleep func(ctx context.Context, d time.Duration) error

	// RateLimitRetries bounds the retries of one REST call after a 429
	// (default 3); RateLimitMaxWait is the longest wait honoured before
	// giving up instead (default 15 s).
	RateLimitRetries int
	RateLimitMaxWait time.Duration
	// DrainTimeout bounds how long replies in progress may take to finish
	// after Run's context is cancelled (default 5 s).
	DrainTimeout time.Duration
	// Health, when set, is told when the bot is connected (gateway open,
	// commands registered) and when the gateway drops.
	Health Health
	// Dedupe, when set, makes sure an interaction, or a message the bot
	// would answer, is handled once by all the replicas together: a
	// replica that sees it again (a gateway replaying events after a
	// resume, two processes briefly running one shard during a rolling
	// upgrade) does nothing. Nil: every event delivered is handled.
	Dedupe Deduper
}

// Deduper tells whether an event is handled for the first time by any
// replica; *redislease.Client is one. On an error it must answer true:
// an event is better answered twice than not at all.
type Deduper interface {
	FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error)
}

// dedupeTTL is how long a handled event is remembered: far longer than
// an interaction can be answered (15 minutes) or a resumed gateway
// replays.
const dedupeTTL = time.Hour

// Health is told when the connection to Discord comes up and goes down,
// for readiness and metrics; *supervise.Health is one.
type Health interface {
	Up()
	Down()
}

type noHealth struct{}

func (noHealth) Up()   {}
func (noHealth) Down() {}

// Handler answers a platform-neutral message and records ratings of its
// answers; *bot.Bot is one.
type Handler interface {
	Handle(ctx context.Context, m bot.Message) bot.Reply
	// Rate records user's rating of the answer id (from a button under
	// it) and returns the acknowledgement to show them alone.
	Rate(ctx context.Context, platform, user, id string, r feedback.Rating, reason string) bot.Reply
}

// Platform is the bot.Message platform name.
const Platform = "discord"

// Discord permission bits that make a member a moderator.
const (
	permAdministrator = int64(discordgo.PermissionAdministrator)
	permManageGuild   = int64(discordgo.PermissionManageGuild)
)

// Errors Run may return.
var (
	ErrNoToken = errors.New("discord: no token")
	errClosed  = errors.New("discord: session closed")
)

// Bot is the Discord adapter. Run it once at a time.
type Bot struct {
	cfg     Config
	h       Handler
	log     *slog.Logger
	now     func() time.Time
	sleep   func(context.Context, time.Duration) error
	client  *http.Client
	intents discordgo.Intent
	open    map[string]bool
	chains  *chains
	threads *threads

	// trace, when set (tests), is told when an event has been handled.
	trace func(event string)

	dedupeDown atomic.Bool // the Deduper is failing, and the log has said so
}

// New checks the configuration and builds the adapter; Run connects.
func New(cfg Config, h Handler, log *slog.Logger) (*Bot, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	tok := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(cfg.Token), "Bot "))
	if tok == "" {
		return nil, ErrNoToken
	}
	cfg.Token = "Bot " + tok
	if cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 1 && cfg.ShardID >= cfg.ShardCount) ||
		(cfg.ShardCount <= 1 && cfg.ShardID > 0) {
		return nil, fmt.Errorf("discord: shard %d of %d: the shard id must be below the shard count", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = clock.Sleep
	}
	if cfg.RateLimitRetries <= 0 {
		cfg.RateLimitRetries = 3
	}
	if cfg.RateLimitMaxWait <= 0 {
		cfg.RateLimitMaxWait = 15 * time.Second
	}
	if cfg.DrainTimeout <= 0 {
		cfg.DrainTimeout = 5 * time.Second
	}
	if cfg.Health == nil {
		cfg.Health = noHealth{}
	}
	base := cfg.HTTPClient
	if base == nil {
		base = &http.Client{Timeout: 20 * time.Second}
	}
	client := *base
	if cfg.APIURL != "" {
		u, err := url.Parse(strings.TrimSuffix(cfg.APIURL, "/"))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("discord: API URL %q: want http(s)://host[/path]", cfg.APIURL)
		}
		next := client.Transport
		if next == nil {
			next = http.DefaultTransport
		}
		client.Transport = &rewrite{base: u, next: next}
	}
	b := &Bot{
		cfg:     cfg,
		h:       h,
		log:     log.With("platform", Platform),
		now:     cfg.Clock,
		sleep:   cfg.Sleep,
		client:  &client,
		intents: discordgo.IntentsGuilds | discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages,
		open:    map[string]bool{},
		chains:  newChains(chainMemory),
		threads: newThreads(threadMemory),
	}
	for _, c := range cfg.OpenChannels {
		if c = strings.TrimSpace(c); c != "" {
			b.open[c] = true
		}
	}
	if len(b.open) > 0 || cfg.Threads {
		b.intents |= discordgo.IntentsMessageContent
	}
	return b, nil
}

// Intents returns the gateway intents the bot asks for.
func (b *Bot) Intents() discordgo.Intent { return b.intents }

// rewrite sends requests meant for discord.com to another base URL,
// keeping the path (under the base's own path, if any).
type rewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Host != "discord.com" {
		return t.next.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	u := *r.URL
	u.Scheme, u.Host = t.base.Scheme, t.base.Host
	u.Path = t.base.Path + u.Path
	if u.RawPath != "" {
		u.RawPath = t.base.EscapedPath() + u.RawPath
	}
	r2.URL, r2.Host = &u, t.base.Host
	return t.next.RoundTrip(r2)
}

// newSession builds a discordgo session for one Run. closed turns away
// every later dial and REST call, so the library's reconnect loop cannot
// bring a closed session back to life.
func (b *Bot) newSession(closed *atomic.Bool, intents discordgo.Intent) (*discordgo.Session, error) {
	s, err := discordgo.New(b.cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Identify.Intents = intents
	s.ShouldRetryOnRateLimit = false
	s.ShouldReconnectOnError = true
	s.LogLevel = -1 // the library logs with the standard logger; we log its events ourselves
	if b.cfg.ShardCount > 1 {
		s.ShardID, s.ShardCount = b.cfg.ShardID, b.cfg.ShardCount
	}
	client := *b.client
	next := client.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	client.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if closed.Load() {
			return nil, errClosed
		}
		return next.RoundTrip(r)
	})
	s.Client = &client
	d := &net.Dialer{Timeout: 30 * time.Second}
	s.Dialer = &websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: 30 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if closed.Load() {
				return nil, errClosed
			}
			return d.DialContext(ctx, network, addr)
		},
	}
	// Keep only what the handlers read: the bot's user, roles (for the
	// moderator role) and channels (to tell threads). No messages, members
	// or presences are kept.
	s.State.MaxMessageCount = 0
	s.State.TrackMembers = false
	s.State.TrackPresences = false
	s.State.TrackVoice = false
	s.State.TrackEmojis = false
	s.State.TrackStickers = false
	s.State.TrackThreadMembers = false
	return s, nil
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// Run connects to the gateway, registers the commands and answers until
// ctx is cancelled; then it lets replies in progress finish (bounded by
// DrainTimeout), closes the session and returns nil. It returns an error
// when it cannot connect or register the commands.
func (b *Bot) Run(ctx context.Context) error {
	var closed atomic.Bool
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	tr := &inflight.Tracker{} // this run's events in progress
	// revoked hears of a token that stopped working while connected.
	revoked := make(chan error, 1)
	var registered atomic.Bool

	// connect builds a session asking for intents, with our handlers,
	// and opens it.
	connect := func(intents discordgo.Intent) (*discordgo.Session, error) {
		s, err := b.newSession(&closed, intents)
		if err != nil {
			return nil, err
		}
		s.AddHandler(func(s *discordgo.Session, m *discordgo.MessageCreate) {
			b.dispatch(work, tr, "message", func(ctx context.Context) string { return b.onMessage(ctx, s, m.Message) })
		})
		s.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			b.dispatch(work, tr, "interaction", func(ctx context.Context) string { return b.onInteraction(ctx, s, i.Interaction) })
		})
		s.AddHandler(func(*discordgo.Session, *discordgo.Connect) {
			if registered.Load() { // reconnected; the first time waits for the commands
				b.cfg.Health.Up()
			}
		})
		s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) {
			if closed.Load() {
				return
			}
			b.log.Warn("gateway disconnected; reconnecting")
			b.cfg.Health.Down()
			// Resetting a token ends its gateway sessions, and the library
			// would try to reconnect forever (closed with 4004 each time):
			// ask REST whether the token still works.
			if err := rejection(b.call(work, s, http.MethodGet, discordgo.EndpointUser("@me"), nil, nil)); errors.Is(err, supervise.ErrRejected) {
				select {
				case revoked <- err:
				default:
				}
			}
		})
		s.AddHandler(func(*discordgo.Session, *discordgo.Resumed) { b.log.Info("gateway session resumed") })
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			b.log.Info("gateway ready", "guilds", len(r.Guilds), "shard", b.cfg.ShardID, "shards", max(b.cfg.ShardCount, 1))
		})
		return s, s.Open()
	}

	var s *discordgo.Session
	shutdown := func() {
		closed.Store(true)
		done := make(chan struct{})
		go func() { // Close waits about a second for the close frame
			if s != nil {
				_ = s.Close()
			}
			close(done)
		}()
		if tr.Drain(b.cfg.DrainTimeout, stopWork) {
			b.log.Warn("replies still in progress at shutdown; cancelled them")
		}
		<-done
	}
	intents := b.intents
	s, err := connect(intents)
	if disallowed(err) && intents&discordgo.IntentsMessageContent != 0 && len(b.open) == 0 {
		// Only thread follow-ups wanted the privileged intent: do without
		// it rather than not at all.
		b.log.Warn("Discord refused the Message Content intent: follow-ups in threads need a mention until it is turned on " +
			"(Developer Portal → Bot → Privileged Gateway Intents → Message Content Intent)")
		intents &^= discordgo.IntentsMessageContent
		s, err = connect(intents)
	}
	if err != nil {
		shutdown()
		if disallowed(err) {
			return fmt.Errorf("discord: open gateway: open channels need the Message Content intent; "+
				"turn it on in the Developer Portal (Bot → Privileged Gateway Intents): %w", cleanErr(err))
		}
		return fmt.Errorf("discord: open gateway: %w", rejection(cleanErr(err)))
	}
	s.State.RLock()
	appID := ""
	if s.State.Application != nil {
		appID = s.State.Application.ID
	}
	s.State.RUnlock()
	if err := b.register(ctx, s, appID); err != nil {
		shutdown()
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	registered.Store(true)
	b.cfg.Health.Up()
	b.log.Info("Discord connected", "commands", map[bool]string{true: "server", false: "global"}[b.cfg.GuildID != ""],
		"message_content", intents&discordgo.IntentsMessageContent != 0, "threads", b.cfg.Threads)
	select {
	case <-ctx.Done():
		shutdown()
		return nil
	case err := <-revoked:
		shutdown()
		return fmt.Errorf("discord: gateway: %w", err)
	}
}

// rejection marks err with supervise.ErrRejected when Discord refused the
// token: HTTP 401 from REST, or the gateway closing with 4004
// (Authentication failed). A 403 is a missing permission, not a bad token.
func rejection(err error) error {
	var ae *apiError
	var ce *websocket.CloseError
	if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized || errors.As(err, &ce) && ce.Code == closeAuthenticationFailed {
		return fmt.Errorf("%w: %w", supervise.ErrRejected, err)
	}
	return err
}

// Gateway close codes: a bad token, and a privileged intent the bot is
// not allowed (not turned on in the Developer Portal).
const (
	closeAuthenticationFailed = 4004
	closeDisallowedIntents    = 4014
)

// disallowed reports whether the gateway refused the intents asked for.
func disallowed(err error) bool {
	var ce *websocket.CloseError
	return errors.As(err, &ce) && ce.Code == closeDisallowedIntents
}

// dispatch runs one event's handling, unless the bot is shutting down,
// counting it so shutdown can wait for it.
func (b *Bot) dispatch(ctx context.Context, tr *inflight.Tracker, kind string, handle func(context.Context) string) {
	if !tr.Begin() {
		return
	}
	defer tr.Done()
	outcome := "failed"
	defer func() {
		if b.trace != nil {
			b.trace(kind + ":" + outcome)
		}
	}()
	defer inflight.Recover(b.log, "event handler ("+kind+")")
	outcome = handle(ctx)
}

// register replaces the application's commands with ours in one call.
func (b *Bot) register(ctx context.Context, s *discordgo.Session, appID string) error {
	if appID == "" {
		return errors.New("discord: READY carried no application id")
	}
	endpoint := discordgo.EndpointApplicationGlobalCommands(appID)
	if b.cfg.GuildID != "" {
		endpoint = discordgo.EndpointApplicationGuildCommands(appID, b.cfg.GuildID)
	}
	if err := b.call(ctx, s, http.MethodPut, endpoint, commands(), nil); err != nil {
		return fmt.Errorf("discord: register commands: %w", rejection(err))
	}
	return nil
}
