// Command hydra builds Ory Hydra v2.3.0 from the Go module proxy, for the local stack and the e2e tests.
package main

import "github.com/ory/hydra/v2/cmd"

func main() {
	cmd.Execute()
}
