//go:build !noredis

package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/config"
	"iccbot/internal/feedback"
	"iccbot/internal/metrics"
	"iccbot/internal/redislease"
	"iccbot/internal/redisstore"
	"iccbot/internal/telegram"
)

// pollLease is how long the replica that polls Telegram holds its lease
// between renewals: another takes over within about this long (and a
// third) after it dies.
var pollLease = 5 * time.Second

// shared is the state replicas share through Redis (REDIS_URL): the
// stores, and the leases and deduplication the chat platforms use.
type shared struct {
	store  *redisstore.Client
	leases *redislease.Client
}

func (sh *shared) Conversations() answer.Conversations { return sh.store.Conversations() }
func (sh *shared) History() answer.History             { return sh.store.History() }
func (sh *shared) Run(ctx context.Context) error       { return sh.store.Run(ctx) }
func (sh *shared) Ready() (bool, string)               { return sh.store.Ready() }
func (sh *shared) Close() error                        { return sh.store.Close() }
func (sh *shared) PollLease() telegram.Lease           { return sh.leases.Named("telegram-poll", pollLease) }
func (sh *shared) Deduper() interface {
	FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error)
} {
	return sh.leases
}

// openShared connects to REDIS_URL, or returns nil when it is not set:
// then everything stays in this process. Redis out of reach at start is
// no error: the stores answer from in-process state until it answers.
func openShared(ctx context.Context, cfg config.Config, log *slog.Logger, m *metrics.Metrics) (sharedState, error) {
	if cfg.RedisURL == "" {
		return nil, nil
	}
	quietDriver.Do(func() { redis.SetLogger(driverLog{log}) })
	rc, err := redisstore.Open(ctx, cfg.RedisURL, redisstore.Options{
		Secret:   []byte(cfg.RedisHashKey),
		Log:      log.With("component", "redis"),
		Observer: m,
	})
	if err != nil {
		return nil, fmt.Errorf("shared state: %w", err)
	}
	_, status := rc.Ready()
	log.Info("sharing state through Redis", "status", status)
	return &shared{
		store:  rc,
		leases: redislease.New(rc.Redis(), redislease.Options{Log: log.With("component", "redis lease")}),
	}, nil
}

// configure puts the shared stores in place of the bot's in-process ones.
// Voters are hashed with the replicas' shared key, so that a person's
// rating counts once whichever replica takes the click.
func (sh *shared) Configure(bc *bot.Config, cfg config.Config) {
	bc.HashKey = []byte(cfg.RedisHashKey)
	bc.Limiter = sh.store.Limiter(cfg.RatePerMinute, bot.DefaultBurst)
	if cfg.Gaps {
		bc.GapStore = sh.store.Gaps(bot.DefaultGapsSize, bot.DefaultGapsWindow)
	}
	if cfg.Feedback {
		bc.Feedback = sh.store.Feedback(feedback.DefaultMaxAnswers, feedback.DefaultWindow)
	}
}

// quietDriver sets the Redis driver's own logger once per process: it is
// the driver's global state.
var quietDriver sync.Once

// driverLog sends the Redis driver's messages (each failed dial while
// Redis is down) to the debug log: the stores already warn, once, when
// they fall back to in-process state.
type driverLog struct{ log *slog.Logger }

func (d driverLog) Printf(_ context.Context, format string, v ...any) {
	d.log.Debug("redis driver: "+fmt.Sprintf(format, v...), "component", "redis")
}
