package cli

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/itchyny/gojq"

	"tweakdash/api"
	"tweakdash/internal/termsafe"
	"tweakdash/model"
)

// outputFlags say how a command prints records: a table on a terminal,
// tab-separated when piped, JSON with --json, a jq filter's results with
// --jq. Every server string is made terminal-safe on each path.
type outputFlags struct {
	json        bool
	jq          string
	showSecrets bool
}

// table is what a list prints without --json: a header and rows of cells
// as the server sent them (made safe when printed).
type table struct {
	head []string
	rows [][]string
}

// print writes records (each a JSON object with the API's field names,
// secrets already masked or not) as o asks.
func (o outputFlags) print(sio scriptIO, t table, records []model.Raw) error {
	if o.jq != "" {
		return o.printJQ(sio, records)
	}
	if o.json {
		b, err := json.MarshalIndent(nonNil(records), "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(sio.stdout, "%s\n", termsafe.JSON(b))
		return err
	}
	return t.write(sio)
}

// checkJQ parses the --jq expression before any request: a mistake is a
// usage error.
func (o outputFlags) checkJQ() (*gojq.Code, error) {
	if o.jq == "" {
		return nil, nil
	}
	q, err := gojq.Parse(o.jq)
	if err != nil {
		return nil, fmt.Errorf("%w: --jq: %s", errUsage, err)
	}
	code, err := gojq.Compile(q)
	if err != nil {
		return nil, fmt.Errorf("%w: --jq: %s", errUsage, err)
	}
	return code, nil
}

// printJQ runs the --jq expression over the records as --json prints them;
// a string result is printed bare (as jq -r and gh do), anything else as
// JSON, one result a line.
func (o outputFlags) printJQ(sio scriptIO, records []model.Raw) error {
	code, err := o.checkJQ()
	if err != nil {
		return err
	}
	b, err := json.Marshal(nonNil(records))
	if err != nil {
		return err
	}
	var input any
	if err := json.Unmarshal(b, &input); err != nil {
		return err
	}
	iter := code.Run(input)
	for {
		v, ok := iter.Next()
		if !ok {
			return nil
		}
		if err, ok := v.(error); ok {
			if he, ok := err.(*gojq.HaltError); ok && he.Value() == nil {
				return nil
			}
			return fmt.Errorf("--jq: %w", err)
		}
		if s, ok := v.(string); ok {
			fmt.Fprintln(sio.stdout, termsafe.Line(s))
			continue
		}
		out, err := gojq.Marshal(v)
		if err != nil {
			return err
		}
		fmt.Fprintf(sio.stdout, "%s\n", termsafe.JSON(out))
	}
}

// write prints t: aligned columns under a header on a terminal, bare
// tab-separated rows in a pipe. Every cell is one safe line, so a tab or
// an escape in a name cannot break a column or reach the terminal.
func (t table) write(sio scriptIO) error {
	safe := make([][]string, len(t.rows))
	for i, r := range t.rows {
		safe[i] = make([]string, len(r))
		for j, c := range r {
			safe[i][j] = termsafe.Line(c)
		}
	}
	var b strings.Builder
	if !sio.outTTY {
		for _, r := range safe {
			b.WriteString(strings.Join(r, "\t"))
			b.WriteByte('\n')
		}
		_, err := fmt.Fprint(sio.stdout, b.String())
		return err
	}
	widths := make([]int, len(t.head))
	for j, h := range t.head {
		widths[j] = termsafe.Width(h)
	}
	for _, r := range safe {
		for j, c := range r {
			widths[j] = max(widths[j], termsafe.Width(c))
		}
	}
	line := func(cells []string) {
		for j, c := range cells {
			if j == len(cells)-1 {
				b.WriteString(c)
				break
			}
			b.WriteString(c + strings.Repeat(" ", widths[j]-termsafe.Width(c)+2))
		}
		b.WriteByte('\n')
	}
	line(t.head)
	for _, r := range safe {
		line(r)
	}
	_, err := fmt.Fprint(sio.stdout, b.String())
	return err
}

// nonNil makes an empty list print as [] rather than null.
func nonNil(r []model.Raw) []model.Raw {
	if r == nil {
		return []model.Raw{}
	}
	return r
}

// masked returns raw with the sensitive fields of res masked as the
// dashboard masks them, unless show; raw itself is left alone.
func masked(res model.Resource, t model.TunnelType, raw model.Raw, show bool) model.Raw {
	if show {
		return raw
	}
	out := make(model.Raw, len(raw))
	for k, v := range raw {
		out[k] = v
		f, ok := res.Field(k)
		if !ok || !f.Sensitive() {
			continue
		}
		var s string
		if json.Unmarshal(v, &s) != nil {
			continue
		}
		if shown, hidden := f.Masked(t, s); hidden {
			b, _ := json.Marshal(shown)
			out[k] = b
		}
	}
	return out
}

// dryRun prints req as curl on stdout, for --dry-run: secrets masked as
// the tables mask them unless --show-secrets (a masked command says so on
// stderr, since it would not send the same values).
func (o outputFlags) dryRun(sio scriptIO, res model.Resource, req api.Request, base string) error {
	if !o.showSecrets && req.Body != nil {
		masked := model.MaskBody(res, req.Body)
		if !reflect.DeepEqual(masked, req.Body) {
			req.Body = masked
			fmt.Fprintln(sio.stderr, "tweakdash: secrets masked in the request below; --show-secrets prints them")
		}
	}
	_, err := fmt.Fprintln(sio.stdout, termsafe.Line(req.Curl(base)))
	return err
}
