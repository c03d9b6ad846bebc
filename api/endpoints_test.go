package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"tweakdash/model"
)

const sshKey = "8bcb3c4f...7b6c4a12"

func intp(n int64) *model.Int { v := model.Int(n); return &v }

// endpointCase is one endpoint: the call, what the server must receive, what
// it answers, and what the caller must get back.
type endpointCase struct {
	name   string
	call   func(ctx context.Context, c *Client) (any, *Response, error)
	method string
	path   string
	body   string // the exact JSON the server must receive; "" for none
	reply  string
	check  func(t *testing.T, got any)
}

var endpointCases = []endpointCase{
	{
		name:   "ListConfigs",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListConfigs(ctx) },
		method: "GET", path: "/api/v1/configs",
		reply: "list_configs.json",
		check: func(t *testing.T, got any) {
			l := got.(*ConfigList)
			if l.Total != 2 || l.RemainingConfigurations != 18 || len(l.Configurations) != 1 ||
				l.Configurations[0].UniqueKey != "2f7c1f7e...dc5a2d8b" || l.Configurations[0].ServersCount != 2 {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "SyncConfig",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.SyncConfig(ctx, SyncRequest{
				ConfigUniqueKey: "cfg-1",
				Servers: []model.Server{{ID: 9, UniqueKey: "s-1", Name: "Main", TunnelType: model.SSH,
					IPPortUserPass: "1.2.3.4:22@u:p", SSLPort: intp(443), CreatedAt: "2026-02-20 09:00:00"}},
				Tweaks: []model.Tweak{{Name: "T", TunnelType: model.OVPNTCPSSH, Payload: "CONNECT [host_port] HTTP/1.1", SNI: "example.com"}},
			})
		},
		method: "POST", path: "/api/v1/configs",
		body: `{"config_unique_key":"cfg-1",
			"servers":[{"unique_key":"s-1","name":"Main","tunnel_type":"ssh","ip_port_user_pass":"1.2.3.4:22@u:p","ssl_port":443}],
			"tweaks":[{"name":"T","tunnel_type":"ovpn_tcp_ssh","payload":"CONNECT [host_port] HTTP/1.1","sni":"example.com"}]}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name: "SyncConfig with Clear sends null for the cleared fields its type takes and leaves",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.SyncConfig(ctx, SyncRequest{
				ConfigUniqueKey: "cfg-1",
				Servers: []model.Server{
					{UniqueKey: "s-1", Name: "Main", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"},
					{UniqueKey: "s-2", Name: "Other", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22", Note: "kept"},
				},
				Tweaks: []model.Tweak{{UniqueKey: "t-1", Name: "T", TunnelType: model.V2RayVLESS}},
				Clear: map[string][]string{
					// ovpn_pk is not an ssh field, name is set, unique_key is the upsert key, bogus is no field.
					"servers.0": {"note", "ssl_port", "ovpn_pk", "name", "unique_key", "bogus"},
					"servers.1": {"note"},
					"tweaks.0":  {"bug_host", "sni"},
				},
			})
		},
		method: "POST", path: "/api/v1/configs",
		body: `{"config_unique_key":"cfg-1",
			"servers":[{"unique_key":"s-1","name":"Main","tunnel_type":"ssh","ip_port_user_pass":"1.2.3.4:22","note":null,"ssl_port":null},
				{"unique_key":"s-2","name":"Other","tunnel_type":"ssh","ip_port_user_pass":"1.2.3.4:22","note":"kept"}],
			"tweaks":[{"unique_key":"t-1","name":"T","tunnel_type":"v2ray_vless","bug_host":null}]}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name:   "ListResources escapes the config key",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListResources(ctx, "a/b c?") },
		method: "GET", path: "/api/v1/configs/a%2Fb%20c%3F/resources",
		reply: "list_resources.json",
		check: func(t *testing.T, got any) {
			r := got.(*Resources)
			if r.ConfigurationID != 12 || len(r.Servers) != 1 || r.Servers[0].UniqueKey != sshKey ||
				len(r.Tweaks) != 1 || r.Tweaks[0].TunnelType != model.OVPNTCPSSH || r.Tweaks[0].UpdatedAt != "2026-02-20 09:05:00" {
				t.Errorf("decoded %+v", r)
			}
		},
	},
	{
		name:   "ListServers",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListServers(ctx, "cfg") },
		method: "GET", path: "/api/v1/configs/cfg/servers",
		reply: `{"success":true,"servers":[{"id":2,"unique_key":"k","name":"S","tunnel_type":"ssh","ssl_port":"443","region":"eu"}]}`,
		check: func(t *testing.T, got any) {
			s := got.([]model.Server)
			if len(s) != 1 || s[0].SSLPort == nil || *s[0].SSLPort != 443 || string(s[0].Raw["region"]) != `"eu"` {
				t.Errorf("decoded %+v", s)
			}
		},
	},
	{
		name: "CreateServer (spec example)",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.CreateServer(ctx, "2f7c1f7e...dc5a2d8b", model.Server{ID: 5, Name: "Main SSH Server",
				TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22@user:pass", V2RayConfig: "not for ssh", Note: "  "})
		},
		method: "POST", path: "/api/v1/configs/2f7c1f7e...dc5a2d8b/servers",
		body:  `{"name": "Main SSH Server", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:pass"}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name: "UpdateServer (spec example) clears empty fields with null",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.UpdateServer(ctx, "2f7c1f7e...dc5a2d8b", sshKey, model.Server{ID: 2, UniqueKey: sshKey,
				Name: "Main SSH Server v2", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22@user:newpass"})
		},
		method: "PUT", path: "/api/v1/configs/2f7c1f7e...dc5a2d8b/servers/" + sshKey,
		body: `{"name": "Main SSH Server v2", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22@user:newpass",
			"ssl_port": null, "ssh_pk": null, "note": null}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name: "DeleteServer (spec example)",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.DeleteServer(ctx, "cfg", sshKey)
		},
		method: "DELETE", path: "/api/v1/configs/cfg/servers/" + sshKey,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name:   "ListTweaks",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListTweaks(ctx, "cfg") },
		method: "GET", path: "/api/v1/configs/cfg/tweaks",
		reply: `{"success":true,"tweaks":[{"id":4,"unique_key":"t","name":"T","tunnel_type":"dnstt","dnstt_resolver":"8.8.8.8"}]}`,
		check: func(t *testing.T, got any) {
			tw := got.([]model.Tweak)
			if len(tw) != 1 || tw[0].DNSTTResolver != "8.8.8.8" || tw[0].ID != 4 {
				t.Errorf("decoded %+v", tw)
			}
		},
	},
	{
		name: "CreateTweak (spec example)",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.CreateTweak(ctx, "2f7c1f7e...dc5a2d8b", model.Tweak{Name: "Default Tweak", TunnelType: model.OVPNTCPSSH,
				Payload: "CONNECT [host_port] HTTP/1.1", SNI: "example.com", BugHost: "v2ray only"})
		},
		method: "POST", path: "/api/v1/configs/2f7c1f7e...dc5a2d8b/tweaks",
		body:  `{"name": "Default Tweak", "tunnel_type": "ovpn_tcp_ssh", "payload": "CONNECT [host_port] HTTP/1.1", "sni": "example.com"}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name: "UpdateTweak",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.UpdateTweak(ctx, "cfg", "6e1d2f8c...d5ce0d62", model.Tweak{Name: "V", TunnelType: model.V2RayVLESS, BugHost: "cdn.example"})
		},
		method: "PUT", path: "/api/v1/configs/cfg/tweaks/6e1d2f8c...d5ce0d62",
		body:  `{"name":"V","tunnel_type":"v2ray_vless","bug_host":"cdn.example","note":null}`,
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name: "DeleteTweak (spec example)",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.DeleteTweak(ctx, "cfg", "6e1d2f8c...d5ce0d62")
		},
		method: "DELETE", path: "/api/v1/configs/cfg/tweaks/6e1d2f8c...d5ce0d62",
		reply: "mutation.json",
		check: checkMutation,
	},
	{
		name:   "ListDeviceIDs",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListDeviceIDs(ctx, "cfg") },
		method: "GET", path: "/api/v1/configs/cfg/device-ids",
		reply: "device_ids_list.json",
		check: func(t *testing.T, got any) {
			d := got.([]model.DeviceID)
			if len(d) != 1 || d[0].ID != 31 || d[0].DeviceID != "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" || !d[0].IsActive || d[0].DeleteAfterUsed {
				t.Errorf("decoded %+v", d)
			}
		},
	},
	{
		name: "CreateDeviceIDs (spec example): a batch is one device_id value",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.CreateDeviceIDs(ctx, "2f7c1f7e...dc5a2d8b", DeviceIDCreate{
				IDs:  []string{"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"},
				Note: "Batch import", IsActive: true,
			})
		},
		method: "POST", path: "/api/v1/configs/2f7c1f7e...dc5a2d8b/device-ids",
		body:  `{"device_id": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\nBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB", "note": "Batch import", "is_active": true, "delete_after_used": false}`,
		reply: `{"success":true,"message":"2 device IDs added.","added_count":2,"device_ids":[{"id":31,"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","is_active":1},{"id":32,"device_id":"BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB","is_active":"1"}]}`,
		check: func(t *testing.T, got any) {
			l := got.(*DeviceIDList)
			if l.AddedCount == nil || *l.AddedCount != 2 || len(l.DeviceIDs) != 2 || !l.DeviceIDs[1].IsActive {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "UpdateDeviceID",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.UpdateDeviceID(ctx, "cfg", 31, model.DeviceID{ID: 31, DeviceID: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", DeleteAfterUsed: true})
		},
		method: "PUT", path: "/api/v1/configs/cfg/device-ids/31",
		body:  `{"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","note":null,"is_active":false,"delete_after_used":true}`,
		reply: `{"success":true,"message":"Device ID updated.","device_ids":[{"id":31,"device_id":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA","delete_after_used":true}]}`,
		check: func(t *testing.T, got any) {
			if l := got.(*DeviceIDList); len(l.DeviceIDs) != 1 || !l.DeviceIDs[0].DeleteAfterUsed {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "DeleteDeviceID",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			res, err := c.DeleteDeviceID(ctx, "cfg", 31)
			return nil, res, err
		},
		method: "DELETE", path: "/api/v1/configs/cfg/device-ids/31",
		reply: `{"success":true,"message":"Device ID deleted.","deleted":[31]}`,
	},
	{
		name:   "ListPasswords",
		call:   func(ctx context.Context, c *Client) (any, *Response, error) { return c.ListPasswords(ctx, "cfg") },
		method: "GET", path: "/api/v1/configs/cfg/passwords",
		reply: "password_create.json",
		check: func(t *testing.T, got any) {
			p := got.([]model.Password)
			if len(p) != 1 || p[0].ID != 45 || p[0].Type != model.OneTime || p[0].Note != "" || p[0].UsedAt != "" {
				t.Errorf("decoded %+v", p)
			}
		},
	},
	{
		name: "CreatePasswords (spec example)",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.CreatePasswords(ctx, "2f7c1f7e...dc5a2d8b", PasswordCreate{Password: "Secret123", Type: model.OneTime,
				DeleteAfterUsed: true, IsActive: true, Count: 4})
		},
		method: "POST", path: "/api/v1/configs/2f7c1f7e...dc5a2d8b/passwords",
		body:  `{"password": "Secret123", "type": "one_time", "delete_after_used": true, "is_active": true}`,
		reply: "password_create.json",
		check: func(t *testing.T, got any) {
			l := got.(*PasswordList)
			if l.AddedCount == nil || *l.AddedCount != 1 || len(l.Passwords) != 1 || l.Passwords[0].Password != "Secret123" ||
				!l.Passwords[0].DeleteAfterUsed {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "CreatePasswords generating: count, no password, delete_after_used false for reusable",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.CreatePasswords(ctx, "cfg", PasswordCreate{Password: "ignored1", Type: model.Reusable,
				DeleteAfterUsed: true, IsActive: true, GenerateMultiple: true, Count: 3, Note: "batch"})
		},
		method: "POST", path: "/api/v1/configs/cfg/passwords",
		body:  `{"type":"reusable","is_active":true,"delete_after_used":false,"generate_multiple":true,"count":3,"note":"batch"}`,
		reply: `{"success":true,"added_count":3,"passwords":[{"id":1},{"id":2},{"id":3}]}`,
		check: func(t *testing.T, got any) {
			if l := got.(*PasswordList); *l.AddedCount != 3 || len(l.Passwords) != 3 {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "UpdatePassword clears the note",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			return c.UpdatePassword(ctx, "cfg", 45, model.Password{ID: 45, Password: "NewSecret1", Type: model.Reusable,
				IsActive: true, DeleteAfterUsed: true, UsedAt: "2026-02-24 18:40:00"})
		},
		method: "PUT", path: "/api/v1/configs/cfg/passwords/45",
		body:  `{"password":"NewSecret1","type":"reusable","is_active":true,"delete_after_used":false,"note":null}`,
		reply: `{"success":true,"message":"Password updated.","passwords":[{"id":45,"type":"reusable"}]}`,
		check: func(t *testing.T, got any) {
			if l := got.(*PasswordList); len(l.Passwords) != 1 || l.Passwords[0].Type != model.Reusable {
				t.Errorf("decoded %+v", l)
			}
		},
	},
	{
		name: "DeletePassword",
		call: func(ctx context.Context, c *Client) (any, *Response, error) {
			res, err := c.DeletePassword(ctx, "cfg", 45)
			return nil, res, err
		},
		method: "DELETE", path: "/api/v1/configs/cfg/passwords/45",
		reply: `{"success":true,"message":"Password deleted."}`,
	},
}

func checkMutation(t *testing.T, got any) {
	t.Helper()
	m := got.(*Mutation)
	if m.Summary.ServersUpdated != 1 || m.Summary.TweaksDeleted != 1 || len(m.Servers) != 2 ||
		m.Servers[1].Action != "deleted" || m.Servers[1].TunnelType != model.OVPNUDP || m.Tweaks[0].ID != 4 {
		t.Errorf("decoded %+v", m)
	}
}

func TestEndpoints(t *testing.T) {
	for _, tc := range endpointCases {
		t.Run(tc.name, func(t *testing.T) {
			body := tc.reply
			if strings.HasSuffix(body, ".json") {
				body = fixture(t, body)
			}
			h := serve(t, []reply{jsonReply(200, body)})
			got, res, err := tc.call(context.Background(), h.c)
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if res == nil || res.StatusCode != 200 {
				t.Fatalf("response %+v", res)
			}
			reqs := h.rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("server received %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.method || r.Path != tc.path {
				t.Errorf("received %s %s, want %s %s", r.Method, r.Path, tc.method, tc.path)
			}
			wantHeaders := map[string]string{"X-Api-Key": testKey, "Accept": "application/json", "User-Agent": "tweakdash/dev"}
			for k, v := range wantHeaders {
				if got := r.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if tc.body == "" {
				if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
					t.Errorf("sent body %q with Content-Type %q, want none", r.Body, r.Header.Get("Content-Type"))
				}
			} else {
				if ct := r.Header.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q", ct)
				}
				if !sameJSON(t, r.Body, []byte(tc.body)) {
					t.Errorf("body\n got %s\nwant %s", r.Body, tc.body)
				}
				if strings.Contains(string(r.Body), "api_key") || strings.Contains(string(r.Body), testKey) {
					t.Errorf("the key is in the body: %s", r.Body)
				}
			}
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// A delete answered with 204 and no body, or any JSON value, is a success.
func TestDeleteAcceptsAnyJSONOrNothing(t *testing.T) {
	for _, rp := range []reply{{status: http.StatusNoContent}, jsonReply(200, ""), jsonReply(200, "[]"), jsonReply(200, "true")} {
		h := serve(t, []reply{rp})
		if _, err := h.c.DeleteDeviceID(context.Background(), "cfg", 1); err != nil {
			t.Errorf("DeleteDeviceID with %d %q: %v", rp.status, rp.body, err)
		}
		if _, err := h.c.DeletePassword(context.Background(), "cfg", 1); err != nil {
			t.Errorf("DeletePassword with %d %q: %v", rp.status, rp.body, err)
		}
		if rp.body == "" {
			if m, _, err := h.c.DeleteServer(context.Background(), "cfg", "k"); err != nil || m == nil {
				t.Errorf("DeleteServer with %d: %v %v", rp.status, m, err)
			}
		}
	}
}

// An empty set of servers/tweaks is left out of a sync rather than sent as [].
func TestSyncLeavesOutEmptyLists(t *testing.T) {
	h := serve(t, []reply{jsonReply(200, `{"success":true}`)})
	if _, _, err := h.c.SyncConfig(context.Background(), SyncRequest{ConfigUniqueKey: "c"}); err != nil {
		t.Fatal(err)
	}
	if b := h.rec.requests()[0].Body; !sameJSON(t, b, []byte(`{"config_unique_key":"c"}`)) {
		t.Errorf("body %s", b)
	}
}

func serverSSH() model.Server {
	return model.Server{Name: "S", TunnelType: model.SSH, IPPortUserPass: "1.2.3.4:22"}
}
