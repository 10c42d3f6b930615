package utec

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Command is one device command: a capability, a name and optional
// arguments, for example st.lock/lock or st.switchLevel/setLevel {level}.
type Command struct {
	Capability string         `json:"capability"`
	Name       string         `json:"name"`
	Arguments  map[string]any `json:"arguments,omitempty"`
}

func (c Command) String() string { return c.Capability + "/" + c.Name }

// Lock returns the command that locks a lock.
func Lock() Command { return Command{Capability: CapLock, Name: "lock"} }

// Unlock returns the command that unlocks a lock.
func Unlock() Command { return Command{Capability: CapLock, Name: "unlock"} }

// SetLockMode returns the command that sets a lock's mode.
func SetLockMode(m LockMode) Command {
	return Command{Capability: CapLock, Name: "setMode", Arguments: map[string]any{"mode": int(m)}}
}

// TurnOn returns the command that switches a light, switch or plug on.
func TurnOn() Command { return Command{Capability: CapSwitch, Name: "on"} }

// TurnOff returns the command that switches a light, switch or plug off.
func TurnOff() Command { return Command{Capability: CapSwitch, Name: "off"} }

// SetBrightness returns the command that sets a light's brightness in
// percent (clamped to 0-100). Above 0 it also turns the light on.
func SetBrightness(percent int) Command {
	return Command{Capability: CapSwitchLevel, Name: "setLevel", Arguments: map[string]any{"level": clamp(percent, 0, 100)}}
}

// SetColorTemperature returns the command that sets a light's colour
// temperature in kelvin. The cloud does not document this command; the
// shape follows the one client that used it.
func SetColorTemperature(kelvin int) Command {
	return Command{Capability: CapColorTemperature, Name: "setColorTemperature", Arguments: map[string]any{"value": kelvin}}
}

// Reached reports whether st shows the effect of the command, and false
// when the command has no effect this package can see.
func (c Command) Reached(st *Status) bool {
	switch {
	case strings.EqualFold(c.Capability, CapLock) && strings.EqualFold(c.Name, "lock"):
		return st.Lock == LockLocked
	case strings.EqualFold(c.Capability, CapLock) && strings.EqualFold(c.Name, "unlock"):
		return st.Lock == LockUnlocked
	case strings.EqualFold(c.Capability, CapLock) && strings.EqualFold(c.Name, "setMode"):
		want, ok := argInt(c.Arguments, "mode")
		return ok && st.LockMode != nil && int(*st.LockMode) == want
	case strings.EqualFold(c.Capability, CapSwitch):
		return st.On != nil && *st.On == strings.EqualFold(c.Name, "on")
	case strings.EqualFold(c.Capability, CapSwitchLevel):
		want, ok := argInt(c.Arguments, "level")
		if !ok {
			return false
		}
		if want == 0 {
			return st.On != nil && !*st.On || st.Brightness != nil && *st.Brightness == 0
		}
		// Dimmers round to their step; a point either way is the level asked for.
		return st.Brightness != nil && *st.Brightness >= want-1 && *st.Brightness <= want+1
	case strings.EqualFold(c.Capability, CapColorTemperature):
		want, ok := argInt(c.Arguments, "value")
		return ok && st.ColorTemperature != nil && *st.ColorTemperature == want
	}
	return false
}

func argInt(args map[string]any, key string) (int, bool) {
	switch v := args[key].(type) {
	case int:
		return v, true
	case float64:
		return int(v), true
	case json.Number:
		n, err := v.Int64()
		return int(n), err == nil
	}
	return 0, false
}

// DeviceCommand is a command for one device.
type DeviceCommand struct {
	Device  Device
	Command Command
}

// CommandResult is the cloud's answer for one device of a Command call.
// It means "accepted", never "done": the device acts later, if at all.
type CommandResult struct {
	DeviceID string
	// Deferred is the st.deferredResponse delay the cloud gave (20 s for
	// locks, 5 s for others), zero if none.
	Deferred time.Duration
	States   []State
	Err      *DeviceError
}

