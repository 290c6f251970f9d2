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
	"iccbot/internal/httpapi"
	"iccbot/internal/library"
	"iccbot/internal/metrics"
	"iccbot/internal/prompts"
	"iccbot/internal/supervise"
	"iccbot/internal/telegram"
)

// shutdownGrace bounds how long questions in flight may take to finish
// after SIGINT/SIGTERM.
const shutdownGrace = 10 * time.Second

// runServe is the bot process: it loads the knowledge, keeps it in step
// with the folder, serves HTTP, and runs each chat platform that has a
// token, until ctx is cancelled; then it lets answers in flight finish and
// returns nil.
func runServe(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	if len(args) > 0 {
		return usageError("serve: takes no arguments")
	}
	started := time.Now()
	m := metrics.New()
	lib := library.New(cfg.KnowledgeDir, cfg.PromptsDir, log, time.Now, m)
	if err := lib.Load(); err != nil && lib.Engine() == nil {
		return fmt.Errorf("serve: %w (run `iccbot check`)", err)
	}

	var asker answer.Asker = lib
	if cfg.LLMEnabled() {
		a, err := newLLM(cfg, log, lib.Engine, func() *prompts.Set {
			if s := lib.Snapshot(); s != nil {
				return s.Prompts
			}
			return nil
		}, m.ObserveLLMError)
		if err != nil {
			return fmt.Errorf("serve: %w (run `iccbot check`)", err)
		}
		asker = a
		log.Info("LLM answers are on", "model", cfg.OpenAIModel)
	} else {
		log.Info("LLM answers are off: set OPENAI_API_KEY to turn them on; answering with quotes only")
	}
	b := bot.New(bot.Config{
		RatePerMinute: cfg.RatePerMinute,
		Gaps:          cfg.Gaps,
		LogQuestions:  cfg.LogQuestions && cfg.LogLevel <= slog.LevelDebug,
	}, asker, lib, log, time.Now, m)

	comps := []supervise.Component{{
		Name: "knowledge watcher",
		Run:  func(ctx context.Context) error { return lib.Watch(ctx, library.DefaultDebounce) },
	}}
	plats, err := platforms(cfg, log, b, lib)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	comps = append(comps, plats...)

	var srv *http.Server
	serveErr := make(chan error, 1)
	if cfg.HTTPAddr != "" {
		ln, err := net.Listen("tcp", cfg.HTTPAddr)
		if err != nil {
			return fmt.Errorf("serve: HTTP_ADDR=%s: %w", cfg.HTTPAddr, err)
		}
		srv = &http.Server{
			Handler: httpapi.New(httpapi.Config{
				Bot:     b,
				Gaps:    b,
				Ready:   func() (bool, string) { st := lib.Status(); return st.Ready, st.Summary() },
				Metrics: m.Handler(),
				Log:     log,
			}),
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

	supervised := make(chan struct{})
	go func() {
		supervise.All(ctx, supervise.Options{Log: log}, comps...)
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

// platforms returns the chat platform components that have a token, and
// says which are off.
func platforms(cfg config.Config, log *slog.Logger, b *bot.Bot, lib *library.Library) ([]supervise.Component, error) {
	var comps []supervise.Component
	if cfg.TelegramToken == "" {
		log.Info("Telegram is off: set TELEGRAM_BOT_TOKEN to turn it on", "platform", "telegram")
	} else {
		tg, err := telegram.New(telegram.Config{
			Token:         cfg.TelegramToken,
			APIURL:        cfg.TelegramAPIURL,
			WebhookURL:    cfg.TelegramWebhookURL,
			WebhookSecret: cfg.TelegramWebhookSecret,
			WebhookListen: cfg.TelegramWebhookListen,
			Moderators:    cfg.TelegramModerators,
		}, b, log.With("platform", "telegram"))
		if err != nil {
			return nil, fmt.Errorf("telegram: %w", err)
		}
		comps = append(comps, supervise.Component{Name: "telegram", Run: tg.Run})
	}
	if cfg.DiscordToken == "" {
		log.Info("Discord is off: set DISCORD_TOKEN to turn it on", "platform", "discord")
	} else {
		d, err := discord.New(discord.Config{
			Token:         cfg.DiscordToken,
			APIURL:        cfg.DiscordAPIURL,
			GuildID:       cfg.DiscordGuildID,
			ShardID:       cfg.DiscordShardID,
			ShardCount:    cfg.DiscordShardCount,
			ModeratorRole: cfg.DiscordModeratorRole,
			OpenChannels:  cfg.DiscordOpenChannels,
		}, b, lib, log.With("platform", "discord"))
		if err != nil {
			return nil, fmt.Errorf("discord: %w", err)
		}
		comps = append(comps, supervise.Component{Name: "discord", Run: d.Run})
	}
	return comps, nil
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
