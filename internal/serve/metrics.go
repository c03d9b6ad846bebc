package serve

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// The metrics a server serves at /metrics of metrics_addr. Each is read
// from the server's own state when scraped: nothing is counted twice, and
// nothing runs between scrapes.
var (
	sessionsDesc = prometheus.NewDesc("tweakdash_serve_sessions",
		"Dashboard sessions open, by user.", []string{"user"}, nil)
	refusedDesc = prometheus.NewDesc("tweakdash_serve_refused_total",
		"Connections, keys and sessions refused, by reason.", []string{"reason"}, nil)
	requestsDesc = prometheus.NewDesc("tweakdash_api_requests_total",
		"Requests sent to the API, by profile and status (0: no answer came).", []string{"profile", "status"}, nil)
	limitedDesc = prometheus.NewDesc("tweakdash_api_rate_limited_total",
		"Answers of 429 Too Many Attempts from the API, by profile.", []string{"profile"}, nil)
	remainingDesc = prometheus.NewDesc("tweakdash_api_rate_remaining",
		"Requests the profile's key has left in the API's rate-limit window, as its latest answer said; every session on the profile shares them.", []string{"profile"}, nil)
	limitDesc = prometheus.NewDesc("tweakdash_api_rate_limit",
		"Requests the profile's key may make in a rate-limit window, as its latest answer said.", []string{"profile"}, nil)
)

// metrics is the Prometheus collector of a Server.
type metrics struct{ s *Server }

func (m metrics) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{sessionsDesc, refusedDesc, requestsDesc, limitedDesc, remainingDesc, limitDesc} {
		ch <- d
	}
}

func (m metrics) Collect(ch chan<- prometheus.Metric) {
	users := m.s.users.Load()
	open := map[string]int{}
	for _, name := range users.Names() {
		open[name] = 0 // a user with none is a 0, not a missing series
	}
	m.s.mu.Lock()
	for sess := range m.s.sessions {
		open[sess.user.Name]++
	}
	m.s.mu.Unlock()
	for name, n := range open {
		ch <- prometheus.MustNewConstMetric(sessionsDesc, prometheus.GaugeValue, float64(n), name)
	}
	for reason, n := range m.s.refusals.byReason() {
		ch <- prometheus.MustNewConstMetric(refusedDesc, prometheus.CounterValue, float64(n), reason)
	}
	for _, a := range users.accounts() {
		counts := a.counts.snapshot()
		for status, n := range counts {
			ch <- prometheus.MustNewConstMetric(requestsDesc, prometheus.CounterValue, float64(n), a.Profile, strconv.Itoa(status))
		}
		ch <- prometheus.MustNewConstMetric(limitedDesc, prometheus.CounterValue, float64(counts[http.StatusTooManyRequests]), a.Profile)
		if a.Client == nil {
			continue
		}
		if r := a.Client.Rate(); r.Known {
			ch <- prometheus.MustNewConstMetric(remainingDesc, prometheus.GaugeValue, float64(r.Remaining), a.Profile)
			ch <- prometheus.MustNewConstMetric(limitDesc, prometheus.GaugeValue, float64(r.Limit), a.Profile)
		}
	}
}

// metricsHandler serves s's metrics in Prometheus's text format.
func metricsHandler(s *Server) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(metrics{s})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{})
}

// metricsListeners are the HTTP servers of metrics_addr, closed with the
// SSH server.
type metricsListeners struct {
	mu      sync.Mutex
	servers []*http.Server
	closed  bool
}

// serve serves h at /metrics on l until close.
func (m *metricsListeners) serve(l net.Listener, h http.Handler) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return l.Close()
	}
	m.servers = append(m.servers, hs)
	m.mu.Unlock()
	if err := hs.Serve(l); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func (m *metricsListeners) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	for _, hs := range m.servers {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = hs.Shutdown(ctx)
		cancel()
	}
}
