// A module of its own, so the Huawei Cloud SDK is a dependency of this test
// only, never of bssgraph: run it with `cd upstream/sandbox/sdktest && go test ./...`.
module bssgraph/upstream/sandbox/sdktest

go 1.26.0

require (
	bssgraph v0.0.0
	github.com/huaweicloud/huaweicloud-sdk-go-v3 v0.1.215
)

require (
	github.com/goccy/go-yaml v1.19.2 // indirect
	github.com/json-iterator/go v1.1.13-0.20220915233716-71ac16282d12 // indirect
	github.com/mattn/go-colorable v0.1.16 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/rs/zerolog v1.35.1 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/tjfoc/gmsm v1.4.1 // indirect
	go.mongodb.org/mongo-driver v1.13.1 // indirect
	golang.org/x/sys v0.49.0 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)

replace bssgraph => ../../..
