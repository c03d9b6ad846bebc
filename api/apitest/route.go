package apitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const configsPath = "/api/v1/configs"

// route is a matched endpoint: the collection under a configuration ("" for
// /api/v1/configs itself), the configuration key and the item key or record
// id from the URL.
type route struct {
	method string // HEAD is served as GET, PATCH as PUT
	coll   string
	config string
	item   string
}

var collections = map[string]bool{"resources": true, "servers": true, "tweaks": true, "device-ids": true, "passwords": true}

// matchRoute maps the request to an endpoint of the spec, or to Laravel's 404
// and 405 answers.
func matchRoute(r *http.Request) (route, *reply) {
	path := strings.TrimSuffix(r.URL.EscapedPath(), "/")
	notFound := func() (route, *reply) {
		rep := laravel(http.StatusNotFound, fmt.Sprintf("The route %s could not be found.", strings.TrimPrefix(r.URL.Path, "/")))
		return route{}, &rep
	}
	rest, found := strings.CutPrefix(path, configsPath)
	if !found || rest != "" && rest[0] != '/' {
		return notFound()
	}
	var segs []string
	if rest != "" {
		segs = strings.Split(rest[1:], "/")
	}
	for i, seg := range segs {
		s, err := url.PathUnescape(seg)
		if err != nil || s == "" {
			return notFound()
		}
		segs[i] = s
	}
	var rt route
	var allowed []string
	switch {
	case len(segs) == 0:
		allowed = []string{"GET", "HEAD", "POST"}
	case len(segs) == 2 && segs[1] == "resources":
		allowed = []string{"GET", "HEAD"}
	case len(segs) == 2 && collections[segs[1]]:
		allowed = []string{"GET", "HEAD", "POST"}
	case len(segs) == 3 && collections[segs[1]] && segs[1] != "resources":
		allowed = []string{"PUT", "PATCH", "DELETE"}
		rt.item = segs[2]
	default:
		return notFound()
	}
	if len(segs) > 0 {
		rt.config, rt.coll = segs[0], segs[1]
	}
	rt.method = r.Method
	if !slices.Contains(allowed, r.Method) {
		rep := laravel(http.StatusMethodNotAllowed, fmt.Sprintf("The %s method is not supported for route %s. Supported methods: %s.",
			r.Method, strings.TrimPrefix(path, "/"), strings.Join(allowed, ", ")))
		rep.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
		return route{}, &rep
	}
	switch r.Method {
	case http.MethodHead:
		rt.method = http.MethodGet
	case http.MethodPatch:
		rt.method = http.MethodPut
	}
	return rt, nil
}

// parseInput decodes the JSON body of a POST, PUT or PATCH (numbers as
// json.Number). GET and DELETE bodies are ignored, as the spec advises
// clients not to rely on them. The error reply, if any, is sent only after
// authentication, so that a bad body never tells an unknown caller anything.
func parseInput(r *http.Request, raw []byte, unreadable bool) (map[string]any, *reply) {
	switch r.Method {
	case http.MethodPost, http.MethodPut, http.MethodPatch:
	default:
		return nil, nil
	}
	fail := func(status int, msg string) (map[string]any, *reply) {
		rep := laravel(status, msg)
		return map[string]any{}, &rep
	}
	if unreadable {
		return fail(http.StatusRequestEntityTooLarge, fmt.Sprintf("The request body is too large (over %d bytes).", maxBody))
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]any{}, nil
	}
	if !isJSON(r.Header.Get("Content-Type")) {
		return fail(http.StatusUnsupportedMediaType, "Send the request body as JSON with Content-Type: application/json.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return fail(http.StatusBadRequest, "The request body is not valid JSON.")
	}
	in, isObject := v.(map[string]any)
	if !isObject {
		return fail(http.StatusBadRequest, "The request body must be a JSON object.")
	}
	return in, nil
}

func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}

// presentedKey is the API key the request carries: X-API-Key, else
// X-Client-Api-Key, else api_key in the body (POST/PUT/PATCH only).
func presentedKey(r *http.Request, in map[string]any) string {
	for _, h := range []string{"X-API-Key", "X-Client-Api-Key"} {
		if k := strings.TrimSpace(r.Header.Get(h)); k != "" {
			return k
		}
	}
	k, _ := in["api_key"].(string)
	return strings.TrimSpace(k)
}
