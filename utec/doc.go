// Package utec is a client for the U-Tec (Ultraloq, Xthings) cloud API: the
// single /action endpoint whose envelope names an interface (Uhome.User,
// Uhome.Device Discovery/Query/Command, Uhome.Configure) and the OAuth2
// authorization-code flow in front of it.
//
// The live service is loose about its own format, and this package absorbs
// that so callers do not have to: names and values in any case, numbers
// sent as strings, errors inside HTTP 200 answers (returned as *APIError),
// per-device errors (*DeviceError in Status.Err), wrapped token answers,
// and commands that are only "accepted" and act seconds later (Execute
// re-queries until the device shows the effect, and never re-sends
// blindly). Device names are cleaned of control, escape and bidi
// characters as they are decoded (CleanName). WithRetry makes reads
// survive the cloud's occasional 5xx, 429 and dropped connections within
// the context's deadline.
//
// A minimal program, given a token from an earlier sign-in:
//
//	cfg := utec.OAuthConfig(clientID, clientSecret, redirectURL, "")
//	ts := utec.NewTokenSource(cfg, token, utec.TokenSourceOptions{
//		Save: func(t *oauth2.Token) error { return store(t) }, // keep rotated tokens
//	})
//	client := utec.NewTokenClient(ts, utec.WithUserAgent("my-tool/1.0"))
//
//	devices, err := client.Devices(ctx)
//	if err != nil {
//		return err
//	}
//	statuses, err := client.Query(ctx, devices) // one request for up to 20 devices
//	...
//	out, err := client.Execute(ctx, frontDoor, utec.Lock(), utec.ConfirmOptions{})
//	if err == nil && !out.Reached {
//		fmt.Println("the door did not lock:", out.Status.Lock)
//	}
//
// Errors are typed: errors.Is(err, utec.ErrUnauthorized) for a refused
// access token, utec.ErrReauthRequired when the refresh token is refused
// too (utec.ErrSignedOut, which matches it, when the stored sign-in was
// removed), utec.ErrDeviceOffline for an offline device; errors.As with
// *utec.HTTPError gives the status and Retry-After of a failed answer.
//
// Package utectest provides a fake cloud on real HTTP for tests.
package utec
