// PDF text comes from github.com/ledongthuc/pdf (its parser, fonts and
// decoders; we place the glyphs): pure Go, +0.6 MB to a static binary, ~2.5
// ms a page with our layout. pdfium in WebAssembly adds 10.6 MB, compiles
// ~5 s at start, costs ~20 ms a page through wasm and let a Flate bomb take
// 6.8 GB; pdfcpu (+8.2 MB) has no text extraction to speak of.

package extract

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ledongthuc/pdf"
)

// PDF extracts the text layer of a PDF as Markdown (see the package doc).
//
// The library runs in its own goroutine so that PDF returns as soon as ctx
// is done or lim.Timeout has passed, whatever the library is doing; the
// reader it reads through fails once ctx is done, so that goroutine stops
// at its next read rather than running on. Until it has, it may still read
// data: a caller must not reuse data's memory right after a timeout.
func PDF(ctx context.Context, data []byte, lim Limits) (*Doc, error) {
	lim = pdfLimits(lim)
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	type result struct {
		doc *Doc
		err error
	}
	done := make(chan result, 1)
	go func() {
		doc, err := pdfRead(ctx, data, lim)
		done <- result{doc, err}
	}()
	select {
	case r := <-done:
		return r.doc, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("extract pdf: %w", ctx.Err())
	}
}

// pdfLimits fills the limits a caller left at zero from DefaultLimits: a
// zero Limits must not mean a file may cost anything.
func pdfLimits(lim Limits) Limits {
	if lim.MaxText <= 0 {
		lim.MaxText = DefaultLimits.MaxText
	}
	if lim.MaxPages <= 0 {
		lim.MaxPages = DefaultLimits.MaxPages
	}
	if lim.Timeout <= 0 {
		lim.Timeout = DefaultLimits.Timeout
	}
	return lim
}

// pdfRead does the work of PDF. It recovers a panic from the library (which
// reports malformed input by panicking) as an error.
func pdfRead(ctx context.Context, data []byte, lim Limits) (doc *Doc, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, pdfPanicError(ctx, r)
		}
	}()
	if err := pdfCheckXrefChain(data); err != nil {
		return nil, err
	}
	budget := pdfStreamBudget(lim)
	if err := pdfCheckStreams(ctx, data, &budget); err != nil {
		return nil, err
	}
	src := newPDFSource(ctx, data)
	r, err := pdf.NewReader(src, int64(len(data)))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("read pdf: %w", ctx.Err())
		}
		return nil, fmt.Errorf("read pdf: %w", err)
	}
	pages, err := pdfPageTree(ctx, r.Trailer().Key("Root").Key("Pages"), lim.MaxPages)
	if err != nil {
		return nil, err
	}
	glyphs, err := pdfAllGlyphs(ctx, pages, lim, &budget)
	if err != nil {
		return nil, err
	}
	doc, hasText, err := pdfLayout(ctx, glyphs)
	switch {
	case err != nil:
		return nil, err
	case !hasText:
		return nil, ErrNoText
	}
	if title := pdfInfoTitle(r); title != "" {
		doc.Title = title
	}
	if int64(len(doc.Markdown)) > lim.MaxText {
		return nil, fmt.Errorf("pdf text is %d bytes, over %d: %w", len(doc.Markdown), lim.MaxText, ErrTooLarge)
	}
	return doc, nil
}

// pdfPanicError is the error for a panic recovered from the library: ctx's
// error when ctx is done, since the reads failing then are what made the
// library panic, else the panic's message.
func pdfPanicError(ctx context.Context, r any) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("read pdf: %w", err)
	}
	return fmt.Errorf("read pdf: malformed: %v", r)
}

