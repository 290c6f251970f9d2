package main

import (
	"context"
	"errors"
	"log/slog"

	"iccbot/internal/config"
)

// runServe will run the bot process (issue "The bot process"). Until it
// exists it says so rather than pretending to be a bot.
func runServe(ctx context.Context, cfg config.Config, log *slog.Logger, args []string) error {
	if len(args) > 0 {
		return usageError("serve: takes no arguments")
	}
	if _, err := loadEngine(cfg, log); err != nil {
		return err
	}
	return errors.New("serve: the bot process is not built yet; use `iccbot ask` or `iccbot check`")
}
