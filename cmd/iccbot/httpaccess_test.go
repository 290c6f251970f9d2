package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
)

// TestServeRefusesOffLoopbackWithoutToken: HTTP beyond loopback with no
// moderator token stops serve before anything starts, saying how to set
// the token. The knowledge folder is empty, so a serve that got past the
// check would fail on it instead, without ever binding the address.
func TestServeRefusesOffLoopbackWithoutToken(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "[::]:8080"} {
		t.Run(addr, func(t *testing.T) {
			r := runCmd(t, env("KNOWLEDGE_DIR", t.TempDir(), "HTTP_ADDR", addr), "serve")
			if r.code != 1 {
				t.Errorf("serve with HTTP_ADDR=%s and no token: exit %d; want 1", addr, r.code)
			}
			for _, want := range []string{"HTTP_MODERATOR_TOKEN", "HTTP_ADDR=" + addr, "openssl rand -hex 32", "Authorization: Bearer"} {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("serve with HTTP_ADDR=%s: %q; want it to say %q", addr, r.stderr, want)
				}
			}
		})
	}
	t.Run("with a token", func(t *testing.T) {
		r := runCmd(t, env("KNOWLEDGE_DIR", t.TempDir(), "HTTP_ADDR", "0.0.0.0:8080", "HTTP_MODERATOR_TOKEN", "0123456789abcdef0123"), "serve")
		if strings.Contains(r.stderr, "HTTP_MODERATOR_TOKEN") || !strings.Contains(r.stderr, "iccbot check") {
			t.Errorf("serve with a token: %q; want it past the token check (failing on the empty knowledge folder)", r.stderr)
		}
	})
	t.Run("other commands are not affected", func(t *testing.T) {
		r := runCmd(t, env("KNOWLEDGE_DIR", knowledgeDir(t), "HTTP_ADDR", "0.0.0.0:8080"), "ask", "When does the Assembly meet?")
		if r.code != 0 {
			t.Errorf("ask with HTTP_ADDR=0.0.0.0:8080: exit %d %q; want 0", r.code, r.stderr)
		}
	})
}

// TestServeHTTPAccess runs the bot process with a moderator token, an
// allowed host and this machine as a trusted proxy, and checks that each
// reaches the HTTP side.
func TestServeHTTPAccess(t *testing.T) {
	const token = "0123456789abcdef0123"
	f := startServe(t, "HTTP_MODERATOR_TOKEN", token, "HTTP_ALLOWED_HOSTS", "bot.example.org",
		"HTTP_TRUSTED_PROXIES", "127.0.0.1", "RATE_LIMIT_PER_MINUTE", "1")
	do := func(t *testing.T, method, path, host, auth, forwardedFor string) *http.Response {
		t.Helper()
		var body *bytes.Reader
		if method == http.MethodPost {
			body = bytes.NewReader([]byte(`{"question":"When does the Assembly meet?"}`))
		} else {
			body = bytes.NewReader(nil)
		}
		req, err := http.NewRequestWithContext(t.Context(), method, f.base+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if host != "" {
			req.Host = host
		}
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		if forwardedFor != "" {
			req.Header.Set("X-Forwarded-For", forwardedFor)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}

	t.Run("moderator token", func(t *testing.T) {
		for _, path := range []string{"/metrics", "/gaps", "/api/gaps"} {
			if resp := do(t, "GET", path, "", "", ""); resp.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("GET %s without the token = %d %q; want 401 with a Bearer challenge", path, resp.StatusCode, resp.Header.Get("WWW-Authenticate"))
			}
			if resp := do(t, "GET", path, "", "Bearer "+token, ""); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s with the token = %d; want 200", path, resp.StatusCode)
			}
		}
		if code, _ := f.get(t, "/readyz"); code != http.StatusOK {
			t.Errorf("GET /readyz = %d; want 200 without a token", code)
		}
	})

	t.Run("Host", func(t *testing.T) {
		for host, want := range map[string]int{"bot.example.org:443": 200, "localhost": 200, "rebind.example": 421} {
			if resp := do(t, "GET", "/healthz", host, "", ""); resp.StatusCode != want {
				t.Errorf("GET /healthz with Host %q = %d; want %d", host, resp.StatusCode, want)
			}
		}
		// The container's health check asks 127.0.0.1 whatever names are
		// allowed.
		var out, errOut bytes.Buffer
		addr := strings.TrimPrefix(f.base, "http://")
		if err := run(t.Context(), []string{"health"}, env("HTTP_ADDR", addr, "HTTP_ALLOWED_HOSTS", "bot.example.org"), &out, &errOut); err != nil || out.String() != "ok\n" {
			t.Errorf("health = %v %q %q", err, out.String(), errOut.String())
		}
	})

	t.Run("clients behind the proxy are limited apart", func(t *testing.T) {
		// A burst of five, then one a minute.
		for i := range 5 {
			if resp := do(t, "POST", "/api/ask", "", "", "203.0.113.1"); resp.StatusCode != http.StatusOK {
				t.Fatalf("question %d from 203.0.113.1 = %d; want 200 within the burst", i+1, resp.StatusCode)
			}
		}
		resp := do(t, "POST", "/api/ask", "", "", "203.0.113.1")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("sixth question from 203.0.113.1 = %d, Retry-After %q; want 429 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		if resp := do(t, "POST", "/api/ask", "", "", "203.0.113.2"); resp.StatusCode != http.StatusOK {
			t.Errorf("first question from 203.0.113.2 = %d; want 200", resp.StatusCode)
		}
	})
}
