package redislease

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/redistest"
)

// newRedis is a go-redis client for s, built the way the bot builds its
// own, closed when the test ends.
func newRedis(t *testing.T, s *redistest.Server) *redis.Client {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: s.Addr(), ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

// newClient is a Client on its own connection to s, as another replica's
// would be. With a clock, it waits by that clock, and its Hold events come
// on the returned channel.
func newClient(t *testing.T, s *redistest.Server, clk Clock) (*Client, <-chan string) {
	t.Helper()
	c := New(newRedis(t, s), Options{Clock: clk})
	events := make(chan string, 1000)
	c.trace = func(e string) { events <- e }
	return c, events
}

// waitEvent reads Hold's events until want comes.
func waitEvent(t *testing.T, events <-chan string, want string) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	var seen []string
	for {
		select {
		case e := <-events:
			if e == want {
				return
			}
			seen = append(seen, e)
		case <-timeout:
			t.Fatalf("no %q event within 10s; saw %q", want, seen)
		}
	}
}

// fakeClock moves only when the test advances it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.timers = append(c.timers, fakeTimer{at: c.now.Add(d), ch: ch})
	return ch
}

// Advance moves the time on by d and fires the timers that are due.
func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.timers[:0]
	for _, tm := range c.timers {
		if tm.at.After(c.now) {
			kept = append(kept, tm)
		} else {
			tm.ch <- c.now
		}
	}
	c.timers = kept
}

// holding runs Hold in the background; every run sends its context and
// fencing token, and returns when its context ends.
type holding struct {
	runs   chan heldRun
	cancel context.CancelFunc
	done   chan error
}

type heldRun struct {
	ctx   context.Context
	fence int64
}

func hold(t *testing.T, c *Client, name string, ttl time.Duration, running *atomic.Int32) *holding {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	h := &holding{runs: make(chan heldRun, 10), cancel: cancel, done: make(chan error, 1)}
	go func() {
		h.done <- c.Hold(ctx, name, ttl, func(ctx context.Context, fence int64) error {
			if running != nil {
				if n := running.Add(1); n > 1 {
					t.Errorf("%d holders running at once", n)
				}
				defer running.Add(-1)
			}
			h.runs <- heldRun{ctx, fence}
			<-ctx.Done()
			return nil
		})
	}()
	t.Cleanup(func() { h.stop(t) })
	return h
}

// next waits for the next run to start.
func (h *holding) next(t *testing.T) heldRun {
	t.Helper()
	select {
	case r := <-h.runs:
		return r
	case <-time.After(10 * time.Second):
		t.Fatal("the function did not run within 10s")
		return heldRun{}
	}
}

// stop cancels Hold and waits for it.
func (h *holding) stop(t *testing.T) {
	t.Helper()
	h.cancel()
	select {
	case err, ok := <-h.done:
		if ok && err != nil {
			t.Errorf("Hold = %v; want nil after cancel", err)
		}
		if ok {
			close(h.done)
		}
	case <-time.After(10 * time.Second):
		t.Error("Hold did not return within 10s of cancel")
	}
}

func waitDone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: not cancelled within 10s", what)
	}
}

