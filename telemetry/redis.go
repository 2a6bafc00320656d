package telemetry

import "github.com/prometheus/client_golang/prometheus"

// WatchRedis exports bssgraph_redis_up: 1 while the replicas' shared state
// (BSSGRAPH_REDIS_URL) is in use, 0 while this replica runs on local quotas
// and caches. It exists only when Redis is configured.
func (m *Metrics) WatchRedis(up func() bool) {
	if m == nil {
		return
	}
	m.registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "bssgraph_redis_up",
		Help: "1 while Redis (state shared by replicas) is reachable, 0 while this replica falls back to local quotas and caches.",
	}, func() float64 {
		if up() {
			return 1
		}
		return 0
	}))
}
