package extract

import (
	"regexp"
	"strconv"
	"strings"
)

// docxStyle is what a paragraph style says about its paragraphs.
type docxStyle struct {
	name    string // lower case, as Word names built-in styles ("heading 1")
	basedOn string
	numID   string // list the style puts its paragraphs in ("List Bullet")
	ilvl    string
	outline int // outline level 0..8 from the style, -1 if none
}

// docxStyles maps style ids to styles.
type docxStyles map[string]docxStyle

// xmlVal is an element whose value is its w:val attribute.
type xmlVal struct {
	Val string `xml:"val,attr"`
}

type xmlNumPr struct {
	Ilvl  *xmlVal `xml:"ilvl"`
	NumID *xmlVal `xml:"numId"`
}

// styles reads word/styles.xml; a package without it has no styles.
func (p *docxPackage) styles() (docxStyles, error) {
	var doc struct {
		Styles []struct {
			Type    string `xml:"type,attr"`
			ID      string `xml:"styleId,attr"`
			Name    xmlVal `xml:"name"`
			BasedOn xmlVal `xml:"basedOn"`
			PPr     struct {
				NumPr   xmlNumPr `xml:"numPr"`
				Outline *xmlVal  `xml:"outlineLvl"`
			} `xml:"pPr"`
		} `xml:"style"`
	}
	if err := p.decode("word/styles.xml", &doc); err != nil {
		return nil, err
	}
	styles := make(docxStyles, len(doc.Styles))
	for _, s := range doc.Styles {
		if s.Type != "" && s.Type != "paragraph" {
			continue
		}
		st := docxStyle{
			name:    strings.ToLower(strings.TrimSpace(s.Name.Val)),
			basedOn: s.BasedOn.Val,
			outline: -1,
		}
		if s.PPr.NumPr.NumID != nil {
			st.numID = s.PPr.NumPr.NumID.Val
		}
		if s.PPr.NumPr.Ilvl != nil {
			st.ilvl = s.PPr.NumPr.Ilvl.Val
		}
		if s.PPr.Outline != nil {
			if n, err := strconv.Atoi(s.PPr.Outline.Val); err == nil {
				st.outline = n
			}
		}
		styles[s.ID] = st
	}
	return styles, nil
}

var (
	headingID   = regexp.MustCompile(`^Heading([1-9])$`)
	headingName = regexp.MustCompile(`^heading ([1-9])$`)
)

// docxMaxBasedOn bounds the walk up a style's basedOn chain, which a
// hostile file can make circular.
const docxMaxBasedOn = 16

// heading returns the Markdown heading level (1..6) of paragraphs in style
// id, or 0. Word's built-in names ("heading 2", "Title") are the same in
// every language, while ids are localised ("berschrift2" in German Word)
// or custom; a custom style based on a heading style is a heading too, and
// so is one that sets an outline level. Title is level 1 like Heading 1:
// Markdown has nothing above "#".
func (s docxStyles) heading(id string) int {
	for range docxMaxBasedOn {
		st, ok := s[id]
		if n := headingNumber(id, st.name); n > 0 {
			return n
		}
		if ok && st.outline >= 0 && st.outline <= 8 {
			return min(st.outline+1, 6)
		}
		if !ok || st.basedOn == "" {
			return 0
		}
		id = st.basedOn
	}
	return 0
}

// headingNumber reads the level from a built-in style's name, else its id.
func headingNumber(id, name string) int {
	if id == "Title" || name == "title" {
		return 1
	}
	m := headingName.FindStringSubmatch(name)
	if m == nil {
		m = headingID.FindStringSubmatch(id)
	}
	if m == nil {
		return 0
	}
	return min(int(m[1][0]-'0'), 6)
}

// isTitle reports whether style id is Word's Title style.
func (s docxStyles) isTitle(id string) bool {
	return id == "Title" || s[id].name == "title"
}

// isTOC reports a table-of-contents entry ("toc 1".."toc 9"): generated
// text that repeats the headings with page numbers.
func (s docxStyles) isTOC(id string) bool {
	n := s[id].name
	return strings.HasPrefix(n, "toc ") || strings.HasPrefix(id, "TOC") && len(id) <= 4
}

