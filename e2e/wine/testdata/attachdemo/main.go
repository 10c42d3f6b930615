// Command attachdemo is the smallest GUI-subsystem program that uses
// package winconsole: built with -H=windowsgui, it prints a line on
// stdout and one on stderr after Attach, which only reach the console of
// a shell that started it without handles if Attach works.
package main

import (
	"fmt"
	"os"

	"github.com/utec-tray/utec-tray/app/platform/winconsole"
)

func main() {
	attached := winconsole.Attach()
	fmt.Fprintf(os.Stdout, "attachdemo stdout attached=%v\n", attached)
	fmt.Fprintln(os.Stderr, "attachdemo stderr")
}
