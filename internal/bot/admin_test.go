package bot

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"iccbot/internal/library"
)

// adminKB is knowledge that moderators can manage: an engine, a status and
// a reload that fails when told to.
type adminKB struct {
	staticKB
	status library.Status
	fail   bool
	loads  int
}

func (a *adminKB) Status() library.Status { return a.status }

func (a *adminKB) Load() error {
	a.loads++
	if a.fail {
		return errors.New("broken.md:3: bad front matter")
	}
	return nil
}

func TestStatusAndReload(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	kb := &adminKB{staticKB: staticKB{briefing(t)}, status: library.Status{
		Documents: 2, Passages: 30, LoadedAt: now.Add(-90 * time.Second), Reloads: 3, Failures: 1,
		Problems: []string{"knowledge/broken.md:3: bad front matter"},
	}}
	b := New(Config{}, nil, kb, slog.New(slog.DiscardHandler), func() time.Time { return now }, nil)
	tests := []struct {
		msg   Message
		kind  Kind
		wants []string
	}{
		{Message{Command: CmdStatus}, KindNotice, []string{"for moderators"}},
		{Message{Command: CmdReload}, KindNotice, []string{"for moderators"}},
		{Message{Command: CmdStatus, Moderator: true}, KindInfo, []string{"Knowledge base status:", "Documents: 2", "Passages: 30", "(1m30s ago)", "Reloads: 3, rejected: 1", "Last error: knowledge/broken.md:3"}},
		{Message{Command: CmdReload, Moderator: true}, KindInfo, []string{"Reloaded."}},
	}
	for _, tt := range tests {
		r := b.Handle(t.Context(), tt.msg)
		if r.Kind != tt.kind {
			t.Errorf("%+v: kind %v; want %v (%q)", tt.msg, r.Kind, tt.kind, r.Text())
		}
		for _, w := range tt.wants {
			if !strings.Contains(r.Text(), w) {
				t.Errorf("%+v: reply %q lacks %q", tt.msg, r.Text(), w)
			}
		}
	}
	if kb.loads != 1 {
		t.Errorf("reloads %d; want 1 (the moderator's)", kb.loads)
	}
	kb.fail = true
	if r := b.Handle(t.Context(), Message{Command: CmdReload, Moderator: true}); !strings.Contains(r.Text(), "still answering from the last good knowledge") {
		t.Errorf("failed reload: %q", r.Text())
	}
	// Knowledge that cannot be managed says so.
	plain := New(Config{}, nil, staticKB{briefing(t)}, slog.New(slog.DiscardHandler), time.Now, nil)
	if r := plain.Handle(t.Context(), Message{Command: CmdStatus, Moderator: true}); !strings.Contains(r.Text(), "not available here") {
		t.Errorf("no admin: %q", r.Text())
	}
}
