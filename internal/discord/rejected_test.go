package discord

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/httpapi"
	"iccbot/internal/metrics"
	"iccbot/internal/supervise"
)

const rejectedFix = "DISCORD_TOKEN was rejected by Discord: reset it in the Developer Portal (Bot → Reset Token) and set the new one"

// A token Discord refuses — the gateway closing with 4004, REST answering
// 401, at start or after a reset while connected — is a configuration
// error: one log line saying what to fix, /readyz 503 naming Discord, the
// platform gauge at 0, and the next attempt only an hour later. When the
// token works again, the bot connects and is ready.
func TestRejectedToken(t *testing.T) {
	for _, tc := range []struct {
		name   string
		midRun bool // connect first, then reset the token
		reject func(f *fakeDiscord)
	}{
		{"gateway closes with 4004", false, func(f *fakeDiscord) { f.rejectGateway = true }},
		{"REST answers 401", false, func(f *fakeDiscord) { f.rejectREST = true }},
		{"token reset while connected", true, func(f *fakeDiscord) { f.rejectGateway, f.rejectREST = true, true }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, 1|1<<9|1<<12)
			t.Cleanup(f.close) // after the supervisor stops: cleanups run last first
			if !tc.midRun {
				f.mu.Lock()
				tc.reject(f)
				f.mu.Unlock()
			}
			p := startSupervised(t, f)
			if tc.midRun {
				p.waitUp(t, true)
				f.waitFor("commands registered", func() bool { return len(f.callsLocked(http.MethodPut, "/applications/")) == 1 })
				f.mu.Lock()
				tc.reject(f)
				f.mu.Unlock()
				f.drop()
			}

			p.clock.waitSleeper(t, time.Hour)
			attempts := len(f.Calls(http.MethodGet, "/gateway"))
			if lines := p.fixLines(); len(lines) != 1 {
				t.Errorf("log lines with the fix: %q; want one", lines)
			}
			if strings.Contains(p.logs.String(), fakeToken) {
				t.Errorf("the token reached the log:\n%s", p.logs.String())
			}
			if code, body := p.readyz(t); code != http.StatusServiceUnavailable || !strings.Contains(body, "rejected by Discord") {
				t.Errorf("/readyz = %d %q; want 503 naming Discord", code, body)
			}
			if got := p.gauge(t); got != `iccbot_platform_up{platform="discord"} 0` {
				t.Errorf("gauge = %q; want 0", got)
			}

			// Nothing happens until the hour is up.
			p.clock.Advance(59 * time.Minute)
			p.clock.waitSleeper(t, time.Minute)
			if n := len(f.Calls(http.MethodGet, "/gateway")); n != attempts {
				t.Errorf("gateway discovery calls after 59 minutes: %d; want still %d", n, attempts)
			}

			// The operator sets a good token.
			f.mu.Lock()
			f.rejectGateway, f.rejectREST = false, false
			f.mu.Unlock()
			p.clock.Advance(time.Minute)
			p.waitUp(t, true)
			if code, body := p.readyz(t); code != http.StatusOK {
				t.Errorf("/readyz after the fix = %d %q; want 200", code, body)
			}
			if got := p.gauge(t); got != `iccbot_platform_up{platform="discord"} 1` {
				t.Errorf("gauge after the fix = %q; want 1", got)
			}
			if lines := p.fixLines(); len(lines) != 1 {
				t.Errorf("log lines with the fix after recovery: %q; want still one", lines)
			}
		})
	}
}

// supervised is the Discord component run by the supervisor, as serve
// runs it, with a manual clock for the supervisor's waits.
type supervised struct {
	clock   *manualClock
	health  *supervise.Health
	metrics *metrics.Metrics
	ups     chan bool
	logs    *syncBuffer
	cancel  context.CancelFunc
	done    chan struct{}
}

