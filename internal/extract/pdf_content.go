package extract

import (
	"context"
	"errors"
	"math"

	"github.com/ledongthuc/pdf"
)

// We interpret content streams ourselves, with the library's tokenizer
// (pdf.Interpret), fonts and decoders, rather than call its Page.Content:
// that one reads glyph widths as if every font had one-byte codes, so for
// the two-byte (CID) fonts browsers and word processors embed it puts every
// glyph of a text run at the same x, losing word gaps and columns; it
// ignores form XObjects (whose text would be lost); and it parses a font's
// CMap again at every font change.

// pdfMaxFormDepth bounds forms drawn inside forms; a form that draws
// itself would otherwise recurse until the stack runs out.
const pdfMaxFormDepth = 8

type pdfMatrix [6]float64 // a b c d e f, as PDF writes it

var pdfIdentity = pdfMatrix{1, 0, 0, 1, 0, 0}

// mul is m then n: the matrix that maps by m, then by n.
func (m pdfMatrix) mul(n pdfMatrix) pdfMatrix {
	return pdfMatrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// pdfFont is what reading text in one font needs. It keeps each code's
// text and width once read: the library looks a code up by walking the
// font's arrays again at every glyph.
type pdfFont struct {
	enc     pdf.TextEncoding
	twoByte bool            // codes are two bytes (a Type0 font)
	widths  map[int]float64 // by code, in glyph space
	dw      float64         // the width of a code not in widths
	scale   float64         // glyph space to text space: 1/1000, or a Type3 font's matrix
	bold    bool
	texts   map[int]string
}

// width is the advance of code in text space units per unit of font size.
func (f *pdfFont) width(code int) float64 {
	if w, ok := f.widths[code]; ok {
		return w * f.scale
	}
	if code == ' ' && !f.twoByte && f.dw == 500 {
		return 0.25
	}
	return f.dw * f.scale
}

// text is what code reads as.
func (f *pdfFont) text(raw string, code int) string {
	s, ok := f.texts[code]
	if !ok {
		s = f.enc.Decode(raw)
		f.texts[code] = s
	}
	return s
}

// newPDFFont reads a font dictionary.
func newPDFFont(v pdf.Value) *pdfFont {
	f := &pdfFont{scale: 0.001, texts: map[int]string{}}
	simple := pdf.Font{V: v}
	f.enc = simple.Encoder()
	if f.enc == nil {
		f.enc = pdfNopEncoding{}
	}
	name := v.Key("BaseFont").Name()
	if v.Key("Subtype").Name() == "Type0" {
		f.twoByte, f.dw = true, 1000
		d := v.Key("DescendantFonts").Index(0)
		name = d.Key("BaseFont").Name()
		if dw := d.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
			f.dw = dw.Float64()
		}
		f.widths = pdfCIDWidths(d.Key("W"))
	} else {
		f.widths = pdfSimpleWidths(v)
		if len(f.widths) == 0 {
			f.dw = 500 // a standard font, whose widths are not in the file: a guess
		}
	}
	if m := v.Key("FontMatrix"); v.Key("Subtype").Name() == "Type3" && m.Len() == 6 {
		f.scale = m.Index(0).Float64()
	}
	f.bold = pdfIsBold(name) || v.Key("FontDescriptor").Key("FontWeight").Float64() >= 600
	return f
}

// pdfSimpleWidths reads a simple font's /Widths, from /FirstChar on.
func pdfSimpleWidths(v pdf.Value) map[int]float64 {
	ws := v.Key("Widths")
	first := int(v.Key("FirstChar").Int64())
	out := make(map[int]float64, ws.Len())
	for i := 0; i < ws.Len() && i < 256; i++ {
		out[first+i] = ws.Index(i).Float64()
	}
	return out
}

// pdfNopEncoding reads codes as Latin-1, for a font the library has no
// encoding for.
type pdfNopEncoding struct{}

func (pdfNopEncoding) Decode(raw string) string {
	r := make([]rune, len(raw))
	for i := 0; i < len(raw); i++ {
		r[i] = rune(raw[i])
	}
	return string(r)
}

// pdfMaxWidths bounds the widths read from one CID font's /W array, which
// a hostile file could make claim a range of billions of codes.
const pdfMaxWidths = 1 << 16

