package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/config"
	"iccbot/internal/discord"
	"iccbot/internal/feedback"
	"iccbot/internal/httpapi"
	"iccbot/internal/library"
	"iccbot/internal/metrics"
	"iccbot/internal/prompts"
	"iccbot/internal/supervise"
	"iccbot/internal/telegram"
)

// sharedState is the state replicas share (REDIS_URL; shared.go). A
// build without Redis (-tags noredis) has none.
type sharedState interface {
	Conversations() answer.Conversations
	History() answer.History
	Configure(bc *bot.Config, cfg config.Config)
	// Deduper and PollLease coordinate the chat platforms.
	Deduper() interface {
		FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error)
	}
	PollLease() telegram.Lease
	Run(ctx context.Context) error
	Ready() (bool, string)
	Close() error
}

// shutdownGrace bounds how long questions in flight may take to finish
// after SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

// runServe is the bot process: it loads the knowledge, keeps it in step
// with the folder, serves HTTP, and runs each chat platform that has a
// token, until ctx is cancelled; then it lets answers in flight finish and
// returns nil. With sys's signals, SIGHUP reloads and a second SIGINT or
// SIGTERM exits at once.
func runServe(ctx context.Context, cfg config.Config, log *slog.Logger, args []string, sys system) error {
	if len(args) > 0 {
		return usageError("serve: takes no arguments")
	}
	if err := cfg.CheckServe(); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	started := time.Now()
	p, err := buildServe(ctx, cfg, log)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var srv *http.Server
	serveErr := make(chan error, 1)
	if p.handler != nil {
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			return fmt.Errorf("serve: HTTP_ADDR=%s: %w", cfg.HTTPAddr, err)
		}
		srv = &http.Server{
			Handler:           p.handler,
			ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout:       10 * time.Second,
			WriteTimeout:      time.Minute,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
		}
		go func() { serveErr <- srv.Serve(ln) }()
		log.Info("HTTP listening", "addr", ln.Addr().String(), "playground", "http://"+ln.Addr().String()+"/")
	} else {
		log.Info("HTTP is off (HTTP_ADDR is empty)")
	}
	log.Info("iccbot started", "took", time.Since(started).Round(time.Millisecond))
	return runServing(ctx, log, sys, p, srv, serveErr)
}

// serving is the bot process built: the knowledge library, the
// components to supervise, and the HTTP handler (nil with HTTP off).
type serving struct {
	lib     *library.Library
	comps   []supervise.Component
	handler http.Handler
}

// buildServe loads the knowledge and builds everything the bot process
// runs, without starting any of it.
func buildServe(ctx context.Context, cfg config.Config, log *slog.Logger) (*serving, error) {
	m := metrics.New()
	sh, err := openShared(ctx, cfg, log, m)
	if err != nil {
		return nil, err
	}
	libOpts := []library.Option{library.WithMaxBytes(cfg.KnowledgeMaxBytes)}
	if sh != nil {
		libOpts = append(libOpts, library.WithConversations(sh.Conversations()))
	}
	lib := library.New(cfg.KnowledgeDir, cfg.PromptsDir, log, time.Now, m, libOpts...)
	if err := lib.Load(); err != nil && lib.Engine() == nil {
		return nil, fmt.Errorf("%w (run `iccbot check`)", err)
	}

	var asker answer.Asker = lib
	if cfg.LLMEnabled() {
		var history answer.History
		if sh != nil {
			history = sh.History()
		}
		a, err := newLLM(cfg, log, lib.Engine, func() *prompts.Set {
			if s := lib.Snapshot(); s != nil {
				return s.Prompts
			}
			return nil
		}, m, history)
		if err != nil {
			return nil, fmt.Errorf("%w (run `iccbot check`)", err)
		}
		asker = a
		// At shutdown, questions waiting on the model get the extractive
		// answer at once, while the platforms can still send it.
		context.AfterFunc(ctx, a.Stop)
		log.Info("LLM answers are on", "model", cfg.OpenAIModel)
	} else {
		log.Info("LLM answers are off: set OPENAI_API_KEY to turn them on; answering with quotes only")
	}
	bc := bot.Config{
		RatePerMinute: cfg.RatePerMinute,
		Gaps:          cfg.Gaps,
		LogQuestions:  cfg.LogQuestions && cfg.LogLevel <= slog.LevelDebug,
	}
	if cfg.Feedback {
		bc.Feedback = feedback.NewMemory(feedback.DefaultMaxAnswers, feedback.DefaultWindow)
	}
	if sh != nil {
		sh.Configure(&bc, cfg)
	}
	b := bot.New(bc, asker, lib, log, time.Now, m)

	comps := []supervise.Component{{
		Name: "knowledge watcher",
		Run:  func(ctx context.Context) error { return lib.Watch(ctx, library.DefaultDebounce) },
	}}
	if sh != nil {
		comps = append(comps, supervise.Component{Name: "redis", Run: sh.Run})
		context.AfterFunc(ctx, func() { sh.Close() })
	}
	plats, err := platforms(cfg, log, b, lib, m, sh)
	if err != nil {
		return nil, err
	}
	p := &serving{lib: lib, comps: append(comps, plats...)}
	if cfg.HTTPAddr != "" {
		p.handler = httpapi.New(httpapi.Config{
			Bot:          b,
			Gaps:         b,
			Feedback:     b,
			Knowledge:    lib,
			KnowledgeDir: cfg.KnowledgeDir,
			Ready: func() (bool, string) {
				st := lib.Status()
				summary := st.Summary()
				if sh != nil {
					_, store := sh.Ready() // Redis down is not unready: state falls back in process
					summary += "\n" + store
				}
				return st.Ready, summary
			},
			Metrics: m.Handler(),
			Log:     log,

			ModeratorToken: cfg.HTTPModeratorToken,
			AllowedHosts:   cfg.HTTPAllowedHosts,
			TrustedProxies: cfg.HTTPTrustedProxies,

			Platforms: readiness(plats),
		})
	}
	return p, nil
}

