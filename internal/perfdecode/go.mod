module github.com/cccgen/cccgen/internal/perfdecode

go 1.26.8

require (
	github.com/aliyun/alibaba-cloud-sdk-go v1.63.107
	github.com/cccgen/cccgen v0.0.0-00010101000000-000000000000
	github.com/json-iterator/go v1.1.12
)

require (
	github.com/dave/jennifer v1.7.1 // indirect
	github.com/google/go-cmp v0.7.0 // indirect
	github.com/jmespath/go-jmespath v0.4.0 // indirect
	github.com/modern-go/concurrent v0.0.0-20180306012644-bacd9c7ef1dd // indirect
	github.com/modern-go/reflect2 v1.0.2 // indirect
	github.com/opentracing/opentracing-go v1.2.1-0.20220228012449-10b1cf09e00b // indirect
	github.com/yuin/goldmark v1.8.7 // indirect
	gopkg.in/ini.v1 v1.67.0 // indirect
)

replace github.com/cccgen/cccgen => ../..

tool github.com/cccgen/cccgen/cmd/cccgen
