// Package config turns the environment and an optional .env file into one
// validated Config. Nothing else in the program reads the environment.
package config

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Defaults for the settings in ../shared/CONTRACT.md.
const (
	DefaultKnowledgeDir = "knowledge"
	DefaultPromptsDir   = "prompts"
	DefaultHTTPAddr     = "127.0.0.1:8080"
	DefaultOpenAIModel  = "gpt-4.1-mini"
)

// Config is every setting the bot reads.
type Config struct {
	KnowledgeDir string
	PromptsDir   string
	// KnowledgeMaxBytes bounds the text of the whole knowledge folder; a
	// load past it is refused as a problem.
	KnowledgeMaxBytes int64
	// HTTPAddr is where health, metrics, the playground and /api/ask listen;
	// empty turns HTTP off.
	HTTPAddr string
	// HTTPModeratorToken, when set, is the bearer token the moderators'
	// pages and /metrics require; it must be set when HTTPAddr is not on
	// loopback (see CheckServe).
	HTTPModeratorToken string
	// HTTPAllowedHosts are the host names (lower case, no port) accepted in
	// the Host header besides localhost and IP addresses: those of
	// HTTP_ALLOWED_HOSTS, and HTTPAddr's host when it is a name.
	HTTPAllowedHosts []string
	// HTTPTrustedProxies are the peers whose X-Forwarded-For is believed.
	HTTPTrustedProxies []netip.Prefix

	OpenAIKey     string
	OpenAIBaseURL string
	OpenAIModel   string
	// OpenAITimeout, OpenAIMaxConcurrent and OpenAIMaxQueued bound the
	// model's work (see openai.go); zero means the LLM answerer's default.
	OpenAITimeout       time.Duration
	OpenAIMaxConcurrent int
	OpenAIMaxQueued     int

	TelegramToken  string
	TelegramAPIURL string
	// TelegramWebhookURL turns on webhook mode (for several replicas behind
	// a load balancer); TelegramWebhookSecret is then required.
	TelegramWebhookURL    string
	TelegramWebhookSecret string
	// TelegramWebhookListen, when set, is where the bot serves the webhook
	// itself (behind a TLS proxy).
	TelegramWebhookListen string
	// TelegramModerators are the user ids allowed /gaps.
	TelegramModerators []int64

	DiscordToken  string
	DiscordAPIURL string
	// DiscordGuildID registers the commands to one server (instant updates
	// while testing) instead of globally.
	DiscordGuildID string
	// DiscordShardID and DiscordShardCount split a large bot over processes.
	DiscordShardID    int
	DiscordShardCount int
	// DiscordModeratorRole names a role whose members may use /kb, besides
	// those with Manage Server.
	DiscordModeratorRole string
	// DiscordOpenChannels are channel ids where every message is answered
	// (needs the Message Content intent).
	DiscordOpenChannels []string
	// DiscordThreads answers a mention in a server's text channel in a
	// thread of its own, where follow-ups need no mention.
	DiscordThreads bool

	LogLevel slog.Level
	// LogQuestions lets debug logs show question text. Off by default.
	LogQuestions bool
	// Gaps turns on counting unanswered questions for moderators.
	Gaps bool
	// Feedback turns on rating buttons under answers.
	Feedback bool
	// RatePerMinute is how many questions one person may ask per minute
	// (after a burst of five).
	RatePerMinute float64
	// RedisURL, when set, shares conversation memory, rate limits, gaps
	// and feedback between replicas, and coordinates the chat platforms
	// (redis://, rediss:// or unix://). It may hold a password: it is never
	// logged or printed.
	RedisURL string
	// RedisHashKey keys the hashes that stand for people and chats in
	// Redis and for voters in ratings, the same on every replica so that
	// they count a person once (REDIS_HASH_KEY; required with REDIS_URL).
	RedisHashKey string
}

// LookupFunc reads one variable; ok is false when it is not set at all (as
// opposed to set to ""), which matters for HTTP_ADDR= turning HTTP off.
type LookupFunc func(key string) (value string, ok bool)

// Load reads the .env file at dotenvPath (a missing file is fine) and then
// the real environment, which always wins: an operator's exported variable is
// never overridden by a file left lying around.
func Load(lookup LookupFunc, dotenvPath string) (Config, error) {
	file, err := readDotEnv(dotenvPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Config{}, err // names the file (and line), never a value
	}
	get := func(key, def string) string {
		if v, ok := lookup(key); ok {
			return strings.TrimSpace(v)
		}
		if v, ok := file[key]; ok {
			return strings.TrimSpace(v)
		}
		return def
	}
	var c Config
	var errs []error
	for _, group := range []func(getter) []error{
		c.loadFolders, c.loadConversation, c.loadTelegram, c.loadDiscord,
		c.loadOpenAI, c.loadLogging, c.loadHTTPAccess, c.loadOpenAILimits,
		c.loadShared,
	} {
		errs = append(errs, group(get)...)
	}
	if len(errs) > 0 {
		return Config{}, fmt.Errorf("configuration: %w", errors.Join(errs...))
	}
	return c, nil
}

