package devices

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/app/panics"
	"github.com/utec-tray/utec-tray/utec"
)

// sentences is one of each sentence the package makes, for the language
// loaded.
func sentences() []string {
	lock := utec.Device{ID: "L", Name: "Front Door", Category: "SmartLock"}
	lamp := utec.Device{ID: "P", Name: "Lamp", Category: "Light"}
	passage := utec.LockModePassage
	open := utec.Status{DeviceID: "L", Lock: utec.LockLocked, Door: utec.DoorOpen}
	var out []string
	for _, err := range []error{
		&utec.UncertainError{Device: "Front Door", Command: utec.Unlock(), Err: errors.New("HTTP 500")},
		&panics.Error{Where: "command", Value: "boom"}, utec.ErrDeviceOffline, utec.ErrReauthRequired,
		utec.ErrUnauthorized, utec.ErrDeviceNotFound, context.DeadlineExceeded,
		&utec.HTTPError{StatusCode: 429}, &utec.HTTPError{StatusCode: 503}, &utec.HTTPError{StatusCode: 418},
	} {
		out = append(out, DescribeError("Front Door", err), DescribeError("", err))
	}
	for _, a := range []Action{{Verb: Unlock}, {Verb: SetMode, Mode: utec.LockModePassage}, {Verb: SetMode, Mode: utec.LockModeLocked}, {Verb: LeavePassageAndLock}, {Verb: Lock}} {
		q, _ := Ask(&lock, &open, a)
		out = append(out, q.Title, q.Message, q.OK)
		out = append(out, Result(&lock, a, utec.Outcome{}), Result(&lock, a, utec.Outcome{Queries: 1, Status: utec.Status{DeviceID: "L", Lock: utec.LockJammed}}))
		out = append(out, Result(&lock, a, utec.Outcome{Queries: 1, Status: utec.Status{DeviceID: "L", Lock: utec.LockLocked, LockMode: &passage}}))
	}
	for _, a := range []Action{{Verb: Lock}, {Verb: On}, {Verb: Brightness, Percent: 40}, {Verb: Brightness, Percent: 400}} {
		for _, d := range []utec.Device{lock, lamp} {
			if err := a.Fits(&d); err != nil {
				out = append(out, err.Error())
			}
		}
	}
	_, err := Find([]utec.Device{lock, lamp}, "Garage")
	out = append(out, err.Error(), fmt.Sprint(DescribeSignInError(context.Canceled, "http://localhost:9501/callback", "")))
	out = append(out, PassageNotice([]string{"Front Door"}), PassageNotice([]string{"A", "B"}), OpenDoorNotice([]string{"A", "B", "C"}))
	for _, noun := range []string{"second", "minute", "hour", "code", "device"} {
		out = append(out, Count(1, noun), Count(5, noun))
	}
	return append(out, ModeName(7), Describe(&lamp, &utec.Status{}))
}

// TestSentencesInEachLanguage makes every sentence with each language
// loaded and finds no English one the language has its own words for.
func TestSentencesInEachLanguage(t *testing.T) {
	t.Cleanup(func() {
		if err := i18n.Load("en"); err != nil {
			t.Error(err)
		}
	})
	for _, code := range []string{"de", "fr", "es"} {
		if err := i18n.Load(code); err != nil {
			t.Fatal(err)
		}
		left := i18ntest.EnglishLeft(t, code, sentences())
		if len(left) > 0 {
			t.Errorf("%s: English left: %q", code, left)
		}
	}
}
