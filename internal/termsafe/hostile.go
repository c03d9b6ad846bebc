package termsafe

// Hostile returns strings a malicious or broken server could send, for golden
// and property tests in any package that draws server data: after [Line] or
// [Text] none of them may move the cursor, clear the screen, set a title,
// write the clipboard, make a link, ring the bell or reorder text. Line
// changes every one of them (Text keeps "two\nlines"). Each call returns a
// fresh slice.
func Hostile() []string {
	return []string{
		// Escape sequences (7-bit).
		"\x1b",
		"name\x1b[2Jafter",        // CSI: erase the screen
		"\x1b[H\x1b[2J\x1b[3J",    // home, erase, erase scrollback
		"\x1b[31mred\x1b[0m",      // SGR colour
		"\x1b[1A\x1b[2Kfake line", // cursor up, erase line
		"\x1b[999;999H",           // cursor to the corner
		"\x1b[6n",                 // cursor position report: types a reply
		"\x1b[21t",                // title report: types the title back
		"\x1b]0;pwned\x07",        // OSC 0: window title, BEL-terminated
		"\x1b]2;pwned\x1b\\",      // OSC 2: window title, ST-terminated
		"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", // OSC 8 link
		"\x1b]52;c;aGk=\x07",     // OSC 52: write the clipboard
		"\x1b]52;c;?\x07",        // OSC 52: read the clipboard
		"\x1b]10;?\x1b\\",        // OSC 10: colour query
		"\x1bP+q544e\x1b\\",      // DCS: XTGETTCAP
		"\x1bPq#0;2;0;0;0\x1b\\", // DCS: sixel
		"\x1b_Gf=100;AAAA\x1b\\", // APC: kitty graphics
		"\x1b^privacy\x1b\\",     // PM
		"\x1bXsos\x1b\\",         // SOS
		"\x1bc",                  // RIS: full reset
		"\x1b7\x1b[1;1Hx\x1b8",   // save, overwrite, restore cursor
		"\x1b(0lqqk\x1b(B",       // DEC line drawing charset
		"\x1b[?1049h",            // alternate screen
		"\x1b[?1000h",            // mouse reporting
		"\x1b[?2004l",            // bracketed paste off
		// C0 controls and DEL.
		"good\rEVIL",       // carriage return overwrites the start
		"abc\b\b\bxyz",     // backspaces overwrite
		"ding\x07",         // BEL
		"nul\x00byte",      // NUL
		"del\x7f",          // DEL
		"tab\tstop",        // tab
		"two\nlines",       // newline in a single-line cell
		"crlf\r\nline",     // CRLF
		"\x0bvt\x0cff",     // vertical tab, form feed
		"\x0e\x0fshift",    // SO/SI charset shifts
		"\x18\x1acancel",   // CAN/SUB abort a sequence
		"\x1c\x1d\x1e\x1f", // separators
		// C1 controls, raw (invalid UTF-8) and encoded.
		"\x9b2J",              // raw one-byte CSI
		"\x9d0;pwned\x9c",     // raw one-byte OSC … ST
		"\u009b2J",            // U+009B CSI as UTF-8 (C2 9B)
		"\u009d0;pwned\u009c", // U+009D OSC … U+009C ST as UTF-8
		"\u0085next line",     // NEL
		"\u0090dcs\u009c",     // DCS … ST as UTF-8
		"\u0080\u009f",        // the ends of the C1 range
		// Bidi and separators (CVE-2021-42574).
		"admin\u202egnp.exe",                   // RLO
		"\u202aLRE\u202bRLE\u202cPDF\u202dLRO", // embeddings and overrides
		"\u2066isolate\u2069",                  // LRI … PDI
		"\u2067\u2068nested\u2069\u2069",       // RLI, FSI
		"\u200eLRM\u200fRLM",                   // marks
		"arabic\u061cmark",                     // ALM
		"line\u2028separator",                  // LINE SEPARATOR
		"para\u2029separator",                  // PARAGRAPH SEPARATOR
		// Broken UTF-8.
		"\xff\xfe",
		"trunc\xe4\xb8",         // truncated three-byte sequence
		"\xc0\xaf",              // overlong "/"
		"\xed\xa0\x80surrogate", // encoded surrogate
		"\xf4\x90\x80\x80",      // beyond U+10FFFF
		// Mixed with normal text and printable characters.
		"配置\x1b]0;pwned\x07サーバー",
		"👩\u200d💻\x1b[2J\u202e",
		"e\u0301\x9b\u0301",
		"\x1b\x1b[[\x07\x07",
	}
}

// Benign returns printable strings that [Line] must pass through unchanged:
// wide characters, emoji sequences, combining marks and variation selectors.
// Each call returns a fresh slice.
func Benign() []string {
	return []string{
		"",
		"server-01.example.com",
		"Frankfurt #3 (udp)",
		"配置 サーバー",
		"설정 서버",
		"Сервер Москва",
		"مرحبا بالعالم",
		"שלום",
		"🇩🇪 🇯🇵 🇺🇸",
		"👩\u200d💻",
		"👨\u200d👩\u200d👧\u200d👦",
		"🏳\ufe0f\u200d🌈",
		"👍🏽",
		"❤\ufe0f",
		"e\u0301",
		"\u0928\u094d\u200c\u0915",
		"क्षत्रिय",
		"ผู้ใหญ่",
		"a\u00a0b",
		"½ → ≠ ∞ ©",
		"^[ caret and \\u202e backslash look-alikes",
		"C:\\path\\to\\file",
		"~!@#$%^&*()_+-={}[]|:;\"'<>,.?/`",
		"\ufffd",
	}
}
