package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	// docxMain is the document's text. Word, LibreOffice, Google Docs and
	// pandoc all write it there, so the package's relationships, which
	// could name another part, are not read.
	docxMain = "word/document.xml"
	// docxMaxEntries bounds the files a Word package may hold. A real
	// document has a few dozen (a few hundred with many pictures); a zip
	// of millions of empty entries costs memory just to list.
	docxMaxEntries = 10000
	// docxMaxDepth bounds XML element nesting. Word's deepest real
	// structures (tables in tables, content controls, text boxes) stay far
	// below it.
	docxMaxDepth = 256
)

// DOCX extracts paragraphs, headings and list items of a Word document as
// Markdown.
//
// Only the main text is read (word/document.xml), with the styles that say
// which paragraphs are headings (word/styles.xml) and the list definitions
// that say which lists are numbered (word/numbering.xml). Deleted tracked
// changes are left out and inserted ones kept, as the document reads once
// the changes are accepted; hidden text, field codes and tables of contents
// are left out. A table becomes one paragraph per row, its cells joined by
// " | ". Headers, footers, footnotes and comments are not read.
//
// Every part is read through a cap of 8×lim.MaxText bytes, so a zip bomb
// is refused with ErrTooLarge after that much work.
func DOCX(data []byte, lim Limits) (doc *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, fmt.Errorf("extract docx: internal error: %v", r)
		}
	}()
	maxText := blockLimit(lim)
	pkg, err := openDocx(data, 8*maxText)
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	if pkg.files[docxMain] == nil {
		return nil, fmt.Errorf("extract docx: no %s: not a Word document", docxMain)
	}
	styles, err := pkg.styles()
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	numbering, err := pkg.numbering()
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	title, err := pkg.title()
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	body, err := pkg.part(docxMain)
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	w := newBlockWriter(maxText)
	p := newDocxBody(w, styles, numbering)
	if err := p.read(body); err != nil {
		return nil, fmt.Errorf("extract docx: %s: %w", docxMain, err)
	}
	md, err := w.markdown()
	if err != nil {
		return nil, fmt.Errorf("extract docx: %w", err)
	}
	if md == "" {
		return nil, errors.New("extract docx: the document has no text")
	}
	if title == "" {
		title = p.firstTitle
	}
	return &Doc{Title: title, Markdown: md}, nil
}

// docxPackage is the zip a .docx is, read with a cap on each part's size.
type docxPackage struct {
	files   map[string]*zip.File
	maxPart int64
}

func openDocx(data []byte, maxPart int64) (*docxPackage, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a Word file (a .docx is a zip): %w", err)
	}
	if n := len(zr.File); n > docxMaxEntries {
		return nil, fmt.Errorf("%d files in the package, over %d: %w", n, docxMaxEntries, ErrTooLarge)
	}
	pkg := &docxPackage{files: make(map[string]*zip.File, len(zr.File)), maxPart: maxPart}
	for _, f := range zr.File {
		if _, dup := pkg.files[f.Name]; !dup {
			pkg.files[f.Name] = f
		}
	}
	return pkg, nil
}

// part opens the named part for reading, or returns nil when the package
// has none. The reader refuses to inflate more than maxPart bytes whatever
// the zip claims; a claim already over it is refused before inflating.
func (p *docxPackage) part(name string) (io.Reader, error) {
	f := p.files[name]
	if f == nil {
		return nil, nil
	}
	if f.UncompressedSize64 > uint64(p.maxPart) {
		return nil, fmt.Errorf("%s: %d bytes uncompressed, over %d: %w", name, f.UncompressedSize64, p.maxPart, ErrTooLarge)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	// Closing only releases the decompressor; nothing here holds a file.
	return &docxCapReader{r: rc, left: p.maxPart, name: name}, nil
}

// decode unmarshals the named part into v; a missing part leaves v as is.
func (p *docxPackage) decode(name string, v any) error {
	r, err := p.part(name)
	if err != nil || r == nil {
		return err
	}
	d := xml.NewDecoder(r)
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// title is the title in the document's properties (docProps/core.xml).
func (p *docxPackage) title() (string, error) {
	var core struct {
		Title string `xml:"title"`
	}
	if err := p.decode("docProps/core.xml", &core); err != nil {
		return "", err
	}
	return blockText(core.Title), nil
}

// docxCapReader reads at most left bytes from r and fails with ErrTooLarge if
// r has more.
type docxCapReader struct {
	r    io.Reader
	left int64
	name string
}

func (c *docxCapReader) Read(b []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, err := io.ReadFull(c.r, one[:]); n == 0 {
			return 0, err // io.EOF: the part ends right at the cap
		}
		return 0, fmt.Errorf("%s inflates past the limit: %w", c.name, ErrTooLarge)
	}
	if int64(len(b)) > c.left {
		b = b[:c.left]
	}
	n, err := c.r.Read(b)
	c.left -= int64(n)
	return n, err
}

// wordNS reports whether space is WordprocessingML's namespace
// (transitional, as Word writes, or strict ISO 29500).
func wordNS(space string) bool {
	return space == "http://schemas.openxmlformats.org/wordprocessingml/2006/main" ||
		space == "http://purl.oclc.org/ooxml/wordprocessingml/main"
}

// wordVal returns the w:val attribute of a WordprocessingML element.
func wordVal(e xml.StartElement) string {
	for _, a := range e.Attr {
		if a.Name.Local == "val" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// wordOn reports whether a toggle property (<w:vanish/>, <w:vanish
// w:val="false"/>) is on: present, and not switched off by its value.
func wordOn(e xml.StartElement) bool {
	switch wordVal(e) {
	case "0", "false", "off":
		return false
	}
	return true
}
