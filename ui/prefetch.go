package ui

import (
	"context"

	"tweakdash/api"
)

// Prefetch is the config list request sent before the dashboard starts:
// the request travels while Bubble Tea sets the terminal up, instead of
// after (Options.Prefetch).
type Prefetch struct {
	done chan struct{}
	list *api.ConfigList
	resp *api.Response
	err  error
}

// configLister is the one call a prefetch makes (*api.Client has it).
type configLister interface {
	ListConfigs(ctx context.Context) (*api.ConfigList, *api.Response, error)
}

// PrefetchConfigs sends the config list request now, in the background,
// with ctx; hand the result to Options.Prefetch.
func PrefetchConfigs(ctx context.Context, c configLister) *Prefetch {
	p := &Prefetch{done: make(chan struct{})}
	go func() {
		defer close(p.done)
		p.list, p.resp, p.err = c.ListConfigs(ctx)
	}()
	return p
}

// wait gives the answer once it has come, or gives up when ctx is done.
func (p *Prefetch) wait(ctx context.Context) (*api.ConfigList, *api.Response, error) {
	select {
	case <-p.done:
		return p.list, p.resp, p.err
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}
