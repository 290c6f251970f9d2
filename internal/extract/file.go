package extract

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Formats names the file types an extractor reads, by lower-case
// extension, as moderators know them.
var Formats = map[string]string{
	".pdf":  "PDF",
	".html": "web page",
	".htm":  "web page",
	".docx": "Word document",
}

// Format returns the name of the format a file name is read as, and
// whether an extractor reads it.
func Format(name string) (string, bool) {
	f, ok := Formats[strings.ToLower(filepath.Ext(name))]
	return f, ok
}

// File extracts a file of any format in Formats, chosen by its name.
func File(ctx context.Context, name string, data []byte, lim Limits) (*Doc, error) {
	if lim.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, lim.Timeout)
		defer cancel()
	}
	var d *Doc
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".pdf":
		d, err = PDF(ctx, data, lim)
	case ".html", ".htm":
		d, err = HTML(data, lim)
	case ".docx":
		d, err = DOCX(data, lim)
	default:
		return nil, fmt.Errorf("extract %s: not a format iccbot reads (PDF, web page, Word)", filepath.Base(name))
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(d.Markdown) == "" {
		return nil, fmt.Errorf("no text found in the file")
	}
	return d, nil
}

// frontMatter is what an extracted file's front matter says.
type frontMatter struct {
	Title string `yaml:"title,omitempty"`
	URL   string `yaml:"url,omitempty"`
	Pages int    `yaml:"pages,omitempty"`
}

// MarkdownFile is the document as a knowledge file: YAML front matter
// (title, url, pages) and the body. The bot reads an extracted file
// exactly as it would this text saved into the knowledge folder.
func (d *Doc) MarkdownFile() []byte {
	var b strings.Builder
	fm := frontMatter{strings.TrimSpace(d.Title), d.URL, d.Pages}
	if fm != (frontMatter{}) {
		out, err := yaml.Marshal(fm)
		if err == nil { // three plain fields always marshal
			b.WriteString("---\n")
			b.Write(out)
			b.WriteString("---\n\n")
		}
	}
	b.WriteString(strings.TrimRight(d.Markdown, "\n"))
	b.WriteString("\n")
	return []byte(b.String())
}
