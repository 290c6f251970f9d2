package discord

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"iccbot/internal/bot"
	"iccbot/internal/feedback"
)

// Component types and styles, from Discord's documentation.
const (
	componentActionRow = 1
	componentButton    = 2
	componentTextInput = 4

	buttonSecondary = 2
	buttonDanger    = 4

	textInputShort = 1
)

// actionRow holds a message's or a modal's components.
type actionRow struct {
	Type       int   `json:"type"` // componentActionRow
	Components []any `json:"components"`
}

type button struct {
	Type     int    `json:"type"` // componentButton
	Style    int    `json:"style"`
	Label    string `json:"label,omitempty"`
	Emoji    *emoji `json:"emoji,omitempty"`
	CustomID string `json:"custom_id"`
}

type emoji struct {
	Name string `json:"name"`
}

type textInput struct {
	Type      int    `json:"type"` // componentTextInput
	CustomID  string `json:"custom_id"`
	Style     int    `json:"style"`
	Label     string `json:"label"`
	Required  bool   `json:"required"`
	MaxLength int    `json:"max_length"`
}

// modal is the data of a responseModal.
type modal struct {
	CustomID   string      `json:"custom_id"`
	Title      string      `json:"title"`
	Components []actionRow `json:"components"`
}

// The report form.
const (
	reportTitle   = "Report this answer"
	reasonLabel   = "What is wrong?"
	reasonInputID = "reason"
)

// rateTimeout bounds recording a rating, so the acknowledgement still
// makes Discord's three seconds when the store is slow.
const rateTimeout = 2 * time.Second

// ratingButtons are the components under an answer people may rate: 👍,
// 👎 and Report, each carrying the answer's id; none for anything else
// (notices, help, "not covered", or feedback turned off).
func ratingButtons(r bot.Reply) []actionRow {
	if r.FeedbackID == "" || r.Kind != bot.KindAnswer {
		return nil
	}
	return []actionRow{{Type: componentActionRow, Components: []any{
		button{Type: componentButton, Style: buttonSecondary, Emoji: &emoji{Name: "👍"}, CustomID: bot.RatingData(r.FeedbackID, feedback.Up)},
		button{Type: componentButton, Style: buttonSecondary, Emoji: &emoji{Name: "👎"}, CustomID: bot.RatingData(r.FeedbackID, feedback.Down)},
		button{Type: componentButton, Style: buttonDanger, Label: "Report", CustomID: bot.RatingData(r.FeedbackID, feedback.Report)},
	}}}
}

// reportForm asks what is wrong with the answer id; its custom id says
// which answer, as the Report button's did.
func reportForm(id string) modal {
	return modal{
		CustomID: bot.RatingData(id, feedback.Report),
		Title:    reportTitle,
		Components: []actionRow{{Type: componentActionRow, Components: []any{
			textInput{Type: componentTextInput, CustomID: reasonInputID, Style: textInputShort, Label: reasonLabel, MaxLength: feedback.MaxReasonRunes},
		}}},
	}
}

// onComponent answers a click on a rating button: 👍 and 👎 are recorded
// and acknowledged to the clicker alone; Report opens the form. A second
// click is passed on too: the conversation layer changes the rating or
// counts nothing.
func (b *Bot) onComponent(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) string {
	data := i.MessageComponentData()
	user := interactionUser(i)
	id, r, ok := bot.ParseRatingData(data.CustomID)
	if !ok || user == "" {
		return b.acknowledge(ctx, s, i, bot.UnreadableRating())
	}
	if r == feedback.Report {
		resp := interactionResponse{Type: responseModal, Data: reportForm(id)}
		if err := b.call(ctx, s, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, nil); err != nil {
			b.log.Error("report form not shown", "err", err)
			return outcomeFailed
		}
		return outcomeReplied
	}
	return b.acknowledge(ctx, s, i, b.rate(ctx, user, id, r, ""))
}

// onModalSubmit records a report sent with the form, reason and all.
func (b *Bot) onModalSubmit(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) string {
	data := i.ModalSubmitData()
	user := interactionUser(i)
	id, r, ok := bot.ParseRatingData(data.CustomID)
	if !ok || r != feedback.Report || user == "" {
		return b.acknowledge(ctx, s, i, bot.UnreadableRating())
	}
	reason := strings.TrimSpace(inputValue(data.Components, reasonInputID))
	return b.acknowledge(ctx, s, i, b.rate(ctx, user, id, feedback.Report, reason))
}

// acknowledge sends the person alone the reply to their click.
func (b *Bot) acknowledge(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, r bot.Reply) string {
	if err := b.respond(ctx, s, i, r); err != nil {
		b.log.Error("rating not acknowledged", "err", err)
		return outcomeFailed
	}
	return outcomeReplied
}

// rate calls the conversation layer's Rate within rateTimeout, turning a
// panic into an error notice.
func (b *Bot) rate(ctx context.Context, user, id string, r feedback.Rating, reason string) (reply bot.Reply) {
	defer func() {
		if p := recover(); p != nil {
			b.log.Error("rating panicked", "panic", fmt.Sprint(p))
			reply = bot.Reply{Kind: bot.KindNotice, Title: noticeError}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, rateTimeout)
	defer cancel()
	return b.h.Rate(ctx, Platform, user, id, r, reason)
}

// inputValue finds the value of the text input with the custom id among
// a submitted form's rows.
func inputValue(cs []discordgo.MessageComponent, id string) string {
	for _, c := range cs {
		switch c := c.(type) {
		case *discordgo.ActionsRow:
			if v := inputValue(c.Components, id); v != "" {
				return v
			}
		case *discordgo.TextInput:
			if c.CustomID == id {
				return c.Value
			}
		}
	}
	return ""
}

// interactionUser is the id of the person behind an interaction: the
// member's user in a server, the user in a direct message.
func interactionUser(i *discordgo.Interaction) string {
	switch {
	case i.Member != nil && i.Member.User != nil:
		return i.Member.User.ID
	case i.User != nil:
		return i.User.ID
	}
	return ""
}
