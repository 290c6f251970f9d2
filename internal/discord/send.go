package discord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"iccbot/internal/bot"
)

// Message flags and interaction response types, from Discord's
// documentation.
const (
	flagSuppressEmbeds = 1 << 2
	flagEphemeral      = 1 << 6

	responseMessage  = 4 // CHANNEL_MESSAGE_WITH_SOURCE: a message at once
	responseDeferred = 5 // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "thinking…"
	responseModal    = 9 // MODAL: a form
)

// allowedMentions is sent with every message: parse is an explicit empty
// list (never null, which Discord reads as "the defaults"), so no @everyone,
// role or user mention in a reply pings anyone, nor does the reply itself.
type allowedMentions struct {
	Parse       []string `json:"parse"`
	RepliedUser bool     `json:"replied_user"`
}

func pingNobody() allowedMentions { return allowedMentions{Parse: []string{}} }

// messageBody is the JSON of every message we create or edit.
type messageBody struct {
	Content         string          `json:"content,omitempty"`
	Flags           int             `json:"flags"`
	AllowedMentions allowedMentions `json:"allowed_mentions"`
	Reference       *reference      `json:"message_reference,omitempty"`
	// Components are the rating buttons, on an answer's last message.
	Components []actionRow `json:"components,omitempty"`
}

type reference struct {
	MessageID       string `json:"message_id"`
	ChannelID       string `json:"channel_id,omitempty"`
	GuildID         string `json:"guild_id,omitempty"`
	FailIfNotExists bool   `json:"fail_if_not_exists"`
}

type interactionResponse struct {
	Type int `json:"type"`
	Data any `json:"data"` // messageBody, or modal for responseModal
}

// sentMessage is the part of Discord's answer we read: the new message id.
type sentMessage struct {
	ID string `json:"id"`
}

// errRateLimited is returned when a call stays rate limited after the
// allowed retries, or Discord asks for a longer wait than we honour.
var errRateLimited = errors.New("rate limited")

// apiError is Discord's answer to a failed call, without the request URL
// (interaction URLs hold tokens).
type apiError struct {
	Status  int
	Code    int
	Message string
}

func (e *apiError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("discord API: HTTP %d", e.Status)
	}
	return fmt.Sprintf("discord API: HTTP %d: %s (code %d)", e.Status, e.Message, e.Code)
}

// cleanErr strips what must not reach a log from the library's errors:
// URLs (with interaction tokens) and response bodies.
func cleanErr(err error) error {
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		e := &apiError{}
		if re.Response != nil {
			e.Status = re.Response.StatusCode
		}
		if re.Message != nil {
			e.Code, e.Message = re.Message.Code, re.Message.Message
		}
		return e
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", ue.Op, ue.Err)
	}
	return err
}

// call makes one REST call with body as JSON, decoding the answer into
// out when set. On 429 it waits as Discord asks and retries, at most
// RateLimitRetries times and never longer than RateLimitMaxWait at once.
func (b *Bot) call(ctx context.Context, s *discordgo.Session, method, endpoint string, body, out any) error {
	return b.request(ctx, s, method, endpoint, body, out, b.cfg.RateLimitRetries)
}

// request is call with its own bound on retries after a 429.
func (b *Bot) request(ctx context.Context, s *discordgo.Session, method, endpoint string, body, out any, retries int) error {
	var data []byte
	if body != nil {
		var err error
		if data, err = json.Marshal(body); err != nil {
			return fmt.Errorf("encode: %w", err)
		}
	}
	// Channel and command routes share the session's rate limiter, whose
	// buckets follow Discord's headers. Interaction routes are per token
	// (and outside the global limit): a throwaway bucket each, so the
	// limiter does not keep one per interaction forever.
	limiter := s.Ratelimiter
	if strings.HasPrefix(endpoint, discordgo.EndpointWebhooks) || strings.Contains(endpoint, "/interactions/") {
		limiter = discordgo.NewRatelimiter()
	}
	for attempt := 0; ; attempt++ {
		resp, err := s.RequestWithLockedBucket(method, endpoint, "application/json", data,
			limiter.LockBucket(bucketOf(endpoint)), 0,
			discordgo.WithContext(ctx), discordgo.WithRetryOnRatelimit(false))
		var rl *discordgo.RateLimitError
		if errors.As(err, &rl) {
			wait := rl.RetryAfter
			if attempt >= retries || wait > b.cfg.RateLimitMaxWait {
				return fmt.Errorf("%w (retry after %v, %d attempts)", errRateLimited, wait, attempt+1)
			}
			b.log.Warn("rate limited; waiting", "wait", wait, "attempt", attempt+1)
			if err := b.sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			return cleanErr(err)
		}
		if out != nil && len(resp) > 0 {
			if err := json.Unmarshal(resp, out); err != nil {
				return fmt.Errorf("decode answer: %w", err)
			}
		}
		return nil
	}
}

