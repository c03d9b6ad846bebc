// Package words spells numbers and counts for people: "1,995", "1 server",
// "2 servers". One place, so that every screen, status line and report
// spells them alike.
package words

import "strconv"

// Thousands spells n with comma separators: 10,000 reads faster than 10000.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Plural spells a count of things: "1 server", "2 servers", "1,995 device IDs".
func Plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return Thousands(n) + " " + what + "s"
}
