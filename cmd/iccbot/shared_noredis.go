//go:build noredis

package main

import (
	"context"
	"errors"
	"log/slog"

	"iccbot/internal/config"
	"iccbot/internal/metrics"
)

// openShared, in a build without Redis (-tags noredis, 8 MB smaller), has
// nothing to share: a set REDIS_URL is an error rather than ignored.
func openShared(_ context.Context, cfg config.Config, _ *slog.Logger, _ *metrics.Metrics) (sharedState, error) {
	if cfg.RedisURL != "" {
		return nil, errors.New("REDIS_URL is set, but this iccbot was built without Redis (-tags noredis): build it without that tag")
	}
	return nil, nil
}
