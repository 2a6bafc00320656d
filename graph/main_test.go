package graph_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package's tests when a goroutine outlives them: every
// server, dataloader batch and connection a test starts must be gone.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }
