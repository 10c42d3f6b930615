package settingsui

import (
	"strings"
	"testing"

	"github.com/utec-tray/utec-tray/app/config"
)

// TestPaceInWords: the Checking tab says the pace in force, and its
// choices change the settings.
func TestPaceInWords(t *testing.T) {
	h := newHarness(t, nil)
	w := h.w
	want := "Checks every 10 s while you're here, every minute when you're away (no input for 5 minutes), and every 5 minutes while the screen is locked."
	if got := w.Pace.Words.Text; got != want {
		t.Errorf("words %q,\nwant %q", got, want)
	}
	if w.Pace.Here.Selected != "every 10 s" || w.Pace.AwayAfter.Selected != "after 5 minutes" || w.Poll.Selected != "every minute" {
		t.Errorf("selected %q, %q, %q", w.Pace.Here.Selected, w.Pace.AwayAfter.Selected, w.Poll.Selected)
	}
	if w.Pace.Overridden.Visible() {
		t.Error("an override is shown with no environment variable set")
	}

	w.Pace.Here.SetSelected("every 30 s")
	w.Pace.AwayAfter.SetSelected("after a minute")
	w.Poll.SetSelected("every 2 minutes")
	got := h.last()
	if got.PollHereSeconds != 30 || got.AwayAfterSeconds != 60 || got.PollSeconds != 120 {
		t.Fatalf("settings here %d s, away after %d s, away every %d s", got.PollHereSeconds, got.AwayAfterSeconds, got.PollSeconds)
	}
	// The owner publishes them: the words follow.
	h.w.SetState(State{Account: SignedOut, Settings: h.owned})
	want = "Checks every 30 s while you're here, every 2 minutes when you're away (no input for a minute), and every 5 minutes while the screen is locked."
	if got := w.Pace.Words.Text; got != want {
		t.Errorf("words %q,\nwant %q", got, want)
	}
}

// TestPaceChangedElsewhere: a pace set in the file (a value the lists do
// not offer, too) shows without being sent back.
func TestPaceChangedElsewhere(t *testing.T) {
	h := newHarness(t, nil)
	s := h.owned.Clone()
	s.PollHereSeconds, s.AwayAfterSeconds = 15, 20*60
	edits := len(h.applied)
	h.w.SetState(State{Account: SignedOut, Settings: s})
	if h.w.Pace.Here.Selected != "every 15 s" || h.w.Pace.AwayAfter.Selected != "after 20 minutes" {
		t.Errorf("selected %q, %q", h.w.Pace.Here.Selected, h.w.Pace.AwayAfter.Selected)
	}
	if len(h.applied) != edits {
		t.Errorf("showing a change sent %d edits back", len(h.applied)-edits)
	}
}

// TestPaceOverriddenByTheEnvironment names the variables that set the
// pace for this run, and the words say the pace they set.
func TestPaceOverriddenByTheEnvironment(t *testing.T) {
	h := newHarness(t, nil)
	s := h.owned.Clone()
	env := map[string]string{config.EnvPollHere: "5s", config.EnvAwayAfter: "90s"}
	if err := s.ApplyEnv(func(k string) string { return env[k] }); err != nil {
		t.Fatal(err)
	}
	h.w.SetState(State{Account: SignedOut, Settings: s})
	if !h.w.Pace.Overridden.Visible() || !strings.Contains(h.w.Pace.Overridden.Text, "UTEC_POLL_HERE=5s, UTEC_AWAY_AFTER=1m30s") {
		t.Errorf("override note %q (visible %v)", h.w.Pace.Overridden.Text, h.w.Pace.Overridden.Visible())
	}
	if !strings.Contains(h.w.Pace.Words.Text, "every 5 s while you're here") || !strings.Contains(h.w.Pace.Words.Text, "no input for 90 s") {
		t.Errorf("words %q", h.w.Pace.Words.Text)
	}
}
