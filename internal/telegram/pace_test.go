package telegram

import (
	"testing"
	"time"
)

func TestPacerSlots(t *testing.T) {
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newPacer(time.Second, 30)
	for i := range 10 {
		if got, want := p.reserveChat(1, t0), t0.Add(time.Duration(i)*time.Second); !got.Equal(want) {
			t.Errorf("chat slot %d = %v; want %v", i, got.Sub(t0), want.Sub(t0))
		}
	}
	if got := p.reserveChat(2, t0); !got.Equal(t0) {
		t.Errorf("another chat waits %v behind a busy one", got.Sub(t0))
	}
	for i := range 60 {
		got := p.reserveGlobal(t0)
		if want := t0.Add(time.Duration(i) * (time.Second / 30)); got.Sub(want).Abs() > time.Microsecond {
			t.Errorf("global slot %d = %v; want %v", i, got.Sub(t0), want.Sub(t0))
		}
	}
	off := newPacer(-1, -1)
	for range 100 {
		if got := off.reserveChat(1, t0); !got.Equal(t0) {
			t.Fatal("pacing off still waits")
		}
		if got := off.reserveGlobal(t0); !got.Equal(t0) {
			t.Fatal("pacing off still waits")
		}
	}
}

// TestPacingHoldsRate drives the adapter with a manual clock: replies go
// out exactly as time allows, one per interval, never earlier.
func TestPacingHoldsRate(t *testing.T) {
	tests := []struct {
		name     string
		perChat  time.Duration
		rate     float64
		chats    []chatSpec
		interval time.Duration
	}{
		{"one chat, one a second", time.Second, -1, []chatSpec{privateChat, privateChat, privateChat, privateChat}, time.Second},
		{"many chats, ten a second", -1, 10, []chatSpec{{1, "private"}, {2, "private"}, {3, "private"}, {4, "private"}}, 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t)
			clock := newManualClock()
			b := newTestBot(t, f, realBot(repoEngine(t)), func(c *Config) {
				c.Clock = clock
				c.PerChatInterval = tt.perChat
				c.GlobalRate = tt.rate
			})
			start(t, b)
			var updates []string
			for i, c := range tt.chats {
				updates = append(updates, msg(c, 1001, i+1, "/help", nil))
			}
			f.push(updates...)

			f.nextSend(t) // the first goes at once
			for left := len(tt.chats) - 1; left > 0; left-- {
				clock.waitSleepers(t, left, nil)
				clock.Advance(tt.interval - time.Millisecond)
				f.noMoreSends(t) // not a moment early
				clock.Advance(time.Millisecond)
				f.nextSend(t)
			}
			clock.waitSleepers(t, 0, nil)
			f.noMoreSends(t)
		})
	}
}
