package redisstore_test

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/feedback"
	"iccbot/internal/redistest"
)

// benchQuestions are asked in turn: answered ones, a follow-up read in
// the light of the one before, and an unanswered one (a gap).
var benchQuestions = []string{
	"Who surrendered Rodrigo Duterte to the court?",
	"and in which month?",
	"When does the Assembly of States Parties meet?",
	"Who has imposed sanctions on ICC officials?",
	"Who won the World Cup?",
}

// BenchmarkHandle asks questions through the conversation layer
// (bot.Bot.Handle: rate limit, engine with follow-up memory, gaps,
// feedback) with in-process state and with state in Redis, side by side.
// answers/s is what one replica sustains; parallel runs GOMAXPROCS askers.
func BenchmarkHandle(b *testing.B) {
	kb, err := loadKB()
	if err != nil {
		b.Fatal(err)
	}
	cfg := bot.Config{RatePerMinute: 1e9, Burst: 1e6, MaxInFlight: 1 << 16, Gaps: true}
	inProcess := func(b *testing.B) *bot.Bot {
		e := answer.New(kb, answer.WithMemory(answer.NewMemory(time.Now)))
		c := cfg
		c.Feedback = feedback.NewMemory(0, 0)
		return bot.New(c, e, staticKB{e}, slog.New(slog.DiscardHandler), time.Now, nil)
	}
	s := redistest.Start(b)
	var deployments atomic.Int64
	inRedis := func(b *testing.B) *bot.Bot {
		r := newReplica(b, s.URL(), fmt.Sprintf("bench-%d:", deployments.Add(1)), time.Now, cfg)
		b.Cleanup(func() {
			if n := r.obs.fallbacks.Load(); n > 0 {
				b.Errorf("%d calls fell back to in-process state: not a measure of Redis", n)
			}
		})
		return r.bot
	}
	for _, st := range []struct {
		name string
		bot  func(*testing.B) *bot.Bot
	}{{"in-process", inProcess}, {"redis", inRedis}} {
		b.Run(st.name, func(b *testing.B) {
			bt := st.bot(b)
			var n atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				askOne(b, bt, n.Add(1))
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
		})
		b.Run(st.name+"/parallel", func(b *testing.B) {
			bt := st.bot(b)
			var n atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.SetParallelism(8) // the Redis case waits on the network, not the CPU
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					askOne(b, bt, n.Add(1))
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
		})
	}
}

// askOne asks the i-th question: 1,000 people in 1,000 conversations,
// each asking the questions in turn.
func askOne(b *testing.B, bt *bot.Bot, i int64) {
	conv := i / int64(len(benchQuestions)) % 1000
	q := benchQuestions[i%int64(len(benchQuestions))]
	r := bt.Handle(context.Background(), ask(fmt.Sprint("u", conv), fmt.Sprint("c", conv), q))
	if r.Kind != bot.KindAnswer {
		b.Fatalf("Handle(%q) = %v %q; want an answer", q, r.Kind, r.Text())
	}
}
