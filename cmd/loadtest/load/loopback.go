package load

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"time"
)

// CheckLoopback refuses a target that is not on this machine's loopback
// interface: the harness floods what it is pointed at, and must never reach
// a shared or production host.
func CheckLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("target %q: want http://127.0.0.1:port/...", raw)
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); ip != nil {
		if !ip.IsLoopback() {
			return fmt.Errorf("target %q is not a loopback address; the load harness only drives 127.0.0.1 or ::1", raw)
		}
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil || len(addrs) == 0 {
		return fmt.Errorf("target %q: resolving %s: %w", raw, host, err)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return fmt.Errorf("target %q resolves to %s, not loopback; the load harness only drives 127.0.0.1 or ::1", raw, a.IP)
		}
	}
	return nil
}
