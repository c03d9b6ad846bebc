package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/progress"
	tea "charm.land/bubbletea/v2"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/internal/words"
	"tweakdash/model"
	"tweakdash/theme"
)

// jobKind is what a bulk job does to each row.
type jobKind int

const (
	jobDelete jobKind = iota
	jobActivate
	jobDeactivate
	jobUndo // an undo's writes: creates, updates and deletes
)

// job is a bulk run over rows of one config: deletes, or activating and
// deactivating device IDs or passwords. The API has no bulk call, so it
// sends one request per row, paced by the rate-limit headers (api.Pacer)
// so that it normally never meets a 429, and waits out a 429's
// Retry-After when it does. It belongs to the writer: it runs on while the
// user browses; its overlay (it is one) shows the progress and can be put
// in the background. A row the server answered for is never sent again.
type job struct {
	st   *theme.Styles
	now  func() time.Time
	keys keyTable[*job]
	bar  progress.Model

	kind            jobKind
	cfgKey, cfgName string
	list            listID
	items           []jobItem

	next     int // the next row to send
	inFlight int // the request id of the row sent, 0 when none
	sentAt   time.Time
	done     int
	failures []string   // "row: the server's words", for the summary
	pacer    *api.Pacer // the key's, shared with any other run on it
	started  time.Time
	waitTill time.Time // a pacing or 429 wait; zero when none
	// answered and inFlightFor are the replies so far and the time their
	// requests took, waits left out: what one more request costs.
	answered    int
	inFlightFor time.Duration
	gen         int  // names the current wait's tick
	stopping    bool // esc: stop after the row in flight
	ended       bool
	lastErr     error // the last row's error, for a one-row job's status line
	did         []int // the rows the server did (not gone already, not failed): what an undo takes back
	// read: the full records of the servers or tweaks to delete were
	// read first (recordsFlow), for undo.
	read bool
	undo *entry // the write this job undoes; nil when it is no undo
	// skipped is how many of the rows asked for were left out because
	// they already were as t wants them (active or not).
	skipped int
	onStart func() // run as the job starts (it unmarks the skipped rows); may be nil
	shown   string // the progress line last put in the status bar
}

// jobItem is one row of a job: the row (its label, and the key or id it
// is found by), the write sent for it, and the record as it was before,
// which an undo puts back.
type jobItem struct {
	delItem
	write
	list listID // the list the row is in
	drop bool   // the write deletes the row: it leaves its list when done
	was  any    // the record before: model.Server, Tweak, DeviceID or Password; nil when not known
}

// jobTickMsg ends a job's wait; gen names the wait it ends.
type jobTickMsg struct{ gen int }

func newJob(st *theme.Styles, now func() time.Time, kind jobKind, cfgKey, cfgName string, l listID, items []jobItem) *job {
	return &job{
		st: st, now: now, kind: kind, cfgKey: cfgKey, cfgName: cfgName, list: l, items: items, pacer: new(api.Pacer),
		bar:  progress.New(progress.WithColors(st.Palette.Accent), progress.WithoutPercentage(), progress.WithFillCharacters('█', '░')),
		keys: jobKeys(),
	}
}

// jobKeys are the overlay's: esc stops a running job, b puts it in the
// background; once it has ended, enter or esc closes the summary, and d
// resumes a stopped job's rows not tried.
func jobKeys() keyTable[*job] {
	running := onlyWhen(func(j *job) bool { return !j.ended })
	return keyTable[*job]{
		{Binding: newKey("enter", "close", "enter", "esc", "q"), off: onlyWhen(func(j *job) bool { return j.ended }),
			do: func(*job) (tea.Cmd, tea.Msg) { return nil, closeMsg{} }},
		{Binding: newKey("d", "resume", "d"), off: onlyWhen((*job).resumable),
			do: func(j *job) (tea.Cmd, tea.Msg) { return nil, j.rest() }},
		{Binding: newKey("esc", "stop", "esc"), off: running, do: func(j *job) (tea.Cmd, tea.Msg) {
			j.stop()
			return nil, jobStoppedMsg{}
		}},
		{Binding: newKey("b", "in the background", "b"), off: running, do: func(*job) (tea.Cmd, tea.Msg) {
			return setStatus(statusInfo, "The job goes on in the background (p shows it)"), closeMsg{}
		}},
	}
}

// verb says what the job does: "Delete", "Activate".
func (j *job) verb() string {
	return [...]string{jobDelete: "Delete", jobActivate: "Activate", jobDeactivate: "Deactivate", jobUndo: "Undo"}[j.kind]
}

// unit is what the job counts: rows of its list, or an undo's requests.
func (j *job) unit() string {
	if j.kind == jobUndo {
		return "request"
	}
	return noun(j.list)
}

// unread reports whether the job deletes servers or tweaks whose full
// records are not in memory yet (an undo makes them again from those).
func (j *job) unread() bool {
	if j.read || j.kind != jobDelete || j.list != listServers && j.list != listTweaks {
		return false
	}
	for _, it := range j.items {
		if it.was == nil {
			return true
		}
	}
	return false
}

