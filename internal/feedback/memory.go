package feedback

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"
)

// Memory is a Store in this process: bounded by answers and by time, lost
// on restart.
type Memory struct {
	mu      sync.Mutex
	max     int
	window  time.Duration
	answers map[string]*kept
}

type kept struct {
	Answer
	last    time.Time         // last given or rated
	votes   map[string]Rating // by voter hash
	reasons []string
	// reasonAt is where each voter's reason is in reasons: one per voter,
	// so that one person reporting again and again cannot fill the slots.
	reasonAt map[string]int
	rated    time.Time // latest rating
}

// NewMemory returns an empty Memory keeping at most maxAnswers answers
// for window after each was last given or rated (defaults when <= 0).
func NewMemory(maxAnswers int, window time.Duration) *Memory {
	if maxAnswers <= 0 {
		maxAnswers = DefaultMaxAnswers
	}
	if window <= 0 {
		window = DefaultWindow
	}
	return &Memory{max: maxAnswers, window: window, answers: map[string]*kept{}}
}

// Keep implements Store.
func (m *Memory) Keep(_ context.Context, a Answer, now time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if k, ok := m.answers[a.ID]; ok {
		k.last = now
		return nil
	}
	if len(m.answers) >= m.max {
		m.evict(now)
	}
	m.answers[a.ID] = &kept{Answer: a, last: now, votes: map[string]Rating{}}
	return nil
}

// evict drops expired answers, or else the one given or rated longest ago.
func (m *Memory) evict(now time.Time) {
	var oldestID string
	var oldest time.Time
	for id, k := range m.answers {
		if now.Sub(k.last) > m.window {
			delete(m.answers, id)
			continue
		}
		if oldestID == "" || k.last.Before(oldest) {
			oldestID, oldest = id, k.last
		}
	}
	if len(m.answers) >= m.max && oldestID != "" {
		delete(m.answers, oldestID)
	}
}

// Kept returns the answer with id if it is still held, expired or not: a
// store that stands in for a shared one while it is out of reach passes
// ratings on with their answer.
func (m *Memory) Kept(id string) (Answer, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.answers[id]
	if !ok {
		return Answer{}, false
	}
	return k.Answer, true
}

// Rate implements Store.
func (m *Memory) Rate(_ context.Context, id, voter string, r Rating, reason string, now time.Time) (Outcome, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k, ok := m.answers[id]
	if !ok || now.Sub(k.last) > m.window {
		delete(m.answers, id)
		return 0, ErrUnknownAnswer
	}
	k.last, k.rated = now, now
	reason = CleanReason(reason)
	if r == Report && reason != "" {
		if i, ok := k.reasonAt[voter]; ok {
			k.reasons[i] = reason
		} else if len(k.reasons) < maxReasons {
			if k.reasonAt == nil {
				k.reasonAt = map[string]int{}
			}
			k.reasonAt[voter] = len(k.reasons)
			k.reasons = append(k.reasons, reason)
		}
	}
	prev, had := k.votes[voter]
	switch {
	case had && prev == r:
		return Unchanged, nil
	case !had && len(k.votes) >= maxVoters:
		return Recorded, nil // counted enough: the answer is flagged already
	}
	k.votes[voter] = r
	if had {
		return Changed, nil
	}
	return Recorded, nil
}

// Flagged implements Store.
func (m *Memory) Flagged(_ context.Context, n int, now time.Time) ([]Flagged, error) {
	m.mu.Lock()
	var out []Flagged
	for _, k := range m.answers {
		if now.Sub(k.last) > m.window {
			continue
		}
		f := Flagged{Answer: k.Answer, Reasons: slices.Clone(k.reasons)}
		for _, r := range k.votes {
			switch r {
			case Up:
				f.Up++
			case Down:
				f.Down++
			case Report:
				f.Reports++
			}
		}
		if f.Down+f.Reports == 0 {
			continue
		}
		f.LastDay = day(k.rated)
		out = append(out, f)
	}
	m.mu.Unlock()
	SortFlagged(out)
	if n = max(n, 0); len(out) > n {
		out = out[:n]
	}
	return out, nil
}

// SortFlagged orders flagged answers most reported first, then most rated
// down, then most recently rated, then by question.
func SortFlagged(fs []Flagged) {
	slices.SortFunc(fs, func(a, b Flagged) int {
		switch {
		case a.Reports != b.Reports:
			return b.Reports - a.Reports
		case a.Down != b.Down:
			return b.Down - a.Down
		case a.LastDay != b.LastDay:
			return strings.Compare(b.LastDay, a.LastDay)
		}
		return strings.Compare(a.Question, b.Question)
	})
}

// Clear implements Store.
func (m *Memory) Clear(context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, k := range m.answers {
		if len(k.votes) > 0 {
			n++
		}
		k.votes, k.reasons, k.reasonAt, k.rated = map[string]Rating{}, nil, nil, time.Time{}
	}
	return n, nil
}
