package ui

// loadState is where a list's data stands.
type loadState int

const (
	notLoaded loadState = iota
	loading
	loaded
	failed
	// refused: the server answered 422 for an Access list because the
	// config's cloud toggle is off; its message is shown in the tab.
	refused
)

// load tracks one list's request: the id of the latest one (older replies
// are dropped) and the message of a failure.
type load struct {
	state loadState
	id    int
	msg   string
}
