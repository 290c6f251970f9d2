package bot

import (
	"fmt"
	"time"

	"iccbot/internal/library"
)

// Admin is the knowledge as moderators manage it from a chat (Discord's
// /kb): its state, and a reload now. *library.Library is one; the bot's
// Knowledge provides it when it can.
type Admin interface {
	Status() library.Status
	Load() error
}

const noticeNoAdmin = "Knowledge management is not available here."

// maxProblems bounds the problems a status reply lists.
const maxProblems = 10

// adminReply answers the moderators' status and reload commands.
func (b *Bot) adminReply(m Message) Reply {
	if !m.Moderator {
		return Reply{Kind: KindNotice, Title: noticeModerators}
	}
	admin, ok := b.kb.(Admin)
	if !ok {
		return Reply{Kind: KindNotice, Title: noticeNoAdmin}
	}
	title := "Knowledge base status:"
	if m.Command == CmdReload {
		if err := admin.Load(); err != nil {
			title = "The reload found problems; I'm still answering from the last good knowledge:"
		} else {
			title = "Reloaded. Knowledge base status:"
		}
	}
	return Reply{Kind: KindInfo, Title: title, Lines: b.statusLines(admin.Status())}
}

func (b *Bot) statusLines(st library.Status) []string {
	loaded := "never"
	if !st.LoadedAt.IsZero() {
		loaded = fmt.Sprintf("%s (%s ago)", st.LoadedAt.UTC().Format("2006-01-02 15:04 UTC"),
			b.now().Sub(st.LoadedAt).Round(time.Second))
	}
	lines := []string{
		fmt.Sprintf("Documents: %d", st.Documents),
		fmt.Sprintf("Passages: %d", st.Passages),
		"Last reload: " + loaded,
		fmt.Sprintf("Reloads: %d, rejected: %d", st.Reloads, st.Failures),
	}
	if len(st.Problems) == 0 {
		return append(lines, "Last error: none")
	}
	for n, p := range st.Problems {
		if n == maxProblems {
			lines = append(lines, fmt.Sprintf("… and %d more (run iccbot check)", len(st.Problems)-n))
			break
		}
		lines = append(lines, "Last error: "+p)
	}
	return lines
}
