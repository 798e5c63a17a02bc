package main

import (
	"context"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// onSIGHUP runs each reload each time the process receives SIGHUP, until
// ctx ends: the audit log's reopen for rotation (and whatever else reloads
// on SIGHUP: add it to the list).
func onSIGHUP(ctx context.Context, logger *slog.Logger, reloads map[string]func() error) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGHUP)
	go func() {
		defer signal.Stop(ch)
		for {
			select {
			case <-ctx.Done():
				return
			case <-ch:
				for name, reload := range reloads {
					if err := reload(); err != nil {
						logger.Error("SIGHUP: reload failed", "what", name, "err", err)
					} else {
						logger.Info("SIGHUP: reloaded", "what", name)
					}
				}
			}
		}
	}()
}
