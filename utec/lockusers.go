package utec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Lock users are the codes a lock opens for: each has a name, a kind
// (permanent or temporary) and the PIN. They are managed with st.lockUser
// commands (list, add, delete) whose users ride in the command itself
// ("user", "id"), not in its arguments. The cloud's quirks: add answers
// with no id (the new user is found by listing before and after), a user
// reaches the lock later (sync_status 0, then 1), and a temporary user
// without its date range, weekdays, daily hours and use limit is refused
// with BAD-REQUEST. get answers with the code in clear text: this package
// never calls it.

// CapLockUser is the lock users' capability.
const CapLockUser = "st.lockUser"

// LockUserKind is what kind of code a lock user has.
type LockUserKind int

// The kinds of lock users the app makes and names. Others (owners, admins)
// are listed with their number.
const (
	LockUserPermanent LockUserKind = 0
	LockUserTemporary LockUserKind = 2
)

// LockUser is one user of a lock, as list answers: never its code.
type LockUser struct {
	ID   int64
	Name string
	Kind LockUserKind
	// Synced is set once the lock holds the user (sync_status 1): until
	// then the code does not open the door.
	Synced bool
}

// Schedule limits when a temporary code opens the door.
type Schedule struct {
	// From and To bound the dates, to the minute, in the lock's local
	// time.
	From, To time.Time
	// Weekdays are the days the code works; empty means every day.
	Weekdays []time.Weekday
	// DailyFrom and DailyTo are the hours of those days, "HH:MM"; empty
	// means all day.
	DailyFrom, DailyTo string
	// Uses caps how often the code opens the door; 0 is no cap.
	Uses int
}

// NewLockUser is a code to give: a name, the code (4 to 8 digits) and, for
// a temporary one, its schedule.
type NewLockUser struct {
	Name     string
	Code     string
	Schedule *Schedule
}

// ErrBadCode is returned for a code that is not 4 to 8 digits, or that
// starts with 0 (the cloud takes the code as a number, which would drop
// the leading zero and give the guest a code other than the one shown).
var ErrBadCode = errors.New("the code must be 4 to 8 digits and not start with 0")

// The other mistakes Validate finds, for callers that say them in their
// own words (errors.Is).
var (
	ErrNoName         = errors.New("the code needs a name, such as the guest's")
	ErrEndBeforeStart = errors.New("the code's end must come after its start")
	ErrHalfHours      = errors.New("give both daily hours, or neither")
	ErrBadTimeOfDay   = errors.New("not a time of day: use HH:MM")
	ErrNegativeUses   = errors.New("the number of uses cannot be negative")
)

// Validate checks u before anything is sent.
func (u NewLockUser) Validate() error {
	if strings.TrimSpace(u.Name) == "" {
		return ErrNoName
	}
	if len(u.Code) < 4 || len(u.Code) > 8 || u.Code[0] == '0' || strings.Trim(u.Code, "0123456789") != "" {
		return ErrBadCode
	}
	if s := u.Schedule; s != nil {
		if !s.To.After(s.From) {
			return ErrEndBeforeStart
		}
		if (s.DailyFrom == "") != (s.DailyTo == "") {
			return ErrHalfHours
		}
		for _, hm := range []string{s.DailyFrom, s.DailyTo} {
			if _, err := time.Parse("15:04", hm); hm != "" && err != nil {
				return fmt.Errorf("%q is %w", hm, ErrBadTimeOfDay)
			}
		}
		if s.Uses < 0 {
			return ErrNegativeUses
		}
	}
	return nil
}

// wire is u as the add command carries it.
func (u NewLockUser) wire() map[string]any {
	code, _ := strconv.Atoi(u.Code)
	w := map[string]any{"name": u.Name, "type": int(LockUserPermanent), "password": code}
	if s := u.Schedule; s != nil {
		days := make([]int, 0, 7)
		for _, d := range s.Weekdays {
			days = append(days, int(d))
		}
		if len(days) == 0 {
			days = []int{0, 1, 2, 3, 4, 5, 6}
		}
		slices.Sort(days)
		days = slices.Compact(days)
		from, to := s.DailyFrom, s.DailyTo
		if from == "" {
			from, to = "00:00", "23:59"
		}
		w["type"] = int(LockUserTemporary)
		w["daterange"] = []string{s.From.Format("2006-01-02 15:04"), s.To.Format("2006-01-02 15:04")}
		w["weeks"] = days
		w["timerange"] = []string{from, to}
		w["limit"] = s.Uses
	}
	return w
}

// lockUserCommand is an st.lockUser command with its fields at the top
// level of the command, as the cloud documents it.
type lockUserCommand struct {
	Capability string         `json:"capability"`
	Name       string         `json:"name"`
	User       map[string]any `json:"user,omitempty"`
	ID         int64          `json:"id,omitempty"`
}

