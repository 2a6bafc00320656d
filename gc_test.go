package main

import (
	"io/fs"
	"testing"
)

// TestGCDefaults: the gateway sets GOGC and a soft memory limit only where
// the operator set none, and the limit follows the container's.
func TestGCDefaults(t *testing.T) {
	t.Parallel()
	files := func(m map[string]string) func(string) ([]byte, error) {
		return func(name string) ([]byte, error) {
			if v, ok := m[name]; ok {
				return []byte(v), nil
			}
			return nil, fs.ErrNotExist
		}
	}
	const v2, v1 = "/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"
	for _, tc := range []struct {
		name  string
		env   map[string]string
		files map[string]string
		want  gcSettings
	}{
		{"no container", nil, nil, gcSettings{percent: 200}},
		{"cgroup v2 limit", nil, map[string]string{v2: "1073741824\n"}, gcSettings{percent: 200, memoryLimit: 966367641}},
		{"cgroup v2 unlimited", nil, map[string]string{v2: "max\n"}, gcSettings{percent: 200}},
		{"cgroup v1 limit", nil, map[string]string{v1: "2147483648\n"}, gcSettings{percent: 200, memoryLimit: 1932735283}},
		{"cgroup v1 unlimited", nil, map[string]string{v1: "9223372036854771712\n"}, gcSettings{percent: 200}},
		{"operator's GOGC", map[string]string{"GOGC": "off"}, map[string]string{v2: "1073741824"}, gcSettings{memoryLimit: 966367641}},
		{"operator's GOMEMLIMIT", map[string]string{"GOMEMLIMIT": "512MiB"}, map[string]string{v2: "1073741824"}, gcSettings{percent: 200}},
	} {
		if got := gcDefaults(envOf(tc.env), files(tc.files)); got != tc.want {
			t.Errorf("%s: %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
