package inflight

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestDrainWaitsForWorkInFlight(t *testing.T) {
	var tr Tracker
	if !tr.Begin() {
		t.Fatal("Begin refused before draining")
	}
	release := make(chan struct{})
	go func() { <-release; tr.Done() }()
	drained := make(chan bool)
	go func() { drained <- tr.Drain(time.Hour, func() { t.Error("cancelled work that finished in time") }) }()
	// Drain has begun (or will, at once): new work is refused from then on.
	for tr.Begin() {
		tr.Done()
	}
	close(release)
	if timedOut := <-drained; timedOut {
		t.Error("Drain timed out; want it to end when the work did")
	}
}

func TestDrainCancelsWhatOutlastsTheGrace(t *testing.T) {
	var tr Tracker
	tr.Begin()
	ctx, cancel := context.WithCancel(t.Context())
	go func() { <-ctx.Done(); tr.Done() }() // work that stops only when cancelled
	if timedOut := tr.Drain(time.Millisecond, cancel); !timedOut {
		t.Error("Drain reported no timeout for work that outlasted the grace")
	}
	if ctx.Err() == nil {
		t.Error("the work was not cancelled")
	}
}

func TestRecoverLogsWithoutTheMessage(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	func() {
		defer Recover(log, "handling an update")
		secret := "my private question"
		panic("bad index while handling " + strings.Repeat("x", len(secret)))
	}()
	if !strings.Contains(logs.String(), "handling an update panicked") || strings.Contains(logs.String(), "private question") {
		t.Errorf("log = %q", logs.String())
	}
}
