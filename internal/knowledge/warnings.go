package knowledge

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"
)

// NearDuplicateShare is how much of a document's text, in passages, must
// also be in another document for the two to be reported as near
// duplicates.
const NearDuplicateShare = 0.8

// minSharedWords is the fewest words a passage needs to count towards a
// near duplicate: short lines ("Background", "Russia") recur in documents
// of one kind without one copying the other.
const minSharedWords = 4

// documentFormat names the formats people most often drop into the
// knowledge folder expecting them to be read, and says how to make them
// readable; "" for others.
func documentFormat(ext string) string {
	switch ext {
	case ".doc":
		return "an old Word document (.doc); save it as .docx"
	case ".odt":
		return "an OpenDocument text; save it as .docx"
	case ".rtf":
		return "an RTF document; save it as .docx"
	case ".epub":
		return "an EPUB book"
	case ".mhtml", ".mht":
		return "a web archive; save the page as \"Webpage, HTML only\" (.html)"
	}
	return ""
}

// Warnings reports what moderators should know about b though nothing in
// it stops the bot from answering: the files it skipped, since only
// Markdown, text, PDF, web pages and Word documents are read, and documents that repeat one another,
// whose passages would each be cited twice. Each is about a whole file
// (Line 0), as a path relative to the folder; they come in path order.
func Warnings(b *Base) []Problem {
	out := skippedWarnings(b.Skipped)
	out = append(out, Duplicates(b.Docs)...)
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// skippedWarnings says why each skipped file was not read. README notes
// and editors' backup files are skipped silently: they are not meant as
// knowledge.
func skippedWarnings(skipped []string) []Problem {
	var out []Problem
	for _, rel := range skipped {
		if dir, ok := strings.CutSuffix(rel, "/"); ok {
			out = append(out, Problem{Path: dir, Msg: "skipped: a link to a folder is not followed; move or copy the folder into the knowledge folder instead"})
			continue
		}
		name := path.Base(rel)
		ext := strings.ToLower(path.Ext(name))
		if isNote(name) || strings.HasSuffix(name, "~") || ext == ".swp" || ext == ".swx" || name == "4913" {
			continue
		}
		what := documentFormat(ext)
		if what == "" {
			what = "not a file type the bot reads"
		}
		out = append(out, Problem{Path: rel, Msg: "skipped: " + what + "; only Markdown (.md), text (.txt), PDF (.pdf), web pages (.html, .htm) and Word (.docx) files are read"})
	}
	return out
}

// isNote reports README files, notes for the people who edit the folder.
func isNote(name string) bool {
	ext := path.Ext(name)
	switch strings.ToLower(ext) {
	case ".md", ".txt", ".html", ".htm", ".pdf", ".docx":
		return strings.EqualFold(strings.TrimSuffix(name, ext), "README")
	}
	return false
}

// Duplicates reports documents that repeat another: the same text once
// spacing and capitals are set aside (front matter and headings, which are
// never quoted, aside too), or at least NearDuplicateShare of their
// passages found in another document. The warning goes to the document
// that repeats the other, or for two copies to the later in path order.
func Duplicates(docs []*Document) []Problem {
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b *Document) int { return strings.Compare(a.Path, b.Path) })

	// Each document's passages folded, and which documents hold each.
	type doc struct {
		d      *Document
		whole  string
		shared []string // distinct passages long enough to count
	}
	all := make([]doc, len(docs))
	holders := map[string][]int{}
	for i, d := range docs {
		var whole []string
		seen := map[string]bool{}
		for _, p := range d.Passages {
			f := foldText(p.Text())
			whole = append(whole, f)
			if seen[f] || strings.Count(f, " ")+1 < minSharedWords {
				continue
			}
			seen[f] = true
			all[i].shared = append(all[i].shared, f)
			holders[f] = append(holders[f], i)
		}
		all[i].d, all[i].whole = d, strings.Join(whole, "\n")
	}

	var out []Problem
	copies := map[int]bool{} // exact copies, warned about as such
	firstWith := map[string]int{}
	for i, a := range all {
		if a.whole == "" {
			continue
		}
		if j, ok := firstWith[a.whole]; ok {
			copies[i] = true
			out = append(out, Problem{Path: a.d.Path, Msg: fmt.Sprintf(
				"duplicate of %s: the same text, setting spacing and capitals aside, so every answer from it is cited twice: remove one of the two", all[j].d.Path)})
			continue
		}
		firstWith[a.whole] = i
	}
	reported := map[[2]int]bool{}
	for i, a := range all {
		if len(a.shared) == 0 || copies[i] {
			continue
		}
		inOther := map[int]int{} // other document → a's passages it holds
		for _, f := range a.shared {
			for _, j := range holders[f] {
				if j != i && !copies[j] {
					inOther[j]++
				}
			}
		}
		for _, j := range slices.Sorted(maps.Keys(inOther)) {
			n := inOther[j]
			if float64(n) < NearDuplicateShare*float64(len(a.shared)) {
				continue
			}
			pair := [2]int{min(i, j), max(i, j)}
			if reported[pair] {
				continue
			}
			// When each holds most of the other, warn once, on the later.
			b := all[j]
			if j > i && shareIn(b.shared, holders, i) >= NearDuplicateShare {
				continue
			}
			reported[pair] = true
			out = append(out, Problem{Path: a.d.Path, Msg: fmt.Sprintf(
				"near-duplicate of %s: %d of its %d passages are also there, so answers from them are cited twice: remove the copy, or the passages it repeats",
				b.d.Path, n, len(a.shared))})
		}
	}
	slices.SortStableFunc(out, func(a, b Problem) int { return strings.Compare(a.Path, b.Path) })
	return out
}

// shareIn is the share of passages held by document j.
func shareIn(passages []string, holders map[string][]int, j int) float64 {
	if len(passages) == 0 {
		return 0
	}
	n := 0
	for _, f := range passages {
		if slices.Contains(holders[f], j) {
			n++
		}
	}
	return float64(n) / float64(len(passages))
}

// foldText is s with runs of white space made one space and lower case:
// two copies of a text differ in little else.
func foldText(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}
