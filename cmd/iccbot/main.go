// Command iccbot answers questions about Human Rights Watch's briefing for
// the ICC Assembly of States Parties with verbatim, cited quotes.
//
//	iccbot [serve]                 the bot process
//	iccbot ask [--json] QUESTION   answer one question
//	iccbot check                   validate the knowledge and prompts folders
//	iccbot health                  ask a running bot's /healthz
//	iccbot version                 the version and source revision
//	iccbot help [COMMAND]          a command's flags and environment
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The bot process hears them too: SIGHUP reloads (instead of ending
	// the process), and a second SIGINT or SIGTERM exits at once.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGHUP, os.Interrupt, syscall.SIGTERM)
	err := runWith(ctx, system{signals: sigs, exit: os.Exit}, os.Args[1:], os.LookupEnv, os.Stdout, os.Stderr)
	stop()
	var ee *exitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		if ee.err != nil {
			fmt.Fprintln(os.Stderr, "iccbot:", ee.err)
		}
		os.Exit(ee.code)
	default:
		fmt.Fprintln(os.Stderr, "iccbot:", err)
		os.Exit(1)
	}
}