// Commands sends commands to many devices, in batches of the client's batch
// size. The answer has one result per command, in the same order, with the
// cloud's per-device errors in Err. When a batch fails, the results of the
// batches before it are returned with the error.
func (c *Client) Commands(ctx context.Context, cmds []DeviceCommand) ([]CommandResult, error) {
	results := make([]CommandResult, 0, len(cmds))
	for batch := range chunks(cmds, c.batchSize) {
		devices := make([]Device, len(batch))
		commands := make([]Command, len(batch))
		for i, dc := range batch {
			devices[i], commands[i] = dc.Device, dc.Command
		}
		payload, err := devicesPayload(devices, commands)
		if err != nil {
			return results, fmt.Errorf("utec: %s/Command: %w", nsDevice, err)
		}
		var out devicesAnswer
		if err := c.do(ctx, nsDevice, "Command", payload, &out); err != nil {
			return results, err
		}
		answers := deviceAnswers(out)
		for _, d := range devices {
			a, ok := answers[d.ID]
			switch {
			case !ok:
				// The cloud has been seen to answer a Command with an empty
				// device list; that is no proof it was refused, so it counts
				// as accepted with no delay given.
				results = append(results, CommandResult{DeviceID: d.ID})
			case a.Error.get() != nil:
				results = append(results, CommandResult{DeviceID: d.ID, Err: a.deviceError()})
			default:
				states := a.states()
				results = append(results, CommandResult{DeviceID: d.ID, Deferred: deferredSeconds(states), States: states})
			}
		}
	}
	return results, nil
}

// Send sends one command to one device. A per-device error from the cloud
// (for example DEVICE_OFFLINE) is returned as the error.
func (c *Client) Send(ctx context.Context, d Device, cmd Command) (CommandResult, error) {
	results, err := c.Commands(ctx, []DeviceCommand{{Device: d, Command: cmd}})
	if err != nil {
		return CommandResult{DeviceID: d.ID}, err
	}
	r := results[0]
	if r.Err != nil {
		return r, r.Err
	}
	return r, nil
}

// devicesPayload builds {"devices": [...]} for Query (commands nil) or
// Command. It is written by hand so that customData goes back exactly as
// the cloud sent it: encoding/json would re-indent and re-escape it.
func devicesPayload(devices []Device, commands []Command) (json.RawMessage, error) {
	var b bytes.Buffer
	b.WriteString(`{"devices":[`)
	for i := range devices {
		if i > 0 {
			b.WriteByte(',')
		}
		ref := devices[i].ref()
		id, err := json.Marshal(ref.ID)
		if err != nil {
			return nil, err
		}
		b.WriteString(`{"id":`)
		b.Write(id)
		if ref.CustomData != nil {
			if !json.Valid(ref.CustomData) {
				return nil, fmt.Errorf("device %s: customData is not valid JSON", CleanID(ref.ID))
			}
			b.WriteString(`,"customData":`)
			b.Write(ref.CustomData)
		}
		if commands != nil {
			cmd, err := json.Marshal(commands[i])
			if err != nil {
				return nil, fmt.Errorf("device %s: encode command: %w", CleanID(ref.ID), err)
			}
			b.WriteString(`,"command":`)
			b.Write(cmd)
		}
		b.WriteByte('}')
	}
	b.WriteString(`]}`)
	return b.Bytes(), nil
}

// DefaultConfirmSchedule is how long Execute waits between re-queries once
// the cloud's deferral (st.deferredResponse) has passed: every second, so
// that a lock is shown locked within a second of the cloud knowing it.
// Before that, Execute asks at its end (and a few times on a back-off
// before it, for a cloud whose deferral is longer than its device takes);
// with no deferral given, every second from the start.
var DefaultConfirmSchedule = []time.Duration{time.Second}

// DefaultConfirmTimeout is how long Execute waits for a device to reach the
// state a command asked for.
const DefaultConfirmTimeout = 60 * time.Second

// ConfirmOptions tune Execute. The zero value uses the defaults.
type ConfirmOptions struct {
	// Schedule is the wait before each re-query; the last entry repeats.
	// Empty: the cloud's deferral first, then DefaultConfirmSchedule. A
	// schedule given here is followed as it is, from the first re-query
	// (tests, whose fake cloud acts long before its deferral).
	Schedule []time.Duration
	// Timeout bounds the whole wait after the command was accepted.
	Timeout time.Duration
	// Progress, if set, is called with each status seen while waiting.
	Progress func(Status)
}

// Outcome is how a command ended.
type Outcome struct {
	// Accepted is the cloud's answer to the command itself.
	Accepted CommandResult
	// Status is the last status seen; zero when no re-query succeeded.
	Status Status
	// Reached is true when Status shows the effect the command asked for.
	Reached bool
	// Queries is how many re-queries were made.
	Queries int
	// LastErr is the error of the last re-query, when it failed.
	LastErr error
}

