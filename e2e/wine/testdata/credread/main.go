// Command credread reads one utec-tray item from the Windows Credential
// Manager through go-keyring, as the app does, and prints it; it exits 3
// when the item is not there. The Wine test uses it to see what the app
// stored.
//
//	credread ACCOUNT
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/zalando/go-keyring"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: credread ACCOUNT")
		os.Exit(2)
	}
	v, err := keyring.Get("utec-tray", os.Args[1])
	if errors.Is(err, keyring.ErrNotFound) {
		os.Exit(3)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "credread:", err)
		os.Exit(1)
	}
	fmt.Print(v)
}
