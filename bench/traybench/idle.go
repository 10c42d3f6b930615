package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// rest is what a process costs while it sits idle: context switches a
// second over all its threads (each one a wake-up of some thread) and CPU
// in percent of one core, both over one sampling window.
type rest struct {
	wakeups float64
	cpu     float64
}

// sample reads pid's rest over window: the sum of voluntary and
// nonvoluntary context switches of every thread in /proc/PID/task, and
// utime+stime from /proc/PID/stat, before and after.
func sample(pid int, window time.Duration) (rest, error) {
	s0, c0, err := counters(pid)
	if err != nil {
		return rest{}, err
	}
	began := time.Now()
	time.Sleep(window)
	s1, c1, err := counters(pid)
	if err != nil {
		return rest{}, err
	}
	secs := time.Since(began).Seconds()
	// The kernel counts CPU in clock ticks of 1/100 s (USER_HZ on Linux).
	return rest{wakeups: float64(s1-s0) / secs, cpu: float64(c1-c0) / secs}, nil
}

// counters returns pid's context switches (all threads) and CPU ticks.
// A thread that ends between listing and reading is skipped: it no longer
// costs anything.
func counters(pid int) (switches, ticks int, err error) {
	tasks, err := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/status", pid))
	if err != nil || len(tasks) == 0 {
		return 0, 0, fmt.Errorf("no threads of %d: %w", pid, err)
	}
	for _, t := range tasks {
		data, err := os.ReadFile(t)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) == 2 && strings.HasSuffix(f[0], "ctxt_switches:") {
				n, _ := strconv.Atoi(f[1])
				switches += n
			}
		}
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, err
	}
	// Fields after the command's closing parenthesis: utime and stime
	// are the 12th and 13th of them.
	f := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(f) < 13 {
		return 0, 0, errors.New("short /proc/PID/stat")
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return switches, u + s, nil
}

// panelTitle is app/ui/panel.Title (as the e2e tests spell it).
const panelTitle = "utec-tray quick panel"

// activateToPanel sends the tray item an Activate, as a panel does on a
// left click, and returns the time until the quick panel's window is
// mapped on the X server (xdotool, polled every 5 ms), then hides it again.
func activateToPanel(ctx context.Context, conn *dbus.Conn, item string) (time.Duration, error) {
	clicked := time.Now()
	if err := dbustest.Activate(conn, item, 1200, 10); err != nil {
		return 0, err
	}
	for !panelMapped(ctx) {
		if ctx.Err() != nil || time.Since(clicked) > 10*time.Second {
			return 0, errors.New("the quick panel never mapped after Activate")
		}
		time.Sleep(5 * time.Millisecond)
	}
	mapped := time.Since(clicked)
	if err := dbustest.Activate(conn, item, 1200, 10); err != nil {
		return 0, err
	}
	for panelMapped(ctx) {
		if ctx.Err() != nil || time.Since(clicked) > 20*time.Second {
			return 0, errors.New("a second Activate did not hide the quick panel")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return mapped, nil
}

// panelMapped reports whether a window titled panelTitle is mapped.
func panelMapped(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "xdotool", "search", "--onlyvisible", "--name", "^"+panelTitle+"$").Output()
	return err == nil && strings.TrimSpace(string(out)) != ""
}

// bareFigures are one run's measurements of the bare tray.
type bareFigures struct {
	start time.Duration // process start to its item on the bus
	rest  rest
	rssKB int
}

// measureBare runs the bare Fyne tray (bench/baretray), waits for its
// item on the bus, lets it idle and samples it.
func measureBare(conn *dbus.Conn, bin string, idle, window time.Duration) (bareFigures, error) {
	var f bareFigures
	ctx, cancel := context.WithTimeout(context.Background(), idle+window+2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return f, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	if _, err := dbustest.FindTrayItemOf(ctx, conn, cmd.Process.Pid); err != nil {
		return f, fmt.Errorf("the bare tray's item: %w", err)
	}
	f.start = time.Since(began)
	time.Sleep(max(idle, restSettle))
	var err error
	if f.rest, err = sample(cmd.Process.Pid, window); err != nil {
		return f, err
	}
	f.rssKB, err = rss(cmd.Process.Pid)
	return f, err
}