// bucketOf is the rate limit bucket of an endpoint: the URL without its
// query.
func bucketOf(endpoint string) string {
	if i := strings.IndexByte(endpoint, '?'); i >= 0 {
		return endpoint[:i]
	}
	return endpoint
}

// replyTo posts parts in the message's channel, the first as a reply to
// it, the rating buttons (if any) under the last, and returns the ids of
// the messages posted.
func (b *Bot) replyTo(ctx context.Context, s *discordgo.Session, m *discordgo.Message, parts []string, buttons []actionRow) ([]string, error) {
	return b.post(ctx, s, m.ChannelID, &reference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID}, parts, buttons)
}

// post posts parts in a channel, the first as a reply to ref when set
// (a reply must be in the referenced message's channel), the buttons
// under the last.
func (b *Bot) post(ctx context.Context, s *discordgo.Session, channel string, ref *reference, parts []string, buttons []actionRow) ([]string, error) {
	var ids []string
	for i, p := range parts {
		body := messageBody{Content: p, Flags: flagSuppressEmbeds, AllowedMentions: pingNobody()}
		if i == 0 {
			body.Reference = ref
		}
		if i == len(parts)-1 {
			body.Components = buttons
		}
		var sent sentMessage
		if err := b.call(ctx, s, http.MethodPost, discordgo.EndpointChannelMessages(channel), body, &sent); err != nil {
			return ids, fmt.Errorf("post reply part %d of %d: %w", i+1, len(parts), err)
		}
		ids = append(ids, sent.ID)
	}
	return ids, nil
}

// defer acknowledges an interaction at once ("thinking…"): Discord drops
// interactions not acknowledged within three seconds.
func (b *Bot) deferReply(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, flags int) error {
	resp := interactionResponse{Type: responseDeferred, Data: messageBody{Flags: flags, AllowedMentions: pingNobody()}}
	if err := b.call(ctx, s, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, nil); err != nil {
		return fmt.Errorf("defer interaction: %w", err)
	}
	return nil
}

// answerInteraction replaces the deferred response with the first part
// and sends the rest as follow-ups, the rating buttons (if any) under the
// last. It returns the ids posted.
func (b *Bot) answerInteraction(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, parts []string, flags int, buttons []actionRow) ([]string, error) {
	var ids []string
	for n, p := range parts {
		var sent sentMessage
		var err error
		body := messageBody{Content: p, Flags: flags, AllowedMentions: pingNobody()}
		if n == len(parts)-1 {
			body.Components = buttons
		}
		if n == 0 {
			// Editing may only set SUPPRESS_EMBEDS; ephemerality stays as deferred.
			body.Flags &^= flagEphemeral
			err = b.call(ctx, s, http.MethodPatch, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), body, &sent)
		} else {
			err = b.call(ctx, s, http.MethodPost, discordgo.EndpointWebhookToken(i.AppID, i.Token)+"?wait=true", body, &sent)
		}
		if err != nil {
			return ids, fmt.Errorf("send interaction reply part %d of %d: %w", n+1, len(parts), err)
		}
		ids = append(ids, sent.ID)
	}
	return ids, nil
}

// originalID returns the id of the deferred response's message, which an
// answer will replace: a thread started on it has that id too.
func (b *Bot) originalID(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) (string, error) {
	var m sentMessage
	if err := b.call(ctx, s, http.MethodGet, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), nil, &m); err != nil {
		return "", fmt.Errorf("get the response message: %w", err)
	}
	if m.ID == "" {
		return "", errors.New("get the response message: no id")
	}
	return m.ID, nil
}

// respond answers an interaction at once with a message only the person
// sees: the acknowledgement of a rating.
func (b *Bot) respond(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction, r bot.Reply) error {
	parts := render(r)
	if len(parts) == 0 {
		parts = []string{escape(noticeError)}
	}
	resp := interactionResponse{Type: responseMessage, Data: messageBody{Content: parts[0], Flags: flagEphemeral, AllowedMentions: pingNobody()}}
	if err := b.call(ctx, s, http.MethodPost, discordgo.EndpointInteractionResponse(i.ID, i.Token), resp, nil); err != nil {
		return fmt.Errorf("respond to interaction: %w", err)
	}
	return nil
}

// deleteDeferred removes the "thinking…" message when there is nothing
// to say.
func (b *Bot) deleteDeferred(ctx context.Context, s *discordgo.Session, i *discordgo.Interaction) error {
	return b.call(ctx, s, http.MethodDelete, discordgo.EndpointWebhookMessage(i.AppID, i.Token, "@original"), nil, nil)
}
