# utec-tray. The two commands a newcomer needs:
#   make demo   run the tray app against the built-in demo cloud
#   make test   everything CI checks
# Both install missing Debian/Ubuntu packages first (or print the command).

GO          ?= go
BIN         := bin/utec-tray
STATICCHECK := $(GO) tool -modfile=tools/go.mod staticcheck
FYNE        := $(GO) tool -modfile=tools/go.mod fyne
FUZZTIME    ?= 5s
# One set of build flags for the binary, so that CI compiles the cgo GL
# code once.
BUILDFLAGS  :=
# The version comes from FyneApp.toml (what fyne package and the Windows
# version resource use too) and is linked into the binary here: this is the
# one place that names the variable it lands in.
VERSION     := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS     := -X main.version=$(VERSION)
# The Windows build: cross-compiled with mingw-w64, a GUI-subsystem
# executable (no console window when started from Explorer).
WINEXE      := bin/windows/utec-tray.exe
WINENV      := CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc

.PHONY: all build demo test deps-build deps-test deps-dist vet vet-cross lint unit keyring dbus e2e fuzz soak bench package dist test-dist windows test-wine test-desktops screenshots clean

all: build

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

deps-dist:
	@scripts/deps.sh dist

build: deps-build
	$(GO) build $(BUILDFLAGS) -ldflags "$(LDFLAGS)" -o $(BIN) .

demo: build
	./$(BIN) --demo

vet:
	$(GO) vet ./...

# What can be checked of the other systems' builds here: go vet of every
# package that needs no cgo there, for macOS and Windows (make windows
# compiles the rest for Windows).
vet-cross: deps-dist
	scripts/vet-cross.sh darwin windows

lint:
	$(STATICCHECK) ./...

# Translations: every language file parses and has exactly English's keys,
# and the CLI and the menu come out in each language (also part of unit).
.PHONY: i18n
i18n:
	$(GO) test -count=1 ./app/i18n/ ./app/cli/ ./app/view/ -run 'TestFilesMatchEnglish|TestLoadEachLanguage|InEachLanguage|TestEveryCallMatchesEnglish'

# Fyne's own extractor (fyne translate, pinned in tools/go.mod) run over
# the code adds nothing to the English files (the walk of our i18n.T and
# i18n.Plural calls is TestEveryCallMatchesEnglish, in unit).
.PHONY: translate-check
translate-check:
	UTEC_FYNE="$(GO) tool -modfile=$(CURDIR)/tools/go.mod fyne" $(GO) test -count=1 -run TestFyneTranslateAddsNothing ./app/i18n/

# Unit and integration tests that need no keyring, display or bus.
unit:
	$(GO) test -race -count=1 ./...
	cd third_party/fyne && $(GO) test -race -count=1 ./internal/painter/

# The token store against a real Secret Service (gnome-keyring on a
# private session bus).
keyring:
	scripts/with-keyring.sh $(GO) test -race -count=1 -tags keyring ./app/session/tokenstore/

# Tests that need a session bus: the D-Bus helpers the end-to-end tests use,
# and the notifications against a fake daemon (hung, with buttons, clicked).
# A bus each: both take the notification daemon's name, and go test runs
# packages at the same time.
dbus:
	dbus-run-session -- $(GO) test -race -count=1 ./internal/dbustest/
	dbus-run-session -- $(GO) test -race -count=1 ./app/platform/notify/

# The built binary end to end: the CLI against the fake cloud and the real
# keyring; the tray under Xvfb, read and clicked over D-Bus, with a
# notification catcher on the same bus; and the patched Fyne run loop in a
# real Fyne app (e2e/fyneloop).
e2e: build
	UTEC_TRAY_BIN=$(CURDIR)/$(BIN) scripts/with-session.sh $(GO) test -count=1 -tags e2e ./e2e/
	scripts/with-session.sh $(GO) test -count=1 -tags e2e ./e2e/fyneloop/

# Every fuzz target for a short, fixed time, on top of the committed seeds.
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

test: deps-test vet lint unit translate-check keyring dbus e2e fuzz

