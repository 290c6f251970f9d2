package bot

import (
	"sort"
	"sync"
	"time"

	"iccbot/internal/search"
)

// gapLog counts unanswered questions so moderators can see what people ask
// that the knowledge does not cover. It keeps the question text only: never
// who asked, where, or when beyond what "recent" needs.
type gapLog struct {
	mu      sync.Mutex
	size    int
	window  time.Duration
	entries map[string]*gapEntry // by folded text, so "Budget?" and "budget" count together
}

type gapEntry struct {
	question string
	// first is when the question was first asked within the window: times
	// is capped, so its first element may be later than that.
	first time.Time
	times []time.Time // within the window, oldest first, capped
}

const maxTimesPerGap = 1000

func newGapLog(size int, window time.Duration) *gapLog {
	return &gapLog{size: size, window: window, entries: map[string]*gapEntry{}}
}

func (g *gapLog) record(question string, now time.Time) {
	key := search.Fold(question)
	if key == "" {
		return
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	e, ok := g.entries[key]
	if !ok {
		if len(g.entries) >= g.size {
			g.evict(now)
		}
		e = &gapEntry{question: question, first: now}
		g.entries[key] = e
	}
	e.times = append(e.times, now)
	if len(e.times) > maxTimesPerGap {
		e.times = e.times[len(e.times)-maxTimesPerGap:]
	}
}

// evict drops expired entries, or else the one asked least recently.
func (g *gapLog) evict(now time.Time) {
	var oldestKey string
	var oldest time.Time
	for k, e := range g.entries {
		last := e.times[len(e.times)-1]
		if now.Sub(last) > g.window {
			delete(g.entries, k)
			continue
		}
		if oldestKey == "" || last.Before(oldest) {
			oldestKey, oldest = k, last
		}
	}
	if len(g.entries) >= g.size && oldestKey != "" {
		delete(g.entries, oldestKey)
	}
}

// top returns the n questions asked most often within the window.
func (g *gapLog) top(n int, now time.Time) []Gap {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []Gap
	for k, e := range g.entries {
		i := sort.Search(len(e.times), func(i int) bool { return now.Sub(e.times[i]) <= g.window })
		e.times = e.times[i:]
		if len(e.times) == 0 {
			delete(g.entries, k)
			continue
		}
		// Nothing is remembered of when a question was asked beyond the
		// window, the first sighting included.
		if now.Sub(e.first) > g.window {
			e.first = e.times[0]
		}
		out = append(out, Gap{
			Question:  e.question,
			Count:     len(e.times),
			FirstSeen: day(e.first),
			LastSeen:  day(e.times[len(e.times)-1]),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Question < out[j].Question
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

// reset forgets every question and returns how many there were.
func (g *gapLog) reset() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := len(g.entries)
	clear(g.entries)
	return n
}

// day is the UTC day t falls on: moderators see when a question was asked
// by the day, never the time of day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
