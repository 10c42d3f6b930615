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

.PHONY: all build demo test deps-build deps-test vet lint unit keyring dbus e2e fuzz soak bench package screenshots clean

all: build

deps-build:
	@scripts/deps.sh build

deps-test:
	@scripts/deps.sh test

build: deps-build
	$(GO) build $(BUILDFLAGS) -o $(BIN) .

demo: build
	./$(BIN) --demo

vet:
	$(GO) vet ./...

lint:
	$(STATICCHECK) ./...

# Unit and integration tests that need no keyring, display or bus.
unit:
	$(GO) test -race -count=1 ./...

# The token store against a real Secret Service (gnome-keyring on a
# private session bus).
keyring:
	scripts/with-keyring.sh $(GO) test -race -count=1 -tags keyring ./app/tokenstore/

# Tests that need a session bus: the D-Bus helpers the end-to-end tests use,
# and the notifications against a fake daemon (hung, with buttons, clicked).
# A bus each: both take the notification daemon's name, and go test runs
# packages at the same time.
dbus:
	dbus-run-session -- $(GO) test -race -count=1 ./internal/dbustest/
	dbus-run-session -- $(GO) test -race -count=1 ./app/notify/

# The built binary end to end: the CLI against the fake cloud and the real
# keyring; the tray under Xvfb, read and clicked over D-Bus, with a
# notification catcher on the same bus.
e2e: build
	UTEC_TRAY_BIN=$(CURDIR)/$(BIN) scripts/with-session.sh $(GO) test -count=1 -tags e2e ./e2e/

# Every fuzz target for a short, fixed time, on top of the committed seeds.
fuzz:
	scripts/fuzz.sh $(FUZZTIME)

test: deps-test vet lint unit keyring dbus e2e fuzz

# The tray against a cloud that flips a lock over and over, for minutes
# (make test runs it for 15 s).
soak:
	UTEC_SOAK=$${UTEC_SOAK:-5m} $(GO) test -count=1 -run TestSoak -timeout 30m -v ./app/tray/

bench: deps-test
	scripts/bench.sh

# Every wizard step and settings tab, light and dark, and the tray as a
# person sees it in a real panel (xfce4-panel, dunst), into docs/screenshots.
screenshots: deps-test
	scripts/screenshots.sh docs/screenshots
	scripts/panel-screenshots.sh docs/screenshots

package: deps-build
	$(FYNE) package -os linux -name utec-tray -icon assets/icon.png -release

clean:
	rm -rf bin dist
