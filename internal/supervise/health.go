package supervise

import "sync"

// Health is a component's standing, for readiness probes and metrics:
// whether it is connected, and whether its credentials were rejected. The
// component reports itself up (and down, when it loses its connection
// without failing); All reports failures and rejections. Safe for
// concurrent use.
type Health struct {
	name    string
	observe func(name string, up bool)

	mu       sync.Mutex
	up       bool
	rejected string // what to fix, while the credentials stand rejected
}

// NewHealth returns the health of a component that is not connected yet.
// observe, when set, is told of that and of every change (a metrics gauge).
func NewHealth(name string, observe func(name string, up bool)) *Health {
	h := &Health{name: name, observe: observe}
	if observe != nil {
		observe(name, false)
	}
	return h
}

// Up records that the component is connected and working; a rejection of
// its credentials is over.
func (h *Health) Up() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.rejected = ""
	h.set(true)
}

// Down records that the component is not connected (failed, or
// reconnecting).
func (h *Health) Down() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.set(false)
}

// reject records that the service refused the credentials, with what to
// fix. It reports whether this is news: the first rejection since the
// component was last up.
func (h *Health) reject(fix string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	first := h.rejected == ""
	h.rejected = fix
	h.set(false)
	return first
}

func (h *Health) set(up bool) {
	if h.up == up {
		return
	}
	h.up = up
	if h.observe != nil {
		h.observe(h.name, up)
	}
}

// Ready reports whether the component is fit to serve: it is not while
// its credentials stand rejected, and detail then says what to fix. A
// component that is merely reconnecting is ready: it will be back without
// anyone's help.
func (h *Health) Ready() (ok bool, detail string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rejected != "" {
		return false, h.rejected
	}
	return true, ""
}
