package sessionwatch

import "runtime"

// The Reasons an Availability gives, in English; the settings window says
// each in the person's language.
const (
	ReasonNothingAnswers = "neither logind nor a screensaver answers on D-Bus"
	ReasonNoLogind       = "logind does not answer on the system bus"
	ReasonNoScreensaver  = "no screensaver answers on the session bus"
	ReasonNotYetOnThisOS = "not yet available on " + runtime.GOOS
)
