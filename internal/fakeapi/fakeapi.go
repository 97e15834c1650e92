// Package fakeapi is the one description of the API a page gives the fake
// service (acsrt/acsfake): the generated client tests emit it as a literal
// (templates) and fakepages serves it, so the two cannot drift apart.
package fakeapi

import (
	"github.com/cccgen/cccgen/acsrt/acsfake"
	"github.com/cccgen/cccgen/spec"
)

// Of is the API of a resolved page whose top-level request parameters are
// params: product, version, action and style as the page names them (the
// parser always sets the style); for ROA and SLS the method and the path
// template (resolve.Page gives GET and / to a page naming none); the wire names
// of the required parameters; the page's first JSON and XML response
// examples, canonical, and whether the XML one has its root element. An
// RPC API takes GET and POST both, as the service does, so it has no
// method.
func Of(p *spec.Page, params []*spec.Field) acsfake.API {
	a := acsfake.API{
		Product:   p.Product,
		Version:   p.Version,
		Action:    p.Action,
		Style:     string(p.Style),
		XMLRooted: p.XMLRooted,
	}
	if p.REST() {
		a.Method, a.Path = string(p.Method), p.Path // resolve.Page sets both
	}
	for _, f := range params {
		if f.Required {
			a.Required = append(a.Required, f.Name)
		}
	}
	for _, e := range p.Examples {
		switch {
		case e.Kind == spec.JSONExample && a.JSON == "":
			a.JSON = e.Canonical
		case e.Kind == spec.XMLExample && a.XML == "":
			a.XML = e.Canonical
		}
	}
	return a
}
