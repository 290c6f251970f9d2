package extract

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
)

const (
	wordMain   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	wordStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
)

// makeDocx zips files into a Word package, in name order. Empty files are
// stored rather than deflated: a compressor per entry makes a package of
// thousands of entries slow to build.
func makeDocx(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		method := zip.Deflate
		if files[name] == "" {
			method = zip.Store
		}
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(f, files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wordDoc returns a word/document.xml whose body is body.
func wordDoc(ns, body string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="` + ns + `" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><w:body>` + body + `</w:body></w:document>`
}

// para returns a paragraph in style (none if ""), with list numbering
// (none if numID is ""), of one run per text.
func para(style, numID, ilvl string, texts ...string) string {
	var b strings.Builder
	b.WriteString("<w:p><w:pPr>")
	if style != "" {
		b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
	}
	if numID != "" {
		b.WriteString(`<w:numPr><w:ilvl w:val="` + ilvl + `"/><w:numId w:val="` + numID + `"/></w:numPr>`)
	}
	b.WriteString("</w:pPr>")
	for _, t := range texts {
		b.WriteString(`<w:r><w:t xml:space="preserve">` + t + `</w:t></w:r>`)
	}
	b.WriteString("</w:p>")
	return b.String()
}

func TestDOCXHandbook(t *testing.T) {
	want := `# Riverside Library Volunteer Handbook

# Welcome

Thank you for giving your time to the Riverside Library. This handbook explains what volunteers do, when the building is open and whom to ask for help.

Volunteers are the library’s “second staff” — without them the Saturday reading club, the homework café and the book mending table would not exist.

## Opening hours

The library opens at 09:00 and closes at 18:00 from Monday to Friday. On Saturdays it closes at 13:00.

Day | Opens | Closes

Monday to Friday | 09:00 | 18:00

Saturday | 09:00 | 13:00

Sunday | closed | closed

## Your first day

Before your first shift, please do the following:

1. Collect your badge from the front desk.

2. Read the fire safety notice in the staff room.

3. Sign the volunteer register with the duty librarian.

### What to bring

- A reusable water bottle.

- Comfortable shoes, since you will be standing a lot.

- Your own reading glasses if you mend books.

## Who to ask

For questions about shifts, write to Zoë Müller, the volunteer coordinator. In an emergency, call the duty librarian on extension 214.
`
	doc, err := DOCX(readFixture(t, "docx/handbook.docx"), DefaultLimits)
	if err != nil {
		t.Fatalf("DOCX(handbook.docx): %v", err)
	}
	if doc.Title != "Riverside Library Volunteer Handbook" || doc.URL != "" || doc.Pages != 0 {
		t.Errorf("DOCX(handbook.docx) = title %q, URL %q, %d pages; want the handbook's title only", doc.Title, doc.URL, doc.Pages)
	}
	if doc.Markdown != want {
		t.Errorf("DOCX(handbook.docx) =\n%s\nwant\n%s", doc.Markdown, want)
	}
}

const testStyles = `<?xml version="1.0"?><w:styles xmlns:w="` + wordMain + `">
<w:style w:type="paragraph" w:styleId="Standard"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titel"><w:name w:val="Title"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="heading 2"/></w:style>
<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="My Heading"/><w:basedOn w:val="berschrift2"/></w:style>
<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="LoopA"><w:name w:val="Loop A"/><w:basedOn w:val="LoopB"/></w:style>
<w:style w:type="paragraph" w:styleId="LoopB"><w:name w:val="Loop B"/><w:basedOn w:val="LoopA"/></w:style>
<w:style w:type="paragraph" w:styleId="Verzeichnis1"><w:name w:val="toc 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Aufzaehlung"><w:name w:val="List Number"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="character" w:styleId="Heading1Char"><w:name w:val="heading 1 char"/></w:style>
</w:styles>`

// Lists: 1 and 5 share definition 0 (decimal, then lowerLetter), so 5
// continues 1's count; 3 shares it too but restarts at 1; 2 is bullets; 4
// shows no marker.
const testNumbering = `<?xml version="1.0"?><w:numbering xmlns:w="` + wordMain + `">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/></w:lvl></w:abstractNum>
<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="none"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`

func TestDOCXFeatures(t *testing.T) {
	tests := []struct {
		name  string
		ns    string
		body  string
		extra map[string]string
		title string
		want  string
	}{
		{
			name: "tracked changes accepted",
			body: `<w:p><w:r><w:t xml:space="preserve">Kept </w:t></w:r><w:del w:id="1"><w:r><w:delText>deleted </w:delText></w:r><w:r><w:t>gone </w:t></w:r></w:del>` +
				`<w:ins w:id="2"><w:r><w:t>inserted</w:t></w:r></w:ins><w:moveFrom w:id="3"><w:r><w:t> moved away</w:t></w:r></w:moveFrom></w:p>`,
			want: "Kept inserted\n",
		},
		{
			name: "runs, tabs, breaks, hidden text",
			body: `<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t></w:r>` +
				`<w:r><w:rPr><w:vanish/></w:rPr><w:t> hidden</w:t><w:tab/></w:r><w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve"> shown</w:t></w:r>` +
				`<w:r><w:t xml:space="preserve"> co</w:t><w:softHyphen/><w:t>op  and</w:t><w:noBreakHyphen/><w:t>so&#xAD;on&#x200B;.</w:t></w:r></w:p>`,
			want: "a b c d shown coop and-soon.\n",
		},
		{
			name: "fields and links",
			body: `<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>` +
				`<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>link text</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>` +
				`<w:p><w:hyperlink w:history="1"><w:r><w:t>other link</w:t></w:r></w:hyperlink><w:fldSimple w:instr="PAGE"><w:r><w:t> 7</w:t></w:r></w:fldSimple></w:p>`,
			want: "link text\n\nother link 7\n",
		},
		{
			name:  "styles by name: localised, custom, outline, title, loops, contents",
			extra: map[string]string{"word/styles.xml": testStyles},
			body: para("Verzeichnis1", "", "", "Chapter one 3") + para("Titel", "", "", "Der Titel") + para("berschrift1", "", "", "Eins") +
				para("MyHeading", "", "", "Custom two") + para("Chapter", "", "", "Outline three") + para("LoopA", "", "", "Loop body") +
				para("Heading4", "", "", "Unknown id four") + para("Standard", "", "", "Plain"),
			title: "Der Titel",
			want:  "# Der Titel\n\n# Eins\n\n## Custom two\n\n### Outline three\n\nLoop body\n\n#### Unknown id four\n\nPlain\n",
		},
		{
			name:  "title from the first heading 1 without properties",
			body:  para("Heading2", "", "", "Two") + para("Heading1", "", "", "One") + para("Title", "", "", "Later title"),
			title: "One",
			want:  "## Two\n\n# One\n\n# Later title\n",
		},
		{
			name:  "title from document properties",
			extra: map[string]string{"docProps/core.xml": `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title> Annual  report </dc:title></cp:coreProperties>`},
			body:  para("Heading1", "", "", "Introduction"),
			title: "Annual report",
			want:  "# Introduction\n",
		},
		{
			name:  "lists",
			extra: map[string]string{"word/styles.xml": testStyles, "word/numbering.xml": testNumbering},
			body: para("", "1", "0", "one") + para("", "1", "1", "sub a") + para("", "1", "1", "sub b") + para("", "1", "0", "two") +
				para("", "1", "1", "sub again") + para("", "2", "0", "bullet") + para("", "5", "0", "three") +
				para("Aufzaehlung", "", "", "four by style") + para("", "3", "0", "restarted") + para("", "4", "0", "no marker") +
				para("", "0", "0", "numbering off") + para("", "99", "0", "unknown list") + para("", "1", "0", ""),
			want: "1. one\n\n1. sub a\n\n2. sub b\n\n2. two\n\n1. sub again\n\n- bullet\n\n3. three\n\n4. four by style\n\n" +
				"1. restarted\n\nno marker\n\nnumbering off\n\n- unknown list\n",
		},
		{
			name: "lists without numbering.xml are bullets",
			body: para("", "1", "0", "first") + para("", "1", "0", "second"),
			want: "- first\n\n- second\n",
		},
		{
			name: "tables",
			body: `<w:tbl><w:tr><w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>B1</w:t></w:r></w:p><w:p><w:r><w:t>B2</w:t></w:r></w:p></w:tc></w:tr>` +
				`<w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr>` +
				`<w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>in</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>ner</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc>` +
				`<w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr></w:tbl>` + para("", "", "", "After."),
			want: "A | B1 B2\n\nin ner | C\n\nAfter.\n",
		},
		{
			name: "text box once, not its fallback copy",
			body: `<w:p><w:r><w:t xml:space="preserve">Anchor text</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>` +
				para("", "", "", "Box text") + `</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>` +
				para("", "", "", "Box text") + `</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>` +
				`<w:p><w:r><a:t>drawing text</a:t><w:t>Word text</w:t></w:r></w:p>`,
			want: "Box text\n\nAnchor text\n\nWord text\n",
		},
		{
			name: "strict namespace",
			ns:   wordStrict,
			body: para("Heading2", "", "", "Strict") + para("", "", "", "Body."),
			want: "## Strict\n\nBody.\n",
		},
		{
			name: "text as written",
			body: para("", "", "", "Cafe\u0301 \u201cq\u201d &amp; &lt;x&gt; \u2013 a\u00a0b"),
			want: "Café “q” & <x> – a b\n",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ns := tc.ns
			if ns == "" {
				ns = wordMain
			}
			files := map[string]string{"word/document.xml": wordDoc(ns, tc.body)}
			maps.Copy(files, tc.extra)
			doc, err := DOCX(makeDocx(t, files), DefaultLimits)
			if err != nil {
				t.Fatalf("DOCX: %v", err)
			}
			if doc.Markdown != tc.want || doc.Title != tc.title {
				t.Errorf("DOCX = title %q,\n%q\nwant title %q,\n%q", doc.Title, doc.Markdown, tc.title, tc.want)
			}
		})
	}
}

