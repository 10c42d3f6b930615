package config

import "fmt"

// URLProblem is what is wrong with a service URL, for a window that says
// it in the person's language (the error's own text stays English, for
// logs and the command line).
type URLProblem int

// The problems ValidateServiceURL finds.
const (
	URLNotParsed   URLProblem = iota // not a URL at all
	URLNotWhole                      // no scheme or no host
	URLHasUser                       // a user name or password in it
	URLHasQuery                      // a query or fragment
	URLPlainHTTP                     // http:// to another computer
	URLOtherScheme                   // neither https:// nor http://
)

// URLError is ValidateServiceURL's error: which address (without its
// password) and what is wrong with it. URLPlainHTTP and URLOtherScheme
// match ErrInsecureURL.
type URLError struct {
	URL     string
	Problem URLProblem
}

func (e *URLError) Error() string {
	switch e.Problem {
	case URLNotParsed:
		return fmt.Sprintf("%q is not a URL: enter an address like https://api.u-tec.com", e.URL)
	case URLNotWhole:
		return fmt.Sprintf("%q is not a whole address: enter one like https://api.u-tec.com", e.URL)
	case URLHasUser:
		return fmt.Sprintf("%q carries a user name or password: leave them out", e.URL)
	case URLHasQuery:
		return fmt.Sprintf("%q has a query or fragment: enter the address only, like https://api.u-tec.com", e.URL)
	case URLPlainHTTP:
		return fmt.Sprintf("%q would send the sign-in unencrypted: use https:// (http:// is only for this computer): %v", e.URL, ErrInsecureURL)
	}
	return fmt.Sprintf("%q: only https:// addresses are accepted: %v", e.URL, ErrInsecureURL)
}

// Unwrap gives ErrInsecureURL for an address that is not https://.
func (e *URLError) Unwrap() error {
	if e.Problem == URLPlainHTTP || e.Problem == URLOtherScheme {
		return ErrInsecureURL
	}
	return nil
}
