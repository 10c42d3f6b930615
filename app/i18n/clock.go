package i18n

import "time"

// clockFormat is how one language writes a time of day and a date.
type clockFormat struct {
	clock string // time.Format layout of a time of day
	day   string // layout of a date with its time, as Recent activity shows it
}

// clockFormats holds one row per language in Languages; a language
// without a row is written the English way.
var clockFormats = map[string]clockFormat{
	"en": {clock: "15:04", day: "Jan 2, 15:04"},
	"de": {clock: "15:04", day: "02.01., 15:04"},
	"fr": {clock: "15:04", day: "02/01 15:04"},
	"es": {clock: "15:04", day: "02/01 15:04"},
}

// Clock writes t's time of day in the current language ("14:05").
func Clock(t time.Time) string {
	return t.Format(formatFor(Current()).clock)
}

// Day writes t's date and time in the current language ("04.12., 14:05").
func Day(t time.Time) string {
	return t.Format(formatFor(Current()).day)
}

func formatFor(code string) clockFormat {
	if f, ok := clockFormats[code]; ok {
		return f
	}
	return clockFormats["en"]
}
