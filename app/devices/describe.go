package devices

import (
	"context"
	"errors"
	"fmt"
	"github.com/utec-tray/utec-tray/app/i18n"
	"net"
	"strings"

	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// State is the main state of a device in a few words: "locked",
// "unlocked, door open", "on at 60%", "off", "offline".
func Describe(d *utec.Device, st *utec.Status) string {
	var parts []string
	switch d.Kind() {
	case utec.KindLock:
		if st.Lock != "" {
			parts = append(parts, lockWords(st.Lock))
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

// Error says in words for a person what went wrong with a device's
// command or a poll, and what to do next. name may be empty.
func DescribeError(name string, err error) string {
	var he *utec.HTTPError
	var te *utec.TokenError
	var netErr net.Error
	subject := "The device"
	if name != "" {
		subject = name
	}
	switch {
	case errors.Is(err, utec.ErrCommandUncertain):
		var ue *utec.UncertainError
		verb := "The command"
		if errors.As(err, &ue) && ue.Command.Name != "" {
			verb = strings.ToUpper(ue.Command.Name[:1]) + ue.Command.Name[1:]
		}
		return verb + " may not have reached " + subject + ": its answer was lost on the way. Check it, and try again if it is still wanted."
	case errors.Is(err, panics.ErrInternal):
		return "Internal error — details in the log. Please report it; you can try again."
	case errors.Is(err, utec.ErrDeviceOffline):
		return subject + " is offline and cannot take commands. Check its power and Wi-Fi or hub."
	case errors.Is(err, utec.ErrReauthRequired):
		return "Sign-in needed: choose Sign in from the tray menu."
	case errors.Is(err, utec.ErrUnauthorized):
		return "U-Tec refused the sign-in. Choose Sign in from the tray menu if this persists."
	case errors.Is(err, utec.ErrDeviceNotFound):
		return subject + " is no longer shared with this app. Check the OpenAPI screen of the U-home app."
	case errors.Is(err, context.DeadlineExceeded):
		return "U-Tec's cloud did not answer in time. Check the network connection; it will be tried again."
	case errors.As(err, &he) && he.StatusCode == 429:
		return "U-Tec's cloud asks to slow down. It will be tried again shortly."
	case errors.As(err, &he) && he.StatusCode >= 500:
		return fmt.Sprintf("U-Tec's cloud is having trouble (HTTP %d). It will be tried again.", he.StatusCode)
	case errors.As(err, &he):
		return "U-Tec's cloud sent an answer this app cannot read. It will be tried again."
	case errors.As(err, &te) && te.Temporary():
		return "U-Tec's sign-in service is having trouble. It will be tried again."
	case errors.As(err, &netErr):
		return "Could not reach U-Tec's cloud. Check the network connection; it will be tried again."
	}
	return err.Error()
}

// Count is "1 device" or "3 devices".
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// SignInError turns a sign-in failure into what happened and what to do,
// in words for a person. redirectURI is the address the U-home app must
// have; retry says how to try again where the person reads it ("Click Try
// again.", "Choose Sign in to try again.").
func DescribeSignInError(err error, redirectURI, retry string) string {
	var te *utec.TokenError
	msg := err.Error()
	switch {
	case errors.Is(err, context.Canceled):
		return "Sign-in cancelled. " + retry
	case errors.As(err, &te) && strings.EqualFold(te.Code, "invalid_client"):
		return "U-Tec refused the client ID or secret. Copy them again from the U-home app (My Account > OpenAPI)."
	case errors.Is(err, utec.ErrReauthRequired):
		return "U-Tec refused the sign-in. Check the client secret, and that the Redirect URI in the U-home app is exactly " + redirectURI + "."
	case strings.Contains(msg, "port"):
		return msg
	case strings.Contains(strings.ToLower(msg), "no answer from the browser"), errors.Is(err, context.DeadlineExceeded):
		return "The browser did not come back in time. " + retry
	}
	return "Sign-in failed: " + msg + ". " + retry
}

// StateUnknown is what Describe says of a device whose state it does not
// know, in the person's language.
func StateUnknown() string { return i18n.T("words.stateUnknown", "state unknown") }

// lockWords is a lock state as Describe says it: "locked", "unlocked",
// "jammed"; a state the app does not know keeps the cloud's word.
func lockWords(s utec.LockState) string {
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
