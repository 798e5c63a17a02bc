package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"
)

// socketPair is a loopback TCP connection: the server's end as a socket,
// the client's as net.Conn.
func socketPair(t *testing.T) (*socket, *net.TCPConn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	nc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	s, ok := newSocket(nc).(*socket)
	if !ok {
		t.Fatalf("newSocket(%T) is not a socket", nc)
	}
	t.Cleanup(func() { s.Close(); client.Close() })
	return s, client.(*net.TCPConn)
}

func TestSocket_ReadWrite(t *testing.T) {
	s, client := socketPair(t)
	if _, err := client.Write([]byte("hello")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := s.Read(buf)
	if err != nil || string(buf[:n]) != "hello" {
		t.Fatalf("Read = %q, %v", buf[:n], err)
	}
	if n, err := s.Write([]byte("world")); n != 5 || err != nil {
		t.Fatalf("Write = %d, %v", n, err)
	}
	if _, err := io.ReadFull(client, buf[:5]); err != nil || string(buf[:5]) != "world" {
		t.Fatalf("client read %q, %v", buf[:5], err)
	}
	if n, err := s.Read(nil); n != 0 || err != nil {
		t.Fatalf("Read(nil) = %d, %v", n, err)
	}
}

// A write larger than the socket's buffer and than rawChunk waits for
// room in the poller and arrives whole, in order.
func TestSocket_LargeWrite(t *testing.T) {
	s, client := socketPair(t)
	want := make([]byte, 8<<20+123)
	for i := range want {
		want[i] = byte(i * 7)
	}
	got := make(chan []byte)
	go func() {
		time.Sleep(50 * time.Millisecond) // let the writer find the socket full
		b, _ := io.ReadAll(client)
		got <- b
	}()
	n, err := s.Write(want)
	if n != len(want) || err != nil {
		t.Fatalf("Write = %d, %v; want %d", n, err, len(want))
	}
	s.Close()
	if b := <-got; !bytes.Equal(b, want) {
		t.Fatalf("client read %d bytes, not the %d written", len(b), len(want))
	}
}

// Concurrent Writes do not interleave: each frame arrives whole.
func TestSocket_ConcurrentWrites(t *testing.T) {
	s, client := socketPair(t)
	const writers, frames, size = 4, 200, 1000
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			frame := make([]byte, size)
			for i := range frames {
				binary.BigEndian.PutUint32(frame, uint32(w))
				for j := 4; j < size; j++ {
					frame[j] = byte(w + i)
				}
				if _, err := s.Write(frame); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	go func() { wg.Wait(); s.Close() }()
	all, err := io.ReadAll(client)
	if err != nil || len(all) != writers*frames*size {
		t.Fatalf("read %d bytes, %v; want %d", len(all), err, writers*frames*size)
	}
	for off := 0; off < len(all); off += size {
		f := all[off : off+size]
		if w := binary.BigEndian.Uint32(f); w >= writers || bytes.Count(f[4:], f[4:5]) != size-4 {
			t.Fatalf("frame at %d is mixed: %v...", off, f[:8])
		}
	}
}

// Errors have net.Conn's forms: callers test them as they test net's.
func TestSocket_Errors(t *testing.T) {
	buf := make([]byte, 16)
	tests := []struct {
		name  string
		setup func(s *socket, client *net.TCPConn)
		op    func(s *socket) error
		check func(error) bool
	}{
		{"peer closed: io.EOF",
			func(_ *socket, client *net.TCPConn) { client.Close() },
			func(s *socket) error { _, err := s.Read(buf); return err },
			func(err error) bool { return err == io.EOF }},
		{"deadline: a timeout",
			func(s *socket, _ *net.TCPConn) { s.SetReadDeadline(time.Now().Add(20 * time.Millisecond)) },
			func(s *socket) error { _, err := s.Read(buf); return err },
			func(err error) bool {
				var ne net.Error
				return errors.As(err, &ne) && ne.Timeout() && errors.Is(err, os.ErrDeadlineExceeded)
			}},
		{"closed: net.ErrClosed",
			func(s *socket, _ *net.TCPConn) { s.Close() },
			func(s *socket) error { _, err := s.Write(buf); return err },
			func(err error) bool { return errors.Is(err, net.ErrClosed) }},
		{"closed while waiting for data: net.ErrClosed",
			func(s *socket, _ *net.TCPConn) { time.AfterFunc(20*time.Millisecond, func() { s.Close() }) },
			func(s *socket) error { _, err := s.Read(buf); return err },
			func(err error) bool { return errors.Is(err, net.ErrClosed) }},
		{"reset by the peer: ECONNRESET from the system call",
			func(_ *socket, client *net.TCPConn) {
				client.SetLinger(0)
				client.Close()
				time.Sleep(20 * time.Millisecond)
			},
			func(s *socket) error { _, err := s.Read(buf); return err },
			func(err error) bool {
				var se *os.SyscallError
				return errors.Is(err, syscall.ECONNRESET) && errors.As(err, &se) && se.Syscall == "read"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, client := socketPair(t)
			tt.setup(s, client)
			err := tt.op(s)
			if !tt.check(err) {
				t.Fatalf("error %#v (%v) is not of the expected form", err, err)
			}
			if oe, ok := err.(*net.OpError); ok && oe.Op != "read" && oe.Op != "write" {
				t.Errorf("op %q, want net.Conn's read or write", oe.Op)
			}
		})
	}
}

// A read and a write allocate nothing: the callbacks are made once.
func TestSocket_NoAllocations(t *testing.T) {
	s, client := socketPair(t)
	msg, buf := []byte("ping"), make([]byte, 4)
	allocs := testing.AllocsPerRun(200, func() {
		if _, err := client.Write(msg); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(s, buf); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Write(buf); err != nil {
			t.Fatal(err)
		}
		if _, err := io.ReadFull(client, buf); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("%v allocations per round trip, want 0", allocs)
	}
}
