package cli

import (
	"fmt"

	"github.com/spf13/cobra"
)

// addCompletion adds cobra's completion command (bash, zsh, fish, powershell)
// now rather than on Execute, so that it is listed like every other command,
// and makes an unknown shell a usage error (cobra would print the help and
// exit 0).
func addCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	for _, c := range root.Commands() {
		if c.Name() != "completion" {
			continue
		}
		c.Example = `  source <(smsgen completion bash)
  smsgen completion zsh > "${fpath[1]}/_smsgen"
  smsgen completion fish > ~/.config/fish/completions/smsgen.fish
  smsgen completion powershell | Out-String | Invoke-Expression`
		c.Args = cobra.ArbitraryArgs
		c.RunE = func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{fmt.Errorf("name a shell: smsgen completion bash|zsh|fish|powershell")}
			}
			return usageError{fmt.Errorf("unknown shell %q: smsgen completion bash|zsh|fish|powershell", args[0])}
		}
	}
}
