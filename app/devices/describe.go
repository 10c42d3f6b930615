package devices

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// Describe is the main state of a device in a few words: "locked",
// "unlocked, door open", "on at 60%", "off", "offline".
func Describe(d *utec.Device, st *utec.Status) string {
	var parts []string
	switch d.Kind() {
	case utec.KindLock:
		if st.Lock != "" {
			parts = append(parts, LockWords(st.Lock))
		}
		if st.Door == utec.DoorOpen {
			parts = append(parts, i18n.T("state.doorOpen", "door open"))
		}
		if mode := ModeWords(st); mode != "" {
			parts = append(parts, mode)
		}
	default:
		switch {
		case st.On != nil && *st.On && st.Brightness != nil && d.Dimmable():
			parts = append(parts, i18n.T("words.onAt", "on at {{.Percent}}%", map[string]any{"Percent": *st.Brightness}))
		case st.On != nil && *st.On:
			parts = append(parts, i18n.T("words.on", "on"))
		case st.On != nil:
			parts = append(parts, i18n.T("words.off", "off"))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, StateUnknown())
	}
	return strings.Join(parts, ", ")
}

// DescribeError says in words for a person what went wrong with a
// device's command or a poll, and what to do next. name may be empty.
func DescribeError(name string, err error) string {
	var he *utec.HTTPError
	var te *utec.TokenError
	var netErr net.Error
	subject := map[string]any{"Name": name}
	if name == "" {
		subject["Name"] = i18n.T("devices.theDeviceStart", "The device")
	}
	switch {
	case errors.Is(err, utec.ErrCommandUncertain):
		return uncertain(name, err)
	case errors.Is(err, panics.ErrInternal):
		return i18n.T("devices.err.internal", "Internal error — details in the log. Please report it; you can try again.")
	case errors.Is(err, utec.ErrDeviceOffline):
		return i18n.T("devices.err.offline", "{{.Name}} is offline and cannot take commands. Check its power and Wi-Fi or hub.", subject)
	case errors.Is(err, utec.ErrReauthRequired):
		return i18n.T("devices.err.reauth", "Sign-in needed: choose Sign in from the tray menu.")
	case errors.Is(err, utec.ErrUnauthorized):
		return i18n.T("devices.err.unauthorized", "U-Tec refused the sign-in. Choose Sign in from the tray menu if this persists.")
	case errors.Is(err, utec.ErrDeviceNotFound):
		return i18n.T("devices.err.notFound", "{{.Name}} is no longer shared with this app. Check the OpenAPI screen of the U-home app.", subject)
	case errors.Is(err, context.DeadlineExceeded):
		return i18n.T("devices.err.timeout", "U-Tec's cloud did not answer in time. Check the network connection; it will be tried again.")
	case errors.As(err, &he) && he.StatusCode == 429:
		return i18n.T("devices.err.slowDown", "U-Tec's cloud asks to slow down. It will be tried again shortly.")
	case errors.As(err, &he) && he.StatusCode >= 500:
		return i18n.T("devices.err.server", "U-Tec's cloud is having trouble (HTTP {{.Status}}). It will be tried again.", map[string]any{"Status": he.StatusCode})
	case errors.As(err, &he):
		return i18n.T("devices.err.unreadable", "U-Tec's cloud sent an answer this app cannot read. It will be tried again.")
	case errors.As(err, &te) && te.Temporary():
		return i18n.T("devices.err.signInService", "U-Tec's sign-in service is having trouble. It will be tried again.")
	case errors.As(err, &netErr):
		return i18n.T("devices.err.network", "Could not reach U-Tec's cloud. Check the network connection; it will be tried again.")
	}
	return err.Error()
}

// uncertain is DescribeError's sentence for a command whose answer was
// lost: it may or may not have arrived, so it is not sent again.
func uncertain(name string, err error) string {
	if name == "" {
		name = i18n.T("devices.theDevice", "the device")
	}
	command := i18n.T("devices.cmd.unknown", "The command")
	var ue *utec.UncertainError
	if errors.As(err, &ue) {
		command = commandWord(ue.Command.Name)
	}
	return i18n.T("devices.err.uncertain", "{{.Command}} may not have reached {{.Name}}: its answer was lost on the way. Check it, and try again if it is still wanted.",
		map[string]any{"Command": command, "Name": name})
}

