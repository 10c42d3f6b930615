// Command traybench measures the tray app as it ships: the time from
// process start to a populated tray menu, from a menu click to the
// Command reaching the cloud, and the idle memory. It runs the built
// binary against the fake cloud, reads and clicks the menu over D-Bus, and
// must run inside scripts/with-session.sh (an X server, a session bus and
// an unlocked Secret Service of its own).
//
//	scripts/with-session.sh go run ./bench/traybench -bin bin/utec-tray
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/godbus/dbus/v5"
	"golang.org/x/oauth2"

	"github.com/utec-tray/utec-tray/app/session/tokenstore"
	"github.com/utec-tray/utec-tray/internal/dbustest"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

func main() {
	bin := flag.String("bin", "bin/utec-tray", "the built utec-tray binary")
	runs := flag.Int("runs", 3, "runs per home size (the median is reported)")
	idle := flag.Duration("idle", 20*time.Second, "how long to let the app idle before reading its memory")
	// A minute holds one poll and two reminder checks of the app at rest:
	// a shorter window finds one or none by chance.
	window := flag.Duration("window", time.Minute, "how long to count an idle process's wake-ups and CPU")
	bare := flag.String("bare", "", "a bare Fyne tray (bench/baretray) to measure beside the app; none when empty")
	sizes := flag.String("homes", "4,40", "home sizes (devices), comma-separated")
	flag.Parse()
	abs, err := filepath.Abs(*bin)
	if err != nil {
		fail(err)
	}
	conn, err := dbus.SessionBus()
	if err != nil {
		fail(fmt.Errorf("no session bus (run inside scripts/with-session.sh): %w", err))
	}
	if _, err := dbustest.StartNotificationServer(conn); err != nil && !errors.Is(err, dbustest.ErrNameTaken) {
		fail(err)
	}
	// A desktop with a status tray: without one the app opens its
	// Settings instead, and a shown window keeps Fyne drawing at 60 Hz.
	if _, err := dbustest.StartTrayWatcher(conn); err != nil && !errors.Is(err, dbustest.ErrNameTaken) {
		fail(err)
	}
	if *bare != "" {
		var wake, cpu []float64
		var kb []int
		var starts []time.Duration
		for range *runs {
			b, err := measureBare(conn, *bare, *idle, *window)
			if err != nil {
				fail(err)
			}
			wake, cpu, kb = append(wake, b.rest.wakeups), append(cpu, b.rest.cpu), append(kb, b.rssKB)
			starts = append(starts, b.start)
		}
		fmt.Printf("bare start_to_item_ms=%d idle_wakeups_per_s=%.2f idle_cpu_pct=%.3f idle_rss_mb=%.1f runs=%d\n",
			median(starts).Milliseconds(), medianFloat(wake), medianFloat(cpu), float64(medianInt(kb))/1024, *runs)
	}
	for i, n := range homes(*sizes) {
		var starts, clicks, panels, agains []time.Duration
		var rss, restKB []int
		var wake, cpu []float64
		for range *runs {
			// The rest is sampled in the first home only: a minute a run.
			f, err := measure(conn, abs, n, *idle, *window, i == 0)
			if err != nil {
				fail(fmt.Errorf("%d devices: %w", n, err))
			}
			starts, clicks, rss = append(starts, f.start), append(clicks, f.click), append(rss, f.rssKB)
			wake, cpu, panels = append(wake, f.rest.wakeups), append(cpu, f.rest.cpu), append(panels, f.panel)
			agains, restKB = append(agains, f.panelAgain), append(restKB, f.restKB)
		}
		fmt.Printf("tray devices=%d start_to_menu_ms=%d click_to_command_ms=%d idle_rss_mb=%d rest_rss_mb=%.1f idle_wakeups_per_s=%.2f idle_cpu_pct=%.3f activate_to_panel_ms=%d activate_again_ms=%d runs=%d\n",
			n, median(starts).Milliseconds(), median(clicks).Milliseconds(), medianInt(rss)/1024, float64(medianInt(restKB))/1024,
			medianFloat(wake), medianFloat(cpu), median(panels).Milliseconds(), median(agains).Milliseconds(), *runs)
	}
}

// figures are one run's measurements of the app.
type figures struct {
	start, click time.Duration // process start to menu; click to Command
	rssKB        int           // resident memory after the command and idling
	restKB       int           // resident memory at rest, before any window
	rest         rest          // idle wake-ups and CPU
	panel        time.Duration // Activate, from idle, to the quick panel mapped
	panelAgain   time.Duration // the same, the panel built before
}

func homes(list string) []int {
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fail(fmt.Errorf("bad home size %q", f))
		}
		out = append(out, n)
	}
	return out
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "traybench:", err)
	os.Exit(1)
}

// home returns a fake home of n devices whose first is the Front Door.
func home(n int) []utectest.Device {
	sample := utectest.SampleHome()
	if n <= len(sample) {
		return sample[:n]
	}
	return append(sample, utectest.GeneratedDevices(n-len(sample))...)
}

