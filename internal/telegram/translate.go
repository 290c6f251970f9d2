package telegram

import (
	"strconv"
	"strings"
	"unicode/utf16"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"iccbot/internal/bot"
)

// translate turns a Telegram message into a bot.Message, or reports false
// for a message the bot must not answer: from a bot, without text
// (stickers, photos without a caption, service messages), outside private
// chats and groups, a command for another bot, or group chatter that
// neither mentions the bot nor replies to it.
//
// With BotFather's privacy mode on, a group only sends the bot commands,
// mentions and replies to it; with it off, everything, and this is where
// the rest is dropped.
func (b *Bot) translate(m *tgMessage, me *tgbotapi.User) (bot.Message, bool) {
	if m.From == nil || m.From.IsBot || m.Chat == nil || m.IsAutomaticForward || m.ViaBot != nil {
		return bot.Message{}, false
	}
	private := false
	switch m.Chat.Type {
	case "private":
		private = true
	case "group", "supergroup":
	default:
		return bot.Message{}, false
	}
	text, entities := m.Text, m.Entities
	if text == "" {
		text, entities = m.Caption, m.CaptionEntities
	}
	if strings.TrimSpace(text) == "" {
		return bot.Message{}, false
	}
	out := bot.Message{
		Platform:     Platform,
		Conversation: strconv.FormatInt(m.Chat.ID, 10),
		User:         strconv.FormatInt(m.From.ID, 10),
		Moderator:    b.isModerator(m.From.ID),
		Addressed:    true,
	}
	if t := m.thread(); t != 0 {
		out.Conversation += ":" + strconv.Itoa(t)
	}
	u := utf16.Encode([]rune(text))
	var cut []tgbotapi.MessageEntity // spans removed from the question
	mentioned := false
	for _, e := range entities {
		if e.Offset < 0 || e.Length <= 0 || e.Offset+e.Length > len(u) {
			continue
		}
		switch e.Type {
		case "mention":
			if strings.EqualFold(span(u, e), "@"+me.UserName) {
				mentioned = true
				cut = append(cut, e)
			}
		case "text_mention":
			if e.User != nil && e.User.ID == me.ID {
				mentioned = true
				cut = append(cut, e)
			}
		}
	}

	if len(entities) > 0 && entities[0].Type == "bot_command" && entities[0].Offset == 0 && entities[0].Length <= len(u) {
		cmd := entities[0]
		name, at, _ := strings.Cut(span(u, cmd)[1:], "@")
		if at != "" && !strings.EqualFold(at, me.UserName) {
			return bot.Message{}, false // /ask@OtherBot
		}
		name = strings.ToLower(name)
		switch {
		case isCommand(name):
			out.Command = name
		case private:
			out.Command = bot.CmdHelp // an unknown command in a private chat: say how to ask
		default:
			return bot.Message{}, false // probably another bot's
		}
		out.Text = without(u, append(cut, cmd))
		return out, true
	}

	replyToMe := m.ReplyToMessage != nil && m.ReplyToMessage.From != nil && m.ReplyToMessage.From.ID == me.ID
	if !private && !mentioned && !replyToMe {
		return bot.Message{}, false
	}
	out.Text = without(u, cut)
	return out, true
}

// span is an entity's text. Entity offsets count UTF-16 code units.
func span(u []uint16, e tgbotapi.MessageEntity) string {
	return string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
}

// without returns the text with the entities' spans removed and white
// space trimmed.
func without(u []uint16, cut []tgbotapi.MessageEntity) string {
	if len(cut) == 0 {
		return strings.TrimSpace(string(utf16.Decode(u)))
	}
	drop := make([]bool, len(u))
	for _, e := range cut {
		for i := e.Offset; i < e.Offset+e.Length; i++ {
			drop[i] = true
		}
	}
	kept := make([]uint16, 0, len(u))
	for i, c := range u {
		if drop[i] {
			if len(kept) > 0 && kept[len(kept)-1] != ' ' {
				kept = append(kept, ' ')
			}
			continue
		}
		kept = append(kept, c)
	}
	return strings.Join(strings.Fields(string(utf16.Decode(kept))), " ")
}
