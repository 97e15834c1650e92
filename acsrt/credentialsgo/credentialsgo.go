// Package credentialsgo lets acsrt clients take their credentials from
// github.com/aliyun/credentials-go: wrap a credentials.Credential with New
// and set it as acsrt.Config.CredentialsProvider. It is a module of its
// own so that acsrt (and the generated clients) do not depend on
// credentials-go.
//
//	cred, err := credentials.NewCredential(nil) // credentials-go's default chain
//	...
//	c, err := ecs.NewClient(acsrt.Config{RegionID: "cn-hangzhou", CredentialsProvider: credentialsgo.New(cred)})
package credentialsgo

import (
	"context"
	"errors"
	"sync"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/cccgen/cccgen/acsrt"
)

// Provider is an acsrt.CredentialsProvider asking a credentials-go
// Credential, which caches and refreshes its credentials itself. It is safe
// for concurrent use: the calls to the Credential are serialized, as
// credentials-go's providers are not safe for concurrent use.
type Provider struct {
	mu   sync.Mutex
	cred credentials.Credential
}

// New wraps cred.
func New(cred credentials.Credential) *Provider {
	return &Provider{cred: cred}
}

// Credentials returns cred.GetCredential(). credentials-go takes no
// context: ctx is only checked before the call. Errors are
// *acsrt.CredentialsError naming credentials-go and the credential's type;
// the text of credentials-go's own error is kept as it is.
func (p *Provider) Credentials(ctx context.Context) (acsrt.Credentials, error) {
	if err := ctx.Err(); err != nil {
		return acsrt.Credentials{}, &acsrt.CredentialsError{Source: p.source(), Err: err}
	}
	p.mu.Lock()
	m, err := p.cred.GetCredential()
	p.mu.Unlock()
	if err != nil {
		return acsrt.Credentials{}, &acsrt.CredentialsError{Source: p.source(), Err: err}
	}
	if m == nil || m.AccessKeyId == nil || m.AccessKeySecret == nil || *m.AccessKeyId == "" || *m.AccessKeySecret == "" {
		return acsrt.Credentials{}, &acsrt.CredentialsError{Source: p.source(), Err: errors.New("no AccessKeyId or AccessKeySecret")}
	}
	c := acsrt.Credentials{AccessKeyID: *m.AccessKeyId, AccessKeySecret: *m.AccessKeySecret}
	if m.SecurityToken != nil {
		c.SecurityToken = *m.SecurityToken
	}
	return c, nil
}

func (p *Provider) source() string {
	s := "credentials-go"
	if t := p.cred.GetType(); t != nil && *t != "" {
		s += " (" + *t + ")"
	}
	return s
}