func TestLeaseHasOneHolder(t *testing.T) {
	s := redistest.Start(t)
	a, _ := newClient(t, s, nil)
	b, _ := newClient(t, s, nil)
	ctx := t.Context()

	la, err := a.Acquire(ctx, "poll", time.Minute)
	if err != nil {
		t.Fatalf("Acquire = %v", err)
	}
	if _, err := b.Acquire(ctx, "poll", time.Minute); !errors.Is(err, ErrHeld) {
		t.Errorf("second Acquire from another client = %v; want ErrHeld", err)
	}
	if _, err := a.Acquire(ctx, "poll", time.Minute); !errors.Is(err, ErrHeld) {
		t.Errorf("second Acquire from the same client = %v; want ErrHeld", err)
	}
	if _, err := b.Acquire(ctx, "another", time.Minute); err != nil {
		t.Errorf("Acquire of another name = %v; want it free", err)
	}
	if err := la.Renew(ctx); err != nil {
		t.Errorf("Renew by the holder = %v", err)
	}
	if err := la.Release(ctx); err != nil {
		t.Errorf("Release by the holder = %v", err)
	}

	lb, err := b.Acquire(ctx, "poll", time.Minute)
	if err != nil {
		t.Fatalf("Acquire after release = %v", err)
	}
	if lb.Fence() <= la.Fence() {
		t.Errorf("fencing tokens %d then %d; want them to increase", la.Fence(), lb.Fence())
	}
	if err := la.Release(ctx); !errors.Is(err, ErrNotHolder) {
		t.Errorf("Release by the former holder = %v; want ErrNotHolder", err)
	}
	if err := la.Renew(ctx); !errors.Is(err, ErrNotHolder) {
		t.Errorf("Renew by the former holder = %v; want ErrNotHolder", err)
	}
	if err := lb.Renew(ctx); err != nil {
		t.Errorf("the new holder lost its lease to the old one's calls: Renew = %v", err)
	}
}

