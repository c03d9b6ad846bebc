package syncplan

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Problems is every problem found in a file, or in a plan; as an error it
// reads as the first one and how many more there are.
type Problems []Problem

func (ps Problems) Error() string {
	switch len(ps) {
	case 0:
		return "no problems"
	case 1:
		return ps[0].String()
	}
	return fmt.Sprintf("%s (and %d more)", ps[0], len(ps)-1)
}

// maxDepth bounds how deep a file's values nest: an item's fields are flat,
// so anything deeper is a mistake, and a file of 8 MiB of [ must not cost
// a deep recursion.
const maxDepth = 32

// Parse reads a sync file strictly: one JSON object of at most MaxFileSize
// bytes, valid UTF-8 (a leading byte order mark is allowed), with no key
// twice in an object, no key the sync body does not have, and servers and
// tweaks as lists of objects. A syntax error is one error with its line and
// column; the rest are Problems, every one found, each naming the item's
// place and name. The values themselves are checked against model's rules
// when a plan is made (Import).
func Parse(data []byte) (*File, error) {
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %d MiB", MaxFileSize>>20)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, n := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		line, col := position(data, off)
		return nil, fmt.Errorf("line %d, column %d: the file is not valid UTF-8", line, col)
	}
	p := &parser{data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	p.dec.UseNumber()
	f, err := p.file()
	if err != nil {
		return nil, p.wrap(err)
	}
	if len(p.problems) > 0 {
		return nil, p.problems
	}
	return f, nil
}

type parser struct {
	data     []byte
	dec      *json.Decoder
	where    string // the item being read, for syntax errors: servers[2]
	problems Problems

	lineOff, line int // lineAt's last answer: items come in order
}

// lineAt is the 1-based line of byte off, counted on from the last call.
func (p *parser) lineAt(off int) int {
	if off < p.lineOff || p.line == 0 {
		p.lineOff, p.line = 0, 1
	}
	p.line += bytes.Count(p.data[p.lineOff:off], []byte{'\n'})
	p.lineOff = off
	return p.line
}

// errShape ends the reading at a value that is not what a sync file holds
// where it stands; it is already in problems.
var errShape = errors.New("not a sync file")

func (p *parser) file() (*File, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		p.fileProblem("a sync file is a JSON object with config_unique_key, servers and tweaks")
		return nil, errShape
	}
	f := &File{}
	seen := map[string]bool{}
	for p.dec.More() {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			p.fileProblem(fmt.Sprintf("%s appears twice", Quote(key)))
		}
		seen[key] = true
		switch key {
		case "config_unique_key":
			v, err := p.value(0)
			if err != nil {
				return nil, err
			}
			switch s := v.(type) {
			case nil:
			case string:
				f.ConfigUniqueKey = strings.TrimSpace(s)
			default:
				p.fileProblem("config_unique_key must be a string")
			}
		case Servers, Tweaks:
			items, err := p.list(key)
			if err != nil {
				return nil, err
			}
			if key == Servers {
				f.Servers = items
			} else {
				f.Tweaks = items
			}
		default:
			p.fileProblem(fmt.Sprintf("unknown key %s: a sync file holds config_unique_key, servers and tweaks", Quote(key)))
			if _, err := p.value(0); err != nil {
				return nil, err
			}
		}
	}
	if _, err := p.dec.Token(); err != nil { // the closing brace
		return nil, err
	}
	off := int(p.dec.InputOffset())
	if rest := bytes.TrimLeft(p.data[off:], " \t\r\n"); len(rest) > 0 {
		line, col := position(p.data, len(p.data)-len(rest))
		return nil, &atError{line, col, "more data after the JSON object"}
	}
	return f, nil
}

