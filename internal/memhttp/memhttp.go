// Package memhttp serves an http.Handler to an http.Client in memory. Tests
// use it to run client and server inside a testing/synctest bubble, where a
// goroutine blocked on a socket never counts as waiting, so synctest.Wait
// and the bubble's fake clock work only without one.
package memhttp

import (
	"net/http"
	"net/http/httptest"
)

// Transport answers each request by running Handler in the caller's
// goroutine and recording its answer.
type Transport struct{ Handler http.Handler }

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(r *http.Request) (*http.Response, error) {
	w := httptest.NewRecorder()
	t.Handler.ServeHTTP(w, r)
	return w.Result(), nil
}

// Client is an http.Client whose requests h answers in memory.
func Client(h http.Handler) *http.Client {
	return &http.Client{Transport: Transport{h}}
}
