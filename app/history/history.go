// Package history keeps the recent activity at home — who locked or
// unlocked what, and when — in a small file in the settings folder, shared
// by the tray and the command line. It holds device names and states, never
// a token or secret; it is written whole through a temporary file (a crash
// never leaves half of it), readable by the owner only, and bounded to the
// last MaxEvents events.
package history

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/filelock"
	"github.com/utec-tray/utec-tray/utec"
)

// File is the history file's name in the settings folder.
const File = "history.json"

// MaxEvents bounds the file: older events are dropped.
const MaxEvents = 500

// lockTimeout bounds the wait for another process writing the file.
const lockTimeout = 2 * time.Second

// Who did it, when the cloud does not name a person.
const (
	ByThisComputer = "from this computer"
	BySomeoneElse  = "someone else"
	// BeforeSleeping: this computer locked it as it went to sleep.
	BeforeSleeping = ByThisComputer + ", before sleeping"
	// ScreenLocked and CameBack: this computer switched a light as its
	// screen locked, and as the person came back (lights that follow
	// the house).
	ScreenLocked = ByThisComputer + ", screen locked"
	CameBack     = ByThisComputer + ", you came back"
)

// What a light did, as Recent activity says it.
const (
	TurnedOff = "turned off"
	TurnedOn  = "turned on"
)

// Event is one thing that happened. The JSON names are the command
// line's `history --json` format.
type Event struct {
	Time time.Time `json:"time"`
	ID   string    `json:"id"`
	Name string    `json:"name"`
	// Event is what happened, in words: "locked", "unlocked", "jammed",
	// "turned on".
	Event string `json:"event"`
	// By is who did it: a person's name when U-Tec reports one, else
	// ByThisComputer or BySomeoneElse.
	By string `json:"by"`
}

// ErrDamaged is matched by the error of a history file that cannot be
// read as one (cut short, overwritten by hand).
var ErrDamaged = errors.New("the activity history is damaged")

// DamagedError is what Append returns after it found the file damaged: the
// new events were written to a fresh file, and the damaged one was kept,
// as it was, under KeptAs.
type DamagedError struct {
	KeptAs string
	Err    error // why it could not be read
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the activity history could not be read (%v); it was kept as %s and a new one started", e.Err, e.KeptAs)
}

// Unwrap gives ErrDamaged (through Err).
func (e *DamagedError) Unwrap() error { return e.Err }

// Store reads and appends to the history file of one folder.
type Store struct {
	Dir string
}

func (s Store) path() string { return filepath.Join(s.Dir, File) }

