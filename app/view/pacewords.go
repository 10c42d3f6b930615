package view

// This file says the poller's pace in words, for Settings → Checking.

import (
	"time"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/pace"
)

// PaceWords is the pace in one sentence: "Checks every 10 s while you're
// here, every minute when you're away (no input for 5 minutes), and every
// 5 minutes while the screen is locked."
func PaceWords(iv pace.Intervals) string {
	return i18n.T("pace.summary",
		"Checks {{.Here}} while you're here, {{.Away}} when you're away (no input for {{.AwayAfter}}), and {{.Locked}} while the screen is locked.",
		map[string]any{"Here": Every(iv.Here), "Away": Every(iv.Away), "AwayAfter": Span(iv.AwayAfter), "Locked": Every(iv.Locked)})
}

// Every says how often: "every 10 s", "every minute", "every 5 minutes",
// "every hour". A time that is not whole minutes (or hours) is said in the
// next smaller unit.
func Every(d time.Duration) string {
	n, unit := units(d)
	switch unit {
	case time.Hour:
		return i18n.Plural("pace.everyHours", "every {{.Count}} hours", n, map[string]any{"Count": n})
	case time.Minute:
		return i18n.Plural("pace.everyMinutes", "every {{.Count}} minutes", n, map[string]any{"Count": n})
	}
	return i18n.Plural("pace.everySeconds", "every {{.Count}} s", n, map[string]any{"Count": n})
}

// Span says how long: "a minute", "5 minutes", "90 s", "2 hours".
func Span(d time.Duration) string {
	n, unit := units(d)
	switch unit {
	case time.Hour:
		return i18n.Plural("pace.hours", "{{.Count}} hours", n, map[string]any{"Count": n})
	case time.Minute:
		return i18n.Plural("pace.minutes", "{{.Count}} minutes", n, map[string]any{"Count": n})
	}
	return i18n.Plural("pace.seconds", "{{.Count}} s", n, map[string]any{"Count": n})
}

// units splits d into a count of its largest whole unit (seconds at
// least, rounded; never below 1).
func units(d time.Duration) (int, time.Duration) {
	s := max(int(d.Round(time.Second)/time.Second), 1)
	switch {
	case s%3600 == 0:
		return s / 3600, time.Hour
	case s%60 == 0:
		return s / 60, time.Minute
	}
	return s, time.Second
}
