package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveAndLoad(t *testing.T) {
	dir := t.TempDir()
	s := Default()
	s.ClientID = " id-1 "
	s.PollSeconds = 5 // below the minimum
	s.SetHidden("A", true)
	s.SetAskBeforeUnlock("L", false)
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, File))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("settings file: %v, mode %v", err, info.Mode())
	}
	got, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got.ClientID != "id-1" || got.PollSeconds != 30 || !got.IsHidden("A") || got.AsksBeforeUnlock("L") || !got.AsksBeforeUnlock("M") {
		t.Errorf("loaded %+v", got)
	}
	if err := os.WriteFile(filepath.Join(dir, File), []byte("{oops"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil {
		t.Error("a broken file loaded without error")
	}
}

func TestEnvOverridesAreNotSaved(t *testing.T) {
	file := Default()
	file.ClientID, file.APIURL = "from-file", ""
	env := map[string]string{EnvClientID: "from-env", EnvAPIURL: "http://127.0.0.1:1", EnvRedirectPort: "0"}
	getenv := func(k string) string { return env[k] }
	s := file
	if err := s.ApplyEnv(getenv); err != nil {
		t.Fatal(err)
	}
	s.PollSeconds = 120                   // changed in the window
	s.APIURL = "https://api.example.test" // changed in the window too
	out := s.WithoutEnv(file, getenv)
	if out.ClientID != "from-file" || out.RedirectPort != DefaultRedirectPort || out.PollSeconds != 120 || out.APIURL != "https://api.example.test" {
		t.Errorf("saved %+v", out)
	}
	if err := (&Settings{}).ApplyEnv(func(k string) string { return map[string]string{EnvRedirectPort: "x"}[k] }); err == nil {
		t.Error("bad port accepted")
	}
}

func TestValidateServiceURL(t *testing.T) {
	for _, tc := range []struct {
		url    string
		ok     bool
		reason string
	}{
		{"", true, "U-Tec's own address"},
		{"https://api.u-tec.com", true, "https"},
		{"HTTPS://api.u-tec.com:8443/base/", true, "https with port and path"},
		{"http://127.0.0.1:9000", true, "loopback IPv4"},
		{"http://127.3.4.5", true, "all of 127.0.0.0/8"},
		{"http://[::1]:8080", true, "loopback IPv6"},
		{"http://localhost:1234", true, "localhost"},
		{"http://LOCALHOST.", true, "localhost, any case, with a root dot"},
		{"http://api.u-tec.com", false, "plain http to the network"},
		{"http://a", false, "a half-typed host"},
		{"http://128.0.0.1", false, "not loopback"},
		{"http://[::2]", false, "not loopback IPv6"},
		{"http://localhost.evil.test", false, "localhost as a subdomain"},
		{"http://127.0.0.1.nip.io", false, "a name that looks like loopback"},
		{"ftp://api.u-tec.com", false, "another scheme"},
		{"api.u-tec.com", false, "no scheme"},
		{"https://", false, "no host"},
		{"https://:443", false, "port only"},
		{"https://user:pw@api.u-tec.com", false, "credentials"},
		{"https://api.u-tec.com/?x=1", false, "query"},
		{"https://api.u-tec.com/#f", false, "fragment"},
		{"https://api.u-tec.com/\x7f", false, "not a URL"},
	} {
		t.Run(tc.reason, func(t *testing.T) {
			err := ValidateServiceURL(tc.url)
			if (err == nil) != tc.ok {
				t.Errorf("ValidateServiceURL(%q) = %v, want ok=%v", tc.url, err, tc.ok)
			}
			if err != nil && strings.Contains(err.Error(), "pw") {
				t.Errorf("the error shows the password: %v", err)
			}
		})
	}
	if err := ValidateServiceURL("http://api.u-tec.com"); !errors.Is(err, ErrInsecureURL) {
		t.Errorf("plain http: %v, want ErrInsecureURL", err)
	}
}

func TestApplyEnvRefusesInsecureURLs(t *testing.T) {
	for _, name := range []string{EnvAPIURL, EnvOAuthURL} {
		s := Default()
		err := s.ApplyEnv(func(k string) string { return map[string]string{name: "http://api.example.test"}[k] })
		if !errors.Is(err, ErrInsecureURL) || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=http://api.example.test: %v, want an error naming it", name, err)
		}
		if s.APIURL != "" || s.OAuthURL != "" {
			t.Errorf("%s: the refused URL was applied: %+v", name, s)
		}
	}
}

func TestLoadAndSaveDropInsecureURLs(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		file          string
		api, oauthURL string
	}{
		{`{"apiUrl": "https://api.example.test", "oauthUrl": "http://127.0.0.1:8080"}`, "https://api.example.test", "http://127.0.0.1:8080"},
		{`{"apiUrl": "http://api.example.test", "oauthUrl": "https://oauth.example.test"}`, "", "https://oauth.example.test"},
		{`{"oauthUrl": "http://oauth.example.test"}`, "", ""},
	} {
		if err := os.WriteFile(filepath.Join(dir, File), []byte(tc.file), 0o600); err != nil {
			t.Fatal(err)
		}
		s, err := Load(dir)
		if err != nil || s.APIURL != tc.api || s.OAuthURL != tc.oauthURL {
			t.Errorf("%s: loaded API %q, OAuth %q (%v); want %q, %q", tc.file, s.APIURL, s.OAuthURL, err, tc.api, tc.oauthURL)
		}
	}
	s := Default()
	s.APIURL = "http://a"
	if err := Save(dir, s); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, File)); strings.Contains(string(data), "http://a") {
		t.Errorf("an insecure URL was saved:\n%s", data)
	}
}
