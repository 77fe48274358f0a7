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

CFLAGS ?=	-O2 -g
WARN =		-Wall -Wextra -Wno-unused-parameter
ALL_CFLAGS =	-std=c11 -D_GNU_SOURCE $(WARN) $(PKG_CFLAGS) -Ilib $(CPPFLAGS) $(CFLAGS)

CMDS =		crm crm-add crm-advance crm-log crm-ls crm-show crm-set \
		crm-funnel crm-stale
BINS =		$(CMDS:%=bin/%)
LIBSRC =	lib/util.c lib/num.c lib/utf8.c lib/when.c lib/money.c \
		lib/rows.c lib/out.c lib/config.c lib/db.c lib/common.c \
		lib/ids.c lib/deal.c lib/activity.c lib/filter.c lib/import.c \
		lib/show.c lib/stale.c lib/funnel.c
GENSRC =	lib/schema.c lib/defconfig.c
LIBOBJ =	$(LIBSRC:.c=.o) $(GENSRC:.c=.o)
UNITSRC !=	ls tests/unit/*.c 2>/dev/null || true
UNITS =		$(UNITSRC:.c=.t)
MAN1 =		$(CMDS:%=man/%.1)
MAN5 =		man/crm-config.5
MAN7 =		man/crm.7

all: $(BINS)

lib/libcrm.a: $(LIBOBJ)
	rm -f $@
	$(AR) rcs $@ $(LIBOBJ)

$(LIBOBJ): lib/crm.h

.c.o:
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

lib/schema.c: lib/schema.sql tools/embed.sh
	sh tools/embed.sh crm_schema_sql lib/schema.sql > $@.tmp && mv $@.tmp $@

lib/defconfig.c: config.example.yaml tools/embed.sh
	sh tools/embed.sh crm_default_config config.example.yaml > $@.tmp && mv $@.tmp $@

$(BINS): bin/%: bin/%.c lib/libcrm.a lib/crm.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< lib/libcrm.a $(PKG_LIBS)

$(UNITS): tests/unit/%.t: tests/unit/%.c lib/libcrm.a lib/crm.h tests/unit/tap.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< lib/libcrm.a $(PKG_LIBS)

check: all $(UNITS)
	prove $(PROVEFLAGS) tests/unit/*.t tests/*.t < /dev/null

demo: all
	sh tests/demo.sh

lint:
	mandoc -Tlint -Wwarning $(MAN1) $(MAN5) $(MAN7)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) \
	    $(DESTDIR)$(FISHCOMPDIR)
	install -m0755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m0644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m0644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	install -m0644 $(MAN7) $(DESTDIR)$(MANDIR)/man7
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
		    $(DESTDIR)$(BASHCOMPDIR)/$$c $(DESTDIR)$(FISHCOMPDIR)/$$c.fish; \
	done
	rm -f $(DESTDIR)$(MANDIR)/man5/crm-config.5 \
	    $(DESTDIR)$(MANDIR)/man7/crm.7 $(DESTDIR)$(ZSHCOMPDIR)/_crm

clean:
	rm -f $(BINS) $(LIBOBJ) $(GENSRC) lib/libcrm.a $(UNITS) lib/*.tmp

.PHONY: all check demo lint install uninstall clean
.SUFFIXES: .c .o .t
