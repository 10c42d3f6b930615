// Package devices is what utec-tray knows of a device apart from any
// window or network: the words that describe its state and an error
// (Describe, DescribeError), what a person asks it to do and how that
// ended (Action, Result), and how a person's name for it finds it and
// where it stands in their order (Find, Sorted). The tray, its windows and
// the command line all use it, so a name, a verb and a state read the same
// everywhere.
package devices
