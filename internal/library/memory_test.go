package library

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"iccbot/internal/knowledge"
)

// writeBig fills n files with distinct paragraphs, about size bytes each.
func writeBig(t *testing.T, dir string, n, size int) {
	t.Helper()
	for i := range n {
		var b strings.Builder
		for j := 0; b.Len() < size; j++ {
			fmt.Fprintf(&b, "Paragraph %d of file %d says the court sat on day %d.\n\n", j, i, i*1000+j)
		}
		write(t, dir, fmt.Sprintf("big/%d.md", i), b.String())
	}
}

// Once large files are removed, nothing keeps the old knowledge alive, and
// the library hands the memory back to the system at once instead of
// leaving it to the runtime's own pace.
//
// Regression: five 4 MB files made 300 MB that stayed with the process
// after they were removed.
func TestReloadGivesMemoryBack(t *testing.T) {
	l, kd, _, _ := newLib(t)
	released := 0
	l.release = func() { released++ }
	l.releaseAbove = 64 << 10
	writeBig(t, kd, 3, 32<<10)
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	ask(t, l, "When did the court sit?") // an answer leaves its conversation behind
	old := weakBase(l)

	// A small edit keeps the knowledge about as large: no release.
	write(t, kd, "a.md", "The Assembly meets in Paris.\n")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if released != 0 {
		t.Errorf("release called %d times after a small edit; want 0", released)
	}

	if err := os.RemoveAll(filepath.Join(kd, "big")); err != nil {
		t.Fatal(err)
	}
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if released != 1 {
		t.Errorf("release called %d times after the large files went; want 1", released)
	}
	runtime.GC()
	runtime.GC()
	if old.Value() != nil {
		t.Error("the knowledge loaded before the large files were removed is still reachable after a reload and a GC")
	}
	if got := ask(t, l, "Where does the Assembly meet?"); !strings.Contains(got, "Paris") {
		t.Errorf("after the reload: %q", got)
	}
}

// weakBase points weakly at the knowledge in use, without keeping it alive
// in the caller's frame.
func weakBase(l *Library) weak.Pointer[knowledge.Base] {
	return weak.Make(l.Engine().Knowledge())
}

// Knowledge over KNOWLEDGE_MAX_BYTES in all is refused as a problem; the
// last good knowledge keeps answering, and taking files out recovers.
func TestLoadRefusesKnowledgeOverTheLimit(t *testing.T) {
	kd := t.TempDir()
	write(t, kd, "a.md", "The Assembly meets in The Hague.\n")
	l := New(kd, t.TempDir(), slog.New(slog.DiscardHandler), time.Now, nil, WithMaxBytes(10<<10))
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	before := l.Snapshot()

	writeBig(t, kd, 2, 8<<10)
	err := l.Load()
	if err == nil {
		t.Fatal("Load over the limit succeeded")
	}
	st := l.Status()
	if st.Ready || len(st.Problems) != 1 || !strings.Contains(st.Problems[0], "over 10 KiB in all (KNOWLEDGE_MAX_BYTES)") {
		t.Errorf("status over the limit = %+v; want not ready, one problem naming the limit", st)
	}
	if l.Snapshot() != before || st.Documents != 1 {
		t.Error("knowledge over the limit replaced the knowledge in use")
	}
	if got := ask(t, l, "Where does the Assembly meet?"); !strings.Contains(got, "The Hague") {
		t.Errorf("over the limit: %q; want the last good answer", got)
	}

	if err := os.Remove(filepath.Join(kd, "big", "1.md")); err != nil {
		t.Fatal(err)
	}
	if err := l.Load(); err != nil {
		t.Fatalf("Load under the limit again: %v", err)
	}
	if st := l.Status(); !st.Ready || st.Documents != 2 {
		t.Errorf("status back under the limit = %+v", st)
	}
}

func TestDefaultLimit(t *testing.T) {
	l, _, _, _ := newLib(t)
	if l.maxBytes != knowledge.DefaultMaxBytes {
		t.Errorf("New without WithMaxBytes: limit %d; want %d", l.maxBytes, knowledge.DefaultMaxBytes)
	}
}
