package discord

import (
	"container/list"
	"context"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// threadName names every thread the bot starts. It is neutral on
// purpose: the bot never repeats what someone wrote, and a thread's name
// shows in the channel list.
const threadName = "Answer and follow-ups"

// threadArchiveMinutes archives a thread after a day without messages
// (one of the values Discord accepts: 60, 1440, 4320, 10080).
const threadArchiveMinutes = 1440

// threadBackoff is how long the bot stops trying to start threads in a
// channel where it may not.
const threadBackoff = time.Hour

// threadMemory bounds each of the bot's memories about channels: the
// threads it started, what it looked up, where it may not start threads.
const threadMemory = 10000

// kind is what the bot needs to know about a server channel.
type kind int

const (
	kindUnknown   kind = iota // not known, and could not be looked up
	kindText                  // text or announcement: threads start here
	kindOwnThread             // a thread the bot started
	kindThread                // someone else's thread
	kindOther                 // a forum, voice channel, or one we may not see
)

func (k kind) thread() bool { return k == kindOwnThread || k == kindThread }

// threads remembers which threads are the bot's and where it may start
// them, each memory bounded, the least recently used forgotten first.
type threads struct {
	own      *lru[struct{}]  // threads the bot started
	looked   *lru[kind]      // channels the state did not know, looked up
	refused  *lru[time.Time] // channel → when to try starting threads again
	mu       sync.Mutex
	inFlight map[string]*lookup // lookups under way, shared by concurrent messages
}

type lookup struct {
	done chan struct{}
	kind kind
}

func newThreads(n int) *threads {
	return &threads{own: newLRU[struct{}](n), looked: newLRU[kind](n), refused: newLRU[time.Time](n), inFlight: map[string]*lookup{}}
}

// channelKind tells what a server channel is: from the threads the bot
// started, the session's state (filled by the gateway), what it looked up
// before, or else by asking Discord once.
func (b *Bot) channelKind(ctx context.Context, s *discordgo.Session, id, me string) kind {
	if _, ok := b.threads.own.get(id); ok {
		return kindOwnThread
	}
	if c, err := s.State.Channel(id); err == nil {
		return classify(c.Type, c.OwnerID, me)
	}
	if k, ok := b.threads.looked.get(id); ok {
		return k
	}
	t := b.threads
	t.mu.Lock()
	l, ok := t.inFlight[id]
	if !ok {
		l = &lookup{done: make(chan struct{})}
		t.inFlight[id] = l
	}
	t.mu.Unlock()
	if ok {
		select {
		case <-l.done:
			return l.kind
		case <-ctx.Done():
			return kindUnknown
		}
	}
	l.kind = b.lookUp(ctx, s, id, me)
	if l.kind != kindUnknown {
		t.looked.put(id, l.kind)
	}
	t.mu.Lock()
	delete(t.inFlight, id)
	t.mu.Unlock()
	close(l.done)
	return l.kind
}

// lookUp asks Discord what a channel is (after a restart, a thread the
// state does not know). A channel we may not see, or that is gone, is
// none of ours; other failures stay unknown, to be asked again.
func (b *Bot) lookUp(ctx context.Context, s *discordgo.Session, id, me string) kind {
	var c struct {
		Type    discordgo.ChannelType `json:"type"`
		OwnerID string                `json:"owner_id"`
	}
	err := b.call(ctx, s, http.MethodGet, discordgo.EndpointChannel(id), nil, &c)
	var ae *apiError
	switch {
	case errors.As(err, &ae) && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound):
		return kindOther
	case err != nil:
		b.log.Warn("looking up a channel failed", "err", err)
		return kindUnknown
	}
	return classify(c.Type, c.OwnerID, me)
}

