package guard

// Pending reports whether a lock is unlocked (or open, or held in Passage
// mode) with a reminder still to come: the poller's pace then never slows
// down, so that the lock's locking, or a change by someone else, shows
// before the reminder would be wrong.
func (t *Tracker) Pending() bool {
	for _, u := range t.locks {
		if u.sent < MaxReminders {
			return true
		}
	}
	return false
}
