//go:build linux

package server

import (
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"unsafe"
)

// socket is a client's TCP connection read and written with raw system
// calls, which keep the goroutine's P. net.Conn's calls give the P up for
// the call's length, and the runtime's sysmon hands it to another thread
// when a call outlasts its 20 µs tick while other work waits: a loopback
// write, which carries the answer into the client's socket and wakes the
// client, often does. Each hand-off wakes threads and sets sysmon polling
// every 20 µs again, on cores that are busy (BENCHMARKS.md, fifth round).
//
// The socket is non-blocking, so no call waits: without data or room it
// returns EAGAIN and the goroutine waits in the runtime's network poller
// as with net.Conn, and deadlines, Close and errors behave as net.Conn's.
// One system call moves at most rawChunk bytes, which bounds how long the
// P is held (a stop-the-world waits for it).
type socket struct {
	*net.TCPConn
	rc syscall.RawConn

	// The state of the Read or Write in progress, read by the callbacks
	// made once in newSocket (a closure per call would be an allocation
	// per call). net.Conn allows concurrent calls: one of each at a time.
	rmu   sync.Mutex
	rbuf  []byte
	rn    int
	rerr  error
	readF func(fd uintptr) bool

	wmu    sync.Mutex
	wbuf   []byte
	wn     int
	werr   error
	writeF func(fd uintptr) bool
}

// rawChunk is the most one system call reads or writes.
const rawChunk = 256 << 10

// newSocket returns nc read and written by raw system calls when it is a
// TCP connection, else nc itself.
func newSocket(nc net.Conn) net.Conn {
	tc, ok := nc.(*net.TCPConn)
	if !ok {
		return nc
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return nc
	}
	s := &socket{TCPConn: tc, rc: rc}
	s.readF, s.writeF = s.readOnce, s.writeAll
	return s
}

func (s *socket) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s.rmu.Lock()
	defer s.rmu.Unlock()
	s.rbuf, s.rn, s.rerr = p[:min(len(p), rawChunk)], 0, nil
	err := s.rc.Read(s.readF)
	s.rbuf = nil
	if err == nil {
		err = s.rerr
	}
	return s.rn, s.opError("read", err)
}

// readOnce reads once; false asks the poller to wait for data.
func (s *socket) readOnce(fd uintptr) bool {
	for {
		n, _, e := syscall.RawSyscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&s.rbuf[0])), uintptr(len(s.rbuf)))
		switch e {
		case 0:
			if s.rn = int(n); n == 0 {
				s.rerr = io.EOF
			}
			return true
		case syscall.EAGAIN:
			return false
		case syscall.EINTR:
			continue
		}
		s.rerr = os.NewSyscallError("read", e)
		return true
	}
}

func (s *socket) Write(p []byte) (int, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	s.wbuf, s.wn, s.werr = p, 0, nil
	err := s.rc.Write(s.writeF)
	s.wbuf = nil
	if err == nil {
		err = s.werr
	}
	return s.wn, s.opError("write", err)
}

// writeAll writes until done or the socket is full; false asks the
// poller to wait for room.
func (s *socket) writeAll(fd uintptr) bool {
	for s.wn < len(s.wbuf) {
		rest := s.wbuf[s.wn:]
		n, _, e := syscall.RawSyscall(syscall.SYS_WRITE, fd, uintptr(unsafe.Pointer(&rest[0])), uintptr(min(len(rest), rawChunk)))
		switch e {
		case 0:
			s.wn += int(n)
		case syscall.EAGAIN:
			return false
		case syscall.EINTR:
		default:
			s.werr = os.NewSyscallError("write", e)
			return true
		}
	}
	return true
}

// opError gives err the form net.Conn's own Read and Write give it, so
// callers see the same errors (net.ErrClosed, timeouts, io.EOF bare).
// The raw connection's errors come as "raw-read" and "raw-write".
func (s *socket) opError(op string, err error) error {
	if err == nil || err == io.EOF {
		return err
	}
	if oe, ok := err.(*net.OpError); ok {
		oe.Op = op
		return oe
	}
	return &net.OpError{Op: op, Net: "tcp", Source: s.LocalAddr(), Addr: s.RemoteAddr(), Err: err}
}
