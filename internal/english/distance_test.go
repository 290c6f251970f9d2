package english

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"assmbly", "assembly", 1},
		{"agianst", "against", 1},
		{"kitten", "sitting", 3},
		{"", "abc", 3},
		{"same", "same", 0},
		{"reeson", "reason", 1},
		{"teh", "the", 1},
		{"frute", "fruit", 2},
		{"tempreture", "temperature", 2},
		{"café", "cafe", 1},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("EditDistance(%q, %q) = %d; want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := EditDistance("abcdefgh", "zyxwvuts", 2); got != 3 {
		t.Errorf("EditDistance past the limit = %d; want limit+1", got)
	}
}
