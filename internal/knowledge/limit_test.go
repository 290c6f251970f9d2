package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// Knowledge over the limit in all is refused whole, as a problem that names
// the limit and the setting, not served in part.
func TestLoadLimitOnTheWhole(t *testing.T) {
	dir := t.TempDir()
	para := strings.Repeat("Word ", 199) + "end.\n" // 1000 bytes
	writeFiles(t, dir, map[string]string{"a.md": para, "b.md": para, "sub/c.md": para})

	tests := []struct {
		name     string
		maxBytes int64
		docs     []string
		problem  string // "" for none
	}{
		{"under the limit", 3000, []string{"a.md", "b.md", "sub/c.md"}, ""},
		{"no limit", 0, []string{"a.md", "b.md", "sub/c.md"}, ""},
		{"over the limit", 2999, nil, "sub/c.md: with this file the knowledge is over 2999 bytes in all (KNOWLEDGE_MAX_BYTES)"},
		{"over at the first file", 999, nil, "a.md: with this file the knowledge is over 999 bytes in all"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, problems, err := LoadLimit(dir, tt.maxBytes)
			if err != nil {
				t.Fatalf("LoadLimit(%d) error = %v", tt.maxBytes, err)
			}
			if got := docPaths(base); !slices.Equal(got, tt.docs) {
				t.Errorf("LoadLimit(%d) docs = %q; want %q", tt.maxBytes, got, tt.docs)
			}
			if len(base.Passages) != len(tt.docs) {
				t.Errorf("LoadLimit(%d) passages = %d; want %d", tt.maxBytes, len(base.Passages), len(tt.docs))
			}
			switch {
			case tt.problem == "" && len(problems) > 0:
				t.Errorf("LoadLimit(%d) problems = %v; want none", tt.maxBytes, problems)
			case tt.problem != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0].String(), tt.problem)):
				t.Errorf("LoadLimit(%d) problems = %v; want one starting %q", tt.maxBytes, problems, tt.problem)
			}
		})
	}
}

func TestLoadDefaultLimit(t *testing.T) {
	if DefaultMaxBytes != 64<<20 {
		t.Errorf("DefaultMaxBytes = %d; want 64 MiB", DefaultMaxBytes)
	}
	if got := sizeText(DefaultMaxBytes); got != "64 MiB" {
		t.Errorf("sizeText(%d) = %q; want 64 MiB", DefaultMaxBytes, got)
	}
}
