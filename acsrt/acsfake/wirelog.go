package acsfake

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
)

// EnvWireLog names a directory: when it is set, every request a fake
// receives is appended, as one JSON line (a WireRecord), to
// wire-<pid>.jsonl there. The conformance run uses it to score what
// generated clients put on the wire against the official SDKs' structure.
const EnvWireLog = "ACSFAKE_WIRE_LOG"

// WireRecord is one request as received, for EnvWireLog.
type WireRecord struct {
	Dir        string              `json:"dir"` // the working directory of the process (a test's package directory)
	Action     string              `json:"action"`
	Style      string              `json:"style"`
	Method     string              `json:"method"`
	Path       string              `json:"path"`
	PathParams map[string]string   `json:"pathParams,omitempty"`
	Query      map[string][]string `json:"query,omitempty"`  // the URL's query
	Params     map[string][]string `json:"params,omitempty"` // RPC: query and form parameters
	Header     map[string][]string `json:"header,omitempty"`
	Body       string              `json:"body,omitempty"`
}

var wireLog struct {
	once sync.Once
	mu   sync.Mutex
	f    *os.File
	dir  string
}

// logWire appends req to the wire log when EnvWireLog is set.
func logWire(req Request, rawQuery map[string][]string) {
	wireLog.once.Do(func() {
		dir := os.Getenv(EnvWireLog)
		if dir == "" {
			return
		}
		f, err := os.OpenFile(filepath.Join(dir, fmt.Sprintf("wire-%d.jsonl", os.Getpid())), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
		if err != nil {
			fmt.Fprintf(os.Stderr, "acsfake: %s: %v\n", EnvWireLog, err)
			return
		}
		wireLog.f = f
		wireLog.dir, _ = os.Getwd()
	})
	if wireLog.f == nil {
		return
	}
	rec := WireRecord{Dir: wireLog.dir, Action: req.Action, Style: req.Style, Method: req.Method, Path: req.Path,
		PathParams: req.PathParams, Query: rawQuery, Header: req.Header, Body: string(req.Body)}
	if req.Style == "RPC" {
		rec.Params = req.Params
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return
	}
	wireLog.mu.Lock()
	defer wireLog.mu.Unlock()
	_, _ = wireLog.f.Write(append(line, '\n'))
}
