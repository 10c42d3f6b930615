//go:build e2e

package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/utec-tray/utec-tray/app/i18n"
	"github.com/utec-tray/utec-tray/app/i18n/i18ntest"
	"github.com/utec-tray/utec-tray/internal/dbustest"
)

// TestTrayInEachLanguage starts the tray app as a German, French and
// Spanish desktop does (LANG, no LANGUAGE), signed in to the fake cloud,
// and reads its menu and tooltip over D-Bus as a panel does: every label
// is in that language (none is an English text the language has its own
// words for), and the Quit item proves which language it is.
func TestTrayInEachLanguage(t *testing.T) {
	for _, l := range []struct{ code, lang string }{{"de", "de_DE.UTF-8"}, {"fr", "fr_FR.UTF-8"}, {"es", "es_ES.UTF-8"}} {
		t.Run(l.code, func(t *testing.T) {
			e := newEnv(t)
			conn := sessionBus(t)
			startNotifier(t)
			e.login()
			p := e.start(append(e.without("LANGUAGE", "LC_ALL", "LC_MESSAGES"), "LANG="+l.lang))
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			name, err := findTrayItemOf(ctx, conn, p.pid())
			if err != nil {
				r, _ := p.wait(0)
				t.Fatalf("the tray app registered no tray item: %v\n%s", err, r)
			}
			u := &trayUI{t: t, conn: conn, name: name, p: p}
			quit := translation(t, l.code, "menu.quit")
			root := u.watch("the signed-in menu in "+l.code, 20*time.Second, func(root menuItem) bool {
				_, devices := root.Find(startsWith("Front Door"))
				_, hasQuit := root.Find(is(quit))
				return devices && hasQuit && submenusFilled(root)
			})
			tip, err := dbustest.ReadToolTip(conn, name)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("the %s menu:\n%s", l.code, root)
			shown := append(labelParts(root), strings.TrimPrefix(tip.Title, "utec-tray: "))
			left := i18ntest.EnglishLeft(t, l.code, shown)
			if len(left) > 0 {
				t.Errorf("English left in the %s menu: %q; the menu:\n%s", l.code, left, root)
			}
		})
	}
}

// translation is a key's text in a language, as its files hold it.
func translation(t *testing.T, code, key string) string {
	t.Helper()
	m, err := i18n.Messages(code)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := m[key].(string)
	if s == "" {
		t.Fatalf("%s has no %q", code, key)
	}
	return s
}

// labelParts is every label of the menu, whole and in the parts a label
// joins ("Front Door: Locked", "A · B", "locked, door open").
func labelParts(root menuItem) []string {
	var out []string
	var walk func(menuItem)
	walk = func(m menuItem) {
		if m.Label != "" {
			out = append(out, m.Label)
			for _, sep := range []string{": ", " · ", ", "} {
				if parts := strings.Split(m.Label, sep); len(parts) > 1 {
					out = append(out, parts...)
				}
			}
		}
		for _, c := range m.Children {
			walk(c)
		}
	}
	walk(root)
	slices.Sort(out)
	return slices.Compact(out)
}
