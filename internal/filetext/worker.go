package filetext

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// PDF workers. The fast compilation of the engine (see pdf.go) cannot be
// stopped inside a call; a process can. A program that calls
// ServeIfWorker first thing — govaudit does, and the tests of the packages
// that read PDFs — reads PDFs in worker processes: the same executable
// started again, reading PDFs from its stdin with the fast compilation,
// and writing each page's text as soon as it is laid out. At the budget
// the worker is killed (the pages received are kept) and a new one is
// started for the next PDF. A PDF costs a third to a sixth of what it
// costs in-process, with the abortable compilation.
//
// Protocol, little-endian: a request is max (uint32), the PDF's length
// (uint32) and its bytes; the answer is frames of a kind byte, a length
// (uint32) and a payload: 'P' a page's text, 'E' an error (a kind byte,
// then the message), 'D' done. A worker starts by sending 'R' (ready) once
// its engine is loaded.

const workerEnv = "GOVAUDIT_PDF_WORKER"

// workersOK says the executable serves as a worker (ServeIfWorker was
// called).
var workersOK atomic.Bool

// ServeIfWorker makes this process a PDF worker, and never returns, when
// it was started as one; otherwise it lets PDF use worker processes
// started from this executable, and returns.
func ServeIfWorker() {
	if os.Getenv(workerEnv) != "1" {
		workersOK.Store(true)
		return
	}
	os.Exit(serveWorker(os.Stdin, os.Stdout))
}

// Error kinds in an 'E' frame.
const (
	errKindEncrypted  = 'c'
	errKindUnreadable = 'u'
	errKindOther      = 'x'
)

// serveWorker answers requests until its input ends.
func serveWorker(in io.Reader, out io.Writer) int {
	p, err := newPoolOf(false)
	if err != nil {
		return 3 // the parent reads EOF: ErrPDFEngine
	}
	defer p.Close()
	inst, err := p.GetInstance(pdfWait)
	if err != nil {
		return 3
	}
	r, w := bufio.NewReaderSize(in, 64<<10), bufio.NewWriterSize(out, 64<<10)
	// Ready: the engine is loaded, so no PDF's budget pays for it.
	if writeFrame(w, 'R', nil) != nil || w.Flush() != nil {
		return 0
	}
	var head [8]byte
	for {
		if _, err := io.ReadFull(r, head[:]); err != nil {
			return 0
		}
		limit, size := binary.LittleEndian.Uint32(head[:4]), binary.LittleEndian.Uint32(head[4:])
		if int64(size) > int64(PDFMaxSize) {
			return 3
		}
		data := make([]byte, size)
		if _, err := io.ReadFull(r, data); err != nil {
			return 0
		}
		var werr error
		// No budget here: the parent kills the process at it.
		_, err := readPDF(inst, data, int(limit), func(page string) {
			if werr == nil {
				werr = writeFrame(w, 'P', []byte(page))
			}
			if werr == nil {
				werr = w.Flush()
			}
		})
		if err != nil {
			kind := byte(errKindOther)
			switch {
			case errors.Is(err, ErrPDFEncrypted):
				kind = errKindEncrypted
			case errors.Is(err, ErrPDFUnreadable):
				kind = errKindUnreadable
			}
			werr = errors.Join(werr, writeFrame(w, 'E', append([]byte{kind}, err.Error()...)))
		}
		werr = errors.Join(werr, writeFrame(w, 'D', nil), w.Flush())
		if werr != nil {
			return 0
		}
	}
}

func writeFrame(w io.Writer, kind byte, payload []byte) error {
	var head [5]byte
	head[0] = kind
	binary.LittleEndian.PutUint32(head[1:], uint32(len(payload)))
	if _, err := w.Write(head[:]); err != nil {
		return err
	}
	_, err := w.Write(payload)
	return err
}

// A worker is a worker process.
type worker struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	born int // workers.generation when started
}

var workers struct {
	mu         sync.Mutex
	idle       []*worker
	generation int // ClosePDF's count: older workers are not kept
	slots      chan struct{}
}

func init() { workers.slots = make(chan struct{}, pdfWorkers) }

// startWorker starts this executable as a worker.
func startWorker() (*worker, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), workerEnv+"=1")
	detach(cmd)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	workers.mu.Lock()
	born := workers.generation
	workers.mu.Unlock()
	w := &worker{cmd: cmd, in: in, out: bufio.NewReaderSize(out, 64<<10), born: born}
	// Wait for its engine (compiled on a machine's first PDF, a few
	// seconds; loaded from the cache later). A worker that cannot load it
	// exits.
	var fh [5]byte
	if _, err := io.ReadFull(w.out, fh[:]); err != nil || fh[0] != 'R' {
		w.stop(true)
		return nil, fmt.Errorf("PDF 解析进程未能启动（%v）", err)
	}
	return w, nil
}

