module github.com/cccgen/cccgen/acsrt/credentialsgo

go 1.24.0

replace github.com/cccgen/cccgen => ../..

require (
	github.com/aliyun/credentials-go v1.4.14
	github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000
)

require (
	github.com/alibabacloud-go/debug v1.0.1 // indirect
	github.com/alibabacloud-go/tea v1.5.3 // indirect
	github.com/json-iterator/go v1.1.12 // indirect
	github.com/modern-go/concurrent v0.0.0-20180228061459-e0a39a4cb421 // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	golang.org/x/net v0.26.0 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)
