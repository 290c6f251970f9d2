package telegram

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/redislease"
	"iccbot/internal/redistest"
)

// Several replicas of the bot, each an adapter of its own (as separate
// processes would have), sharing one fake Bot API and one real Redis.

// leaseTTL is short so that a takeover after a crash is quick; the tests
// wait for it with generous timeouts, never for a set time.
const leaseTTL = 300 * time.Millisecond

// pollWatch sees every replica's getUpdates from the client side: how
// many are in flight at once (at most one, if the lease works) and who
// polls.
type pollWatch struct {
	mu       sync.Mutex
	inFlight int
	most     int
	polls    chan string // the replica starting a poll
	ended    chan string // the replica whose poll was cut short
}

func newPollWatch() *pollWatch {
	return &pollWatch{polls: make(chan string, 100000), ended: make(chan string, 100000)}
}

// client is the HTTP client of replica name: the fake's, watched.
func (w *pollWatch) client(f *fakeAPI, name string) *http.Client {
	next := f.srv.Client().Transport
	return &http.Client{Transport: roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if !strings.HasSuffix(r.URL.Path, "/getUpdates") {
			return next.RoundTrip(r)
		}
		w.mu.Lock()
		w.inFlight++
		w.most = max(w.most, w.inFlight)
		w.mu.Unlock()
		w.polls <- name
		resp, err := next.RoundTrip(r)
		w.mu.Lock()
		w.inFlight--
		w.mu.Unlock()
		if err != nil {
			w.ended <- name
		}
		return resp, err
	})}
}

// pollers drains the polls seen so far and returns who made them.
func (w *pollWatch) pollers() map[string]int {
	out := map[string]int{}
	for {
		select {
		case name := <-w.polls:
			out[name]++
		default:
			return out
		}
	}
}

func (w *pollWatch) maxInFlight() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.most
}

// nextPoll waits for a poll by any replica but not, and returns who.
func (w *pollWatch) nextPoll(t *testing.T, not string) string {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case name := <-w.polls:
			if name != not {
				return name
			}
		case <-timeout:
			t.Fatalf("no replica but %q polled within 10s", not)
			return ""
		}
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// dedupeWatch passes FirstTime on, and tells the test of every duplicate.
type dedupeWatch struct {
	next Deduper
	dups chan string
}

func (d *dedupeWatch) FirstTime(ctx context.Context, kind, id string, ttl time.Duration) (bool, error) {
	first, err := d.next.FirstTime(ctx, kind, id, ttl)
	if !first {
		d.dups <- kind + ":" + id
	}
	return first, err
}

// waitDups waits for n duplicates to be turned away.
func (d *dedupeWatch) waitDups(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for i := range n {
		select {
		case <-d.dups:
		case <-timeout:
			t.Fatalf("%d of %d duplicates turned away within 10s", i, n)
		}
	}
}

// replica is one running adapter with its own connection to Redis.
type replica struct {
	name string
	rdb  *redis.Client
	bot  *Bot
	stop func() error
}

// cluster is the replicas and what they share.
type cluster struct {
	f      *fakeAPI
	s      *redistest.Server
	polls  *pollWatch
	dedupe *dedupeWatch
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	return &cluster{
		f: newFakeAPI(t), s: redistest.Start(t), polls: newPollWatch(),
		dedupe: &dedupeWatch{dups: make(chan string, 100000)},
	}
}

// start runs a replica; tweak may change its configuration.
func (c *cluster) start(t *testing.T, name string, tweak func(*Config)) *replica {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: c.s.Addr(), ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = rdb.Close() })
	leases := redislease.New(rdb, redislease.Options{})
	dedupe := &dedupeWatch{next: leases, dups: c.dedupe.dups}
	b := newTestBot(t, c.f, echo{}, func(cfg *Config) {
		cfg.HTTPClient = c.polls.client(c.f, name)
		cfg.Lease = leases.Named("telegram-poll", leaseTTL)
		cfg.Dedupe = dedupe
		if tweak != nil {
			tweak(cfg)
		}
	})
	return &replica{name: name, rdb: rdb, bot: b, stop: start(t, b)}
}

