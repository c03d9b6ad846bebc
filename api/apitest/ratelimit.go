package apitest

import (
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// rateLimiter is Laravel's throttle middleware: a fixed window of one minute
// per key, opened by the first request.
type rateLimiter struct {
	mu        sync.Mutex
	perMinute int // 0: off
	windows   map[string]*rateWindow
}

type rateWindow struct {
	hits    int
	resetAt time.Time
}

func (l *rateLimiter) set(perMinute int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.perMinute, l.windows = perMinute, nil
}

// check counts the request against its key (the presented API key, or the
// client's address when there is none) and sets the throttle headers on h.
// It returns the 429 to send when the window is spent; that request is not
// processed.
func (l *rateLimiter) check(h http.Header, key string, r *http.Request, now time.Time) *reply {
	if key == "" {
		key, _, _ = net.SplitHostPort(r.RemoteAddr)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.perMinute <= 0 {
		return nil
	}
	if l.windows == nil {
		l.windows = map[string]*rateWindow{}
	}
	win := l.windows[key]
	if win == nil || !now.Before(win.resetAt) {
		win = &rateWindow{resetAt: now.Add(time.Minute)}
		l.windows[key] = win
	}
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.perMinute))
	if win.hits >= l.perMinute {
		wait := int((win.resetAt.Sub(now) + time.Second - 1) / time.Second)
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("Retry-After", strconv.Itoa(max(wait, 1)))
		h.Set("X-RateLimit-Reset", strconv.FormatInt(win.resetAt.Unix(), 10))
		rep := laravel(http.StatusTooManyRequests, "Too Many Attempts.")
		return &rep
	}
	win.hits++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(l.perMinute-win.hits))
	return nil
}