// Execute sends cmd to d and then re-queries the device on a short back-off
// schedule until it shows the effect (Outcome.Reached), or the timeout
// passes, or ctx ends. It never sends the command again blindly: a retried
// unlock would be a surprise unlock. With WithRetry, a send that failed for
// a passing reason (HTTP 5xx, a reset connection) may have reached the
// cloud all the same, and the device then acts within its deferral window:
// the device is watched for that long first, and only a device that did
// not act gets the command again, never an unlock (that ends with an
// error matching ErrCommandUncertain, for the person to press again). When
// the device cannot be asked, the send's error is returned.
// The error is non-nil only when the command itself was not accepted
// (including a per-device error such as DEVICE_OFFLINE) or ctx ended; a
// device that did not get there is Reached == false with a nil error.
func (c *Client) Execute(ctx context.Context, d Device, cmd Command, opts ConfirmOptions) (Outcome, error) {
	deferral := len(opts.Schedule) == 0
	opts = opts.withDefaults()
	out, err := c.sendChecked(ctx, d, cmd, opts)
	if err != nil || out.Reached {
		if out.Reached && opts.Progress != nil {
			opts.Progress(out.Status)
		}
		return out, err
	}
	if deferral {
		// Counted from the answer: the cloud started its count before
		// answering, so the re-query cannot come before it is done.
		opts.Schedule = afterDeferral(out.Accepted.Deferred, opts.Schedule)
	}
	err = c.watch(ctx, d, cmd, opts, time.Now().Add(opts.Timeout), &out)
	return out, err
}

// deferralGrace is how long after the cloud's deferral the re-query goes:
// the cloud's count started before it answered, but a device done just at
// its end is not always done to the millisecond (nor the cloud's timer),
// and a re-query that comes a moment too early costs a whole second.
const deferralGrace = 250 * time.Millisecond

// earlyChecks are the re-queries made before the cloud's deferral has
// passed, counted from its answer: the live cloud answers 20 s for every
// lock command whatever the bolt does, and a bolt that moved in 3 s should
// not wait 20 s to be shown.
var earlyChecks = []time.Duration{time.Second, 3 * time.Second, 6 * time.Second, 11 * time.Second}

// afterDeferral is the schedule of waits for a command the cloud deferred:
// the early checks that come before the deferral, one just after it
// (deferralGrace), and then then. Without a deferral it is then.
func afterDeferral(deferral time.Duration, then []time.Duration) []time.Duration {
	if deferral <= 0 {
		return then
	}
	var waits []time.Duration
	var at time.Duration
	for _, c := range earlyChecks {
		if c >= deferral {
			break
		}
		waits = append(waits, c-at)
		at = c
	}
	waits = append(waits, deferral+deferralGrace-at)
	return append(waits, then...)
}

func (o ConfirmOptions) withDefaults() ConfirmOptions {
	if len(o.Schedule) == 0 {
		o.Schedule = DefaultConfirmSchedule
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultConfirmTimeout
	}
	return o
}

// watch re-queries d on opts' schedule until it shows cmd's effect, the
// deadline passes or ctx ends, keeping what it saw in out. Only the end
// of ctx is an error.
func (c *Client) watch(ctx context.Context, d Device, cmd Command, opts ConfirmOptions, deadline time.Time, out *Outcome) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for i := 0; ; i++ {
		wait := opts.Schedule[min(i, len(opts.Schedule)-1)]
		remaining := time.Until(deadline)
		if remaining <= 0 {
			return nil
		}
		timer.Reset(min(wait, remaining))
		select {
		case <-ctx.Done():
			return fmt.Errorf("utec: waiting for %s to confirm %s: %w", CleanID(d.ID), cmd, ctx.Err())
		case <-timer.C:
		}
		st, err := c.QueryOne(ctx, d)
		out.Queries++
		if err != nil {
			out.LastErr = err
			if errors.Is(err, ErrUnauthorized) || errors.Is(err, ErrReauthRequired) {
				return nil
			}
			continue
		}
		out.Status, out.LastErr = st, nil
		if opts.Progress != nil {
			opts.Progress(st)
		}
		if cmd.Reached(&st) {
			out.Reached = true
			return nil
		}
	}
}

