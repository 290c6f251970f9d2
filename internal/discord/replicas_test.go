package discord

import (
	"context"
	"log/slog"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"iccbot/internal/bot"
	"iccbot/internal/redislease"
	"iccbot/internal/redistest"
)

// Two replicas connected to one Discord, sharing one Redis, both handed
// the same events (two processes running one shard for a moment, or a
// resumed session replaying): each interaction and each mention is
// answered once, and the other replica does nothing at all, not even
// acknowledge the interaction.
func TestEventsAnsweredOnceAcrossReplicas(t *testing.T) {
	s := redistest.Start(t)
	f := newFake(t, 1|1<<9|1<<12)
	t.Cleanup(f.close) // after the replicas have stopped (cleanups run last first)
	events := make(chan string, 100)
	for range 2 {
		rdb := redis.NewClient(&redis.Options{Addr: s.Addr(), ContextTimeoutEnabled: true})
		t.Cleanup(func() { _ = rdb.Close() })
		log := slog.New(slog.DiscardHandler)
		e := testEngine(t)
		conv := bot.New(askCfg, e, staticKB{e, &fakeAdmin{}}, log, time.Now, nil)
		b, err := New(Config{Token: fakeToken, APIURL: f.srv.URL, Dedupe: redislease.New(rdb, redislease.Options{})}, conv, log)
		if err != nil {
			t.Fatal(err)
		}
		b.trace = func(e string) { events <- e }
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- b.Run(ctx) }()
		t.Cleanup(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run = %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("Run did not return after cancel")
			}
		})
	}
	f.waitFor("both replicas connected", func() bool {
		return len(f.callsLocked(http.MethodPut, "/applications/")) == 2 && len(f.ready) == 2
	})
	outcomes := func(want ...string) {
		t.Helper()
		var got []string
		for range want {
			select {
			case e := <-events:
				got = append(got, e)
			case <-time.After(10 * time.Second):
				t.Fatalf("outcomes so far %v; want %v", got, want)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("outcomes %v; want %v", got, want)
		}
	}

	ev := commandEvent(channelID, "5001", 0, nil, "ask", askOption("Where does the cooperative meet?"))
	f.broadcast("INTERACTION_CREATE", ev)
	outcomes("interaction:replied", "interaction:duplicate")
	tok := ev["token"].(string)
	if n := len(f.Calls(http.MethodPost, "/interactions/"+ev["id"].(string)+"/"+tok+"/callback")); n != 1 {
		t.Errorf("interaction responses: %d; want 1", n)
	}
	if n := len(f.Calls(http.MethodPatch, "/webhooks/"+appID+"/"+tok+"/messages/@original")); n != 1 {
		t.Errorf("answers in place of the deferred response: %d; want 1", n)
	}

	m := messageEvent(guildID, channelID, "5001", "<@"+botID+"> Where does the cooperative meet?", botID)
	f.broadcast("MESSAGE_CREATE", m)
	outcomes("message:replied", "message:duplicate")
	if n := len(f.Posts()); n != 1 {
		t.Errorf("replies to the mention: %d; want 1", n)
	}
}