func startSupervised(t *testing.T, f *fakeDiscord) *supervised {
	t.Helper()
	p := &supervised{clock: newManualClock(), metrics: metrics.New(), ups: make(chan bool, 100), logs: &syncBuffer{}, done: make(chan struct{})}
	p.health = supervise.NewHealth("discord", func(name string, up bool) {
		p.metrics.ObservePlatform(name, up)
		p.ups <- up
	})
	p.waitUp(t, false) // NewHealth reports the start: not connected
	b, err := New(Config{Token: fakeToken, APIURL: f.srv.URL, Health: p.health}, silent{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() {
		defer close(p.done)
		supervise.All(ctx, supervise.Options{
			Log:   slog.New(slog.NewTextHandler(p.logs, nil)),
			Now:   p.clock.Now,
			Sleep: p.clock.Sleep,
		}, supervise.Component{Name: "discord", Run: b.Run, Rejected: rejectedFix, Health: p.health})
	}()
	t.Cleanup(func() { p.stop(t) })
	return p
}

func (p *supervised) stop(t *testing.T) {
	t.Helper()
	if p.cancel == nil {
		return
	}
	p.cancel()
	p.cancel = nil
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		t.Error("the supervisor did not return after cancel")
	}
}

// waitUp waits until the health reports up (or down).
func (p *supervised) waitUp(t *testing.T, want bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case up := <-p.ups:
			if up == want {
				return
			}
		case <-deadline:
			t.Fatalf("health never reported up=%v; log:\n%s", want, p.logs.String())
		}
	}
}

func (p *supervised) fixLines() []string {
	var out []string
	for _, line := range strings.Split(p.logs.String(), "\n") {
		if strings.Contains(line, "DISCORD_TOKEN was rejected") {
			out = append(out, line)
		}
	}
	return out
}

func (p *supervised) readyz(t *testing.T) (int, string) {
	t.Helper()
	h := httpapi.New(httpapi.Config{Bot: silent{}, Platforms: []httpapi.Readiness{p.health}})
	r := httptest.NewRequest(http.MethodGet, "/readyz", nil)
	r.Host = "127.0.0.1"
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// gauge is the iccbot_platform_up line of /metrics.
func (p *supervised) gauge(t *testing.T) string {
	t.Helper()
	w := httptest.NewRecorder()
	p.metrics.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, line := range strings.Split(w.Body.String(), "\n") {
		if strings.HasPrefix(line, "iccbot_platform_up{") {
			return line
		}
	}
	return ""
}

// silent answers nothing.
type silent struct{}

func (silent) Handle(context.Context, bot.Message) bot.Reply { return bot.Reply{} }

func (silent) Rate(context.Context, string, string, string, feedback.Rating, string) bot.Reply {
	return bot.Reply{}
}

// manualClock moves only when the test says so; sleepers wake when their
// time has passed.
type manualClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers map[chan struct{}]time.Time
	changed  chan struct{} // closed and replaced when a sleeper comes or goes
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC), sleepers: map[chan struct{}]time.Time{}, changed: make(chan struct{})}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) notifyLocked() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *manualClock) Sleep(ctx context.Context, d time.Duration) error {
	wake := make(chan struct{})
	c.mu.Lock()
	c.sleepers[wake] = c.now.Add(d)
	c.notifyLocked()
	c.mu.Unlock()
	select {
	case <-wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		delete(c.sleepers, wake)
		c.notifyLocked()
		c.mu.Unlock()
		return ctx.Err()
	}
}

// Advance moves time on, waking every sleeper whose time has passed.
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	for wake, until := range c.sleepers {
		if !until.After(c.now) {
			close(wake)
			delete(c.sleepers, wake)
		}
	}
	c.notifyLocked()
}

// waitSleeper waits until exactly one goroutine sleeps, due within left
// of now, and no earlier.
func (c *manualClock) waitSleeper(t *testing.T, left time.Duration) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		c.mu.Lock()
		n, due := len(c.sleepers), time.Duration(0)
		for _, until := range c.sleepers {
			due = until.Sub(c.now)
		}
		ch := c.changed
		c.mu.Unlock()
		if n == 1 && due == left {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("waited for one sleeper due in %v; have %d, due in %v", left, n, due)
		}
	}
}
