package utectest

// Quirks selects, one habit at a time, whether the fake behaves like the
// live U-Tec service or like its documentation (and RFC 6749). The zero
// value is the documented, standards-shaped service; [DefaultQuirks] is the
// live one.
type Quirks struct {
	// WrappedToken wraps successful token answers as
	// {"code":200,"data":{access_token,...}} instead of the flat RFC 6749
	// JSON that golang.org/x/oauth2 understands.
	WrappedToken bool

	// TokenErrorsIn200 answers token errors with HTTP 200 and
	// {"code":401,"message":"invalid_grant"} instead of HTTP 400/401 and
	// {"error":"invalid_grant","error_description":"..."}.
	TokenErrorsIn200 bool

	// TokenErrorsInData, together with TokenErrorsIn200, moves the message
	// into a data object: {"code":401,"data":{"message":"invalid_grant: ..."}}.
	// Both shapes have been reported from the live service.
	TokenErrorsInData bool

	// AuthorizationCodeParam makes the /authorize redirect carry
	// ?authorization_code=X&state=Y (as documented) instead of ?code=X.
	AuthorizationCodeParam bool

	// LiveCase spells states the way live answers do (st.lock, Locked,
	// Online, st.batteryLevel); off, they follow the documentation
	// (st.Lock, locked, online, st.BatteryLevel).
	LiveCase bool

	// TypeKey makes Discovery send "type" instead of "category" for the
	// devices whose [Device.TypeKey] is set (in the sample home: the Coffee
	// Maker, a plug that a client ignoring "type" would take for a switch).
	// Only one documentation example does this, so [DefaultQuirks] leaves it
	// off.
	TypeKey bool

	// RotateRefreshTokens issues a new refresh token on every refresh and
	// makes the old one stop working. Off, a refresh answer repeats the
	// refresh token it was given.
	RotateRefreshTokens bool

	// OmitRefreshToken leaves refresh_token out of refresh answers; the old
	// refresh token stays valid. It takes precedence over
	// RotateRefreshTokens, which is why [DefaultQuirks] leaves it off.
	OmitRefreshToken bool

	// EchoMessageID makes answers carry the request's messageId; off, each
	// answer carries a fresh random one (as some vendor samples do).
	EchoMessageID bool

	// PlayloadVersion spells the answer header's version field
	// "playloadVersion", a typo found in some articles. [DefaultQuirks]
	// leaves it off because no live capture shows it.
	PlayloadVersion bool

	// RequireCustomData makes Query and Command refuse, with a per-device
	// BAD-REQUEST, a device that has customData unless the request echoes
	// it (compared as compacted JSON).
	RequireCustomData bool

	// NumericStrings sends numeric state values as strings ("4", not 4).
	NumericStrings bool

	// FirstNameSnake makes Uhome.User/Get answer first_name/last_name (as
	// captured) instead of firstName/lastName (as documented).
	FirstNameSnake bool
}

// DefaultQuirks returns the habits of the live service, all switched on,
// except the ones that are documentation-only (TypeKey, PlayloadVersion,
// TokenErrorsInData) and OmitRefreshToken, which would cancel
// RotateRefreshTokens.
func DefaultQuirks() Quirks {
	return Quirks{
		WrappedToken:           true,
		TokenErrorsIn200:       true,
		AuthorizationCodeParam: true,
		LiveCase:               true,
		RotateRefreshTokens:    true,
		EchoMessageID:          true,
		RequireCustomData:      true,
		NumericStrings:         true,
		FirstNameSnake:         true,
	}
}
