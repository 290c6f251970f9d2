package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"iccbot/internal/config"
)

// Exit codes from the contract.
const (
	exitFailure = 1 // something went wrong, or `check` found problems
	exitUsage   = 2 // the command line was wrong
)

// exitError carries an exit code to main. err may be nil when everything
// worth saying was already printed.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format+"\n"+usage, args...)}
}

const usage = `usage:
  iccbot [serve]                 run the bot
  iccbot ask [--json] QUESTION   answer one question from the knowledge folder
  iccbot check                   check the knowledge and prompts folders
  iccbot health                  check a running bot's /healthz (for containers)`

// run is the whole program with the operating system passed in, so tests can
// drive it with a temp folder and a fake environment. It hears no signals:
// cancelling ctx stops it.
func run(ctx context.Context, args []string, lookup config.LookupFunc, stdout, stderr io.Writer) error {
	return runWith(ctx, system{}, args, lookup, stdout, stderr)
}

// runWith is run with the operating system's signals and exit, which the
// bot process uses to reload on SIGHUP and to exit at once on a second
// SIGINT or SIGTERM.
func runWith(ctx context.Context, sys system, args []string, lookup config.LookupFunc, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	case "ask", "check", "serve", "health":
	default:
		return usageError("unknown command %q", cmd)
	}

	cfg, err := config.Load(lookup, ".env")
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	switch cmd {
	case "ask":
		return runAsk(ctx, cfg, log, args, stdout)
	case "check":
		return runCheck(cfg, args, stdout)
	case "health":
		return runHealth(ctx, cfg, args, stdout)
	default:
		return runServe(ctx, cfg, log, args, sys)
	}
}