// Load returns the events, oldest first. A missing file is an empty
// history; a damaged one is reported, so that it is not silently lost.
func (s Store) Load() ([]Event, error) {
	data, err := os.ReadFile(s.path())
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the activity history: %w", err)
	}
	var f struct {
		Version int     `json:"version"`
		Events  []Event `json:"events"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("read the activity history %s: %w: %w (the next event keeps it aside and starts a new one)", s.path(), ErrDamaged, err)
	}
	return f.Events, nil
}

// Append adds events and keeps the last MaxEvents. The tray and the
// command line may append at the same moment: a lock file around the
// read-modify-write keeps both.
func (s Store) Append(events ...Event) error {
	if len(events) == 0 || s.Dir == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), lockTimeout)
	defer cancel()
	unlock, err := filelock.Lock(ctx, s.path()+".lock")
	if err != nil {
		return fmt.Errorf("write the activity history: %w", err)
	}
	defer unlock()
	old, err := s.Load()
	var damaged *DamagedError
	switch {
	case errors.Is(err, ErrDamaged):
		// A damaged file must not block every write, nor be lost: it is
		// kept aside for the person (or a bug report) before a new one.
		if damaged, err = s.keepAside(err); err != nil {
			return err
		}
	case err != nil:
		return fmt.Errorf("write the activity history: %w", err)
	}
	if err := s.write(append(old, events...)); err != nil {
		return err
	}
	if damaged != nil {
		return damaged
	}
	return nil
}

// keepAside renames the damaged history file to history.json.damaged-TIME
// (the caller holds the lock).
func (s Store) keepAside(why error) (*DamagedError, error) {
	aside := s.path() + ".damaged-" + time.Now().UTC().Format("20060102T150405.000000000Z")
	if err := os.Rename(s.path(), aside); err != nil {
		return nil, fmt.Errorf("keep the damaged activity history aside: %w", err)
	}
	return &DamagedError{KeptAs: aside, Err: why}, nil
}

// write replaces the file with all, in time order, at most MaxEvents.
func (s Store) write(all []Event) error {
	// Two writers may finish out of order; the file is kept in time order.
	slices.SortStableFunc(all, func(a, b Event) int { return a.Time.Compare(b.Time) })
	if len(all) > MaxEvents {
		all = all[len(all)-MaxEvents:]
	}
	data, err := json.MarshalIndent(struct {
		Version int     `json:"version"`
		Events  []Event `json:"events"`
	}{1, all}, "", " ")
	if err != nil {
		return err
	}
	return config.WriteFileAtomic(s.path(), append(data, '\n'))
}

// Recent returns the last n events, newest first.
func Recent(events []Event, n int) []Event {
	if n > len(events) || n < 0 {
		n = len(events)
	}
	out := make([]Event, 0, n)
	for i := len(events) - 1; i >= len(events)-n; i-- {
		out = append(out, events[i])
	}
	return out
}

// Line is an event in one line for the menu, in the person's language:
// "10:41 Front Door unlocked (someone else)". The file keeps the English
// words (the command line's JSON format); they are translated here.
func (e Event) Line(loc *time.Location) string {
	if loc == nil {
		loc = time.Local
	}
	return i18n.T("history.line", "{{.Time}} {{.Name}} {{.Event}} ({{.By}})", map[string]any{
		"Time": i18n.Clock(e.Time.In(loc)), "Name": e.Name, "Event": eventWords(e.Event), "By": byWords(e.By)})
}

// eventWords is what happened in the person's language; words the app
// did not write (a newer version's) stay as they are.
func eventWords(event string) string {
	switch event {
	case string(utec.LockLocked):
		return i18n.T("history.event.locked", "locked")
	case string(utec.LockUnlocked):
		return i18n.T("history.event.unlocked", "unlocked")
	case string(utec.LockJammed):
		return i18n.T("history.event.jammed", "jammed")
	case string(utec.LockUnknown):
		return i18n.T("history.event.unknown", "state unknown")
	case TurnedOff:
		return i18n.T("history.event.turnedOff", "turned off")
	case TurnedOn:
		return i18n.T("history.event.turnedOn", "turned on")
	}
	if name, ok := strings.CutPrefix(event, "code given to "); ok {
		return i18n.T("history.event.codeGiven", "code given to {{.Name}}", map[string]any{"Name": name})
	}
	if rest, ok := strings.CutPrefix(event, "code of "); ok {
		if name, ok := strings.CutSuffix(rest, " removed"); ok {
			return i18n.T("history.event.codeRemoved", "code of {{.Name}} removed", map[string]any{"Name": name})
		}
	}
	return event
}

// byWords is who did it in the person's language; a person's name stays.
func byWords(by string) string {
	switch by {
	case ByThisComputer:
		return i18n.T("history.byThisComputer", "from this computer")
	case BySomeoneElse:
		return i18n.T("history.bySomeoneElse", "someone else")
	case BeforeSleeping:
		return i18n.T("history.beforeSleeping", "from this computer, before sleeping")
	case ScreenLocked:
		return i18n.T("history.screenLocked", "from this computer, screen locked")
	case CameBack:
		return i18n.T("history.cameBack", "from this computer, you came back")
	}
	return by
}

// ReportedBy returns the person the cloud names in a lock's states, if
// any. U-Tec's documentation names no such state; some locks are said to
// report the last user, so the names seen elsewhere are accepted.
func ReportedBy(st *utec.Status) string {
	for _, s := range st.States {
		if !strings.EqualFold(s.Capability, utec.CapLock) {
			continue
		}
		switch strings.ToLower(s.Name) {
		case "user", "lastuser", "lockuser", "operator", "username":
			if v, ok := s.Text(); ok {
				return utec.CleanName(v, "")
			}
		}
	}
	return ""
}
