package serve

import (
	"context"
	"io"
	"sync"

	uv "github.com/charmbracelet/ultraviolet"
)

// The session's input is decoded here, once, into events that the watch
// sends to the program (Program.Send), rather than read by the program
// itself. Bubbletea cannot cancel a read of a plain reader: a program
// that has ended may have read keys it can no longer deliver, and its
// reading goroutine then blocks for ever, holding the whole dashboard
// (this package's goroutine tests found it). Send instead gives up when the
// program has ended.

// decodeInput starts decoding r (the session) into events; streamed is
// closed when decoding has ended: r ended, or ctx did and r's pending
// Read returned. Until then someone must take the events (see drain).
func decodeInput(ctx context.Context, r io.Reader, term string) (events <-chan uv.Event, streamed <-chan struct{}) {
	ev, done := make(chan uv.Event), make(chan struct{})
	go func() {
		defer close(done)
		_ = uv.NewTerminalReader(r, term).StreamEvents(ctx, ev)
	}()
	return ev, done
}

// drain takes the events left until decoding has ended, which is once the
// session's channel is closed: after its handler has returned.
func drain(events <-chan uv.Event, streamed <-chan struct{}) {
	for {
		select {
		case <-events:
		case <-streamed:
			return
		}
	}
}

// quietInput is the program's own input: nothing ever arrives on it, but
// with an input the program still asks the terminal what it needs to know
// (its background colour, its keyboard), and the replies arrive through
// decodeInput like keys. Read returns io.EOF once closed.
type quietInput struct {
	done chan struct{}
	once sync.Once
}

func newQuietInput() *quietInput { return &quietInput{done: make(chan struct{})} }

func (q *quietInput) Read([]byte) (int, error) {
	<-q.done
	return 0, io.EOF
}

func (q *quietInput) close() { q.once.Do(func() { close(q.done) }) }
