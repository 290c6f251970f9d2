package supervise

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestRestartsWithBackoffAndIsolation(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var mu sync.Mutex
	var waits []time.Duration
	var logs bytes.Buffer
	now := time.Unix(0, 0)
	opts := Options{
		Backoff: Backoff{Min: time.Second, Max: 8 * time.Second},
		Log:     slog.New(slog.NewTextHandler(&logs, nil)),
		Now:     func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			mu.Lock()
			waits = append(waits, d)
			mu.Unlock()
			return ctx.Err()
		},
	}
	runs := 0
	healthyStarted := make(chan struct{})
	flaky := Component{Name: "flaky", Run: func(ctx context.Context) error {
		runs++
		switch {
		case runs == 3:
			panic("kaboom")
		case runs < 6:
			return errors.New("connection refused")
		}
		<-healthyStarted // the sixth run: once the other is up, shut everything down
		cancel()
		<-ctx.Done()
		return nil
	}}
	healthy := Component{Name: "healthy", Run: func(ctx context.Context) error {
		close(healthyStarted)
		<-ctx.Done()
		return nil
	}}
	done := make(chan struct{})
	go func() { All(ctx, opts, flaky, healthy); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("All did not return after cancel")
	}
	want := []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second}
	if len(waits) != len(want) {
		t.Fatalf("waits = %v; want %v", waits, want)
	}
	for i := range want {
		if waits[i] != want[i] {
			t.Errorf("waits = %v; want %v", waits, want)
			break
		}
	}
	if !strings.Contains(logs.String(), "panic: kaboom") || !strings.Contains(logs.String(), "component=flaky") {
		t.Errorf("logs lack the failure or the panic:\n%s", logs.String())
	}
	if strings.Contains(logs.String(), "component=healthy") {
		t.Error("the healthy component was restarted")
	}
}

func TestBackoffResetsAfterALongRun(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	now := time.Unix(0, 0)
	var waits []time.Duration
	runs := 0
	opts := Options{
		Backoff: Backoff{Min: time.Second, Max: 4 * time.Second},
		Log:     slog.New(slog.DiscardHandler),
		Now:     func() time.Time { return now },
		Sleep: func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		},
	}
	All(ctx, opts, Component{Name: "c", Run: func(ctx context.Context) error {
		runs++
		if runs == 3 {
			now = now.Add(time.Hour) // this run lasted an hour
		}
		if runs == 4 {
			cancel()
			return nil
		}
		return errors.New("down")
	}})
	want := []time.Duration{time.Second, 2 * time.Second, time.Second}
	if len(waits) != 3 || waits[0] != want[0] || waits[1] != want[1] || waits[2] != want[2] {
		t.Errorf("waits = %v; want %v", waits, want)
	}
}

// A component whose credentials are rejected is logged once with what to
// fix, marked not ready, and retried only every RejectedRetry, until it
// connects; a later rejection is news again.
func TestRejectedCredentials(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs bytes.Buffer
	var waits []time.Duration
	var observed []bool
	const fix = "TOKEN was rejected by the service: check it"
	h := NewHealth("chat", func(name string, up bool) {
		if name != "chat" {
			t.Errorf("observed %q; want chat", name)
		}
		observed = append(observed, up)
	})
	opts := Options{
		Backoff:       Backoff{Min: time.Second, Max: 8 * time.Second},
		RejectedRetry: time.Hour,
		Log:           slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:           func() time.Time { return time.Unix(0, 0) },
		Sleep: func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			return nil
		},
	}
	runs := 0
	rejected := fmt.Errorf("chat: connect: %w (401)", ErrRejected)
	var readiness []string
	All(ctx, opts, Component{Name: "chat", Rejected: fix, Health: h, Run: func(ctx context.Context) error {
		runs++
		ok, detail := h.Ready()
		readiness = append(readiness, fmt.Sprint(ok, " ", detail))
		switch runs {
		case 1, 2, 5:
			return rejected
		case 3:
			h.Up() // connected, then the connection fails for another reason
			return errors.New("connection reset")
		case 4:
			h.Up()
			return rejected // a revoked token: news again
		}
		cancel()
		return nil
	}})
	if want := []time.Duration{time.Hour, time.Hour, time.Second, time.Hour, time.Hour}; !slices.Equal(waits, want) {
		t.Errorf("waits = %v; want %v", waits, want)
	}
	wantReady := []string{"true ", "false " + fix, "false " + fix, "true ", "false " + fix, "false " + fix}
	if !slices.Equal(readiness, wantReady) {
		t.Errorf("readiness seen by each run = %q; want %q", readiness, wantReady)
	}
	if want := []bool{false, true, false, true, false}; !slices.Equal(observed, want) {
		t.Errorf("observed = %v; want %v", observed, want)
	}
	var errorLines []string
	for _, line := range strings.Split(logs.String(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			errorLines = append(errorLines, line)
		}
	}
	if len(errorLines) != 3 || !strings.Contains(errorLines[0], `msg="`+fix+`"`) || !strings.Contains(errorLines[1], "connection reset") ||
		!strings.Contains(errorLines[2], `msg="`+fix+`"`) || !strings.Contains(errorLines[0], "retry_in=1h0m0s") {
		t.Errorf("error lines = %q; want the fix once per rejection after being up, and the other failure", errorLines)
	}
}
