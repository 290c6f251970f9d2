package metrics

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"iccbot/internal/feedback"
)

func TestPlatformUp(t *testing.T) {
	m := New()
	m.ObservePlatform("telegram", false)
	m.ObservePlatform("discord", true)
	m.ObservePlatform("telegram", true)
	m.ObservePlatform("discord", false)
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{
		"# TYPE iccbot_platform_up gauge",
		`iccbot_platform_up{platform="discord"} 0`,
		`iccbot_platform_up{platform="telegram"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestFeedback(t *testing.T) {
	m := New()
	m.ObserveFeedback("discord", feedback.Up)
	m.ObserveFeedback("discord", feedback.Up)
	m.ObserveFeedback("telegram", feedback.Report)
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	for _, want := range []string{
		"# TYPE iccbot_feedback_total counter",
		`iccbot_feedback_total{platform="discord",rating="up"} 2`,
		`iccbot_feedback_total{platform="telegram",rating="report"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestStore(t *testing.T) {
	m := New()
	scrape := func() string {
		w := httptest.NewRecorder()
		m.Handler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return w.Body.String()
	}
	if body := scrape(); strings.Contains(body, "iccbot_store_up ") {
		t.Errorf("iccbot_store_up reported without a shared store")
	}
	m.ObserveStoreUp(true)
	m.ObserveStoreUp(false)
	m.ObserveStoreFallback("limits")
	m.ObserveStoreFallback("limits")
	m.ObserveStoreFallback("conversations")
	body := scrape()
	for _, want := range []string{
		"# TYPE iccbot_store_up gauge",
		"iccbot_store_up 0",
		"# TYPE iccbot_store_fallback_total counter",
		`iccbot_store_fallback_total{kind="limits"} 2`,
		`iccbot_store_fallback_total{kind="conversations"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}
