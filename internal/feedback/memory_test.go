package feedback_test

import (
	"strings"
	"testing"
	"time"

	"iccbot/internal/feedback"
	"iccbot/internal/feedback/feedbacktest"
)

func TestMemory(t *testing.T) {
	feedbacktest.Run(t, func(t *testing.T, maxAnswers int, window time.Duration) feedback.Store {
		return feedback.NewMemory(maxAnswers, window)
	})
}

func TestCleanReason(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  the date\nis wrong\t", "the date is wrong"},
		{"a\u202eb\x00c", "a b c"},
		{strings.Repeat("x", 400), strings.Repeat("x", feedback.MaxReasonRunes) + "…"},
	}
	for _, tt := range tests {
		if got := feedback.CleanReason(tt.in); got != tt.want {
			t.Errorf("CleanReason(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestAnswerID(t *testing.T) {
	a := feedback.AnswerID("When does it meet?", "extractive", []string{"p1", "p2"})
	if b := feedback.AnswerID("when does  it meet?", "extractive", []string{"p1", "p2"}); a != b {
		t.Errorf("the same question asked with other spacing and capitals has another id: %s, %s", a, b)
	}
	if b := feedback.AnswerID("When does it meet?", "extractive", []string{"p1"}); a == b {
		t.Error("an answer with other quotes has the same id")
	}
	if len(a) != 12 {
		t.Errorf("id %q: want 12 hex digits", a)
	}
}

func TestMemoryKept(t *testing.T) {
	m := feedback.NewMemory(2, time.Hour)
	now := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	a := feedback.Answer{ID: "a1", Question: "q?", Mode: "extractive"}
	if err := m.Keep(t.Context(), a, now); err != nil {
		t.Fatal(err)
	}
	if got, ok := m.Kept("a1"); !ok || got.Question != "q?" {
		t.Errorf("Kept(a1) = %+v, %v; want the answer", got, ok)
	}
	if _, ok := m.Kept("a2"); ok {
		t.Error("Kept(a2) found an answer never kept")
	}
}
