package discord

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"iccbot/internal/bot"
)

// Event outcomes, for tests and debug logs.
const (
	outcomeIgnored = "ignored"
	outcomeQuiet   = "quiet"
	outcomeReplied = "replied"
	outcomeFailed  = "failed"
	// outcomeDuplicate: another replica has handled it, or is handling it.
	outcomeDuplicate = "duplicate"
)

// Notices the adapter itself gives. Like the bot's, none repeats what the
// user wrote.
const (
	noticeError   = "Sorry, something went wrong while answering. Please try again."
	noticeUnknown = "I don't know that command. Try /help."
)

// onMessage answers a message that mentions the bot, is sent to it
// directly, is posted in an open channel or in a thread the bot started;
// it ignores everything else. With threads on, a mention in a text
// channel is answered in a thread started on it.
func (b *Bot) onMessage(ctx context.Context, s *discordgo.Session, m *discordgo.Message) string {
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System || m.WebhookID != "" {
		return outcomeIgnored
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return outcomeIgnored // joins, pins, boosts and other system messages
	}
	if strings.TrimSpace(m.Content) == "" {
		return outcomeIgnored // attachments only, or content we may not read
	}
	me := selfID(s)
	if me == "" || m.Author.ID == me {
		return outcomeIgnored
	}
	dm := m.GuildID == ""
	mentioned := !dm && mentions(m, me)
	k := kindUnknown
	if !dm && b.cfg.Threads {
		k = b.channelKind(ctx, s, m.ChannelID, me)
	}
	if !dm && !mentioned && !b.open[m.ChannelID] && k != kindOwnThread {
		return outcomeIgnored
	}
	if !b.firstTime(ctx, "discord-message", me, m.ID) {
		return outcomeDuplicate
	}
	text := stripMention(m.Content, me)
	cmd := bot.CmdNone
	switch strings.ToLower(strings.TrimPrefix(text, "/")) {
	case cmdHelp:
		cmd, text = bot.CmdHelp, ""
	case cmdSources:
		cmd, text = bot.CmdSources, ""
	}
	conv, chained := b.messageConversation(s, m, dm, k)
	// A new question by mention gets a thread of its own, which will have
	// the question's id: its conversation is the thread's from the start.
	thread := mentioned && !chained && m.Thread == nil && b.mayStartThread(m.ChannelID, k)
	if thread {
		conv = "thread:" + m.ID
	}
	start := b.now()
	var stopTyping func()
	if cmd == bot.CmdNone && text != "" {
		stopTyping = b.typing(ctx, s, m.ChannelID)
	}
	reply := b.handle(ctx, bot.Message{
		Platform: Platform, Conversation: conv, User: m.Author.ID,
		Command: cmd, Text: text, Addressed: true,
	})
	if stopTyping != nil {
		stopTyping()
	}
	if reply.Kind == bot.KindNone {
		return outcomeQuiet
	}
	parts, buttons := render(reply), ratingButtons(reply)
	var ids []string
	var err error
	inThread := false
	if thread && reply.Kind == bot.KindAnswer {
		if id, terr := b.startThread(ctx, s, m.ChannelID, m.ID); terr == nil {
			inThread = true
			ids, err = b.post(ctx, s, id, nil, parts, buttons)
		}
	}
	if !inThread {
		ids, err = b.replyTo(ctx, s, m, parts, buttons)
	}
	b.chains.put(m.ID, conv)
	for _, id := range ids {
		b.chains.put(id, conv)
	}
	if err != nil {
		b.log.Error("reply to message failed", "err", err, "dm", dm, "thread", inThread)
		return outcomeFailed
	}
	b.log.Debug("replied to message", "dm", dm, "thread", inThread, "parts", len(ids), "took", b.now().Sub(start))
	return outcomeReplied
}

// onInteraction handles slash commands, clicks on the rating buttons and
// the report form.
func (b *Bot) onInteraction(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) string {
	if i == nil {
		return outcomeIgnored
	}
	if !b.firstTime(ctx, "discord-interaction", selfID(s), i.ID) {
		return outcomeDuplicate // not even acknowledged: the replica that has it does that
	}
	switch i.Type {
	case discordgo.InteractionApplicationCommand:
		return b.onCommand(ctx, s, i)
	case discordgo.InteractionMessageComponent:
		return b.onComponent(ctx, s, i)
	case discordgo.InteractionModalSubmit:
		return b.onModalSubmit(ctx, s, i)
	}
	return outcomeIgnored
}

