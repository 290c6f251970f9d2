package extract

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	readability "codeberg.org/readeck/go-readability/v2"
)

// readFixture returns a file under testdata.
func readFixture(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile("testdata/" + path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// blocks returns the non-blank lines of md: its headings, paragraphs and
// list items, one each.
func blocks(md string) []string {
	var out []string
	for line := range strings.SplitSeq(md, "\n") {
		if strings.TrimSpace(line) != "" {
			out = append(out, line)
		}
	}
	return out
}

// briefingBody returns the lines of the briefing's Markdown, without its
// front matter: the text the web page was made from.
func briefingBody(t *testing.T) []string {
	t.Helper()
	src, err := os.ReadFile("../../knowledge/hrw-icc-asp-2025.md")
	if err != nil {
		t.Fatal(err)
	}
	body := string(src)
	if rest, ok := strings.CutPrefix(body, "---\n"); ok {
		_, body, ok = strings.Cut(rest, "\n---\n")
		if !ok {
			t.Fatal("briefing: front matter not closed")
		}
	}
	return blocks(body)
}

// The saved page must give back the briefing exactly: every heading,
// paragraph and list item as one line, word for word (curly quotes,
// dashes), in order, and nothing else, so the bot answers from the page as
// it does from the Markdown. If the briefing changes, run
// testdata/html/make.sh.
func TestHTMLBriefingIsTheSourceText(t *testing.T) {
	doc, err := HTML(readFixture(t, "html/briefing.html"), DefaultLimits)
	if err != nil {
		t.Fatalf("HTML(briefing.html): %v", err)
	}
	want := briefingBody(t)
	got := blocks(doc.Markdown)
	for _, line := range want {
		if !slices.Contains(got, line) {
			t.Errorf("HTML(briefing.html) lacks the line %q", line)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("HTML(briefing.html) blocks =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(doc.Markdown, "\n\n") || strings.Contains(doc.Markdown, "\n\n\n") {
		t.Errorf("HTML(briefing.html): blocks not separated by exactly one blank line:\n%s", doc.Markdown)
	}
}

func TestHTMLFixtures(t *testing.T) {
	tests := []struct {
		file, title, url string
		// absent are words of the page's navigation, menus, cookie
		// banners, share bars, sidebars, footers and scripts.
		absent []string
	}{
		{
			file:  "briefing.html",
			title: "ICC Member Countries Should Protect Court",
			url:   "https://www.hrw.org/news/2025/11/24/icc-member-countries-should-protect-court",
			absent: []string{
				"cookie", "privacy choices", "Accept all", "Reject", "partners",
				"Donate", "Countries", "Topics", "Multimedia", "Careers", "Africa",
				"Skip to main content", "Search", "Share on", "Facebook", "Bluesky",
				"Email", "Print", "Photograph", "Get Updates", "Subscribe",
				"Privacy Policy", "Contact Us", "Corrections", "Registered Charity",
				"dataLayer", "gtag", "function", "font-family", "schema.org",
			},
		},
		{
			file:  "news.html",
			title: "Council approves river flood defences",
			url:   "https://gazette.example.org/news/2025/03/council-approves-flood-defences",
			absent: []string{
				"We value your privacy", "cookies", "143 partners", "I Accept",
				"More Options", "Horoscopes", "Classifieds", "Log in", "What’s On",
				"Related articles", "More on this story", "bakery", "Read more",
				"Most read", "Derby", "lottery", "external service", "Load the video",
				"Morning Briefing", "Sign up", "Hidden tracking notice", "Copyright",
				"Terms and conditions", "Advertise", "display:none",
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			doc, err := HTML(readFixture(t, "html/"+tc.file), DefaultLimits)
			if err != nil {
				t.Fatalf("HTML(%s): %v", tc.file, err)
			}
			if doc.Title != tc.title || doc.URL != tc.url {
				t.Errorf("HTML(%s) title, URL = %q, %q; want %q, %q", tc.file, doc.Title, doc.URL, tc.title, tc.url)
			}
			for _, w := range tc.absent {
				if strings.Contains(doc.Markdown, w) {
					t.Errorf("HTML(%s) keeps boilerplate %q", tc.file, w)
				}
			}
			if doc.Pages != 0 || strings.Contains(doc.Markdown, "<!--") {
				t.Errorf("HTML(%s): page markers in a format without pages", tc.file)
			}
		})
	}
}

// The news page's article, in full: headings at their levels, list items
// numbered as the page numbers them, the table row by row, the quote,
// the <pre> block by line group, entities decoded, the soft hyphen and
// zero-width space gone, "e" + combining accent composed (NFC), and the
// byline and headline left to readability (the headline is the title).
func TestHTMLNewsMarkdown(t *testing.T) {
	want := `Eastmere’s city council voted 9–2 on Tuesday night to fund a €14.5 million flood wall along the River Lune, ending a debate that has run since the floods of 2021.

The wall will run for 2.3 km between the Old Bridge and the rail yard. Work starts in June and should finish before the winter of 2026 — if the contractor keeps to the schedule.

## What the plan includes

The council’s plan has three parts:

1. A concrete wall, 1.8 metres high, along the north bank.

2. Two pumping stations that empty the storm drains when the river is high.

3. A warning system that sends a text message to every household in the flood zone.

## Who pays

The national government pays 60% of the cost & the city pays the rest from its reserve fund. Residents will not see a rise in council tax, the finance committee said.

Source | Amount | Share

National government | €8.7 million | 60%

City reserve fund | €5.8 million | 40%

## Reactions

“We have waited four years for this. Every spring we move the furniture upstairs and hope,” said Aino Virtanen, who runs the Café Lune on Quay Street.

Councillor Tomás Ibáñez, one of the two votes against, said the money would be better spent on moving homes away from the river. “A wall only moves the water to the next town,” he said.

### Public meetings

The council will hold two public meetings about the building work:

- Monday 10 March, 18:00, at the Town Hall.

- Thursday 13 March, 18:00, at the Lune Community Centre.

Written comments go to the Planning Office, 1 Market Square, Eastmere.

Flood levels at the Old Bridge gauge: 2019 3.1 m 2021 4.6 m

Average spring level 2.2 m

The contractor, Nordbau Group, built similar walls in two other towns on the Lune.
`
	doc, err := HTML(readFixture(t, "html/news.html"), DefaultLimits)
	if err != nil {
		t.Fatalf("HTML(news.html): %v", err)
	}
	if doc.Markdown != want {
		t.Errorf("HTML(news.html) =\n%s\nwant\n%s", doc.Markdown, want)
	}
}

// The news page hides its consent notice and related stories inside the
// article, where readability alone keeps them: this is why boilerplate is
// removed by name first. If a readability upgrade drops them itself, this
// test says the fixture no longer proves the rule.
func TestHTMLReadabilityAloneKeepsNewsBoilerplate(t *testing.T) {
	f, err := os.Open("testdata/html/news.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	art, err := readability.FromReader(f, nil)
	if err != nil || art.Node == nil {
		t.Fatalf("readability.FromReader(news.html) = %v, %v", art.Node, err)
	}
	text := htmlText(art.Node)
	for _, w := range []string{"Load the video", "More on this story"} {
		if !strings.Contains(text, w) {
			t.Errorf("readability alone drops %q: the fixture no longer tests boilerplate removal", w)
		}
	}
}

func TestHTMLTitleAndURL(t *testing.T) {
	const body = `<body><article><p>The article text, long enough to read.</p></article></body>`
	tests := []struct {
		name, head, title, url string
	}{
		{"og:title over title", `<title>Page title | Site</title><meta property="og:title" content="Open Graph title">`, "Open Graph title", ""},
		{"site suffix removed", `<title>The story | Daily Planet</title><meta property="og:site_name" content="Daily Planet">`, "The story", ""},
		{"dash suffix removed", `<title>The story - Daily Planet</title><meta name="application-name" content="daily planet">`, "The story", ""},
		{"site prefix removed", `<title>Daily Planet – The story</title><meta property="og:site_name" content="Daily Planet">`, "The story", ""},
		{"unknown suffix kept", `<title>Budget 2026 | A summary</title>`, "Budget 2026 | A summary", ""},
		{"site name from JSON-LD", `<title>The story | Daily Planet</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"The story","publisher":{"@type":"Organization","name":"Daily Planet"}}</script>`, "The story", ""},
		{"entities and spaces", `<title>  Caf&eacute;
			 &amp; bar </title>`, "Café & bar", ""},
		{"canonical", `<link rel="canonical" href="https://example.org/a"><meta property="og:url" content="https://example.org/b">`, "", "https://example.org/a"},
		{"relative canonical: og:url", `<link rel="canonical" href="/a"><meta property="og:url" content="http://example.org/b">`, "", "http://example.org/b"},
		{"not http", `<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="ftp://example.org/b">`, "", ""},
		{"rel list", `<link rel="alternate canonical" href="https://example.org/c">`, "", "https://example.org/c"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := HTML([]byte("<html><head>"+tc.head+"</head>"+body+"</html>"), DefaultLimits)
			if err != nil {
				t.Fatalf("HTML: %v", err)
			}
			if doc.Title != tc.title || doc.URL != tc.url {
				t.Errorf("HTML(%s) title, URL = %q, %q; want %q, %q", tc.head, doc.Title, doc.URL, tc.title, tc.url)
			}
		})
	}
}

func TestHTMLBlocks(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"headings", `<article><h2>Part one</h2><p>First.</p><h3>Sub part</h3><p>Second.</p><h6>Small</h6><p>Third.</p></article>`,
			"## Part one\n\nFirst.\n\n### Sub part\n\nSecond.\n\n###### Small\n\nThird.\n"},
		{"title heading kept without a title", `<h1>Only heading</h1><p>One.</p>`, "# Only heading\n\nOne.\n"},
		{"lists", `<p>Items:</p><ol start="3"><li>three</li><li value="7">seven</li><li>eight<ul><li>inner</li></ul></li></ol><ul><li><p>para in item</p></li></ul>`,
			"Items:\n\n3. three\n\n7. seven\n\n8. eight\n\n- inner\n\n- para in item\n"},
		{"one line per paragraph", "<p>wrapped\n   source\tline<br>after a break</p>", "wrapped source line after a break\n"},
		{"blockquote and pre", "<blockquote>Quoted text</blockquote><pre>x  1\ny  2\n  \nz  3</pre>", "Quoted text\n\nx 1 y 2\n\nz 3\n"},
		{"table", `<table><caption>Fees</caption><tr><th>Item</th><th>Fee</th></tr><tr><td>Card</td><td>€2</td></tr><tr><td></td><td></td></tr></table>`,
			"Fees\n\nItem | Fee\n\nCard | €2\n"},
		{"text as written", `<p>Caf&eacute; cafe&#769; &amp; &lt;b&gt; &ldquo;q&rdquo; &nbsp;co&shy;op zero&#8203;width&#x200D; a&#1;b &#8211; c</p>`,
			"Café café & <b> “q” coop zerowidth ab – c\n"},
		{"hidden and code", `<p>Visible.</p><div hidden>Hidden div.</div><p aria-hidden="true">Aria hidden.</p><p class="sr-only">Opens in a new window</p><script>var s = "script words";</script><style>.x{}</style><noscript>Enable JavaScript</noscript>`,
			"Visible.\n"},
		{"windows-1252 page", "<html><head><meta charset=\"windows-1252\"></head><body><p>caf\xe9 \x93quoted\x94</p></body></html>", "café “quoted”\n"},
		{"byte order mark", "\xef\xbb\xbf<p>Text.</p>", "Text.\n"},
		{"tiny page", `<body><nav><a href="/">Home</a> <a href="/shop">Shop</a></nav><p>Opening hours: 9 to 5.</p><footer>© Shop Ltd</footer></body>`,
			"Opening hours: 9 to 5.\n"},
		{"only the title: readability finds nothing, the body is read", `<html><head><title>Closed today</title></head><body><nav>Home</nav><h1>Closed today</h1></body></html>`,
			"# Closed today\n"},
		{"text in body", `<body>text directly in body<div>and a div</div></body>`, "text directly in body\n\nand a div\n"},
		{"wrapper named after the sidebar kept", `<body><div class="content-with-sidebar"><p>The article is in here, and it is the only text on the page worth reading.</p><div class="sidebar">Side links</div></div></body>`,
			"The article is in here, and it is the only text on the page worth reading.\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := HTML([]byte(tc.in), DefaultLimits)
			if err != nil {
				t.Fatalf("HTML(%q): %v", tc.in, err)
			}
			if doc.Markdown != tc.want {
				t.Errorf("HTML(%q) =\n%q\nwant\n%q", tc.in, doc.Markdown, tc.want)
			}
		})
	}
}

func TestHTMLRefuses(t *testing.T) {
	small := Limits{MaxText: 64}
	long := "<p>" + strings.Repeat("word ", 30) + "</p>"
	tests := []struct {
		name    string
		in      string
		lim     Limits
		tooBig  bool
		message string
	}{
		{"input over 8×MaxText", strings.Repeat("<p>x</p>", 100), small, true, "bytes"},
		{"text over MaxText", long, small, true, "extracted text"},
		{"nested past the parser's limit", strings.Repeat("<div>", 600) + "x", DefaultLimits, true, "open stack"},
		{"no text", "<html><head><title>Empty</title></head><body><script>x()</script></body></html>", DefaultLimits, false, "no text"},
		{"empty", "", Limits{}, false, "no text"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := HTML([]byte(tc.in), tc.lim)
			if err == nil {
				t.Fatalf("HTML(%.40q) = %q; want an error", tc.in, doc.Markdown)
			}
			if errors.Is(err, ErrTooLarge) != tc.tooBig || !strings.Contains(err.Error(), tc.message) {
				t.Errorf("HTML(%.40q) error = %v; want one saying %q (too large: %v)", tc.in, err, tc.message, tc.tooBig)
			}
		})
	}
	// Within its limits the same page passes.
	if _, err := HTML([]byte(long), Limits{MaxText: 1000}); err != nil {
		t.Errorf("HTML(%.40q, MaxText 1000): %v", long, err)
	}
}

