// Package extract reads the documents moderators have in hand but that are
// not Markdown — PDF reports, web pages saved from a browser, Word files —
// and turns each into the Markdown the knowledge folder reads.
//
// One model serves every format: an extractor yields Markdown text (headings
// as "# ", paragraphs separated by blank lines, list items as "- "), and
// package knowledge cuts and quotes that text exactly as it does a Markdown
// file, so every quote is still checked to be an exact span of what was
// extracted. Page breaks are kept as marker lines ("<!-- page 7 -->"), which
// package knowledge reads in any Markdown file, so a moderator who saves the
// output of "iccbot extract" into the knowledge folder keeps the pages too.
package extract

import (
	"errors"
	"fmt"
	"time"
)

// Doc is what an extractor read from a file.
type Doc struct {
	// Title is the document's title from its metadata (PDF Info, the web
	// page's <title> or og:title, Word's core properties), else its first
	// heading; "" when it has none.
	Title string
	// URL is the page's canonical address (web pages), "" when unknown.
	URL string
	// Markdown is the body: no front matter; headings as "# Heading" lines,
	// paragraphs and list items separated by blank lines, and for paged
	// formats a PageMarker line before the first block of each page.
	Markdown string
	// Pages is the number of pages (PDF); 0 for formats without pages.
	Pages int
}

// Limits bound the work one file may cost, so that a hostile file (a PDF
// bomb: a huge page count, deep nesting, a compressed-stream bomb) is
// refused rather than taking the bot down.
type Limits struct {
	// MaxText is the most extracted text, in bytes, a file may yield.
	MaxText int64
	// MaxPages is the most pages a PDF may have.
	MaxPages int
	// Timeout is the longest one file's extraction may take.
	Timeout time.Duration
}

// DefaultLimits are generous for real reports (a 500-page PDF, 4 MiB of
// text) and small enough that a bomb is refused within seconds.
var DefaultLimits = Limits{MaxText: 4 << 20, MaxPages: 2000, Timeout: 20 * time.Second}

// PageMarker is the line that opens page n in extracted Markdown.
func PageMarker(n int) string { return fmt.Sprintf("<!-- page %d -->", n) }

// ErrNoText is returned for a PDF without a text layer (a scan).
var ErrNoText = errors.New("no text layer; run OCR on it first")

// ErrTooLarge is returned (wrapped) when a file goes past a Limit.
var ErrTooLarge = errors.New("too large")