// loadShared reads where replicas share their state.
func (c *Config) loadShared(get getter) []error {
	c.RedisURL = get("REDIS_URL", "")
	c.RedisHashKey = get("REDIS_HASH_KEY", "")
	if c.RedisURL == "" {
		return nil
	}
	if n := len(c.RedisHashKey); n < 16 || n > 256 {
		return []error{errors.New("REDIS_HASH_KEY must be set with REDIS_URL, the same on every replica, 16 to 256 characters: make one with `openssl rand -hex 32`")}
	}
	u, err := url.Parse(c.RedisURL)
	if err != nil || (u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix") || (u.Scheme != "unix" && u.Host == "") {
		// The value may hold a password: it is not repeated.
		return []error{errors.New("REDIS_URL is not a Redis URL: set it like redis://[:password@]host:6379/0, rediss://… for TLS, or unix:///path/redis.sock; or unset it")}
	}
	return nil
}

// getter reads a variable, from the environment or .env, or gives def.
type getter = func(key, def string) string

// loadFolders reads where the knowledge and prompts are, and how much
// knowledge there may be.
func (c *Config) loadFolders(get getter) []error {
	var errs []error
	c.KnowledgeDir = get("KNOWLEDGE_DIR", DefaultKnowledgeDir)
	c.PromptsDir = get("PROMPTS_DIR", DefaultPromptsDir)
	if c.KnowledgeDir == "" {
		errs = append(errs, errors.New("KNOWLEDGE_DIR is empty: unset it to use ./knowledge, or name the knowledge folder"))
	}
	if c.PromptsDir == "" {
		errs = append(errs, errors.New("PROMPTS_DIR is empty: unset it to use ./prompts, or name the prompts folder"))
	}
	maxBytes := get("KNOWLEDGE_MAX_BYTES", strconv.Itoa(DefaultKnowledgeMaxBytes))
	if n, ok := parseSize(maxBytes); !ok {
		errs = append(errs, fmt.Errorf("KNOWLEDGE_MAX_BYTES=%q is not a size: use a number of bytes, or of KiB, MiB or GiB, such as 128MiB", maxBytes))
	} else {
		c.KnowledgeMaxBytes = n
	}
	return errs
}

// loadConversation reads the conversation layer's settings: question
// logging, gap counting and the per-person rate.
func (c *Config) loadConversation(get getter) []error {
	var errs []error
	var err error
	if c.LogQuestions, err = parseBool(get, "LOG_QUESTIONS", false); err != nil {
		errs = append(errs, err)
	}
	if c.Gaps, err = parseBool(get, "GAPS_ENABLED", true); err != nil {
		errs = append(errs, err)
	}
	if c.Feedback, err = parseBool(get, "FEEDBACK_ENABLED", true); err != nil {
		errs = append(errs, err)
	}
	rate := get("RATE_LIMIT_PER_MINUTE", "6")
	if r, err := strconv.ParseFloat(rate, 64); err != nil || r <= 0 || r > 6000 {
		errs = append(errs, fmt.Errorf("RATE_LIMIT_PER_MINUTE=%q is not a number of questions per minute between 0 and 6000", rate))
	} else {
		c.RatePerMinute = r
	}
	return errs
}

// parseBool reads an on/off variable.
func parseBool(get getter, key string, def bool) (bool, error) {
	v := get(key, strconv.FormatBool(def))
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true, nil
	case "0", "false", "no", "off":
		return false, nil
	}
	return def, fmt.Errorf("%s=%q is not on or off: use true or false", key, v)
}

