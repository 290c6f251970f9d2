package redistest

import (
	"testing"
)

func TestStartRestart(t *testing.T) {
	s := Start(t)
	if err := ping(t.Context(), s.Addr()); err != nil {
		t.Fatalf("PING: %v", err)
	}
	s.Stop()
	if err := ping(t.Context(), s.Addr()); err == nil {
		t.Fatal("PING answered after Stop")
	}
	s.Restart()
	if err := ping(t.Context(), s.Addr()); err != nil {
		t.Fatalf("PING after Restart: %v", err)
	}
}
