package filetext

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// idleWorkers are the worker processes kept for the next PDF.
func idleWorkers() []*worker {
	workers.mu.Lock()
	defer workers.mu.Unlock()
	return append([]*worker(nil), workers.idle...)
}

// Worker processes and this process read the same text, and the worker is
// kept for the next PDF.
func TestWorkerReadsAsThisProcess(t *testing.T) {
	ClosePDF()
	files := map[string][]byte{
		"libreoffice": readFixture(t, "mingdan-libreoffice.pdf"),
		"helvetica":   textPDF("/Font"),
		"two pages":   twoPagePDF("13812345678 on page one", 2),
	}
	for name, data := range files {
		viaWorker, err := PDF(context.Background(), data, 1<<20)
		if err != nil || strings.TrimSpace(viaWorker) == "" {
			t.Fatalf("%s via a worker: %q, %v", name, viaWorker, err)
		}
		workersOK.Store(false)
		here, err := PDF(context.Background(), data, 1<<20)
		workersOK.Store(true)
		if err != nil || here != viaWorker {
			t.Errorf("%s: in a worker\n%q\nhere (%v)\n%q", name, viaWorker, err, here)
		}
	}
	idle := idleWorkers()
	if len(idle) == 0 {
		t.Fatal("no worker kept: were the PDFs read in a worker at all?")
	}
	for _, w := range idle {
		if w.cmd.ProcessState != nil {
			t.Errorf("an idle worker has exited: %v", w.cmd.ProcessState)
		}
	}
	// ClosePDF stops them.
	ClosePDF()
	if n := len(idleWorkers()); n != 0 {
		t.Errorf("%d workers kept after ClosePDF", n)
	}
	for _, w := range idle {
		if w.cmd.ProcessState == nil || !w.cmd.ProcessState.Exited() {
			t.Errorf("worker %d still running after ClosePDF", w.cmd.Process.Pid)
		}
	}
}

// A worker that died while idle (the system killed it) costs one PDF an
// "unreadable" error, is dropped, and the next PDF gets a new one.
func TestWorkerDeadIsReplaced(t *testing.T) {
	data := readFixture(t, "mingdan-libreoffice.pdf")
	if _, err := PDF(context.Background(), data, 1<<20); err != nil {
		t.Fatal(err)
	}
	for _, w := range idleWorkers() {
		w.cmd.Process.Kill()
		w.cmd.Process.Wait()
	}
	dead := len(idleWorkers())
	var failed int
	for range dead {
		if _, err := PDF(context.Background(), data, 1<<20); err != nil {
			if !errors.Is(err, ErrPDFUnreadable) {
				t.Errorf("dead worker: %v, want ErrPDFUnreadable", err)
			}
			failed++
		}
	}
	if failed != dead {
		t.Errorf("%d of %d dead workers gave an error", failed, dead)
	}
	if text, err := PDF(context.Background(), data, 1<<20); err != nil || !strings.Contains(text, "13812345678") {
		t.Errorf("after the dead workers: %v %.60q", err, text)
	}
}

// At the budget the worker is killed: the pages it sent are kept, and the
// next PDF is read by a new worker.
func TestWorkerKilledAtTheBudget(t *testing.T) {
	warmWorker(t)
	setPDFTimeout(t, time.Second)
	before := idleWorkers()
	start := time.Now()
	text, err := PDF(context.Background(), twoPagePDF("13812345678 on page one", 40), 1<<20)
	if !errors.Is(err, ErrPDFTimeout) || !strings.Contains(text, "13812345678 on page one") {
		t.Errorf("%q, %v; want page one and ErrPDFTimeout", text, err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("took %v for a budget of 1s", took)
	}
	killed := 0
	for _, w := range before {
		if w.cmd.ProcessState != nil {
			killed++
		}
	}
	if killed != 1 {
		t.Errorf("%d workers ended, want the one that overran", killed)
	}
	if text, err := PDF(context.Background(), readFixture(t, "mingdan-libreoffice.pdf"), 1<<20); err != nil || !strings.Contains(text, "13812345678") {
		t.Errorf("after a killed worker: %v %.60q", err, text)
	}
}

// warmWorker starts the workers and lets them load the engine.
func warmWorker(t *testing.T) {
	t.Helper()
	data := readFixture(t, "mingdan-libreoffice.pdf")
	done := make(chan struct{})
	for range pdfWorkers {
		go func() {
			defer func() { done <- struct{}{} }()
			if _, err := PDF(context.Background(), data, 1<<20); err != nil {
				t.Error(err)
			}
		}()
	}
	for range pdfWorkers {
		<-done
	}
}

// A worker that answered with an error is not reused.
func TestWorkerNotReusedAfterAnError(t *testing.T) {
	ClosePDF()
	if _, err := PDF(context.Background(), []byte("%PDF-1.4\ngarbage"), 1<<20); !errors.Is(err, ErrPDFUnreadable) {
		t.Fatalf("garbage: %v, want ErrPDFUnreadable", err)
	}
	if n := len(idleWorkers()); n != 0 {
		t.Errorf("%d workers kept after an unreadable PDF, want 0", n)
	}
	if _, err := PDF(context.Background(), readFixture(t, "mingdan-libreoffice.pdf"), 1<<20); err != nil {
		t.Fatal(err)
	}
	if n := len(idleWorkers()); n != 1 {
		t.Errorf("%d workers kept after a good PDF, want 1", n)
	}
}