// list returns the list (numId, level) a style puts its paragraphs in,
// looking up the basedOn chain.
func (s docxStyles) list(id string) (numID, ilvl string) {
	for range docxMaxBasedOn {
		st, ok := s[id]
		if !ok {
			return "", ""
		}
		if st.numID != "" {
			return st.numID, st.ilvl
		}
		id = st.basedOn
	}
	return "", ""
}

// docxNumbering says how each list level is numbered, and counts items as
// the document goes, since Word numbers them at display time.
type docxNumbering struct {
	abstract map[string]string            // numId → abstractNumId
	levels   map[string]map[int]docxLevel // abstractNumId → level → format
	restart  map[string]map[int]int       // numId → level → startOverride
	counts   map[string]map[int]int       // abstractNumId → level → last number
	started  map[string]bool              // numIds whose overrides were applied
}

type docxLevel struct {
	format string // "bullet", "decimal", "lowerLetter", "none", ...
	start  int
}

// numbering reads word/numbering.xml; a package without it has bullets only.
func (p *docxPackage) numbering() (*docxNumbering, error) {
	var doc struct {
		Abstract []struct {
			ID   string `xml:"abstractNumId,attr"`
			Lvls []struct {
				Ilvl   string  `xml:"ilvl,attr"`
				Start  *xmlVal `xml:"start"`
				NumFmt xmlVal  `xml:"numFmt"`
			} `xml:"lvl"`
		} `xml:"abstractNum"`
		Nums []struct {
			ID        string `xml:"numId,attr"`
			Abstract  xmlVal `xml:"abstractNumId"`
			Overrides []struct {
				Ilvl  string  `xml:"ilvl,attr"`
				Start *xmlVal `xml:"startOverride"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	if err := p.decode("word/numbering.xml", &doc); err != nil {
		return nil, err
	}
	n := &docxNumbering{
		abstract: map[string]string{},
		levels:   map[string]map[int]docxLevel{},
		restart:  map[string]map[int]int{},
		counts:   map[string]map[int]int{},
		started:  map[string]bool{},
	}
	for _, a := range doc.Abstract {
		lv := map[int]docxLevel{}
		for _, l := range a.Lvls {
			i, err := strconv.Atoi(l.Ilvl)
			if err != nil {
				continue
			}
			start := 1
			if l.Start != nil {
				if v, err := strconv.Atoi(l.Start.Val); err == nil {
					start = v
				}
			}
			lv[i] = docxLevel{format: l.NumFmt.Val, start: start}
		}
		n.levels[a.ID] = lv
	}
	for _, num := range doc.Nums {
		n.abstract[num.ID] = num.Abstract.Val
		for _, o := range num.Overrides {
			i, err1 := strconv.Atoi(o.Ilvl)
			if o.Start == nil || err1 != nil {
				continue
			}
			if v, err := strconv.Atoi(o.Start.Val); err == nil {
				if n.restart[num.ID] == nil {
					n.restart[num.ID] = map[int]int{}
				}
				n.restart[num.ID][i] = v
			}
		}
	}
	return n, nil
}

// marker returns the list marker of the next item of list numID at level
// ilvl: "-" for bullets (and lists it cannot read), "N." for numbered
// levels whatever their style (letters, roman numerals), since Markdown
// knows only numbers; "" when the level shows no marker. Numbering
// continues across lists that share a definition, as in Word, unless a list
// restarts it; an item resets the count of the levels below it.
func (n *docxNumbering) marker(numID, ilvl string) string {
	level, err := strconv.Atoi(ilvl)
	if err != nil || level < 0 || level > 8 {
		level = 0
	}
	abs, ok := n.abstract[numID]
	if !ok {
		return "-"
	}
	lv, ok := n.levels[abs][level]
	switch {
	case !ok || lv.format == "bullet" || lv.format == "":
		return "-"
	case lv.format == "none":
		return ""
	}
	counts := n.counts[abs]
	if counts == nil {
		counts = map[int]int{}
		n.counts[abs] = counts
	}
	if !n.started[numID] {
		n.started[numID] = true
		for l, v := range n.restart[numID] {
			counts[l] = v - 1
		}
	}
	v, seen := counts[level]
	if !seen {
		v = lv.start - 1
	}
	counts[level] = v + 1
	for l := range counts {
		if l > level {
			delete(counts, l)
		}
	}
	return strconv.Itoa(v+1) + "."
}
