package utec_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// lockedBuffer is a log destination for a client used by one test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}
func (b *lockedBuffer) String() string { b.mu.Lock(); defer b.mu.Unlock(); return b.buf.String() }

// shapeFixture is a signed-in client whose log the test reads.
func shapeFixture(t *testing.T) (*fixture, *lockedBuffer) {
	t.Helper()
	var logs lockedBuffer
	f := setup(t, nil, nil, utec.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	return f, &logs
}

// Errors the cloud gives as a bare string, at the top level or for one
// device, are errors whose code is that string; a per-device error on a
// command means the command was not accepted.
func TestErrorsAsBareStrings(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name, body string
		call       func(c *utec.Client, d utec.Device) error
		code       string
	}{
		{"Query, top level", `{"payload":{"error":"BUSY"}}`, func(c *utec.Client, d utec.Device) error {
			_, err := c.Query(ctx, []utec.Device{d})
			return err
		}, "BUSY"},
		{"Query, a number at the top level", `{"payload":{"error":503}}`, func(c *utec.Client, d utec.Device) error {
			_, err := c.Query(ctx, []utec.Device{d})
			return err
		}, "503"},
		{"Command, top level", `{"payload":{"error":"BUSY"}}`, func(c *utec.Client, d utec.Device) error {
			_, err := c.Lock(ctx, d)
			return err
		}, "BUSY"},
		{"Discovery, top level", `{"payload":{"error":"BUSY"}}`, func(c *utec.Client, _ utec.Device) error {
			_, err := c.Devices(ctx)
			return err
		}, "BUSY"},
		{"Query, one device", `{"payload":{"devices":[{"id":"` + utectest.FrontDoorID + `","error":"OOPS"}]}}`, func(c *utec.Client, d utec.Device) error {
			_, err := c.QueryOne(ctx, d)
			return err
		}, "OOPS"},
		{"Command, one device", `{"payload":{"devices":[{"id":"` + utectest.FrontDoorID + `","error":"OOPS"}]}}`, func(c *utec.Client, d utec.Device) error {
			_, err := c.Lock(ctx, d)
			return err
		}, "OOPS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, _ := shapeFixture(t)
			door := devicesByID(t, f.client)[utectest.FrontDoorID]
			// The fake cloud sends the body for the next request and so
			// never acts on a command.
			f.cloud.MalformedNext(1, tt.body)
			err := tt.call(f.client, door)
			var apiErr *utec.APIError
			var devErr *utec.DeviceError
			switch {
			case errors.As(err, &devErr):
				if devErr.Code != tt.code {
					t.Errorf("device error code %q, want %q (%v)", devErr.Code, tt.code, err)
				}
			case errors.As(err, &apiErr):
				if apiErr.Code != tt.code {
					t.Errorf("error code %q, want %q (%v)", apiErr.Code, tt.code, err)
				}
			default:
				t.Errorf("err %v, want an error with code %q", err, tt.code)
			}
		})
	}
}

// An empty 200 or a 204 is success for Configure Set and no devices for
// Discovery; a Discovery payload that is a bare list is the device list.
func TestEmptyAnswersAndBareDeviceLists(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, status := range []int{http.StatusOK, http.StatusNoContent} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			f, _ := shapeFixture(t)
			f.cloud.AnswerNext(1, status, "")
			if err := f.client.SetNotificationURL(ctx, "https://example.com/hook", "secret"); err != nil {
				t.Errorf("Configure Set answered %d with no body: %v, want success", status, err)
			}
			f.cloud.AnswerNext(1, status, "")
			if devices, err := f.client.Devices(ctx); err != nil || len(devices) != 0 {
				t.Errorf("Discovery answered %d with no body: %d devices, %v; want none and no error", status, len(devices), err)
			}
		})
	}
	t.Run("bare list", func(t *testing.T) {
		t.Parallel()
		f, _ := shapeFixture(t)
		f.cloud.MalformedNext(1, `{"header":{"messageId":"m"},"payload":[{"id":"A1","name":"Front Door","category":"SmartLock"},{"id":"B2","name":"Lamp","category":"LIGHT"}]}`)
		devices, err := f.client.Devices(ctx)
		if err != nil || len(devices) != 2 || devices[0].ID != "A1" || devices[1].Kind() != utec.KindLight {
			t.Errorf("bare list: %+v, %v", devices, err)
		}
		got, err := utec.DecodeDiscovery([]byte(`{"payload":[{"id":"A1","name":"Front Door"}]}`))
		if err != nil || len(got) != 1 {
			t.Errorf("DecodeDiscovery of a bare list: %+v, %v", got, err)
		}
	})
}

// Any other shape is an error that says so, never a silent success, and
// the raw body (cut) is in the log.
func TestOtherShapesAreErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	long := `{"payload":"` + strings.Repeat("x", 10000) + `"}`
	tests := []struct {
		name, body string
		// marker is what of the answer the log must show.
		marker string
		call   func(c *utec.Client, d utec.Device) error
	}{
		{"Query with no body", "", "empty", func(c *utec.Client, d utec.Device) error {
			_, err := c.Query(ctx, []utec.Device{d})
			return err
		}},
		{"Command with no body", "", "empty", func(c *utec.Client, d utec.Device) error {
			_, err := c.Lock(ctx, d)
			return err
		}},
		{"Discovery without a payload", `{"message":"Endpoint request timed out"}`, "Endpoint request timed out", func(c *utec.Client, _ utec.Device) error {
			_, err := c.Devices(ctx)
			return err
		}},
		{"Discovery with a string payload", long, "xxxxxxxxxx", func(c *utec.Client, _ utec.Device) error {
			_, err := c.Devices(ctx)
			return err
		}},
		{"Discovery with devices not a list", `{"payload":{"devices":"none"}}`, "none", func(c *utec.Client, _ utec.Device) error {
			_, err := c.Devices(ctx)
			return err
		}},
		{"Command without a payload", `{"header":{"name":"Command"}}`, "Command", func(c *utec.Client, d utec.Device) error {
			_, err := c.Lock(ctx, d)
			return err
		}},
		{"an answer that mentions a token is not logged", `{"payload":"x","access_token":"s3cr3t-value"}`, "withheld", func(c *utec.Client, _ utec.Device) error {
			_, err := c.Devices(ctx)
			return err
		}},
		{"Configure Set with a number", `42`, "42", func(c *utec.Client, _ utec.Device) error {
			return c.SetNotificationURL(ctx, "https://example.com/hook", "secret")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f, logs := shapeFixture(t)
			door := devicesByID(t, f.client)[utectest.FrontDoorID]
			f.cloud.MalformedNext(1, tt.body)
			err := tt.call(f.client, door)
			if !errors.Is(err, utec.ErrUnexpectedAnswer) {
				t.Fatalf("err %v, want one matching ErrUnexpectedAnswer", err)
			}
			out := logs.String()
			if !strings.Contains(out, "unexpected") || !strings.Contains(out, tt.marker) {
				t.Errorf("log lacks the answer:\n%s", out)
			}
			if strings.Contains(out, "s3cr3t") {
				t.Errorf("the log holds a token:\n%s", out)
			}
			if len(out) > 8000 {
				t.Errorf("log holds %d bytes for one answer: not cut", len(out))
			}
		})
	}
}
