// Package perf holds cccgen's measurements that need tools the main module
// does not depend on: validating the OpenAPI export with kin-openapi, and
// comparing generation time with oapi-codegen. It is a module of its own so
// that the main module's go.mod stays as it is.
package perf
