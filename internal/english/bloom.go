package english

import (
	"hash/maphash"
	"sync"
)

// A Bloom filter over every word of the list, built on first use, answers
// most look-ups of words the list lacks without searching it: spelling
// guesses try hundreds of non-words per unknown token, and each search costs
// a binary search and a line scan. 2^20 bits (128 KB) and four probes keep
// false positives, which fall through to the search, near 0.5%.
const (
	bloomBits   = 1 << 20
	bloomProbes = 4
)

type bloomFilter struct {
	seed maphash.Seed
	bits []uint64
}

var bloom = sync.OnceValue(func() *bloomFilter {
	b := &bloomFilter{seed: maphash.MakeSeed(), bits: make([]uint64, bloomBits/64)}
	eachWord(func(w []byte) { b.add(w) })
	return b
})

// bit returns the i-th probe of a word's hash h (double hashing).
func bit(h uint64, i uint64) uint64 { return (h + i*(h>>32|h<<32|1)) % bloomBits }

func (b *bloomFilter) add(w []byte) {
	h := maphash.Bytes(b.seed, w)
	for i := range uint64(bloomProbes) {
		k := bit(h, i)
		b.bits[k/64] |= 1 << (k % 64)
	}
}

// mayHave reports false only for words the list certainly lacks.
func (b *bloomFilter) mayHave(w string) bool {
	h := maphash.String(b.seed, w)
	for i := range uint64(bloomProbes) {
		if k := bit(h, i); b.bits[k/64]&(1<<(k%64)) == 0 {
			return false
		}
	}
	return true
}

// eachWord calls fn with every word of the list, folded to lower case, in
// order. It decodes the front coding words.go describes.
func eachWord(fn func(w []byte)) {
	eachWordFrom(0, func(w []byte) bool { fn(w); return true })
}

// eachWordFrom is eachWord from the line that starts at byte i, while fn
// returns true.
func eachWordFrom(i int, fn func(w []byte) bool) {
	var cur []byte
	for i < len(words) {
		if words[i] == '\n' {
			i++
			cur = cur[:0]
			continue
		}
		shared := 0
		for ; words[i] >= '0' && words[i] <= '9'; i++ {
			shared = shared*10 + int(words[i]-'0')
		}
		cur = cur[:shared]
		for ; i < len(words) && words[i] >= 'A'; i++ {
			cur = append(cur, words[i]|0x20)
		}
		if !fn(cur) {
			return
		}
	}
}