// loadTelegram reads the Telegram bot's settings.
func (c *Config) loadTelegram(get getter) []error {
	var errs []error
	c.TelegramToken = get("TELEGRAM_BOT_TOKEN", "")
	c.TelegramAPIURL = get("TELEGRAM_API_URL", "")
	c.TelegramWebhookURL = get("TELEGRAM_WEBHOOK_URL", "")
	c.TelegramWebhookSecret = get("TELEGRAM_WEBHOOK_SECRET", "")
	c.TelegramWebhookListen = get("TELEGRAM_WEBHOOK_LISTEN", "")
	for _, id := range strings.FieldsFunc(get("TELEGRAM_MODERATORS", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			errs = append(errs, errors.New("TELEGRAM_MODERATORS must be Telegram user ids separated by commas"))
			break
		}
		c.TelegramModerators = append(c.TelegramModerators, n)
	}
	if c.TelegramWebhookURL != "" {
		if u, err := url.Parse(c.TelegramWebhookURL); err != nil || u.Scheme != "https" || u.Host == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_URL must be an https URL that Telegram can reach, or unset for polling"))
		}
		if c.TelegramWebhookListen == "" {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_LISTEN must be set with TELEGRAM_WEBHOOK_URL: the address (e.g. :8443) where the bot serves the webhook behind your TLS proxy"))
		}
		if !validSecret(c.TelegramWebhookSecret) {
			errs = append(errs, errors.New("TELEGRAM_WEBHOOK_SECRET must be set with TELEGRAM_WEBHOOK_URL: 1 to 256 of A-Z, a-z, 0-9, _ and -, the same on every replica"))
		}
	}
	if err := checkURL("TELEGRAM_API_URL", c.TelegramAPIURL); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// loadDiscord reads the Discord bot's settings.
func (c *Config) loadDiscord(get getter) []error {
	var errs []error
	c.DiscordToken = get("DISCORD_TOKEN", "")
	c.DiscordAPIURL = get("DISCORD_API_URL", "")
	c.DiscordGuildID = get("DISCORD_GUILD_ID", "")
	c.DiscordModeratorRole = get("DISCORD_MODERATOR_ROLE", "")
	var err error
	if c.DiscordThreads, err = parseBool(get, "DISCORD_THREADS", true); err != nil {
		errs = append(errs, err)
	}
	for _, id := range strings.FieldsFunc(get("DISCORD_OPEN_CHANNELS", ""), func(r rune) bool { return r == ',' || r == ' ' }) {
		if _, err := strconv.ParseUint(id, 10, 64); err != nil {
			errs = append(errs, errors.New("DISCORD_OPEN_CHANNELS must be channel ids separated by commas"))
			break
		}
		c.DiscordOpenChannels = append(c.DiscordOpenChannels, id)
	}
	if c.DiscordGuildID != "" {
		if _, err := strconv.ParseUint(c.DiscordGuildID, 10, 64); err != nil {
			errs = append(errs, errors.New("DISCORD_GUILD_ID must be a server id (a number), or unset for global commands"))
		}
	}
	shardID, shardCount := get("DISCORD_SHARD_ID", "0"), get("DISCORD_SHARD_COUNT", "1")
	id, err1 := strconv.Atoi(shardID)
	count, err2 := strconv.Atoi(shardCount)
	if err1 != nil || err2 != nil || count < 1 || id < 0 || id >= count {
		errs = append(errs, fmt.Errorf("DISCORD_SHARD_ID=%q and DISCORD_SHARD_COUNT=%q must be numbers with 0 <= id < count", shardID, shardCount))
	} else {
		c.DiscordShardID, c.DiscordShardCount = id, count
	}
	if err := checkURL("DISCORD_API_URL", c.DiscordAPIURL); err != nil {
		errs = append(errs, err)
	}
	return errs
}

// loadOpenAI reads the language model's key, server and model.
func (c *Config) loadOpenAI(get getter) []error {
	c.OpenAIKey = get("OPENAI_API_KEY", "")
	c.OpenAIBaseURL = get("OPENAI_BASE_URL", "")
	c.OpenAIModel = get("OPENAI_MODEL", DefaultOpenAIModel)
	if err := checkURL("OPENAI_BASE_URL", c.OpenAIBaseURL); err != nil {
		return []error{err}
	}
	return nil
}

// loadLogging reads the log level.
func (c *Config) loadLogging(get getter) []error {
	level := get("LOG_LEVEL", "info")
	if err := c.LogLevel.UnmarshalText([]byte(level)); err != nil || strings.ContainsAny(level, "+-") {
		return []error{fmt.Errorf("LOG_LEVEL=%q is not a level: use debug, info, warn or error", level)}
	}
	return nil
}

func validSecret(s string) bool {
	if len(s) == 0 || len(s) > 256 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// checkURL accepts an empty value (the service's default) or an absolute
// http(s) URL. The value is never echoed: it may carry credentials.
func checkURL(key, val string) error {
	if val == "" {
		return nil
	}
	u, err := url.Parse(val)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%s is not an http(s) URL: set it like https://host[:port][/path], or unset it", key)
	}
	return nil
}

// LLMEnabled reports whether LLM answers are configured. The key turns them
// on; local servers that need none (Ollama, llama.cpp) accept any value.
func (c Config) LLMEnabled() bool { return c.OpenAIKey != "" }