// ask pushes n questions, each its own message, and returns their ids.
func (c *cluster) ask(first, n int) []int {
	var ids []int
	for id := first; id < first+n; id++ {
		c.f.push(msg(privateChat, 1001, id, fmt.Sprintf("question %d", id), nil))
		ids = append(ids, id)
	}
	return ids
}

// answered waits for n replies and counts them by the message they answer.
func (c *cluster) answered(t *testing.T, n int, counts map[string]int) {
	t.Helper()
	for range n {
		counts[c.f.nextSend(t).Form.Get("reply_to_message_id")]++
	}
}

func checkOnce(t *testing.T, counts map[string]int, ids []int) {
	t.Helper()
	for _, id := range ids {
		if n := counts[fmt.Sprint(id)]; n != 1 {
			t.Errorf("message %d answered %d times; want once", id, n)
		}
	}
}

// Two replicas poll one bot: only the lease holder polls; when it is
// stopped (releasing the lease) or crashes (its lease left to expire),
// the other takes over; every question is answered once, even when the
// new poller is handed again what the old one had answered but not
// confirmed.
func TestOnePollerAcrossReplicas(t *testing.T) {
	for _, tc := range []struct {
		name  string
		crash bool
	}{
		{"holder stopped", false},
		{"holder crashed", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newCluster(t)
			c.f.mu.Lock()
			c.f.unconfirmed = true
			c.f.mu.Unlock()
			a := c.start(t, "a", nil)
			b := c.start(t, "b", nil)
			replicas := map[string]*replica{"a": a, "b": b}

			first := replicas[c.polls.nextPoll(t, "")]
			counts := map[string]int{}
			batch1 := c.ask(1, 20)
			c.answered(t, len(batch1), counts)
			if who := c.polls.pollers(); len(who) > 1 || (len(who) == 1 && who[first.name] == 0) {
				t.Errorf("polls before the handoff by %v; want %s alone", who, first.name)
			}

			if tc.crash {
				_ = first.rdb.Close() // it can neither renew nor release its lease
			}
			if err := first.stop(); err != nil {
				t.Fatalf("Run of the first poller = %v", err)
			}
			second := replicas[c.polls.nextPoll(t, first.name)]
			// The new poller starts without an offset and is handed the
			// first batch again: every update is turned away.
			c.dedupe.waitDups(t, len(batch1))

			batch2 := c.ask(101, 20)
			c.answered(t, len(batch2), counts)
			if who := c.polls.pollers(); len(who) > 1 || (len(who) == 1 && who[second.name] == 0) {
				t.Errorf("polls after the handoff by %v; want %s alone", who, second.name)
			}
			c.f.noMoreSends(t)
			checkOnce(t, counts, append(batch1, batch2...))
			if n := c.polls.maxInFlight(); n != 1 {
				t.Errorf("getUpdates calls in flight at once: %d; want 1", n)
			}
			if err := second.stop(); err != nil {
				t.Errorf("Run of the second poller = %v", err)
			}
		})
	}
}

