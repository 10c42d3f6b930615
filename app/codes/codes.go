// Package codes holds the rules of guest codes, the PINs a lock opens for:
// a fresh code that is hard to guess, the words for a code's kind and
// whether it is on the lock yet, the reading of the command line's
// schedule flags, and what the activity history records (never the code).
// The cloud's side is in package utec (LockUsers, AddLockUser); the command
// line's commands are in app/cli/codes.go.
package codes

import (
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/utec"
)

// Length is how many digits a generated code has.
const Length = 6

// Generate returns a random code of Length digits that does not start
// with 0 (the cloud takes the code as a number).
func Generate() (string, error) {
	low := int64(1)
	for range Length - 1 {
		low *= 10
	}
	n, err := rand.Int(rand.Reader, big.NewInt(9*low))
	if err != nil {
		return "", fmt.Errorf("make a code: %w", err)
	}
	return fmt.Sprint(low + n.Int64()), nil
}

// Kind is a code's kind in words.
func Kind(u utec.LockUser) string {
	switch u.Kind {
	case utec.LockUserPermanent:
		return "permanent"
	case utec.LockUserTemporary:
		return "temporary"
	}
	return fmt.Sprintf("kind %d", int(u.Kind))
}

// KindWord is a code's kind in the person's language, as the codes
// window and the command line's table say it (Kind is --json's word, for
// scripts).
func KindWord(u utec.LockUser) string {
	switch u.Kind {
	case utec.LockUserPermanent:
		return i18n.T("codes.kind.permanent", "permanent")
	case utec.LockUserTemporary:
		return i18n.T("codes.kind.temporary", "temporary")
	}
	return Kind(u)
}

// SyncWord says, in the person's language, whether the code opens the
// door yet.
func SyncWord(u utec.LockUser) string {
	if u.Synced {
		return i18n.T("codes.synced", "on the lock")
	}
	return i18n.T("codes.waiting", "waiting for the lock")
}

// Find returns the user of users named name (without regard to case), or
// whose id is name.
func Find(users []utec.LockUser, name string) (utec.LockUser, error) {
	var found []utec.LockUser
	for _, u := range users {
		if strings.EqualFold(u.Name, name) || fmt.Sprint(u.ID) == name {
			found = append(found, u)
		}
	}
	switch len(found) {
	case 0:
		return utec.LockUser{}, &InputError{i18n.T("codes.find.none", "no code named {{.Name}} on this lock: list them with 'utec-tray codes LOCK'",
			map[string]any{"Name": strconv.Quote(name)})}
	case 1:
		return found[0], nil
	}
	return utec.LockUser{}, &InputError{i18n.Plural("codes.find.ambiguous", "{{.Count}} codes are named {{.Name}}: give the id from 'utec-tray codes LOCK' instead",
		len(found), map[string]any{"Count": len(found), "Name": strconv.Quote(name)})}
}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseDays reads "mon,thu" (three-letter English day names, any case).
func ParseDays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for _, part := range strings.Split(s, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		if part == "" {
			continue
		}
		d, ok := weekdays[part[:min(3, len(part))]]
		if !ok {
			return nil, &InputError{i18n.T("codes.parse.day", "{{.Value}} is not a day: use mon, tue, wed, thu, fri, sat, sun",
				map[string]any{"Value": strconv.Quote(part)})}
		}
		out = append(out, d)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// ParseHours reads "09:00-12:00".
func ParseHours(s string) (from, to string, err error) {
	from, to, ok := strings.Cut(strings.TrimSpace(s), "-")
	from, to = strings.TrimSpace(from), strings.TrimSpace(to)
	a, errA := time.Parse("15:04", from)
	b, errB := time.Parse("15:04", to)
	if !ok || errA != nil || errB != nil || !b.After(a) {
		return "", "", &InputError{i18n.T("codes.parse.hours", "{{.Value}} is not a span of hours: use HH:MM-HH:MM, the end after the start",
			map[string]any{"Value": strconv.Quote(s)})}
	}
	return from, to, nil
}

// ParseDate reads "2026-12-08" or "2026-12-08 15:00" in loc; a date alone
// is its start (or, for the end of a span, endOfDay: its last minute).
func ParseDate(s string, loc *time.Location, endOfDay bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, loc); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, &InputError{i18n.T("codes.parse.date", "{{.Value}} is not a date: use YYYY-MM-DD or \"YYYY-MM-DD HH:MM\"",
			map[string]any{"Value": strconv.Quote(s)})}
	}
	if endOfDay {
		t = t.Add(24*time.Hour - time.Minute)
	}
	return t, nil
}

// Event is what the activity history records of a code given or taken
// back: who it was for, never the code.
func Event(added bool, name string) string {
	if added {
		return "code given to " + name
	}
	return "code of " + name + " removed"
}

// ParseEvent reads an event Event wrote back: whether the code was given
// or taken back, and its name; ok is false for any other event. The
// history keeps Event's English sentence, so a window or table that shows
// it in another language reads it with ParseEvent.
func ParseEvent(event string) (added bool, name string, ok bool) {
	if name, ok := strings.CutPrefix(event, "code given to "); ok && name != "" {
		return true, name, true
	}
	if rest, ok := strings.CutPrefix(event, "code of "); ok {
		if name, ok := strings.CutSuffix(rest, " removed"); ok && name != "" {
			return false, name, true
		}
	}
	return false, "", false
}

// InputError is a code's name, day, hours or date that does not read, or
// a name that finds no code or several; its message says what to type
// instead, in the person's language.
type InputError struct{ Message string }

func (e *InputError) Error() string { return e.Message }

// DescribeInvalid says a mistake utec.NewLockUser.Validate found in the
// person's language; other errors keep their own words.
func DescribeInvalid(err error) string {
	switch {
	case errors.Is(err, utec.ErrNoName):
		return i18n.T("codes.invalid.noName", "the code needs a name, such as the guest's")
	case errors.Is(err, utec.ErrBadCode):
		return i18n.T("codes.invalid.badCode", "the code must be 4 to 8 digits and not start with 0")
	case errors.Is(err, utec.ErrEndBeforeStart):
		return i18n.T("codes.invalid.endBeforeStart", "the code's end must come after its start")
	case errors.Is(err, utec.ErrHalfHours):
		return i18n.T("codes.invalid.halfHours", "give both daily hours, or neither")
	case errors.Is(err, utec.ErrBadTimeOfDay):
		return i18n.T("codes.invalid.timeOfDay", "a daily hour is not a time of day: use HH:MM")
	case errors.Is(err, utec.ErrNegativeUses):
		return i18n.T("codes.invalid.negativeUses", "the number of uses cannot be negative")
	}
	return err.Error()
}
