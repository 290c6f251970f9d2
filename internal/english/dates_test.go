package english

import (
	"testing"
	"time"
)

func TestMonth(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"january", 1, true},
		{"jan", 1, true},
		{"feb", 2, true},
		{"march", 3, true}, // also a verb: callers decide
		{"mar", 3, true},
		{"may", 5, true},
		{"jun", 6, true},
		{"jul", 7, true},
		{"sep", 9, true},
		{"sept", 9, true},
		{"september", 9, true},
		{"dec", 12, true},
		{"december", 12, true},
		{"decem", 0, false},
		{"ju", 0, false},
		{"marches", 0, false},
		{"December", 0, false}, // not folded
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Month(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Month(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestWeekday(t *testing.T) {
	tests := []struct {
		in   string
		want time.Weekday
		ok   bool
	}{
		{"monday", time.Monday, true},
		{"mondays", time.Monday, true},
		{"tue", time.Tuesday, true},
		{"tues", time.Tuesday, true},
		{"wed", time.Wednesday, true},
		{"thu", time.Thursday, true},
		{"thurs", time.Thursday, true},
		{"fri", time.Friday, true},
		{"sat", time.Saturday, true},
		{"sunday", time.Sunday, true},
		{"sun", time.Sunday, true},
		{"th", 0, false},
		{"weekday", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := Weekday(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Weekday(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
