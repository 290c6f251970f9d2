package build

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"
)

// The table format, version 4. All integers are little endian. Lookups
// binary-search it in place, so a program pays nothing at start-up and the
// table never reaches the heap.
//
//	magic   "WN30\x03"
//	n       uint32: number of rows
//	offsets n × uint32: where each row starts, from the start of the file
//	rows    sorted by word, byte order
//
// A row:
//
//	len     uint8, then len bytes: the key, a folded word or two joined
//	        by a space ("hand over"), which sorts before any letter or digit
//	pos     uint8: bits 0–3 say the word is a noun, verb, adjective, adverb
//	        lemma (none: only an inflected form, from the exception lists);
//	        bit 4 that a lemma is read far more often as the inflection of
//	        its one base form ("found", "saw": morph.Inflected)
//	lists   uint8: bits 0–5 say the lists synonyms, derived, places, bases,
//	        hypernyms, antonyms follow
//	...     for each flagged list, in that order: uint8 count, then count
//	        uvarint row numbers
//
// Version 1 had the list bits in bits 4–7 of the pos byte; the fifth list,
// hypernyms, needed a byte of its own. Version 2 had no bit 4, version 3
// no antonyms.
const (
	Magic = "WN30\x04"

	HasSynonyms  = 1 << 0
	HasDerived   = 1 << 1
	HasPlaces    = 1 << 2
	HasBases     = 1 << 3
	HasHypernyms = 1 << 4
	HasAntonyms  = 1 << 5
)

func (t *tables) encode() ([]byte, error) {
	words := slices.Sorted(maps.Keys(t.entries))
	if len(words) > 1<<21 {
		return nil, fmt.Errorf("encode: %d rows do not fit three-byte uvarints", len(words))
	}
	id := make(map[string]int, len(words))
	for i, w := range words {
		id[w] = i
	}
	var rows []byte
	offsets := make([]int, len(words))
	for i, w := range words {
		if len(w) > 255 {
			return nil, fmt.Errorf("encode: word %q too long", w)
		}
		offsets[i] = len(rows)
		e := t.entries[w]
		rows = append(rows, byte(len(w)))
		rows = append(rows, w...)
		var has byte
		lists := [][]string{e.synonyms, e.derived, e.places, e.bases, e.hypernyms, e.antonyms}
		for j, l := range lists {
			if len(l) > 0 {
				has |= HasSynonyms << j
			}
		}
		rows = append(rows, e.pos, has)
		for _, l := range lists {
			if len(l) == 0 {
				continue
			}
			rows = append(rows, byte(len(l)))
			for _, x := range l {
				n, ok := id[x]
				if !ok {
					return nil, fmt.Errorf("encode: %q refers to %q, which has no row", w, x)
				}
				rows = binary.AppendUvarint(rows, uint64(n))
			}
		}
	}
	head := len(Magic) + 4 + 4*len(words)
	if uint64(head+len(rows)) > 1<<32-1 {
		return nil, fmt.Errorf("encode: table too large")
	}
	out := make([]byte, 0, head+len(rows))
	out = append(out, Magic...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(words)))
	for _, o := range offsets {
		out = binary.LittleEndian.AppendUint32(out, uint32(head+o))
	}
	return append(out, rows...), nil
}
