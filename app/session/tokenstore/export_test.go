package tokenstore

// Backend is the keyring interface a Store calls, for tests that need a
// keyring go-keyring's mock cannot play (one that hangs).
type Backend = backend

// NewWithBackend is New with the keyring replaced by b.
func NewWithBackend(opts Options, b Backend) *Store {
	s := New(opts)
	s.kr = b
	s.probe = false
	return s
}

// NewUnprobed is New without asking the keyring about itself after a
// failure: for go-keyring's mock, whose failures no Secret Service on
// the test's bus made.
func NewUnprobed(opts Options) *Store {
	s := New(opts)
	s.probe = false
	return s
}
