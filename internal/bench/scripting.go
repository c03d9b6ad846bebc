package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"tweakdash/api/apitest"
)

// scriptBatch is how many device IDs measure 9 adds from stdin.
const scriptBatch = 5000

// measureScripting is #9: the commands for scripts against curl doing the
// same on the loopback sandbox, exec to exit.
//
//   - configs --json against curl's GET /api/v1/configs.
//   - device-ids add of 5,000 IDs on stdin (it reads the config list and
//     the config's IDs, then sends one POST) against curl's one POST of
//     the same batch.
//   - A tab: the shell's completion callback for CONFIG, answered from
//     the snapshot cache.
func measureScripting(e benchEnv) []result {
	const (
		listName, listBudget = "9 configs --json, exec to exit", "<= curl + 10ms"
		addName, addBudget   = "9 device-ids add of 5,000 IDs from stdin", "<= curl + 20ms"
		tabName, tabBudget   = "9 completion of CONFIG (a tab)", "< 50ms"
	)
	fail := func(err error) []result {
		return []result{failed(listName, listBudget, err), failed(addName, addBudget, err), failed(tabName, tabBudget, err)}
	}
	curl, err := exec.LookPath("curl")
	if err != nil {
		return fail(errors.New("curl not found"))
	}
	sb := apitest.New(apitest.Options{APIKey: benchKey, SeedConfigs: 2*e.rounds + 1})
	l := sb.Limits()
	l.DeviceIDs, l.DeviceIDsPerConfig = 1<<30, 1<<30
	sb.SetLimits(l)
	url, stop, err := apitest.Start("", sb)
	if err != nil {
		return fail(err)
	}
	defer func() { _ = stop() }()
	env := cleanEnv(e.dir, url, benchKey)
	// Each batch goes into an empty config of its own, ours and curl's
	// alike, so that a round does not read what the rounds before added.
	keys := sb.ConfigKeys()

	var list, listBase, add, addBase, tab []float64
	for i := 0; i < e.rounds; i++ {
		d, err := timeRun(e.bin, env, "", "configs", "--json")
		if err != nil {
			return fail(err)
		}
		list = append(list, d)
		if d, err = timeCurl(curl, url); err != nil {
			return fail(err)
		}
		listBase = append(listBase, d)

		ours, theirs := idBatch(2*i), idBatch(2*i+1)
		if d, err = timeRun(e.bin, env, ours, "device-ids", "add", keys[2*i+1]); err != nil {
			return fail(err)
		}
		add = append(add, d)
		if d, err = curlPost(curl, url, keys[2*i+2], theirs, e.dir); err != nil {
			return fail(err)
		}
		addBase = append(addBase, d)

		if d, err = timeRun(e.bin, env, "", "__complete", "servers", "list", ""); err != nil {
			return fail(err)
		}
		tab = append(tab, d)
	}
	a, ab, ad, adb, t := median(list), median(listBase), median(add), median(addBase), median(tab)
	const ms = float64(time.Millisecond)
	return []result{
		{name: listName, ours: dur(a), baseline: dur(ab), ratio: signed(a - ab), budget: listBudget, pass: a <= ab+10*ms,
			note: "baseline: curl GET /api/v1/configs, loopback, exec to exit"},
		{name: addName, ours: dur(ad), baseline: dur(adb), ratio: signed(ad - adb), budget: addBudget, pass: ad <= adb+20*ms,
			note: "ours: GET configs, GET the config's IDs, one POST; baseline: curl's one POST of the same batch"},
		{name: tabName, ours: dur(t), budget: tabBudget, pass: t < 50*ms,
			note: "tweakdash __complete servers list '' from the snapshot cache, no request"},
	}
}

// timeRun times bin args with stdin, exec to exit; a failure is an error.
func timeRun(bin string, env []string, stdin string, args ...string) (float64, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	var errOut bytes.Buffer
	cmd.Stderr = &errOut
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("tweakdash %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errOut.String()))
	}
	return float64(time.Since(t0)), nil
}

// idBatch is scriptBatch device IDs, one a line, none shared with another
// batch n.
func idBatch(n int) string {
	var b strings.Builder
	for i := range scriptBatch {
		fmt.Fprintf(&b, "%016X%016X\n", n+1, i)
	}
	return b.String()
}

// curlPost times curl's POST of the batch to the config's device IDs.
func curlPost(curl, url, cfg, batch, dir string) (float64, error) {
	body, _ := json.Marshal(map[string]any{"device_id": strings.TrimSpace(batch), "is_active": true})
	file := filepath.Join(dir, "batch.json")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return 0, err
	}
	t0 := time.Now()
	cmd := exec.Command(curl, "-sf", "-X", "POST", "-H", "X-API-Key: "+benchKey, "-H", "Content-Type: application/json",
		"-H", "Accept: application/json", "--data-binary", "@"+file, url+"/api/v1/configs/"+cfg+"/device-ids")
	if out, err := cmd.Output(); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("curl POST: %v", err)
	}
	return float64(time.Since(t0)), nil
}
