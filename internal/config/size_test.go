package config

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestKnowledgeMaxBytes(t *testing.T) {
	tests := []struct {
		val  string // "" leaves the variable unset
		want int64
		err  bool
	}{
		{"", 64 << 20, false},
		{"1000", 1000, false},
		{"128MiB", 128 << 20, false},
		{"512 KiB", 512 << 10, false},
		{"2gib", 2 << 30, false},
		{"64M", 64 << 20, false},
		{"0", 0, true},
		{"-5MiB", 0, true},
		{"lots", 0, true},
		{"1.5GiB", 0, true},
		{"MiB", 0, true},
		{"99999999999GiB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.val, func(t *testing.T) {
			var env []string
			if tt.val != "" {
				env = []string{"KNOWLEDGE_MAX_BYTES", tt.val}
			}
			c, err := Load(lookup(env...), filepath.Join(t.TempDir(), ".env"))
			if tt.err {
				if err == nil || !strings.Contains(err.Error(), "KNOWLEDGE_MAX_BYTES=") {
					t.Errorf("Load(KNOWLEDGE_MAX_BYTES=%q) error = %v; want one naming the variable", tt.val, err)
				}
				return
			}
			if err != nil || c.KnowledgeMaxBytes != tt.want {
				t.Errorf("Load(KNOWLEDGE_MAX_BYTES=%q) = %d, %v; want %d", tt.val, c.KnowledgeMaxBytes, err, tt.want)
			}
		})
	}
}
