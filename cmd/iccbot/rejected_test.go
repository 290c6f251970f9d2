package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// A token Telegram refuses reaches the operator through serve's wiring:
// one log line saying what to fix, /readyz 503 naming Telegram, and the
// platform gauge at 0; answers go on meanwhile.
func TestServeRejectedToken(t *testing.T) {
	fake := httptest.NewServer(&fakeTelegram{sent: make(chan url.Values, 10)}) // knows only 123:test
	defer fake.Close()
	f := startServe(t, "TELEGRAM_BOT_TOKEN", "999:wrong-s3cret", "TELEGRAM_API_URL", fake.URL)
	f.logs.waitSeen(t, "TELEGRAM_BOT_TOKEN was rejected by Telegram")
	if code, body := f.get(t, "/readyz"); code != http.StatusServiceUnavailable || !strings.Contains(body, "TELEGRAM_BOT_TOKEN was rejected by Telegram") {
		t.Errorf("/readyz = %d %q; want 503 naming Telegram", code, body)
	}
	if _, body := f.get(t, "/metrics"); !strings.Contains(body, `iccbot_platform_up{platform="telegram"} 0`) {
		t.Errorf("/metrics lacks iccbot_platform_up{platform=\"telegram\"} 0")
	}
	if ok, _ := f.ask(t, "Where does the Assembly of States Parties meet?"); !ok {
		t.Error("no answer while Telegram is refused")
	}
	if strings.Contains(f.logs.String(), "s3cret") {
		t.Error("the token reached the log")
	}
}
