package netwatch

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// BenchmarkReadPrimary is the cost of one re-read, which every
// NetworkManager signal about the connection costs: the manager's, the
// active connection's and the access point's properties, from dbusmock on
// a private bus (a real NetworkManager answers faster than Python).
func BenchmarkReadPrimary(b *testing.B) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	bus, conn := dbustest.TestBus(b)
	nm, err := dbustest.StartNetworkManager(ctx, bus, conn)
	if errors.Is(err, dbustest.ErrNoDBusMock) {
		b.Skip(err)
	}
	if err != nil {
		b.Fatal(err)
	}
	defer nm.Close()
	home, err := nm.Join(ctx, "Home", homeBSSID)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		c, err := readPrimary(ctx, conn)
		if err != nil || c.UUID != home.UUID || c.BSSID != homeBSSID {
			b.Fatalf("read %+v, %v", c, err)
		}
	}
}
