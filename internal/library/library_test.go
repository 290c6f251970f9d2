package library

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

type reloadLog struct {
	mu    sync.Mutex
	calls []string
}

func (r *reloadLog) ObserveReload(ok bool, docs, passages int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, map[bool]string{true: "ok", false: "fail"}[ok])
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func newLib(t *testing.T) (*Library, string, *reloadLog, *bytes.Buffer) {
	t.Helper()
	kd, pd := t.TempDir(), t.TempDir()
	write(t, kd, "a.md", "The Assembly meets in The Hague.\n")
	var logs bytes.Buffer
	obs := &reloadLog{}
	return New(kd, pd, slog.New(slog.NewTextHandler(&logs, nil)), time.Now, obs), kd, obs, &logs
}

func ask(t *testing.T, l *Library, q string) string {
	t.Helper()
	a, err := l.Ask(t.Context(), "c", q)
	if err != nil {
		t.Fatalf("Ask(%q): %v", q, err)
	}
	return a.Text
}

func TestLoadKeepsLastGoodKnowledge(t *testing.T) {
	l, kd, obs, logs := newLib(t)
	if _, err := l.Ask(t.Context(), "c", "Hague"); err == nil {
		t.Error("Ask before any load succeeded")
	}
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	st := l.Status()
	if !st.Ready || st.Documents != 1 || st.Passages != 1 || st.Summary() != "ok: 1 documents, 1 passages" {
		t.Fatalf("status after a good load: %+v", st)
	}
	before := l.Snapshot()

	write(t, kd, "broken.md", "---\ntitle: [\n---\nThe judges sit in Hague courtrooms.\n")
	if err := l.Load(); err == nil {
		t.Fatal("Load with a broken file succeeded")
	}
	st = l.Status()
	if st.Ready || len(st.Problems) != 1 || !strings.Contains(st.Problems[0], "broken.md:") {
		t.Fatalf("status after a broken edit: %+v", st)
	}
	if !strings.Contains(st.Summary(), "answering from the knowledge loaded at") || !strings.Contains(st.Summary(), "broken.md:") {
		t.Errorf("summary %q lacks the fallback and the file", st.Summary())
	}
	if l.Snapshot() != before {
		t.Error("a broken edit replaced the knowledge in use")
	}
	if !strings.Contains(logs.String(), "broken.md") {
		t.Error("the problem was not logged")
	}

	write(t, kd, "broken.md", "The judges sit in Hague courtrooms.\n")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if st := l.Status(); !st.Ready || st.Documents != 2 || st.Reloads != 2 || st.Failures != 1 {
		t.Errorf("status after the fix: %+v", st)
	}
	if got := strings.Join(obs.calls, ","); got != "ok,fail,ok" {
		t.Errorf("observer saw %q", got)
	}
}

// A bot started on a half-broken folder answers from the good files, and
// says it is not ready.
func TestFirstLoadUsesGoodFilesDespiteProblems(t *testing.T) {
	l, kd, _, _ := newLib(t)
	write(t, kd, "bad.txt", "caf\xe9\n")
	if err := l.Load(); err == nil {
		t.Fatal("want an error for the bad file")
	}
	if l.Engine() == nil || l.Status().Ready || l.Status().Documents != 1 {
		t.Errorf("engine %v, status %+v", l.Engine(), l.Status())
	}
	if !strings.Contains(ask(t, l, "Where does the Assembly meet?"), "The Hague") {
		t.Error("the good file is not answered from")
	}
}

func TestEmptyFolderIsNotReady(t *testing.T) {
	l := New(t.TempDir(), t.TempDir(), slog.New(slog.DiscardHandler), time.Now, nil)
	if err := l.Load(); err == nil || l.Engine() != nil || l.Status().Ready {
		t.Errorf("empty folder: err %v, status %+v", err, l.Status())
	}
	if !strings.Contains(l.Status().Summary(), "no knowledge loaded") {
		t.Errorf("summary %q", l.Status().Summary())
	}
}

func TestPromptProblemsAreReported(t *testing.T) {
	l, _, _, _ := newLib(t)
	write(t, l.promptsDir, "answer.tmpl", "{{ .Nope ")
	if err := l.Load(); err == nil || !strings.Contains(l.Status().Summary(), "answer.tmpl:1:") {
		t.Errorf("status %q; want the template's file and line", l.Status().Summary())
	}
}

