package view

import (
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/utec-tray/utec-tray/app/devices"
	"github.com/utec-tray/utec-tray/app/poller"
	"github.com/utec-tray/utec-tray/utec"
)

// FuzzCloudAnswersToMenu drives a whole Discovery answer and a whole Query
// answer, as they arrive off the network, through decoding, the devices'
// descriptions, the menu and the quick panel: whatever the cloud sends, none
// of it may panic, and every line shown must be text a menu can show (UTF-8,
// no control characters). Seeds are in testdata/fuzz; run it longer with
//
//	go test -run=NONE -fuzz=FuzzCloudAnswersToMenu -fuzztime=1m ./app/view/
func FuzzCloudAnswersToMenu(f *testing.F) {
	f.Add([]byte(`{"payload":{"devices":[{"id":"AA","name":"Front Door","category":"SmartLock","handleType":"utec-lock-sensor",
		"attributes":{"batteryLevelRange":{"min":1,"max":5,"step":1}}},{"id":"BB","name":"Lamp","category":"LIGHT","handleType":"utec-dimmer",
		"attributes":{"switchLevelRange":{"min":1,"max":100}}},{"id":"CC","name":"Plug","category":"SmartPlug"}]}}`),
		[]byte(`{"payload":{"devices":[{"id":"AA","states":[{"capability":"st.lock","name":"lockState","value":"Unlocked"},
		{"capability":"st.batteryLevel","name":"level","value":"1"},{"capability":"st.doorSensor","name":"sensorState","value":"Open"},
		{"capability":"st.healthCheck","name":"status","value":"Online"},{"capability":"st.lock","name":"lockMode","value":1}]},
		{"id":"BB","states":[{"capability":"st.switch","name":"switch","value":"on"},{"capability":"st.switchLevel","name":"level","value":"60"}]},
		{"id":"CC","error":{"code":"DEVICE_OFFLINE","message":"Device is offline"}}]}}`))
	// The answer that once took the tray down: a zero battery range.
	f.Add([]byte(`{"payload":{"devices":[{"id":"L","name":"Door","category":"LOCK","attributes":{"batteryLevelRange":{"min":-1,"max":0}}}]}}`),
		[]byte(`{"payload":{"devices":[{"id":"L","states":[{"capability":"st.batteryLevel","name":"level","value":3}]}]}}`))
	f.Add([]byte(`{"payload":{"devices":[{"id":"X\u001b[2J","name":"\u202eDoor","type":"lock"}]}}`),
		[]byte(`{"payload":{"devices":[{"id":"X\u001b[2J","error":{"code":"\u001b]0;x\u0007","message":"m\n2"}}],"error":null}}`))
	f.Add([]byte(`{"payload":[]}`), []byte(`{"payload":{"error":{"code":"INVALID_TOKEN"}}}`))
	f.Fuzz(func(t *testing.T, discovery, query []byte) {
		found, err := utec.DecodeDiscovery(discovery)
		if err != nil {
			return
		}
		statuses, err := utec.DecodeQuery(query, found)
		snap := snapshot()
		snap.Poll.LastErr = err
		for i, d := range found {
			pd := poller.Device{Device: d, Status: utec.Status{DeviceID: d.ID}, Updated: now, LastOnline: now}
			if i < len(statuses) {
				pd.Status, pd.Err = statuses[i], statuses[i].Err
			}
			checkShown(t, devices.Describe(&pd.Device, &pd.Status))
			if pd.Err != nil {
				checkShown(t, devices.DescribeError(d.Name, pd.Err))
			}
			snap.Poll.Devices = append(snap.Poll.Devices, pd)
		}
		frame := BuildFrame(snap)
		m, p := frame.Menu, frame.Panel
		checkShown(t, m.Summary)
		checkItems(t, m.Items)
		checkShown(t, p.Summary)
		for _, r := range p.Rows {
			checkShown(t, r.Name)
			checkShown(t, r.State)
			checkShown(t, r.Button.Label)
		}
	})
}

func checkItems(t *testing.T, items []Item) {
	t.Helper()
	for _, it := range items {
		checkShown(t, it.Label)
		checkItems(t, it.Children)
	}
}

// checkShown fails t when s could not be shown as it is in a menu line.
func checkShown(t *testing.T, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Fatalf("line %q is not UTF-8", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Fatalf("line %q holds %U", s, r)
		}
	}
}
