package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

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

// usageError is a usage error (exit 2) outside any one command, followed
// by the list of commands.
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format+"\n%s", append(args, generalUsage())...)}
}

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
	name := "serve"
	if len(args) > 0 {
		name, args = args[0], args[1:]
	}
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	c, ok := findCommand(name)
	if !ok {
		if strings.HasPrefix(name, "-") {
			return usageError("unknown flag %s", name)
		}
		return usageError("unknown command %q", name)
	}
	inv, err := c.parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return c.writeHelp(stdout)
	}
	if err != nil {
		return err
	}
	// None needs the configuration, so a broken .env cannot hide them.
	switch c.name {
	case "help":
		return runHelp(inv, stdout)
	case "version":
		return runVersion(stdout)
	case "extract":
		return runExtract(ctx, inv, stdout)
	}

	cfg, err := config.Load(lookup, ".env")
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	// parse has checked the arguments: of these, only ask takes any.
	switch c.name {
	case "ask":
		return runAsk(ctx, cfg, log, inv, stdout)
	case "check":
		return runCheck(cfg, stdout)
	case "health":
		return runHealth(ctx, cfg, nil, stdout)
	default:
		return runServe(ctx, cfg, log, nil, sys)
	}
}