func classify(t discordgo.ChannelType, owner, me string) kind {
	switch t {
	case discordgo.ChannelTypeGuildText, discordgo.ChannelTypeGuildNews:
		return kindText
	case discordgo.ChannelTypeGuildPublicThread, discordgo.ChannelTypeGuildNewsThread:
		if owner != "" && owner == me {
			return kindOwnThread
		}
		return kindThread
	case discordgo.ChannelTypeGuildPrivateThread:
		return kindThread
	}
	return kindOther
}

// mayStartThread reports whether the bot should try to start a thread in
// a channel of kind k: threads are on, the channel takes them, and it has
// not refused the bot lately.
func (b *Bot) mayStartThread(channel string, k kind) bool {
	if !b.cfg.Threads || k != kindText {
		return false
	}
	until, ok := b.threads.refused.get(channel)
	return !ok || !b.now().Before(until)
}

type threadBody struct {
	Name                string `json:"name"`
	AutoArchiveDuration int    `json:"auto_archive_duration"`
}

// startThread starts a thread on a message and returns its id (Discord
// gives it the message's). Refused for want of permission, the channel
// is left alone for threadBackoff.
func (b *Bot) startThread(ctx context.Context, s *discordgo.Session, channel, message string) (string, error) {
	var c sentMessage
	err := b.call(ctx, s, http.MethodPost, discordgo.EndpointChannelMessageThread(channel, message),
		threadBody{Name: threadName, AutoArchiveDuration: threadArchiveMinutes}, &c)
	var ae *apiError
	if errors.As(err, &ae) && ae.Status == http.StatusForbidden {
		b.threads.refused.put(channel, b.now().Add(threadBackoff))
		b.log.Warn("may not start threads in a channel; answering there for an hour (grant Create Public Threads and Send Messages in Threads)", "err", err)
		return "", err
	}
	if err != nil {
		b.log.Warn("starting a thread failed; answering in the channel", "err", err)
		return "", err
	}
	if c.ID == "" {
		c.ID = message
	}
	b.threads.own.put(c.ID, struct{}{})
	return c.ID, nil
}

// typingInterval repeats "typing…", which Discord shows for about ten
// seconds or until the bot's next message.
const typingInterval = 8 * time.Second

// typingTimeout bounds one typing request.
const typingTimeout = 2 * time.Second

// typing shows "typing…" in a channel until stop is called, repeating it
// while the answer takes long. A failure ends the indicator, never the
// answer. The first indicator is always sent, and stop waits for a
// request in flight (each bounded by typingTimeout), so the indicator
// never follows the reply, which would hang "typing…" under it.
func (b *Bot) typing(ctx context.Context, s *discordgo.Session, channel string) (stop func()) {
	tctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			rctx, rcancel := context.WithTimeout(ctx, typingTimeout)
			err := b.request(rctx, s, http.MethodPost, discordgo.EndpointChannelTyping(channel), nil, nil, 0)
			rcancel()
			if err != nil {
				if tctx.Err() == nil {
					b.log.Debug("typing indicator failed", "err", err)
				}
				return
			}
			if b.sleep(tctx, typingInterval) != nil {
				return
			}
		}
	}()
	return func() { cancel(); <-done }
}

// lru is a map of at most max keys that forgets the least recently used
// first.
type lru[V any] struct {
	mu  sync.Mutex
	max int
	ll  *list.List // of lruEntry[V], the most recent at the front
	m   map[string]*list.Element
}

type lruEntry[V any] struct {
	key string
	val V
}

func newLRU[V any](max int) *lru[V] {
	return &lru[V]{max: max, ll: list.New(), m: make(map[string]*list.Element)}
}

func (c *lru[V]) get(k string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.ll.MoveToFront(e)
	return e.Value.(lruEntry[V]).val, true
}

func (c *lru[V]) put(k string, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[k]; ok {
		e.Value = lruEntry[V]{k, v}
		c.ll.MoveToFront(e)
		return
	}
	c.m[k] = c.ll.PushFront(lruEntry[V]{k, v})
	if c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.m, old.Value.(lruEntry[V]).key)
	}
}
