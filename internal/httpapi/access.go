package httpapi

import (
	"crypto/sha256"
	"crypto/subtle"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Who may reach what. Three checks guard the HTTP side when it listens
// beyond this machine:
//
//   - The Host header must name this server (checkHost), so that a web
//     page whose name an attacker points at the bot's address (DNS
//     rebinding) cannot read it with a visitor's browser.
//   - The moderators' pages and /metrics want the moderator token
//     (moderator), and clearing the gaps also a request from this site
//     (server.csrf).
//   - Each client is rate-limited by its own address, read from
//     X-Forwarded-For only when the peer is a proxy the operator trusts
//     (client).

// realm names what the moderator token opens, in WWW-Authenticate.
const realm = `realm="iccbot moderators"`

// checkHost answers 421 Misdirected Request to a request whose Host header
// is not one of this server's names. Accepted always: localhost and any IP
// address (a rebinding page can only present its own name, and probes,
// scrapers and people on the network address the bot by IP); besides
// those, the names in allowed.
func checkHost(allowed map[string]bool, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if name, ok := hostName(r.Host); ok && (name == "localhost" || allowed[name] || isIP(name)) {
			h.ServeHTTP(w, r)
			return
		}
		// 421 rather than 403: the request is not forbidden to this
		// client, it reached a server that does not serve that name.
		msg := "this server does not answer for that host name; its operator can add the name to HTTP_ALLOWED_HOSTS"
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusMisdirectedRequest, msg)
			return
		}
		writeText(w, http.StatusMisdirectedRequest, msg)
	})
}

// hostName normalises a Host header value or an allowed name: lower case,
// without the port, the brackets of an IPv6 address or a trailing dot.
func hostName(host string) (string, bool) {
	host = strings.ToLower(strings.TrimSpace(host))
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 0 {
			return "", false
		}
		host = host[1:end]
	} else if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	host = strings.TrimSuffix(host, ".")
	return host, host != ""
}

func isIP(name string) bool {
	_, err := netip.ParseAddr(name)
	return err == nil
}

// moderator lets a request through to h only with the moderator token:
// as a bearer token, or as the password of Basic authentication so that a
// moderator's browser can open /gaps (it asks for the password itself).
// Without a token configured it returns h unchanged.
func (s *server) moderator(h http.Handler) http.Handler {
	if s.tokenHash == nil {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.authorized(r) {
			h.ServeHTTP(w, r)
			return
		}
		w.Header().Add("WWW-Authenticate", "Bearer "+realm)
		w.Header().Add("WWW-Authenticate", "Basic "+realm+`, charset="UTF-8"`)
		msg := "this page is for moderators: send the moderator token (HTTP_MODERATOR_TOKEN) as \"Authorization: Bearer <token>\""
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeError(w, http.StatusUnauthorized, msg)
			return
		}
		writeText(w, http.StatusUnauthorized, msg)
	})
}

// isModerator reports whether a request may use moderators' commands on
// the playground: with a token configured, one that presents it; without
// one (which the bot allows only on loopback), anyone, as /gaps is open
// then too.
func (s *server) isModerator(r *http.Request) bool {
	return s.tokenHash == nil || s.authorized(r)
}

// authorized compares the presented token with the configured one in
// constant time: both are hashed first, so neither the content nor the
// length of the token leaks through timing.
func (s *server) authorized(r *http.Request) bool {
	var presented string
	scheme, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		presented = strings.TrimSpace(cred)
	case strings.EqualFold(scheme, "Basic"):
		_, presented, _ = r.BasicAuth()
	}
	if presented == "" {
		return false
	}
	sum := sha256.Sum256([]byte(presented))
	return subtle.ConstantTimeCompare(sum[:], s.tokenHash) == 1
}

// client is who a request comes from, for the rate limiter: the peer's
// address; behind a trusted proxy, the rightmost address in
// X-Forwarded-For that is not itself a trusted proxy (what the last proxy
// saw; anything left of it the client may have written). Empty means this
// machine's own tools, which the bot does not rate-limit: a loopback peer
// with no forwarding header at all, since one that forwards is a proxy
// passing on someone else's request.
func (s *server) client(r *http.Request) string {
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		// net/http always sets ip:port; keep whatever it is as the key.
		host, _, err := net.SplitHostPort(r.RemoteAddr)
		if err != nil {
			return r.RemoteAddr
		}
		return host
	}
	addr := peer.Addr().Unmap()
	xff := r.Header.Values("X-Forwarded-For")
	forwarded := len(xff) > 0 || r.Header.Get("Forwarded") != "" || r.Header.Get("X-Real-Ip") != ""
	if !forwarded && addr.IsLoopback() {
		return ""
	}
	if forwarded && !s.trusted(addr) {
		s.untrustedProxy.Do(func() {
			s.log.Warn("a request carries a forwarding header from a peer not in HTTP_TRUSTED_PROXIES: the header is ignored, and all clients of that peer share one rate limit")
		})
	}
	if len(xff) > 0 && s.trusted(addr) {
		if c, ok := s.forwardedClient(xff); ok {
			return c.String()
		}
	}
	return addr.String()
}

// forwardedClient walks X-Forwarded-For from the right (the entry the
// nearest proxy wrote) past trusted proxies to the client. An entry that
// is not an address means a proxy wrote nonsense: ok is false, and the
// peer stands for the client (its clients share a limit, which errs safe).
// When every entry is a trusted proxy, the leftmost is the client.
func (s *server) forwardedClient(values []string) (netip.Addr, bool) {
	entries := strings.Split(strings.Join(values, ","), ",")
	var last netip.Addr
	for i := len(entries) - 1; i >= 0; i-- {
		a, ok := parseForwarded(entries[i])
		if !ok {
			return netip.Addr{}, false
		}
		if !s.trusted(a) {
			return a, true
		}
		last = a
	}
	return last, last.IsValid()
}

// parseForwarded reads one X-Forwarded-For entry: an address, with a port
// or in brackets as some proxies write it.
func parseForwarded(e string) (netip.Addr, bool) {
	e = strings.TrimSpace(e)
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(e, "["), "]")); err == nil {
		return a.Unmap(), true
	}
	if ap, err := netip.ParseAddrPort(e); err == nil {
		return ap.Addr().Unmap(), true
	}
	return netip.Addr{}, false
}

func (s *server) trusted(a netip.Addr) bool {
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
