package utec

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestNormaliseTokenAnswer(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		status     int
		body       string
		wantStatus int
		wantToken  string // access token in the flat answer, "" for an error
		wantCode   string // error code for an error
	}{
		{"flat", 200, `{"access_token":"A","token_type":"Bearer","expires_in":601200,"refresh_token":"R"}`, 200, "A", ""},
		{"wrapped", 200, `{"code":200,"data":{"access_token":"A","token_type":"Bearer","expires_in":"601200","refresh_token":"R"}}`, 200, "A", ""},
		{"401 in 200 with message", 200, `{"code":401,"message":"invalid_grant"}`, 401, "", "invalid_grant"},
		{"401 in 200 with data.message", 200, `{"code":401,"data":{"message":"refresh token revoked"}}`, 401, "", "invalid_grant"},
		{"standard error", 400, `{"error":"invalid_client","error_description":"bad secret"}`, 400, "", "invalid_client"},
		{"standard error in 200", 200, `{"error":"invalid_grant"}`, 400, "", "invalid_grant"},
		{"no token anywhere", 200, `{"code":200,"data":{}}`, 400, "", "invalid_response"},
		{"server error", 500, `{"message":"Internal server error"}`, 500, "", ""},
		{"html", 502, `<html>bad gateway</html>`, 502, "", "server_error"},
		{"empty token", 200, `{"access_token":""}`, 400, "", "invalid_response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, body := normaliseTokenAnswer(tt.status, []byte(tt.body))
			if status != tt.wantStatus {
				t.Errorf("status %d, want %d", status, tt.wantStatus)
			}
			var got map[string]any
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatalf("body not JSON: %s", body)
			}
			if tt.wantToken != "" && got["access_token"] != tt.wantToken {
				t.Errorf("access_token %v, want %s (body %s)", got["access_token"], tt.wantToken, body)
			}
			if tt.wantToken == "" {
				if _, ok := got["access_token"]; ok && got["access_token"] != "" {
					t.Errorf("error answer carries a token: %s", body)
				}
				if tt.wantCode != "" && got["error"] != tt.wantCode {
					t.Errorf("error %v, want %s", got["error"], tt.wantCode)
				}
			}
		})
	}
}

func TestTokenErrorReauth(t *testing.T) {
	t.Parallel()
	for _, te := range []*TokenError{
		{StatusCode: 400, Code: "invalid_grant"},
		{StatusCode: 401, Code: "INVALID_CLIENT"},
		{StatusCode: 400, Code: "invalid_request", Description: "Refresh token expired"},
	} {
		if !errors.Is(te, ErrReauthRequired) || te.Temporary() {
			t.Errorf("%v: want reauth, not temporary", te)
		}
	}
	te := &TokenError{StatusCode: 503, Code: "server_error"}
	if errors.Is(te, ErrReauthRequired) || !te.Temporary() {
		t.Errorf("%v: want temporary, not reauth", te)
	}
}

func TestAPIErrorMatching(t *testing.T) {
	t.Parallel()
	for _, code := range []string{"INVALID_TOKEN", "invalid_token", "Token_Expired", "UNAUTHORIZED"} {
		if !errors.Is(&APIError{Code: code}, ErrUnauthorized) {
			t.Errorf("%s does not match ErrUnauthorized", code)
		}
	}
	if errors.Is(&APIError{Code: "BAD-REQUEST"}, ErrUnauthorized) {
		t.Error("BAD-REQUEST matches ErrUnauthorized")
	}
	if !errors.Is(&DeviceError{Code: "device_offline"}, ErrDeviceOffline) {
		t.Error("device_offline does not match ErrDeviceOffline")
	}
	if !errors.Is(&HTTPError{StatusCode: http.StatusUnauthorized}, ErrUnauthorized) {
		t.Error("HTTP 401 does not match ErrUnauthorized")
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {"7", 7 * time.Second}, {"-3", 0}, {"soon", 0},
		{"999999999", time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestOAuthConfigKeepsSecretOutOfAuthorizeURL(t *testing.T) {
	t.Parallel()
	cfg := OAuthConfig("id-1", "s3cret-value", "http://127.0.0.1:9501/callback", "https://oauth.example/")
	u := cfg.AuthCodeURL("st")
	if strings.Contains(u, "s3cret-value") || strings.Contains(u, "client_secret") {
		t.Errorf("secret in authorize URL: %s", u)
	}
	if !strings.HasPrefix(u, "https://oauth.example/authorize?") || !strings.Contains(u, "scope=openapi") {
		t.Errorf("authorize URL %s", u)
	}
	if cfg.Endpoint.TokenURL != "https://oauth.example/token" {
		t.Errorf("token URL %s", cfg.Endpoint.TokenURL)
	}
}