// MaxDeferral is the longest st.deferredResponse the cloud documents (for
// lock commands): a command it took shows its effect within this long.
const MaxDeferral = 20 * time.Second

// ErrCommandUncertain is matched by the error of a command whose answer
// was lost and whose effect the device did not show within its deferral
// window: it may or may not have got through, and it is not sent again on
// the person's behalf.
var ErrCommandUncertain = errors.New("utec: the command may not have reached the device")

// UncertainError is an ErrCommandUncertain for one device and command.
type UncertainError struct {
	Device  string // the device's name, as shown
	Command Command
	// Err is the failure that lost the answer.
	Err error
}

func (e *UncertainError) Error() string {
	return fmt.Sprintf("utec: %s may not have reached %s: its answer was lost (%v) and the device has not shown it since; try again if it is still wanted",
		e.Command.Name, e.Device, e.Err)
}

// Unwrap gives ErrCommandUncertain and the failure.
func (e *UncertainError) Unwrap() []error { return []error{ErrCommandUncertain, e.Err} }

// isUnlock reports whether cmd unlocks: the one command never sent twice
// on a guess.
func isUnlock(cmd Command) bool {
	return strings.EqualFold(cmd.Capability, CapLock) && strings.EqualFold(cmd.Name, "unlock")
}

// sendChecked sends cmd to d; see Execute for what it does when the send
// fails. The Outcome is Reached when the device showed the effect after a
// failed send.
func (c *Client) sendChecked(ctx context.Context, d Device, cmd Command, opts ConfirmOptions) (Outcome, error) {
	for attempt := 1; ; attempt++ {
		accepted, err := c.Send(ctx, d, cmd)
		if err == nil || c.retry == nil || !transient(ctx, err) {
			return Outcome{Accepted: accepted}, err
		}
		// The failure may have come after the cloud took the command: only
		// the device can say whether it must be sent again, and only once
		// the window in which it would act has passed.
		window := Outcome{Accepted: CommandResult{DeviceID: d.ID}}
		quiet := opts
		quiet.Progress = nil
		if werr := c.watch(ctx, d, cmd, quiet, time.Now().Add(min(MaxDeferral, opts.Timeout)), &window); werr != nil {
			return window, werr
		}
		switch {
		case window.Reached:
			return window, nil
		case window.Queries == 0 || window.LastErr != nil:
			c.log.DebugContext(ctx, "utec: command failed and the device cannot be asked; not sending it again",
				"device", CleanID(d.ID), "command", cmd.String(), "err", window.LastErr)
			return Outcome{Accepted: accepted}, err
		case isUnlock(cmd):
			return window, &UncertainError{Device: d.Name, Command: cmd, Err: err}
		}
		wait, ok := c.retry.wait(ctx, attempt, err)
		if !ok || !sleepCtx(ctx, wait) {
			return Outcome{Accepted: accepted}, err
		}
		c.log.DebugContext(ctx, "utec: command failed and the device has not acted; sending it again",
			"device", CleanID(d.ID), "command", cmd.String(), "attempt", attempt, "err", err)
	}
}

// Lock sends the lock command to d: accepted, not done (see Execute).
func (c *Client) Lock(ctx context.Context, d Device) (CommandResult, error) {
	return c.Send(ctx, d, Lock())
}

// Unlock sends the unlock command to d: accepted, not done (see Execute).
func (c *Client) Unlock(ctx context.Context, d Device) (CommandResult, error) {
	return c.Send(ctx, d, Unlock())
}

// TurnOn switches a light, switch or plug on.
func (c *Client) TurnOn(ctx context.Context, d Device) (CommandResult, error) {
	return c.Send(ctx, d, TurnOn())
}

// TurnOff switches a light, switch or plug off.
func (c *Client) TurnOff(ctx context.Context, d Device) (CommandResult, error) {
	return c.Send(ctx, d, TurnOff())
}

// SetBrightness sets a light's brightness in percent (0-100).
func (c *Client) SetBrightness(ctx context.Context, d Device, percent int) (CommandResult, error) {
	return c.Send(ctx, d, SetBrightness(percent))
}

// SetColorTemperature sets a light's colour temperature in kelvin.
func (c *Client) SetColorTemperature(ctx context.Context, d Device, kelvin int) (CommandResult, error) {
	return c.Send(ctx, d, SetColorTemperature(kelvin))
}
