package extract

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/ascii85"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/ledongthuc/pdf"
)

// The library decodes a stream as it reads it and holds no limit: a few KB
// of Flate inside Flate inflate to gigabytes, which it would take minutes
// to read (and a stream of one unclosed string would be held in memory
// whole). So before the library reads a stream, we read it first, through
// the same decoders, counting bytes into io.Discard: memory stays constant,
// and a file whose streams inflate past a budget is refused as ErrTooLarge.
//
// What is read first: every object stream and cross-reference stream in the
// file (the library reads those while it resolves objects), and each page's
// content streams and its fonts' CMaps just before the library reads that
// page. Content counts against one budget for the file; a CMap, which the
// library reads again at every font change, is capped on its own. An
// encrypted file's object streams cannot be read before the library
// decrypts them: for those, and for anything else, the timeout holds, and
// pdfSource stops the library's reads once it has passed.

// pdfStreamBudget is how many decoded stream bytes a file may hold: 32 times
// the text it may yield (content streams spend bytes on positions and
// fonts), and at least 64 MiB.
func pdfStreamBudget(lim Limits) int64 {
	return max(64<<20, 32*lim.MaxText)
}

// pdfMaxCMap bounds one font's CMap; real ones, even for CJK fonts, are
// under a megabyte.
const pdfMaxCMap = 4 << 20

// pdfSource is the io.ReaderAt the library reads the file through. It fails
// every read once ctx is done, so a library call still decoding when time
// is up stops at its next read. And it shows a PDF 2.0 header as 1.7: the
// library refuses 2.0 by its header alone, though it reads its syntax.
type pdfSource struct {
	ctx  context.Context
	data []byte
	head []byte
}

func newPDFSource(ctx context.Context, data []byte) *pdfSource {
	s := &pdfSource{ctx: ctx, data: data}
	if bytes.HasPrefix(data, []byte("%PDF-2.")) && len(data) > 8 {
		s.head = []byte("%PDF-1.7")
	}
	return s
}

// ReadAt implements io.ReaderAt.
func (s *pdfSource) ReadAt(p []byte, off int64) (int, error) {
	if err := s.ctx.Err(); err != nil {
		return 0, err
	}
	if off < 0 {
		return 0, errors.New("read pdf: negative offset")
	}
	if off >= int64(len(s.data)) {
		return 0, io.EOF
	}
	n := copy(p, s.data[off:])
	for i := off; i < int64(len(s.head)) && i < off+int64(n); i++ {
		p[i-off] = s.head[i]
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

var (
	pdfObjStmRE = regexp.MustCompile(`/Type\s*/(ObjStm|XRef)\b`)
	pdfFilterRE = regexp.MustCompile(`/Filter\s*(\[[^\]]*\]|/[A-Za-z0-9]+)`)
	pdfNameRE   = regexp.MustCompile(`/[A-Za-z0-9]+`)
	pdfLengthRE = regexp.MustCompile(`/Length\s+(\d+)\s*[/>]`)
)

// pdfCheckStreams reads every object stream and cross-reference stream of
// the raw file through its filters, counting the decoded bytes against
// *budget. It finds them by their /Type in the dictionary, without parsing
// the file: a stream it cannot find or decode is one the library cannot
// decode either.
func pdfCheckStreams(ctx context.Context, data []byte, budget *int64) error {
	for _, m := range pdfObjStmRE.FindAllIndex(data, -1) {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("check pdf streams: %w", err)
		}
		dictStart := bytes.LastIndex(data[max(0, m[0]-4096):m[0]], []byte("obj"))
		if dictStart < 0 {
			continue
		}
		dictStart += max(0, m[0]-4096)
		end := min(len(data), m[1]+4096)
		rel := bytes.Index(data[m[1]:end], []byte("stream"))
		if rel < 0 {
			continue
		}
		kw := m[1] + rel
		dict := data[dictStart:kw]
		body := pdfStreamBody(data, kw+len("stream"), dict)
		if err := pdfCountDecoded(ctx, body, pdfFilters(dict), budget); err != nil {
			return fmt.Errorf("check pdf streams: %w", err)
		}
	}
	return nil
}

// pdfStreamBody is the raw data of the stream whose keyword ends at start:
// /Length bytes when the dictionary gives it directly, else up to
// "endstream".
func pdfStreamBody(data []byte, start int, dict []byte) []byte {
	if start < len(data) && data[start] == '\r' {
		start++
	}
	if start < len(data) && data[start] == '\n' {
		start++
	}
	if start > len(data) {
		return nil
	}
	if m := pdfLengthRE.FindSubmatch(dict); m != nil {
		var n int
		if _, err := fmt.Sscan(string(m[1]), &n); err == nil && n >= 0 && n <= len(data)-start {
			return data[start : start+n]
		}
	}
	if i := bytes.Index(data[start:], []byte("endstream")); i >= 0 {
		return data[start : start+i]
	}
	return data[start:]
}

// pdfFilters lists the filter names of a stream dictionary, in order.
func pdfFilters(dict []byte) []string {
	m := pdfFilterRE.FindSubmatch(dict)
	if m == nil {
		return nil
	}
	var names []string
	for _, n := range pdfNameRE.FindAll(m[1], -1) {
		names = append(names, string(n[1:]))
	}
	return names
}

// pdfCountDecoded decodes raw through the filters the library supports
// (FlateDecode and ASCII85Decode; it refuses others) and subtracts the
// decoded length from *budget, failing with ErrTooLarge when it runs out.
// Decoding errors are not ours to report: the library meets them too.
func pdfCountDecoded(ctx context.Context, raw []byte, filters []string, budget *int64) error {
	var r io.Reader = bytes.NewReader(raw)
	for _, f := range filters {
		switch f {
		case "FlateDecode":
			zr, err := zlib.NewReader(r)
			if err != nil {
				return nil
			}
			r = zr
		case "ASCII85Decode":
			r = ascii85.NewDecoder(&pdfA85Clean{r: r})
		default:
			return nil
		}
	}
	return pdfDrain(ctx, r, budget)
}

// pdfDrain reads r to its end or its first error, counting what it yields
// against *budget, checking ctx between chunks.
func pdfDrain(ctx context.Context, r io.Reader, budget *int64) error {
	buf := make([]byte, 64<<10)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		n, err := r.Read(buf)
		*budget -= int64(n)
		if *budget < 0 {
			return fmt.Errorf("pdf streams inflate past their budget: %w", ErrTooLarge)
		}
		if err != nil {
			return nil
		}
	}
}