// list reads servers or tweaks: null, or a list of objects.
func (p *parser) list(name string) ([]Item, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		p.fileProblem(name + " must be a list")
		return nil, p.skip(tok, 0)
	}
	var items []Item
	r := resourceOf(name)
	for i := 0; p.dec.More(); i++ {
		line := p.lineAt(p.next())
		p.where = fmt.Sprintf("%s[%d]", name, i)
		v, err := p.value(1)
		if err != nil {
			return nil, err
		}
		it := Item{List: name, Index: i, Line: line}
		obj, isObject := v.(map[string]any)
		if !isObject {
			p.problems = append(p.problems, it.problem("", fmt.Sprintf("must be an object (a %s's fields), not %s", singular(name), kindOf(v))))
			continue
		}
		it.Values = obj
		for _, key := range sortedKeys(obj) {
			if _, known := r.Field(key); known {
				continue
			}
			msg := fmt.Sprintf("unknown field %s", Quote(key))
			if key == "id" || key == "configuration_id" {
				msg = fmt.Sprintf("%s is not part of a sync file: the API refuses it (use unique_key)", key)
			}
			p.problems = append(p.problems, it.problem("", msg))
		}
		items = append(items, it)
	}
	p.where = ""
	if _, err := p.dec.Token(); err != nil { // the closing bracket
		return nil, err
	}
	return items, nil
}

// value reads any JSON value: objects as map[string]any (a key twice is a
// problem), lists as []any, numbers as json.Number.
func (p *parser) value(depth int) (any, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return nil, err
	}
	return p.rest(tok, depth)
}

func (p *parser) rest(tok json.Token, depth int) (any, error) {
	d, isDelim := tok.(json.Delim)
	if !isDelim {
		return tok, nil
	}
	if depth >= maxDepth {
		return nil, fmt.Errorf("values nest more than %d deep", maxDepth)
	}
	if d == '[' {
		list := []any{}
		for p.dec.More() {
			v, err := p.value(depth + 1)
			if err != nil {
				return nil, err
			}
			list = append(list, v)
		}
		_, err := p.dec.Token()
		return list, err
	}
	obj := map[string]any{}
	for p.dec.More() {
		key, err := p.key()
		if err != nil {
			return nil, err
		}
		v, err := p.value(depth + 1)
		if err != nil {
			return nil, err
		}
		if _, dup := obj[key]; dup {
			return nil, fmt.Errorf("the key %s appears twice in one object", Quote(key))
		}
		obj[key] = v
	}
	_, err := p.dec.Token()
	return obj, err
}

func (p *parser) skip(tok json.Token, depth int) error {
	_, err := p.rest(tok, depth)
	return err
}

func (p *parser) key() (string, error) {
	tok, err := p.dec.Token()
	if err != nil {
		return "", err
	}
	key, _ := tok.(string) // the decoder allows only strings here
	return key, nil
}

// next is the offset of the next value: past blanks and the comma.
func (p *parser) next() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) && strings.IndexByte(" \t\r\n,", p.data[off]) >= 0 {
		off++
	}
	return off
}

func (p *parser) fileProblem(msg string) {
	p.problems = append(p.problems, Problem{Index: -1, Sent: -1, Message: msg})
}

// wrap words a reading error with its line and column, and the item it was
// in. Problems found before it are dropped: the syntax comes first.
func (p *parser) wrap(err error) error {
	var at *atError
	switch {
	case errors.Is(err, errShape):
		return p.problems
	case errors.As(err, &at):
		return at
	}
	off := int(p.dec.InputOffset())
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		off = int(syn.Offset)
		err = errors.New(strings.TrimPrefix(syn.Error(), "json: "))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		off = len(p.data)
		err = errors.New("the file ends in the middle of a value")
	}
	line, col := position(p.data, off)
	in := ""
	if p.where != "" {
		in = " (in " + p.where + ")"
	}
	return fmt.Errorf("line %d, column %d: %v%s", line, col, err, in)
}

// atError is an error at a place of the file.
type atError struct {
	line, col int
	msg       string
}

func (e *atError) Error() string { return fmt.Sprintf("line %d, column %d: %s", e.line, e.col, e.msg) }

// position is the 1-based line and column (in characters) of byte off.
func position(data []byte, off int) (line, col int) {
	off = min(max(off, 0), len(data))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return bytes.Count(data[:off], []byte{'\n'}) + 1, utf8.RuneCount(data[start:off]) + 1
}

func kindOf(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "a list"
	}
	return "an object"
}