// stop ends a worker: kill says not to wait for it to finish.
func (w *worker) stop(kill bool) {
	if kill {
		w.cmd.Process.Kill()
	}
	w.in.Close()
	w.cmd.Wait()
}

// getWorker waits for a slot and returns an idle worker or a new one.
func getWorker(ctx context.Context) (*worker, error) {
	select {
	case workers.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	workers.mu.Lock()
	if n := len(workers.idle); n > 0 {
		w := workers.idle[n-1]
		workers.idle = workers.idle[:n-1]
		workers.mu.Unlock()
		return w, nil
	}
	workers.mu.Unlock()
	w, err := startWorker()
	if err != nil {
		<-workers.slots
		return nil, fmt.Errorf("%w: %v", errNoWorker, err)
	}
	return w, nil
}

// putWorker gives a slot back, and the worker if it can serve again.
func putWorker(w *worker, healthy bool) {
	defer func() { <-workers.slots }()
	workers.mu.Lock()
	keep := healthy && w.born == workers.generation
	if keep {
		workers.idle = append(workers.idle, w)
	}
	workers.mu.Unlock()
	if !keep {
		w.stop(!healthy)
	}
}

// closeWorkers stops the idle workers; busy ones stop when they are done.
func closeWorkers() {
	workers.mu.Lock()
	idle := workers.idle
	workers.idle = nil
	workers.generation++
	workers.mu.Unlock()
	for _, w := range idle {
		w.stop(false)
	}
}

// errNoWorker says no worker process could be started.
var errNoWorker = errors.New("no PDF worker")

// pdfInWorker is PDF in a worker process.
func pdfInWorker(ctx context.Context, data []byte, max int) (string, error) {
	wait, cancel := context.WithTimeout(ctx, pdfWait)
	w, err := getWorker(wait)
	cancel()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if errors.Is(err, errNoWorker) {
			return "", err
		}
		return "", fmt.Errorf("%w: %s", ErrPDFEngine, short(err))
	}
	type result struct {
		err  error // the worker's answer
		lost bool  // the worker died or the pipe broke
	}
	var (
		mu   sync.Mutex
		text strings.Builder
	)
	done := make(chan result, 1)
	go func() {
		var head [8]byte
		binary.LittleEndian.PutUint32(head[:4], uint32(min(max, 1<<31)))
		binary.LittleEndian.PutUint32(head[4:], uint32(len(data)))
		if _, err := w.in.Write(head[:]); err != nil {
			done <- result{lost: true}
			return
		}
		if _, err := w.in.Write(data); err != nil {
			done <- result{lost: true}
			return
		}
		var fh [5]byte
		var answer error
		for {
			if _, err := io.ReadFull(w.out, fh[:]); err != nil {
				done <- result{lost: true, err: answer}
				return
			}
			n := binary.LittleEndian.Uint32(fh[1:])
			if int64(n) > int64(max)+64<<10 { // no page is longer than the whole text
				done <- result{lost: true, err: answer}
				return
			}
			payload := make([]byte, n)
			if _, err := io.ReadFull(w.out, payload); err != nil {
				done <- result{lost: true, err: answer}
				return
			}
			switch fh[0] {
			case 'P':
				mu.Lock()
				text.Write(payload)
				mu.Unlock()
			case 'E':
				answer = workerError(payload)
			case 'D':
				done <- result{err: answer}
				return
			}
		}
	}()
	partial := func() string {
		mu.Lock()
		defer mu.Unlock()
		return text.String()
	}
	budget := time.NewTimer(PDFTimeout)
	defer budget.Stop()
	select {
	case r := <-done:
		// After an error the engine's memory may be in any state (a
		// trap, an allocation that failed): the worker is not reused,
		// as in-process the instance is not.
		putWorker(w, !r.lost && r.err == nil)
		switch {
		case r.err != nil:
			return partial(), r.err
		case r.lost:
			// Killed by the system (memory), or it crashed: the
			// pages it gave are kept.
			return partial(), fmt.Errorf("%w: PDF 解析进程意外退出", ErrPDFUnreadable)
		}
		return partial(), nil
	case <-budget.C:
		err = fmt.Errorf("%w（超过 %s，已放弃）", ErrPDFTimeout, PDFTimeout)
	case <-ctx.Done():
		err = ctx.Err()
	}
	w.cmd.Process.Kill()
	<-done // the pipe ends with the process
	putWorker(w, false)
	return partial(), err
}

// workerError is the error an 'E' frame carries.
func workerError(payload []byte) error {
	if len(payload) == 0 {
		return ErrPDFUnreadable
	}
	msg := string(payload[1:])
	switch payload[0] {
	case errKindEncrypted:
		return ErrPDFEncrypted
	case errKindUnreadable:
		return fmt.Errorf("%w: %s", ErrPDFUnreadable, strings.TrimPrefix(strings.TrimPrefix(msg, ErrPDFUnreadable.Error()), ": "))
	}
	return errors.New(msg)
}
