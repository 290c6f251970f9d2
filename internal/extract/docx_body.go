package extract

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// docxSkipped are WordprocessingML elements whose content is not the
// document's text as it reads: deleted and moved-away tracked changes,
// field codes (the "HYPERLINK …" behind a link, whose shown text is kept),
// the previous formatting kept by tracked formatting changes, and content
// control properties.
var docxSkipped = map[string]bool{
	"del": true, "moveFrom": true, "delText": true, "instrText": true,
	"delInstrText": true, "pPrChange": true, "rPrChange": true,
	"sectPrChange": true, "tblPrChange": true, "trPrChange": true,
	"tcPrChange": true, "numberingChange": true, "sdtPr": true,
	"sdtEndPr": true, "footnoteReference": true, "endnoteReference": true,
}

// docxMarkupCompat is the namespace of mc:AlternateContent, whose mc:Fallback
// repeats the mc:Choice (a text box drawn twice, for old and new Word).
const docxMarkupCompat = "http://schemas.openxmlformats.org/markup-compatibility/2006"

// docxPara is a paragraph being read.
type docxPara struct {
	style      string
	numID      string
	ilvl       string
	text       strings.Builder
	inPPr      bool
	inRun      bool
	hiddenRun  bool
	inText     bool
	inRunProps bool
}

// docxBody reads word/document.xml token by token, so memory stays small
// whatever the document's size, and writes its blocks.
type docxBody struct {
	w          *blockWriter
	styles     docxStyles
	numbering  *docxNumbering
	depth      int
	skipDepth  int         // depth of the skipped element being read, 0 if none
	paras      []*docxPara // open paragraphs; a text box's nest in its anchor's
	tableDepth int
	row        []string
	cell       strings.Builder
	firstTitle string
}

func newDocxBody(w *blockWriter, s docxStyles, n *docxNumbering) *docxBody {
	return &docxBody{w: w, styles: s, numbering: n}
}

// read consumes the document, stopping early once the writer is full.
func (b *docxBody) read(r io.Reader) error {
	d := xml.NewDecoder(r)
	for !b.w.full() {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		if err := b.token(tok); err != nil {
			return err
		}
	}
	return nil
}

func (b *docxBody) token(tok xml.Token) error {
	switch t := tok.(type) {
	case xml.StartElement:
		b.depth++
		if b.depth > docxMaxDepth {
			return fmt.Errorf("elements nested deeper than %d: %w", docxMaxDepth, ErrTooLarge)
		}
		if b.skipDepth == 0 {
			b.start(t)
		}
	case xml.EndElement:
		if b.skipDepth == 0 {
			b.end(t.Name)
		} else if b.depth == b.skipDepth {
			b.skipDepth = 0
		}
		b.depth--
	case xml.CharData:
		if p := b.para(); p != nil && p.inText && !p.hiddenRun && b.skipDepth == 0 {
			p.text.Write(t)
		}
	}
	return nil
}

// para returns the innermost open paragraph, or nil.
func (b *docxBody) para() *docxPara {
	if len(b.paras) == 0 {
		return nil
	}
	return b.paras[len(b.paras)-1]
}

func (b *docxBody) start(e xml.StartElement) {
	if e.Name.Space == docxMarkupCompat && e.Name.Local == "Fallback" || wordNS(e.Name.Space) && docxSkipped[e.Name.Local] {
		b.skipDepth = b.depth
		return
	}
	if !wordNS(e.Name.Space) {
		return
	}
	p := b.para()
	switch e.Name.Local {
	case "p":
		b.paras = append(b.paras, &docxPara{})
	case "tbl":
		b.tableDepth++
	case "tr":
		if b.tableDepth == 1 {
			b.row = b.row[:0]
		}
	case "tc":
		if b.tableDepth == 1 {
			b.cell.Reset()
		}
	}
	if p == nil {
		return
	}
	switch e.Name.Local {
	case "pPr":
		p.inPPr = true
	case "pStyle":
		if p.inPPr {
			p.style = wordVal(e)
		}
	case "numId":
		if p.inPPr {
			p.numID = wordVal(e)
		}
	case "ilvl":
		if p.inPPr {
			p.ilvl = wordVal(e)
		}
	case "r":
		p.inRun, p.hiddenRun = true, false
	case "rPr":
		p.inRunProps = p.inRun
	case "vanish":
		if p.inRunProps {
			p.hiddenRun = wordOn(e)
		}
	case "t":
		p.inText = p.inRun
	case "tab", "ptab", "br", "cr":
		if p.inRun && !p.hiddenRun {
			p.text.WriteByte(' ')
		}
	case "noBreakHyphen":
		if p.inRun && !p.hiddenRun {
			p.text.WriteByte('-')
		}
	}
}

func (b *docxBody) end(n xml.Name) {
	if !wordNS(n.Space) {
		return
	}
	p := b.para()
	switch n.Local {
	case "p":
		if p != nil {
			b.paras = b.paras[:len(b.paras)-1]
			b.paragraph(p)
		}
	case "tc":
		if b.tableDepth == 1 {
			b.row = append(b.row, blockText(b.cell.String()))
		}
	case "tr":
		if b.tableDepth == 1 {
			b.tableRow()
		}
	case "tbl":
		b.tableDepth = max(b.tableDepth-1, 0)
	}
	if p == nil {
		return
	}
	switch n.Local {
	case "pPr":
		p.inPPr = false
	case "r":
		p.inRun, p.hiddenRun = false, false
	case "rPr":
		p.inRunProps = false
	case "t":
		p.inText = false
	}
}

// paragraph writes a finished paragraph: into the table cell being read,
// else as a heading, a list item or a paragraph.
func (b *docxBody) paragraph(p *docxPara) {
	text := p.text.String()
	if b.tableDepth > 0 {
		b.cell.WriteString(text)
		b.cell.WriteByte(' ')
		return
	}
	if b.styles.isTOC(p.style) {
		return
	}
	if level := b.styles.heading(p.style); level > 0 {
		if b.firstTitle == "" && (level == 1 || b.styles.isTitle(p.style)) {
			b.firstTitle = blockText(text)
		}
		b.w.heading(level, text)
		return
	}
	numID, ilvl := p.numID, p.ilvl
	if numID == "" {
		sNum, sLvl := b.styles.list(p.style)
		numID = sNum
		if ilvl == "" {
			ilvl = sLvl
		}
	}
	if numID == "" || numID == "0" || blockText(text) == "" {
		// numId 0 is Word's "no list" (a style's list switched off).
		b.w.paragraph(text)
		return
	}
	if m := b.numbering.marker(numID, ilvl); m != "" {
		b.w.item(m, text)
		return
	}
	b.w.paragraph(text)
}

// tableRow writes the row just read, unless all its cells are empty.
func (b *docxBody) tableRow() {
	for _, c := range b.row {
		if c != "" {
			b.w.paragraph(strings.Join(b.row, " | "))
			return
		}
	}
}
