package telegram

import (
	"context"
	"fmt"
	"html"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/knowledge"
)

// checkHTML parses Telegram HTML the way the tests need: only the tags
// the renderer emits, properly nested and closed; '&' only in the
// entities Escape writes; no raw '>'. It returns the text shown.
func checkHTML(s string) (string, error) {
	allowed := map[string]bool{"b": true, "i": true, "blockquote": true}
	var stack []string
	var text strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '<':
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				return "", fmt.Errorf("unclosed '<' at byte %d", i)
			}
			tag := s[i+1 : i+j]
			if name, ok := strings.CutPrefix(tag, "/"); ok {
				if len(stack) == 0 || stack[len(stack)-1] != name {
					return "", fmt.Errorf("</%s> at byte %d does not close an open tag (open: %v)", name, i, stack)
				}
				stack = stack[:len(stack)-1]
			} else if href, ok := strings.CutPrefix(tag, `a href="`); ok {
				// A link: the value escaped as an attribute, no tag inside
				// it, and a link only inside italics (a citation).
				href, ok = strings.CutSuffix(href, `"`)
				if !ok || strings.ContainsAny(href, "\"<>") {
					return "", fmt.Errorf("bad link <%s> at byte %d", tag, i)
				}
				if strings.Contains(strings.NewReplacer("&lt;", "", "&gt;", "", "&amp;", "", "&quot;", "").Replace(href), "&") {
					return "", fmt.Errorf("raw '&' in the link <%s> at byte %d", tag, i)
				}
				stack = append(stack, "a")
			} else {
				if !allowed[tag] {
					return "", fmt.Errorf("tag <%s> at byte %d is not one the renderer emits", tag, i)
				}
				if tag == "blockquote" && len(stack) > 0 {
					return "", fmt.Errorf("<blockquote> nested at byte %d", i)
				}
				stack = append(stack, tag)
			}
			i += j + 1
		case '>':
			return "", fmt.Errorf("raw '>' at byte %d", i)
		case '&':
			ok := false
			for _, e := range []string{"&lt;", "&gt;", "&amp;", "&quot;"} {
				if strings.HasPrefix(s[i:], e) {
					text.WriteString(html.UnescapeString(e))
					i += len(e)
					ok = true
					break
				}
			}
			if !ok {
				return "", fmt.Errorf("raw '&' at byte %d", i)
			}
		default:
			text.WriteByte(s[i])
			i++
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("unclosed tags %v", stack)
	}
	return text.String(), nil
}

// blockquotes returns the text inside each <blockquote>, unescaped.
func blockquotes(s string) []string {
	var out []string
	for {
		_, rest, ok := strings.Cut(s, "<blockquote>")
		if !ok {
			return out
		}
		q, after, _ := strings.Cut(rest, "</blockquote>")
		out = append(out, html.UnescapeString(q))
		s = after
	}
}

// staticKB serves one engine, as bot.Knowledge.
type staticKB struct{ e *answer.Engine }

func (k staticKB) Engine() *answer.Engine { return k.e }

func quietLog() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

var (
	repoOnce sync.Once
	repoEng  *answer.Engine
	repoErr  error
)

// repoEngine is the repository's own knowledge, loaded once.
func repoEngine(t testing.TB) *answer.Engine {
	t.Helper()
	repoOnce.Do(func() {
		kb, _, err := knowledge.Load("../../knowledge")
		if err != nil {
			repoErr = err
			return
		}
		repoEng = answer.New(kb)
	})
	if repoErr != nil {
		t.Fatalf("knowledge.Load: %v", repoErr)
	}
	return repoEng
}

func loadEngine(t testing.TB, dir string, opts ...answer.Option) *answer.Engine {
	t.Helper()
	kb, _, err := knowledge.Load(dir)
	if err != nil {
		t.Fatalf("knowledge.Load(%s): %v", dir, err)
	}
	return answer.New(kb, opts...)
}

// realBot is the real conversation layer over an engine, with per-person
// limits out of the way.
func realBot(e *answer.Engine) *bot.Bot {
	return bot.New(bot.Config{RatePerMinute: 1e9, Burst: 1e6, MaxInFlight: 1024}, e, staticKB{e}, quietLog(), time.Now, nil)
}

// newTestBot builds an adapter against the fake.
func newTestBot(t testing.TB, f *fakeAPI, h Handler, tweak func(*Config)) *Bot {
	t.Helper()
	cfg := Config{
		Token:           f.token,
		APIURL:          f.srv.URL,
		PerChatInterval: -1,
		GlobalRate:      -1,
		PollTimeout:     2 * time.Second,
		HTTPClient:      f.srv.Client(),
	}
	if tweak != nil {
		tweak(&cfg)
	}
	b, err := New(cfg, h, quietLog())
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return b
}

// start runs b until the test ends; the returned function stops it and
// returns Run's error.
func start(t testing.TB, b *Bot) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				err = fmt.Errorf("Run did not return within 5s of cancel")
			}
		})
		return err
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	return stop
}

// identify makes b know itself without Run, for tests that feed updates
// to process directly.
func identify(t testing.TB, b *Bot) {
	t.Helper()
	me, err := b.getMe(context.Background())
	if err != nil {
		t.Fatalf("getMe: %v", err)
	}
	b.self.Store(&me)
}

// manualClock moves only when the test says so. Sleepers wake when the
// time passes their deadline; the test can wait for a sleeper to exist.
type manualClock struct {
	mu       sync.Mutex
	now      time.Time
	sleepers []*sleeper
	changed  chan struct{} // closed and replaced on every change
}

type sleeper struct {
	until time.Time
	d     time.Duration
	wake  chan struct{}
}

func newManualClock() *manualClock {
	return &manualClock{now: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC), changed: make(chan struct{})}
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *manualClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	if d <= 0 {
		c.mu.Unlock()
		return nil
	}
	s := &sleeper{until: c.now.Add(d), d: d, wake: make(chan struct{})}
	c.sleepers = append(c.sleepers, s)
	c.notify()
	c.mu.Unlock()
	select {
	case <-s.wake:
		return nil
	case <-ctx.Done():
		c.mu.Lock()
		c.remove(s)
		c.mu.Unlock()
		return ctx.Err()
	}
}

func (c *manualClock) remove(s *sleeper) {
	for i, x := range c.sleepers {
		if x == s {
			c.sleepers = append(c.sleepers[:i], c.sleepers[i+1:]...)
			c.notify()
			return
		}
	}
}

// Advance moves time on and wakes every sleeper whose deadline passed.
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.sleepers[:0]
	for _, s := range c.sleepers {
		if !s.until.After(c.now) {
			close(s.wake)
		} else {
			kept = append(kept, s)
		}
	}
	c.sleepers = kept
	c.notify()
}

// waitSleepers waits until n goroutines sleep; ok filters them.
func (c *manualClock) waitSleepers(t testing.TB, n int, ok func(*sleeper) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		c.mu.Lock()
		count := 0
		for _, s := range c.sleepers {
			if ok == nil || ok(s) {
				count++
			}
		}
		ch := c.changed
		c.mu.Unlock()
		if count == n {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("waited 5s for %d sleepers; have %d", n, count)
		}
	}
}