// recordsFlow reads the full records a delete job keeps for undo, puts
// them in its rows, and hands the job back to the root to start.
func recordsFlow(ctx context.Context, viewOf func(model.Config) *configView, cfg model.Config, j *job) *readFlow {
	return &readFlow{viewOf: viewOf, ctx: ctx, failed: "Nothing deleted",
		needs: []need{{cfg, fullRequest(j.list)}},
		done: func() (tea.Cmd, tea.Msg) {
			v := viewOf(cfg)
			for i, it := range j.items {
				j.items[i].was = v.lists[j.list].fullOf(it.key)
			}
			j.read = true
			return nil, j
		}}
}

// question is the confirmation, naming the count and a few of the rows.
func (j *job) question() string {
	q := j.verb() + " " + noun(j.list) + " " + j.items[0].label
	if n := len(j.items); n > 1 {
		labels := make([]string, 0, 3)
		for _, it := range j.items[:min(n, 3)] {
			labels = append(labels, it.label)
		}
		more := ""
		if n > 3 {
			more = " and " + words.Thousands(n-3) + " more"
		}
		q = j.verb() + " " + words.Plural(n, noun(j.list)) + " (" + strings.Join(labels, ", ") + more + ")"
	}
	return q + "?" + j.skippedNote(" (", ")") + " y/N"
}

// skippedNote says how many rows were left out as already done:
// "10 already inactive, skipped", between before and after; "" when none.
func (j *job) skippedNote(before, after string) string {
	if j.skipped == 0 {
		return ""
	}
	state := "active"
	if j.kind == jobDeactivate {
		state = "inactive"
	}
	return before + words.Thousands(j.skipped) + " already " + state + ", skipped" + after
}

// step sends the next row, or waits for the pacer, or ends the job. send
// makes the request with a fresh id; after sleeps (tea.Tick in the app).
func (j *job) step(now time.Time, send func(jobItem) (int, tea.Cmd), after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	if j.ended || j.inFlight != 0 {
		return nil
	}
	if j.started.IsZero() {
		j.started = now
		if j.onStart != nil {
			j.onStart()
		}
	}
	if j.stopping || j.next >= len(j.items) {
		j.ended = true
		return nil
	}
	if j.waitTill.After(now) { // a 429's wait, or a tick within a wait
		return j.wait(now, j.waitTill.Sub(now), after)
	}
	if wait := j.pacer.Go(now); wait > 0 {
		return j.wait(now, wait, after)
	}
	j.waitTill = time.Time{}
	id, cmd := send(j.items[j.next])
	j.inFlight, j.sentAt = id, now
	return cmd
}

// wait waits d before the next row. It ticks every second meanwhile, so
// that the countdown moves on screen and in the status line when the job
// runs in the background.
func (j *job) wait(now time.Time, d time.Duration, after func(time.Duration, tea.Msg) tea.Cmd) tea.Cmd {
	j.gen++
	j.waitTill = now.Add(d)
	return after(min(d, time.Second), jobTickMsg{gen: j.gen})
}

// outcome is what the server's answer means for one row.
type outcome int

const (
	rowDone outcome = iota
	rowGone         // done already: deleted meanwhile
	rowFailed
	rowAgain // a 429: not processed, sent again after the wait
)

// answer takes the reply for the row in flight and says what it meant; a
// 429 sets the wait before the row goes again.
func (j *job) answer(msg replyMsg, now time.Time, after func(time.Duration, tea.Msg) tea.Cmd) (outcome, tea.Cmd) {
	j.inFlight = 0
	j.pacer.Done(j.sentAt, msg.rate)
	j.answered++
	j.inFlightFor += now.Sub(j.sentAt)
	it := j.items[j.next]
	ae, _ := errors.AsType[*api.Error](msg.err)
	switch {
	case msg.err == nil:
		j.did = append(j.did, j.next)
		j.next++
		j.done++
		return rowDone, nil
	case ae != nil && ae.Status == http.StatusTooManyRequests:
		wait := max(ae.RetryAfter, time.Second)
		return rowAgain, j.wait(now, wait, after)
	case gone(ae):
		j.next++
		j.done++
		return rowGone, nil
	}
	j.next++
	why := describeErr(msg.err, "config “"+j.cfgName+"”")
	if ae != nil && ae.Status == http.StatusUnprocessableEntity && ae.Message != "" {
		why = termsafe.Brief(ae.Message)
	}
	j.failures = append(j.failures, it.label+": "+why)
	return rowFailed, nil
}

// gone reports whether an error says the row is not there any more: a 404,
// or a 422 on the key or id that names it.
func gone(ae *api.Error) bool {
	if ae == nil {
		return false
	}
	if ae.Status == http.StatusNotFound {
		return true
	}
	if ae.Status != http.StatusUnprocessableEntity {
		return false
	}
	for k := range ae.Fields {
		if f := api.ParseFieldKey(k).Field; f == "unique_key" || f == "id" {
			return true
		}
	}
	return false
}

