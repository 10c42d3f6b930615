package settingsui

// This file says, in the person's language, what the app's own packages
// report in English (their errors and reasons stay English for the log).

import (
	"errors"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/platform/sessionwatch"
	"github.com/utec-tray/utec-tray/app/session/tokenstore"
)

// urlProblem says what is wrong with an address typed in the Advanced tab.
func urlProblem(err error) string {
	var u *config.URLError
	if !errors.As(err, &u) {
		return err.Error()
	}
	data := map[string]any{"URL": u.URL}
	switch u.Problem {
	case config.URLNotParsed:
		return i18n.T("settings.url.notParsed", "{{.URL}} is not a URL: enter an address like https://api.u-tec.com", data)
	case config.URLNotWhole:
		return i18n.T("settings.url.notWhole", "{{.URL}} is not a whole address: enter one like https://api.u-tec.com", data)
	case config.URLHasUser:
		return i18n.T("settings.url.hasUser", "{{.URL}} carries a user name or password: leave them out", data)
	case config.URLHasQuery:
		return i18n.T("settings.url.hasQuery", "{{.URL}} has a query or fragment: enter the address only, like https://api.u-tec.com", data)
	case config.URLPlainHTTP:
		return i18n.T("settings.url.plainHTTP", "{{.URL}} would send the sign-in unencrypted: use https:// (http:// is only for this computer)", data)
	}
	return i18n.T("settings.url.otherScheme", "{{.URL}}: only https:// addresses are accepted", data)
}

// describe says what went wrong in an account's action: the keyring's
// trouble in its own words, anything else as the devices' words say it.
func describe(err error) string {
	if errors.Is(err, tokenstore.ErrUnavailable) {
		return tokenstore.Said(err)
	}
	return devices.DescribeError("", err)
}

// unavailable is sessionwatch.Unavailable in the person's language.
func unavailable() string {
	return i18n.T("guard.unavailable", "unavailable on this desktop")
}

// unavailableReason says why this desktop offers no locking on sleep or
// screen lock; a reason of another package's that has no translation is
// shown as it is.
func unavailableReason(reason string) string {
	switch reason {
	case sessionwatch.ReasonNothingAnswers:
		return i18n.T("guard.reason.nothingAnswers", "neither logind nor a screensaver answers on D-Bus")
	case sessionwatch.ReasonNoLogind:
		return i18n.T("guard.reason.noLogind", "logind does not answer on the system bus")
	case sessionwatch.ReasonNoScreensaver:
		return i18n.T("guard.reason.noScreensaver", "no screensaver answers on the session bus")
	case sessionwatch.ReasonNotYetOnThisOS:
		return i18n.T("guard.reason.notYetOnThisOS", "not yet available on this operating system")
	}
	return reason
}
