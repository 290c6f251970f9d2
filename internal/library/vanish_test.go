package library

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startWatch runs l.Watch until the test ends and waits until it watches.
func startWatch(t *testing.T, l *Library) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- l.Watch(ctx, 20*time.Millisecond) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Watch returned %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Error("Watch did not return after cancel")
		}
	})
	select {
	case <-l.Watching():
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not start watching")
	}
}

// The knowledge folder itself may go away and come back. While it is gone
// the library is not ready and says why, the last good knowledge keeps
// answering, and once it is back, edits are picked up again.
//
// Regression: only the folder was watched, so once it was deleted or
// renamed away nothing told the watcher it came back: /readyz stayed 503
// and edits were ignored until a restart.
func TestWatchSurvivesTheFolderGoingAway(t *testing.T) {
	const q = "Where does the Assembly meet?"
	tests := []struct {
		name  string
		away  func(t *testing.T, kd string)
		back  func(t *testing.T, kd string)
		after string // what the folder answers once it is back
	}{
		{
			name: "deleted and recreated",
			away: func(t *testing.T, kd string) {
				if err := os.RemoveAll(kd); err != nil {
					t.Fatal(err)
				}
			},
			back: func(t *testing.T, kd string) {
				write(t, kd, "a.md", "The Assembly meets in Paris.\n")
			},
			after: "Paris",
		},
		{
			name: "renamed away and back",
			away: func(t *testing.T, kd string) {
				if err := os.Rename(kd, kd+".away"); err != nil {
					t.Fatal(err)
				}
			},
			back: func(t *testing.T, kd string) {
				write(t, kd+".away", "a.md", "The Assembly meets in Paris.\n")
				if err := os.Rename(kd+".away", kd); err != nil {
					t.Fatal(err)
				}
			},
			after: "Paris",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, kd, _, _ := newLib(t)
			if err := l.Load(); err != nil {
				t.Fatal(err)
			}
			startWatch(t, l)

			tt.away(t, kd)
			waitUntil(t, l, "folder gone", func() bool { return !l.Status().Ready })
			if sum := l.Status().Summary(); !strings.Contains(sum, "answering from the knowledge loaded at") {
				t.Errorf("status while the folder is gone = %q; want the fallback and the problem", sum)
			}
			if got := ask(t, l, q); !strings.Contains(got, "The Hague") {
				t.Errorf("Ask(%q) while the folder is gone = %q; want the last good answer", q, got)
			}

			tt.back(t, kd)
			waitUntil(t, l, "folder back", func() bool {
				return l.Status().Ready && strings.Contains(ask(t, l, q), tt.after)
			})

			// Twice more, so that the watches set up on its return are
			// seen to work, not just the reload that noticed it.
			for _, city := range []string{"Rome", "Oslo"} {
				write(t, kd, "a.md", "The Assembly meets in "+city+".\n")
				waitUntil(t, l, "edit to "+city+" after the folder came back", func() bool {
					return strings.Contains(ask(t, l, q), city)
				})
			}
			write(t, kd, "sub/b.md", "Sanctions target court officials.\n")
			waitUntil(t, l, "new sub-folder after the folder came back", func() bool {
				return strings.Contains(ask(t, l, "sanctions"), "Sanctions target")
			})
		})
	}
}

// A knowledge folder reached through a symlink (a deploy's "current" link)
// is watched, and so is the link being pointed at a new release.
//
// Regression: the watcher walked the link without following it and
// watched nothing, so a linked folder was never reloaded.
func TestWatchFollowsAFolderSymlink(t *testing.T) {
	base := t.TempDir()
	r1, r2 := filepath.Join(base, "r1"), filepath.Join(base, "r2")
	write(t, r1, "a.md", "The Assembly meets in The Hague.\n")
	write(t, r2, "a.md", "The Assembly meets in Paris.\n")
	current := filepath.Join(base, "current")
	if err := os.Symlink(r1, current); err != nil {
		t.Skipf("cannot make symlinks here: %v", err)
	}
	l := New(current, t.TempDir(), slog.New(slog.DiscardHandler), time.Now, nil)
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	startWatch(t, l)
	const q = "Where does the Assembly meet?"

	write(t, r1, "a.md", "The Assembly meets in Rome.\n")
	waitUntil(t, l, "edit through the link", func() bool { return strings.Contains(ask(t, l, q), "Rome") })

	// Deploy: point a new link at the next release and rename it over.
	if err := os.Symlink(r2, current+".new"); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(current+".new", current); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, l, "link swapped", func() bool { return strings.Contains(ask(t, l, q), "Paris") })
	write(t, r2, "a.md", "The Assembly meets in Oslo.\n")
	waitUntil(t, l, "edit in the new release", func() bool { return strings.Contains(ask(t, l, q), "Oslo") })
}
