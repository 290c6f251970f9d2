package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The fixtures in testdata/pdf are made by real tools (Chromium, groff,
// img2pdf) and by hostile.py; testdata/pdf/make.sh makes them all again.

func pdfFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func pdfExtract(t *testing.T, name string) *Doc {
	t.Helper()
	doc, err := PDF(context.Background(), pdfFixture(t, name), DefaultLimits)
	if err != nil {
		t.Fatalf("PDF(%s): %v", name, err)
	}
	return doc
}

// pdfSentences splits the body of a knowledge-folder Markdown file into
// sentences, naïvely: at ". ", "? ", "! " (after any closing quote), with
// list markers dropped.
func pdfSentences(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	body := string(data)
	if strings.HasPrefix(body, "---\n") {
		body = body[strings.Index(body[4:], "\n---\n")+9:]
	}
	var out []string
	for _, line := range strings.Split(body, "\n") {
		line = strings.TrimPrefix(strings.TrimSpace(line), "- ")
		for _, s := range regexp.MustCompile(`[.!?][”’"]?\s+`).Split(line, -1) {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// pdfCheckMarkers checks that markers 1..pages are there, in order, each on
// its own line between blank lines.
func pdfCheckMarkers(t *testing.T, md string, pages int) {
	t.Helper()
	last := -1
	for n := 1; n <= pages; n++ {
		m := PageMarker(n)
		i := strings.Index(md, m)
		switch {
		case i < 0:
			t.Errorf("no %q", m)
			continue
		case strings.Count(md, m) != 1:
			t.Errorf("%q %d times", m, strings.Count(md, m))
		case i <= last:
			t.Errorf("%q out of order", m)
		case n == 1 && !strings.HasPrefix(md, m+"\n\n"):
			t.Errorf("%q does not open the text", m)
		case n > 1 && !strings.Contains(md, "\n\n"+m+"\n\n"):
			t.Errorf("%q is not a line of its own between blank lines", m)
		}
		last = i
	}
	if strings.Contains(md, PageMarker(pages+1)) {
		t.Errorf("marker past the last page %d", pages)
	}
}

// pdfCheckOrder checks that each of parts is in md, after the one before.
func pdfCheckOrder(t *testing.T, md string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(md[at:], p)
		if i < 0 {
			t.Errorf("%q not found after %q", p, md[max(0, at-40):at])
			return
		}
		at += i + len(p)
	}
}

// TestPDFBriefing checks the briefing Chromium printed: plain, with its
// header and footer, and in two columns. Every sentence of its Markdown
// source is in the text, verbatim, so that questions are answered from the
// PDF as from the source.
func TestPDFBriefing(t *testing.T) {
	sentences := pdfSentences(t, "../../knowledge/hrw-icc-asp-2025.md")
	if len(sentences) < 15 {
		t.Fatalf("%d sentences in the source; want 15 or more", len(sentences))
	}
	// The paragraph that runs from page 1 onto page 2 is whole, and page
	// 2's marker comes after it.
	overPage := []string{
		"Russian arrest warrants issued in 2023 and 2024 against ICC officials remain pending.",
		"espionage.\n\n" + PageMarker(2) + "\n\n“Government efforts",
	}
	for _, tc := range []struct {
		name  string
		pages int
		order []string
	}{
		{"briefing.pdf", 3, overPage},
		{"briefing-hf.pdf", 3, overPage},
		// The paragraph that runs from the first column into the second is
		// whole; page 2 starts with the last paragraph.
		{"briefing-2col.pdf", 2, []string{
			"and Palestinian civil society organizations in an attack on justice and the international rule of law. Russian",
			"in Gaza.\n\n…\n\n" + PageMarker(2) + "\n\nGovernment sanctions",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := pdfExtract(t, tc.name)
			if want := "Human Rights Watch briefing on the ICC Assembly of States Parties 2025"; doc.Title != want {
				t.Errorf("Title = %q; want %q", doc.Title, want)
			}
			if doc.Pages != tc.pages {
				t.Errorf("Pages = %d; want %d", doc.Pages, tc.pages)
			}
			for _, s := range sentences {
				if !strings.Contains(doc.Markdown, s) {
					t.Errorf("sentence not in the text: %q", s)
				}
			}
			pdfCheckMarkers(t, doc.Markdown, doc.Pages)
			pdfCheckOrder(t, doc.Markdown, tc.order...)
			for _, junk := range []string{"file:", "/tmp", "1/3", "AM "} {
				if strings.Contains(doc.Markdown, junk) {
					t.Errorf("running header or footer %q left in the text", junk)
				}
			}
		})
	}
}

// TestPDFReport checks a groff report: running headers, footers and page
// numbers gone, hyphenated words whole, ligatures folded, footnote marks
// dropped, headings and list items marked.
func TestPDFReport(t *testing.T) {
	doc := pdfExtract(t, "report.pdf")
	md := doc.Markdown
	if doc.Title != "Justice Under Pressure" || doc.Pages != 3 {
		t.Errorf("Title, Pages = %q, %d; want %q, 3", doc.Title, doc.Pages, "Justice Under Pressure")
	}
	pdfCheckMarkers(t, md, 3)
	t.Run("running lines", func(t *testing.T) {
		if n := strings.Count(md, "Justice Under Pressure"); n != 1 {
			t.Errorf("the running header's text is there %d times; want once, as the title", n)
		}
		for _, junk := range []string{"November 2025", "Page 1", "Page 2", "Page 3"} {
			if strings.Contains(md, junk) {
				t.Errorf("running line %q left in the text", junk)
			}
		}
	})
	t.Run("hyphenation", func(t *testing.T) {
		// Each word groff broke at a line's end, in its context.
		for _, want := range []string{
			"vulnerable to interference", "that cooperation has been", "in difficult circumstances",
			"security reasons", "protective measures", "office nevertheless completed",
			"evidence. Prosecutors now rely", "and financial records", "itself a challenge",
			"case management system", "The order was followed", "of the prosecutor, and later",
			"of several Palestinian", "joint statements of", "the sanctions within",
			"and communications services", "from the consequences", "to accept these",
			"of a determination", "single greatest weakness", "without being arrested",
			"The assembly has the authority to respond", "a transparent procedure",
			"reassure victims", "that support victims", "without additional resources",
			"crimes they suffered.", "commits member countries", "for responding to findings",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("no %q", want)
			}
		}
		for _, want := range []string{"long-standing", "open-source", "non-member", "non-compliance", "cyber-attack", "decision-making"} {
			if !strings.Contains(md, want) {
				t.Errorf("no %q: a compound's own hyphen was lost", want)
			}
		}
	})
	t.Run("ligatures", func(t *testing.T) {
		if strings.ContainsAny(md, "ﬀﬁﬂﬃﬄ") {
			t.Error("ligature characters left in the text")
		}
		for _, want := range []string{"difficult", "field offices", "first flight", "efficient", "reflection", "financial"} {
			if !strings.Contains(md, want) {
				t.Errorf("no %q", want)
			}
		}
	})
	t.Run("footnotes", func(t *testing.T) {
		for _, junk := range []string{"evidence.1", "organizations.2"} {
			if strings.Contains(md, junk) {
				t.Errorf("footnote mark left in %q", junk)
			}
		}
		// The paragraph page 1 breaks off is joined first, then page 1's
		// footnote, then page 2's marker.
		pdfCheckOrder(t, md, "organizations. The effect of these measures",
			"for their own businesses.\n\n1 The figures in this report come from",
			"September.\n\n"+PageMarker(2)+"\n\nMember countries responded unevenly.")
	})
	t.Run("blocks", func(t *testing.T) {
		for _, want := range []string{
			"\n\n# Justice Under Pressure\n\n",
			"\n\n## 1. Introduction\n\n",
			"\n\n## 3. Cooperation and arrests\n\n",
			"\n\n- activating blocking statutes that prohibit compliance with the sanctions within the jurisdiction of member countries;\n\n",
			"\n\n- protecting the staff of the court and their families from the consequences of the designations, including when they travel.\n\n",
		} {
			if !strings.Contains(md, want) {
				t.Errorf("no %q", want)
			}
		}
	})
}

// TestPDFColumns checks a two-column groff page: columns read one after
// the other, a paragraph running from one column (or page) into the next
// made whole, and a title that is a word processor's file name ignored.
func TestPDFColumns(t *testing.T) {
	doc := pdfExtract(t, "twocol.pdf")
	md := doc.Markdown
	if doc.Title != "How the Court Works" {
		t.Errorf("Title = %q; want the heading, not the Info title", doc.Title)
	}
	pdfCheckMarkers(t, md, 2)
	var starts []string
	for _, n := range strings.Fields("one two three four five six seven eight nine ten eleven twelve thirteen fourteen") {
		// Each paragraph is one line, its sentences in order.
		re := regexp.MustCompile(`(?m)^Paragraph ` + n + ` says that [^\n]* This is why paragraph ` + n + ` matters to people who follow the court’s work, and why it ends here\.$`)
		if !re.MatchString(md) {
			t.Errorf("paragraph %s is not one line of its own sentences", n)
		}
		starts = append(starts, "\n\nParagraph "+n+" says")
	}
	pdfCheckOrder(t, md, starts...)
	// Paragraph five ends the first column and goes on in the second.
	pdfCheckOrder(t, md, "paid through the trust fund when the convicted person has no means.")
	// Paragraph ten goes on over the page; page 2's marker follows it.
	pdfCheckOrder(t, md, "when an accused person cannot afford counsel.", "ends here.\n\n"+PageMarker(2)+"\n\nParagraph eleven")
	if regexp.MustCompile(`(?m)^-\s*2\s*-$`).MatchString(md) {
		t.Error("page number left in the text")
	}
}

// TestPDFScan checks that a PDF with pages but no text layer is ErrNoText.
func TestPDFScan(t *testing.T) {
	_, err := PDF(context.Background(), pdfFixture(t, "scan.pdf"), DefaultLimits)
	if !errors.Is(err, ErrNoText) {
		t.Errorf("PDF(scan.pdf) = %v; want ErrNoText", err)
	}
}

// TestPDFHostile checks that hostile files are refused with an error, and
// bombs as ErrTooLarge, well within the limits; none may panic.
func TestPDFHostile(t *testing.T) {
	lim := Limits{MaxText: 1 << 20, MaxPages: 500, Timeout: 10 * time.Second}
	for _, tc := range []struct {
		name    string
		data    []byte
		tooMuch bool
	}{
		{name: "truncated.pdf"},
		{name: "bomb-count.pdf", tooMuch: true},
		{name: "bomb-pages.pdf", tooMuch: true},
		{name: "bomb-flate.pdf", tooMuch: true},
		{name: "bomb-nested.pdf"},
		{name: "bomb-deepdict.pdf"},
		{name: "loop-xref.pdf"},
		{name: "loop-pages.pdf"},
		{name: "loop-ref.pdf"},
		{name: "empty", data: []byte{}},
		{name: "not a pdf", data: []byte("<html><body>hello</body></html>")},
		{name: "header only", data: []byte("%PDF-1.7\n%%EOF\n")},
		{name: "garbage xref", data: []byte("%PDF-1.4\n1 0 obj << >> endobj\nstartxref\n999999\n%%EOF\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := tc.data
			if data == nil {
				data = pdfFixture(t, tc.name)
			}
			doc, err := PDF(context.Background(), data, lim)
			switch {
			case err == nil:
				t.Fatalf("PDF(%s) = %q, nil; want an error", tc.name, doc.Markdown)
			case errors.Is(err, context.DeadlineExceeded):
				t.Errorf("PDF(%s) ran out of time (%v); want it refused first", tc.name, err)
			case tc.tooMuch && !errors.Is(err, ErrTooLarge):
				t.Errorf("PDF(%s) = %v; want ErrTooLarge", tc.name, err)
			}
		})
	}
}

// TestPDFLimits checks MaxPages and MaxText.
func TestPDFLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		lim  Limits
	}{
		{"MaxPages", Limits{MaxPages: 2}},
		{"MaxText", Limits{MaxText: 1000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PDF(context.Background(), pdfFixture(t, "report.pdf"), tc.lim)
			if !errors.Is(err, ErrTooLarge) {
				t.Errorf("PDF(report.pdf, %+v) = %v; want ErrTooLarge", tc.lim, err)
			}
		})
	}
	if _, err := PDF(context.Background(), pdfFixture(t, "report.pdf"), Limits{MaxPages: 3, MaxText: 20000}); err != nil {
		t.Errorf("PDF(report.pdf) at its limits: %v", err)
	}
}

