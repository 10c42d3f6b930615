package settingsui

// This file is the Checking tab's pace: how often utec-tray asks U-Tec
// while the person is here and when away, after how long without input
// they count as away, and the whole pace in words under it.

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/view"
)

// HereChoices are the intervals offered while the person is here, in
// seconds; AwayAfterChoices the idle times after which they count as away,
// in minutes. (The interval while away is the Poll select, PollChoices.)
var (
	HereChoices      = []int{5, 10, 20, 30, 60}
	AwayAfterChoices = []int{1, 2, 5, 10, 15, 30, 60}
)

// PaceWidgets are the Checking tab's pace section.
type PaceWidgets struct {
	Here      *widget.Select
	AwayAfter *widget.Select
	// Words says the pace in force in one sentence.
	Words *widget.Label
	// Overridden names the environment variables that set the pace for
	// this run; hidden when none does.
	Overridden *widget.Label
}

// paceSection is the pace's form (the away interval is w.Poll, built by
// the tab) and its words.
func (w *Window) paceSection() fyne.CanvasObject {
	p := &w.Pace
	p.Here = choiceSelect(HereChoices, w.s.PollHereSeconds, func(n int) string { return view.Every(time.Duration(n) * time.Second) },
		func(n int) { w.edit(func(s *config.Settings) { s.PollHereSeconds = n }) })
	p.AwayAfter = choiceSelect(AwayAfterChoices, w.s.AwayAfterSeconds/60, afterMinutesLabel,
		func(n int) { w.edit(func(s *config.Settings) { s.AwayAfterSeconds = n * 60 }) })
	p.Words = wrapped("")
	p.Overridden = wrapped("")
	p.Overridden.Importance = widget.WarningImportance
	w.showPaceWords()
	return container.NewVBox(
		widget.NewForm(
			widget.NewFormItem(i18n.T("pace.here", "While you're here"), p.Here),
			widget.NewFormItem(i18n.T("pace.away", "When you're away"), w.Poll),
			widget.NewFormItem(i18n.T("pace.awayAfter", "Away without input"), p.AwayAfter),
		),
		p.Words,
		p.Overridden,
		wrapped(i18n.T("pace.afterCommand", "After you lock, unlock or switch something from the tray, it asks again as soon as U-Tec says the device is done, then every second until the device confirms.")),
	)
}

// pollLabel is a choice of the Poll select (the interval while away), in
// the words of the pace's other choices.
func pollLabel(secs int) string { return view.Every(time.Duration(secs) * time.Second) }

func afterMinutesLabel(m int) string {
	return i18n.Plural("pace.afterMinutes", "after {{.Count}} minutes", m, map[string]any{"Count": m})
}

// choiceSelect offers offered (and current, when a hand edit chose another
// value), labelled by label, and calls set with the value chosen.
func choiceSelect(offered []int, current int, label func(int) string, set func(int)) *widget.Select {
	choices := slices.Clone(offered)
	if !slices.Contains(choices, current) {
		choices = append(choices, current)
		slices.Sort(choices)
	}
	labels := make([]string, len(choices))
	for i, n := range choices {
		labels[i] = label(n)
	}
	sel := widget.NewSelect(labels, func(choice string) {
		if i := slices.Index(labels, choice); i >= 0 {
			set(choices[i])
		}
	})
	sel.Selected = label(current) // not SetSelected: that would send an edit
	return sel
}

// showPace shows pace settings changed elsewhere (the file, the wizard)
// or by this window, without sending them back.
func (w *Window) showPace(old config.Settings) {
	now := w.s
	if old.PollHereSeconds != now.PollHereSeconds {
		w.Pace.Here.Selected = view.Every(time.Duration(now.PollHereSeconds) * time.Second)
		w.Pace.Here.Refresh()
	}
	if old.AwayAfterSeconds != now.AwayAfterSeconds {
		w.Pace.AwayAfter.Selected = afterMinutesLabel(now.AwayAfterSeconds / 60)
		w.Pace.AwayAfter.Refresh()
	}
	w.showPaceWords()
}

func (w *Window) showPaceWords() {
	w.Pace.Words.SetText(view.PaceWords(w.s.Pace()))
	names := paceOverrides(w.s)
	if len(names) == 0 {
		w.Pace.Overridden.Hide()
		return
	}
	w.Pace.Overridden.SetText(i18n.T("pace.overridden",
		"For this run the environment sets {{.Names}}; a change here applies from the next start without them.",
		map[string]any{"Names": strings.Join(names, ", ")}))
	w.Pace.Overridden.Show()
}

// paceOverrides lists the environment's one-run settings of the pace, as
// NAME=value.
func paceOverrides(s config.Settings) []string {
	var out []string
	for _, o := range []struct {
		name string
		d    time.Duration
	}{{config.EnvPollHere, s.PollHereOverride}, {config.EnvPollAway, s.PollAwayOverride}, {config.EnvAwayAfter, s.AwayAfterOverride}} {
		if o.d > 0 {
			out = append(out, fmt.Sprintf("%s=%v", o.name, o.d))
		}
	}
	return out
}
