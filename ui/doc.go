// Package ui is the dashboard, a tree of small models:
//
//	App                    layout, focus, the overlay slot, the status bar, global keys
//	├─ configList          the left pane: every config, with counts
//	├─ configPane          the right pane: the shown config, and those opened before
//	│  └─ configView       one config, a tab router: its reads and replies, routed by id
//	│     └─ listView[T]   one per list (servers, tweaks, device IDs, passwords),
//	│        │             built from its resource's descriptor (kind, resources.go)
//	│        └─ table / detail
//	├─ writer              every write, outliving the view that started it;
//	│  │                   each in flight answers through one interface (inFlight)
//	│  ├─ job              the bulk job (delete, activate, deactivate, undo of many)
//	│  ├─ undo             the plan that takes a write back
//	│  └─ journal          this session's writes; the audit log for earlier ones
//	└─ overlay             one slot over the config pane: editor (with its
//	                       conflict), confirm, createdList, picker, planPreview,
//	                       finder, pathPrompt, journalView, the job's progress;
//	                       a request preview opens over the editor, a confirm
//	                       or a plan
//
// Every model owns its state and its keys: a key table each (keys.go),
// whose rows say why a key cannot act now, asked when the key is pressed
// and when help or an overlay's key line is drawn, so the keys, the help
// and the status bar agree. An overlay's typed text goes through one
// lineInput.
// Children ask the root for what they cannot do themselves (open a
// config, open an overlay, run a write) by returning a typed request from
// update. Every API reply travels in one envelope, replyMsg, and is
// dropped when it is not the latest its owner asked for.
//
// The package does no I/O in Update or View: every API call is a tea.Cmd
// built from values copied before it runs, and files on the host are
// reached only through the HostFiles the caller passes (host.go).
package ui