// FuzzHTML checks that no page panics inside the extractor (which would
// surface as an "internal error") and that the output keeps its shape.
func FuzzHTML(f *testing.F) {
	f.Add(readFixture(f, "html/news.html"))
	f.Add([]byte(`<table><tr><td><ul><li><pre>a

b</pre></li></ul></td></tr></table><h7>x</h7>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := HTML(data, Limits{MaxText: 1 << 16})
		if err != nil {
			if strings.Contains(err.Error(), "internal error") {
				t.Fatalf("HTML(%q): %v", data, err)
			}
			return
		}
		checkMarkdownShape(t, doc.Markdown)
	})
}

// checkMarkdownShape checks the shape every extractor here promises: one
// line per block, blocks separated by one blank line, no line with space
// at its ends or a control character.
func checkMarkdownShape(t *testing.T, md string) {
	t.Helper()
	if !strings.HasSuffix(md, "\n") || strings.Contains(md, "\n\n\n") || strings.HasPrefix(md, "\n") {
		t.Fatalf("blocks not separated by one blank line: %q", md)
	}
	for line := range strings.SplitSeq(strings.TrimSuffix(md, "\n"), "\n") {
		if line != strings.TrimSpace(line) {
			t.Fatalf("line with space at its ends: %q", line)
		}
		for _, r := range line {
			if r < 0x20 || r == 0x7f || invisibleRune(r) {
				t.Fatalf("line with control or invisible character %U: %q", r, line)
			}
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	data := readFixture(b, "html/briefing.html")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := HTML(data, DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}
