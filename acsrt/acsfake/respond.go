package acsfake

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

const (
	xmlDecl         = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"
	jsonContentType = "application/json;charset=utf-8"
	xmlContentType  = "text/xml;charset=utf-8"
)

// fail answers an error object in the format the request asked for:
// {"RequestId","HostId","Code","Message"} or
// <Error><RequestId/><HostId/><Code/><Message/></Error>.
func (c *call) fail(status int, code, msg string) {
	if c.sls {
		c.slsFail(status, code, msg)
		return
	}
	host := c.r.Host
	if c.xml {
		var b bytes.Buffer
		b.WriteString(xmlDecl)
		b.WriteString("<Error>")
		for _, kv := range [][2]string{{"RequestId", c.rid}, {"HostId", host}, {"Code", code}, {"Message", msg}} {
			element(&b, kv[0], kv[1])
		}
		b.WriteString("</Error>")
		c.write(status, xmlContentType, b.Bytes(), code)
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(struct {
		RequestId, HostId, Code, Message string
	}{c.rid, host, code, msg})
	c.write(status, jsonContentType, bytes.TrimSpace(b.Bytes()), code)
}

// succeed answers the API's example with status 200.
func (c *call) succeed(a *api) {
	if c.xml {
		doc := a.xmlDoc
		if doc == "" {
			var b bytes.Buffer
			b.WriteString(xmlDecl + "<" + a.Action + "Response>")
			element(&b, "RequestId", c.rid)
			b.WriteString("</" + a.Action + "Response>")
			doc = b.String()
		}
		c.write(http.StatusOK, xmlContentType, []byte(doc), "")
		return
	}
	body := strings.TrimSpace(a.JSON)
	if body == "" {
		body = `{"RequestId":"` + c.rid + `"}`
	}
	c.write(http.StatusOK, jsonContentType, []byte(body), "")
}

func (c *call) write(status int, contentType string, body []byte, code string) {
	w := c.w
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	if w != c.w {
		// The official check refused the answer and wrote its own (c.w is
		// the plain writer again): this body would overrun that answer's
		// Content-Length, and net/http would drop the connection.
		return
	}
	_, _ = w.Write(body)
	c.answered(status, code)
}

func element(b *bytes.Buffer, name, text string) {
	b.WriteString("<" + name + ">")
	_ = xml.EscapeText(b, []byte(text))
	b.WriteString("</" + name + ">")
}

// newRequestID is a random upper-case UUID, as the service's RequestIds look.
func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%X-%X-%X-%X-%X", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// xmlDocument is the XML success body: the example with any XML
// declaration replaced by the fake's, wrapped in <ActionResponse> when it
// has no root element. The result must be one well-formed element.
func xmlDocument(action, example string, rooted bool) (string, error) {
	x := strings.TrimSpace(example)
	if strings.HasPrefix(x, "<?xml") {
		i := strings.Index(x, "?>")
		if i < 0 {
			return "", errors.New("unterminated XML declaration")
		}
		x = strings.TrimSpace(x[i+2:])
	}
	if !rooted {
		x = "<" + action + "Response>" + x + "</" + action + "Response>"
	}
	if err := oneElement(x); err != nil {
		return "", err
	}
	return xmlDecl + x, nil
}

// oneElement checks that x is a single well-formed element.
func oneElement(x string) error {
	dec := xml.NewDecoder(strings.NewReader(x))
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return errors.New("text outside the root element")
			}
		}
	}
	if roots != 1 {
		return fmt.Errorf("%d root elements, want 1 (is XMLRooted right?)", roots)
	}
	return nil
}

var reXMLName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

// jsonToXML converts a JSON example object to the XML the service would
// send: <ActionResponse>, a member k as <k>…</k>, an array member k as
// repeated <k> elements, null as an empty element. It fails on a key that
// is not an XML name.
func jsonToXML(action, j string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(j))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	if tok != json.Delim('{') {
		return "", errors.New("the JSON example is not an object")
	}
	var b bytes.Buffer
	root := action + "Response"
	b.WriteString(xmlDecl + "<" + root + ">")
	if err := xmlMembers(&b, dec); err != nil {
		return "", err
	}
	b.WriteString("</" + root + ">")
	return b.String(), nil
}

// xmlMembers writes the members of an object whose '{' was read, and reads its '}'.
func xmlMembers(b *bytes.Buffer, dec *json.Decoder) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if !reXMLName.MatchString(key) {
			return fmt.Errorf("key %q is not an XML name", key)
		}
		if err := xmlValue(b, dec, key); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// xmlValue writes the next value as element(s) named name.
func xmlValue(b *bytes.Buffer, dec *json.Decoder, name string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			b.WriteString("<" + name + ">")
			if err := xmlMembers(b, dec); err != nil {
				return err
			}
			b.WriteString("</" + name + ">")
			return nil
		}
		for dec.More() { // '[': one element per item
			if err := xmlValue(b, dec, name); err != nil {
				return err
			}
		}
		_, err := dec.Token()
		return err
	case string:
		element(b, name, t)
	case json.Number:
		element(b, name, t.String())
	case bool:
		element(b, name, strconv.FormatBool(t))
	case nil:
		element(b, name, "")
	}
	return nil
}
