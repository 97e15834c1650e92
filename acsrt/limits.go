package acsrt

import (
	"fmt"
	"io"
	"math"
	"net/http"
)

// Limits of the response bodies a Client reads.
const (
	// DefaultMaxResponseBytes is the largest success body read when
	// Config.MaxResponseBytes is 0.
	DefaultMaxResponseBytes = 64 << 20
	// MaxErrorBodyBytes is how much of an error (non-2xx) body is read;
	// the APIError is decoded from that much (a longer body is cut, and
	// then usually leaves Code and Message empty).
	MaxErrorBodyBytes = 64 << 10
)

// responseTooLargeError is a success body over Config.MaxResponseBytes.
type responseTooLargeError struct {
	limit, length int64 // length: the declared Content-Length, -1 when found while reading
}

func (e *responseTooLargeError) Error() string {
	if e.length >= 0 {
		return fmt.Sprintf("the response body of %d bytes (Content-Length) exceeds Config.MaxResponseBytes (%d)", e.length, e.limit)
	}
	return fmt.Sprintf("the response body exceeds Config.MaxResponseBytes (%d)", e.limit)
}

// readResponse reads resp's body within the limits: a success body up to
// c.maxBody (refused at once when its Content-Length says more, cut at
// c.maxBody+1 bytes read when it has none or lies), an error body up to
// MaxErrorBodyBytes, silently cut. The one-pass buffer of readBody is kept:
// a declared length within the limit sizes it.
func (c *Client) readResponse(resp *http.Response) ([]byte, error) {
	n := resp.ContentLength
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if n > MaxErrorBodyBytes {
			n = -1
		}
		return readBody(&io.LimitedReader{R: resp.Body, N: MaxErrorBodyBytes}, n)
	}
	if n > c.maxBody {
		return nil, &responseTooLargeError{limit: c.maxBody, length: n}
	}
	lim := c.maxBody
	if lim < math.MaxInt64 {
		lim++ // one more byte tells a body over the limit
	}
	b, err := readBody(&io.LimitedReader{R: resp.Body, N: lim}, n)
	if int64(len(b)) > c.maxBody {
		return nil, &responseTooLargeError{limit: c.maxBody, length: -1}
	}
	return b, err
}
