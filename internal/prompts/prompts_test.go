package prompts

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"good.tmpl":  "Hello {{.Name}}.\n",
		"bad.tmpl":   "line one\n{{ if .X }}\nno end\n",
		"notes.txt":  "{{ not a template",
		"other.tmpl": "{{ .A | nosuchfunc }}",
	})
	set, problems := Load(dir)
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"bad.tmpl:4: unexpected EOF",
		`other.tmpl:1: function "nosuchfunc" not defined`,
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Load problems = %q; want %q", got, want)
	}
	if _, ok := set.Templates["good.tmpl"]; !ok || len(set.Templates) != 1 {
		t.Errorf("templates = %v; want only good.tmpl", set.Templates)
	}
	if _, problems := Load(filepath.Join(dir, "missing")); len(problems) != 1 {
		t.Errorf("a missing folder gave %v; want one problem", problems)
	}
}

func TestExecute(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"a.tmpl": "Hello {{.Name}}.\n{{.Nope}}\n"})
	set, _ := Load(dir)
	type data struct{ Name string }
	_, err := set.Execute("a.tmpl", data{"x"})
	if err == nil {
		t.Fatal("Execute with a field the data lacks succeeded")
	}
	if p := ExecProblem("a.tmpl", err); p.Line != 2 || p.Path != "a.tmpl" {
		t.Errorf("ExecProblem = %+v; want a.tmpl line 2", p)
	}
	_, err = set.Execute("b.tmpl", nil)
	if !errors.Is(err, ErrMissing) {
		t.Errorf("Execute(missing) = %v; want ErrMissing", err)
	}
	if p := ExecProblem("b.tmpl", err); p.String() != "b.tmpl: missing: this template is needed for LLM answers" {
		t.Errorf("ExecProblem(missing) = %q", p.String())
	}
	write(t, dir, map[string]string{"c.tmpl": "Hello {{.Name}}."})
	set, _ = Load(dir)
	if got, err := set.Execute("c.tmpl", data{"Ana"}); err != nil || got != "Hello Ana." {
		t.Errorf("Execute = %q, %v", got, err)
	}
}

// No template is read from outside the folder, even through a symlink;
// links that stay inside keep working.
//
// Regression: Load read every *.tmpl entry with os.ReadFile, which
// followed links anywhere.
func TestLoadStaysInsideTheFolder(t *testing.T) {
	const marker = "SECRET-5b1e"
	outside := t.TempDir()
	write(t, outside, map[string]string{"secret.tmpl": "The key is " + marker + "."})
	dir := t.TempDir()
	write(t, dir, map[string]string{"real.tmpl": "Inside {{.Name}}."})
	links := map[string]string{
		"abs-out.tmpl": filepath.Join(outside, "secret.tmpl"),
		"rel-out.tmpl": filepath.Join("..", filepath.Base(outside), "secret.tmpl"),
		"abs-in.tmpl":  filepath.Join(dir, "real.tmpl"),
		"rel-in.tmpl":  "real.tmpl",
		"broken.tmpl":  "nowhere.tmpl",
	}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("cannot make symlinks here: %v", err)
		}
	}
	set, problems := Load(dir)
	var got []string
	for _, p := range problems {
		got = append(got, p.String())
	}
	want := []string{
		"abs-out.tmpl: symlink points outside the prompts folder; copy the file in instead",
		"broken.tmpl: broken symlink",
		"rel-out.tmpl: symlink points outside the prompts folder; copy the file in instead",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Load problems = %q; want %q", got, want)
	}
	for name, tmpl := range set.Templates {
		var b strings.Builder
		_ = tmpl.Execute(&b, struct{ Name string }{"x"})
		if strings.Contains(b.String(), marker) {
			t.Errorf("template %s holds the text of a file outside the folder", name)
		}
	}
	for _, name := range []string{"real.tmpl", "abs-in.tmpl", "rel-in.tmpl"} {
		if got, err := set.Execute(name, struct{ Name string }{"x"}); err != nil || got != "Inside x." {
			t.Errorf("Execute(%s) = %q, %v; want the linked template inside the folder", name, got, err)
		}
	}
}
