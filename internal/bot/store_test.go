package bot_test

import (
	"testing"
	"time"

	"iccbot/internal/bot"
	"iccbot/internal/bot/bottest"
)

func TestMemoryLimiter(t *testing.T) {
	bottest.RunLimiter(t, func(t *testing.T, perMinute float64, burst int) bot.Limiter {
		return bot.NewMemoryLimiter(perMinute, burst)
	})
}

func TestMemoryGaps(t *testing.T) {
	bottest.RunGaps(t, func(t *testing.T, size int, window time.Duration) bot.GapStore {
		return bot.NewMemoryGaps(size, window)
	})
}
