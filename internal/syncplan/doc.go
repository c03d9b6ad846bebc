// Package syncplan is the sync half of tweakdash without a screen and without
// the network: it turns a configuration's servers and tweaks into a sync
// file and reads one back, and it plans what one POST /api/v1/configs would
// change before anything is sent.
//
// A sync file is the sync body's own shape (config_unique_key, servers,
// tweaks), each item with its unique_key and every field its tunnel type
// takes, in the order of model's field tables, so that it can be edited and
// imported back. It holds credentials: whoever writes it writes it 0600.
//
// A Plan says, item by item, what a sync would do to a target
// configuration: Create, Update (field by field, old → new) or Unchanged,
// with every Problem that blocks sending named by the item's place in the
// file and its name, and Warnings that do not block (a name the target
// already has). Only the items that create or update go into the one
// request (Plan.Request); a 422 keyed servers.N.field comes back to the item
// that was sent at N (Plan.Explain). Copy plans the same request for
// chosen servers and tweaks of another configuration: every item a create
// without the source's unique_key.
//
// What the plan assumes of the API where its reference is silent: a sync
// upserts by unique_key, never deletes, and is all or nothing. An item of a file is
// the whole resource: a field it leaves out or sets to null is cleared
// (sent as null, see api.SyncRequest.Clear) when the resource had a value
// for it; fields the list did not return are left alone.
//
// The API publishes no server or tweak limit (only max_configurations), so
// Limits are checked only when the caller knows them; otherwise the server
// checks them and a refusal changes nothing.
package syncplan
