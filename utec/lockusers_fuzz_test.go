package utec

import (
	"encoding/json"
	"testing"
)

// FuzzLockUsers drives whatever the cloud may answer to st.lockUser list
// through the reading of its users: no panic, and never users and an
// error at once.
func FuzzLockUsers(f *testing.F) {
	f.Add([]byte(`{"devices":[{"id":"A","users":[{"id":1001,"name":"Cleaner","type":2,"status":1,"sync_status":0}]}]}`))
	f.Add([]byte(`{"devices":[{"id":"A","users":[{"id":"12","name":null,"type":"x","sync_status":"1"}, 7, null]}]}`))
	f.Add([]byte(`{"devices":[{"id":"A","error":{"code":"BAD-REQUEST","message":"a temporary user needs daterange"}}]}`))
	f.Add([]byte(`{"devices":[{"id":"A","users":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var out lockUsersAnswer
		if json.Unmarshal(data, &out) != nil {
			return
		}
		users, err := lockUsersFrom(&out, "A")
		if err != nil {
			if users != nil {
				t.Fatalf("users %v with the error %v", users, err)
			}
			_ = err.Error()
		}
	})
}