func TestRenewExtendsTheLease(t *testing.T) {
	s := redistest.Start(t)
	c, _ := newClient(t, s, nil)
	raw := newRedis(t, s)
	ctx := t.Context()
	l, err := c.Acquire(ctx, "poll", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	key := c.leaseKeys("poll")[0]
	if err := raw.PExpire(ctx, key, time.Second).Err(); err != nil {
		t.Fatal(err)
	}
	if err := l.Renew(ctx); err != nil {
		t.Fatalf("Renew = %v", err)
	}
	if ttl := raw.PTTL(ctx, key).Val(); ttl < 30*time.Second {
		t.Errorf("lease expires in %v after Renew; want about a minute", ttl)
	}
}

// A holder that dies without releasing (it just stops renewing) is
// replaced once its lease expires, with a larger fencing token.
func TestDeadHolderIsReplaced(t *testing.T) {
	s := redistest.Start(t)
	a, _ := newClient(t, s, nil)
	b, _ := newClient(t, s, nil)
	const ttl = 300 * time.Millisecond
	dead, err := a.Acquire(t.Context(), "poll", ttl)
	if err != nil {
		t.Fatal(err)
	}
	r := hold(t, b, "poll", ttl, nil).next(t)
	if r.fence <= dead.Fence() {
		t.Errorf("new holder's fence %d; want above the dead one's %d", r.fence, dead.Fence())
	}
	if err := dead.Renew(t.Context()); !errors.Is(err, ErrNotHolder) {
		t.Errorf("the dead holder's Renew = %v; want ErrNotHolder", err)
	}
}

// A holder cut off from Redis stops before its lease expires, so the
// replica that takes over never runs beside it: on the wall clock, with
// real expiry at Redis.
func TestCutOffHolderStopsBeforeTakeover(t *testing.T) {
	s := redistest.Start(t)
	rdbA := newRedis(t, s)
	a := New(rdbA, Options{})
	b, _ := newClient(t, s, nil)
	const ttl = 1500 * time.Millisecond
	var running atomic.Int32
	ha := hold(t, a, "poll", ttl, &running)
	ra := ha.next(t)
	hb := hold(t, b, "poll", ttl, &running)

	_ = rdbA.Close() // a loses Redis: it can neither renew nor release
	waitDone(t, ra.ctx, "the cut-off holder's run")
	rb := hb.next(t)
	if rb.fence <= ra.fence {
		t.Errorf("fences %d then %d; want them to increase", ra.fence, rb.fence)
	}
}

func TestHoldRenewsAndStopsWhenRedisStops(t *testing.T) {
	s := redistest.Start(t)
	clk := newFakeClock()
	c, events := newClient(t, s, clk)
	const ttl = 30 * time.Second
	h := hold(t, c, "poll", ttl, nil)
	first := h.next(t)
	waitEvent(t, events, "acquired")

	// Renewed every ttl/3, it outlives its ttl.
	for range 4 {
		clk.Advance(ttl / 3)
		waitEvent(t, events, "renewed")
	}
	if first.ctx.Err() != nil {
		t.Fatal("run cancelled while the lease was renewed")
	}

	// Redis stops: a failed renewal alone does not stop the run...
	s.Stop()
	clk.Advance(ttl / 3)
	waitEvent(t, events, "renew failed")
	if first.ctx.Err() != nil {
		t.Fatal("run cancelled at the first failed renewal, long before the lease could expire")
	}
	// ...but 2/3 of ttl after the last renewal it does, a third of ttl
	// before the lease could expire at Redis.
	clk.Advance(ttl / 3)
	waitDone(t, first.ctx, "the run after renewals failed")
	waitEvent(t, events, "lost")

	// While Redis is down, nothing runs; once it is back, Hold acquires
	// the lease again.
	clk.Advance(ttl / 3)
	waitEvent(t, events, "acquire failed")
	s.Restart()
	clk.Advance(ttl / 3)
	waitEvent(t, events, "acquired")
	second := h.next(t)
	if second.fence != 1 {
		// A Redis restarted without persistence counts afresh.
		t.Errorf("fence after an empty restart = %d; want 1", second.fence)
	}
	h.stop(t)
	waitEvent(t, events, "released")
}

// Cancelling a holder releases its lease, and a waiting replica takes it
// at its next try.
func TestHoldHandsOverOnCancel(t *testing.T) {
	s := redistest.Start(t)
	clk := newFakeClock()
	a, eventsA := newClient(t, s, clk)
	b, eventsB := newClient(t, s, clk)
	const ttl = 30 * time.Second
	var running atomic.Int32
	ha := hold(t, a, "poll", ttl, &running)
	ra := ha.next(t)
	hb := hold(t, b, "poll", ttl, &running)
	waitEvent(t, eventsB, "waiting")

	ha.stop(t)
	waitDone(t, ra.ctx, "the cancelled holder's run")
	waitEvent(t, eventsA, "released")
	clk.Advance(ttl / 3)
	rb := hb.next(t)
	if rb.fence <= ra.fence {
		t.Errorf("fences %d then %d; want them to increase", ra.fence, rb.fence)
	}
}

// A function that fails on its own ends Hold with its error, and gives the
// lease back.
func TestHoldReturnsRunError(t *testing.T) {
	s := redistest.Start(t)
	c, _ := newClient(t, s, nil)
	boom := errors.New("boom")
	err := c.Hold(t.Context(), "poll", time.Minute, func(context.Context, int64) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("Hold = %v; want boom", err)
	}
	if _, err := c.Acquire(t.Context(), "poll", time.Minute); err != nil {
		t.Errorf("Acquire after Hold returned = %v; want the lease released", err)
	}
}

func TestFirstTime(t *testing.T) {
	s := redistest.Start(t)
	a, _ := newClient(t, s, nil)
	b, _ := newClient(t, s, nil)
	ctx := t.Context()
	check := func(c *Client, kind, id string, want bool) {
		t.Helper()
		got, err := c.FirstTime(ctx, kind, id, time.Hour)
		if err != nil || got != want {
			t.Errorf("FirstTime(%q, %q) = %v, %v; want %v", kind, id, got, err, want)
		}
	}
	check(a, "update", "1", true)
	check(b, "update", "1", false)
	check(a, "update", "1", false)
	check(b, "update", "2", true)
	check(a, "message", "1", true)
	if ttl := newRedis(t, s).TTL(ctx, "iccbot:seen:update:1").Val(); ttl <= 59*time.Minute || ttl > time.Hour {
		t.Errorf("claim expires in %v; want an hour", ttl)
	}

	// Redis down: answer rather than drop, and say why.
	s.Stop()
	first, err := a.FirstTime(ctx, "update", "1", time.Hour)
	if !first || err == nil {
		t.Errorf("FirstTime with Redis down = %v, %v; want true and an error", first, err)
	}
	s.Restart()
	check(a, "update", "3", true)
	check(b, "update", "3", false)
}
