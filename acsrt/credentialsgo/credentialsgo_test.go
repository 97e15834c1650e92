package credentialsgo

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/aliyun/credentials-go/credentials"
	"github.com/aliyun/credentials-go/credentials/providers"
	"github.com/cccgen/cccgen/acsrt"
)

func staticAK(t *testing.T) credentials.Credential {
	t.Helper()
	ak, err := providers.NewStaticAKCredentialsProviderBuilder().
		WithAccessKeyId("cg-id").
		WithAccessKeySecret("cg-secret").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return credentials.FromCredentialsProvider("access_key", ak)
}

func TestStaticAK(t *testing.T) {
	p := New(staticAK(t))
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := p.Credentials(context.Background())
			if err != nil || c != (acsrt.Credentials{AccessKeyID: "cg-id", AccessKeySecret: "cg-secret"}) {
				t.Errorf("%+v %v", c, err)
			}
		}()
	}
	wg.Wait()
}

// A client signs with the credentials-go credentials.
func TestClient(t *testing.T) {
	var id string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		id = q.Get("AccessKeyId")
		if q.Get("Signature") != acsrt.RPCSignature(r.Method, q, "cg-secret") {
			t.Error("bad signature")
		}
		io.WriteString(w, `{"RequestId":"r"}`)
	}))
	defer srv.Close()
	c, err := acsrt.NewClient(acsrt.Config{
		CredentialsProvider: New(staticAK(t)),
		Endpoint:            "http://" + srv.Listener.Addr().String(),
		SignatureVersion:    acsrt.SignatureV1,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.CallRPC(context.Background(), acsrt.RPCRequest{Product: "Ecs", Version: "2014-05-26", Action: "DescribeRegions"}, nil); err != nil {
		t.Fatal(err)
	}
	if id != "cg-id" {
		t.Errorf("AccessKeyId %q", id)
	}
}

type failing struct{ credentials.Credential }

func (failing) GetCredential() (*credentials.CredentialModel, error) {
	return nil, errors.New("refresh failed")
}

func TestError(t *testing.T) {
	_, err := New(failing{staticAK(t)}).Credentials(context.Background())
	var ce *acsrt.CredentialsError
	if !errors.As(err, &ce) || ce.Source != "credentials-go (access_key)" || !strings.Contains(err.Error(), "refresh failed") {
		t.Errorf("%v", err)
	}
}
