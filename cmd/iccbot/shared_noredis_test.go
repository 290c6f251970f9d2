//go:build noredis

package main

import (
	"log/slog"
	"strings"
	"testing"

	"iccbot/internal/config"
)

// A build without Redis refuses REDIS_URL rather than silently running
// replicas that share nothing.
func TestNoRedisBuild(t *testing.T) {
	cfg, err := config.Load(env("KNOWLEDGE_DIR", knowledgeDir(t), "REDIS_URL", "redis://127.0.0.1:6379/0", "REDIS_HASH_KEY", "0123456789abcdef"), "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = buildServe(t.Context(), cfg, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), "built without Redis") {
		t.Errorf("buildServe with REDIS_URL = %v; want an error naming the build", err)
	}
}