// onCommand answers a slash command: a deferred response at once, then
// the reply in its place (and follow-ups when it is long). Whatever fails
// after the deferral, the person gets an error reply, never a "thinking…"
// that never ends. With threads on, an answer to /ask in a text channel
// gets a thread under it for follow-ups.
func (b *Bot) onCommand(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) string {
	data := i.ApplicationCommandData()
	flags := flagSuppressEmbeds
	if data.Name != cmdAsk {
		flags |= flagEphemeral // help, sources and /kb are for the asker alone
	}
	if err := b.deferReply(ctx, s, i, flags); err != nil {
		b.log.Error("interaction not acknowledged", "command", data.Name, "err", err)
		return outcomeFailed
	}
	user := interactionUser(i)
	k := kindUnknown
	if i.GuildID != "" && b.cfg.Threads {
		k = b.channelKind(ctx, s, i.ChannelID, selfID(s))
	}
	conv := b.interactionConversation(s, i, user, k)
	// The thread, if any, will be started on the response message and
	// have its id: the question's conversation is the thread's.
	original := ""
	if data.Name == cmdAsk && b.mayStartThread(i.ChannelID, k) {
		id, err := b.originalID(ctx, s, i)
		if err != nil {
			b.log.Warn("no thread for an /ask answer", "err", err)
		} else {
			original, conv = id, "thread:"+id
		}
	}
	start := b.now()
	reply := b.command(ctx, s, i, data, bot.Message{Platform: Platform, Conversation: conv, User: user, Addressed: true})
	if reply.Kind == bot.KindNone {
		if err := b.deleteDeferred(ctx, s, i); err != nil {
			b.log.Warn("removing the deferred response failed", "command", data.Name, "err", err)
		}
		return outcomeQuiet
	}
	parts := render(reply)
	ids, err := b.answerInteraction(ctx, s, i, parts, flags, ratingButtons(reply))
	for _, id := range ids {
		b.chains.put(id, conv)
	}
	if err != nil {
		b.log.Error("interaction reply failed", "command", data.Name, "err", err)
		b.errorReply(ctx, s, i, flags, len(ids) == 0)
		return outcomeFailed
	}
	thread := false
	if original != "" && reply.Kind == bot.KindAnswer {
		_, terr := b.startThread(ctx, s, i.ChannelID, original)
		thread = terr == nil
	}
	b.log.Debug("answered command", "command", data.Name, "parts", len(ids), "thread", thread, "took", b.now().Sub(start))
	return outcomeReplied
}

// errorReply tells the person their command failed: in place of the
// deferred response if nothing was delivered, else as a follow-up.
func (b *Bot) errorReply(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, flags int, inPlace bool) {
	var err error
	if inPlace {
		_, err = b.answerInteraction(ctx, s, i, []string{escape(noticeError)}, flags, nil)
	} else {
		body := messageBody{Content: escape(noticeError), Flags: flags, AllowedMentions: pingNobody()}
		err = b.call(ctx, s, "POST", discordgo.EndpointWebhookToken(i.AppID, i.Token), body, nil)
	}
	if err != nil {
		b.log.Error("error reply failed too", "err", err)
	}
}

// command turns a slash command into a reply.
func (b *Bot) command(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData, m bot.Message) bot.Reply {
	switch data.Name {
	case cmdAsk:
		m.Command = bot.CmdAsk
		for _, o := range data.Options {
			if o.Name == optionQuestion {
				if q, ok := o.Value.(string); ok {
					m.Text = strings.TrimSpace(q)
				}
			}
		}
		return b.handle(ctx, m)
	case cmdSources:
		m.Command = bot.CmdSources
		return b.handle(ctx, m)
	case cmdHelp:
		m.Command = bot.CmdHelp
		return b.handle(ctx, m)
	case cmdKB:
		sub := ""
		if len(data.Options) > 0 {
			sub = data.Options[0].Name
		}
		m.Moderator = b.isModerator(s, i)
		return b.kbCommand(ctx, sub, m)
	}
	return bot.Reply{Kind: bot.KindNotice, Title: noticeUnknown}
}

