package testutil

import (
	"os"
	"os/exec"
	"testing"
)

// HelperCommand is this test binary running only the test named test, with
// env ("KEY=value") added to its environment: a helper process, whose test
// does the child's work when HelperEnv finds its key set.
func HelperCommand(test string, env ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	return cmd
}

// HelperEnv returns the value of key in a helper process started by
// HelperCommand; in an ordinary test run (key unset) it skips the test,
// naming who starts it.
func HelperEnv(t testing.TB, key, startedBy string) string {
	t.Helper()
	v := os.Getenv(key)
	if v == "" {
		t.Skip("started by " + startedBy)
	}
	return v
}
