// Package utectest is a fake U-Tec cloud: the OAuth server (/authorize,
// /token) and the single /action API endpoint, served over real HTTP on
// 127.0.0.1 by net/http/httptest.
//
// It exists for three users: the tests of package utec (the client), the
// tests of the app, and the app's --demo mode, which runs against a sample
// home without any account. It speaks the wire protocol described in
// shared/utec-api.md, including the live service's quirks (wrapped token
// answers, errors in HTTP 200, "authorization_code" in the callback, case
// that varies, deferred commands that may never happen...). Every quirk can
// be switched on or off through [Quirks], so a client can be tested against
// both the live habits and the documented form.
//
// The package works at the wire level with its own small structs and
// deliberately does not import package utec: utec's internal tests import
// this package, and the fake must not share the client's mistakes.
//
// A typical test:
//
//	srv := utectest.NewForTest(t, utectest.WithCommandDelay(10*time.Millisecond))
//	access, _ := srv.IssueTokens() // or run the OAuth flow against srv.URL()
//	// ... point the client at srv.URL() + "/action" ...
//	srv.SetOnline(utectest.GarageID, true)
//	srv.FailNext(2, http.StatusInternalServerError, "1")
//
// The token values it issues are never logged. Everything else a client
// sends, secrets included, is kept verbatim in [Server.Requests]: it is a
// test fake.
package utectest
