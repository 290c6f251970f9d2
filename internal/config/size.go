package config

import (
	"strconv"
	"strings"
)

// DefaultKnowledgeMaxBytes bounds the text of the whole knowledge folder
// when KNOWLEDGE_MAX_BYTES is not set: 64 MiB.
const DefaultKnowledgeMaxBytes = 64 << 20

// parseSize reads a positive size in bytes: a number, optionally followed
// by KiB, MiB or GiB (or K, M, G; powers of 1024), as in 64MiB or 512 KiB.
func parseSize(s string) (int64, bool) {
	num := strings.TrimSpace(s)
	shift := 0
	for _, u := range []struct {
		suffix string
		shift  int
	}{{"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"K", 10}, {"M", 20}, {"G", 30}} {
		if len(num) > len(u.suffix) && strings.EqualFold(num[len(num)-len(u.suffix):], u.suffix) {
			num, shift = strings.TrimSpace(num[:len(num)-len(u.suffix)]), u.shift
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)>>shift {
		return 0, false
	}
	return n << shift, true
}
