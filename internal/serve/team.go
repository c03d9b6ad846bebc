package serve

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/ui"
)

// team is the dashboards open on one account: what one of them learns
// about the key (its headroom, a 429's hold) reaches the others at once,
// as messages to their programs; the key's hold itself is the account
// client's, which every session's client shares.
type team struct {
	mu      sync.Mutex
	members map[*member]struct{}
}

// member is one dashboard of a team.
type member struct {
	user string
	send func(tea.Msg) // the session's Program.Send

	// Under the team's lock: the config the dashboard last read (the one
	// it shows, near enough), and who it was last told is there too.
	config, told string
}

// join adds a dashboard of user; leave takes it out.
func (t *team) join(user string, send func(tea.Msg)) (m *member, leave func()) {
	m = &member{user: user, send: send}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.members == nil {
		t.members = map[*member]struct{}{}
	}
	t.members[m] = struct{}{}
	return m, func() {
		t.mu.Lock()
		delete(t.members, m)
		news := t.presence()
		t.mu.Unlock()
		deliver(news)
	}
}

// news is a message for one member.
type news struct {
	to  *member
	msg tea.Msg
}

// presence says to each member whose company changed who else (which
// other users) has its config open. Called with the lock held.
func (t *team) presence() []news {
	var out []news
	for m := range t.members {
		var names []string
		for o := range t.members {
			if o.user != m.user && o.config == m.config && m.config != "" && !slices.Contains(names, o.user) {
				names = append(names, o.user)
			}
		}
		slices.Sort(names)
		if told := m.config + "\x00" + strings.Join(names, ","); told != m.told {
			m.told = told
			out = append(out, news{m, ui.Present(m.config, names)})
		}
	}
	return out
}

// deliver sends each message on a goroutine of its own: the caller (an
// attempt's goroutine, a session ending) must not wait for another
// session's program.
func deliver(all []news) {
	for _, n := range all {
		go n.to.send(n.msg)
	}
}

// others lists the team but m, copied so that nothing is sent under the lock.
func (t *team) others(m *member) []*member {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make([]*member, 0, len(t.members))
	for o := range t.members {
		if o != m {
			out = append(out, o)
		}
	}
	return out
}

// heard passes on what an attempt of from's taught about the key: its
// headroom, a 429's hold with how long the others' requests wait, and a
// write that succeeded, whose list the others read again (answered from
// the writer's own read of it: see sharedReads).
// Sends run on goroutines of their own: the attempt's goroutine must not
// wait for another session's program.
func (t *team) heard(from *member, a api.RequestLog) {
	var msgs []tea.Msg
	if a.Rate.Known {
		msgs = append(msgs, ui.SharedRate(a.Rate))
	}
	if a.Status == http.StatusTooManyRequests {
		wait := a.RetryIn
		var ae *api.Error
		if wait <= 0 && errors.As(a.Err, &ae) {
			wait = ae.RetryAfter
		}
		if wait > 0 {
			msgs = append(msgs, ui.HeldElsewhere(from.user, wait))
		}
	}
	if c, ok := written(a); ok {
		c.By = from.user
		msgs = append(msgs, ui.ChangedElsewhere(c))
	}
	if cfg, ok := readOf(a); ok {
		t.mu.Lock()
		var moved []news
		if from.config != cfg {
			from.config = cfg
			moved = t.presence()
		}
		t.mu.Unlock()
		deliver(moved)
	}
	if len(msgs) == 0 {
		return
	}
	for _, o := range t.others(from) {
		go func() {
			for _, msg := range msgs {
				o.send(msg)
			}
		}()
	}
}

// readOf is the config a read was of, if it was of one's lists.
func readOf(a api.RequestLog) (string, bool) {
	return a.Config, a.Method == http.MethodGet && a.Config != ""
}

// written is the change a write that succeeded made:
// "/api/v1/configs/KEY/device-ids/12" is device ID 12 of the config KEY; a
// sync (POST /api/v1/configs) names its config in its body (a.Config) and
// writes servers and tweaks.
func written(a api.RequestLog) (c ui.Change, ok bool) {
	if a.Method == http.MethodGet || a.Err != nil || a.Status < 200 || a.Status >= 300 || a.Config == "" {
		return c, false
	}
	c.Config, c.Deleted = a.Config, a.Method == http.MethodDelete
	parts := strings.Split(strings.Trim(a.Path, "/"), "/")
	for i := 0; i+2 < len(parts); i++ {
		if parts[i] == "configs" {
			c.Path = parts[i+2]
			if i+3 < len(parts) {
				c.Record = unescape(parts[i+3])
			}
		}
	}
	return c, true
}

// unescape undoes apiPath's escaping of a record's key.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
