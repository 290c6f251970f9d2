package config

import (
	"errors"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func lookup(pairs ...string) LookupFunc {
	m := map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = pairs[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestDefaults(t *testing.T) {
	c, err := Load(lookup(), filepath.Join(t.TempDir(), ".env"))
	if err != nil {
		t.Fatal(err)
	}
	want := Config{KnowledgeDir: "knowledge", PromptsDir: "prompts", KnowledgeMaxBytes: 64 << 20, HTTPAddr: "127.0.0.1:8080", OpenAIModel: DefaultOpenAIModel, LogLevel: slog.LevelInfo, Gaps: true, Feedback: true, DiscordThreads: true, RatePerMinute: 6, DiscordShardCount: 1}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load() = %+v; want %+v", c, want)
	}
	if c.LLMEnabled() {
		t.Error("LLM enabled without a key")
	}
}

func TestEnvironmentWinsOverDotEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("KNOWLEDGE_DIR=from-file\nOPENAI_MODEL=file-model\nHTTP_ADDR=127.0.0.1:9999\n# comment\nLOG_LEVEL=debug\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(lookup("KNOWLEDGE_DIR", "from-env", "HTTP_ADDR", ""), path)
	if err != nil {
		t.Fatal(err)
	}
	if c.KnowledgeDir != "from-env" || c.OpenAIModel != "file-model" || c.HTTPAddr != "" || c.LogLevel != slog.LevelDebug {
		t.Errorf("Load = %+v; want env over file, file over defaults, HTTP_ADDR= kept empty", c)
	}
	if _, ok := os.LookupEnv("OPENAI_MODEL"); ok {
		t.Error(".env leaked into the process environment")
	}
}

func TestInvalidValues(t *testing.T) {
	secret := "https://user:s3cr3t@"
	tests := []struct {
		name  string
		env   []string
		wants []string
	}{
		{"log level", []string{"LOG_LEVEL", "loud"}, []string{"LOG_LEVEL", "debug, info, warn or error"}},
		{"log level offset", []string{"LOG_LEVEL", "info+2"}, []string{"LOG_LEVEL"}},
		{"url", []string{"OPENAI_BASE_URL", "localhost:11434"}, []string{"OPENAI_BASE_URL is not an http(s) URL"}},
		{"url with secret", []string{"DISCORD_API_URL", secret + " bad"}, []string{"DISCORD_API_URL"}},
		{"empty folder", []string{"KNOWLEDGE_DIR", " "}, []string{"KNOWLEDGE_DIR is empty"}},
		{"bool", []string{"GAPS_ENABLED", "maybe"}, []string{"GAPS_ENABLED", "true or false"}},
		{"rate", []string{"RATE_LIMIT_PER_MINUTE", "-1"}, []string{"RATE_LIMIT_PER_MINUTE"}},
		{"webhook without secret", []string{"TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_LISTEN", ":8443"}, []string{"TELEGRAM_WEBHOOK_SECRET must be set"}},
		{"webhook without listen address", []string{"TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "abc"}, []string{"TELEGRAM_WEBHOOK_LISTEN must be set"}},
		{"webhook over http", []string{"TELEGRAM_WEBHOOK_URL", "http://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "abc"}, []string{"TELEGRAM_WEBHOOK_URL must be an https URL"}},
		{"moderators", []string{"TELEGRAM_MODERATORS", "12,alice"}, []string{"TELEGRAM_MODERATORS"}},
		{"shards", []string{"DISCORD_SHARD_ID", "2", "DISCORD_SHARD_COUNT", "2"}, []string{"DISCORD_SHARD_ID"}},
		{"guild", []string{"DISCORD_GUILD_ID", "my-server"}, []string{"DISCORD_GUILD_ID"}},
		{"open channels", []string{"DISCORD_OPEN_CHANNELS", "123,general"}, []string{"DISCORD_OPEN_CHANNELS"}},
		{"several at once", []string{"LOG_LEVEL", "x", "TELEGRAM_API_URL", "ftp://x"}, []string{"LOG_LEVEL", "TELEGRAM_API_URL"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(lookup(tt.env...), filepath.Join(t.TempDir(), ".env"))
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks a secret: %q", err)
			}
		})
	}
}

func TestBrokenDotEnv(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.Mkdir(path, 0o700); err != nil { // a folder where a file should be
		t.Fatal(err)
	}
	if _, err := Load(lookup(), path); err == nil {
		t.Error("Load with an unreadable .env succeeded")
	}
}

func TestTelegramSettings(t *testing.T) {
	c, err := Load(lookup("TELEGRAM_WEBHOOK_URL", "https://bot.example/tg", "TELEGRAM_WEBHOOK_SECRET", "s3-cr_et", "TELEGRAM_WEBHOOK_LISTEN", ":8443", "TELEGRAM_MODERATORS", "12, 34"), filepath.Join(t.TempDir(), ".env"))
	if err != nil {
		t.Fatal(err)
	}
	if c.TelegramWebhookSecret != "s3-cr_et" || len(c.TelegramModerators) != 2 || c.TelegramModerators[1] != 34 {
		t.Errorf("Load = %+v", c)
	}
}

// TestServeRefusedOffLoopbackWithoutToken: HTTP listening beyond this
// machine without HTTP_MODERATOR_TOKEN is refused for serve, with a
// message that says how to set the token; on loopback, with HTTP off or
// with a token it is fine.
func TestServeRefusedOffLoopbackWithoutToken(t *testing.T) {
	const token = "0123456789abcdef0123"
	tests := []struct {
		addr, token string
		refused     bool
	}{
		{"0.0.0.0:8080", "", true},
		{":8080", "", true},
		{"[::]:8080", "", true},
		{"192.0.2.10:8080", "", true},
		{"bot.example.org:8080", "", true},
		{"0.0.0.0:8080", token, false},
		{":8080", token, false},
		{"127.0.0.1:8080", "", false},
		{"127.0.0.2:0", "", false},
		{"[::1]:8080", "", false},
		{"localhost:8080", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.addr+" token="+strconv.FormatBool(tt.token != ""), func(t *testing.T) {
			c, err := Load(lookup("HTTP_ADDR", tt.addr, "HTTP_MODERATOR_TOKEN", tt.token), filepath.Join(t.TempDir(), ".env"))
			if err != nil {
				t.Fatalf("Load: %v; the other commands must still run", err)
			}
			err = c.CheckServe()
			if !tt.refused {
				if err != nil {
					t.Errorf("CheckServe() = %v; want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrModeratorTokenNeeded) {
				t.Fatalf("CheckServe() = %v; want ErrModeratorTokenNeeded", err)
			}
			for _, want := range []string{"HTTP_MODERATOR_TOKEN", "HTTP_ADDR=" + tt.addr, "openssl rand", "Authorization: Bearer", "HTTP_ADDR=127.0.0.1:8080"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("CheckServe() = %q; want it to say %q", err, want)
				}
			}
		})
	}
}

func TestHTTPAccessSettings(t *testing.T) {
	tests := []struct {
		name        string
		env         []string
		wantHosts   []string
		wantProxies []netip.Prefix
	}{
		{"defaults", nil, nil, nil},
		{"HTTP_ADDR's name is accepted", []string{"HTTP_ADDR", "bot.internal:8080"}, []string{"bot.internal"}, nil},
		{"HTTP_ADDR's IP needs no entry", []string{"HTTP_ADDR", "0.0.0.0:8080", "HTTP_MODERATOR_TOKEN", "0123456789abcdef"}, nil, nil},
		{"hosts: case, ports, trailing dots and blanks", []string{"HTTP_ALLOWED_HOSTS", " Bot.Example.org:443, ,iccbot,bot.example.org.,[::1]:80"},
			[]string{"bot.example.org", "iccbot", "::1"}, nil},
		{"hosts and HTTP_ADDR's name", []string{"HTTP_ALLOWED_HOSTS", "a.example", "HTTP_ADDR", "b.example:80"}, []string{"a.example", "b.example"}, nil},
		{"proxies", []string{"HTTP_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7,::1, 2001:db8::/32, 10.1.2.3/16"}, nil,
			[]netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32"), netip.MustParsePrefix("::1/128"),
				netip.MustParsePrefix("2001:db8::/32"), netip.MustParsePrefix("10.1.0.0/16")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(lookup(tt.env...), filepath.Join(t.TempDir(), ".env"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(c.HTTPAllowedHosts, tt.wantHosts) {
				t.Errorf("HTTPAllowedHosts = %q; want %q", c.HTTPAllowedHosts, tt.wantHosts)
			}
			if !reflect.DeepEqual(c.HTTPTrustedProxies, tt.wantProxies) {
				t.Errorf("HTTPTrustedProxies = %v; want %v", c.HTTPTrustedProxies, tt.wantProxies)
			}
		})
	}
}

func TestInvalidHTTPAccessSettings(t *testing.T) {
	const short = "s3cr3t-short"
	tests := []struct {
		name  string
		env   []string
		wants []string
	}{
		{"token too short", []string{"HTTP_MODERATOR_TOKEN", short}, []string{"HTTP_MODERATOR_TOKEN", "16 to 256"}},
		{"token with a space", []string{"HTTP_MODERATOR_TOKEN", "s3cr3t s3cr3t s3cr3t"}, []string{"HTTP_MODERATOR_TOKEN"}},
		{"host as a URL", []string{"HTTP_ALLOWED_HOSTS", "https://bot.example.org"}, []string{"HTTP_ALLOWED_HOSTS", "https://bot.example.org"}},
		{"host with a bad port", []string{"HTTP_ALLOWED_HOSTS", "bot.example.org:https"}, []string{"HTTP_ALLOWED_HOSTS"}},
		{"host with a space", []string{"HTTP_ALLOWED_HOSTS", "bot example"}, []string{"HTTP_ALLOWED_HOSTS"}},
		{"proxy name", []string{"HTTP_TRUSTED_PROXIES", "10.0.0.1,proxy.internal"}, []string{"HTTP_TRUSTED_PROXIES", "proxy.internal"}},
		{"proxy bad range", []string{"HTTP_TRUSTED_PROXIES", "10.0.0.0/33"}, []string{"HTTP_TRUSTED_PROXIES"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(lookup(tt.env...), filepath.Join(t.TempDir(), ".env"))
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error leaks the token: %q", err)
			}
		})
	}
}

func TestRedisURL(t *testing.T) {
	tests := []struct {
		val string
		ok  bool
	}{
		{"", true},
		{"redis://127.0.0.1:6379/0", true},
		{"redis://:s3cret@redis:6379/1", true},
		{"rediss://redis.example.org:6380", true},
		{"unix:///run/redis/redis.sock", true},
		{"http://redis:6379", false},
		{"redis://:s3cret@/", false},
		{"localhost:6379", false},
	}
	for _, tt := range tests {
		c, err := Load(func(k string) (string, bool) {
			switch k {
			case "REDIS_URL":
				return tt.val, true
			case "REDIS_HASH_KEY":
				return "0123456789abcdef0123", true
			}
			return "", false
		}, "")
		if (err == nil) != tt.ok {
			t.Errorf("REDIS_URL=%q: err = %v; want ok %v", tt.val, err, tt.ok)
		}
		if err != nil && strings.Contains(err.Error(), "s3cret") {
			t.Errorf("REDIS_URL=%q: the error repeats the password: %v", tt.val, err)
		}
		if err == nil && c.RedisURL != tt.val {
			t.Errorf("RedisURL = %q; want %q", c.RedisURL, tt.val)
		}
	}
}

func TestRedisHashKey(t *testing.T) {
	for key, ok := range map[string]bool{"": false, "short": false, "0123456789abcdef": true} {
		_, err := Load(func(k string) (string, bool) {
			switch k {
			case "REDIS_URL":
				return "redis://127.0.0.1:6379/0", true
			case "REDIS_HASH_KEY":
				return key, key != ""
			}
			return "", false
		}, "")
		if (err == nil) != ok {
			t.Errorf("REDIS_HASH_KEY=%q: err = %v; want ok %v", key, err, ok)
		}
		if err != nil && key != "" && strings.Contains(err.Error(), key) {
			t.Errorf("the error repeats the key: %v", err)
		}
	}
}
