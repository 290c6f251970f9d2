// Package feedbacktest is the behaviour every feedback.Store must have,
// as one test suite that each implementation runs.
package feedbacktest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"iccbot/internal/feedback"
)

// Run runs the suite; store returns an empty store keeping at most
// maxAnswers answers for window.
func Run(t *testing.T, store func(t *testing.T, maxAnswers int, window time.Duration) feedback.Store) {
	day0 := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	answer := func(i int) feedback.Answer {
		return feedback.Answer{
			ID:        fmt.Sprintf("a%011d", i),
			Question:  fmt.Sprintf("question %d?", i),
			Mode:      "extractive",
			Citations: []feedback.Citation{{Title: "Briefing", Where: "¶2", Quote: "A quote.", Source: "b.md"}},
		}
	}

	t.Run("a second click changes the rating, never counts twice", func(t *testing.T) {
		s := store(t, 10, time.Hour)
		ctx := t.Context()
		must(t, s.Keep(ctx, answer(1), day0))
		steps := []struct {
			voter  string
			r      feedback.Rating
			reason string
			want   feedback.Outcome
		}{
			{"v1", feedback.Down, "", feedback.Recorded},
			{"v1", feedback.Down, "", feedback.Unchanged},
			{"v1", feedback.Report, "the date is wrong", feedback.Changed},
			{"v2", feedback.Up, "", feedback.Recorded},
			{"v3", feedback.Down, "", feedback.Recorded},
		}
		for i, st := range steps {
			got, err := s.Rate(ctx, answer(1).ID, st.voter, st.r, st.reason, day0.Add(time.Duration(i)*time.Minute))
			if err != nil || got != st.want {
				t.Fatalf("step %d: Rate(%s, %s) = %v, %v; want %v", i, st.voter, st.r, got, err, st.want)
			}
		}
		fs, err := s.Flagged(ctx, 10, day0.Add(time.Hour/2))
		must(t, err)
		if len(fs) != 1 {
			t.Fatalf("Flagged = %d answers; want 1", len(fs))
		}
		f := fs[0]
		if f.Up != 1 || f.Down != 1 || f.Reports != 1 || f.ID != answer(1).ID || f.Question != "question 1?" {
			t.Errorf("Flagged[0] = %+v; want 1 up, 1 down, 1 report for answer 1", f)
		}
		if len(f.Reasons) != 1 || f.Reasons[0] != "the date is wrong" || f.LastDay != "2025-12-01" {
			t.Errorf("reasons %q, last day %q; want the one reason, 2025-12-01", f.Reasons, f.LastDay)
		}
		if len(f.Citations) != 1 || f.Citations[0].Quote != "A quote." {
			t.Errorf("citations = %+v; want the answer's quote", f.Citations)
		}
	})

	t.Run("most reported first, helpful-only answers not flagged", func(t *testing.T) {
		s := store(t, 10, time.Hour)
		ctx := t.Context()
		for i := 1; i <= 3; i++ {
			must(t, s.Keep(ctx, answer(i), day0))
		}
		rate := func(i int, voter string, r feedback.Rating) {
			t.Helper()
			if _, err := s.Rate(ctx, answer(i).ID, voter, r, "", day0); err != nil {
				t.Fatal(err)
			}
		}
		rate(1, "a", feedback.Down)
		rate(1, "b", feedback.Down)
		rate(2, "a", feedback.Report)
		rate(3, "a", feedback.Up)
		fs, err := s.Flagged(ctx, 10, day0)
		must(t, err)
		var ids []string
		for _, f := range fs {
			ids = append(ids, f.ID)
		}
		if want := answer(2).ID + "," + answer(1).ID; strings.Join(ids, ",") != want {
			t.Errorf("Flagged order = %v; want %s", ids, want)
		}
		if fs, _ := s.Flagged(ctx, 1, day0); len(fs) != 1 {
			t.Errorf("Flagged(n=1) gave %d", len(fs))
		}
	})

	t.Run("unknown and expired answers", func(t *testing.T) {
		s := store(t, 10, time.Hour)
		ctx := t.Context()
		if _, err := s.Rate(ctx, "nosuchanswer", "v", feedback.Up, "", day0); !errors.Is(err, feedback.ErrUnknownAnswer) {
			t.Errorf("rating an unknown answer: err = %v; want ErrUnknownAnswer", err)
		}
		must(t, s.Keep(ctx, answer(1), day0))
		if _, err := s.Rate(ctx, answer(1).ID, "v", feedback.Down, "", day0.Add(2*time.Hour)); !errors.Is(err, feedback.ErrUnknownAnswer) {
			t.Errorf("rating past the window: err = %v; want ErrUnknownAnswer", err)
		}
	})

	t.Run("bounded by answers", func(t *testing.T) {
		s := store(t, 3, time.Hour)
		ctx := t.Context()
		for i := 1; i <= 5; i++ {
			must(t, s.Keep(ctx, answer(i), day0.Add(time.Duration(i)*time.Second)))
		}
		if _, err := s.Rate(ctx, answer(1).ID, "v", feedback.Down, "", day0.Add(time.Minute)); !errors.Is(err, feedback.ErrUnknownAnswer) {
			t.Errorf("the oldest of 5 answers in a store of 3: err = %v; want ErrUnknownAnswer", err)
		}
		if _, err := s.Rate(ctx, answer(5).ID, "v", feedback.Down, "", day0.Add(time.Minute)); err != nil {
			t.Errorf("the newest answer: %v", err)
		}
	})

	t.Run("one reason per voter", func(t *testing.T) {
		s := store(t, 10, time.Hour)
		ctx := t.Context()
		must(t, s.Keep(ctx, answer(1), day0))
		for i, reason := range []string{"first", "second", "third"} {
			if _, err := s.Rate(ctx, answer(1).ID, "v1", feedback.Report, reason, day0.Add(time.Duration(i)*time.Second)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Rate(ctx, answer(1).ID, "v2", feedback.Report, "other", day0); err != nil {
			t.Fatal(err)
		}
		fs, err := s.Flagged(ctx, 10, day0.Add(time.Minute))
		must(t, err)
		if len(fs) != 1 {
			t.Fatalf("Flagged = %d answers; want 1", len(fs))
		}
		got := slices.Clone(fs[0].Reasons)
		slices.Sort(got)
		if want := []string{"other", "third"}; !slices.Equal(got, want) {
			t.Errorf("reasons = %q; want each voter's last, %q", got, want)
		}
	})

	t.Run("clear forgets ratings, not answers", func(t *testing.T) {
		s := store(t, 10, time.Hour)
		ctx := t.Context()
		must(t, s.Keep(ctx, answer(1), day0))
		if _, err := s.Rate(ctx, answer(1).ID, "v", feedback.Report, "wrong", day0); err != nil {
			t.Fatal(err)
		}
		n, err := s.Clear(ctx)
		if err != nil || n != 1 {
			t.Errorf("Clear = %d, %v; want 1", n, err)
		}
		if fs, _ := s.Flagged(ctx, 10, day0); len(fs) != 0 {
			t.Errorf("after Clear, Flagged = %v", fs)
		}
		if got, err := s.Rate(ctx, answer(1).ID, "v", feedback.Report, "", day0); err != nil || got != feedback.Recorded {
			t.Errorf("rating again after Clear = %v, %v; want Recorded", got, err)
		}
	})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