// lyingZip is a package whose document.xml says it is 10 bytes long and
// inflates to 100 KB.
func lyingZip(t *testing.T) []byte {
	t.Helper()
	content := []byte(wordDoc(wordMain, para("", "", "", strings.Repeat("x", 100_000))))
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(content)
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: "word/document.xml", Method: zip.Deflate, CRC32: crc32.ChecksumIEEE(content),
		CompressedSize64: uint64(comp.Len()), UncompressedSize64: 10,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(comp.Bytes())
	zw.Close()
	return buf.Bytes()
}

func TestDOCXRefuses(t *testing.T) {
	doc := func(body string) []byte {
		return makeDocx(t, map[string]string{"word/document.xml": wordDoc(wordMain, body)})
	}
	many := map[string]string{"word/document.xml": wordDoc(wordMain, para("", "", "", "x"))}
	for i := range docxMaxEntries {
		many[fmt.Sprintf("media/%d", i)] = ""
	}
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		tooBig  bool
		message string
	}{
		{"truncated", readFixture(t, "docx/truncated.docx"), DefaultLimits, false, "not a Word file"},
		{"plain text", readFixture(t, "docx/notzip.docx"), DefaultLimits, false, "not a Word file"},
		{"no document.xml", readFixture(t, "docx/nodocument.docx"), DefaultLimits, false, "no word/document.xml"},
		{"zip bomb", readFixture(t, "docx/bomb.docx"), DefaultLimits, true, "word/document.xml"},
		{"size the zip lies about", lyingZip(t), DefaultLimits, false, "zip"},
		{"too many entries", makeDocx(t, many), DefaultLimits, true, "files in the package"},
		{"deep nesting", doc(strings.Repeat("<w:sdt>", 300) + "x" + strings.Repeat("</w:sdt>", 300)), DefaultLimits, true, "nested deeper"},
		{"text over MaxText", doc(para("", "", "", strings.Repeat("word ", 40))), Limits{MaxText: 100}, true, "extracted text"},
		{"part over 8×MaxText", doc(strings.Repeat(" ", 1000) + para("", "", "", "x")), Limits{MaxText: 100}, true, "uncompressed"},
		{"styles over 8×MaxText", makeDocx(t, map[string]string{
			"word/document.xml": wordDoc(wordMain, para("", "", "", "x")),
			"word/styles.xml":   `<w:styles xmlns:w="` + wordMain + `">` + strings.Repeat(" ", 1000) + `</w:styles>`,
		}), Limits{MaxText: 100}, true, "word/styles.xml"},
		{"malformed XML", doc("<w:p><w:r><w:t>open"), DefaultLimits, false, "XML syntax error"},
		{"entity definitions", makeDocx(t, map[string]string{"word/document.xml": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="` + wordMain + `"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`}),
			DefaultLimits, false, "entity"},
		{"no text", doc("<w:p/><w:sectPr/>"), DefaultLimits, false, "no text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := DOCX(tc.data, tc.lim)
			if err == nil {
				t.Fatalf("DOCX(%s) = %q; want an error", tc.name, doc.Markdown)
			}
			if errors.Is(err, ErrTooLarge) != tc.tooBig || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("DOCX(%s) error = %v; want one saying %q (too large: %v)", tc.name, err, tc.message, tc.tooBig)
			}
		})
	}
}

func TestDocxCapReader(t *testing.T) {
	tests := []struct {
		size, limit int
		tooBig      bool
	}{
		{10, 10, false},
		{9, 10, false},
		{11, 10, true},
		{1 << 20, 1000, true},
	}
	for _, tc := range tests {
		r := &docxCapReader{r: strings.NewReader(strings.Repeat("x", tc.size)), left: int64(tc.limit), name: "part"}
		n, err := io.Copy(io.Discard, r)
		if errors.Is(err, ErrTooLarge) != tc.tooBig || n > int64(tc.limit) || !tc.tooBig && err != nil {
			t.Errorf("reading %d bytes capped at %d = %d, %v; want too large: %v", tc.size, tc.limit, n, err, tc.tooBig)
		}
	}
}

// FuzzDOCX checks that no package panics inside the extractor and that the
// output keeps its shape.
func FuzzDOCX(f *testing.F) {
	f.Add(readFixture(f, "docx/handbook.docx"))
	f.Add(makeDocx(f, map[string]string{"word/document.xml": wordDoc(wordMain, para("Heading1", "1", "0", "a")+"<w:tbl><w:tr><w:tc>"+para("", "", "", "b")+"</w:tc></w:tr></w:tbl>")}))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := DOCX(data, Limits{MaxText: 1 << 16})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("DOCX: %v", err)
			}
			return
		}
		checkMarkdownShape(t, doc.Markdown)
	})
}

func BenchmarkDOCX(b *testing.B) {
	data := readFixture(b, "docx/handbook.docx")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := DOCX(data, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
