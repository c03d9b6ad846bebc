package termsafe_test

import (
	"fmt"

	"tweakdash/internal/termsafe"
)

func ExampleCopyable() {
	fmt.Println(termsafe.Copyable(termsafe.CopyDeviceID, "8BCB3C4F9E2A6D907A7B91D1DC5A2D8B"))
	fmt.Println(termsafe.Copyable(termsafe.CopyKey, "8bcb3c4f\x1b[201~\ntouch /tmp/x\n"))
	// Output:
	// <nil>
	// not copied: the key holds a control character (ESC) that could run commands when pasted
}
