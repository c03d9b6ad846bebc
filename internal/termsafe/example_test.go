package termsafe_test

import (
	"fmt"

	"tweakdash/internal/termsafe"
)

func ExampleLine() {
	fmt.Printf("%q\n", termsafe.Line("ok\x1b]0;pwned\x07\r\u202eevil"))
	fmt.Printf("%q\n", termsafe.Line("配置 👩\u200d💻"))
	// Output:
	// "ok^[]0;pwned^G^M\\u202eevil"
	// "配置 👩\u200d💻"
}

func ExampleText() {
	fmt.Printf("%q\n", termsafe.Text("proto tcp\r\n\tport 443\rX\n"))
	// Output:
	// "proto tcp\n    port 443^MX\n"
}

func ExampleTruncate() {
	fmt.Println(termsafe.Truncate("配置サーバー", 5), termsafe.Width(termsafe.Truncate("配置サーバー", 5)))
	// Output:
	// 配置… 5
}
