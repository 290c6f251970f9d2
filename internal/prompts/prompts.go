// Package prompts loads the text/template files of the prompts folder, so
// that a broken template is found at start-up and by `iccbot check`, not in
// the middle of answering someone.
package prompts

import (
	"iccbot/internal/knowledge"

	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// Problem is a template that does not parse, as "path:line: message": the
// same type as the knowledge folder's problems.
type Problem = knowledge.Problem

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
//
// No file outside dir is ever read: files are opened through an os.Root on
// dir, so a template that is (or is swapped for) a symlink leading outside
// the folder is a problem, not a read.
func Load(dir string) (*Set, []Problem) {
	set := &Set{Templates: map[string]*template.Template{}}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return set, []Problem{{Path: dir, Msg: "cannot read the prompts folder: " + err.Error()}}
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return set, []Problem{{Path: dir, Msg: "cannot read the prompts folder: " + err.Error()}}
	}
	var problems []Problem
	var names []string
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".tmpl") {
			continue
		}
		if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			// A named pipe or a device: opening it could block the load.
			problems = append(problems, Problem{Path: e.Name(), Msg: "not a regular file"})
			continue
		}
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		src, err := readFile(root, dir, name)
		if err != nil {
			problems = append(problems, Problem{Path: name, Msg: err.Error()})
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

// readFile reads the template name through root. A symlink may point
// elsewhere inside the folder. dir's own path is only used to resolve a
// link for the check and the problem's wording; the read goes through root.
func readFile(root *os.Root, dir, name string) ([]byte, error) {
	open := name
	if fi, err := root.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// os.Root refuses absolute links even to files inside: resolve the
		// link to a path inside the folder, and open that through root,
		// which still refuses it if it leads outside by then.
		realDir, err1 := filepath.EvalSymlinks(dir)
		target, err2 := filepath.EvalSymlinks(filepath.Join(dir, name))
		if err1 != nil || err2 != nil {
			return nil, errors.New("broken symlink")
		}
		r, err := filepath.Rel(realDir, target)
		if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return nil, errors.New("symlink points outside the prompts folder; copy the file in instead")
		}
		open = r
	}
	f, err := root.Open(open)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	src, err := io.ReadAll(f)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %w", unwrapPath(err))
	}
	return src, nil
}

// unwrapPath drops the path that os errors carry: problems name templates
// by file name.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
