# crm: plain make.  PREFIX, DESTDIR, CFLAGS, CPPFLAGS and LDFLAGS are honoured.

PREFIX ?=	/usr/local
BINDIR ?=	$(PREFIX)/bin
MANDIR ?=	$(PREFIX)/share/man
DATADIR ?=	$(PREFIX)/share
BASHCOMPDIR ?=	$(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?=	$(DATADIR)/zsh/site-functions
FISHCOMPDIR ?=	$(DATADIR)/fish/vendor_completions.d

PKG_CONFIG ?=	pkg-config
PKGS =		sqlite3 yaml-0.1
PKG_CFLAGS !=	$(PKG_CONFIG) --cflags $(PKGS)
PKG_LIBS !=	$(PKG_CONFIG) --libs $(PKGS)
# PostgreSQL (lib/db-pgsql.c) when pkg-config finds libpq (libpq-dev);
# without it crm refuses database URIs (exit 2).  LIBPQ= builds without.
LIBPQ =		libpq
PG_CFLAGS !=	$(PKG_CONFIG) --exists $(LIBPQ) 2>/dev/null && \
		echo "-DCRM_PGSQL $$($(PKG_CONFIG) --cflags $(LIBPQ))" || true
PG_LIBS !=	$(PKG_CONFIG) --exists $(LIBPQ) 2>/dev/null && \
		$(PKG_CONFIG) --libs $(LIBPQ) || true
HAVE_PG !=	$(PKG_CONFIG) --exists $(LIBPQ) 2>/dev/null && echo 1 || echo 0

CFLAGS ?=	-O2 -g
WARN =		-Wall -Wextra -Wno-unused-parameter
ALL_CFLAGS =	-std=c11 -D_GNU_SOURCE -pthread $(WARN) $(PKG_CFLAGS) $(PG_CFLAGS) \
		-Ilib $(CPPFLAGS) $(CFLAGS)
ALL_LIBS =	$(PKG_LIBS) $(PG_LIBS)

# Where objects, the library, the programs and the tests' programs go, with
# a trailing slash; empty: in place.  check-asan and fuzz build into trees
# of their own, so their objects never end up in a plain build.
O =

# Commands of section 1, and crm-admin of section 8.
CMDS1 =		crm crm-add crm-advance crm-log crm-ls crm-show crm-set \
		crm-funnel crm-stale crm-void
# The customer's people (issue 18).
CMDS1 +=	crm-contact
CMDS =		$(CMDS1) crm-admin
BINS =		$(CMDS:%=$(O)bin/%)
LIBSRC =	lib/util.c lib/num.c lib/utf8.c lib/when.c lib/money.c \
		lib/rows.c lib/out.c lib/config.c lib/db.c lib/db-sqlite.c \
		lib/db-pgsql.c \
		lib/common.c lib/ids.c lib/deal.c lib/activity.c lib/filter.c \
		lib/import.c lib/show.c lib/stale.c lib/funnel.c lib/suggest.c \
		lib/usage.c lib/check.c lib/copy.c lib/stages.c lib/void.c \
		lib/cfgpush.c lib/person.c \
		lib/people.c
# The customer's people (issue 18).
LIBSRC +=	lib/contact.c
GENSRC =	lib/schema.c lib/schema-pg.c lib/schema-pg-8.c lib/schema-pg-9.c lib/defconfig.c
LIBOBJ =	$(LIBSRC:%.c=$(O)%.o) $(GENSRC:%.c=$(O)%.o)
UNITSRC !=	ls tests/unit/*.c 2>/dev/null || true
UNITS =		$(UNITSRC:%.c=$(O)%.t)
# Fuzz targets: tests/fuzz/NAME.c.  make check replays their corpus and
# regression inputs through tests/fuzz/NAME.t, built without libFuzzer.
FUZZ =		config rows date money json
FUZZT =		$(FUZZ:%=$(O)tests/fuzz/%.t)
MAN1 =		$(CMDS1:%=man/%.1)
MAN8 =		man/crm-admin.8
MAN5 =		man/crm-config.5
MAN7 =		man/crm.7

all: $(BINS)

$(O)lib/libcrm.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(LIBOBJ): lib/crm.h lib/db-private.h

$(O)%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/schema.c: lib/schema.sql tools/embed.sh
	sh tools/embed.sh crm_schema_sql lib/schema.sql > $@.tmp && mv $@.tmp $@

lib/schema-pg.c: lib/schema-pg.sql tools/embed.sh
	sh tools/embed.sh crm_schema_pg_sql lib/schema-pg.sql > $@.tmp && mv $@.tmp $@

lib/schema-pg-8.c: lib/schema-pg-8.sql tools/embed.sh
	sh tools/embed.sh crm_schema_pg_8_sql lib/schema-pg-8.sql > $@.tmp && mv $@.tmp $@

lib/schema-pg-9.c: lib/schema-pg-9.sql tools/embed.sh
	sh tools/embed.sh crm_schema_pg_9_sql lib/schema-pg-9.sql > $@.tmp && mv $@.tmp $@

lib/defconfig.c: config.example.yaml tools/embed.sh
	sh tools/embed.sh crm_default_config config.example.yaml > $@.tmp && mv $@.tmp $@

$(BINS): $(O)bin/%: bin/%.c $(O)lib/libcrm.a lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(O)lib/libcrm.a $(ALL_LIBS)

$(UNITS): $(O)tests/unit/%.t: tests/unit/%.c $(O)lib/libcrm.a lib/crm.h \
    tests/unit/tap.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(O)lib/libcrm.a $(ALL_LIBS)

$(FUZZT): $(O)tests/fuzz/%.t: tests/fuzz/%.c tests/fuzz/replay.c \
    tests/fuzz/fuzz.h $(O)lib/libcrm.a lib/crm.h
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -DFUZZ_NAME=\"$*\" -o $@ $< \
	    tests/fuzz/replay.c $(O)lib/libcrm.a $(ALL_LIBS)

check-build: all $(UNITS) $(FUZZT)

check: check-build
	prove $(PROVEFLAGS) $(UNITS) $(FUZZT) tests/*.t < /dev/null
	$(MAKE) check-pg-run

# The database tests once more on a real PostgreSQL (tests/pg/run.sh: a
# throwaway cluster by pg_virtualenv, ~6 s more).  Skipped, saying so,
# when crm is built without libpq or no server is installed.
check-pg: check-build check-pg-run

check-pg-run:
	sh tests/pg/run.sh $(HAVE_PG) $(O)

# The whole suite once more with AddressSanitizer and UBSan, built into
# build-asan/.  Reports also go to build-asan/log/, so one that a test
# does not look at (an exit status it ignores) still fails the run.  GCC's
# shared libubsan beside libasan ignores log_path; linked in, it does not.
# GCC 12 with -fsanitize=undefined sees a null format string on a path the
# sanitizer itself adds to vsnprintf(NULL, 0, ...): not a real one.
ASAN_CFLAGS =	-fsanitize=address,undefined -fno-omit-frame-pointer -g -O1 \
		-Wno-format-truncation
ASAN_LDFLAGS =	-static-libubsan
ASAN_LOG =	$(CURDIR)/build-asan/log
check-asan: all
	$(MAKE) O=build-asan/ CFLAGS='$(ASAN_CFLAGS)' \
	    LDFLAGS='$(LDFLAGS) $(ASAN_LDFLAGS)' check-build
	rm -rf $(ASAN_LOG) && mkdir -p $(ASAN_LOG) && chmod 1777 $(ASAN_LOG)
	st=0; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(ASAN_LOG)/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(ASAN_LOG)/ubsan \
	CRM_TEST_BIN=$(CURDIR)/build-asan/bin \
	    prove $(PROVEFLAGS) build-asan/tests/unit/*.t build-asan/tests/fuzz/*.t \
	    tests/*.t < /dev/null || st=$$?; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(ASAN_LOG)/asan \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(ASAN_LOG)/ubsan \
	CRM_TEST_BIN=$(CURDIR)/build-asan/bin \
	    sh tests/pg/run.sh $(HAVE_PG) build-asan/ || st=$$?; \
	for f in $(ASAN_LOG)/*; do \
		[ -s "$$f" ] || continue; echo "$$f:"; cat "$$f"; st=1; \
	done; \
	exit $$st

# The end-to-end tests with every command under valgrind: build-valgrind/bin
# holds a wrapper for each, put first on PATH by tests/lib.sh.  Each appends
# its report to a log of its own (on a descriptor, so a program that crm
# execs, traced too, does not truncate it).
VALGRIND =	valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --trace-children=yes
VG_DIR =	$(CURDIR)/build-valgrind
check-valgrind: all
	rm -rf $(VG_DIR) && mkdir -p $(VG_DIR)/bin $(VG_DIR)/log
	chmod 1777 $(VG_DIR)/log	# tests run some commands as nobody
	for c in $(CMDS); do \
		printf '#!/bin/sh\nexec 9>>%s/$$$$.log\nexec %s --log-fd=9 %s "$$@"\n' \
		    $(VG_DIR)/log '$(VALGRIND)' $(CURDIR)/bin/$$c \
		    > $(VG_DIR)/bin/$$c && chmod +x $(VG_DIR)/bin/$$c || exit 1; \
	done
	st=0; \
	CRM_TEST_BIN=$(VG_DIR)/bin prove $(PROVEFLAGS) tests/*.t < /dev/null || \
	    st=$$?; \
	for f in $(VG_DIR)/log/*; do \
		[ -s "$$f" ] || continue; echo "$$f:"; cat "$$f"; st=1; \
	done; \
	exit $$st

# libFuzzer: the library once more with clang into build-fuzz/, a fuzzer
# for each of $(FUZZ), each run FUZZ_SECONDS on a copy of its corpus
# (tests/fuzz/corpus/NAME stays as committed).  FUZZ=NAME runs one.
FUZZ_CC =	clang
FUZZ_SAN =	-fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CFLAGS =	-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link \
		$(FUZZ_SAN)
FUZZ_SECONDS =	60
FUZZBINS =	$(FUZZ:%=$(O)fuzz-%)

$(FUZZBINS): $(O)fuzz-%: tests/fuzz/%.c tests/fuzz/fuzz.h $(O)lib/libcrm.a \
    lib/crm.h
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< \
	    $(O)lib/libcrm.a $(ALL_LIBS)

fuzz-build:
	$(MAKE) O=build-fuzz/ CC='$(FUZZ_CC)' CFLAGS='$(FUZZ_CFLAGS)' \
	    FUZZ='$(FUZZ)' fuzz-bins

fuzz-bins: $(FUZZBINS)

fuzz: fuzz-build
	st=0; \
	for t in $(FUZZ); do \
		sh tools/fuzz.sh build-fuzz $$t $(FUZZ_SECONDS) || st=1; \
	done; \
	exit $$st

demo: all
	sh tests/demo.sh

# Not part of check: minutes at the default BENCH_N (see bench/run.sh).
bench: all
	sh bench/run.sh
.PHONY: bench

lint:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN7) $(MAN8)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m0755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
	install -m0644 $(MAN8) $(DESTDIR)$(MANDIR)/man8
	for c in $(CMDS); do \
		install -m0644 completions/crm.bash $(DESTDIR)$(BASHCOMPDIR)/$$c || exit 1; \
	done
	install -m0644 completions/_crm $(DESTDIR)$(ZSHCOMPDIR)/_crm
	for c in $(CMDS); do \
		install -m0644 completions/$$c.fish $(DESTDIR)$(FISHCOMPDIR)/$$c.fish || exit 1; \
	done

uninstall:
	for c in $(CMDS); do \
		rm -f $(DESTDIR)$(BINDIR)/$$c $(DESTDIR)$(MANDIR)/man1/$$c.1 \
		    $(DESTDIR)$(MANDIR)/man8/$$c.8 \
		    $(DESTDIR)$(BASHCOMPDIR)/$$c $(DESTDIR)$(FISHCOMPDIR)/$$c.fish; \
	done
	rm -f $(DESTDIR)$(MANDIR)/man5/crm-config.5 \
	    $(DESTDIR)$(MANDIR)/man7/crm.7 $(DESTDIR)$(ZSHCOMPDIR)/_crm

clean:
	rm -f $(BINS) $(LIBOBJ) $(GENSRC) lib/libcrm.a $(UNITS) $(FUZZT) \
	    lib/*.tmp
	rm -rf build-asan build-valgrind build-fuzz

.PHONY: all check check-build check-pg check-pg-run check-asan check-valgrind fuzz fuzz-build \
	fuzz-bins demo lint install uninstall clean
.SUFFIXES: .c .o .t