// waitUntil waits, load by load, until cond holds. It takes the next-load
// channel before testing cond, so a load between the two is never missed.
func waitUntil(t *testing.T, l *Library, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		ch := l.Loaded()
		if cond() {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%s: not seen within 10s of the change", what)
		}
	}
}

func TestWatchReloadsOnChange(t *testing.T) {
	l, kd, _, _ := newLib(t)
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- l.Watch(ctx, 20*time.Millisecond) }()
	select {
	case <-l.Watching():
	case <-time.After(10 * time.Second):
		t.Fatal("Watch did not start watching")
	}

	steps := []struct {
		name   string
		change func()
		q      string
		want   string
	}{
		{"edit", func() { write(t, kd, "a.md", "The Assembly meets in Paris.\n") }, "Where does the Assembly meet?", "Paris"},
		{"new sub-folder", func() { write(t, kd, "sub/deeper/b.md", "Espionage was the purpose of the cyber-attack.\n") }, "espionage", "Espionage was the purpose"},
		{"file in the new sub-folder", func() { write(t, kd, "sub/deeper/c.md", "Sanctions target court officials.\n") }, "sanctions", "Sanctions target"},
		{"save by rename", func() {
			write(t, kd, ".a.md.tmp", "The Assembly meets in Rome.\n")
			if err := os.Rename(filepath.Join(kd, ".a.md.tmp"), filepath.Join(kd, "a.md")); err != nil {
				t.Fatal(err)
			}
		}, "Where does the Assembly meet?", "Rome"},
		{"delete", func() {
			if err := os.RemoveAll(filepath.Join(kd, "sub")); err != nil {
				t.Fatal(err)
			}
		}, "espionage", "does not cover"},
	}
	for _, s := range steps {
		s.change()
		waitUntil(t, l, s.name, func() bool { return strings.Contains(ask(t, l, s.q), s.want) })
	}

	// A broken save keeps the old answers; the next good save recovers.
	write(t, kd, "a.md", "---\ntitle: a: b\n---\nThe Assembly meets in Oslo.\n")
	waitUntil(t, l, "broken save", func() bool { return !l.Status().Ready })
	if got := ask(t, l, "Where does the Assembly meet?"); !strings.Contains(got, "Rome") {
		t.Errorf("after a broken save: %q; want the last good answer", got)
	}
	if st := l.Status(); !strings.Contains(st.Summary(), "a.md:2:") {
		t.Errorf("status %q; want the file and line", st.Summary())
	}
	write(t, kd, "a.md", "The Assembly meets in Oslo.\n")
	waitUntil(t, l, "fix", func() bool { return l.Status().Ready })
	if got := ask(t, l, "Where does the Assembly meet?"); !strings.Contains(got, "Oslo") {
		t.Errorf("after the fix: %q", got)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Watch returned %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not return after cancel")
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{"a.md": false, "a.md~": true, ".a.md.swp": true, "4913": true, ".#a.md": true, "notes.txt": false} {
		if got := ignored(filepath.Join("k", name)); got != want {
			t.Errorf("ignored(%q) = %v; want %v", name, got, want)
		}
	}
}

// A conversation outlives a reload: the follow-up is read in the light of
// the question asked before the knowledge changed.
func TestFollowUpSurvivesReload(t *testing.T) {
	l, kd, _, _ := newLib(t)
	write(t, kd, "b.md", "Mira Castell hosts the weekly voice meetings from Lisbon.\n")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if got := ask(t, l, "Who hosts the voice meetings?"); !strings.Contains(got, "Mira Castell") {
		t.Fatalf("first question answered %q", got)
	}
	write(t, kd, "c.md", "The library opens at nine.\n")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if got := ask(t, l, "and from where?"); !strings.Contains(got, "from Lisbon") {
		t.Errorf("follow-up after a reload answered %q", got)
	}
	other, err := l.Ask(t.Context(), "other", "and from where?")
	if err != nil {
		t.Fatal(err)
	}
	if other.Answered {
		t.Errorf("another conversation shared the memory: %q", other.Text)
	}
}
