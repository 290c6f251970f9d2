package httpapi

import (
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/bot"
	"iccbot/internal/knowledge"
)

// TestHostCheck: a Host header that is not one of the server's names gets
// 421 before any handler runs (DNS rebinding); localhost, IP addresses and
// the allowed names pass whatever their port or case.
func TestHostCheck(t *testing.T) {
	tests := []struct {
		host    string
		allowed bool
	}{
		{"localhost", true},
		{"localhost:8080", true},
		{"LOCALHOST.:8080", true},
		{"127.0.0.1:8080", true},
		{"[::1]:8080", true},
		{"192.0.2.10", true}, // a probe or a colleague addressing the bot by IP
		{"[2001:db8::1]:80", true},
		{"bot.example.org", true},
		{"bot.example.org:8443", true},
		{"Bot.Example.ORG.", true},
		{"iccbot:8080", true},
		{"evil.example", false},
		{"evil.example:8080", false},
		{"bot.example.org.evil.example", false},
		{"example.org", false},
		{"localhost.evil.example", false},
		{"", false},
	}
	paths := []struct{ method, path string }{
		{"GET", "/healthz"},
		{"GET", "/?q=when"},
		{"POST", "/api/ask"},
		{"GET", "/api/gaps"},
	}
	for _, tt := range tests {
		for _, p := range paths {
			t.Run(tt.host+" "+p.method+" "+p.path, func(t *testing.T) {
				fb := &fakeBot{reply: answeredReply()}
				h := New(Config{Bot: fb, Gaps: &fakeGaps{enabled: true}, AllowedHosts: []string{"bot.example.org", "iccbot"}})
				var body io.Reader
				if p.method == "POST" {
					body = strings.NewReader(`{"question":"When?"}`)
				}
				req := newRequest(p.method, p.path, body)
				req.Host = tt.host
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if tt.allowed {
					if rec.Code != http.StatusOK {
						t.Errorf("%s %s with Host %q = %d %s; want 200", p.method, p.path, tt.host, rec.Code, rec.Body)
					}
					return
				}
				if rec.Code != http.StatusMisdirectedRequest {
					t.Fatalf("%s %s with Host %q = %d; want 421", p.method, p.path, tt.host, rec.Code)
				}
				if strings.HasPrefix(p.path, "/api/") {
					checkErrorJSON(t, rec.Header(), rec.Body.Bytes())
				}
				if !strings.Contains(rec.Body.String(), "HTTP_ALLOWED_HOSTS") {
					t.Errorf("421 body %q; want it to name HTTP_ALLOWED_HOSTS", rec.Body)
				}
				if got := fb.messages(); len(got) != 0 {
					t.Errorf("bot received %+v; want no call for a foreign Host", got)
				}
			})
		}
	}
}

// TestHostCheckOverTheWire: a real client on loopback addresses the server
// as 127.0.0.1:port and is served; the same connection naming another host
// is refused.
func TestHostCheckOverTheWire(t *testing.T) {
	srv := httptest.NewServer(New(Config{Bot: &fakeBot{reply: answeredReply()}}))
	defer srv.Close()
	for host, want := range map[string]int{"": 200, "rebind.example:80": 421} {
		req, err := http.NewRequestWithContext(t.Context(), "GET", srv.URL+"/healthz", nil)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET /healthz with Host %q = %d; want %d", host, resp.StatusCode, want)
		}
	}
}

