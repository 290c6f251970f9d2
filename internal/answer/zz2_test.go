package answer

import (
	"fmt"
	"os"
	"testing"
)

func TestZZ(t *testing.T) {
	e := devEngine(t)
	ev := e.examine(os.Getenv("Q"))
	fmt.Printf("terms %v unknown %v wants %+v conf %.2f cov %.2f best %.2f missing %.2f typed %v named %v total %.2f covered %.2f th %.2f\n", ev.query.Terms, ev.query.Unknown, ev.wants, ev.confidence(), ev.coverage, ev.best, ev.missing, ev.typed, ev.named, ev.total, ev.covered, e.threshold)
	for _, p := range ev.picks {
		fmt.Printf("   pick rel %.2f typed %v has %b: %s\n", p.rel, p.typed, p.has, e.kb.Passages[p.passage].SentenceText(p.span))
	}
}