# The tray against a cloud that flips a lock over and over, for minutes
# (make test runs it for 15 s).
soak:
	UTEC_SOAK=$${UTEC_SOAK:-5m} $(GO) test -count=1 -run TestSoak -timeout 30m -v ./app/ui/tray/

bench: deps-test
	scripts/bench.sh

# Every wizard step and settings tab, light and dark, and the tray as a
# person sees it in a real panel (xfce4-panel, dunst), into docs/screenshots.
screenshots: deps-test
	scripts/screenshots.sh docs/screenshots
	scripts/panel-screenshots.sh docs/screenshots

# The tray on real desktops' own panels and notification servers (Xfce,
# LXQt, KDE Plasma, GNOME on Xvfb; sway + waybar headless), each in a
# throwaway session: icon registered and drawn, menu, quick panel, a
# notification with Lock, and Lock locks.
# Pictures and logs in bin/desktops/<desktop>/.
test-desktops:
	@scripts/deps.sh desktops
	scripts/test-desktops.sh

# The tarball for Linux systems without dpkg: fyne package around the
# binary make build made (the same one the .deb ships). fyne package adds
# one to Build in FyneApp.toml on every run; the copy put back afterwards
# keeps a CI run or a local make dist from changing the checkout.
package: build
	cp FyneApp.toml bin/FyneApp.toml.orig
	$(FYNE) package -os linux -name utec-tray -icon assets/icon.png -release --exe $(BIN) ; \
	  status=$$?; mv bin/FyneApp.toml.orig FyneApp.toml; exit $$status

# Both Linux packages, in dist/: utec-tray_VERSION_ARCH.deb and
# utec-tray_VERSION_linux_amd64.tar.xz (repacked with root as the owner and
# LICENSE in it). The .deb's Maintainer comes from DEB_MAINTAINER (see
# scripts/deb.sh).
dist: deps-dist package
	mkdir -p dist
	scripts/tarball.sh utec-tray.tar.xz dist/utec-tray_$(VERSION)_linux_amd64.tar.xz
	rm utec-tray.tar.xz
	scripts/deb.sh $(BIN) $(VERSION) dist

# Installs the .deb on this machine (root or password-less sudo), runs it
# and removes it again; refuses to touch a utec-tray package installed
# before.
test-dist: dist
	UTEC_TRAY_DEB=$(CURDIR)/dist/utec-tray_$(VERSION)_$$(dpkg --print-architecture).deb \
	  UTEC_TRAY_TARBALL=$(CURDIR)/dist/utec-tray_$(VERSION)_linux_amd64.tar.xz \
	  scripts/with-session.sh $(GO) test -count=1 -tags dist -v -timeout 8m ./e2e/dist/

# The Windows executable with the app icon and version resource. The .syso
# that carries them exists only during this build, in the root package.
windows: deps-dist
	mkdir -p $(dir $(WINEXE))
	$(GO) tool -modfile=tools/go.mod go-winres simply --arch amd64 --out rsrc --manifest gui \
	  --icon assets/icon.png --product-name utec-tray --file-description "utec-tray: U-Tec locks in the system tray" \
	  --product-version $(VERSION) --file-version $(VERSION) --original-filename utec-tray.exe
	$(WINENV) $(GO) build $(BUILDFLAGS) -ldflags "-H=windowsgui $(LDFLAGS)" -o $(WINEXE) . ; \
	  status=$$?; rm -f rsrc_windows_amd64.syso; exit $$status

# The Windows executable under Wine against the fake cloud: sign-in,
# devices, lock, sign-out, with the token in Wine's Credential Manager.
# Then the quick panel's Windows placement (app/platform/popover) under Wine.
test-wine: windows
	UTEC_TRAY_EXE=$(CURDIR)/$(WINEXE) UTEC_TRAY_VERSION=$(VERSION) scripts/with-session.sh $(GO) test -count=1 -tags wine -v -timeout 15m ./e2e/wine/
	GOOS=windows GOARCH=amd64 scripts/with-session.sh $(GO) test -count=1 -timeout 5m -exec $(CURDIR)/scripts/wine-exec.sh ./app/platform/popover/

clean:
	rm -rf bin dist rsrc_windows_amd64.syso
