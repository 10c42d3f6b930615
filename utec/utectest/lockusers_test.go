package utectest

import (
	"encoding/json"
	"testing"
	"time"
)

// TestLockUserQuirks: add answers with no id and deferred; a temporary
// user missing any of daterange, weeks, timerange and limit is refused
// with BAD-REQUEST; get answers the code in clear text.
func TestLockUserQuirks(t *testing.T) {
	srv := NewForTest(t, WithCommandDelay(time.Hour))
	access, _ := signIn(t, srv)
	command := func(cmd map[string]any) map[string]any {
		t.Helper()
		_, reply := call(t, srv, access, "Uhome.Device", "Command",
			map[string]any{"devices": []any{map[string]any{"id": FrontDoorID, "customData": json.RawMessage(`{"lockId": 1001, "hub": "h-1"}`), "command": cmd}}})
		return answeredDevices(t, reply)[0]
	}
	temporary := map[string]any{"name": "Guest", "type": 2, "password": 654321, "daterange": []string{"2026-12-08 09:00", "2026-12-20 12:00"},
		"weeks": []int{1, 4}, "timerange": []string{"09:00", "12:00"}, "limit": 0}
	for _, missing := range []string{"daterange", "weeks", "timerange", "limit"} {
		u := map[string]any{}
		for k, v := range temporary {
			if k != missing {
				u[k] = v
			}
		}
		d := command(map[string]any{"capability": "st.lockUser", "name": "add", "user": u})
		if e, _ := d["error"].(map[string]any); e["code"] != codeBadRequest || e["message"] != "a temporary user needs daterange, weeks, timerange and limit" {
			t.Errorf("a temporary user without %s: %v", missing, d)
		}
	}
	d := command(map[string]any{"capability": "st.lockUser", "name": "add", "user": temporary})
	if d["error"] != nil || d["id"] != FrontDoorID || d["users"] != nil {
		t.Fatalf("add answered %v", d)
	}
	list := command(map[string]any{"capability": "st.lockUser", "name": "list"})
	users, _ := list["users"].([]any)
	if len(users) != 1 {
		t.Fatalf("list: %v", list)
	}
	u, _ := users[0].(map[string]any)
	if u["sync_status"] != float64(0) || u["password"] != nil {
		t.Errorf("a fresh user in the list: %v (synced too soon, or its code shown)", u)
	}
	got := command(map[string]any{"capability": "st.lockUser", "name": "get", "id": u["id"]})
	if user, _ := got["user"].(map[string]any); user["password"] != float64(654321) {
		t.Errorf("get answered %v", got)
	}
}
