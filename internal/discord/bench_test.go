package discord

import (
	"fmt"
	"sort"
	"testing"
	"time"

	"iccbot/internal/bot"
)

// BenchmarkEndToEnd sends questions as mentions through the fake gateway,
// all at once, and waits for every answer to reach the fake REST API, in
// extractive mode: the throughput. Latencies here include queueing behind
// the burst.
func BenchmarkEndToEnd(b *testing.B) { benchEndToEnd(b, 0) }

// BenchmarkEndToEnd300 offers 300 questions a second (six times Discord's
// global limit of 50 requests a second): the latency from the fake's
// dispatch to the reply's REST call at that load.
func BenchmarkEndToEnd300(b *testing.B) { benchEndToEnd(b, 300) }

func benchEndToEnd(b *testing.B, perSecond int) {
	h := start(b, Config{}, bot.Config{RatePerMinute: 1e9, Burst: 1 << 30, MaxInFlight: 1 << 16})
	questions := []string{
		"Where does the cooperative meet?",
		"How do members vote?",
		"What did the harvest committee review?",
		"What did the finance committee review?",
	}
	for i := range 16 {
		h.f.addChannel(fmt.Sprint(700000000000000000+i), 0, "", "")
	}
	events := make([]map[string]any, b.N)
	for i := range events {
		ch := fmt.Sprint(700000000000000000 + i%16) // spread over channels, as a real server is
		events[i] = messageEvent(guildID, ch, fmt.Sprint(600000000000000000+i), "<@"+botID+"> "+questions[i%len(questions)], botID)
	}
	b.ResetTimer()
	started := time.Now()
	for i, ev := range events {
		if perSecond > 0 {
			time.Sleep(time.Until(started.Add(time.Duration(i) * time.Second / time.Duration(perSecond)))) // pacing the load, not synchronising
		}
		h.f.dispatch("MESSAGE_CREATE", ev)
	}
	outcomes := h.handled(b, b.N)
	elapsed := time.Since(started)
	b.StopTimer()

	for _, o := range outcomes {
		if o != "message:replied" {
			b.Fatalf("outcome %s", o)
		}
	}
	calls := h.f.Posts()
	h.f.mu.Lock()
	var lat []time.Duration
	for _, c := range calls {
		ref, _ := c.Body["message_reference"].(map[string]any)
		id, _ := ref["message_id"].(string)
		if at, ok := h.f.sentAt[id]; ok {
			lat = append(lat, c.At.Sub(at))
		}
	}
	h.f.mu.Unlock()
	if len(lat) != b.N {
		b.Fatalf("%d replies for %d questions", len(lat), b.N)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "questions/s")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