// pdfA85Clean drops the white space ASCII85 data may hold and stops at its
// "~>" end mark, as encoding/ascii85 does not.
type pdfA85Clean struct {
	r    io.Reader
	done bool
}

func (c *pdfA85Clean) Read(p []byte) (int, error) {
	if c.done {
		return 0, io.EOF
	}
	n, err := c.r.Read(p)
	w := 0
	for _, b := range p[:n] {
		if b == '~' {
			c.done = true
			break
		}
		if b > ' ' {
			p[w] = b
			w++
		}
	}
	if c.done {
		return w, nil
	}
	return w, err
}

// pdfPreread reads a page's content streams and its fonts' CMaps through
// the library's own decoders (so decrypted too) before the library reads
// them, counting content against *budget and each CMap against pdfMaxCMap.
func pdfPreread(ctx context.Context, page pdf.Page, budget *int64) error {
	contents := page.V.Key("Contents")
	var streams []pdf.Value
	switch contents.Kind() {
	case pdf.Stream:
		streams = append(streams, contents)
	case pdf.Array:
		for i := 0; i < contents.Len(); i++ {
			streams = append(streams, contents.Index(i))
		}
	}
	for _, s := range streams {
		if err := pdfDrainStream(ctx, s, budget); err != nil {
			return fmt.Errorf("page content: %w", err)
		}
	}
	fonts := page.Resources().Key("Font")
	for _, name := range fonts.Keys() {
		font := fonts.Key(name)
		for _, key := range []string{"ToUnicode", "Encoding"} {
			cmap := font.Key(key)
			if cmap.Kind() != pdf.Stream {
				continue
			}
			left := int64(pdfMaxCMap)
			if err := pdfDrainStream(ctx, cmap, &left); err != nil {
				return fmt.Errorf("font %s %s: %w", name, key, err)
			}
		}
	}
	return nil
}

// pdfDrainStream drains one stream of the library's, recovering the panic
// by which it reports a filter it does not know.
func pdfDrainStream(ctx context.Context, s pdf.Value, budget *int64) (err error) {
	if s.Kind() != pdf.Stream {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = nil // the library meets the same when it reads the page
		}
	}()
	rc := s.Reader()
	defer rc.Close()
	return pdfDrain(ctx, rc, budget)
}

var (
	pdfStartXrefRE = regexp.MustCompile(`startxref\s+(\d+)`)
	pdfPrevRE      = regexp.MustCompile(`/Prev\s+(\d+)`)
)

// pdfMaxXrefSections bounds the chain of cross-reference sections, one for
// each time the file was saved incrementally.
const pdfMaxXrefSections = 1000

// pdfCheckXrefChain follows the file's cross-reference sections, newest to
// oldest by their /Prev offsets, and fails on a loop: the library follows
// /Prev without remembering where it has been, so a section that names
// itself keeps it reading for ever.
func pdfCheckXrefChain(data []byte) error {
	tail := data[max(0, len(data)-1024):]
	ms := pdfStartXrefRE.FindAllSubmatch(tail, -1)
	if ms == nil {
		return nil // the library says what is wrong
	}
	off, ok := pdfOffset(ms[len(ms)-1][1], len(data))
	seen := map[int]bool{}
	for ok {
		if seen[off] || len(seen) == pdfMaxXrefSections {
			return fmt.Errorf("read pdf: cross-reference sections loop at offset %d", off)
		}
		seen[off] = true
		m := pdfPrevRE.FindSubmatch(pdfXrefDict(data[off:]))
		if m == nil {
			return nil
		}
		off, ok = pdfOffset(m[1], len(data))
	}
	return nil
}

// pdfXrefDict is the dictionary of the cross-reference section at the
// start of b: a table's trailer, or a stream's dictionary.
func pdfXrefDict(b []byte) []byte {
	start := 0
	if bytes.HasPrefix(b, []byte("xref")) {
		if start = bytes.Index(b, []byte("trailer")); start < 0 {
			return nil
		}
	}
	end := len(b)
	for _, kw := range []string{"startxref", "stream"} {
		if i := bytes.Index(b[start:], []byte(kw)); i >= 0 {
			end = min(end, start+i)
		}
	}
	return b[start:end]
}

// pdfOffset parses a file offset, reporting whether it is within the file.
func pdfOffset(digits []byte, size int) (int, bool) {
	n := 0
	for _, d := range digits {
		n = n*10 + int(d-'0')
		if n >= size {
			return 0, false
		}
	}
	return n, true
}
