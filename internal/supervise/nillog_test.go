package supervise

import (
	"context"
	"errors"
	"testing"
	"time"
)

// A nil logger discards: a component that fails is still restarted, and
// nothing panics for want of a logger.
func TestNilLogDiscards(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	runs := 0
	All(ctx, Options{Sleep: func(context.Context, time.Duration) error { return nil }}, Component{
		Name: "flaky",
		Run: func(context.Context) error {
			runs++
			if runs == 3 {
				cancel()
				return nil
			}
			return errors.New("boom")
		},
	})
	if runs != 3 {
		t.Errorf("runs = %d; want 3", runs)
	}
}