// kbCommand runs /kb status, reload, gaps and flagged: the conversation
// layer's moderator commands, which check the asker's role.
func (b *Bot) kbCommand(ctx context.Context, sub string, m bot.Message) bot.Reply {
	switch sub {
	case kbGaps:
		m.Command = bot.CmdGaps
	case kbFlagged:
		m.Command = bot.CmdFlagged
	case kbStatus:
		m.Command = bot.CmdStatus
	case kbReload:
		m.Command = bot.CmdReload
	default:
		return bot.Reply{Kind: bot.KindNotice, Title: noticeUnknown}
	}
	return b.handle(ctx, m)
}

// handle calls the conversation layer, turning a panic into an error
// notice so one bad message cannot take the adapter down.
func (b *Bot) handle(ctx context.Context, m bot.Message) (r bot.Reply) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("handler panicked", "panic", fmt.Sprint(p))
			r = bot.Reply{Kind: bot.KindNotice, Title: noticeError}
		}
	}()
	return b.h.Handle(ctx, m)
}

// isModerator: Manage Server or Administrator in the interaction's
// computed permissions, or a role with the configured name.
func (b *Bot) isModerator(s *discordgo.Session, i *discordgo.Interaction) bool {
	if i.Member == nil || i.GuildID == "" {
		return false
	}
	if i.Member.Permissions&(permAdministrator|permManageGuild) != 0 {
		return true
	}
	if b.cfg.ModeratorRole == "" {
		return false
	}
	for _, id := range i.Member.Roles {
		if r, err := s.State.Role(i.GuildID, id); err == nil && strings.EqualFold(r.Name, b.cfg.ModeratorRole) {
			return true
		}
	}
	return false
}

// Conversation keys. A direct message channel is one conversation; a
// thread is one (the bot's own threads start with the question's);
// a reply to one of the bot's answers (or to a question it answered)
// continues that answer's conversation (chained); otherwise each person
// has their own conversation per channel.
func (b *Bot) messageConversation(s *discordgo.Session, m *discordgo.Message, dm bool, k kind) (conv string, chained bool) {
	if dm {
		return "dm:" + m.ChannelID, false
	}
	if k.thread() {
		return "thread:" + m.ChannelID, false
	}
	if ref := m.MessageReference; ref != nil && ref.MessageID != "" {
		if c, ok := b.chains.get(ref.MessageID); ok {
			return c, true
		}
	}
	return channelConversation(s, m.ChannelID, m.Author.ID), false
}

func (b *Bot) interactionConversation(s *discordgo.Session, i *discordgo.Interaction, user string, k kind) string {
	if i.GuildID == "" {
		return "dm:" + i.ChannelID
	}
	if k.thread() {
		return "thread:" + i.ChannelID
	}
	return channelConversation(s, i.ChannelID, user)
}

func channelConversation(s *discordgo.Session, channel, user string) string {
	if c, err := s.State.Channel(channel); err == nil && c.IsThread() {
		return "thread:" + channel
	}
	return "channel:" + channel + ":" + user
}

func selfID(s *discordgo.Session) string {
	s.State.RLock()
	defer s.State.RUnlock()
	if s.State.User == nil {
		return ""
	}
	return s.State.User.ID
}

func mentions(m *discordgo.Message, me string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			return true
		}
	}
	return false
}

// stripMention removes the bot's own mention; other mentions stay in the
// question text (the bot never repeats it).
func stripMention(s, me string) string {
	s = strings.ReplaceAll(s, "<@"+me+">", " ")
	s = strings.ReplaceAll(s, "<@!"+me+">", " ")
	return strings.TrimSpace(s)
}

// chainMemory bounds how many message ids are remembered for reply chains.
const chainMemory = 20000

// chains maps message ids (the bot's answers and the questions they
// answer) to their conversation, oldest forgotten first.
type chains struct {
	mu   sync.Mutex
	keys map[string]string
	ring []string
	next int
}

func newChains(n int) *chains {
	return &chains{keys: make(map[string]string, n), ring: make([]string, n)}
}

func (c *chains) put(id, conv string) {
	if id == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.keys[id]; ok {
		c.keys[id] = conv
		return
	}
	if old := c.ring[c.next]; old != "" {
		delete(c.keys, old)
	}
	c.ring[c.next] = id
	c.next = (c.next + 1) % len(c.ring)
	c.keys[id] = conv
}

func (c *chains) get(id string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k, ok := c.keys[id]
	return k, ok
}
