package instance

import "errors"

// errLocked means another process (or another Listen in this one) holds
// the lock.
var errLocked = errors.New("locked")
