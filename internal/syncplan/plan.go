package syncplan

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"unicode/utf8"

	"tweakdash/api"
	"tweakdash/model"
)

// Action is what a sync does with one item.
type Action string

// The actions of a plan's steps.
const (
	Create    Action = "create"
	Update    Action = "update"
	Unchanged Action = "unchanged"
)

// Change is one field that a step sets (a create) or changes (an update).
// Old and New are as the server keeps them: a trimmed string, an int64, or
// nil for no value.
type Change struct {
	Field    string
	Old, New any
	Hidden   bool // a secret or a credential (see Hidden): never print Old or New
}

// MarshalJSON writes {"field", "old", "new"}, with "(hidden)" in place of a
// hidden value that is set.
func (c Change) MarshalJSON() ([]byte, error) {
	old, new := c.Old, c.New
	if c.Hidden {
		old, new = mask(old), mask(new)
	}
	return json.Marshal(struct {
		Field  string `json:"field"`
		Old    any    `json:"old"`
		New    any    `json:"new"`
		Hidden bool   `json:"hidden,omitempty"`
	}{c.Field, old, new, c.Hidden})
}

// Describe is the change as a plan prints it: old → new for an update, the
// value for a create, values quoted (Quote) and cut to 60 characters; a
// hidden field only says that it is set, changed or cleared.
func (c Change) Describe(a Action) string {
	if c.Hidden {
		switch {
		case a == Create:
			return Masked
		case c.Old == nil:
			return "set " + Masked
		case c.New == nil:
			return "cleared " + Masked
		}
		return "changed " + Masked
	}
	if a == Create {
		return valueText(c.New)
	}
	return valueText(c.Old) + " → " + valueText(c.New)
}

func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "(none)"
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if utf8.RuneCountInString(x) > 60 {
			x = string([]rune(x)[:59]) + "…"
		}
		return Quote(x)
	}
	return Quote(fmt.Sprint(v))
}

// Masked stands for a hidden value in printed plans and their JSON.
const Masked = "(hidden)"

func mask(v any) any {
	if v == nil {
		return nil
	}
	return Masked
}

// Hidden reports whether a field's values stay out of printed plans: the
// fields that hold a secret, whole or in part (model.Field.Sensitive). A
// change to one is shown as changed, never with its values.
func Hidden(f model.Field) bool { return f.Sensitive() }

// Step is one item of a plan and what the sync does with it.
type Step struct {
	Item
	Action Action
	// Changes: for an update each field that changes, in table order; for
	// a create each field it sets but unique_key; none when unchanged.
	Changes []Change
	// Source is, in a copy, the unique_key of the record copied.
	Source string
	// Sent is the step's index in its list of the request (servers.Sent);
	// -1 when it is not sent (unchanged).
	Sent int

	cleared []string // the fields an update clears: sent as null
}

// MarshalJSON writes the step without its values, which hold secrets.
func (s Step) MarshalJSON() ([]byte, error) {
	line := &s.Line
	if s.Line == 0 {
		line = nil
	}
	return json.Marshal(struct {
		List       string   `json:"list"`
		Index      int      `json:"index"`
		Line       *int     `json:"line,omitempty"`
		Name       string   `json:"name"`
		UniqueKey  string   `json:"unique_key,omitempty"`
		TunnelType string   `json:"tunnel_type"`
		Source     string   `json:"source_unique_key,omitempty"`
		Action     Action   `json:"action"`
		Sent       *int     `json:"sent,omitempty"`
		Changes    []Change `json:"changes,omitempty"`
	}{s.List, s.Index, line, s.Name(), s.UniqueKey(), string(model.TunnelTypeOf(s.Values)), s.Source, s.Action, sentPtr(s.Sent), s.Changes})
}

func sentPtr(n int) *int {
	if n < 0 {
		return nil
	}
	return &n
}

