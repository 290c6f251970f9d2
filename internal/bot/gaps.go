package bot

import (
	"context"
	"sort"
	"sync"
	"time"

	"iccbot/internal/search"
)

// GapStore counts unanswered questions so moderators can see what people
// ask that the knowledge does not cover. It keeps the question text and
// counts only: never who asked, where, or when beyond the day. Questions
// that fold to the same text (search.Fold: "Budget?" and "budget") count
// together, under the text first asked; at most a bounded number of
// distinct questions are kept, for a window after they were last asked.
// MemoryGaps is one in this process; a store shared by several processes
// is another, so that moderators see one list.
type GapStore interface {
	// Record counts one asking of question at now.
	Record(ctx context.Context, question string, now time.Time) error
	// Top returns the n questions asked most often within the window
	// before now, most asked first, then by text.
	Top(ctx context.Context, n int, now time.Time) ([]Gap, error)
	// Reset forgets every question and returns how many there were.
	Reset(ctx context.Context) (int, error)
}

// MemoryGaps is a GapStore in this process.
type MemoryGaps struct {
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

var _ GapStore = (*MemoryGaps)(nil)

// NewMemoryGaps makes an empty MemoryGaps keeping at most size distinct
// questions for window after each was last asked (the defaults when <= 0).
func NewMemoryGaps(size int, window time.Duration) *MemoryGaps {
	if size <= 0 {
		size = DefaultGapsSize
	}
	if window <= 0 {
		window = DefaultGapsWindow
	}
	return &MemoryGaps{size: size, window: window, entries: map[string]*gapEntry{}}
}

// Record implements GapStore. It never fails.
func (g *MemoryGaps) Record(_ context.Context, question string, now time.Time) error {
	key := search.Fold(question)
	if key == "" {
		return nil
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
	return nil
}

// evict drops expired entries, or else the one asked least recently.
func (g *MemoryGaps) evict(now time.Time) {
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

// Top implements GapStore. It never fails.
func (g *MemoryGaps) Top(_ context.Context, n int, now time.Time) ([]Gap, error) {
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
	return SortGaps(out, n), nil
}

// SortGaps orders gaps most asked first, then by text, and keeps the
// first n: the order every GapStore lists them in.
func SortGaps(gs []Gap, n int) []Gap {
	sort.Slice(gs, func(i, j int) bool {
		if gs[i].Count != gs[j].Count {
			return gs[i].Count > gs[j].Count
		}
		return gs[i].Question < gs[j].Question
	})
	if len(gs) > n {
		gs = gs[:max(n, 0)]
	}
	return gs
}

// Reset implements GapStore. It never fails.
func (g *MemoryGaps) Reset(context.Context) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := len(g.entries)
	clear(g.entries)
	return n, nil
}

// day is the UTC day t falls on: moderators see when a question was asked
// by the day, never the time of day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
