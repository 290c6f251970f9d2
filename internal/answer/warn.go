package answer

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// aggregator logs why questions fell back to the extractive answer, one
// line per reason per interval with a count, so that a model that is down
// under load writes a line a minute, not one per question. The first
// occurrence of a reason is logged at once; those that follow within the
// interval are counted, and the count is logged with the first occurrence
// after it (or by flush, at shutdown).
type aggregator struct {
	log   *slog.Logger
	now   func() time.Time
	every time.Duration

	mu      sync.Mutex
	reasons map[string]*aggregate
}

type aggregate struct {
	logged time.Time // when the last line for this reason was written
	held   int       // occurrences since, not yet logged
	level  slog.Level
	msg    string
	attrs  []any // of the latest occurrence held
}

func newAggregator(log *slog.Logger, now func() time.Time, every time.Duration) *aggregator {
	return &aggregator{log: log, now: now, every: every, reasons: map[string]*aggregate{}}
}

// add records one occurrence of reason, logging it (with how many there
// have been since the last line) unless a line for it was written less
// than an interval ago.
func (g *aggregator) add(level slog.Level, reason, msg string, attrs ...any) {
	now := g.now()
	g.mu.Lock()
	r, ok := g.reasons[reason]
	if !ok {
		r = &aggregate{}
		g.reasons[reason] = r
	}
	r.held++
	r.level, r.msg, r.attrs = level, msg, attrs
	if ok && now.Sub(r.logged) < g.every {
		g.mu.Unlock()
		return
	}
	count, since := r.held, now.Sub(r.logged)
	r.held, r.logged = 0, now
	g.mu.Unlock()
	g.write(level, reason, msg, count, since, ok, attrs)
}

// flush logs the occurrences held back, for every reason.
func (g *aggregator) flush() {
	now := g.now()
	type line struct {
		reason string
		r      aggregate
		since  time.Duration
	}
	var lines []line
	g.mu.Lock()
	for reason, r := range g.reasons {
		if r.held > 0 {
			lines = append(lines, line{reason, *r, now.Sub(r.logged)})
			r.held, r.logged = 0, now
		}
	}
	g.mu.Unlock()
	sort.Slice(lines, func(i, j int) bool { return lines[i].reason < lines[j].reason })
	for _, l := range lines {
		g.write(l.r.level, l.reason, l.r.msg, l.r.held, l.since, true, l.r.attrs)
	}
}

func (g *aggregator) write(level slog.Level, reason, msg string, count int, since time.Duration, before bool, attrs []any) {
	all := append([]any{"reason", reason, "count", count}, attrs...)
	if before {
		all = append(all, "since_last", since.Round(time.Second))
	}
	g.log.Log(context.Background(), level, msg, all...)
}
