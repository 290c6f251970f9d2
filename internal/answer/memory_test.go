package answer_test

import (
	"testing"
	"time"

	"iccbot/internal/answer"
	"iccbot/internal/answer/answertest"
)

func TestMemoryConversations(t *testing.T) {
	answertest.RunConversations(t, func(t *testing.T, now func() time.Time) answer.Conversations {
		return answer.NewMemory(now)
	})
}
