package discord

import "context"

// Running as several replicas: each runs its own shards (ShardID of
// ShardCount), so Discord delivers an event to one of them; the Deduper
// covers the times it reaches two, or one twice. Deduplication fails
// open: with Redis unreachable, every event delivered is handled.

// firstTime reports whether the event id of kind is to be handled here:
// nobody has claimed it yet, or there is no Deduper, or it cannot tell.
// me, the bot's own id, keeps two bots sharing a Redis apart.
func (b *Bot) firstTime(ctx context.Context, kind, me, id string) bool {
	if b.cfg.Dedupe == nil || id == "" {
		return true
	}
	first, err := b.cfg.Dedupe.FirstTime(ctx, kind, me+":"+id, dedupeTTL)
	if err != nil {
		if !b.dedupeDown.Swap(true) {
			b.log.Warn("cannot deduplicate events: handling every event delivered, perhaps twice, until it works again", "err", err)
		}
		return true
	}
	if b.dedupeDown.Swap(false) {
		b.log.Info("deduplicating events again")
	}
	if !first {
		b.log.Debug("event already handled by a replica; skipped", "kind", kind)
	}
	return first
}
