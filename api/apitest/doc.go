// Package apitest is the sandbox: an in-memory implementation of the HTTP
// Tweak Client API, as its reference describes it, for tests, for "tweakdash --demo" and
// for "tweakdash sandbox". It validates with the model package's field
// tables, answers in the shapes of the spec's examples and in Laravel's error
// shapes, and can inject faults and record what it received.
//
// Where the spec is silent the sandbox picks the likeliest behaviour of the
// Laravel service behind the API:
//
//   - Order of checks: route (404, 405 with Allow), throttle (429), API key
//     (401), body (400 bad JSON or not an object, 413 over 8 MiB, 415 a
//     body that is not JSON), configuration (404), key scope (403), cloud
//     toggle (422), validation (422), limits (422).
//   - Key: X-API-Key, else X-Client-Api-Key, else api_key in a POST, PUT or
//     PATCH body; the first one present is the one checked. A key limited to
//     some configurations (AddKey) still lists them all and gets 403 on the
//     others.
//   - Input is trimmed (passwords excepted) and "" becomes null, as Laravel's
//     middleware does. Unknown fields are ignored; id and configuration_id in
//     a server or tweak are refused ("The id field is prohibited.").
//   - 422 keys: "name", "server.name" for {"server": {...}}, "servers.1.name"
//     in a sync. The messages are the model's ("The name field is
//     required."), the summary is Laravel's ("... (and 2 more errors)").
//   - A server or tweak key, or a device-ID or password record id, that is
//     not in the configuration is a validation failure: 422 on unique_key or
//     id ("Delete operations require existing unique_key values"). 404 is for
//     configurations and routes only.
//   - Create with an existing unique_key updates that resource (200, action
//     "updated"); a new resource answers 201, as do device-ID and password
//     creates. Everything else answers 200.
//   - Update (PUT, or PATCH) is partial: an omitted field keeps its value,
//     null clears it (a boolean to false), a required field cannot be
//     cleared. A change of tunnel type drops the fields the new type does not
//     take. unique_key in an update body is ignored: the key is in the URL.
//     On create, null and omitted are the same (is_active defaults to true).
//   - Server and tweak lists return every field of the table (null when
//     unset) plus id, configuration_id, unique_key, created_at, updated_at;
//     /resources returns the spec's short shape. Every server/tweak mutation
//     and the sync answer "Configuration resources synced" with a summary.
//   - Sync upserts by unique_key and never deletes; it is all or nothing.
//   - Device-ID creates: an ID already in the configuration, or a malformed
//     entry, refuses the whole batch with 422 on device_id naming it.
//     Device-ID and password updates and deletes answer with the record in
//     device_ids or passwords, without added_count.
//   - Passwords are not unique. Generated ones are 10 characters without
//     look-alikes, repeatable from Options.Seed (sample data, not secrets).
//     Changing a password to reusable turns delete_after_used off.
//   - Cloud toggle off: every endpoint of that list, GET included, answers
//     422 {"success": false, "message": "... (is_cloud_hwid_lock) is
//     disabled ... Enable it in the Panel."}. A limit reached answers 422
//     {"success": false, "message": "... limit reached ..."}; neither has
//     errors, as neither is about a field.
//   - Rate limit (Options.Rate): a fixed one-minute window per presented key
//     (or client address), headers on every answer of a known route.
//   - Timestamps are UTC "YYYY-MM-DD HH:MM:SS"; a configuration's updated_at
//     does not move with its resources.
package apitest
