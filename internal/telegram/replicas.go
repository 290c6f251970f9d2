package telegram

import (
	"context"
	"strconv"

	tgbotapi "github.com/go-telegram-bot-api/telegram-bot-api/v5"
)

// Running as several replicas. Polling: only the holder of Config.Lease
// polls, and a replica that takes over starts without an offset, so it
// gets again whatever its predecessor received but had not confirmed
// yet; webhook: Telegram retries an update it thinks was not received,
// perhaps at another replica. Config.Dedupe turns both into one answer.
//
// Redis unreachable. Polling: the holder keeps polling until its lease
// can no longer be renewed in time (2/3 of its ttl), then stops; the
// others keep waiting, since none can acquire the lease. Telegram keeps
// the updates (for 24 hours), and whichever replica acquires the lease
// once Redis is back answers them. The other choice, polling on without
// the lease, keeps Telegram answering through a Redis outage, but a
// replica cut off from a Redis that the others still reach would poll
// beside the new holder: each poll ends the other's with 409, updates go
// to both, and the cut-off one, unable to deduplicate, answers some twice.
// A pause in answers is the smaller harm, and webhook mode (any replica
// answers, deduplication failing open) has none. Deduplication itself
// fails open: an update is answered, perhaps twice, rather than dropped.

// pollLeased polls while this replica holds the lease, until ctx is done.
func (b *Bot) pollLeased(ctx context.Context, st *runState) error {
	b.log.Info("polling only while this replica holds the polling lease")
	return b.cfg.Lease.Hold(ctx, func(ctx context.Context, fence int64) error {
		b.log.Info("this replica polls Telegram now", "fence", fence)
		return b.poll(ctx, st)
	})
}

// firstTime reports whether u is to be handled here: it is the first
// delivery of u to any replica, or there is no Deduper, or the Deduper
// cannot tell (Redis down: then answering twice beats not answering).
func (b *Bot) firstTime(ctx context.Context, me *tgbotapi.User, u tgUpdate) bool {
	if b.cfg.Dedupe == nil {
		return true
	}
	// Update ids are counted per bot: the bot's id keeps two bots
	// sharing a Redis apart.
	id := strconv.FormatInt(me.ID, 10) + ":" + strconv.Itoa(u.UpdateID)
	first, err := b.cfg.Dedupe.FirstTime(ctx, "telegram-update", id, dedupeTTL)
	if err != nil {
		if !b.dedupeDown.Swap(true) {
			b.log.Warn("cannot deduplicate updates: answering every update delivered, perhaps twice, until it works again", "err", err)
		}
		return true
	}
	if b.dedupeDown.Swap(false) {
		b.log.Info("deduplicating updates again")
	}
	if !first {
		b.log.Debug("update already handled by a replica; skipped", "update", u.UpdateID)
	}
	return first
}
