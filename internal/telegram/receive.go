package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"

	"iccbot/internal/supervise"
)

// tgUpdate is the part of an update the bot reads. Only "message" and
// "callback_query" (a click on a rating button) are decoded: edited
// messages, channel posts and every other kind are dropped by not being
// read.
type tgUpdate struct {
	UpdateID      int         `json:"update_id"`
	Message       *tgMessage  `json:"message"`
	CallbackQuery *tgCallback `json:"callback_query"`
}

// tgMessage adds to the library's Message the forum-topic fields it
// predates, so replies land in the topic they were asked in.
type tgMessage struct {
	tgbotapi.Message
	MessageThreadID int  `json:"message_thread_id"`
	IsTopicMessage  bool `json:"is_topic_message"`
}

func (m *tgMessage) thread() int {
	if m.IsTopicMessage {
		return m.MessageThreadID
	}
	return 0
}

func jsonUnmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
func jsonMarshal(v any) ([]byte, error)      { return json.Marshal(v) }

// Backoff between failed polls.
const (
	pollBackoffMin = time.Second
	pollBackoffMax = 30 * time.Second
)

// poll long-polls getUpdates until ctx is cancelled. The request carries
// ctx, so cancelling ends a held poll at once. It deletes any webhook
// first: Telegram refuses getUpdates while one is set, so switching an
// operator back from webhook mode just works.
func (b *Bot) poll(ctx context.Context, st *runState) error {
	b.live.Store(st)
	b.deleteWebhook(ctx)
	offset := 0
	backoff := pollBackoffMin
	for ctx.Err() == nil {
		p := tgbotapi.Params{
			"timeout":         strconv.Itoa(int(b.cfg.PollTimeout / time.Second)),
			"allowed_updates": allowedUpdates,
		}
		p.AddNonZero("offset", offset)
		pctx, cancel := context.WithTimeout(ctx, b.cfg.PollTimeout+15*time.Second)
		resp, err := b.call(pctx, "getUpdates", p)
		cancel()
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			if te, ok := apiError(err); ok && te.Code == http.StatusConflict {
				// Another process polls with the token: Telegram ends the
				// older of two polls with 409 ("terminated by other
				// getUpdates request"). Or a webhook is set (409 "can't
				// use getUpdates method while webhook is active"). Either
				// way, back off: polling harder only fights the other.
				b.log.Warn("Telegram refused to poll: another process is polling with this token, or a webhook is set; backing off",
					append(describe(err), "in", backoff)...)
				if strings.Contains(te.Message, "webhook") {
					b.deleteWebhook(ctx)
				}
			} else {
				b.cfg.Health.Down()
				if err := rejection(err); errors.Is(err, supervise.ErrRejected) {
					return fmt.Errorf("telegram: getUpdates: %w", err) // a revoked token
				}
				b.log.Warn("polling failed; retrying", append(describe(err), "in", backoff)...)
			}
			if b.clock.Sleep(ctx, backoff) != nil {
				return nil
			}
			backoff = min(2*backoff, pollBackoffMax)
			continue
		}
		backoff = pollBackoffMin
		b.cfg.Health.Up()
		var raws []json.RawMessage
		if err := json.Unmarshal(resp.Result, &raws); err != nil {
			b.log.Warn("could not decode getUpdates", "err", err)
			continue
		}
		for _, raw := range raws {
			var u tgUpdate
			if err := json.Unmarshal(raw, &u); err != nil {
				// Skip it, but still confirm it, or it would come back forever.
				var id struct {
					UpdateID int `json:"update_id"`
				}
				if json.Unmarshal(raw, &id) == nil && id.UpdateID >= offset {
					offset = id.UpdateID + 1
				}
				b.log.Warn("skipping an update that could not be decoded")
				continue
			}
			if u.UpdateID >= offset {
				offset = u.UpdateID + 1
			}
			if !b.dispatch(ctx, st, u) {
				return nil
			}
		}
	}
	return nil
}

// deleteWebhook removes a webhook, keeping the updates waiting: Telegram
// refuses getUpdates while one is set.
func (b *Bot) deleteWebhook(ctx context.Context) {
	if _, err := b.call(ctx, "deleteWebhook", tgbotapi.Params{"drop_pending_updates": "false"}); err != nil && ctx.Err() == nil {
		b.log.Warn("could not delete the webhook before polling", describe(err)...)
	}
}

// runWebhook registers the webhook with its secret, then receives updates
// through WebhookHandler until ctx is cancelled: on its own server when
// WebhookListen is set, otherwise wherever the caller mounted the handler.
// The webhook stays registered on the way out: other replicas may still be
// serving it.
func (b *Bot) runWebhook(ctx context.Context, st *runState) error {
	p := tgbotapi.Params{
		"url":             b.webhook.String(),
		"secret_token":    b.cfg.WebhookSecret,
		"allowed_updates": allowedUpdates,
	}
	b.live.Store(st) // before registering: Telegram may call at once
	if _, err := b.call(ctx, "setWebhook", p); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("telegram: setWebhook: %w", rejection(err))
	}
	if b.cfg.WebhookListen == "" {
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", b.cfg.WebhookListen)
	if err != nil {
		return fmt.Errorf("telegram: webhook listen %s: %w", b.cfg.WebhookListen, err)
	}
	mux := http.NewServeMux()
	p0 := b.webhook.Path
	if p0 == "" {
		p0 = "/"
	}
	mux.Handle(p0, b.WebhookHandler())
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	b.log.Info("serving the Telegram webhook", "addr", ln.Addr().String(), "path", p0)
	select {
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 500*time.Millisecond)
		defer cancel()
		_ = srv.Shutdown(sctx)
		return nil
	case err := <-errc:
		return fmt.Errorf("telegram: webhook server: %w", err)
	}
}

// SecretHeader carries the webhook secret in Telegram's requests.
const SecretHeader = "X-Telegram-Bot-Api-Secret-Token"

// WebhookHandler receives Telegram's webhook requests: mount it at
// WebhookURL's path when WebhookListen is empty. It refuses requests
// without the secret (401) or with a wrong one (403), and answers 503
// until Run has started; the reply is sent after the request is answered.
func (b *Bot) WebhookHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get(SecretHeader)
		switch {
		case b.webhook == nil:
			http.Error(w, "webhook mode is off", http.StatusNotFound)
			return
		case got == "":
			http.Error(w, "missing secret token", http.StatusUnauthorized)
			return
		case subtle.ConstantTimeCompare([]byte(got), []byte(b.cfg.WebhookSecret)) != 1:
			http.Error(w, "wrong secret token", http.StatusForbidden)
			return
		}
		st := b.live.Load()
		if st == nil {
			http.Error(w, "not running", http.StatusServiceUnavailable)
			return
		}
		var u tgUpdate
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxWebhookBodySize)).Decode(&u); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		if !b.dispatch(r.Context(), st, u) {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
	})
}
