package knowledge

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"iccbot/internal/extract"
)

// MaxFileSize bounds one knowledge file. The briefing is 3 KB; a file a
// thousand times larger is almost certainly a mistake (a PDF renamed .txt, a
// log), and reading it would slow every reload.
const MaxFileSize = 4 << 20

// MaxSourceSize bounds a file read through an extractor (a PDF, a web page,
// a Word document), which holds layout, fonts and images besides its text.
// The text extracted from it is then bounded by MaxFileSize, and counts
// towards the whole knowledge's limit, like any other file's.
const MaxSourceSize = 64 << 20

// ExtractLimits are the limits for extracting one file whose text may take
// at most maxText bytes.
func ExtractLimits(maxText int64) extract.Limits {
	l := extract.DefaultLimits
	l.MaxText = maxText
	return l
}

// DefaultMaxBytes bounds the whole knowledge, all files together, when the
// operator sets no other limit (KNOWLEDGE_MAX_BYTES). Memory grows with the
// text many times over (passages, sentences, the index), and a reload holds
// the old and the new knowledge at once.
const DefaultMaxBytes = 64 << 20

// Load reads every knowledge file under dir, recursively, up to
// DefaultMaxBytes in all; see LoadLimit.
func Load(dir string) (*Base, []Problem, error) {
	return LoadLimit(dir, DefaultMaxBytes)
}

// LoadLimit reads every knowledge file under dir, recursively: Markdown and
// text as they are, and PDF, web pages and Word documents through package
// extract, as the Markdown it yields (see IsKnowledgeFile). It never
// stops at the first bad file: the Base holds every document that loaded, and
// problems lists everything wrong, so one broken file neither hides the others
// from `iccbot check` nor takes them away from the bot.
//
// Knowledge over maxBytes in all is refused whole: LoadLimit stops reading,
// returns no documents, and says so as a problem (a partial knowledge would
// answer from whichever files happen to sort first). maxBytes <= 0 means no
// limit.
//
// No file outside dir is ever read: files are opened through an os.Root on
// dir, so a symlink swapped in after a file was listed or checked leads
// nowhere outside, whatever the timing.
//
// The error is only for a folder that cannot be read at all.
func LoadLimit(dir string, maxBytes int64) (*Base, []Problem, error) {
	return LoadCached(dir, maxBytes, nil)
}

