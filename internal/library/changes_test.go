package library

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"iccbot/internal/knowledge"
)

// jsonLib is newLib with a JSON log, to read the attributes back exactly.
func jsonLib(t *testing.T) (*Library, string, *bytes.Buffer) {
	t.Helper()
	kd, pd := t.TempDir(), t.TempDir()
	var logs bytes.Buffer
	return New(kd, pd, slog.New(slog.NewJSONHandler(&logs, nil)), time.Now, nil), kd, &logs
}

// logRecords returns the log records with message msg, and empties logs.
func logRecords(t *testing.T, logs *bytes.Buffer, msg string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	logs.Reset()
	return out
}

// paths reads a list of paths from a log record; nil when absent.
func paths(rec map[string]any, key string) []string {
	v, _ := rec[key].([]any)
	var out []string
	for _, p := range v {
		out = append(out, p.(string))
	}
	return out
}

// On reload, the log names the files added, changed and removed since the
// knowledge in use, so moderators can tell their edit was taken.
func TestReloadLogNamesChangedFiles(t *testing.T) {
	l, kd, logs := jsonLib(t)
	write(t, kd, "a.md", "The Assembly meets in The Hague.\n")
	write(t, kd, "b.md", "Sanctions target court officials.\n")
	write(t, kd, "sub/c.md", "The court has eighteen judges.\n")
	load := func(wantOK bool) map[string]any {
		t.Helper()
		if err := l.Load(); (err == nil) != wantOK {
			t.Fatalf("Load() = %v; want ok %v", err, wantOK)
		}
		recs := logRecords(t, logs, "knowledge loaded")
		if !wantOK {
			if len(recs) != 0 {
				t.Fatalf("a failed load logged %v", recs)
			}
			return nil
		}
		if len(recs) != 1 {
			t.Fatalf("Load logged %d 'knowledge loaded' lines; want 1", len(recs))
		}
		return recs[0]
	}
	steps := []struct {
		name                    string
		change                  func()
		ok                      bool
		added, changed, removed []string
	}{
		{"first load names nothing", func() {}, true, nil, nil, nil},
		{"add, edit, remove, and save unchanged", func() {
			write(t, kd, "a.md", "The Assembly meets in Paris.\n")
			write(t, kd, "b.md", "Sanctions target court officials.\n") // same bytes
			write(t, kd, "d.md", "Hungary left the court.\n")
			write(t, kd, "sub/e.txt", "The budget grew.\n")
			if err := os.Remove(filepath.Join(kd, "sub", "c.md")); err != nil {
				t.Fatal(err)
			}
		}, true, []string{"d.md", "sub/e.txt"}, []string{"a.md"}, []string{"sub/c.md"}},
		{"front matter only", func() {
			write(t, kd, "b.md", "---\ntitle: Sanctions\n---\nSanctions target court officials.\n")
		}, true, nil, []string{"b.md"}, nil},
		{"a broken save", func() {
			write(t, kd, "d.md", "---\ntitle: [\n---\nHungary left.\n")
			write(t, kd, "f.md", "New.\n")
		}, false, nil, nil, nil},
		{"the fix, against the knowledge in use", func() {
			write(t, kd, "d.md", "Hungary left the court in April.\n")
		}, true, []string{"f.md"}, []string{"d.md"}, nil},
		{"nothing changed", func() {}, true, nil, nil, nil},
	}
	for _, s := range steps {
		s.change()
		rec := load(s.ok)
		if !s.ok {
			continue
		}
		for _, c := range []struct {
			key  string
			want []string
		}{{"added", s.added}, {"changed", s.changed}, {"removed", s.removed}} {
			if got := paths(rec, c.key); !slices.Equal(got, c.want) {
				t.Errorf("%s: log %s = %q; want %q (record %v)", s.name, c.key, got, c.want, rec)
			}
		}
	}
}

// Warnings reach the status and, once each, the log; they never make the
// library unready.
func TestLoadWarnings(t *testing.T) {
	l, kd, logs := jsonLib(t)
	write(t, kd, "a.md", "Sanctions were imposed on four judges of the court.\n")
	write(t, kd, "copy.md", "Sanctions were imposed on four judges of the court.\n")
	write(t, kd, "report.odt", "PK")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	st := l.Status()
	want := []string{kd + "/copy.md: warning: duplicate of a.md", kd + "/report.odt: warning: skipped: an OpenDocument text"}
	if !st.Ready || len(st.Warnings) != len(want) {
		t.Fatalf("status %+v; want ready with warnings %q", st, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(st.Warnings[i], w) {
			t.Errorf("Warnings[%d] = %q; want %q…", i, st.Warnings[i], w)
		}
	}
	if recs := logRecords(t, logs, "knowledge warning"); len(recs) != 2 {
		t.Errorf("first load logged %d warnings; want 2", len(recs))
	}

	write(t, kd, "b.md", "Another document altogether.\n")
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if recs := logRecords(t, logs, "knowledge warning"); len(recs) != 0 {
		t.Errorf("a reload repeated %d warnings; want none", len(recs))
	}
	if err := os.Remove(filepath.Join(kd, "report.odt")); err != nil {
		t.Fatal(err)
	}
	if err := l.Load(); err != nil {
		t.Fatal(err)
	}
	if got := l.Status().Warnings; len(got) != 1 || !strings.Contains(got[0], "copy.md") {
		t.Errorf("after removing the PDF, warnings %q; want only the duplicate", got)
	}
}

// A checkout that replaces hundreds of files is summed up, not listed.
func TestChangesNamesAtMostMaxNamed(t *testing.T) {
	var before, after []*knowledge.Document
	for i := range maxNamed + 3 {
		before = append(before, &knowledge.Document{Path: fmt.Sprintf("old/%03d.md", i), Src: []byte("x")})
		after = append(after, &knowledge.Document{Path: fmt.Sprintf("new/%03d.md", i), Src: []byte("x")})
	}
	attrs := changes(knowledge.NewBase(before), knowledge.NewBase(after))
	if len(attrs) != 2 {
		t.Fatalf("changes = %v; want added and removed", attrs)
	}
	for _, a := range attrs {
		got := a.(slog.Attr).Value.Any().([]string)
		if len(got) != maxNamed+1 || got[0] == "" || got[maxNamed] != "(and 3 more)" {
			t.Errorf("%s = %q; want %d paths and (and 3 more)", a.(slog.Attr).Key, got, maxNamed)
		}
	}
}
