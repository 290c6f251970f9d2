package httpapi

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

func TestProbes(t *testing.T) {
	tests := []struct {
		name       string
		ready      func() (bool, string)
		path       string
		wantStatus int
		wantBody   string
	}{
		{"healthz", nil, "/healthz", http.StatusOK, "ok"},
		{"healthz while not ready", func() (bool, string) { return false, "loading" }, "/healthz", http.StatusOK, "ok"},
		{"readyz ready", func() (bool, string) { return true, "ok: 1 documents, 9 passages" }, "/readyz", http.StatusOK, "ok: 1 documents, 9 passages"},
		{"readyz broken knowledge", func() (bool, string) { return false, "knowledge.md:3: front matter: mapping values are not allowed" }, "/readyz",
			http.StatusServiceUnavailable, "knowledge.md:3: front matter: mapping values are not allowed"},
		{"readyz without Ready func", nil, "/readyz", http.StatusOK, "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := New(Config{Bot: &fakeBot{}, Ready: tt.ready})
			rec := serve(t, h, http.MethodGet, tt.path, nil)
			if rec.Code != tt.wantStatus || rec.Body.String() != tt.wantBody {
				t.Errorf("GET %s = %d %q; want %d %q", tt.path, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if ct := rec.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
				t.Errorf("GET %s Content-Type = %q; want text/plain; charset=utf-8", tt.path, ct)
			}
		})
	}
}

// TestRoutes checks status codes, Allow headers and error formats for every
// path and the methods each one refuses.
func TestRoutes(t *testing.T) {
	tests := []struct {
		method, path string
		noMetrics    bool
		wantStatus   int
		wantAllow    string // checked when not empty
		wantJSON     bool   // the body is {"error": "..."}
	}{
		{method: "GET", path: "/healthz", wantStatus: 200},
		{method: "HEAD", path: "/healthz", wantStatus: 200},
		{method: "POST", path: "/healthz", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "GET", path: "/readyz", wantStatus: 200},
		{method: "PUT", path: "/readyz", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "GET", path: "/metrics", wantStatus: 200},
		{method: "POST", path: "/metrics", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "GET", path: "/metrics", noMetrics: true, wantStatus: 404},
		{method: "GET", path: "/", wantStatus: 200},
		{method: "HEAD", path: "/", wantStatus: 200},
		{method: "POST", path: "/", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "DELETE", path: "/?q=x", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "GET", path: "/gaps", wantStatus: 200},
		{method: "POST", path: "/gaps", wantStatus: 303},
		{method: "PUT", path: "/gaps", wantStatus: 405, wantAllow: "GET, HEAD, POST"},
		{method: "GET", path: "/knowledge", wantStatus: 200},
		{method: "POST", path: "/knowledge", wantStatus: 405, wantAllow: "GET, HEAD"},
		{method: "GET", path: "/api/gaps", wantStatus: 200},
		{method: "POST", path: "/api/gaps", wantStatus: 405, wantAllow: "GET, HEAD", wantJSON: true},
		{method: "GET", path: "/api/ask", wantStatus: 405, wantAllow: "POST", wantJSON: true},
		{method: "PUT", path: "/api/ask", wantStatus: 405, wantAllow: "POST", wantJSON: true},
		{method: "GET", path: "/nope", wantStatus: 404},
		{method: "POST", path: "/nope", wantStatus: 404},
		{method: "GET", path: "/index.html", wantStatus: 404},
		{method: "GET", path: "/gaps/x", wantStatus: 404},
		{method: "GET", path: "/api/nope", wantStatus: 404, wantJSON: true},
		{method: "POST", path: "/api/ask/x", wantStatus: 404, wantJSON: true},
	}
	for _, tt := range tests {
		name := tt.method + " " + tt.path
		if tt.noMetrics {
			name += " without metrics"
		}
		t.Run(name, func(t *testing.T) {
			cfg := Config{Bot: &fakeBot{reply: answeredReply()}, Gaps: &fakeGaps{enabled: true}, Metrics: metricsStub()}
			if tt.noMetrics {
				cfg.Metrics = nil
			}
			rec := serve(t, New(cfg), tt.method, tt.path, nil)
			if rec.Code != tt.wantStatus {
				t.Fatalf("%s = %d; want %d (body %q)", name, rec.Code, tt.wantStatus, rec.Body.String())
			}
			if tt.wantAllow != "" {
				if got := rec.Header().Get("Allow"); got != tt.wantAllow {
					t.Errorf("%s Allow = %q; want %q", name, got, tt.wantAllow)
				}
			}
			if tt.wantJSON {
				checkErrorJSON(t, rec.Header(), rec.Body.Bytes())
			}
			if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("%s X-Content-Type-Options = %q; want nosniff", name, got)
			}
		})
	}
}

// checkErrorJSON asserts an application/json body of exactly {"error": "..."}
// with a non-empty message, and returns the message.
func checkErrorJSON(t *testing.T, h http.Header, body []byte) string {
	t.Helper()
	if ct := h.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q; want application/json", ct)
	}
	var e struct {
		Error string `json:"error"`
	}
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		t.Fatalf("error body %q: %v; want {\"error\": \"...\"}", body, err)
	}
	if e.Error == "" {
		t.Errorf("error body %q has an empty message", body)
	}
	return e.Error
}

func TestMetricsMounted(t *testing.T) {
	rec := serve(t, New(Config{Bot: &fakeBot{}, Metrics: metricsStub()}), http.MethodGet, "/metrics", nil)
	if got := rec.Body.String(); got != "# metrics\n" {
		t.Errorf("GET /metrics body = %q; want the metrics handler's %q", got, "# metrics\n")
	}
}

func TestNewWithoutBotPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("New(Config{}) did not panic; want a panic naming Config.Bot")
		}
	}()
	New(Config{})
}
