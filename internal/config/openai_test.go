package config

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOpenAILimits(t *testing.T) {
	tests := []struct {
		name       string
		env        []string
		timeout    time.Duration
		concurrent int
		queued     int
		err        string // a part of the error, "" for none
	}{
		{name: "unset: the answerer's defaults"},
		{name: "all set", env: []string{"OPENAI_TIMEOUT", "45s", "OPENAI_MAX_CONCURRENT", "8", "OPENAI_MAX_QUEUED", "16"}, timeout: 45 * time.Second, concurrent: 8, queued: 16},
		{name: "minutes and seconds", env: []string{"OPENAI_TIMEOUT", "1m30s"}, timeout: 90 * time.Second},
		{name: "no queue", env: []string{"OPENAI_MAX_QUEUED", "0"}, queued: -1},
		{name: "a number is not a duration", env: []string{"OPENAI_TIMEOUT", "20"}, err: "OPENAI_TIMEOUT"},
		{name: "no time at all", env: []string{"OPENAI_TIMEOUT", "0s"}, err: "OPENAI_TIMEOUT"},
		{name: "too long", env: []string{"OPENAI_TIMEOUT", "1h"}, err: "OPENAI_TIMEOUT"},
		{name: "no request at a time", env: []string{"OPENAI_MAX_CONCURRENT", "0"}, err: "OPENAI_MAX_CONCURRENT"},
		{name: "not a number", env: []string{"OPENAI_MAX_CONCURRENT", "four"}, err: "OPENAI_MAX_CONCURRENT"},
		{name: "a negative queue", env: []string{"OPENAI_MAX_QUEUED", "-1"}, err: "OPENAI_MAX_QUEUED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(lookup(tt.env...), filepath.Join(t.TempDir(), ".env"))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Load(%q) = %v; want an error naming %s", tt.env, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(%q): %v", tt.env, err)
			}
			if c.OpenAITimeout != tt.timeout || c.OpenAIMaxConcurrent != tt.concurrent || c.OpenAIMaxQueued != tt.queued {
				t.Errorf("Load(%q) = timeout %v, concurrent %d, queued %d; want %v, %d, %d", tt.env,
					c.OpenAITimeout, c.OpenAIMaxConcurrent, c.OpenAIMaxQueued, tt.timeout, tt.concurrent, tt.queued)
			}
		})
	}
}