// LoadCached is LoadLimit remembering, in cache, what extraction gave for
// each PDF, web page and Word file, so that a reload neither extracts an
// unchanged file again nor retries one that failed (a hostile file whose
// extraction was abandoned at the time limit). A nil cache remembers
// nothing.
func LoadCached(dir string, maxBytes int64, cache *ExtractCache) (*Base, []Problem, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("load knowledge: %w", err)
	}
	info, err := os.Stat(abs)
	if err != nil {
		return nil, nil, fmt.Errorf("load knowledge: %w", err)
	}
	if !info.IsDir() {
		return nil, nil, fmt.Errorf("load knowledge: %s is not a folder", dir)
	}
	// The folder itself may be reached through a symlink (a deploy's
	// "current" link): OpenRoot follows it, and the root is the folder
	// it led to at this moment, for the whole load.
	root, err := os.OpenRoot(abs)
	if err != nil {
		return nil, nil, fmt.Errorf("load knowledge: %w", err)
	}
	defer root.Close()
	// realRoot is where a symlink's target is looked up, to word a problem
	// and to name the file to open; the read itself goes through root,
	// which refuses anything outside.
	realRoot, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, nil, fmt.Errorf("load knowledge: %w", err)
	}

	var docs []*Document
	var problems []Problem
	var skipped []string
	seen := map[string]bool{} // knowledge files read
	var total int64
	over := false
	walkErr := fs.WalkDir(root.FS(), ".", func(rel string, d fs.DirEntry, err error) error {
		if err != nil {
			problems = append(problems, Problem{Path: rel, Msg: "cannot read: " + errText(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if rel == "." {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			// Hidden files and folders: .git, editor swap and lock files.
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if !IsKnowledgeFile(d.Name()) {
			// Kept for Warnings: moderators are told what was not read. A
			// link to a folder is not followed; a slash marks it.
			if d.Type()&fs.ModeSymlink != 0 {
				if st, err := root.Stat(rel); err == nil && st.IsDir() {
					rel += "/"
				}
			}
			skipped = append(skipped, rel)
			return nil
		}
		name := rel
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			// Links are allowed when they point inside the folder. This
			// check only words the problem: the read below opens the
			// target it found through root, which refuses any path that
			// leads outside, should the link change in between.
			target, err := filepath.EvalSymlinks(filepath.Join(realRoot, filepath.FromSlash(rel)))
			if err != nil {
				problems = append(problems, Problem{Path: rel, Msg: "broken symlink: " + errText(err)})
				return nil
			}
			r, err := filepath.Rel(realRoot, target)
			if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
				problems = append(problems, Problem{Path: rel, Msg: "symlink points outside the knowledge folder; copy the file in instead"})
				return nil
			}
			name = filepath.ToSlash(r)
		case !d.Type().IsRegular():
			// A named pipe or a device: opening it could block the load.
			problems = append(problems, Problem{Path: rel, Msg: "not a regular file"})
			return nil
		}
		budget := int64(-1)
		if maxBytes > 0 {
			budget = maxBytes - total
		}
		seen[rel] = true
		src, tooMuch, p := readKnowledge(root, name, rel, budget, cache)
		if tooMuch {
			over = true
			problems = append(problems, Problem{Path: rel, Msg: fmt.Sprintf(
				"with this file the knowledge is over %s in all (KNOWLEDGE_MAX_BYTES), so none of it is loaded: remove files or raise the limit",
				sizeText(maxBytes))})
			return fs.SkipAll
		}
		if p != nil {
			problems = append(problems, *p)
			return nil
		}
		total += int64(len(src))
		doc, ps := Parse(rel, src)
		doc.Format, _ = extract.Format(rel)
		problems = append(problems, ps...)
		if len(ps) == 0 {
			docs = append(docs, doc)
		}
		return nil
	})
	if walkErr != nil {
		return nil, nil, fmt.Errorf("load knowledge: %w", walkErr)
	}
	if over {
		docs = nil
	} else {
		cache.keepOnly(seen) // a load cut short saw only some files
	}
	b := NewBase(docs)
	b.Skipped = skipped
	return b, problems, nil
}

// IsKnowledgeFile reports whether a file name is one the bot loads:
// Markdown and text, and the formats package extract reads. README files
// are notes for the people who edit the folder, not knowledge.
func IsKnowledgeFile(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	if _, extracted := extract.Format(name); ext != ".md" && ext != ".txt" && !extracted {
		return false
	}
	return !strings.EqualFold(strings.TrimSuffix(name, filepath.Ext(name)), "README")
}

// readKnowledge reads the text of a knowledge file: a Markdown or text
// file as it is, another format as the Markdown extracted from it. budget
// is as for readFile, and bounds the extracted text.
func readKnowledge(root *os.Root, name, rel string, budget int64, cache *ExtractCache) (src []byte, tooMuch bool, p *Problem) {
	if _, ok := extract.Format(rel); !ok {
		return readFile(root, name, rel, budget, MaxFileSize)
	}
	data, _, p := readFile(root, name, rel, -1, MaxSourceSize)
	if p != nil {
		return nil, false, p
	}
	src, msg := cache.extract(rel, data)
	if msg != "" {
		return nil, false, &Problem{Path: rel, Msg: msg}
	}
	if budget >= 0 && int64(len(src)) > budget {
		return nil, true, nil
	}
	return src, false, nil
}

// extracted is the Markdown knowledge reads from a file in another
// format, or the problem that stopped it.
func extracted(rel string, data []byte) (src []byte, problem string) {
	d, err := extract.File(context.Background(), rel, data, ExtractLimits(MaxFileSize))
	if err != nil {
		return nil, extractText(err)
	}
	src = d.MarkdownFile()
	if int64(len(src)) > MaxFileSize {
		return nil, fmt.Sprintf("the text extracted is %d bytes, over the %d-byte limit; split the document", len(src), MaxFileSize)
	}
	return src, ""
}

// ExtractCache remembers the last extraction of each file by its
// content's hash. It is safe for concurrent use; the zero value is ready.
type ExtractCache struct {
	mu     sync.Mutex
	byPath map[string]extraction
}

type extraction struct {
	sum     [sha256.Size]byte
	src     []byte
	problem string
}

// extract is extracted, from the cache when the file is unchanged.
func (c *ExtractCache) extract(rel string, data []byte) ([]byte, string) {
	if c == nil {
		return extracted(rel, data)
	}
	sum := sha256.Sum256(data)
	c.mu.Lock()
	e, ok := c.byPath[rel]
	c.mu.Unlock()
	if ok && e.sum == sum {
		return e.src, e.problem
	}
	src, problem := extracted(rel, data)
	c.mu.Lock()
	if c.byPath == nil {
		c.byPath = map[string]extraction{}
	}
	c.byPath[rel] = extraction{sum: sum, src: src, problem: problem}
	c.mu.Unlock()
	return src, problem
}

// keepOnly forgets the files not in seen (removed from the folder), so
// the cache holds at most what the folder does.
func (c *ExtractCache) keepOnly(seen map[string]bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for rel := range c.byPath {
		if !seen[rel] {
			delete(c.byPath, rel)
		}
	}
}

// extractText words an extraction error for moderators.
func extractText(err error) string {
	switch {
	case errors.Is(err, extract.ErrNoText):
		return extract.ErrNoText.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("reading the text took over %s, so it was stopped; the file may be damaged or built to hang readers", extract.DefaultLimits.Timeout)
	}
	return "cannot extract text: " + err.Error()
}

// readFile reads name (a slash path inside root) for the file users know as
// rel, of at most maxSize bytes. budget is how many bytes the knowledge may
// still take (negative: no limit); for a file past it, tooMuch is true and
// nothing is kept.
func readFile(root *os.Root, name, rel string, budget, maxSize int64) (src []byte, tooMuch bool, p *Problem) {
	// root.Open follows symlinks only while they stay inside the root, and
	// checks each step as it opens it: what it opens is inside.
	f, err := root.Open(name)
	if err != nil {
		return nil, false, &Problem{Path: rel, Msg: "cannot read: " + errText(err)}
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, &Problem{Path: rel, Msg: "cannot read: " + errText(err)}
	}
	if !st.Mode().IsRegular() {
		return nil, false, &Problem{Path: rel, Msg: "not a regular file"}
	}
	if st.Size() > maxSize {
		return nil, false, &Problem{Path: rel, Msg: fmt.Sprintf("file is %d bytes, over the %d-byte limit; split it into several files", st.Size(), maxSize)}
	}
	limit := maxSize
	if budget >= 0 && budget < limit {
		limit = budget
	}
	if st.Size() > limit {
		return nil, true, nil
	}
	// Read one byte past the limit in case the file grew after Stat.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+1))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, false, &Problem{Path: rel, Msg: "cannot read: " + errText(err)}
	}
	if int64(buf.Len()) > maxSize {
		return nil, false, &Problem{Path: rel, Msg: fmt.Sprintf("file is over the %d-byte limit; split it into several files", maxSize)}
	}
	if int64(buf.Len()) > limit {
		return nil, true, nil
	}
	return buf.Bytes(), false, nil
}

// sizeText writes a byte count the way people set it: "64 MiB".
func sizeText(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// errText drops the absolute path that os errors carry: problems name files
// relative to the folder.
func errText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// frontMatter is the optional YAML header. Unknown keys are errors so that a
// typo ("tilte") is caught by `iccbot check` instead of silently ignored.
type frontMatter struct {
	Title     string   `yaml:"title"`
	Publisher string   `yaml:"publisher"`
	Language  string   `yaml:"language"`
	Date      string   `yaml:"date"`
	URL       string   `yaml:"url"`
	Examples  []string `yaml:"examples"`
	Pages     int      `yaml:"pages"`
	// Aliases maps words people may ask with to the words this document
	// uses for the same thing ("Manila: [Philippines]").
	Aliases map[string][]string `yaml:"aliases"`
}

// dateLayouts are the forms a front matter date may take.
var dateLayouts = []string{"2006-01-02", "2006-01", "2006"}

func parseDate(s string) (time.Time, bool) {
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse turns one file's bytes into a Document. rel is the path shown to
// users. It reports every problem it finds; a document with problems must not
// be served.
func Parse(rel string, src []byte) (*Document, []Problem) {
	doc := &Document{Path: rel, Src: src}
	if bytes.IndexByte(src, 0) >= 0 {
		return doc, []Problem{{Path: rel, Line: lineAt(src, bytes.IndexByte(src, 0)), Msg: "binary file (NUL byte); knowledge files must be UTF-8 text"}}
	}
	if !utf8.Valid(src) {
		off := firstInvalidUTF8(src)
		return doc, []Problem{{Path: rel, Line: lineAt(src, off), Msg: fmt.Sprintf("invalid UTF-8 at byte %d; save the file as UTF-8", off)}}
	}
	body := 0
	if bytes.HasPrefix(src, []byte("\uFEFF")) {
		body = 3
	}
	var problems []Problem
	fm, bodyStart, p := splitFrontMatter(src, body)
	if p != nil {
		p.Path = rel
		return doc, []Problem{*p}
	}
	body = bodyStart
	if fm != nil {
		dec := yaml.NewDecoder(bytes.NewReader(fm.text))
		dec.KnownFields(true)
		var meta frontMatter
		if err := dec.Decode(&meta); err != nil && !errors.Is(err, io.EOF) { // io.EOF: empty front matter
			problems = append(problems, yamlProblems(rel, fm.line, err)...)
		}
		doc.Title = strings.TrimSpace(meta.Title)
		doc.Publisher = strings.TrimSpace(meta.Publisher)
		doc.Language = strings.TrimSpace(meta.Language)
		if meta.Pages < 0 {
			problems = append(problems, Problem{Path: rel, Line: fm.line, Msg: fmt.Sprintf("front matter: pages %d is not a page count", meta.Pages)})
		}
		doc.Pages = max(meta.Pages, 0)
		for _, e := range meta.Examples {
			if e = strings.TrimSpace(e); e != "" {
				doc.Examples = append(doc.Examples, e)
			}
		}
		if u := strings.TrimSpace(meta.URL); u != "" {
			if pu, err := url.Parse(u); err != nil || (pu.Scheme != "https" && pu.Scheme != "http") || pu.Host == "" {
				problems = append(problems, Problem{Path: rel, Line: fm.line, Msg: fmt.Sprintf("front matter: url %q is not an http or https address", u)})
			} else {
				doc.URL = u
			}
		}
		if d := strings.TrimSpace(meta.Date); d != "" {
			t, ok := parseDate(d)
			if !ok {
				problems = append(problems, Problem{Path: rel, Line: fm.line, Msg: fmt.Sprintf("front matter: date %q is not YYYY-MM-DD, YYYY-MM or YYYY", d)})
			}
			doc.Date = t
		}
		for word, targets := range meta.Aliases {
			if len(strings.Fields(word)) != 1 || len(targets) == 0 || slices.ContainsFunc(targets, func(t string) bool { return strings.TrimSpace(t) == "" }) {
				problems = append(problems, Problem{Path: rel, Line: fm.line, Msg: fmt.Sprintf("front matter: alias %q needs to be one word, with a list of non-empty words it stands for", word)})
				continue
			}
			if doc.Aliases == nil {
				doc.Aliases = map[string][]string{}
			}
			doc.Aliases[strings.TrimSpace(word)] = targets
		}
	}
	doc.Passages = cutPassages(doc, body)
	if len(doc.Passages) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{Path: rel, Line: lineAt(src, body), Msg: "empty file: no text to answer from"})
	}
	if doc.Title == "" {
		doc.Title = defaultTitle(doc)
	}
	return doc, problems
}

type fmBlock struct {
	text []byte
	line int // line of the first YAML line in the file
}

// splitFrontMatter finds a "---" … "---" block at the very start of the file.
func splitFrontMatter(src []byte, at int) (*fmBlock, int, *Problem) {
	first, next := lineFrom(src, at)
	if strings.TrimRight(first, " \t\r") != "---" {
		return nil, at, nil
	}
	start := next
	for pos := next; pos < len(src); {
		l, n := lineFrom(src, pos)
		if t := strings.TrimRight(l, " \t\r"); t == "---" || t == "..." {
			return &fmBlock{text: src[start:pos], line: lineAt(src, start)}, n, nil
		}
		pos = n
	}
	return nil, 0, &Problem{Line: lineAt(src, at), Msg: "front matter opened with --- is never closed; add a line with --- after it"}
}

// lineFrom returns the line starting at pos (without its newline) and the
// offset of the next line.
func lineFrom(src []byte, pos int) (string, int) {
	i := bytes.IndexByte(src[pos:], '\n')
	if i < 0 {
		return string(src[pos:]), len(src)
	}
	return string(src[pos : pos+i]), pos + i + 1
}

func yamlProblems(rel string, firstLine int, err error) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []Problem
	for _, m := range msgs {
		m = strings.TrimPrefix(m, "yaml: ")
		// The library leaves out the line for errors on the block's first
		// line, and counts from 0 for parser errors ("did not find expected
		// …"), which name the line where the broken structure began.
		shift := firstLine - 1
		if strings.Contains(m, "did not find expected") {
			shift++
		}
		line := firstLine
		if sm := yamlLine.FindStringSubmatchIndex(m); sm != nil && sm[0] == 0 {
			n, _ := strconv.Atoi(m[sm[2]:sm[3]])
			line = n + shift
			m = strings.TrimSpace(strings.TrimPrefix(m[sm[1]:], ":"))
		}
		// Lines named inside the message ("already defined at line 1") are
		// lines of the file too.
		m = yamlLine.ReplaceAllStringFunc(m, func(s string) string {
			n, _ := strconv.Atoi(strings.TrimPrefix(s, "line "))
			return "line " + strconv.Itoa(n+firstLine-1)
		})
		out = append(out, Problem{Path: rel, Line: line, Msg: "front matter: " + m})
	}
	return out
}

func defaultTitle(d *Document) string {
	if d.heading != "" {
		return d.heading
	}
	base := d.Path[strings.LastIndexByte(d.Path, '/')+1:]
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// lineAt returns the 1-based line number of byte offset off.
func lineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(src)
}