// pdfCIDWidths reads a CID font's /W array: "c [w1 w2 …]" gives widths
// from code c on, "c1 c2 w" one width for codes c1 to c2.
func pdfCIDWidths(w pdf.Value) map[int]float64 {
	out := map[int]float64{}
	for i := 0; i+1 < w.Len() && len(out) < pdfMaxWidths; {
		c := int(w.Index(i).Int64())
		if next := w.Index(i + 1); next.Kind() == pdf.Array {
			for j := 0; j < next.Len() && len(out) < pdfMaxWidths; j++ {
				out[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		if i+2 >= w.Len() {
			break
		}
		last, width := int(w.Index(i+1).Int64()), w.Index(i+2).Float64()
		for code := c; code <= last && len(out) < pdfMaxWidths; code++ {
			out[code] = width
		}
		i += 3
	}
	return out
}

// pdfState is the part of the graphics state text depends on.
type pdfState struct {
	ctm                     pdfMatrix
	tc, tw, th, tl, tfs, ts float64
	font                    *pdfFont
}

// pdfInterp reads the text of one page's content.
type pdfInterp struct {
	ctx    context.Context
	budget *int64
	out    []pdfGlyph
	ops    int
}

// pdfInterpret returns the glyphs a page shows.
func pdfInterpret(ctx context.Context, page pdf.Page, budget *int64) ([]pdfGlyph, error) {
	in := &pdfInterp{ctx: ctx, budget: budget}
	err := in.run(page.V.Key("Contents"), page.Resources(), pdfIdentity, 0)
	return in.out, err
}

// run interprets one content stream (or array of them) with its resources.
func (in *pdfInterp) run(content, res pdf.Value, ctm pdfMatrix, depth int) error {
	if depth > pdfMaxFormDepth {
		return errors.New("forms nest too deep")
	}
	fonts := map[string]*pdfFont{} // by resource name, for this stream
	g := pdfState{ctm: ctm, th: 1}
	var stack []pdfState
	var tm, tlm pdfMatrix
	var err error
	pdf.Interpret(content, func(stk *pdf.Stack, op string) {
		if err != nil {
			return
		}
		args := make([]pdf.Value, stk.Len())
		for i := len(args) - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			stack = append(stack, g)
		case "Q":
			if n := len(stack); n > 0 {
				g, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			g.ctm = pdfMatrix{num(0), num(1), num(2), num(3), num(4), num(5)}.mul(g.ctm)
		case "BT":
			tm, tlm = pdfIdentity, pdfIdentity
		case "Tc":
			g.tc = num(0)
		case "Tw":
			g.tw = num(0)
		case "Tz":
			g.th = num(0) / 100
		case "TL":
			g.tl = num(0)
		case "Ts":
			g.ts = num(0)
		case "Tf":
			if len(args) == 2 {
				g.font, g.tfs = in.font(fonts, res, args[0].Name()), num(1)
			}
		case "Td", "TD":
			if op == "TD" {
				g.tl = -num(1)
			}
			tlm = pdfMatrix{1, 0, 0, 1, num(0), num(1)}.mul(tlm)
			tm = tlm
		case "Tm":
			tlm = pdfMatrix{num(0), num(1), num(2), num(3), num(4), num(5)}
			tm = tlm
		case "T*":
			tlm = pdfMatrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
		case "'", "\"":
			if op == "\"" && len(args) == 3 {
				g.tw, g.tc = num(0), num(1)
				args = args[2:]
			}
			tlm = pdfMatrix{1, 0, 0, 1, 0, -g.tl}.mul(tlm)
			tm = tlm
			fallthrough
		case "Tj":
			if len(args) > 0 {
				in.show(&g, &tm, args[len(args)-1].RawString())
			}
		case "TJ":
			if len(args) == 0 {
				break
			}
			for a, i := args[0], 0; i < a.Len(); i++ {
				if x := a.Index(i); x.Kind() == pdf.String {
					in.show(&g, &tm, x.RawString())
				} else {
					tm = pdfMatrix{1, 0, 0, 1, -x.Float64() / 1000 * g.tfs * g.th, 0}.mul(tm)
				}
			}
		case "Do":
			if len(args) == 1 {
				err = in.form(res.Key("XObject").Key(args[0].Name()), res, g.ctm, depth)
			}
		}
		if in.ops++; in.ops%4096 == 0 && in.ctx.Err() != nil {
			err = in.ctx.Err()
		}
	})
	return err
}

// font returns the font a stream's resources name, read once per stream.
func (in *pdfInterp) font(fonts map[string]*pdfFont, res pdf.Value, name string) *pdfFont {
	if f, ok := fonts[name]; ok {
		return f
	}
	f := newPDFFont(res.Key("Font").Key(name))
	fonts[name] = f
	return f
}

// form draws a form XObject (not an image), reading its stream against the
// budget first, as pdfPreread does for the page's content.
func (in *pdfInterp) form(x, res pdf.Value, ctm pdfMatrix, depth int) error {
	if x.Kind() != pdf.Stream || x.Key("Subtype").Name() != "Form" {
		return nil
	}
	if err := pdfDrainStream(in.ctx, x, in.budget); err != nil {
		return err
	}
	m := pdfIdentity
	if mv := x.Key("Matrix"); mv.Len() == 6 {
		for i := range m {
			m[i] = mv.Index(i).Float64()
		}
	}
	if r := x.Key("Resources"); r.Kind() == pdf.Dict {
		res = r
	}
	return in.run(x, res, m.mul(ctm), depth+1)
}

// show places the glyphs of one string, advancing the text matrix.
func (in *pdfInterp) show(g *pdfState, tm *pdfMatrix, raw string) {
	f := g.font
	if f == nil {
		return
	}
	step := 1
	if f.twoByte {
		step = 2
	}
	for i := 0; i+step <= len(raw); i += step {
		code := raw[i : i+step]
		c := int(code[0])
		if step == 2 {
			c = c<<8 | int(code[1])
		}
		w0 := f.width(c)
		trm := pdfMatrix{g.tfs * g.th, 0, 0, g.tfs, 0, g.ts}.mul(*tm).mul(g.ctm)
		size := math.Hypot(trm[2], trm[3])
		if math.Abs(trm[1]) < 0.05*size && trm[0] > 0 { // upright text only
			in.out = append(in.out, pdfGlyph{
				s: f.text(code, c), x: trm[4], y: trm[5],
				w: w0 * trm[0], size: size, bold: f.bold,
			})
		}
		tx := w0*g.tfs + g.tc
		if step == 1 && c == ' ' {
			tx += g.tw
		}
		*tm = pdfMatrix{1, 0, 0, 1, tx * g.th, 0}.mul(*tm)
	}
}