// runServing runs what buildServe built until ctx is cancelled (or HTTP
// fails), reloading on SIGHUP, then lets answers in flight finish.
func runServing(ctx context.Context, log *slog.Logger, sys system, p *serving, srv *http.Server, serveErr <-chan error) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	signalsDone := make(chan struct{})
	defer close(signalsDone)
	go handleSignals(signalsDone, sys, log, func() { _ = p.lib.Load() }, stop) // Load logs what it loaded, or its problems

	supervised := make(chan struct{})
	go func() {
		supervise.All(ctx, supervise.Options{Log: log}, p.comps...)
		close(supervised)
	}()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		runErr = fmt.Errorf("serve: HTTP: %w", err)
	}
	log.Info("shutting down; letting answers in flight finish", "grace", shutdownGrace)
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), shutdownGrace)
		defer cancel()
		if serr := srv.Shutdown(sctx); serr != nil && !errors.Is(serr, http.ErrServerClosed) {
			log.Warn("HTTP shutdown", "err", serr)
		}
	}
	<-supervised
	log.Info("stopped")
	return runErr
}

// What to fix when a platform refuses its token. Never the token itself.
const (
	telegramRejected = "TELEGRAM_BOT_TOKEN was rejected by Telegram: check it with @BotFather (/mybots → API Token)"
	discordRejected  = "DISCORD_TOKEN was rejected by Discord: reset it in the Developer Portal (your application → Bot → Reset Token) and set the new one"
)

// platforms returns the chat platform components that have a token, and
// says which are off. Each reports its health to readiness and metrics.
func platforms(cfg config.Config, log *slog.Logger, b *bot.Bot, lib *library.Library, m *metrics.Metrics, sh sharedState) ([]supervise.Component, error) {
	var comps []supervise.Component
	if cfg.TelegramToken == "" {
		log.Info("Telegram is off: set TELEGRAM_BOT_TOKEN to turn it on", "platform", "telegram")
	} else {
		health := supervise.NewHealth("telegram", m.ObservePlatform)
		tc := telegram.Config{
			Token:         cfg.TelegramToken,
			APIURL:        cfg.TelegramAPIURL,
			WebhookURL:    cfg.TelegramWebhookURL,
			WebhookSecret: cfg.TelegramWebhookSecret,
			WebhookListen: cfg.TelegramWebhookListen,
			Moderators:    cfg.TelegramModerators,
			Health:        health,
		}
		if sh != nil {
			tc.Dedupe = sh.Deduper()
			if cfg.TelegramWebhookURL == "" {
				tc.Lease = sh.PollLease()
			}
		}
		tg, err := telegram.New(tc, b, log.With("platform", "telegram"))
		if err != nil {
			return nil, fmt.Errorf("telegram: %w", err)
		}
		comps = append(comps, supervise.Component{Name: "telegram", Run: tg.Run, Rejected: telegramRejected, Health: health})
	}
	if cfg.DiscordToken == "" {
		log.Info("Discord is off: set DISCORD_TOKEN to turn it on", "platform", "discord")
	} else {
		health := supervise.NewHealth(discord.Platform, m.ObservePlatform)
		dc := discord.Config{
			Token:         cfg.DiscordToken,
			APIURL:        cfg.DiscordAPIURL,
			GuildID:       cfg.DiscordGuildID,
			ShardID:       cfg.DiscordShardID,
			ShardCount:    cfg.DiscordShardCount,
			ModeratorRole: cfg.DiscordModeratorRole,
			OpenChannels:  cfg.DiscordOpenChannels,
			Threads:       cfg.DiscordThreads,
			Health:        health,
		}
		if sh != nil {
			dc.Dedupe = sh.Deduper()
		}
		d, err := discord.New(dc, b, log.With("platform", "discord"))
		if err != nil {
			return nil, fmt.Errorf("discord: %w", err)
		}
		comps = append(comps, supervise.Component{Name: "discord", Run: d.Run, Rejected: discordRejected, Health: health})
	}
	return comps, nil
}

// readiness is the health of the components that have one, for /readyz.
func readiness(comps []supervise.Component) []httpapi.Readiness {
	var out []httpapi.Readiness
	for _, c := range comps {
		if c.Health != nil {
			out = append(out, c.Health)
		}
	}
	return out
}

// runHealth checks a running bot's /healthz, for container health checks
// (the image has no curl).
func runHealth(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return usageError("health: takes no arguments")
	}
	if cfg.HTTPAddr == "" {
		return errors.New("health: HTTP_ADDR is empty, so there is no endpoint to check")
	}
	host, port, err := net.SplitHostPort(cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("health: HTTP_ADDR: %w", err)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/healthz", nil)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("health: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health: /healthz answered %s", resp.Status)
	}
	fmt.Fprintln(stdout, "ok")
	return nil
}