// TestPDFContext checks that a cancelled context or a passed timeout ends
// the extraction with the context's error.
func TestPDFContext(t *testing.T) {
	data := pdfFixture(t, "long.pdf")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PDF(ctx, data, DefaultLimits); !errors.Is(err, context.Canceled) {
		t.Errorf("PDF(cancelled) = %v; want context.Canceled", err)
	}
	if _, err := PDF(context.Background(), data, Limits{Timeout: time.Nanosecond}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("PDF(1ns timeout) = %v; want context.DeadlineExceeded", err)
	}
}

func TestPDFJoinHyphen(t *testing.T) {
	v := &pdfVocab{
		closed:     map[string]bool{"prosecutor": true},
		hyphenated: map[string]bool{"re-elected": true},
	}
	for _, tc := range []struct{ a, b, want string }{
		{"the organi-", "zation of", "the organization of"},      // closed form is a word
		{"the prose-", "cutor said", "the prosecutor said"},      // the document spells it closed
		{"may be re-", "elected once", "may be re-elected once"}, // the document spells it hyphenated
		{"a cyber-", "attack in June", "a cyber-attack in June"}, // "attack" is a word, "cyberattack" not
		{"long-", "standing adversaries", "long-standing adversaries"},
		{"complemen-", "tarity applies", "complementarity applies"}, // neither: hyphenation
		{"Franco-", "German border", "Franco-German border"},
		{"COVID-", "19 cases", "COVID-19 cases"},
		{"pages 10-", "12", "pages 10-12"},
		{"the court -", "which", "the court - which"},
		{"organi\u00ad", "zation", "organization"},
		{"the end.", "Next", "the end. Next"},
	} {
		if got := pdfJoinLines([]string{tc.a, tc.b}, v); got != tc.want {
			t.Errorf("pdfJoinLines(%q, %q) = %q; want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestPDFIsPageNumber(t *testing.T) {
	for s, want := range map[string]bool{
		"7": true, "- 7 -": true, "-7-": true, "Page 7": true, "page 7 of 20": true, "7 of 20": true,
		"7/20": true, "p. 7": true, "iv": true, "— 12 —": true,
		"2025":      true, // a bare number at a page's edge: dropped too
		"Chapter 7": false, "7 December 2025": false, "Justice Under Pressure": false, "IV. Findings": false,
	} {
		if got := pdfIsPageNumber(s); got != want {
			t.Errorf("pdfIsPageNumber(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestPDFTitleOK(t *testing.T) {
	for s, want := range map[string]bool{
		"Human Rights Watch briefing on the ICC": true,
		"Microsoft Word - notes_final2.docx":     false,
		"report_v2.pdf":                          false,
		"Untitled":                               false,
		"C:\\Users\\me\\draft":                   false,
		"":                                       false,
		"   ":                                    false,
	} {
		if got := pdfTitleOK(s); got != want {
			t.Errorf("pdfTitleOK(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestPDFCleanGlyph(t *testing.T) {
	for in, want := range map[string]string{
		"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl",
		"\x00": "", "\x1b": "", "\ufffd": "", "\u200b": "", "\ue000": "",
		"\uf0b7": "•", "\u00a0": " ", "’": "’", "é": "é",
	} {
		if got := pdfCleanGlyph(in); got != want {
			t.Errorf("pdfCleanGlyph(%q) = %q; want %q", in, got, want)
		}
	}
}

// BenchmarkPDFPage measures one page of the groff report, the cost that
// grows with a document's length.
func BenchmarkPDFPage(b *testing.B) {
	pdfBench(b, "report.pdf")
}

// BenchmarkPDF100Pages measures a 100-page report.
func BenchmarkPDF100Pages(b *testing.B) {
	pdfBench(b, "long.pdf")
}

func pdfBench(b *testing.B, name string) {
	data := pdfFixture(b, name)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	pages := 0
	for b.Loop() {
		doc, err := PDF(context.Background(), data, DefaultLimits)
		if err != nil {
			b.Fatal(err)
		}
		pages = doc.Pages
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*pages), "ms/page")
}

// FuzzPDF checks that no input makes the extractor hang or crash: pdfRead
// is called directly, so an input it cannot finish within its time fails
// here rather than being cut off by PDF.
func FuzzPDF(f *testing.F) {
	for _, name := range []string{"twocol.pdf", "loop-ref.pdf", "loop-pages.pdf", "bomb-count.pdf", "bomb-nested.pdf"} {
		f.Add(pdfFixture(f, name))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		lim := Limits{MaxText: 1 << 20, MaxPages: 50, Timeout: 5 * time.Second}
		if _, err := pdfRead(ctx, data, lim); errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("pdfRead ran out of time on %d bytes", len(data))
		}
	})
}
