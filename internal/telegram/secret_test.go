package telegram

import (
	"strings"
	"testing"
)

func TestValidSecret(t *testing.T) {
	tests := []struct {
		secret string
		want   bool
	}{
		{"s", true},
		{"s3cret_-Token", true},
		{strings.Repeat("a", 256), true},
		{"", false},
		{strings.Repeat("a", 257), false},
		{"a b", false},
		{"a.b", false},
		{"señal", false},
		{"a\n", false},
	}
	for _, tt := range tests {
		if got := validSecret(tt.secret); got != tt.want {
			t.Errorf("validSecret(%q) = %v; want %v", tt.secret, got, tt.want)
		}
	}
}
