// Package prompts loads the text/template files of the prompts folder, so
// that a broken template is found at start-up and by `iccbot check`, not in
// the middle of answering someone.
package prompts

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// Problem is a template that does not parse, as "path:line: message".
type Problem struct {
	Path string
	Line int
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// Set is the parsed templates, by file name.
type Set struct {
	Templates map[string]*template.Template
}

// ErrMissing is returned by Execute for a template the folder does not have.
var ErrMissing = errors.New("no such template")

// Execute runs the template in file name with data and returns the text.
// Its errors read like text/template's, "template: NAME:LINE:COL: ...", so
// ExecProblem can turn them into a Problem.
func (s *Set) Execute(name string, data any) (string, error) {
	t, ok := s.Templates[name]
	if !ok {
		return "", fmt.Errorf("template %s: %w", name, ErrMissing)
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return "", err
	}
	return b.String(), nil
}

// ExecProblem reports an error from Execute for file name as a Problem,
// with the line it happened on when the error names one.
func ExecProblem(name string, err error) Problem {
	if errors.Is(err, ErrMissing) {
		return Problem{Path: name, Msg: "missing: this template is needed for LLM answers"}
	}
	return problemFor(name, err)
}

func problemFor(name string, err error) Problem {
	p := Problem{Path: name, Msg: err.Error()}
	if m := tmplErr.FindStringSubmatch(err.Error()); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		p.Msg = m[2]
	}
	return p
}

// text/template errors read "template: NAME:LINE: message" (sometimes with
// a column after the line).
var tmplErr = regexp.MustCompile(`^template: [^:]*:(\d+)(?::\d+)?: (.*)$`)

// Load parses every *.tmpl file in dir. A missing folder is a problem; an
// empty one is not (extractive answers need no prompts).
func Load(dir string) (*Set, []Problem) {
	set := &Set{Templates: map[string]*template.Template{}}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return set, []Problem{{Path: dir, Msg: "cannot read the prompts folder: " + err.Error()}}
	}
	var problems []Problem
	var names []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".tmpl") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for _, name := range names {
		src, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			problems = append(problems, Problem{Path: name, Msg: "cannot read: " + err.Error()})
			continue
		}
		t, err := template.New(name).Option("missingkey=error").Parse(string(src))
		if err != nil {
			problems = append(problems, problemFor(name, err))
			continue
		}
		set.Templates[name] = t
	}
	return set, problems
}
