package llm

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
)

// TestStopAnswersWaitingQuestions: with a model that never answers, the
// process stopping gives every question waiting on it (one in flight, two
// queued for a slot) the extractive answer at once, and later questions
// do not go to the model.
func TestStopAnswersWaitingQuestions(t *testing.T) {
	s := newTestAnswerer(t, func(r fakeReq) fakeResp { return fakeResp{Hang: true} }, nil,
		func(c *Config) { c.MaxConcurrent = 1; c.MaxWaiting = 2; c.Timeout = time.Hour })
	s.fake.entered = make(chan int, 8)
	type result struct {
		a   answer.Answer
		err error
	}
	results := make(chan result, 3)
	for range 3 {
		go func() {
			a, err := s.a.Ask(t.Context(), "", "Who imposed sanctions on ICC officials?")
			results <- result{a, err}
		}()
	}
	<-s.fake.entered // one request is with the model
	for s.m.client.waiting.Load() < 2 {
		runtime.Gosched() // the other two wait for its slot
	}
	s.a.Stop()
	for range 3 {
		r := <-results
		if r.err != nil {
			t.Fatalf("Ask after Stop: %v; want the extractive answer", r.err)
		}
		if r.a.Mode != answer.ModeExtractiveFallback || !r.a.Answered {
			t.Errorf("Ask after Stop = mode %q answered %v; want an extractive-fallback answer", r.a.Mode, r.a.Answered)
		}
		checkVerified(t, kdir, r.a)
	}
	for _, reason := range s.obs.reasons() {
		if reason != "shutdown" {
			t.Errorf("reason %q; want shutdown", reason)
		}
	}

	// Later questions skip the model, even when their caller's context is
	// already cancelled (a platform draining its replies).
	before := s.fake.count("")
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	a, err := s.a.Ask(ctx, "", "When does the Assembly meet?")
	if err != nil || a.Mode != answer.ModeExtractiveFallback || !a.Answered {
		t.Errorf("Ask after Stop with a cancelled context = %q answered %v, %v; want the extractive answer", a.Mode, a.Answered, err)
	}
	if n := s.fake.count(""); n != before {
		t.Errorf("%d requests reached the model after Stop", n-before)
	}
	if !strings.Contains(s.logs.String(), "reason=shutdown") {
		t.Errorf("shutdown fallback not logged:\n%s", s.logs.String())
	}
}

// TestDeadlineAnswersExtractively: a caller's deadline that ends before
// the model answers gives the extractive answer, not an error.
func TestDeadlineAnswersExtractively(t *testing.T) {
	s := newTestAnswerer(t, func(r fakeReq) fakeResp { return fakeResp{Hang: true} }, nil,
		func(c *Config) { c.Timeout = time.Hour })
	s.fake.entered = make(chan int, 1)
	// A deadline the test controls: the context ends "by its deadline"
	// once the request is with the model.
	ctx, cancel := context.WithCancelCause(t.Context())
	go func() {
		<-s.fake.entered
		cancel(context.DeadlineExceeded)
	}()
	a, err := s.a.Ask(deadlineCtx{ctx}, "", "Who imposed sanctions on ICC officials?")
	if err != nil || a.Mode != answer.ModeExtractiveFallback || !a.Answered {
		t.Fatalf("Ask past its deadline = %q answered %v, %v; want the extractive answer", a.Mode, a.Answered, err)
	}
	checkVerified(t, kdir, a)
}

// deadlineCtx reports its parent's cancellation cause as its error, so a
// test can end a context "by its deadline" at a moment it chooses.
type deadlineCtx struct{ context.Context }

func (c deadlineCtx) Err() error {
	if c.Context.Err() == nil {
		return nil
	}
	return context.Cause(c.Context)
}

// TestFailuresAreLoggedOncePerInterval: a model that fails every question
// writes one line per reason per interval, with a count, and every
// failure is counted for metrics.
func TestFailuresAreLoggedOncePerInterval(t *testing.T) {
	s := newTestAnswerer(t, func(r fakeReq) fakeResp {
		return fakeResp{Status: 401, Body: `{"error":{"message":"Incorrect API key provided"}}`}
	}, nil)
	ask := func(n int) {
		t.Helper()
		for range n {
			a, err := s.a.Ask(t.Context(), "", "Who imposed sanctions on ICC officials?")
			if err != nil || a.Mode != answer.ModeExtractiveFallback {
				t.Fatalf("Ask = %q, %v; want the extractive answer", a.Mode, err)
			}
		}
	}
	lines := func() []string {
		var out []string
		for _, l := range strings.Split(s.logs.String(), "\n") {
			if strings.Contains(l, "LLM unavailable") {
				out = append(out, l)
			}
		}
		return out
	}

	ask(100)
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "reason=status_401 count=1 ") {
		t.Fatalf("after 100 failures in a moment, log lines:\n%s\nwant one, with count=1", strings.Join(got, "\n"))
	}
	s.clock.Advance(answer.DefaultLogEvery - time.Second)
	ask(1)
	if got := lines(); len(got) != 1 {
		t.Fatalf("within the interval, %d lines; want still one", len(got))
	}
	s.clock.Advance(2 * time.Second)
	ask(1)
	got := lines()
	if len(got) != 2 || !strings.Contains(got[1], "count=101 ") || !strings.Contains(got[1], "since_last=1m1s") {
		t.Fatalf("after the interval, log lines:\n%s\nwant a second one with count=101", strings.Join(got, "\n"))
	}
	ask(5)
	s.a.Stop() // writes out what is held back
	got = lines()
	if len(got) != 3 || !strings.Contains(got[2], "count=5 ") {
		t.Fatalf("after Stop, log lines:\n%s\nwant a third one with count=5", strings.Join(got, "\n"))
	}
	if n := len(s.obs.reasons()); n != 107 {
		t.Errorf("%d failures observed for metrics; want 107", n)
	}
}

// TestDropsAreObserved: what verification takes out of a reply is counted
// for metrics, by kind.
func TestDropsAreObserved(t *testing.T) {
	s := newTestAnswerer(t, spanish(func(r fakeReq) string {
		return replyJSON(true, "es", "La CPI será disuelta.",
			jq{Passage: r.passageWith("arrest warrants issued"), Text: russiaSentence, Translation: "Nada de esto es cierto."},
			jq{Passage: 1, Text: fabricated})
	}), nil)
	if _, err := s.a.Ask(t.Context(), "", esQuestion); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[string]int{"quote": 1, "sentence": 1, "translation": 1} {
		if got := s.obs.drops(kind); got != want {
			t.Errorf("%s drops = %d; want %d", kind, got, want)
		}
	}
}