// pdfAllGlyphs reads every page's glyphs, checking ctx between pages and
// the extracted text against lim.MaxText as it grows.
func pdfAllGlyphs(ctx context.Context, pages []pdf.Value, lim Limits, budget *int64) ([][]pdfGlyph, error) {
	all := make([][]pdfGlyph, len(pages))
	var text int64
	for i, page := range pages {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("read pdf page %d: %w", i+1, err)
		}
		g, err := pdfPageGlyphs(ctx, page, budget)
		if err != nil {
			return nil, fmt.Errorf("read pdf page %d: %w", i+1, err)
		}
		for _, x := range g {
			text += int64(len(x.s))
		}
		if text > lim.MaxText {
			return nil, fmt.Errorf("pdf text passes %d bytes by page %d: %w", lim.MaxText, i+1, ErrTooLarge)
		}
		all[i] = g
	}
	return all, nil
}

// pdfMaxTreeDepth bounds the page tree: real trees are a few levels deep,
// and a deeper one is a loop (a node that is its own descendant).
const pdfMaxTreeDepth = 64

// pdfPageTree lists the page objects in order. It walks the tree itself:
// the library's Page(n) walks it from the root for every n, trusts each
// node's /Count, and loops forever on a node that is its own kid. The walk
// stops at max+1 pages whatever the tree claims, so a tree that holds (or
// only says it holds) a billion pages costs no more than max.
func pdfPageTree(ctx context.Context, root pdf.Value, max int) ([]pdf.Value, error) {
	if root.Kind() != pdf.Dict {
		return nil, errors.New("read pdf: no page tree")
	}
	if n := root.Key("Count").Int64(); n > int64(max) {
		return nil, fmt.Errorf("pdf has %d pages, over %d: %w", n, max, ErrTooLarge)
	}
	var pages []pdf.Value
	visits, maxVisits := 0, 4*max+1024
	var walk func(node pdf.Value, depth int) error
	walk = func(node pdf.Value, depth int) error {
		visits++
		switch {
		case depth > pdfMaxTreeDepth:
			return fmt.Errorf("read pdf: page tree deeper than %d levels (a loop?)", pdfMaxTreeDepth)
		case visits > maxVisits:
			return fmt.Errorf("read pdf: page tree has over %d nodes: %w", maxVisits, ErrTooLarge)
		case visits%1024 == 0 && ctx.Err() != nil:
			return fmt.Errorf("read pdf page tree: %w", ctx.Err())
		}
		kids := node.Key("Kids")
		if kids.Kind() != pdf.Array {
			if len(pages) == max {
				return fmt.Errorf("pdf has over %d pages: %w", max, ErrTooLarge)
			}
			pages = append(pages, node)
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if kid := kids.Index(i); kid.Kind() == pdf.Dict {
				if err := walk(kid, depth+1); err != nil {
					return err
				}
			}
		}
		return nil
	}
	if err := walk(root, 0); err != nil {
		return nil, err
	}
	return pages, nil
}

// pdfInfoTitle is the Info dictionary's Title when it names the document,
// "" when it is missing or is what a word processor writes when nobody set
// one: the file's name ("Microsoft Word - report_v2.docx", "draft.pdf"),
// "Untitled", a path.
func pdfInfoTitle(r *pdf.Reader) string {
	t := pdfCleanText(r.Trailer().Key("Info").Key("Title").Text())
	if !pdfTitleOK(t) {
		return ""
	}
	return t
}

// pdfTitleOK reports whether an Info title looks like a real title.
func pdfTitleOK(t string) bool {
	if !pdfHasLetters(t) || len(t) > 300 {
		return false
	}
	low := strings.ToLower(t)
	for _, p := range []string{"microsoft word", "microsoft powerpoint", "microsoft excel", "untitled", "document1", "slide 1"} {
		if strings.HasPrefix(low, p) {
			return false
		}
	}
	if strings.ContainsAny(t, `/\`) && !strings.Contains(t, " ") {
		return false // a path
	}
	for _, ext := range []string{".docx", ".doc", ".pdf", ".odt", ".rtf", ".txt", ".indd", ".tex", ".dvi", ".ps", ".html", ".htm", ".pptx", ".xlsx", ".pages", ".md"} {
		if strings.HasSuffix(low, ext) {
			return false
		}
	}
	return true
}
