package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/knowledge"
	"iccbot/internal/library"
)

// KnowledgeSource is the knowledge in use and how the last reload went;
// *library.Library satisfies it.
type KnowledgeSource interface {
	// Snapshot is the knowledge the bot answers from (nil before the
	// first usable load).
	Snapshot() *library.Snapshot
	// Status is the outcome of the last load.
	Status() library.Status
}

// timeLayout is how the knowledge page writes an instant: in UTC, to the
// second, so moderators in different places read the same thing.
const timeLayout = "2006-01-02 15:04:05 UTC"

// knowledgeView is what the knowledge page shows.
type knowledgeView struct {
	Status statusView
	// Loaded is false before any knowledge could be loaded; Docs is empty.
	Loaded   bool
	LoadedAt string
	Docs     []docView
	Passages int
}

// statusView is the outcome of the last reload (library.Status).
type statusView struct {
	Ready bool
	// Outcome says in a sentence how the last reload went.
	Outcome     string
	LastAttempt string
	Reloads     int
	Failures    int
	Problems    []string
	// Warnings do not stop the bot: files skipped, documents that repeat
	// one another.
	Warnings []string
}

// docView is one document and every passage the bot can quote from it.
type docView struct {
	Anchor    string // "doc-1": the id of its section
	Title     string
	Path      string
	URL       string // empty when none, or not http(s)
	Publisher string
	Language  string
	Date      string // "2006-01-02"; empty when the front matter has none
	// Format is the format the text was extracted from ("PDF"), with
	// its page count; empty for Markdown and text files.
	Format   string
	LoadedAt string
	// Problems are the last load's problems with this file: the bot is
	// still answering from the version shown here. Warnings are about this
	// file too, but change nothing.
	Problems []string
	Warnings []string
	Passages []passageView
}

// passageView is one passage, numbered as citations number it.
type passageView struct {
	// Anchor is the element id, "passage-" and the passage id that
	// /api/ask's "passage" field gives, so /knowledge#passage-… finds it.
	Anchor  string
	Number  int
	Page    int // 0 for documents without pages
	Heading string
	Lines   string // "line 12" or "lines 12–14"
	Text    string // exactly the file's bytes
}

// knowledgePage serves GET /knowledge, the moderators' view of what the
// bot can quote: each document, the outcome of the last reload, and every
// passage with the ¶N citations use. Everything on it comes from files
// moderators edit and is escaped like everything else.
func (s *server) knowledgePage(w http.ResponseWriter, r *http.Request) {
	s.render(w, "knowledge", pageData{Page: "knowledge", Knowledge: s.knowledgeView()})
}

func (s *server) knowledgeView() *knowledgeView {
	v := &knowledgeView{}
	if s.knowledge == nil {
		v.Status.Outcome = outcome(library.Status{})
		return v
	}
	st := s.knowledge.Status()
	v.Status = statusView{
		Ready:       st.Ready,
		Outcome:     outcome(st),
		LastAttempt: timeText(st.LastAttempt),
		Reloads:     st.Reloads,
		Failures:    st.Failures,
		Problems:    st.Problems,
		Warnings:    st.Warnings,
	}
	snap := s.knowledge.Snapshot()
	if snap == nil || snap.Engine == nil {
		return v
	}
	kb := snap.Engine.Knowledge()
	v.Loaded = true
	v.LoadedAt = timeText(snap.LoadedAt)
	v.Passages = len(kb.Passages)
	for i, d := range kb.Docs {
		dv := docView{
			Anchor:    "doc-" + strconv.Itoa(i+1),
			Title:     d.Title,
			Path:      d.Path,
			URL:       answer.LinkURL(d.URL),
			Publisher: d.Publisher,
			Language:  d.Language,
			Format:    formatText(d),
			LoadedAt:  v.LoadedAt,
			Problems:  s.problemsOf(d.Path, st.Problems),
			Warnings:  s.problemsOf(d.Path, st.Warnings),
		}
		if !d.Date.IsZero() {
			dv.Date = d.Date.UTC().Format(dayLayout)
		}
		for _, p := range d.Passages {
			dv.Passages = append(dv.Passages, passageView{
				Anchor:  "passage-" + p.ID,
				Number:  p.Number,
				Page:    p.Page,
				Heading: p.Heading,
				Lines:   lineRange(p),
				Text:    p.Text(),
			})
		}
		v.Docs = append(v.Docs, dv)
	}
	return v
}

// outcome says in a sentence how the last reload went.
func outcome(st library.Status) string {
	switch {
	case st.Documents == 0:
		return "No knowledge loaded."
	case st.Ready:
		return fmt.Sprintf("The last reload succeeded: %d %s, %d %s.", st.Documents, plural(st.Documents, "document"), st.Passages, plural(st.Passages, "passage"))
	}
	return "The latest change has problems: the bot answers from the knowledge loaded at " + timeText(st.LoadedAt) + "."
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// problemsOf picks the problems (or warnings) that name the file at path
// (relative to the knowledge folder): "<folder>/<path>:…".
func (s *server) problemsOf(path string, problems []string) []string {
	prefix := knowledge.InFolder(s.knowledgeDir, path) + ":"
	var out []string
	for _, p := range problems {
		if strings.HasPrefix(p, prefix) {
			out = append(out, p)
		}
	}
	return out
}

func lineRange(p *knowledge.Passage) string {
	if p.EndLine <= p.StartLine {
		return "line " + strconv.Itoa(p.StartLine)
	}
	return "lines " + strconv.Itoa(p.StartLine) + "–" + strconv.Itoa(p.EndLine)
}

// timeText writes an instant for the page, or "" for the zero time.
func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

// formatText names the format a document was extracted from, with its
// page count when it has pages: "PDF, 20 pages".
func formatText(d *knowledge.Document) string {
	switch {
	case d.Format == "":
		return ""
	case d.Pages == 1:
		return d.Format + ", 1 page"
	case d.Pages > 1:
		return fmt.Sprintf("%s, %d pages", d.Format, d.Pages)
	}
	return d.Format
}
