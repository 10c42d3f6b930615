package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/utec-tray/utec-tray/app/codes"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/history"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// codeFlags are the flags of code add.
type codeFlags struct {
	name, code, from, to, days, hours string
	uses                              int
}

func (c *codeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.name, "name", "", "")
	fs.StringVar(&c.code, "code", "", "")
	fs.StringVar(&c.from, "from", "", "")
	fs.StringVar(&c.to, "to", "", "")
	fs.StringVar(&c.days, "days", "", "")
	fs.StringVar(&c.hours, "hours", "", "")
	fs.IntVar(&c.uses, "uses", 0, "")
}

// newUser reads the flags into the code to give; a code is made when none
// is given.
func (c *codeFlags) newUser(loc *time.Location) (utec.NewLockUser, error) {
	u := utec.NewLockUser{Name: c.name, Code: c.code}
	if u.Code == "" {
		code, err := codes.Generate()
		if err != nil {
			return u, err
		}
		u.Code = code
	}
	temporary := c.from != "" || c.to != "" || c.days != "" || c.hours != "" || c.uses != 0
	if !temporary {
		return u, u.Validate()
	}
	if c.from == "" || c.to == "" {
		return u, errors.New(i18n.T("cli.codeNeedsSpan", "a temporary code needs both --from and --to"))
	}
	s := &utec.Schedule{Uses: c.uses}
	var err error
	if s.From, err = codes.ParseDate(c.from, loc, false); err != nil {
		return u, err
	}
	if s.To, err = codes.ParseDate(c.to, loc, true); err != nil {
		return u, err
	}
	if c.days != "" {
		if s.Weekdays, err = codes.ParseDays(c.days); err != nil {
			return u, err
		}
	}
	if c.hours != "" {
		if s.DailyFrom, s.DailyTo, err = codes.ParseHours(c.hours); err != nil {
			return u, err
		}
	}
	u.Schedule = s
	return u, u.Validate()
}

// codeJSON is a code as --json prints it; Code only at creation.
type codeJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Kind   string `json:"kind"`
	Synced bool   `json:"synced"`
	Code   string `json:"code,omitempty"`
}

// lockFor finds the lock named nameOrID.
func (r *runner) lockFor(ctx context.Context, nameOrID string) (*utec.Client, utec.Device, error) {
	client, shown, err := r.discover(ctx)
	if err != nil {
		return nil, utec.Device{}, err
	}
	d, err := devices.Find(shown, nameOrID)
	if err != nil {
		return nil, utec.Device{}, err
	}
	if d.Kind() != utec.KindLock {
		return nil, utec.Device{}, errors.New(i18n.T("cli.codesNotLock", "{{.Name}} is a {{.Kind}}, not a lock: only locks have codes",
			map[string]any{"Name": quote(d.Name), "Kind": devices.KindWord(d.Kind())}))
	}
	return client, d, nil
}

func (r *runner) listCodes(ctx context.Context, lock string, asJSON bool) int {
	client, d, err := r.lockFor(ctx, lock)
	if err != nil {
		return r.fail(err)
	}
	users, err := client.LockUsers(ctx, d)
	if err != nil {
		return r.fail(err)
	}
	if asJSON {
		out := make([]codeJSON, 0, len(users))
		for _, u := range users {
			out = append(out, codeJSON{ID: u.ID, Name: u.Name, Kind: codes.Kind(u), Synced: u.Synced})
		}
		return r.printJSON(out)
	}
	if len(users) == 0 {
		fmt.Fprintln(r.env.Stderr, i18n.T("cli.noCodes", "{{.Name}} has no codes. Give one with 'utec-tray code add {{.Lock}} --name NAME'.",
			map[string]any{"Name": quote(d.Name), "Lock": lock}))
		return ExitOK
	}
	tw := tabwriter.NewWriter(r.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, i18n.T("cli.codesHeader", "NAME\tKIND\tSTATE\tID"))
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", u.Name, codes.KindWord(u), codes.SyncWord(u), u.ID)
	}
	if err := tw.Flush(); err != nil {
		return r.fail(err)
	}
	return ExitOK
}

// codeCommand is code add and code delete.
func (r *runner) codeCommand(ctx context.Context, pos []string, f *cmdFlags) int {
	switch {
	case len(pos) == 2 && pos[0] == "add":
		return r.addCode(ctx, pos[1], f)
	case len(pos) == 3 && pos[0] == "delete":
		return r.deleteCode(ctx, pos[1], pos[2])
	}
	return r.usage("%s", i18n.T("cli.codeUsage", "code: use 'code add LOCK --name NAME' or 'code delete LOCK NAME-OR-ID'"))
}

func (r *runner) addCode(ctx context.Context, lock string, f *cmdFlags) int {
	u, err := f.code.newUser(time.Local)
	if err != nil {
		return r.usage("code add: %s", codes.DescribeInvalid(err))
	}
	client, d, err := r.lockFor(ctx, lock)
	if err != nil {
		return r.fail(err)
	}
	wait := r.timeout
	if wait <= 0 {
		wait = 30 * time.Second
	}
	added, err := client.AddLockUser(ctx, d, u, wait)
	if err != nil {
		return r.fail(err)
	}
	r.record(d, codes.Event(true, added.Name))
	if f.asJSON {
		return r.printJSON(codeJSON{ID: added.ID, Name: added.Name, Kind: codes.Kind(added), Synced: added.Synced, Code: u.Code})
	}
	// The code is printed here once, and kept nowhere.
	fmt.Fprintln(r.env.Stdout, i18n.T("cli.codeGiven", "Code for {{.Name}} on {{.Lock}}: {{.Code}}",
		map[string]any{"Name": quote(added.Name), "Lock": quote(d.Name), "Code": u.Code}))
	fmt.Fprintln(r.env.Stderr, i18n.T("cli.codeWhen", "It is {{.State}}; 'utec-tray codes {{.Lock}}' tells when it opens the door.",
		map[string]any{"State": codes.SyncWord(added), "Lock": lock}))
	return ExitOK
}

func (r *runner) deleteCode(ctx context.Context, lock, nameOrID string) int {
	client, d, err := r.lockFor(ctx, lock)
	if err != nil {
		return r.fail(err)
	}
	users, err := client.LockUsers(ctx, d)
	if err != nil {
		return r.fail(err)
	}
	u, err := codes.Find(users, nameOrID)
	if err != nil {
		return r.fail(err)
	}
	if err := client.DeleteLockUser(ctx, d, u.ID); err != nil {
		return r.fail(err)
	}
	r.record(d, codes.Event(false, u.Name))
	fmt.Fprintln(r.env.Stdout, i18n.T("cli.codeTakenBack", "Took back the code of {{.Name}} on {{.Lock}}.",
		map[string]any{"Name": quote(u.Name), "Lock": quote(d.Name)}))
	return ExitOK
}

// record puts a code's change in the activity history; a failure to write
// it is said, and the command still succeeded.
func (r *runner) record(d utec.Device, event string) {
	e := history.Event{Time: time.Now(), ID: d.ID, Name: d.Name, Event: event, By: history.ByThisComputer}
	if err := (history.Store{Dir: r.dir}).Append(e); err != nil {
		fmt.Fprintln(r.env.Stderr, "utec-tray: "+i18n.T("cli.historyNotUpdated", "the activity history was not updated: {{.Error}}", map[string]any{"Error": err}))
	}
}

func (r *runner) printJSON(v any) int {
	enc := json.NewEncoder(r.env.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return r.fail(err)
	}
	return ExitOK
}