// Problem is something wrong with a file, an item or a request. Index is
// the item's place in its list (of the file, or of a copy's records), -1
// when the problem is about no item; Sent is the index the item had in the
// request, for a 422, and -1 otherwise.
type Problem struct {
	List    string `json:"list,omitempty"`
	Index   int    `json:"index"`
	Line    int    `json:"line,omitempty"`
	Name    string `json:"name,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Sent    int    `json:"sent"`
}

// String is one line: where, the field, the message. Names are quoted with
// Quote; a message that came from the server is as it sent it.
func (p Problem) String() string {
	var where string
	switch {
	case p.Index < 0 && p.List != "":
		where = p.List
	case p.Index >= 0:
		where = Item{List: p.List, Index: p.Index, Line: p.Line, Values: model.Values{"name": p.Name}}.Place()
		if p.Sent >= 0 {
			sent := fmt.Sprintf("sent as %s.%d", p.List, p.Sent)
			if p.Line > 0 {
				where = where[:len(where)-1] + ", " + sent + ")"
			} else {
				where += " (" + sent + ")"
			}
		}
	}
	if p.Field != "" {
		where += ": " + p.Field
	}
	if where == "" {
		return p.Message
	}
	return where + ": " + p.Message
}

func (it Item) problem(field, msg string) Problem {
	return Problem{List: it.List, Index: it.Index, Line: it.Line, Name: it.Name(), Field: field, Message: msg, Sent: -1}
}

// Target is the configuration a plan writes to, with what it holds now.
// An import needs its full records (GET .../servers and .../tweaks) to
// tell updates from unchanged items field by field; a copy needs only names
// and keys (GET .../resources will do).
type Target struct {
	Config  model.Config
	Servers []model.Server
	Tweaks  []model.Tweak
	Limits  Limits
}

// Limits is what is known of the account's quotas before sending. The API
// publishes only the configuration limit (max_configurations); server and
// tweak limits exist ("Account limits are enforced for ... servers,
// tweaks") but are not told, so a zero Max means not known: then the
// server checks, and a refused sync changes nothing.
type Limits struct {
	MaxServers, MaxTweaks   int  // per account; 0: not known
	UsedServers, UsedTweaks int  // per account, now
	Counted                 bool // Used* were counted (AccountUsage)
}

// AccountUsage counts the account's servers and tweaks from GET
// /api/v1/configs (servers_count and tweaks_count of every configuration).
// The maxima stay unknown: the API does not give them.
func AccountUsage(configs []model.Config) Limits {
	l := Limits{Counted: true}
	for _, c := range configs {
		l.UsedServers += int(c.ServersCount)
		l.UsedTweaks += int(c.TweaksCount)
	}
	return l
}

// Usage is what a plan does to the count of one list: in the target
// configuration and, when counted, in the account.
type Usage struct {
	List         string `json:"list"`
	Config       int    `json:"config"`       // in the target now
	ConfigAfter  int    `json:"config_after"` // after the sync
	Account      *int   `json:"account,omitempty"`
	AccountAfter *int   `json:"account_after,omitempty"`
	Max          int    `json:"max,omitempty"` // the account's limit; 0 when not known
}

// Plan is what one sync would do to a configuration.
type Plan struct {
	Config model.Config
	Copy   bool   // every step is a copy: a create without the source's unique_key
	Steps  []Step // servers, then tweaks, each in the order of the file (or of the records chosen)
	// Problems block sending: invalid items, a unique_key twice, a known
	// limit passed. Warnings do not: a create whose name the target
	// already has, a file exported from another configuration.
	Problems Problems
	Warnings Problems
	Usage    []Usage // servers, then tweaks
}

// Counts are a plan's steps by action.
type Counts struct {
	Create    int `json:"create"`
	Update    int `json:"update"`
	Unchanged int `json:"unchanged"`
}

// Count counts the steps of list (Servers, Tweaks, or "" for both).
func (p *Plan) Count(list string) Counts {
	var c Counts
	for _, s := range p.Steps {
		if list != "" && s.List != list {
			continue
		}
		switch s.Action {
		case Create:
			c.Create++
		case Update:
			c.Update++
		default:
			c.Unchanged++
		}
	}
	return c
}

// Changing is how many items the request carries: the creates and updates.
func (p *Plan) Changing() int {
	c := p.Count("")
	return c.Create + c.Update
}

// Sendable reports whether there is something to send and nothing that
// blocks it.
func (p *Plan) Sendable() bool { return len(p.Problems) == 0 && p.Changing() > 0 }

// SentAt returns the step sent at index in list of the request, or nil.
func (p *Plan) SentAt(list string, index int) *Step {
	for i := range p.Steps {
		if s := &p.Steps[i]; s.List == list && s.Sent == index && index >= 0 {
			return s
		}
	}
	return nil
}

// MarshalJSON writes the plan for --json: the target, the counts, the
// steps (no secret), the problems, the warnings and the usage.
func (p *Plan) MarshalJSON() ([]byte, error) {
	type config struct {
		UniqueKey string `json:"unique_key"`
		Name      string `json:"name"`
	}
	return json.Marshal(struct {
		Config   config            `json:"config"`
		Copy     bool              `json:"copy"`
		Counts   map[string]Counts `json:"counts"`
		Steps    []Step            `json:"steps"`
		Problems Problems          `json:"problems"`
		Warnings Problems          `json:"warnings"`
		Usage    []Usage           `json:"usage"`
	}{
		config{p.Config.UniqueKey, p.Config.Name}, p.Copy,
		map[string]Counts{Servers: p.Count(Servers), Tweaks: p.Count(Tweaks)},
		nonNil(p.Steps), nonNil(p.Problems), nonNil(p.Warnings), nonNil(p.Usage),
	})
}

func nonNil[S ~[]E, E any](s S) S {
	if s == nil {
		return S{}
	}
	return s
}

// Import plans the sync of file f into t: each item is checked against
// model's rules, then is an update or unchanged when t has its unique_key,
// and a create otherwise (with that unique_key, when it has one).
func Import(f *File, t Target) *Plan {
	p := &Plan{Config: t.Config}
	if f.ConfigUniqueKey != "" && f.ConfigUniqueKey != t.Config.UniqueKey {
		p.Warnings = append(p.Warnings, Problem{Index: -1, Sent: -1, Message: fmt.Sprintf(
			"the file is from another configuration (config_unique_key %s): its items are matched to this one's by unique_key, and those it lacks are created with their keys",
			Quote(f.ConfigUniqueKey))})
	}
	current := currentOf(t)
	for _, list := range []string{Servers, Tweaks} {
		items := f.Servers
		if list == Tweaks {
			items = f.Tweaks
		}
		seen := map[string]Item{}
		for _, it := range items {
			p.check(it)
			key := it.UniqueKey()
			if first, dup := seen[key]; dup && key != "" {
				p.Problems = append(p.Problems, it.problem("unique_key", fmt.Sprintf(
					"%s is also the key of %s: the sync would write both to one %s", Quote(key), first.Place(), singular(list))))
			} else {
				seen[key] = it
			}
			s := Step{Item: it, Sent: -1}
			if old, found := current[list].byKey[key]; found && key != "" {
				s.Changes, s.cleared = diff(it.Resource(), old, it.Values)
				s.Action = Update
				if len(s.Changes) == 0 {
					s.Action = Unchanged
				}
			} else {
				s.Action, s.Changes = Create, sets(it)
			}
			p.Steps = append(p.Steps, s)
		}
	}
	p.finish(t, current)
	return p
}

// Copy plans the copy of chosen records of another configuration into t:
// each one a create without its unique_key (the target gives it a new
// one), carrying every field of its tunnel type. A name the target already
// has is a warning: the copy would be a second one.
func Copy(servers []model.Server, tweaks []model.Tweak, t Target) *Plan {
	p := &Plan{Config: t.Config, Copy: true}
	add := func(list string, i int, v model.Values) {
		it := Item{List: list, Index: i, Values: model.Values{}}
		for _, f := range fieldsOf(resourceOf(list), v) {
			if f.Key != "unique_key" {
				it.Values[f.Key] = normalized(f, v[f.Key])
			}
		}
		p.check(it)
		p.Steps = append(p.Steps, Step{Item: it, Action: Create, Changes: sets(it), Source: stringOf(v["unique_key"]), Sent: -1})
	}
	for i, s := range servers {
		add(Servers, i, s.Values())
	}
	for i, tw := range tweaks {
		add(Tweaks, i, tw.Values())
	}
	p.finish(t, currentOf(t))
	return p
}

// check adds the item's failures of model's rules, as a create: an item
// with a unique_key is an upsert, checked whole.
func (p *Plan) check(it Item) {
	errs := model.Validate(it.Resource(), it.Values, model.Create)
	for _, key := range errs.Keys() {
		for _, msg := range errs[key] {
			p.Problems = append(p.Problems, it.problem(key, msg))
		}
	}
}

// finish flags the names of creates that the target or another create
// already has, numbers what is sent, and checks the counts against the
// limits known.
func (p *Plan) finish(t Target, current map[string]records) {
	for _, list := range []string{Servers, Tweaks} {
		created := map[string]Item{}
		sent, creates := 0, 0
		for i := range p.Steps {
			s := &p.Steps[i]
			if s.List != list || s.Action == Unchanged {
				continue
			}
			s.Sent = sent
			sent++
			if s.Action != Create {
				continue
			}
			creates++
			name := s.Name()
			if name == "" {
				continue
			}
			if keys := current[list].byName[name]; len(keys) > 0 {
				p.Warnings = append(p.Warnings, s.problem("name", fmt.Sprintf(
					"the configuration already has a %s named %s (unique_key %s): this creates another", singular(list), Quote(name), Quote(keys[0]))))
			} else if first, dup := created[name]; dup {
				p.Warnings = append(p.Warnings, s.problem("name", fmt.Sprintf("%s also creates a %s named %s", first.Place(), singular(list), Quote(name))))
			} else {
				created[name] = s.Item
			}
		}
		now := len(t.Servers)
		if list == Tweaks {
			now = len(t.Tweaks)
		}
		p.Usage = append(p.Usage, p.usage(list, now, creates, t.Limits))
	}
}

func (p *Plan) usage(list string, now, creates int, l Limits) Usage {
	used, max := l.UsedServers, l.MaxServers
	if list == Tweaks {
		used, max = l.UsedTweaks, l.MaxTweaks
	}
	u := Usage{List: list, Config: now, ConfigAfter: now + creates, Max: max}
	if !l.Counted {
		return u
	}
	after := used + creates
	u.Account, u.AccountAfter = &used, &after
	if max > 0 && after > max && creates > 0 {
		p.Problems = append(p.Problems, Problem{List: list, Index: -1, Sent: -1, Message: fmt.Sprintf(
			"the account's %s limit is %d and %d are used: this adds %d", singular(list), max, used, creates)})
	}
	return u
}

// records are the target's servers or tweaks by unique_key, and their
// unique_keys by name.
type records struct {
	byKey  map[string]model.Values
	byName map[string][]string
}

func currentOf(t Target) map[string]records {
	out := map[string]records{}
	add := func(list string, v model.Values) {
		r, ok := out[list]
		if !ok {
			r = records{byKey: map[string]model.Values{}, byName: map[string][]string{}}
		}
		key := stringOf(v["unique_key"])
		r.byKey[key] = v
		if name := stringOf(v["name"]); name != "" {
			r.byName[name] = append(r.byName[name], key)
		}
		out[list] = r
	}
	for _, list := range []string{Servers, Tweaks} {
		out[list] = records{byKey: map[string]model.Values{}, byName: map[string][]string{}}
	}
	for _, s := range t.Servers {
		add(Servers, s.Values())
	}
	for _, tw := range t.Tweaks {
		add(Tweaks, tw.Values())
	}
	return out
}

// diff compares what the target has (old) with the item (new), field by
// field over both tunnel types; cleared are the fields the new type takes
// that had a value and lose it: the request sends them as null.
func diff(r model.Resource, old, new model.Values) (changes []Change, cleared []string) {
	ot, nt := model.TunnelTypeOf(old), model.TunnelTypeOf(new)
	for _, f := range r.Fields {
		if f.Key == "unique_key" {
			continue
		}
		var o, n any
		if f.AppliesTo(ot) {
			o = normalized(f, old[f.Key])
		}
		if f.AppliesTo(nt) {
			n = normalized(f, new[f.Key])
		}
		if reflect.DeepEqual(o, n) {
			continue
		}
		changes = append(changes, Change{Field: f.Key, Old: o, New: n, Hidden: Hidden(f)})
		if n == nil && f.AppliesTo(nt) {
			cleared = append(cleared, f.Key)
		}
	}
	return changes, cleared
}

// sets lists the fields a create sets, but unique_key.
func sets(it Item) []Change {
	var out []Change
	for _, f := range fieldsOf(it.Resource(), it.Values) {
		if v := normalized(f, it.Values[f.Key]); v != nil && f.Key != "unique_key" {
			out = append(out, Change{Field: f.Key, New: v, Hidden: Hidden(f)})
		}
	}
	return out
}

// Request is the one sync request of the plan: only the steps that create
// or update, in step order, each a create body (a copy without unique_key),
// with the fields an update clears sent as null. A plan with problems has
// no request.
// Fields lists, sorted, the names of the fields that any step of the
// plan sets or changes: what the audit log keeps of a sync.
func (p *Plan) Fields() []string {
	seen := map[string]bool{}
	for _, st := range p.Steps {
		for _, c := range st.Changes {
			seen[c.Field] = true
		}
	}
	return slices.Sorted(maps.Keys(seen))
}

func (p *Plan) Request() (api.SyncRequest, error) {
	if len(p.Problems) > 0 {
		return api.SyncRequest{}, p.Problems
	}
	req := api.SyncRequest{ConfigUniqueKey: p.Config.UniqueKey}
	for _, s := range p.Steps {
		if s.Sent < 0 {
			continue
		}
		b, err := json.Marshal(model.Body(s.Resource(), s.Values, model.Create))
		if err != nil {
			return api.SyncRequest{}, fmt.Errorf("%s: %v", s.Place(), err)
		}
		if s.List == Servers {
			var v model.Server
			err = json.Unmarshal(b, &v)
			req.Servers = append(req.Servers, v)
		} else {
			var v model.Tweak
			err = json.Unmarshal(b, &v)
			req.Tweaks = append(req.Tweaks, v)
		}
		if err != nil {
			return api.SyncRequest{}, fmt.Errorf("%s: %v", s.Place(), err)
		}
		if len(s.cleared) > 0 {
			if req.Clear == nil {
				req.Clear = map[string][]string{}
			}
			req.Clear[s.List+"."+strconv.Itoa(s.Sent)] = slices.Clone(s.cleared)
		}
	}
	return req, nil
}

// Explain maps a refused sync back to the plan: each message keyed
// servers.N.field becomes a Problem of the step that was sent at N (its
// place in the file and its name, Sent = N), not of the request's index
// alone. Messages about no item sent (a limit reached, a key of no step)
// are general, with their key when they had one. An error that is not an
// *api.Error is one general message.
func (p *Plan) Explain(err error) (items Problems, general []string) {
	var e *api.Error
	if !errors.As(err, &e) {
		return nil, []string{err.Error()}
	}
	if len(e.Fields) == 0 {
		return nil, e.General()
	}
	for _, key := range e.Fields.Keys() {
		k := api.ParseFieldKey(key)
		s := p.SentAt(k.List, k.Index)
		for _, msg := range e.Fields[key] {
			if s == nil || (k.List != Servers && k.List != Tweaks) {
				general = append(general, key+": "+msg)
				continue
			}
			pr := s.problem(k.Field, msg)
			pr.Sent = k.Index
			items = append(items, pr)
		}
	}
	return items, general
}
