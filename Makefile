# kforge / libkconf build.  GNU make.
#
#   make                 build build/libkconf.a and ./kforge
#   make SANITIZE=1      same with ASan/UBSan into build-asan/ and ./kforge-asan
#   make demo            run kforge on examples/
#   make unit            build and run tests/unit/*.c
#   make pytest          the kernel's scripts/kconfig/tests (6.1 and 6.12) with kforge as conf
#   make compat-quick    compare kforge with the kernel's conf on a subset of the matrix
#   make compat          the full compatibility matrix (long)
#   make compat-selftest compat-quick with the kernel's conf on both sides
#   make badinput        malformed inputs: no crash, diagnostics, .config untouched
#   make check           everything CI runs
#   make install         PREFIX=/usr/local DESTDIR=

CC      ?= cc
AR      ?= ar
CFLAGS  ?= -std=c11 -O2 -g -Wall -Wextra -Werror -D_GNU_SOURCE
CPPFLAGS ?=
LDFLAGS ?=
LDLIBS  ?=
PREFIX  ?= /usr/local
DESTDIR ?=
VERSION := 0.1.0

SANITIZE ?=
ifeq ($(SANITIZE),1)
  SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer
  B        := build-asan
  KFORGE   := kforge-asan
else
  SANFLAGS :=
  B        := build
  KFORGE   := kforge
endif

ALL_CFLAGS  = $(CFLAGS) $(SANFLAGS) -Iinclude -Ilib $(CPPFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS)

LIB_SRCS  := $(wildcard lib/*.c)
CLI_SRCS  := $(wildcard src/*.c)
UNIT_SRCS := $(wildcard tests/unit/*.c)
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/%.o)
CLI_OBJS  := $(CLI_SRCS:%.c=$(B)/%.o)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
LIBA      := $(B)/libkconf.a

.PHONY: all lib demo check unit unit-asan asan badinput badinput-asan pytest \
        compat compat-quick compat-selftest install uninstall clean deps
.DELETE_ON_ERROR:

all: $(KFORGE)

lib: $(LIBA)

$(B)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(KFORGE): $(CLI_OBJS) $(LIBA)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIBA) $(LDLIBS)

# Unit tests: each tests/unit/NAME.c is one program linked with libkconf.
$(B)/tests/%: tests/unit/%.c $(LIBA) tests/unit/test.h tests/unit/fixture.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIBA) $(LDLIBS)

unit: $(UNIT_BINS)
	@tests/run-unit.sh $(UNIT_BINS)

# ---------------------------------------------------------------- demo
DEMO := build/demo
demo: $(KFORGE)
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	@echo "== kforge conf --alldefconfig examples/Kconfig"
	cd examples && KCONFIG_CONFIG=../$(DEMO)/alldef.config ARCH=x86 \
	    ../$(KFORGE) conf --alldefconfig Kconfig
	@cat $(DEMO)/alldef.config
	@echo "== kforge conf --defconfig=defconfig examples/Kconfig"
	cd examples && KCONFIG_CONFIG=../$(DEMO)/.config ARCH=x86 \
	    ../$(KFORGE) conf --defconfig=defconfig Kconfig
	@echo "== kforge conf --olddefconfig examples/Kconfig"
	cd examples && KCONFIG_CONFIG=../$(DEMO)/.config ARCH=x86 \
	    ../$(KFORGE) conf --olddefconfig Kconfig
	@cat $(DEMO)/.config
	@echo "== kforge why: where a value comes from, and what it takes to change it"
	cd examples && ARCH=x86 ../$(KFORGE) why --config ../$(DEMO)/.config CC_OPTIMIZATION_FLAG NR_CPUS=8

# ---------------------------------------------------------------- tests
deps:
	@tests/install-deps.sh

asan:
	$(MAKE) SANITIZE=1 all

unit-asan:
	$(MAKE) SANITIZE=1 unit

badinput: $(KFORGE)
	@tests/badinput/run.sh ./$(KFORGE)

badinput-asan:
	$(MAKE) SANITIZE=1 kforge-asan
	@tests/badinput/run.sh ./kforge-asan

pytest: $(KFORGE)
	@tests/kernel-pytest.sh 6.1 && tests/kernel-pytest.sh 6.12

compat-quick: $(KFORGE)
	@tests/compat/quick.sh

compat: $(KFORGE)
	@tests/compat/matrix.sh

# The harness checking itself: the kernel's conf on both sides must MATCH.
compat-selftest:
	@KFORGE=@ref tests/compat/quick.sh

check:
	@tests/check.sh

# ---------------------------------------------------------------- bench
# Speed against the kernel's conf, and scaling on synthetic trees; appends to
# bench/RESULTS.md (long; not part of check).  See bench/README.md.
.PHONY: bench bench-scale
bench: $(KFORGE)
	@bench/run.sh
	@bench/scale.sh
bench-scale: $(KFORGE)
	@bench/scale.sh

# ---------------------------------------------------------------- install
install: $(KFORGE) $(LIBA)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig \
	    $(DESTDIR)$(PREFIX)/include/kconf
	install -m 755 $(KFORGE) $(DESTDIR)$(PREFIX)/bin/kforge
	install -m 644 $(LIBA) $(DESTDIR)$(PREFIX)/lib/libkconf.a
	install -m 644 include/kconf/*.h $(DESTDIR)$(PREFIX)/include/kconf/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' kconf.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/kconf.pc
	chmod 644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/kconf.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kforge $(DESTDIR)$(PREFIX)/lib/libkconf.a \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig/kconf.pc
	rm -rf $(DESTDIR)$(PREFIX)/include/kconf

clean:
	rm -rf build build-asan kforge kforge-asan

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(UNIT_BINS:=.d)
