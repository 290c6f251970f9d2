package library

import (
	"bytes"
	"fmt"
	"log/slog"

	"iccbot/internal/knowledge"
)

// maxNamed bounds how many files one log line names for each kind of
// change; a checkout that replaces hundreds of files is summed up.
const maxNamed = 50

// changes names the documents added, changed and removed between two
// loads, by path and content (front matter included), in path order, as
// log attributes; none when nothing changed. The old knowledge is still
// in memory when a new one is swapped in, so contents are compared whole
// rather than by hash.
func changes(before, after *knowledge.Base) []any {
	var added, changed, removed []string
	for _, d := range after.Docs {
		old, ok := before.Doc(d.Path)
		switch {
		case !ok:
			added = append(added, d.Path)
		case !bytes.Equal(old.Src, d.Src):
			changed = append(changed, d.Path)
		}
	}
	for _, d := range before.Docs {
		if _, ok := after.Doc(d.Path); !ok {
			removed = append(removed, d.Path)
		}
	}
	var attrs []any
	for _, c := range []struct {
		key   string
		paths []string
	}{{"added", added}, {"changed", changed}, {"removed", removed}} {
		if len(c.paths) == 0 {
			continue
		}
		if n := len(c.paths) - maxNamed; n > 0 {
			c.paths = append(c.paths[:maxNamed:maxNamed], fmt.Sprintf("(and %d more)", n))
		}
		attrs = append(attrs, slog.Any(c.key, c.paths))
	}
	return attrs
}

// newWarnings are the warnings in now that were not in before, so that a
// reload logs a warning when it appears, not again at every save.
func newWarnings(before, now []string) []string {
	seen := make(map[string]bool, len(before))
	for _, w := range before {
		seen[w] = true
	}
	var out []string
	for _, w := range now {
		if !seen[w] {
			out = append(out, w)
		}
	}
	return out
}
