package tokenstore

// Backend is the keyring interface a Store calls, for tests that need a
// keyring go-keyring's mock cannot play (one that hangs).
type Backend = backend

// NewWithBackend is New with the keyring replaced by b.
func NewWithBackend(opts Options, b Backend) *Store {
	s := New(opts)
	s.kr = b
	return s
}
