package english

// EditDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and adjacent transpositions: the typos thumbs
// make), giving up once it must exceed limit.
func EditDistance(a, b string, limit int) int {
	if len(b) < 63 && isASCII(a) && isASCII(b) {
		return editDistanceASCII(a, b, limit)
	}
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// editDistanceASCII is EditDistance over bytes, with its rows on the stack.
func editDistanceASCII(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	var r0, r1, r2 [64]int32
	prev2, prev, cur := r0[:len(b)+1], r1[:len(b)+1], r2[:len(b)+1]
	for j := range prev {
		prev[j] = int32(j)
	}
	lim := int32(limit)
	for i := 1; i <= len(a); i++ {
		cur[0] = int32(i)
		rowMin := cur[0]
		ai := a[i-1]
		for j := 1; j <= len(b); j++ {
			cost := int32(1)
			if ai == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ai == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > lim {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return int(prev[len(b)])
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