// ErrModeratorTokenNeeded is CheckServe's error: HTTP listens beyond this
// machine and nothing guards the moderators' pages.
var ErrModeratorTokenNeeded = errors.New("HTTP_MODERATOR_TOKEN is not set")

// loadHTTPAccess reads who may reach what on the HTTP side: the moderator
// token, the Host names accepted and the proxies believed. get is Load's
// lookup. Values are not echoed in errors where they may be secret.
func (c *Config) loadHTTPAccess(get getter) []error {
	var errs []error
	c.HTTPAddr = get("HTTP_ADDR", DefaultHTTPAddr)
	c.HTTPModeratorToken = get("HTTP_MODERATOR_TOKEN", "")
	if t := c.HTTPModeratorToken; t != "" && !validToken(t) {
		errs = append(errs, errors.New("HTTP_MODERATOR_TOKEN must be 16 to 256 visible ASCII characters without spaces (for example the output of `openssl rand -hex 32`), or unset"))
	}
	for _, h := range splitList(get("HTTP_ALLOWED_HOSTS", "")) {
		name, ok := hostName(h)
		if !ok {
			errs = append(errs, fmt.Errorf("HTTP_ALLOWED_HOSTS: %q is not a host name: list names such as bot.example.org, separated by commas (ports are ignored)", h))
			continue
		}
		c.addAllowedHost(name)
	}
	// The name HTTP listens on is the name clients use (`iccbot health`
	// among them), so it is accepted whatever the list says.
	if host, _, err := net.SplitHostPort(c.HTTPAddr); err == nil {
		if name, ok := hostName(host); ok && !isIP(name) {
			c.addAllowedHost(name)
		}
	}
	for _, p := range splitList(get("HTTP_TRUSTED_PROXIES", "")) {
		prefix, err := parsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("HTTP_TRUSTED_PROXIES: %q is not an IP address or CIDR range such as 10.0.0.0/8", p))
			continue
		}
		c.HTTPTrustedProxies = append(c.HTTPTrustedProxies, prefix)
	}
	return errs
}

func (c *Config) addAllowedHost(name string) {
	for _, h := range c.HTTPAllowedHosts {
		if h == name {
			return
		}
	}
	c.HTTPAllowedHosts = append(c.HTTPAllowedHosts, name)
}

// splitList splits a comma-separated setting, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// validToken accepts what can travel in an Authorization header as is.
func validToken(t string) bool {
	if len(t) < 16 || len(t) > 256 {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] <= ' ' || t[i] > '~' {
			return false
		}
	}
	return true
}

// hostName normalises a host as the Host header carries it: lower case,
// without a port, brackets or a trailing dot. ok is false for anything that
// is not a DNS name or an IP address (a URL, a path, a user).
func hostName(s string) (name string, ok bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if strings.ContainsAny(s, "/@?#") {
		return "", false
	}
	if h, port, err := net.SplitHostPort(s); err == nil {
		if _, err := strconv.ParseUint(port, 10, 16); err != nil {
			return "", false
		}
		s = h
	}
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"), ".")
	if isIP(s) {
		return s, true
	}
	if s == "" || len(s) > 253 {
		return "", false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 {
			return "", false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return "", false
			}
		}
	}
	return s, true
}

func isIP(s string) bool {
	_, err := netip.ParseAddr(s)
	return err == nil
}

// parsePrefix reads an address (one host) or a CIDR range.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// HTTPOnLoopback reports whether HTTPAddr binds to this machine only: a
// loopback address or "localhost". An empty host (":8080") or an
// unspecified one ("0.0.0.0") binds every interface, and another name may
// resolve anywhere, so none of those counts.
func (c Config) HTTPOnLoopback() bool {
	host, _, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.Unmap().IsLoopback()
}

// CheckServe reports what makes the settings unsafe for the bot process,
// though fine for the other commands: HTTP listening beyond this machine
// with nothing guarding the moderators' pages and /metrics. The error says
// how to fix it; it wraps ErrModeratorTokenNeeded.
func (c Config) CheckServe() error {
	if c.HTTPAddr == "" || c.HTTPOnLoopback() || c.HTTPModeratorToken != "" {
		return nil
	}
	return fmt.Errorf("%w: HTTP_ADDR=%s is not a loopback address, so anyone who reaches the port could read the moderators' pages (/gaps, /api/gaps) and /metrics; "+
		"set HTTP_MODERATOR_TOKEN to a long random secret (for example in .env: HTTP_MODERATOR_TOKEN=<the output of `openssl rand -hex 32`>) "+
		"and send it as \"Authorization: Bearer <token>\", or listen on this machine only (HTTP_ADDR=127.0.0.1:8080)",
		ErrModeratorTokenNeeded, c.HTTPAddr)
}