// stop ends the job after the row in flight; a wait ends at once.
func (j *job) stop() {
	j.stopping = true
	if j.inFlight == 0 {
		j.gen++ // the wait's tick is dropped
		j.waitTill = time.Time{}
		j.ended = true
	}
}

func (j *job) failed() int { return len(j.failures) }
func (j *job) left() int   { return len(j.items) - j.next }

// progressText is one line for the status bar: "Deleting 12/50 device IDs · 1 failed · 1m20s left".
func (j *job) progressText(now time.Time) string {
	s := strings.TrimSuffix(j.verb(), "e") + "ing " + words.Thousands(j.next) + "/" + words.Plural(len(j.items), j.unit())
	if f := j.failed(); f > 0 {
		s += " · " + words.Thousands(f) + " failed"
	}
	if j.waitTill.After(now) {
		s += " · rate limit: next in " + roughly(j.waitTill.Sub(now))
	}
	if j.answered > 0 && j.left() > 0 {
		s += " · about " + roughly(j.estimate(now)) + " left"
	}
	return s
}

// estimate is the time the rows left should take: the wait under way,
// then the rate limit's budget (what is left of this window, then the
// windows after it) at the time a request has taken so far.
func (j *job) estimate(now time.Time) time.Duration {
	from := now
	if j.waitTill.After(now) {
		from = j.waitTill
	}
	per := j.inFlightFor / time.Duration(max(j.answered, 1))
	return from.Sub(now) + j.pacer.Estimate(from, j.left(), per)
}

// summary says how the job ended: what was done, what failed and why,
// what was not tried.
func (j *job) summary() string {
	past := map[jobKind]string{jobDelete: "Deleted", jobActivate: "Activated", jobDeactivate: "Deactivated", jobUndo: "Undo: sent"}[j.kind]
	s := past + " " + words.Thousands(j.done) + " of " + words.Plural(len(j.items), j.unit())
	if f := j.failed(); f > 0 {
		s += "; " + words.Thousands(f) + " failed"
	}
	if l := j.left(); l > 0 {
		s += "; " + words.Thousands(l) + " not tried (still marked)"
	}
	return s + j.skippedNote("; ", "")
}

// update is the overlay's: esc stops a running job, b puts it in the
// background; once it has ended, enter or esc closes the summary.
func (j *job) update(msg tea.Msg) (tea.Cmd, tea.Msg) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		cmd, req, _ := j.keys.press(j, k)
		return cmd, req
	}
	return nil, nil
}

// jobStoppedMsg asks the root to wind up a job that was stopped.
type jobStoppedMsg struct{}

func (j *job) view(w, h int) string {
	now := j.now()
	title := j.verb() + " " + words.Plural(len(j.items), j.unit()) + " · " + j.cfgName
	if j.undo != nil {
		title = "Undo: " + j.undo.plan.what + " · " + j.cfgName
	}
	lines := []string{" " + j.st.Detail.Title.Render(fit(termsafe.Line(title), w-2)), ""}
	total := max(len(j.items), 1)
	j.bar.SetWidth(max(w-2, 4))
	lines = append(lines, " "+j.bar.ViewAs(float64(j.next)/float64(total)), "")
	if j.ended {
		lines = append(lines, " "+j.st.Status.OK.Render(fit(j.summary(), w-2)))
	} else {
		lines = append(lines, " "+j.st.Detail.Value.Render(fit(j.progressText(now), w-2)))
	}
	for i, f := range j.failures {
		if i == max(h-9, 1) {
			lines = append(lines, " "+j.st.Table.Muted.Render(fit(fmt.Sprintf("and %d more failures", len(j.failures)-i), w-2)))
			break
		}
		lines = append(lines, " "+j.st.Table.Error.Render(fit("✗ "+termsafe.Line(f), w-2)))
	}
	lines = append(lines, "", j.st.Table.Empty.Render(fit(" "+helpLine(j.help()), w)))
	return block(lines, w, h)
}

func (j *job) help() []key.Binding { return j.keys.shown(j) }

// requests are the requests the job would send, one a row, built as the
// client builds them.
func (j *job) requests() []api.Request {
	out := make([]api.Request, 0, len(j.items))
	for _, it := range j.items {
		out = append(out, it.req)
	}
	return out
}

// resumable reports whether the job was stopped with rows not tried, which
// d sends (an undo is not resumed: u checks it again first).
func (j *job) resumable() bool { return j.ended && j.left() > 0 && j.undo == nil }

// rest is a job of the same kind over the rows this one did not try, for
// the root to start as it starts a confirmed one.
func (j *job) rest() *job {
	r := newJob(j.st, j.now, j.kind, j.cfgKey, j.cfgName, j.list, j.items[j.next:])
	r.pacer = j.pacer
	r.read = j.read
	return r
}