// commandWord names a cloud command at the start of a sentence: "Unlock".
func commandWord(name string) string {
	switch name {
	case utec.Lock().Name:
		return i18n.T("devices.cmd.lock", "Lock")
	case utec.Unlock().Name:
		return i18n.T("devices.cmd.unlock", "Unlock")
	case utec.TurnOn().Name:
		return i18n.T("devices.cmd.on", "Turning on")
	case utec.TurnOff().Name:
		return i18n.T("devices.cmd.off", "Turning off")
	case utec.SetLockMode(utec.LockModeNormal).Name:
		return i18n.T("devices.cmd.mode", "The mode change")
	case utec.SetBrightness(0).Name:
		return i18n.T("devices.cmd.brightness", "The brightness change")
	}
	return i18n.T("devices.cmd.unknown", "The command")
}

// Count is "1 device" or "3 devices", in the person's language for the
// nouns the app counts (second, minute, hour, code, device); another noun
// is counted in English.
func Count(n int, noun string) string {
	data := map[string]any{"Count": n}
	switch noun {
	case "second":
		return i18n.Plural("devices.count.second", "{{.Count}} seconds", n, data)
	case "minute":
		return i18n.Plural("devices.count.minute", "{{.Count}} minutes", n, data)
	case "hour":
		return i18n.Plural("devices.count.hour", "{{.Count}} hours", n, data)
	case "code":
		return i18n.Plural("devices.count.code", "{{.Count}} codes", n, data)
	case "device":
		return i18n.Plural("devices.count.device", "{{.Count}} devices", n, data)
	}
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// DescribeSignInError turns a sign-in failure into what happened and what
// to do, in words for a person. redirectURI is the address the U-home app
// must have; retry says how to try again where the person reads it ("Click
// Try again.", "Choose Sign in to try again."), already translated.
func DescribeSignInError(err error, redirectURI, retry string) string {
	var te *utec.TokenError
	msg := err.Error()
	data := map[string]any{"Retry": retry, "Address": redirectURI, "Reason": msg}
	switch {
	case errors.Is(err, context.Canceled):
		return i18n.T("devices.signIn.cancelled", "Sign-in cancelled. {{.Retry}}", data)
	case errors.As(err, &te) && strings.EqualFold(te.Code, "invalid_client"):
		return i18n.T("devices.signIn.badClient", "U-Tec refused the client ID or secret. Copy them again from the U-home app (My Account > OpenAPI).")
	case errors.Is(err, utec.ErrReauthRequired):
		return i18n.T("devices.signIn.refused", "U-Tec refused the sign-in. Check the client secret, and that the Redirect URI in the U-home app is exactly {{.Address}}.", data)
	case strings.Contains(msg, "port"):
		return msg
	case strings.Contains(strings.ToLower(msg), "no answer from the browser"), errors.Is(err, context.DeadlineExceeded):
		return i18n.T("devices.signIn.browserTimeout", "The browser did not come back in time. {{.Retry}}", data)
	}
	return i18n.T("devices.signIn.failed", "Sign-in failed: {{.Reason}}. {{.Retry}}", data)
}

// StateUnknown is what Describe says of a device whose state it does not
// know, in the person's language.
func StateUnknown() string { return i18n.T("words.stateUnknown", "state unknown") }

// LockWords is a lock state as Describe says it: "locked", "unlocked",
// "jammed"; a state the app does not know keeps the cloud's word.
func LockWords(s utec.LockState) string {
	switch s {
	case utec.LockLocked:
		return i18n.T("words.locked", "locked")
	case utec.LockUnlocked:
		return i18n.T("words.unlocked", "unlocked")
	case utec.LockJammed:
		return i18n.T("words.jammed", "jammed")
	}
	return string(s)
}

// KindWord is a device's kind as a person reads it: "lock", "light" (the
// devices table, "… is a light, not a lock", the windows' device lines);
// --json keeps the cloud-neutral word.
func KindWord(k utec.Kind) string {
	switch k {
	case utec.KindLock:
		return i18n.T("kind.lock", "lock")
	case utec.KindLight:
		return i18n.T("kind.light", "light")
	case utec.KindSwitch:
		return i18n.T("kind.switch", "switch")
	case utec.KindPlug:
		return i18n.T("kind.plug", "plug")
	}
	return i18n.T("kind.unknown", "unknown")
}
