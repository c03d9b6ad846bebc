package syncplan

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"tweakdash/model"
)

func TestParseReadsTheSyncBody(t *testing.T) {
	data := []byte("\xef\xbb\xbf" + `{
  "config_unique_key": " cfg-1 ",
  "servers": [
    {"name": "A", "tunnel_type": "ssh", "ssl_port": 443, "note": null}
  ],
  "tweaks": null
}`)
	f := parse(t, data)
	if f.ConfigUniqueKey != "cfg-1" || len(f.Servers) != 1 || len(f.Tweaks) != 0 {
		t.Fatalf("%+v", f)
	}
	it := f.Servers[0]
	if it.List != Servers || it.Index != 0 || it.Line != 4 || it.Name() != "A" || it.Values["ssl_port"] == nil {
		t.Errorf("item %+v", it)
	}
	if f := parse(t, []byte(`{}`)); f.ConfigUniqueKey != "" || f.Servers != nil {
		t.Errorf("empty object %+v", f)
	}
}

func TestParseIsStrictAndSaysWhere(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
	}{
		{"syntax", "{\n  \"servers\": [\n    {\"name\": \"A\",}\n  ]\n}", `line 3, column 18: invalid character '}' looking for beginning of object key string (in servers[0])`},
		{"truncated", `{"servers": [{"name": "A"`, `the file ends in the middle of a value (in servers[0])`},
		{"trailing data", `{} {}`, `line 1, column 4: more data after the JSON object`},
		{"not an object", `[]`, `a sync file is a JSON object with config_unique_key, servers and tweaks`},
		{"empty", ``, `line 1, column 1: the file ends in the middle of a value`},
		{"invalid UTF-8", "{\"servers\": [\n{\"name\": \"\xff\"}]}", `line 2, column 11: the file is not valid UTF-8`},
		{"deep", `{"servers": [{"note": ` + strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}]}`, `values nest more than 32 deep (in servers[0])`},
		{"duplicate field", `{"servers": [{"name": "A", "name": "B"}]}`, `the key "name" appears twice in one object (in servers[0])`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v\nwant %s", err, tc.want)
			}
		})
	}
}

func TestParseListsEveryShapeProblem(t *testing.T) {
	in := `{
  "config_unique_key": 12,
  "api_key": "x",
  "servers": [
    {"name": "A", "tunnel_type": "ssh", "id": 3, "colour": "red"},
    "B"
  ],
  "tweaks": {"name": "T"},
  "tweaks": []
}`
	_, err := Parse([]byte(in))
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("error %v, want Problems", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.String())
	}
	want := []string{
		`config_unique_key must be a string`,
		`unknown key "api_key": a sync file holds config_unique_key, servers and tweaks`,
		`servers[0] "A" (line 5): unknown field "colour"`,
		`servers[0] "A" (line 5): id is not part of a sync file: the API refuses it (use unique_key)`,
		`servers[1] "" (line 6): must be an object (a server's fields), not a string`,
		`tweaks must be a list`,
		`"tweaks" appears twice`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.HasSuffix(err.Error(), "(and 6 more)") {
		t.Errorf("as an error: %v", err)
	}
}

func TestParseBoundsTheSize(t *testing.T) {
	big := bytes.Repeat([]byte(" "), MaxFileSize+1)
	if _, err := Parse(big); err == nil || !strings.Contains(err.Error(), "larger than 8 MiB") {
		t.Errorf("error %v", err)
	}
}

// A file of many items keeps its line numbers right (they are counted on,
// not from the start each time).
func TestParseLinesOfManyItems(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"servers\": [\n")
	for i := range 500 {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(`{"name": "s", "tunnel_type": "ssh", "ip_port_user_pass": "1.2.3.4:22"}`)
	}
	b.WriteString("\n]}")
	f := parse(t, []byte(b.String()))
	for i, it := range f.Servers {
		if it.Line != i+2 {
			t.Fatalf("servers[%d] on line %d, want %d", i, it.Line, i+2)
		}
	}
}

func FuzzParse(f *testing.F) {
	tg := sampleTarget()
	data, _ := Export(tg.Config.UniqueKey, tg.Servers, tg.Tweaks)
	f.Add(data)
	f.Add([]byte(`{"servers": [{"name": "A", "name": 1}], "tweaks": [[]]}`))
	f.Add([]byte(`{"servers": [{"note": [[[{"a": 1}]]]}]} x`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Parse(data)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\x1b\r") {
				t.Errorf("an error carries a control character: %q", err)
			}
			return
		}
		// Whatever parses can be planned and its plan turned into a request
		// or refused, without a panic.
		p := Import(file, tg)
		if _, err := p.Request(); err == nil && len(p.Problems) > 0 {
			t.Error("a plan with problems gave a request")
		}
		for _, pr := range append(p.Problems, p.Warnings...) {
			if strings.ContainsAny(pr.String(), "\x1b\r\n") {
				t.Errorf("a problem line carries a control character: %q", pr.String())
			}
		}
	})
}

// Values of every type survive export and parse as the server keeps them.
func TestExportParseRoundTripOfEveryTunnelType(t *testing.T) {
	var servers []model.Server
	for i, tt := range model.ServerTunnelTypes {
		s := model.Server{ID: model.Int(i + 1), UniqueKey: "k" + string(tt), Name: "S " + string(tt), TunnelType: tt,
			IPPortUserPass: "u:p@1.2.3.4:22", OVPNConfig: "c", DNSTTPubkey: "pk", V2RayConfig: "{}", Note: "n\twith tab"}
		if tt == model.Hysteria {
			s.HysteriaTX, s.HysteriaRX = intp(10), intp(20)
		}
		servers = append(servers, s)
	}
	tg := Target{Config: model.Config{UniqueKey: "c"}, Servers: servers}
	p := Import(parse(t, exported(t, tg)), tg)
	if len(p.Problems) != 0 || p.Changing() != 0 || p.Count(Servers).Unchanged != len(servers) {
		t.Errorf("problems %v counts %+v", p.Problems, p.Count(""))
	}
}

// Any values, once exported, parse and plan back as unchanged.
func FuzzExportRoundTrip(f *testing.F) {
	f.Add("Main", "note <b>&amp;</b>", "client\n<ca>\x1b[31m</ca>\n", int64(443))
	f.Add(" ", "\u202e", "", int64(-1))
	f.Fuzz(func(t *testing.T, name, note, config string, port int64) {
		if !utf8.ValidString(name) || !utf8.ValidString(note) || !utf8.ValidString(config) {
			return // the API answers in JSON: its strings are valid UTF-8
		}
		tg := Target{Config: model.Config{UniqueKey: "c"}, Servers: []model.Server{
			{ID: 1, UniqueKey: "k", Name: name, TunnelType: model.OVPNTCP, IPPortUserPass: "u:p", OVPNConfig: config, SSLPort: intp(port), Note: note},
		}}
		data, err := Export("c", tg.Servers, nil)
		if err != nil {
			t.Fatal(err)
		}
		file, err := Parse(data)
		if err != nil {
			t.Fatalf("%v\n%s", err, data)
		}
		if p := Import(file, tg); p.Changing() != 0 {
			t.Errorf("changes %+v", p.Steps[0].Changes)
		}
	})
}
