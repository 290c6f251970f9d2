package telegram

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// BenchmarkEndToEnd pushes questions through the fake Bot API (getUpdates
// in, sendMessage out) with the real client, conversation layer and
// extractive engine, pacing off. It reports questions answered per second
// and the 95th percentile from the update leaving getUpdates to its
// sendMessage arriving.
func BenchmarkEndToEnd(b *testing.B) {
	questions := []string{
		"When and where does the Assembly of States Parties meet?",
		"Who has imposed sanctions on ICC officials?",
		"What did the Philippines do in March?",
		"What happened in the cyber-attack in June?",
		"What should member countries do at the Assembly?",
		"What is the weather in Paris?",
		"Who was convicted for crimes in Darfur?",
		"What did President Trump's executive order do?",
	}
	f := newFakeAPI(b)
	bt := newTestBot(b, f, realBot(repoEngine(b)), nil)
	start(b, bt)

	b.ResetTimer()
	began := time.Now()
	updates := make([]string, b.N)
	for i := range b.N {
		updates[i] = msg(chatSpec{id: int64(i + 1), typ: "private"}, int64(5000+i%50), i+1, questions[i%len(questions)], nil)
	}
	ids := f.push(updates...)
	sends := make([]call, b.N)
	for i := range b.N {
		sends[i] = f.nextSend(b)
	}
	elapsed := time.Since(began)
	b.StopTimer()

	f.mu.Lock()
	lat := make([]time.Duration, 0, b.N)
	for _, c := range sends {
		chat, _ := strconv.Atoi(c.Form.Get("chat_id"))
		lat = append(lat, c.At.Sub(f.delivered[ids[chat-1]]))
	}
	f.mu.Unlock()
	slices.Sort(lat)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "questions/s")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkLatencyAt300 offers questions at 300 a second (the target
// rate), one at a time as users would, and reports the latency
// percentiles from the update leaving getUpdates to its sendMessage.
func BenchmarkLatencyAt300(b *testing.B) {
	questions := []string{
		"When and where does the Assembly of States Parties meet?",
		"Who has imposed sanctions on ICC officials?",
		"What did the Philippines do in March?",
		"What is the weather in Paris?",
	}
	f := newFakeAPI(b)
	bt := newTestBot(b, f, realBot(repoEngine(b)), nil)
	start(b, bt)

	b.ResetTimer()
	tick := time.NewTicker(time.Second / 300)
	defer tick.Stop()
	ids := make([]int, b.N)
	sends := make([]call, 0, b.N)
	for i := range b.N {
		<-tick.C
		ids[i] = f.push(msg(chatSpec{id: int64(i + 1), typ: "private"}, int64(5000+i%50), i+1, questions[i%len(questions)], nil))[0]
	drain:
		for {
			select {
			case c := <-f.sends:
				sends = append(sends, c)
			default:
				break drain
			}
		}
	}
	for len(sends) < b.N {
		sends = append(sends, f.nextSend(b))
	}
	b.StopTimer()

	f.mu.Lock()
	lat := make([]time.Duration, 0, b.N)
	for _, c := range sends {
		chat, _ := strconv.Atoi(c.Form.Get("chat_id"))
		lat = append(lat, c.At.Sub(f.delivered[ids[chat-1]]))
	}
	f.mu.Unlock()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}
