package utec_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/utec"
	"github.com/utec-tray/utec-tray/utec/utectest"
)

// frontDoor finds the sample home's Front Door.
func frontDoor(t *testing.T, f *fixture) utec.Device {
	t.Helper()
	ds, err := f.client.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.ID == utectest.FrontDoorID {
			return d
		}
	}
	t.Fatal("no Front Door")
	return utec.Device{}
}

// TestLockUsersAddListDelete: add answers with no id, so the new code is
// found by listing; it reaches the lock later (Synced); delete removes it.
// The list never carries the code itself.
func TestLockUsersAddListDelete(t *testing.T) {
	f := setup(t, []utectest.Option{utectest.WithCommandDelay(200 * time.Millisecond)}, nil)
	ctx := context.Background()
	door := frontDoor(t, f)
	if users, err := f.client.LockUsers(ctx, door); err != nil || len(users) != 0 {
		t.Fatalf("a fresh lock lists %v, %v", users, err)
	}
	guest := utec.NewLockUser{Name: "Cleaner", Code: "482913", Schedule: &utec.Schedule{
		From: time.Date(2026, 12, 8, 9, 0, 0, 0, time.Local), To: time.Date(2026, 12, 20, 12, 0, 0, 0, time.Local),
		Weekdays: []time.Weekday{time.Monday, time.Thursday}, DailyFrom: "09:00", DailyTo: "12:00", Uses: 10,
	}}
	u, err := f.client.AddLockUser(ctx, door, guest, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID == 0 || u.Name != "Cleaner" || u.Kind != utec.LockUserTemporary {
		t.Errorf("added %+v", u)
	}
	held := f.cloud.LockUsers(utectest.FrontDoorID)
	if len(held) != 1 || held[0].Code != 482913 || held[0].Kind != 2 {
		t.Fatalf("the lock holds %+v", held)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		users, err := f.client.LockUsers(ctx, door)
		if err == nil && len(users) == 1 && users[0].Synced {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("never synced: %+v, %v", users, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := f.client.DeleteLockUser(ctx, door, u.ID); err != nil {
		t.Fatal(err)
	}
	if held := f.cloud.LockUsers(utectest.FrontDoorID); len(held) != 0 {
		t.Errorf("still held after delete: %+v", held)
	}
	var de *utec.DeviceError
	if err := f.client.DeleteLockUser(ctx, door, u.ID); !errors.As(err, &de) {
		t.Errorf("deleting it twice: %v", err)
	}
}

func TestNewLockUserValidate(t *testing.T) {
	from := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		u    utec.NewLockUser
		ok   bool
	}{
		{"permanent", utec.NewLockUser{Name: "Ann", Code: "1234"}, true},
		{"eight digits", utec.NewLockUser{Name: "Ann", Code: "12345678"}, true},
		{"too short", utec.NewLockUser{Name: "Ann", Code: "123"}, false},
		{"too long", utec.NewLockUser{Name: "Ann", Code: "123456789"}, false},
		{"leading zero", utec.NewLockUser{Name: "Ann", Code: "012345"}, false},
		{"not digits", utec.NewLockUser{Name: "Ann", Code: "12a456"}, false},
		{"no name", utec.NewLockUser{Name: " ", Code: "123456"}, false},
		{"end before start", utec.NewLockUser{Name: "Ann", Code: "123456", Schedule: &utec.Schedule{From: from, To: from}}, false},
		{"one daily hour", utec.NewLockUser{Name: "Ann", Code: "123456", Schedule: &utec.Schedule{From: from, To: from.Add(time.Hour), DailyFrom: "09:00"}}, false},
		{"bad hour", utec.NewLockUser{Name: "Ann", Code: "123456", Schedule: &utec.Schedule{From: from, To: from.Add(time.Hour), DailyFrom: "9", DailyTo: "12:00"}}, false},
		{"temporary", utec.NewLockUser{Name: "Ann", Code: "123456", Schedule: &utec.Schedule{From: from, To: from.Add(time.Hour)}}, true},
	} {
		if err := tc.u.Validate(); (err == nil) != tc.ok {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if !errors.Is(utec.NewLockUser{Name: "Ann", Code: "0123"}.Validate(), utec.ErrBadCode) {
		t.Error("a leading zero is not ErrBadCode")
	}
}
