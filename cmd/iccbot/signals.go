package main

import (
	"log/slog"
	"os"
	"syscall"
)

// system is what the bot process takes from the operating system besides
// its arguments, environment and output. The zero value hears no signal
// (tests stop the process by cancelling its context).
type system struct {
	// signals delivers SIGHUP, SIGINT and SIGTERM; main subscribes them.
	signals <-chan os.Signal
	// exit ends the process at once; nil is os.Exit.
	exit func(code int)
}

// handleSignals serves the bot process's signals until done is closed, as
// daemons do: SIGHUP reloads the knowledge and prompts; the first SIGINT
// or SIGTERM stops the process gracefully (answers in flight may finish);
// a second one, during that grace period, exits at once with code 1.
func handleSignals(done <-chan struct{}, sys system, log *slog.Logger, reload, stop func()) {
	exit := sys.exit
	if exit == nil {
		exit = os.Exit
	}
	// Reloads run one at a time off this goroutine, so that a second stop
	// signal is heard even during a long load; SIGHUPs that arrive
	// meanwhile make one more reload, not one each.
	reloads := make(chan struct{}, 1)
	go func() {
		for {
			select {
			case <-done:
				return
			case <-reloads:
				reload()
			}
		}
	}()
	stopping := false
	for {
		select {
		case <-done:
			return
		case sig := <-sys.signals:
			switch {
			case sig == syscall.SIGHUP:
				log.Info("SIGHUP: reloading the knowledge and prompts")
				select {
				case reloads <- struct{}{}:
				default: // one is already due
				}
			case !stopping:
				stopping = true
				log.Info("stopping", "signal", sig.String())
				stop()
			default:
				log.Error("second stop signal during shutdown: exiting now, cutting off answers in flight", "signal", sig.String())
				exit(exitFailure)
				return
			}
		}
	}
}
