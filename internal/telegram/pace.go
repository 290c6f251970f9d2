package telegram

import (
	"sync"
	"time"
)

// pacer spaces outgoing messages: at least perChat apart in one chat and
// 1/rate apart overall. Each send reserves the earliest slot that keeps
// both, then waits for it, so bursts queue up instead of meeting 429s.
type pacer struct {
	perChat time.Duration // 0: off
	global  time.Duration // 0: off

	mu         sync.Mutex
	globalNext time.Time
	chatNext   map[int64]time.Time
}

// newPacer takes Config's values after defaults: negative turns a limit off.
func newPacer(perChat time.Duration, rate float64) *pacer {
	p := &pacer{chatNext: make(map[int64]time.Time)}
	if perChat > 0 {
		p.perChat = perChat
	}
	if rate > 0 {
		p.global = time.Duration(float64(time.Second) / rate)
	}
	return p
}

// pruneAt bounds the per-chat memory: past it, chats whose next slot has
// passed are forgotten (they would get a slot at once anyway).
const pruneAt = 4096

// reserveChat returns when a message to chat may be sent as far as that
// chat is concerned, given the time now, and books that slot.
func (p *pacer) reserveChat(chat int64, now time.Time) time.Time {
	if p.perChat == 0 {
		return now
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	at := now
	if n, ok := p.chatNext[chat]; ok && n.After(at) {
		at = n
	}
	if len(p.chatNext) >= pruneAt {
		for c, n := range p.chatNext {
			if !n.After(now) {
				delete(p.chatNext, c)
			}
		}
	}
	p.chatNext[chat] = at.Add(p.perChat)
	return at
}

// reserveGlobal books the next overall slot. It is asked only once a
// message's chat slot has come, so a chat with a queue never holds up
// the others.
func (p *pacer) reserveGlobal(now time.Time) time.Time {
	if p.global == 0 {
		return now
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	at := now
	if p.globalNext.After(at) {
		at = p.globalNext
	}
	p.globalNext = at.Add(p.global)
	return at
}
