package winconsole

import "os"

func stdoutStderr() (*os.File, *os.File) { return os.Stdout, os.Stderr }
