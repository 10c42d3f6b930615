package utec

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Namespaces of the /action envelope.
const (
	nsUser      = "Uhome.User"
	nsDevice    = "Uhome.Device"
	nsConfigure = "Uhome.Configure"
)

// User is the signed-in account.
type User struct {
	ID        string `json:"id"`
	FirstName string `json:"firstName,omitempty"`
	LastName  string `json:"lastName,omitempty"`
}

// DisplayName is the person's name, or the account id when the cloud gave
// no name.
func (u *User) DisplayName() string {
	if n := strings.TrimSpace(u.FirstName + " " + u.LastName); n != "" {
		return n
	}
	return u.ID
}

// UnmarshalJSON accepts first_name (captured from the live service) as well
// as firstName and FirstName (the documentation).
func (u *User) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID        looseString `json:"id"`
		FirstName looseString `json:"firstName"`
		LastName  looseString `json:"lastName"`
		First     looseString `json:"first_name"`
		Last      looseString `json:"last_name"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*u = User{ID: string(raw.ID), FirstName: string(raw.FirstName), LastName: string(raw.LastName)}
	if u.FirstName == "" {
		u.FirstName = string(raw.First)
	}
	if u.LastName == "" {
		u.LastName = string(raw.Last)
	}
	return nil
}

// User returns the signed-in account (Uhome.User/Get).
func (c *Client) User(ctx context.Context) (*User, error) {
	var out struct {
		errorField
		User *User `json:"user"`
	}
	if err := c.do(ctx, nsUser, "Get", nil, &out); err != nil {
		return nil, err
	}
	if out.User == nil {
		return nil, fmt.Errorf("utec: %s/Get: answer has no user", nsUser)
	}
	return out.User, nil
}

// Logout ends the session on the cloud's side (Uhome.User/Logout): the
// access token stops working.
func (c *Client) Logout(ctx context.Context) error {
	return c.do(ctx, nsUser, "Logout", nil, &errorField{})
}

// Devices lists the devices the account exposes to the API
// (Uhome.Device/Discovery). Devices without an id and repeated ids are
// dropped; a device entry that cannot be read at all is skipped and logged
// rather than failing the whole list.
func (c *Client) Devices(ctx context.Context) ([]Device, error) {
	var out discoveryAnswer
	if err := c.do(ctx, nsDevice, "Discovery", nil, &out); err != nil {
		return nil, err
	}
	return dedupeDevices(out.Devices), nil
}

// discoveryAnswer is the payload of a Discovery answer.
type discoveryAnswer struct {
	errorField
	Devices lenientList[Device] `json:"devices"`
}

// decodeList reads a payload that is the device list itself, a shape
// other clients have met.
func (a *discoveryAnswer) decodeList(list []byte) error {
	*a = discoveryAnswer{}
	return a.Devices.UnmarshalJSON(list)
}

// lenientList decodes a JSON array. The usual array is read in one pass;
// when some entry cannot be read, each entry is read alone and the bad ones
// are dropped, so that one bad entry costs only itself. Null reads as
// empty; anything else but an array is an ErrUnexpectedAnswer (read as
// empty by callers that do not mind).
type lenientList[T any] []T

func (l *lenientList[T]) UnmarshalJSON(b []byte) error {
	var all []T
	if json.Unmarshal(b, &all) == nil {
		*l = all
		return nil
	}
	var raw []json.RawMessage
	if json.Unmarshal(b, &raw) != nil {
		*l = nil
		return fmt.Errorf("%w: a list is %.20s", ErrUnexpectedAnswer, b)
	}
	items := make([]T, 0, len(raw))
	for _, r := range raw {
		var item T
		if json.Unmarshal(r, &item) == nil {
			items = append(items, item)
		}
	}
	*l = items
	return nil
}

// devicesAnswer is the payload of Query and Command answers.
type devicesAnswer struct {
	errorField
	Devices lenientList[deviceAnswer] `json:"devices"`
}

// plainDevicesAnswer is a whole Query or Command answer in plain types,
// for devicesAnswer.decodeFast: it fits the usual answer, and fails to
// decode (rather than decoding differently) where the lenient types would
// bend: an id or code sent as a number, a list sent as an object.
type plainDevicesAnswer struct {
	Header struct {
		MessageID string `json:"messageId"`
	} `json:"header"`
	Payload *struct {
		Error   *plainError `json:"error"`
		Devices []struct {
			ID     string `json:"id"`
			States []struct {
				Capability string          `json:"capability"`
				Name       string          `json:"name"`
				Value      json.RawMessage `json:"value"`
			} `json:"states"`
			Error *plainError `json:"error"`
		} `json:"devices"`
	} `json:"payload"`
}

type plainError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *plainError) wire() *wireError {
	if e == nil {
		return nil
	}
	return &wireError{Code: looseString(e.Code), Message: looseString(e.Message)}
}

// decodeFast reads the usual Query or Command answer into a in one pass;
// see fastDecoder. FuzzStates checks that it reads what the lenient pass
// reads.
func (a *devicesAnswer) decodeFast(data []byte) (string, bool) {
	// looseString keeps the bytes of an unescaped string as sent, where
	// encoding/json would replace invalid UTF-8: leave such answers to it.
	if !utf8.Valid(data) {
		return "", false
	}
	var p plainDevicesAnswer
	if json.Unmarshal(data, &p) != nil || p.Payload == nil {
		return "", false // no payload: the lenient pass says what is wrong
	}
	*a = devicesAnswer{errorField: errorField{Error: p.Payload.Error.wire()}}
	if p.Payload.Devices != nil {
		a.Devices = make(lenientList[deviceAnswer], len(p.Payload.Devices))
	}
	for i, d := range p.Payload.Devices {
		da := deviceAnswer{ID: looseString(d.ID), Error: d.Error.wire()}
		if d.States != nil {
			da.States = make(stateList, 0, len(d.States))
		}
		for _, s := range d.States {
			if s.Capability != "" { // as stateList drops them
				da.States = append(da.States, State{Capability: s.Capability, Name: s.Name, Value: s.Value})
			}
		}
		a.Devices[i] = da
	}
	return p.Header.MessageID, true
}

// deviceAnswer is one entry of a Query or Command answer.
type deviceAnswer struct {
	ID     looseString `json:"id"`
	States stateList   `json:"states"`
	Error  *wireError  `json:"error"`
}

// wireState is a state as sent, with its names read loosely.
type wireState struct {
	Capability looseString     `json:"capability"`
	Name       looseString     `json:"name"`
	Value      json.RawMessage `json:"value"`
}

// stateList is the states of one device, as sent; a state without a
// capability is dropped.
type stateList []State

func (l *stateList) UnmarshalJSON(b []byte) error {
	var wire lenientList[wireState]
	_ = wire.UnmarshalJSON(b)
	states := make([]State, 0, len(wire))
	for _, w := range wire {
		if w.Capability != "" {
			states = append(states, State{Capability: string(w.Capability), Name: string(w.Name), Value: w.Value})
		}
	}
	*l = states
	return nil
}

func (a *deviceAnswer) states() []State { return a.States }

func (a *deviceAnswer) deviceError() *DeviceError {
	if a.Error.get() == nil {
		return nil
	}
	return &DeviceError{DeviceID: string(a.ID), Code: cleanText(string(a.Error.Code)), Message: shorten(string(a.Error.Message))}
}

// deviceAnswers indexes the devices[] of a Query or Command answer by id,
// keeping the first entry of each id.
func deviceAnswers(payload devicesAnswer) map[string]*deviceAnswer {
	byID := make(map[string]*deviceAnswer, len(payload.Devices))
	for i := range payload.Devices {
		a := &payload.Devices[i]
		if _, dup := byID[string(a.ID)]; a.ID != "" && !dup {
			byID[string(a.ID)] = a
		}
	}
	return byID
}

// Query asks for the current states of devices, in batches of the client's
// batch size (one request for a home of up to 20 devices). The answer has
// one Status per device asked for, in the same order; a device the cloud
// left out of its answer gets an Err matching ErrDeviceNotFound, and one it
// reported an error for gets that error in Err. When a batch fails, the
// statuses of the batches before it are returned with the error. One
// Query runs at a time per Client; a second one waits for it (or for the
// end of its own ctx).
func (c *Client) Query(ctx context.Context, devices []Device) ([]Status, error) {
	select {
	case c.queryTurn <- struct{}{}:
		defer func() { <-c.queryTurn }()
	case <-ctx.Done():
		return nil, fmt.Errorf("utec: %s/Query: waiting for the query before it: %w", nsDevice, ctx.Err())
	}
	statuses := make([]Status, 0, len(devices))
	for batch := range chunks(devices, c.batchSize) {
		payload, err := devicesPayload(batch, nil)
		if err != nil {
			return statuses, fmt.Errorf("utec: %s/Query: %w", nsDevice, err)
		}
		var out devicesAnswer
		if err := c.do(ctx, nsDevice, "Query", payload, &out); err != nil {
			return statuses, err
		}
		statuses = appendStatuses(statuses, batch, out)
	}
	return statuses, nil
}

// appendStatuses appends one Status per device of batch, read from the
// Query answer out.
func appendStatuses(statuses []Status, batch []Device, out devicesAnswer) []Status {
	answers := deviceAnswers(out)
	for i := range batch {
		d := &batch[i]
		a, ok := answers[d.ID]
		switch {
		case !ok:
			statuses = append(statuses, Status{DeviceID: d.ID, Err: &DeviceError{
				DeviceID: d.ID, Code: "DEVICE_NOT_FOUND", Message: "not in the cloud's answer"}})
		case a.Error.get() != nil:
			statuses = append(statuses, Status{DeviceID: d.ID, Err: a.deviceError()})
		default:
			statuses = append(statuses, NewStatus(d, a.states()))
		}
	}
	return statuses
}

// DecodeQuery decodes a raw Query answer (the whole envelope, as received)
// for devices the way Query does. Like DecodeDiscovery, it is for tools
// and tests that hold captured answers.
func DecodeQuery(answerBody []byte, devices []Device) ([]Status, error) {
	var out devicesAnswer
	if _, err := decodeOK(200, answerBody, &out, nsDevice, "Query"); err != nil {
		return nil, err
	}
	return appendStatuses(make([]Status, 0, len(devices)), devices, out), nil
}

// DecodeDiscovery decodes a raw Discovery answer (the whole envelope, as
// received) the way Devices does. It exists for tools that capture answers
// and for benchmarks of decoding alone.
func DecodeDiscovery(answerBody []byte) ([]Device, error) {
	var out discoveryAnswer
	if _, err := decodeOK(200, answerBody, &out, nsDevice, "Discovery"); err != nil {
		return nil, err
	}
	return dedupeDevices(out.Devices), nil
}

// QueryOne queries a single device and returns its error, if the cloud
// reported one, as the error.
func (c *Client) QueryOne(ctx context.Context, d Device) (Status, error) {
	statuses, err := c.Query(ctx, []Device{d})
	if err != nil {
		return Status{DeviceID: d.ID}, err
	}
	st := statuses[0]
	if st.Err != nil {
		return st, st.Err
	}
	return st, nil
}

// chunks yields consecutive slices of at most n items.
func chunks[T any](items []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(items) > 0 {
			k := min(n, len(items))
			if !yield(items[:k:k]) {
				return
			}
			items = items[k:]
		}
	}
}

// SetNotificationURL registers the account's push webhook
// (Uhome.Configure/Set). The cloud keeps one per account, the last one
// registered: calling this takes the slot from any other integration of the
// same account. Desktop programs should poll instead.
func (c *Client) SetNotificationURL(ctx context.Context, url, accessToken string) error {
	payload, err := json.Marshal(map[string]any{
		"configure": map[string]any{
			"notification": map[string]string{"access_token": accessToken, "url": url},
		},
	})
	if err != nil {
		return err
	}
	return c.do(ctx, nsConfigure, "Set", payload, &errorField{})
}
