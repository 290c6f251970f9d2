package discord

import "strconv"

// command is an application command as registered (Discord's JSON).
type command struct {
	Name        string   `json:"name"`
	Type        int      `json:"type"` // 1: a slash command
	Description string   `json:"description"`
	Options     []option `json:"options,omitempty"`
	// DefaultMemberPermissions hides a command from members without these
	// permissions (server admins can grant it to roles in Integrations).
	DefaultMemberPermissions *string `json:"default_member_permissions,omitempty"`
	Contexts                 []int   `json:"contexts"`
}

type option struct {
	Type        int      `json:"type"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Required    bool     `json:"required,omitempty"`
	MaxLength   int      `json:"max_length,omitempty"`
	Options     []option `json:"options,omitempty"`
}

// Option types and interaction contexts, from Discord's documentation.
const (
	optSubcommand = 1
	optString     = 3

	contextGuild = 0
	contextBotDM = 1
)

// Command and option names.
const (
	cmdAsk         = "ask"
	cmdSources     = "sources"
	cmdHelp        = "help"
	cmdKB          = "kb"
	kbStatus       = "status"
	kbReload       = "reload"
	kbGaps         = "gaps"
	kbFlagged      = "flagged"
	optionQuestion = "question"
)

// maxQuestion matches answer.CleanQuestion's limit, so Discord's picker
// stops people before the bot would.
const maxQuestion = 1000

// commands are the application commands, registered in one bulk overwrite.
func commands() []command {
	moderators := strconv.FormatInt(permManageGuild, 10)
	everywhere := []int{contextGuild, contextBotDM}
	return []command{
		{
			Name: cmdAsk, Type: 1, Contexts: everywhere,
			Description: "Ask a question; I answer with cited quotes from the briefing",
			Options: []option{{
				Type: optString, Name: optionQuestion, Required: true, MaxLength: maxQuestion,
				Description: "Your question, for example: When does the Assembly meet?",
			}},
		},
		{Name: cmdSources, Type: 1, Contexts: everywhere, Description: "The documents I answer from"},
		{Name: cmdHelp, Type: 1, Contexts: everywhere, Description: "How to ask me questions"},
		{
			Name: cmdKB, Type: 1, Contexts: []int{contextGuild},
			Description:              "Knowledge base (moderators)",
			DefaultMemberPermissions: &moderators,
			Options: []option{
				{Type: optSubcommand, Name: kbStatus, Description: "Documents, passages, last reload and last problem"},
				{Type: optSubcommand, Name: kbReload, Description: "Reload the knowledge folder now"},
				{Type: optSubcommand, Name: kbGaps, Description: "The most frequent recent unanswered questions"},
				{Type: optSubcommand, Name: kbFlagged, Description: "Answers recently reported or rated down"},
			},
		},
	}
}
