// Package perfdecode benchmarks decoding of cccgen's generated response
// types against two references: the floor (encoding/json and encoding/xml
// into structs of plain Go types, fed the same bytes with the quotes around
// numbers removed) and the peer (the classic Alibaba Cloud Go SDK,
// github.com/aliyun/alibaba-cloud-sdk-go, decoding into its own structs).
//
// Inputs: the seed page's JSON and XML examples (testdata/seed.*, copied
// from generated/ccc), and a synthetic ListCallRecords response with 10,000
// list elements and quoted numbers mixed in, built by Synth* from the page
// testdata/ListCallRecords.md, whose generated types are in gen/synth.
//
// It is its own module so that the SDK stays out of the main go.mod.
package perfdecode

//go:generate go tool cccgen -o gen/synth -pkg synth testdata/ListCallRecords.md