// lockUserRequest is the payload of one st.lockUser command.
type lockUserRequest struct {
	Devices []lockUserDevice `json:"devices"`
}

type lockUserDevice struct {
	ID         string          `json:"id"`
	CustomData json.RawMessage `json:"customData,omitempty"`
	Command    lockUserCommand `json:"command"`
}

// lockUsersAnswer is a Command answer whose devices carry users.
type lockUsersAnswer struct {
	errorField
	Devices lenientList[struct {
		ID     looseString               `json:"id"`
		Users  lenientList[wireLockUser] `json:"users"`
		Error  *wireError                `json:"error"`
		States stateList                 `json:"states"`
	}] `json:"devices"`
}

type wireLockUser struct {
	ID         looseInt    `json:"id"`
	Name       looseString `json:"name"`
	Type       looseInt    `json:"type"`
	SyncStatus looseInt    `json:"sync_status"`
}

// lockUserCall sends one st.lockUser command to d and returns its users
// (list) or nothing (add, delete).
func (c *Client) lockUserCall(ctx context.Context, d Device, cmd lockUserCommand) ([]LockUser, error) {
	ref := d.ref()
	// Not HTML-escaped: customData goes back as close to how it came as
	// encoding/json allows.
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(lockUserRequest{Devices: []lockUserDevice{{ID: ref.ID, CustomData: ref.CustomData, Command: cmd}}}); err != nil {
		return nil, fmt.Errorf("utec: %s/%s: %w", CapLockUser, cmd.Name, err)
	}
	payload := json.RawMessage(bytes.TrimSpace(buf.Bytes()))
	var out lockUsersAnswer
	if err := c.do(ctx, nsDevice, "Command", payload, &out); err != nil {
		return nil, err
	}
	return lockUsersFrom(&out, d.ID)
}

// lockUsersFrom reads the users (or the error) of the device id from an
// st.lockUser answer. A user without an id is left out: the app could not
// delete it.
func lockUsersFrom(out *lockUsersAnswer, id string) ([]LockUser, error) {
	for _, a := range out.Devices {
		if string(a.ID) != id {
			continue
		}
		if e := a.Error.get(); e != nil {
			return nil, &DeviceError{DeviceID: id, Code: cleanText(string(e.Code)), Message: shorten(string(e.Message))}
		}
		users := make([]LockUser, 0, len(a.Users))
		for _, u := range a.Users {
			if u.ID.Valid {
				// Names reach terminals and windows: cleaned like devices'.
				name := CleanName(string(u.Name), fmt.Sprintf("code %d", u.ID.Value))
				users = append(users, LockUser{ID: int64(u.ID.Value), Name: name, Kind: LockUserKind(u.Type.Value),
					Synced: u.SyncStatus.Value == 1})
			}
		}
		return users, nil
	}
	return nil, nil
}

// LockUsers lists the lock's users, without their codes.
func (c *Client) LockUsers(ctx context.Context, d Device) ([]LockUser, error) {
	return c.lockUserCall(ctx, d, lockUserCommand{Capability: CapLockUser, Name: "list"})
}

// AddLockUser gives a code to a new user of the lock and returns the user
// once the cloud lists it (it answers add with no id: the new user is the
// one the list after has and the list before had not). The user may not
// be on the lock yet (Synced); LockUsers tells when it is. wait bounds
// the search for the new user.
func (c *Client) AddLockUser(ctx context.Context, d Device, u NewLockUser, wait time.Duration) (LockUser, error) {
	if err := u.Validate(); err != nil {
		return LockUser{}, err
	}
	before, err := c.LockUsers(ctx, d)
	if err != nil {
		return LockUser{}, fmt.Errorf("list the codes before adding: %w", err)
	}
	known := map[int64]bool{}
	for _, b := range before {
		known[b.ID] = true
	}
	if _, err := c.lockUserCall(ctx, d, lockUserCommand{Capability: CapLockUser, Name: "add", User: u.wire()}); err != nil {
		return LockUser{}, err
	}
	deadline := time.Now().Add(wait)
	for delay := 500 * time.Millisecond; ; delay = min(delay*2, 4*time.Second) {
		after, err := c.LockUsers(ctx, d)
		if err == nil {
			for _, a := range after {
				if !known[a.ID] && a.Name == u.Name {
					return a, nil
				}
			}
		}
		if time.Now().Add(delay).After(deadline) {
			return LockUser{}, fmt.Errorf("utec: %s accepted the code for %q but does not list it yet: look in Codes in a minute", d.Name, u.Name)
		}
		select {
		case <-ctx.Done():
			return LockUser{}, ctx.Err()
		case <-time.After(delay):
		}
	}
}

// DeleteLockUser removes a user, and its code, from the lock.
func (c *Client) DeleteLockUser(ctx context.Context, d Device, id int64) error {
	_, err := c.lockUserCall(ctx, d, lockUserCommand{Capability: CapLockUser, Name: "delete", ID: id})
	return err
}
