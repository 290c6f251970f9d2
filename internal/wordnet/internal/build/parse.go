package build

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"iccbot/internal/wordnet/internal/morph"
)

// posFiles names the database files of each part of speech, in the order
// every walk uses, so that the output does not depend on map order.
var posFiles = [...]struct {
	pos  uint8
	name string
}{{morph.Noun, "noun"}, {morph.Verb, "verb"}, {morph.Adj, "adj"}, {morph.Adv, "adv"}}

// key names a synset: offsets are only unique within one data file.
type key struct {
	pos uint8
	off uint32
}

type synset struct {
	words []string // lower case, adjective markers such as "(p)" removed
	ptrs  []pointer
}

// pointer is one relation of a synset. src and tgt are 1-based word numbers
// for lexical relations (derivation, pertainym) and 0 for relations between
// whole synsets.
type pointer struct {
	sym      string
	to       key
	src, tgt int
}

// senseKey finds the tag count of a lemma's nth sense (1-based) in one part
// of speech.
type senseKey struct {
	pos   uint8
	lemma string
	n     int
}

// db is the part of the WordNet database the generator uses.
type db struct {
	synsets map[key]*synset
	order   []key                         // file order: nouns, verbs, adjectives, adverbs
	index   map[uint8]map[string][]uint32 // lemma → synset offsets, most frequent sense first
	counts  map[senseKey]int              // from cntlist.rev
	exc     map[uint8]map[string][]string // inflected form → base forms
}

func load(dir string) (*db, error) {
	d := &db{
		synsets: make(map[key]*synset),
		index:   make(map[uint8]map[string][]uint32),
		counts:  make(map[senseKey]int),
		exc:     make(map[uint8]map[string][]string),
	}
	for _, pf := range posFiles {
		if err := readFile(filepath.Join(dir, "data."+pf.name), func(line string) error {
			return d.addSynset(pf.pos, line)
		}); err != nil {
			return nil, err
		}
		idx := make(map[string][]uint32)
		d.index[pf.pos] = idx
		if err := readFile(filepath.Join(dir, "index."+pf.name), func(line string) error {
			return addIndex(idx, line)
		}); err != nil {
			return nil, err
		}
		exc := make(map[string][]string)
		d.exc[pf.pos] = exc
		if err := readFile(filepath.Join(dir, pf.name+".exc"), func(line string) error {
			f := strings.Fields(line)
			if len(f) < 2 {
				return fmt.Errorf("exception line %q has no base form", line)
			}
			exc[f[0]] = append(exc[f[0]], f[1:]...)
			return nil
		}); err != nil {
			return nil, err
		}
	}
	if err := readFile(filepath.Join(dir, "cntlist.rev"), d.addCount); err != nil {
		return nil, err
	}
	return d, nil
}

// readFile calls fn for each line of a database file, skipping the licence
// header, whose lines start with a space.
func readFile(path string, fn func(line string) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("read wordnet: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	for n := 1; ; n++ {
		line, err := r.ReadString('\n')
		if line = strings.TrimRight(line, "\r\n"); line != "" && line[0] != ' ' {
			if perr := fn(line); perr != nil {
				return fmt.Errorf("%s:%d: %w", path, n, perr)
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read %s: %w", path, err)
		}
	}
}

// addSynset parses a data file line (wndb(5WN)):
//
//	offset lex_filenum ss_type w_cnt [word lex_id]... p_cnt [ptr_symbol offset pos source/target]... | gloss
func (d *db) addSynset(pos uint8, line string) error {
	if i := strings.Index(line, " | "); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(line)
	if len(f) < 5 {
		return fmt.Errorf("short data line")
	}
	off, err := strconv.ParseUint(f[0], 10, 32)
	if err != nil {
		return fmt.Errorf("synset offset: %w", err)
	}
	wc, err := strconv.ParseUint(f[3], 16, 8)
	if err != nil {
		return fmt.Errorf("word count: %w", err)
	}
	i := 4 + 2*int(wc)
	if len(f) <= i {
		return fmt.Errorf("short data line")
	}
	s := &synset{words: make([]string, wc)}
	for w := range s.words {
		word := strings.ToLower(f[4+2*w])
		if j := strings.IndexByte(word, '('); j > 0 { // "(a)", "(p)", "(ip)"
			word = word[:j]
		}
		s.words[w] = word
	}
	pc, err := strconv.Atoi(f[i])
	if err != nil {
		return fmt.Errorf("pointer count: %w", err)
	}
	if len(f) < i+1+4*pc {
		return fmt.Errorf("short pointer list")
	}
	s.ptrs = make([]pointer, pc)
	for p := range s.ptrs {
		g := f[i+1+4*p:]
		to, err := strconv.ParseUint(g[1], 10, 32)
		if err != nil {
			return fmt.Errorf("pointer offset: %w", err)
		}
		tpos, ok := posOf(g[2])
		if !ok {
			return fmt.Errorf("pointer part of speech %q", g[2])
		}
		st, err := strconv.ParseUint(g[3], 16, 16)
		if err != nil {
			return fmt.Errorf("pointer source/target: %w", err)
		}
		s.ptrs[p] = pointer{sym: g[0], to: key{tpos, uint32(to)}, src: int(st >> 8), tgt: int(st & 0xff)}
	}
	k := key{pos, uint32(off)}
	d.synsets[k] = s
	d.order = append(d.order, k)
	return nil
}

// addIndex parses an index file line:
//
//	lemma pos synset_cnt p_cnt [ptr_symbol]... sense_cnt tagsense_cnt synset_offset...
//
// The offsets come most frequent sense first, which is all the generator
// needs from this file.
func addIndex(idx map[string][]uint32, line string) error {
	f := strings.Fields(line)
	if len(f) < 3 {
		return fmt.Errorf("short index line")
	}
	n, err := strconv.Atoi(f[2])
	if err != nil || n < 1 || n > len(f)-4 {
		return fmt.Errorf("synset count %q", f[2])
	}
	offs := make([]uint32, n)
	for i, s := range f[len(f)-n:] {
		o, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return fmt.Errorf("synset offset: %w", err)
		}
		offs[i] = uint32(o)
	}
	idx[f[0]] = offs
	return nil
}

// addCount parses a cntlist.rev line, "lemma%ss_type:... sense_number tag_cnt":
// how often SemCor's tagged texts use that sense of the lemma.
func (d *db) addCount(line string) error {
	f := strings.Fields(line)
	if len(f) != 3 {
		return fmt.Errorf("want 3 fields")
	}
	lemma, rest, ok := strings.Cut(f[0], "%")
	if !ok || rest == "" {
		return fmt.Errorf("sense key %q", f[0])
	}
	// ss_type: 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite.
	pos, ok := uint8(0), false
	if t := rest[0]; t >= '1' && t <= '5' {
		pos, ok = posOf(string("nvars"[t-'1']))
	}
	if !ok {
		return fmt.Errorf("sense key %q", f[0])
	}
	n, err1 := strconv.Atoi(f[1])
	c, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil {
		return fmt.Errorf("sense number or count in %q", line)
	}
	d.counts[senseKey{pos, lemma, n}] += c
	return nil
}

// posOf maps WordNet's part of speech letters to bits; adjective satellites
// ("s") are adjectives.
func posOf(s string) (uint8, bool) {
	switch s {
	case "n":
		return morph.Noun, true
	case "v":
		return morph.Verb, true
	case "a", "s":
		return morph.Adj, true
	case "r":
		return morph.Adv, true
	}
	return 0, false
}