// measure runs the app once and measures it, at rest too when atRest.
func measure(conn *dbus.Conn, bin string, n int, idle, window time.Duration, atRest bool) (figures, error) {
	var f figures
	start, click, rssKB, err := menuAndClick(conn, bin, n, idle, func(ctx context.Context, pid int, item string) error {
		var err error
		if atRest {
			time.Sleep(restSettle - settle)
			if f.rest, err = sample(pid, window); err != nil {
				return err
			}
			if f.restKB, err = rss(pid); err != nil {
				return err
			}
		}
		// The first Activate builds the panel; the second finds it built.
		if f.panel, err = activateToPanel(ctx, conn, item); err != nil {
			return err
		}
		time.Sleep(settle)
		f.panelAgain, err = activateToPanel(ctx, conn, item)
		return err
	})
	f.start, f.click, f.rssKB = start, click, rssKB
	return f, err
}

// settle is how long the app is left alone after its menu is populated
// before a click (the start's queries and renders are over).
const settle = 5 * time.Second

// restSettle is how long it is left alone before its rest is sampled:
// the start's tail is over by then (the tray icon and tooltip are sent
// again 1, 3 and 10 s after the first, for hosts that missed them, and
// the first polls and collections run), so the window holds the app as
// it sits all day, not its last seconds of starting.
const restSettle = 20 * time.Second

// menuAndClick runs the app once against a fresh cloud of n devices: the
// time to the populated menu, from a click to the Command at the cloud,
// and the memory after idling; atRest runs once the menu is populated and
// the app has settled.
func menuAndClick(conn *dbus.Conn, bin string, n int, idle time.Duration,
	atRest func(ctx context.Context, pid int, item string) error) (start, click time.Duration, rssKB int, err error) {
	cloud := utectest.New(utectest.WithDevices(home(n)))
	defer cloud.Close()
	access, refresh := cloud.IssueTokens()
	store := tokenstore.New(tokenstore.Options{})
	if err := store.SaveToken(&oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(time.Hour)}); err != nil {
		return 0, 0, 0, fmt.Errorf("keyring: %w", err)
	}
	defer store.Clear()
	cfg, err := os.MkdirTemp("", "traybench-")
	if err != nil {
		return 0, 0, 0, err
	}
	defer os.RemoveAll(cfg)

	// Long enough for a minute at rest, the clicks and the idle after.
	ctx, cancel := context.WithTimeout(context.Background(), idle+4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(os.Environ(), "UTEC_TRAY_CONFIG_DIR="+cfg, "UTEC_CLIENT_ID="+utectest.ClientID,
		"UTEC_CLIENT_SECRET="+utectest.ClientSecret, "UTEC_OAUTH_URL="+cloud.URL(), "UTEC_API_URL="+cloud.URL())
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, 0, 0, err
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()

	item, err := dbustest.FindTrayItemOf(ctx, conn, cmd.Process.Pid)
	if err != nil {
		return 0, 0, 0, err
	}
	label := func(prefix string) func(string) bool {
		return func(l string) bool { return strings.HasPrefix(l, prefix) }
	}
	if _, err := dbustest.WaitForItem(ctx, conn, item, label("Front Door: Locked")); err != nil {
		root, _ := dbustest.Layout(conn, item)
		var labels []string
		for _, c := range root.Children {
			labels = append(labels, c.Label)
		}
		return 0, 0, 0, fmt.Errorf("menu never showed the Front Door (menu: %q): %w", labels, err)
	}
	start = time.Since(began)
	// At rest before any click: a command makes the poller ask every few
	// seconds for a while, which is not what the app costs all day.
	time.Sleep(settle)
	if err := atRest(ctx, cmd.Process.Pid, item); err != nil {
		return 0, 0, 0, err
	}

	cloud.SetState(utectest.FrontDoorID, "st.lock", "lockState", "unlocked")
	refreshItem, err := dbustest.WaitForItem(ctx, conn, item, label("Refresh now"))
	if err != nil {
		return 0, 0, 0, err
	}
	if err := dbustest.Click(conn, item, refreshItem.ID); err != nil {
		return 0, 0, 0, err
	}
	if _, err := dbustest.WaitForItem(ctx, conn, item, label("Front Door: Unlocked")); err != nil {
		return 0, 0, 0, err
	}
	root, err := dbustest.Layout(conn, item)
	if err != nil {
		return 0, 0, 0, err
	}
	// The one-click "Lock Front Door" a person uses while it is unlocked.
	lock, ok := root.Find(func(l string) bool { return l == "Lock Front Door" })
	if !ok {
		return 0, 0, 0, errors.New(`no "Lock Front Door" item`)
	}
	cloud.ResetRequests()
	clicked := time.Now()
	if err := dbustest.Click(conn, item, lock.ID); err != nil {
		return 0, 0, 0, err
	}
	for cloud.Stats().Calls["Uhome.Device/Command"] == 0 {
		if time.Since(clicked) > 10*time.Second {
			return 0, 0, 0, errors.New("the Command never reached the cloud")
		}
		time.Sleep(time.Millisecond)
	}
	click = time.Since(clicked)

	time.Sleep(idle)
	rssKB, err = rss(cmd.Process.Pid)
	return start, click, rssKB, err
}

// rss reads a process's resident memory in KiB from /proc.
func rss(pid int) (int, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			return strconv.Atoi(f[1])
		}
	}
	return 0, errors.New("no VmRSS")
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func medianFloat(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func medianInt(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[len(s)/2]
}