// TestModeratorToken: with a token set, /gaps, /api/gaps, /knowledge and
// /metrics want
// it (as a bearer token, or as a browser's Basic password); everything else
// stays open.
func TestModeratorToken(t *testing.T) {
	const token = "moderator-token-0123456789"
	basic := func(user, pass string) string {
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
	}
	auths := []struct {
		name, header string
		ok           bool
	}{
		{"none", "", false},
		{"wrong token", "Bearer moderator-token-0123456780", false},
		{"token prefix", "Bearer moderator-token", false},
		{"token plus more", "Bearer " + token + "x", false},
		{"empty bearer", "Bearer ", false},
		{"token without scheme", token, false},
		{"Basic, wrong password", basic("mod", "nope"), false},
		{"Basic, token as the user name", basic(token, ""), false},
		{"bearer", "Bearer " + token, true},
		{"bearer, scheme in lower case", "bearer " + token, true},
		{"Basic, token as the password", basic("anyone", token), true},
	}
	guarded := []string{"/gaps", "/api/gaps", "/flagged", "/api/feedback", "/knowledge", "/metrics"}
	h := New(Config{Bot: &fakeBot{reply: answeredReply()}, Gaps: &fakeGaps{enabled: true}, Feedback: &fakeFeedback{}, Metrics: metricsStub(), ModeratorToken: token})
	for _, path := range guarded {
		for _, a := range auths {
			t.Run(path+" "+a.name, func(t *testing.T) {
				req := newRequest("GET", path, nil)
				if a.header != "" {
					req.Header.Set("Authorization", a.header)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if a.ok {
					if rec.Code != http.StatusOK {
						t.Errorf("GET %s with %s = %d %s; want 200", path, a.name, rec.Code, rec.Body)
					}
					return
				}
				if rec.Code != http.StatusUnauthorized {
					t.Fatalf("GET %s with %s = %d; want 401", path, a.name, rec.Code)
				}
				challenges := rec.Header().Values("WWW-Authenticate")
				if len(challenges) == 0 || !strings.HasPrefix(challenges[0], "Bearer ") {
					t.Errorf("WWW-Authenticate = %q; want a Bearer challenge first", challenges)
				}
				if strings.Contains(rec.Body.String(), "# metrics") || strings.Contains(rec.Body.String(), "<table") {
					t.Errorf("401 body %q gives away the page", rec.Body)
				}
				if strings.HasPrefix(path, "/api/") {
					checkErrorJSON(t, rec.Header(), rec.Body.Bytes())
				}
			})
		}
	}
	for _, open := range []struct{ method, path string }{
		{"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/"}, {"GET", "/?q=when"}, {"POST", "/api/ask"},
	} {
		t.Run("open "+open.method+" "+open.path, func(t *testing.T) {
			var body io.Reader
			if open.method == "POST" {
				body = strings.NewReader(`{"question":"When?"}`)
			}
			rec := serve(t, h, open.method, open.path, body)
			if rec.Code != http.StatusOK {
				t.Errorf("%s %s without a token = %d; want 200 (open to all)", open.method, open.path, rec.Code)
			}
		})
	}
}

// TestClient: who a request is limited as. The peer's address, unless it
// is a trusted proxy, when the rightmost untrusted X-Forwarded-For entry
// is; only a loopback peer with no forwarding header is not limited ("").
func TestClient(t *testing.T) {
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	tests := []struct {
		name    string
		peer    string
		headers []string // name, value pairs
		trusted []netip.Prefix
		want    string
	}{
		{"loopback", "127.0.0.1:5000", nil, nil, ""},
		{"loopback IPv6", "[::1]:5000", nil, nil, ""},
		{"loopback, IPv4 in IPv6", "[::ffff:127.0.0.1]:5000", nil, nil, ""},
		{"remote", "192.0.2.1:5000", nil, nil, "192.0.2.1"},
		{"remote IPv6", "[2001:db8::1]:80", nil, nil, "2001:db8::1"},
		{"remote, IPv4 in IPv6", "[::ffff:192.0.2.1]:80", nil, nil, "192.0.2.1"},
		{"loopback forwarding, untrusted", "127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, nil, "127.0.0.1"},
		{"loopback with Forwarded", "127.0.0.1:5000", []string{"Forwarded", "for=203.0.113.9"}, nil, "127.0.0.1"},
		{"loopback with X-Real-IP", "[::1]:5000", []string{"X-Real-Ip", "203.0.113.9"}, nil, "::1"},
		{"spoofed from an untrusted peer", "192.0.2.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, trusted, "192.0.2.1"},
		{"trusted proxy", "10.0.0.2:5000", []string{"X-Forwarded-For", "203.0.113.9"}, trusted, "203.0.113.9"},
		{"trusted proxy, client spoofs to the left", "10.0.0.2:5000", []string{"X-Forwarded-For", "1.2.3.4, 203.0.113.9"}, trusted, "203.0.113.9"},
		{"chain of trusted proxies", "10.0.0.2:5000", []string{"X-Forwarded-For", "1.2.3.4,203.0.113.9, 10.0.0.7"}, trusted, "203.0.113.9"},
		{"two headers", "10.0.0.2:5000", []string{"X-Forwarded-For", "1.2.3.4", "X-Forwarded-For", "203.0.113.9"}, trusted, "203.0.113.9"},
		{"entry with a port", "10.0.0.2:5000", []string{"X-Forwarded-For", "203.0.113.9:4711"}, trusted, "203.0.113.9"},
		{"IPv6 entry with a port", "10.0.0.2:5000", []string{"X-Forwarded-For", "[2001:db8::5]:443"}, trusted, "2001:db8::5"},
		{"garbage where the client should be", "10.0.0.2:5000", []string{"X-Forwarded-For", "203.0.113.9, unknown"}, trusted, "10.0.0.2"},
		{"every hop trusted", "10.0.0.2:5000", []string{"X-Forwarded-For", "10.9.9.9, 10.0.0.5"}, trusted, "10.9.9.9"},
		{"trusted proxy without the header", "10.0.0.2:5000", nil, trusted, "10.0.0.2"},
		{"proxy on this machine", "127.0.0.1:5000", []string{"X-Forwarded-For", "203.0.113.9"}, trusted, "203.0.113.9"},
		{"proxy on this machine, its own request", "127.0.0.1:5000", nil, trusted, ""},
		{"proxy on this machine forwarding a local client", "127.0.0.1:5000", []string{"X-Forwarded-For", "127.0.0.1"}, trusted, "127.0.0.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fb := &fakeBot{reply: answeredReply()}
			s := New(Config{Bot: fb, TrustedProxies: tt.trusted})
			req := newRequest(http.MethodPost, "/api/ask", strings.NewReader(`{"question":"When?"}`))
			req.RemoteAddr = tt.peer
			for i := 0; i+1 < len(tt.headers); i += 2 {
				req.Header.Add(tt.headers[i], tt.headers[i+1])
			}
			s.ServeHTTP(httptest.NewRecorder(), req)
			got := fb.messages()
			if len(got) != 1 {
				t.Fatalf("bot received %d messages; want 1", len(got))
			}
			if got[0].User != tt.want {
				t.Errorf("request from %s with %q (trusted %v) limited as %q; want %q", tt.peer, tt.headers, tt.trusted, got[0].User, tt.want)
			}
		})
	}
}

// TestForwardedRateLimit runs the real conversation layer behind /api/ask:
// two clients behind a trusted proxy are limited separately, a spoofed
// X-Forwarded-For from an untrusted peer does not buy a new limit, and a
// proxy on this machine no longer passes everyone through unlimited.
func TestForwardedRateLimit(t *testing.T) {
	kb, problems, err := knowledge.Load("../../knowledge")
	if err != nil || len(problems) > 0 {
		t.Fatal(err, problems)
	}
	e := answer.New(kb)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	newServer := func(trusted ...netip.Prefix) http.Handler {
		// One question, then one a minute: the second is over the limit.
		b := bot.New(bot.Config{RatePerMinute: 1, Burst: 1}, e, staticKB{e}, slog.New(slog.DiscardHandler), func() time.Time { return now }, nil)
		return New(Config{Bot: b, TrustedProxies: trusted})
	}
	ask := func(h http.Handler, peer, forwardedFor string) *httptest.ResponseRecorder {
		t.Helper()
		req := newRequest(http.MethodPost, "/api/ask", strings.NewReader(`{"question":"When does the Assembly meet?"}`))
		req.RemoteAddr = peer
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	type step struct {
		peer, forwardedFor string
		want               int
	}
	tests := []struct {
		name    string
		trusted []netip.Prefix
		steps   []step
	}{
		{"two clients behind a trusted proxy", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []step{
			{"10.0.0.2:4000", "203.0.113.1", 200},
			{"10.0.0.2:4001", "203.0.113.1", 429},
			{"10.0.0.2:4002", "203.0.113.2", 200},
			{"10.0.0.3:4000", "198.51.100.7, 203.0.113.2", 429}, // another proxy, same client, spoofed prefix
		}},
		{"spoofed header from an untrusted peer", []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, []step{
			{"192.0.2.50:4000", "203.0.113.3", 200},
			{"192.0.2.50:4001", "203.0.113.4", 429},
			{"192.0.2.51:4000", "203.0.113.4", 200},
		}},
		{"proxy on this machine, not trusted", nil, []step{
			{"127.0.0.1:4000", "203.0.113.5", 200},
			{"127.0.0.1:4001", "203.0.113.6", 429},
			{"127.0.0.1:4002", "", 200}, // this machine's own tool
			{"127.0.0.1:4003", "", 200},
		}},
		{"proxy on this machine, trusted", []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, []step{
			{"127.0.0.1:4000", "203.0.113.5", 200},
			{"127.0.0.1:4001", "203.0.113.5", 429},
			{"127.0.0.1:4002", "203.0.113.6", 200},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newServer(tt.trusted...)
			for i, s := range tt.steps {
				rec := ask(h, s.peer, s.forwardedFor)
				if rec.Code != s.want {
					t.Fatalf("step %d: POST /api/ask from %s with X-Forwarded-For %q = %d %s; want %d", i+1, s.peer, s.forwardedFor, rec.Code, rec.Body, s.want)
				}
				if s.want == http.StatusTooManyRequests {
					if got := rec.Header().Get("Retry-After"); got != "60" {
						t.Errorf("step %d: Retry-After = %q; want 60 (one question a minute)", i+1, got)
					}
				}
			}
		})
	}
}

// staticKB serves one engine to the real bot.
type staticKB struct{ e *answer.Engine }

func (s staticKB) Engine() *answer.Engine { return s.e }
