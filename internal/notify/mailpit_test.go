package notify_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// mailpit is a real SMTP server with an HTTP API to read back what it
// received (github.com/axllent/mailpit), run as a subprocess.
type mailpit struct {
	t        *testing.T
	bin      string
	SMTPPort int
	httpAddr string
	args     []string
	cmd      *exec.Cmd
	wait     chan error // the process's exit
	out      *syncBuffer
}

// mailpitBinary finds mailpit: $MAILPIT, then PATH, then GOPATH/bin. Without
// it the test is skipped, unless CI is set.
func mailpitBinary(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("MAILPIT"); p != "" {
		return p
	}
	if p, err := exec.LookPath("mailpit"); err == nil {
		return p
	}
	if out, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		for _, dir := range filepath.SplitList(strings.TrimSpace(string(out))) {
			p := filepath.Join(dir, "bin", "mailpit")
			if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
				return p
			}
		}
	}
	msg := "mailpit not found ($MAILPIT, PATH, $(go env GOPATH)/bin): go install github.com/axllent/mailpit@v1.33.1"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startMailpit starts mailpit on free loopback ports (the SMTP port given,
// if not 0), with its own database, and stops it at the end of the test.
func startMailpit(t *testing.T, smtpPort int, extra ...string) *mailpit {
	t.Helper()
	if smtpPort == 0 {
		smtpPort = freePort(t)
	}
	m := &mailpit{t: t, bin: mailpitBinary(t), SMTPPort: smtpPort, args: extra}
	m.start()
	t.Cleanup(m.Stop)
	return m
}

func (m *mailpit) start() {
	t := m.t
	t.Helper()
	m.httpAddr = "127.0.0.1:" + strconv.Itoa(freePort(t))
	args := append([]string{
		"--smtp", "127.0.0.1:" + strconv.Itoa(m.SMTPPort),
		"--listen", m.httpAddr,
		"--database", filepath.Join(t.TempDir(), "mailpit.db"),
		"--disable-version-check", "--smtp-disable-rdns",
	}, m.args...)
	m.out = &syncBuffer{}
	m.cmd = exec.Command(m.bin, args...)
	m.cmd.Stdout, m.cmd.Stderr = m.out, m.out
	if err := m.cmd.Start(); err != nil {
		t.Fatalf("start mailpit: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- m.cmd.Wait() }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case err := <-exited:
			m.cmd = nil
			t.Fatalf("mailpit exited at start: %v\n%s", err, m.out)
		default:
		}
		if m.ready() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("mailpit did not answer within 30 s:\n%s", m.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
	m.wait = exited // Stop waits for the process through it
}

// ready says whether both the HTTP API and the SMTP port answer.
func (m *mailpit) ready() bool {
	resp, err := http.Get("http://" + m.httpAddr + "/api/v1/messages")
	if err != nil {
		return false
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false
	}
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(m.SMTPPort), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// Stop kills mailpit and waits until it is gone (its SMTP port closed).
func (m *mailpit) Stop() {
	if m.cmd == nil {
		return
	}
	m.cmd.Process.Kill()
	<-m.wait
	m.cmd = nil
}

// Restart starts mailpit again on the same SMTP port (a new database and
// HTTP port).
func (m *mailpit) Restart() {
	m.Stop()
	m.start()
}

func (m *mailpit) get(path string, v any) []byte {
	m.t.Helper()
	resp, err := http.Get("http://" + m.httpAddr + path)
	if err != nil {
		m.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		m.t.Fatalf("GET %s: %s %v\n%s", path, resp.Status, err, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			m.t.Fatalf("GET %s: %v\n%s", path, err, b)
		}
	}
	return b
}

type mpAddress struct{ Name, Address string }

type mpSummary struct {
	ID          string
	MessageID   string
	Subject     string
	From        mpAddress
	To          []mpAddress
	Attachments int
}

type mpMessage struct {
	ID          string
	MessageID   string
	Subject     string
	From        mpAddress
	To          []mpAddress
	Date        time.Time
	Text, HTML  string
	Attachments []struct {
		PartID, FileName, ContentType string
		Size                          int
	}
}

// Messages lists what mailpit received, newest first.
func (m *mailpit) Messages() []mpSummary {
	var r struct {
		Total    int
		Messages []mpSummary
	}
	m.get("/api/v1/messages?limit=100", &r)
	if r.Total != len(r.Messages) {
		m.t.Fatalf("mailpit: total %d, listed %d", r.Total, len(r.Messages))
	}
	return r.Messages
}

func (m *mailpit) Message(id string) mpMessage {
	var msg mpMessage
	m.get("/api/v1/message/"+id, &msg)
	return msg
}

func (m *mailpit) Part(id, part string) []byte {
	return m.get(fmt.Sprintf("/api/v1/message/%s/part/%s", id, part), nil)
}

func (m *mailpit) Raw(id string) []byte {
	return m.get("/api/v1/message/"+id+"/raw", nil)
}
