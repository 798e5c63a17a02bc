//go:build !linux

package server

import "net"

// newSocket is nc itself: raw socket calls (socket_linux.go) are for
// Linux, where vpnsql is served.
func newSocket(nc net.Conn) net.Conn { return nc }
