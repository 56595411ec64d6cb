package cli

import (
	"os"
	"testing"

	"github.com/smsgen/smsgen/internal/testutil"
)

// TestMain keeps what builds record in the user's cache in a folder of the
// tests' own.
func TestMain(m *testing.M) { os.Exit(testutil.RunWithOwnCache(m)) }
