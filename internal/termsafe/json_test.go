package termsafe

import (
	"encoding/json"
	"testing"
)

// A name from the server holding DEL, a C1 CSI and bidi controls comes out
// of JSON escaped, and the JSON still decodes to the same name.
func TestJSONKeepsTerminalControlsOut(t *testing.T) {
	name := "Paris\x7f\u009b2J\u202egnp.exe\u2066x\u2028y\x1b]0;t\x07 東京 👩‍💻"
	raw, err := json.MarshalIndent(map[string]string{"name": name}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	out := JSON(raw)
	for _, r := range string(out) {
		if r != '\n' && Acts(r) {
			t.Errorf("the JSON holds %U raw: %q", r, out)
		}
	}
	var back map[string]string
	if err := json.Unmarshal(out, &back); err != nil || back["name"] != name {
		t.Errorf("decoded %q, %v; want %q", back["name"], err, name)
	}
}
