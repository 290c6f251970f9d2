// Package knowledge turns the knowledge folder into documents, passages and
// sentences that remember exactly where they came from.
//
// Every passage and sentence is a pair of byte offsets into the file's bytes as
// read from disk, so that any quote the bot sends can be proven to be src[a:b]
// of a real file. Nothing here rewrites text: normalisation for search lives in
// package search, and only ever produces lookup keys.
package knowledge

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Span is a half-open byte range [Start, End) into a document's Src.
type Span struct {
	Start, End int
}

// Document is one file of the knowledge folder.
type Document struct {
	// Path is the file's path relative to the knowledge folder, with forward
	// slashes, as users see it in citations.
	Path      string
	Title     string
	Publisher string
	Language  string
	// Examples are questions the document's editor expects the bot to answer;
	// they are offered when a question is not covered.
	Examples []string
	// Date is when the document was published (front matter "date"), zero
	// when not given; of two documents that answer, the newer is quoted first.
	Date time.Time
	// URL is where the document can be read (front matter "url"), shown as
	// a link in citations; empty when not given.
	URL string
	// Format names the format the text was extracted from ("PDF", "web
	// page", "Word document"); "" for Markdown and text files, which are
	// read as they are.
	Format string
	// Pages is the number of pages of the original (front matter "pages",
	// which extraction writes for PDFs); 0 when not known.
	Pages int
	// Aliases maps words people may ask with to the words the document uses
	// for the same thing, as its editor wrote them in front matter.
	Aliases map[string][]string
	// Src is the whole file exactly as read, front matter included, so that
	// offsets are offsets into the file a moderator edits; for a file in
	// another format, it is the Markdown extracted from it (what "iccbot
	// extract" prints), and quotes are spans of that.
	Src      []byte
	Passages []*Passage
	// heading is the document's first heading, which names it when its
	// front matter gives no title: "# Clinic" above "## Opening hours".
	heading string
}

// Passage is a paragraph or list item: the unit of retrieval and citation.
type Passage struct {
	// ID is stable: it depends only on the document's path and the passage's
	// own text, so editing another file or another paragraph leaves it alone.
	ID string
	// Number is the passage's 1-based position in its document, for people
	// ("¶4"); unlike ID it shifts when paragraphs are inserted above it.
	Number  int
	Doc     *Document
	Heading string
	// Outer are the headings of the sections around Heading's, outermost
	// first: "Membership" for a passage under "### Juniors" in "##
	// Membership". Shared by the passages of a section: never change it.
	Outer []string
	// Page is the page the passage starts on, for documents with pages (a
	// PDF, or Markdown with page markers); 0 when there are none.
	Page      int
	StartLine int // 1-based line of the first byte
	EndLine   int // 1-based line of the last byte
	Span
	Sentences []Span
}

// Text returns the passage's bytes as they are in the file.
func (p *Passage) Text() string { return string(p.Doc.Src[p.Start:p.End]) }

// SentenceText returns the exact source text of one sentence.
func (p *Passage) SentenceText(s Span) string { return string(p.Doc.Src[s.Start:s.End]) }

// Problem is one thing wrong with the knowledge folder (or the prompts
// folder: package prompts uses the same type), reported to moderators as
// "path:line: message".
type Problem struct {
	Path string // relative to the folder it was found in
	Line int    // 1-based; 0 when the problem is about the whole file
	Msg  string
}

func (p Problem) String() string {
	if p.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p.Path, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s: %s", p.Path, p.Msg)
}

// In is the problem as seen from the working directory, its path prefixed
// with the folder it was found in ("knowledge/file.md:3: message"), so that
// editors can jump to it from the terminal.
func (p Problem) In(dir string) string {
	return InFolder(dir, p.String())
}

// InFolder prefixes a path, or a "path:line: message" line, with its
// folder; "" and "." leave it as it is.
func InFolder(dir, path string) string {
	if dir == "" || dir == "." {
		return path
	}
	return strings.TrimSuffix(dir, "/") + "/" + path
}

// Base is a loaded knowledge folder: the documents that loaded cleanly, in
// path order, and their passages in document order.
type Base struct {
	Docs     []*Document
	Passages []*Passage
	// Skipped are the files in the folder that were not read because
	// they are not .md or .txt files (README notes included), as paths
	// relative to the folder; a link to a folder ends in "/". Hidden
	// files are not listed. See Warnings.
	Skipped []string
	byPath  map[string]*Document
}

// NewBase assembles a Base from parsed documents, sorting them by path so that
// passage order never depends on the order the file system lists them in.
func NewBase(docs []*Document) *Base {
	docs = append([]*Document(nil), docs...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].Path < docs[j].Path })
	b := &Base{Docs: docs, byPath: make(map[string]*Document, len(docs))}
	for _, d := range docs {
		b.byPath[d.Path] = d
		b.Passages = append(b.Passages, d.Passages...)
	}
	return b
}

// Size is the text of the base's documents in bytes, front matter
// included.
func (b *Base) Size() int64 {
	var n int64
	for _, d := range b.Docs {
		n += int64(len(d.Src))
	}
	return n
}

// Doc returns the document at a path relative to the folder.
func (b *Base) Doc(path string) (*Document, bool) {
	d, ok := b.byPath[path]
	return d, ok
}

// Verify reports whether quote is exactly the bytes at span in the document at
// path, and that span lies inside one passage. It is the last gate before a
// quote is shown to anyone.
func (b *Base) Verify(path string, s Span, quote string) bool {
	d, ok := b.byPath[path]
	if !ok || s.Start < 0 || s.End > len(d.Src) || s.Start >= s.End {
		return false
	}
	if !bytes.Equal(d.Src[s.Start:s.End], []byte(quote)) {
		return false
	}
	for _, p := range d.Passages {
		if s.Start >= p.Start && s.End <= p.End {
			return true
		}
	}
	return false
}
