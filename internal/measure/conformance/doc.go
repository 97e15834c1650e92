// Package conformance measures cccgen on a corpus of API reference pages: for
// every page, whether it parses, generates, compiles (and vets), whether its
// generated tests pass, and how closely its response structure matches the
// structure of Alibaba Cloud's official SDKs (the truth files scored by
// internal/measure/truthscore).
//
// Run generates every product's first copies of its pages into one package
// per product (as users run cccgen) and every other copy (<Action>__N.md)
// into a package of its own, writes all of them into one scratch Go module,
// and runs one `go vet ./...` and one `go test -json ./...` over it. A page
// that breaks its package's build is excluded and the package regenerated
// without it, so one bad page does not sink its product.
package conformance
