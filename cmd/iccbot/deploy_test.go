package main

import (
	"os"
	"slices"
	"testing"

	"go.yaml.in/yaml/v3"

	"iccbot/internal/config"
)

// TestComposeFile keeps deploy/compose.yaml in step with the
// configuration: every variable it sets is one the bot reads, the replicas
// share one Redis and one webhook secret, and each runs its own Discord
// shard.
func TestComposeFile(t *testing.T) {
	data, err := os.ReadFile("../../deploy/compose.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var compose struct {
		Services map[string]struct {
			Environment map[string]string `yaml:"environment"`
			Image       string            `yaml:"image"`
		} `yaml:"services"`
	}
	if err := yaml.Unmarshal(data, &compose); err != nil {
		t.Fatalf("compose.yaml: %v", err)
	}
	var known []string
	for _, v := range config.Variables() {
		known = append(known, v.Name)
	}
	var bots []string
	shards := map[string]bool{}
	for name, svc := range compose.Services {
		if svc.Image != "" {
			continue // redis, the proxy
		}
		bots = append(bots, name)
		for k := range svc.Environment {
			if !slices.Contains(known, k) {
				t.Errorf("%s sets %s, which the bot does not read", name, k)
			}
		}
		env := svc.Environment
		if env["REDIS_URL"] != "redis://redis:6379/0" || env["TELEGRAM_WEBHOOK_SECRET"] != "${TELEGRAM_WEBHOOK_SECRET:-}" || env["HTTP_MODERATOR_TOKEN"] == "" {
			t.Errorf("%s: REDIS_URL %q, webhook secret %q, moderator token %q; want the shared ones", name, env["REDIS_URL"], env["TELEGRAM_WEBHOOK_SECRET"], env["HTTP_MODERATOR_TOKEN"])
		}
		if shards[env["DISCORD_SHARD_ID"]] {
			t.Errorf("%s repeats Discord shard %q", name, env["DISCORD_SHARD_ID"])
		}
		shards[env["DISCORD_SHARD_ID"]] = true
	}
	if len(bots) != 2 {
		t.Errorf("bot replicas = %v; want two", bots)
	}
}
