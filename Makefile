# SPDX-License-Identifier: ISC
# hercert: build both binaries from the same modules, run every test.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/hercert
CONFDIR	?= /etc/hercert

CC	?= cc
PKGS	= libetpan libcurl sqlite3 libarchive libpcre2-8 inih gnutls libsystemd libytnef expat
CPPFLAGS += -D_GNU_SOURCE -iquote daemon -DHERCERT_SHAREDIR=\"$(SHAREDIR)\"
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes \
	-Wstrict-prototypes -Wpointer-arith -Wformat=2 -Wno-format-nonliteral \
	-Wcast-qual -Wwrite-strings -Wvla -Werror=implicit-function-declaration \
	-fstack-protector-strong
# On a fresh machine the .pc files arrive with scripts/install-deps, which
# the entry points (all, check, demo) run before a second make that reads
# these again; the first read may find nothing and stays quiet.
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)

ifeq ($(SANITIZE),1)
CFLAGS	+= -O1 -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS	+= -fsanitize=address,undefined
endif

MAINS	= daemon/hercertd.c daemon/hercertctl.c
SRCS	= $(filter-out $(MAINS),$(wildcard daemon/*.c))
OBJS	= $(SRCS:.c=.o)
LIB	= daemon/libhercert.a
UNIT_SRCS = $(wildcard tests/unit/test-*.c)
UNIT_BINS = $(UNIT_SRCS:.c=)

# The entry points install what is missing first, then build in a second
# make, which reads pkg-config only once the packages are there.
all:
	@scripts/install-deps
	@$(MAKE) --no-print-directory binaries

binaries: hercertd hercertctl

daemon/%.o: daemon/%.c $(wildcard daemon/*.h)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(LIB): $(OBJS)
	rm -f $@
	ar rcs $@ $(OBJS)

hercertd: daemon/hercertd.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ daemon/hercertd.o $(LIB) $(PKG_LIBS)

hercertctl: daemon/hercertctl.o $(LIB)
	$(CC) $(LDFLAGS) -o $@ daemon/hercertctl.o $(LIB) $(PKG_LIBS)

tests/unit/test-%: tests/unit/test-%.c tests/unit/testutil.c \
    tests/unit/testutil.h $(LIB)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< \
		tests/unit/testutil.c $(LIB) $(LDFLAGS) $(PKG_LIBS) $(CMOCKA_LIBS)

unit: $(UNIT_BINS)

check:
	@scripts/install-deps
	@$(MAKE) --no-print-directory binaries unit
	@tests/run-tests

demo:
	@scripts/install-deps
	@$(MAKE) --no-print-directory binaries
	@examples/run-demo

# Classification speed beside pcre2grep on the same mails; bench/README.
bench/bench-classify: bench/bench-classify.c $(LIB)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) \
		$(PKG_LIBS)

bench:
	@scripts/install-deps
	@$(MAKE) --no-print-directory bench/bench-classify
	@bench/run-bench

.PHONY: bench

# The digest of a test state as HTML, photographed by headless Chromium
# for the README (examples/digest-preview.png).
digest-preview:
	@scripts/install-deps chromium
	@$(MAKE) --no-print-directory binaries
	@examples/digest-preview

.PHONY: digest-preview

install: binaries
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/rules \
		$(DESTDIR)$(SHAREDIR)/templates/bijlagen $(DESTDIR)$(CONFDIR)
	install -m 0755 hercertd hercertctl $(DESTDIR)$(BINDIR)
	install -m 0644 rules/*.rules rules/README $(DESTDIR)$(SHAREDIR)/rules
	install -m 0644 $$(find templates -maxdepth 1 -type f) \
		$(DESTDIR)$(SHAREDIR)/templates
	install -m 0644 templates/bijlagen/* \
		$(DESTDIR)$(SHAREDIR)/templates/bijlagen

clean:
	rm -f daemon/*.o $(LIB) hercertd hercertctl $(UNIT_BINS)
	rm -f bench/bench-classify
	rm -rf examples/state

.PHONY: all binaries unit check demo install clean