// Redis stopping stops polling: the holder cannot renew its lease, and
// the other replica cannot acquire it. Questions asked meanwhile wait at
// Telegram, and are answered, once, when Redis is back.
func TestRedisOutagePausesPolling(t *testing.T) {
	c := newCluster(t)
	c.start(t, "a", nil)
	c.start(t, "b", nil)
	holder := c.polls.nextPoll(t, "")
	counts := map[string]int{}
	before := c.ask(1, 5)
	c.answered(t, len(before), counts)

	c.s.Stop()
	select {
	case who := <-c.polls.ended:
		if who != holder {
			t.Errorf("%s's poll was cut short; want the holder's, %s's", who, holder)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the holder kept polling 10s after Redis stopped")
	}
	during := c.ask(11, 5)
	c.s.Restart()
	c.answered(t, len(during), counts)
	c.f.noMoreSends(t)
	checkOnce(t, counts, append(before, during...))
	if n := c.polls.maxInFlight(); n != 1 {
		t.Errorf("getUpdates calls in flight at once: %d; want 1", n)
	}
}

// The same update delivered by webhook to either replica, as Telegram
// retrying it would, is answered once; a click on a rating button too.
func TestWebhookAcrossReplicas(t *testing.T) {
	const secret = "replica-Secret_1"
	c := newCluster(t)
	hooks := make(chan struct{}, 2)
	c.f.onCall = func(cl call) {
		if cl.Method == "setWebhook" {
			hooks <- struct{}{}
		}
	}
	webhook := func(cfg *Config) {
		cfg.WebhookURL = "https://bot.example.org/telegram/hook"
		cfg.WebhookSecret = secret
	}
	a := c.start(t, "a", webhook)
	b := c.start(t, "b", webhook)
	for range 2 {
		select {
		case <-hooks:
		case <-time.After(10 * time.Second):
			t.Fatal("setWebhook not called by both replicas")
		}
	}
	post := func(r *replica, update string) {
		t.Helper()
		req := httptest.NewRequest(http.MethodPost, "/telegram/hook", strings.NewReader(update))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set(SecretHeader, secret)
		w := httptest.NewRecorder()
		r.bot.WebhookHandler().ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Fatalf("webhook POST to %s: %d; want 200", r.name, w.Code)
		}
	}

	u := msg(privateChat, 1001, 7, "When does the Assembly meet?", nil)
	update := `{"update_id":41,` + u[1:]
	post(a, update)
	post(b, update)
	post(a, update)
	c.dedupe.waitDups(t, 2)
	sent := c.f.nextSend(t)
	if got := sent.Form.Get("reply_to_message_id"); got != "7" {
		t.Errorf("reply to %q; want 7", got)
	}
	c.f.noMoreSends(t)

	click := c.f.click("q-1", 1001, privateChat, sent.MsgID, bot.RatingData("abc", feedback.Up))
	update = `{"update_id":42,` + click[1:]
	post(b, update)
	post(a, update)
	c.dedupe.waitDups(t, 1)
	c.f.nextAnswer(t)
	if n := len(c.f.callsOf("answerCallbackQuery")); n != 1 {
		t.Errorf("answerCallbackQuery calls: %d; want 1", n)
	}
}

// Telegram answers 409 when another process polls with the token (or a
// webhook is set): the adapter backs off, 1 s, 2 s, 4 s…, and polls
// again, never in a tight loop and without giving up; a 409 about a
// webhook makes it delete the webhook again.
func TestConflictBacksOff(t *testing.T) {
	f := newFakeAPI(t)
	clk := newManualClock()
	b := newTestBot(t, f, echo{}, func(c *Config) { c.Clock = clk })
	webhookSet := `{"ok":false,"error_code":409,"description":"Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}`
	f.fail("getUpdates", conflict, conflict, webhookSet)
	start(t, b)
	for i, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		clk.waitSleepers(t, 1, func(s *sleeper) bool { return s.d == d })
		if n := len(f.callsOf("getUpdates")); n != i+1 {
			t.Errorf("getUpdates calls while backing off for %v: %d; want %d", d, n, i+1)
		}
		clk.Advance(d)
	}
	f.push(msg(privateChat, 1001, 5, "/help", nil))
	if c := f.nextSend(t); c.Form.Get("reply_to_message_id") != "5" {
		t.Errorf("reply after the conflicts = %v", c.Form)
	}
	if n := len(f.callsOf("deleteWebhook")); n != 2 {
		t.Errorf("deleteWebhook calls: %d; want 2 (at start, and after the 409 about a webhook)", n)
	}
}
