package main

import (
	"encoding/json"
	"image"
	"testing"
)

func TestLockAction(t *testing.T) {
	tests := []struct {
		name    string
		list    string
		id      uint32
		key     string
		wantErr bool
	}{
		{
			"the tray's notification among others",
			`{"type":"aa{sv}","data":[[
			  {"id":{"type":"u","data":3},"summary":{"type":"s","data":"Mail"},"actions":{"type":"a{ss}","data":{"default":"Open"}}},
			  {"id":{"type":"u","data":4},"summary":{"type":"s","data":"Back Door unlocked"},"actions":{"type":"a{ss}","data":{"lock":"Lock"}}}
			]]}`,
			4, "lock", false,
		},
		{"no Lock action", `{"type":"aa{sv}","data":[[{"id":{"type":"u","data":1},"actions":{"type":"a{ss}","data":{}}}]]}`, 0, "", true},
		{"not JSON", `makoctl: no such notification`, 0, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id, key, err := lockAction([]byte(tt.list))
			if (err != nil) != tt.wantErr || id != tt.id || key != tt.key {
				t.Errorf("lockAction = %d, %q, %v; want %d, %q, error %v", id, key, err, tt.id, tt.key, tt.wantErr)
			}
		})
	}
}

func TestFindSwayWindow(t *testing.T) {
	// swaymsg -t get_tree -r, cut down to what it holds while the quick
	// panel floats on workspace 1 (read off a run of the sway check).
	tree := `{"id":1,"type":"root","rect":{"x":0,"y":0,"width":1280,"height":800},"nodes":[
	  {"id":3,"type":"output","rect":{"x":0,"y":0,"width":1280,"height":800},"nodes":[
	    {"id":4,"type":"workspace","rect":{"x":0,"y":34,"width":1280,"height":766},"nodes":[],"floating_nodes":[
	      {"id":7,"pid":99,"visible":false,"rect":{"x":0,"y":0,"width":400,"height":300}},
	      {"id":5,"pid":3846,"visible":true,"rect":{"x":450,"y":264,"width":380,"height":305}}
	    ]}
	  ]}
	]}`
	var root swayNode
	if err := json.Unmarshal([]byte(tree), &root); err != nil {
		t.Fatal(err)
	}
	if id, r := findSwayWindow(root, 3846); id != "5" || r != image.Rect(450, 264, 830, 569) {
		t.Errorf("findSwayWindow(3846) = %q, %v; want 5 at (450,264)-(830,569)", id, r)
	}
	if id, _ := findSwayWindow(root, 99); id != "" {
		t.Errorf("findSwayWindow found the hidden window %s", id)
	}
}

// FuzzLockAction: makoctl's output is another program's; a strange one
// is an error, never a panic.
func FuzzLockAction(f *testing.F) {
	f.Add([]byte(`{"data":[[{"id":{"data":4},"actions":{"data":{"lock":"Lock"}}}]]}`))
	f.Add([]byte(`{"data":[[{"id":{"data":"x"}}]]}`))
	f.Fuzz(func(t *testing.T, list []byte) {
		if _, key, err := lockAction(list); err == nil && key == "" && !json.Valid(list) {
			t.Errorf("lockAction accepted %q", list)
		}
	})
}

// FuzzReadString: the compositor's strings are read without trusting
// their lengths.
func FuzzReadString(f *testing.F) {
	f.Add(str("wl_seat"))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 'a'})
	f.Fuzz(func(t *testing.T, b []byte) {
		s, ok := readString(b)
		if ok && len(s)+5 > len(b) {
			t.Errorf("readString(%q) = %q, longer than its input allows", b, s)
		}
	})
}
