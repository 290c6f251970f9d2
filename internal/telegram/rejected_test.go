package telegram

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/httpapi"
	"iccbot/internal/metrics"
	"iccbot/internal/supervise"
)

const (
	unauthorized = `{"ok":false,"error_code":401,"description":"Unauthorized"}`
	forbidden    = `{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked"}`
	rejectedFix  = "TELEGRAM_BOT_TOKEN was rejected by Telegram: check it with @BotFather"
)

// A token Telegram refuses (401 or 403 from getMe, or from getUpdates once
// running) is a configuration error: one log line saying what to fix,
// /readyz 503 naming Telegram, the platform gauge at 0, and the next
// attempt only an hour later. When the token works again, the bot is
// connected and ready.
func TestRejectedToken(t *testing.T) {
	for _, tc := range []struct {
		name, method, body string
	}{
		{"getMe 401", "getMe", unauthorized},
		{"getMe 403", "getMe", forbidden},
		{"getUpdates 401 while running", "getUpdates", unauthorized},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFakeAPI(t)
			clk := newManualClock()
			p := startSupervised(t, f, clk)
			f.fail(tc.method, tc.body)
			p.start(t)
			if tc.method == "getUpdates" {
				p.waitUp(t, true) // getMe worked, and Telegram says so
			}

			// The supervisor waits an hour, and says once what to fix.
			clk.waitSleepers(t, 1, func(s *sleeper) bool { return s.d == time.Hour })
			getMes := len(f.callsOf("getMe"))
			if lines := p.fixLines(); len(lines) != 1 {
				t.Errorf("log lines with the fix: %q; want one", lines)
			}
			if strings.Contains(p.logs.String(), f.token) || strings.Contains(p.logs.String(), "TEST-token") {
				t.Errorf("the token reached the log:\n%s", p.logs.String())
			}
			if code, body := p.readyz(t); code != http.StatusServiceUnavailable || !strings.Contains(body, "rejected by Telegram") {
				t.Errorf("/readyz = %d %q; want 503 naming Telegram", code, body)
			}
			if got := p.gauge(t); got != `iccbot_platform_up{platform="telegram"} 0` {
				t.Errorf("gauge = %q; want 0", got)
			}

			// Nothing happens until the hour is up.
			clk.Advance(59 * time.Minute)
			clk.waitSleepers(t, 1, func(s *sleeper) bool { return s.d == time.Hour })
			if n := len(f.callsOf("getMe")); n != getMes {
				t.Errorf("getMe calls after 59 minutes: %d; want still %d", n, getMes)
			}

			// Then the bot tries again, this time with success (the fake
			// answered its scripted error once).
			clk.Advance(time.Minute)
			p.waitUp(t, true)
			if n := len(f.callsOf("getMe")); n != getMes+1 {
				t.Errorf("getMe calls after the hour: %d; want %d", n, getMes+1)
			}
			if code, body := p.readyz(t); code != http.StatusOK {
				t.Errorf("/readyz after the fix = %d %q; want 200", code, body)
			}
			if got := p.gauge(t); got != `iccbot_platform_up{platform="telegram"} 1` {
				t.Errorf("gauge after the fix = %q; want 1", got)
			}
			if lines := p.fixLines(); len(lines) != 1 {
				t.Errorf("log lines with the fix after recovery: %q; want still one", lines)
			}
		})
	}
}

// supervised is the Telegram component run by the supervisor, as serve
// runs it, on the manual clock.
type supervised struct {
	f       *fakeAPI
	clk     *manualClock
	health  *supervise.Health
	metrics *metrics.Metrics
	ups     chan bool
	logs    *lockedBuffer
	cancel  context.CancelFunc
	done    chan struct{}
}

func startSupervised(t *testing.T, f *fakeAPI, clk *manualClock) *supervised {
	t.Helper()
	p := &supervised{f: f, clk: clk, metrics: metrics.New(), ups: make(chan bool, 100), logs: &lockedBuffer{}, done: make(chan struct{})}
	p.health = supervise.NewHealth("telegram", func(name string, up bool) {
		p.metrics.ObservePlatform(name, up)
		p.ups <- up
	})
	p.waitUp(t, false) // NewHealth reports the start: not connected
	return p
}

func (p *supervised) start(t *testing.T) {
	t.Helper()
	b := newTestBot(t, p.f, echo{}, func(c *Config) { c.Clock = p.clk; c.Health = p.health })
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() {
		defer close(p.done)
		supervise.All(ctx, supervise.Options{
			Log:   slog.New(slog.NewTextHandler(p.logs, nil)),
			Now:   p.clk.Now,
			Sleep: p.clk.Sleep,
		}, supervise.Component{Name: "telegram", Run: b.Run, Rejected: rejectedFix, Health: p.health})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-p.done:
		case <-time.After(10 * time.Second):
			t.Error("the supervisor did not return after cancel")
		}
	})
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
		if strings.Contains(line, "TELEGRAM_BOT_TOKEN was rejected") {
			out = append(out, line)
		}
	}
	return out
}

func (p *supervised) readyz(t *testing.T) (int, string) {
	t.Helper()
	h := httpapi.New(httpapi.Config{Bot: echo{}, Platforms: []httpapi.Readiness{p.health}})
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

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
