package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/utec-tray/utec-tray/app/i18n"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/owncmd"
	"github.com/utec-tray/utec-tray/utec"
)

// The two commands behind the launcher's actions (the desktop file's
// "Lock all" and "Open quick panel"): a dock runs them on a right click.

// openPanel asks the running tray to open its quick panel. With no tray
// running it says so and fails rather than starting one: the command line
// never starts the graphical toolkit (it may run over SSH), and a tray
// that is not running was quit on purpose or never set up; the launcher's
// main entry starts it.
func (r *runner) openPanel() int {
	err := owncmd.AskPanel(r.dir, r.env.Getenv, tellTrayTimeout)
	if errors.Is(err, owncmd.ErrTrayNotRunning) {
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+i18n.T("cli.panelNoTray", "the tray is not running, so there is no quick panel to open.\n"+
			"Start it first (utec-tray from the applications menu, or run 'utec-tray'), then open the panel again."))
		return ExitFailed
	}
	if err != nil {
		return r.fail(&messageError{err: err, msg: err.Error() + "; " +
			i18n.T("cli.panelStuck", "if its tray icon does not respond either, end it and start utec-tray again")})
	}
	fmt.Fprintln(r.env.Stderr, i18n.T("cli.panelOpen", "The quick panel is open."))
	return ExitOK
}

// lockAll locks every lock not known locked, one after the other, each
// confirmed as `lock NAME` does. A lock that fails (offline, in Passage
// mode) does not stop the others; the exit code says whether any failed.
func (r *runner) lockAll(ctx context.Context) int {
	client, listed, err := r.discover(ctx)
	if err != nil {
		return r.fail(err)
	}
	var locks []utec.Device
	for _, d := range listed {
		if d.Kind() == utec.KindLock {
			locks = append(locks, d)
		}
	}
	if len(locks) == 0 {
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+i18n.T("cli.noLocks", "this account has no locks."))
		return ExitFailed
	}
	statuses, err := client.Query(ctx, locks)
	if err != nil {
		return r.fail(err)
	}
	lock := devices.Action{Verb: devices.Lock}
	code, sent := ExitOK, 0
	for i, d := range locks {
		if st := statuses[i]; st.DeviceID == d.ID && st.Err == nil && st.Lock == utec.LockLocked {
			continue
		}
		sent++
		if c := r.perform(ctx, client, d, lock); c != ExitOK {
			code = max(code, c)
		}
	}
	if sent == 0 {
		fmt.Fprintln(r.env.Stdout, i18n.T("cli.allLockedAlready", "Every lock is locked already."))
	}
	return code
}
