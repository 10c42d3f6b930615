package controller

import (
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/utec-tray/utec-tray/app/config"
	"github.com/utec-tray/utec-tray/app/poller"
)

// cacheFile keeps the last known devices and states between runs, so that
// the menu is populated at once on start-up. It holds names and states,
// never a token or secret.
const cacheFile = "devices-cache.json"

type cache struct {
	Version int             `json:"version"`
	Devices []poller.Device `json:"devices"`
}

func loadCache(dir string, log *slog.Logger) []poller.Device {
	if dir == "" {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(dir, cacheFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var c cache
	if err == nil {
		err = json.Unmarshal(data, &c)
	}
	if err != nil || c.Version != 1 {
		log.Warn("ignoring the device cache", "err", err)
		return nil
	}
	return c.Devices
}

// saveCache writes the cache when the devices or states changed since the
// last write (prev is the content written then); it returns the content
// now on disk.
func saveCache(dir string, st poller.State, prev string, log *slog.Logger) string {
	if dir == "" {
		return prev
	}
	// Updated times change every poll; writing only on real changes keeps
	// the disk quiet.
	stable := make([]poller.Device, len(st.Devices))
	for i, d := range st.Devices {
		d.Status.States = nil
		stable[i] = d
	}
	key, err := json.Marshal(cacheKeyOf(stable))
	if err != nil || string(key) == prev {
		return prev
	}
	data, err := json.Marshal(cache{Version: 1, Devices: stable})
	if err == nil {
		err = config.WriteFileAtomic(filepath.Join(dir, cacheFile), data)
	}
	if err != nil {
		log.Warn("could not save the device cache", "err", err)
		return prev
	}
	return string(key)
}

// cacheKeyOf is the part of the devices whose change is worth a write.
func cacheKeyOf(devices []poller.Device) any {
	type entry struct {
		ID, Name string
		Status   any
	}
	out := make([]entry, len(devices))
	for i, d := range devices {
		out[i] = entry{d.Device.ID, d.Device.Name, d.Status}
	}
	return out
}

func removeCache(dir string) {
	if dir != "" {
		_ = os.Remove(filepath.Join(dir, cacheFile))
	}
}
