# zkpot — top-level build.
#   make            build libzkpot, zkpot, zkc (installs dependencies first)
#   make test       every Check suite (oracle-backed tests included)
#   make demo       the main job end to end
#   make bench      benchmarks, one `name<TAB>value<TAB>unit` line per figure
#   make scale-test sgd.zkc and lora.zkc at 100,000 trained parameters: compile, C and LLVM
#                   witnesses compared and checked (~10 GiB, tens of minutes; not in make test)
#   make deps       install build/test dependencies (apt-get, npm ci); idempotent
#   VERIFY=1        adds internal checks and ASan/UBSan
# Sources are discovered by glob, so a new module needs no Makefile edit:
#   runtime/<mod>/*.c -> libzkpot.a, tests/check_<mod>.c -> Suite *<mod>_suite(void),
#   bench/bench_<mod>.c -> void bench_<mod>(void).

CC      ?= gcc
ifeq ($(origin CC),default)
CC      := gcc
endif
B       := build
NPROC   := $(shell nproc 2>/dev/null || echo 2)
OPT     ?= -O3 -march=native
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS  ?=
CFLAGS  += -std=gnu11 $(OPT) -g $(WARN) -fopenmp -Iruntime/include -Iruntime
LDLIBS  := -lgmp -lm -lcrypto -ljansson
ifeq ($(CI),true)
CFLAGS  += -Werror
endif
ifeq ($(VERIFY),1)
B       := build/verify
CFLAGS  += -DZKP_VERIFY=1 -fsanitize=address,undefined -fno-omit-frame-pointer
# gcc 12's static format/bounds warnings misfire under the sanitizers' instrumentation;
# the sanitizers check those accesses at run time instead
CFLAGS  += -Wno-format-overflow -Wno-format-truncation -Wno-array-bounds
LDFLAGS += -fsanitize=address,undefined
endif

RT_SRC   := $(shell find runtime -name '*.c' -not -path 'runtime/cli/*' -not -path '*/gen/*' | sort)
RT_OBJ   := $(RT_SRC:%.c=$(B)/obj/%.o)
CLI_SRC  := $(sort $(wildcard runtime/cli/*.c))
CLI_OBJ  := $(CLI_SRC:%.c=$(B)/obj/%.o)
TEST_SRC := $(sort $(wildcard tests/check_*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(B)/obj/%.o)
SUITES   := $(patsubst tests/check_%.c,%,$(filter-out tests/check_main.c,$(TEST_SRC)))
BENCH_SRC:= $(sort $(wildcard bench/bench_*.c))
BENCH_OBJ:= $(BENCH_SRC:%.c=$(B)/obj/%.o)
BENCHES  := $(patsubst bench/bench_%.c,%,$(filter-out bench/bench_main.c bench/bench_util.c,$(BENCH_SRC)))

# zkc: flex/bison front end + the rest of compiler/*.c
ZKC_C    := $(sort $(wildcard compiler/*.c))
ZKC_GEN  := $(if $(wildcard compiler/lex.l),$(B)/gen/compiler/lex.c) \
            $(if $(wildcard compiler/parse.y),$(B)/gen/compiler/parse.c)
ZKC_OBJ  := $(ZKC_C:%.c=$(B)/obj/%.o) $(ZKC_GEN:%.c=%.o)
ZKC_CFLAGS = $(shell llvm-config-14 --cflags 2>/dev/null | sed 's/-std=[^ ]*//') -Icompiler -I$(B)/gen/compiler
# LLVM linked statically: loading the shared libLLVM costs ~0.25 s per zkc run here
ZKC_LIBS   = $(shell llvm-config-14 --ldflags --link-static --libs core analysis executionengine mcjit orcjit native passes target 2>/dev/null) \
             $(shell llvm-config-14 --link-static --system-libs 2>/dev/null) -lstdc++

EX_SRC   := $(sort $(wildcard examples/*.c))
EX_BINS  := $(patsubst examples/%.c,$(B)/bin/example_%,$(EX_SRC))

LIB := $(B)/lib/libzkpot.a
BINS := $(B)/bin/zkpot $(if $(ZKC_C),$(B)/bin/zkc) $(EX_BINS)

.PHONY: all build-only deps test demo bench scale-test fuzz fuzz-smoke clean format
all: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build-only
build-only: $(BINS)

deps:
	@bash tests/deps.sh

$(B)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(RT_OBJ)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

# zkpot is linked statically (static-pie: still address-randomized): a process
# start without the dynamic loader and five shared libraries costs ~1.7 ms of
# CPU instead of ~4.4 (`perf stat -r 50 zkpot --version`, 36 page faults
# instead of 87), a tenth of a 2^12 proof. Not under VERIFY (the sanitizers
# need the shared libc); ZKPOT_STATIC=0 links dynamically. --no-warnings
# silences the one warning of such a link: libgomp's offloading plugin loader
# uses dlopen (never called: zkpot has no target regions).
comma := ,
ZKPOT_STATIC ?= $(if $(filter 1,$(VERIFY)),0,1)
ZKPOT_LD := $(if $(filter 1,$(ZKPOT_STATIC)),-static-pie -Wl$(comma)--no-warnings)
ZKPOT_LIBS := $(if $(filter 1,$(ZKPOT_STATIC)),-lgmp -lm -ljansson,$(LDLIBS))

$(B)/bin/zkpot: $(CLI_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) $(ZKPOT_LD) -o $@ $(CLI_OBJ) $(LIB) $(ZKPOT_LIBS)

# ---- examples: examples/<name>.c -> build/bin/example_<name> ----
$(B)/bin/example_%: $(B)/obj/examples/%.o $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS)

# ---- compiler ----
$(B)/gen/compiler/parse.c $(B)/gen/compiler/parse.h: compiler/parse.y
	@mkdir -p $(@D)
	bison -Wall -o $(B)/gen/compiler/parse.c --defines=$(B)/gen/compiler/parse.h $<
$(B)/gen/compiler/lex.c: compiler/lex.l $(B)/gen/compiler/parse.h
	@mkdir -p $(@D)
	flex -o $@ --header-file=$(B)/gen/compiler/lex.h $<
$(B)/gen/compiler/%.o: $(B)/gen/compiler/%.c $(wildcard compiler/*.h)
	$(CC) $(CFLAGS) $(ZKC_CFLAGS) -Wno-unused-function -Wno-sign-compare -Wno-missing-prototypes -c $< -o $@
$(ZKC_C:%.c=$(B)/obj/%.o): $(B)/obj/compiler/%.o: compiler/%.c $(ZKC_GEN)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(ZKC_CFLAGS) -MMD -MP -c $< -o $@
$(B)/bin/zkc: $(ZKC_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(ZKC_OBJ) $(LIB) $(LDLIBS) $(ZKC_LIBS)

# ---- tests: one Check runner, suites discovered from tests/check_<mod>.c ----
$(B)/gen/suites.h: $(TEST_SRC)
	@mkdir -p $(@D)
	@printf '%s\n' $(foreach s,$(SUITES),'SUITE($(s))') > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp
$(B)/obj/tests/check_main.o: $(B)/gen/suites.h
$(B)/obj/tests/%.o: CFLAGS += -Wno-missing-prototypes -I$(B)/gen -Itests $(shell pkg-config --cflags check 2>/dev/null)
$(B)/bin/check_zkpot: $(TEST_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(TEST_OBJ) $(LIB) $(LDLIBS) $(shell pkg-config --libs check)

test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build-only $(B)/bin/check_zkpot
	@$(MAKE) --no-print-directory fuzz-smoke
	ZKPOT_BIN=$(CURDIR)/$(B)/bin ZKPOT_ROOT=$(CURDIR) $(B)/bin/check_zkpot
	@# the MSM again on the scalar field kernels (the default run uses AVX-512 IFMA where the CPU has it)
	ZKPOT_NO_IFMA=1 ZKPOT_BIN=$(CURDIR)/$(B)/bin ZKPOT_ROOT=$(CURDIR) $(B)/bin/check_zkpot msm

# ---- fuzz: libFuzzer harnesses tests/fuzz/fuzz_<fmt>.c (clang, ASan/UBSan) ----
#   make fuzz             each harness for FUZZ_SECONDS (default 60)
#   make fuzz-smoke       each for 3 s; part of `make test`
FUZZ_CC    ?= clang-14
FUZZ_SECONDS ?= 60
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS  := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_RT    := $(RT_SRC) # the parsers call into the whole runtime (ptau.c: MSM, NTT)
FUZZ_CFLAGS := -std=gnu11 -O1 -g -fno-omit-frame-pointer -fopenmp -Iruntime/include -Iruntime \
              -fsanitize=address,undefined -fno-sanitize-recover=undefined
$(B)/fuzz/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@
$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_RT:%.c=$(B)/fuzz/obj/%.o)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ -lgmp -lm -lcrypto -ljansson
.PRECIOUS: $(B)/fuzz/obj/%.o
fuzz-run = for f in $(FUZZ_BINS); do n=$$(basename $$f); c=$(B)/fuzz/corpus/$$n; mkdir -p $$c; \
	ZKPOT_FUZZ_SEED_DIR=$$c $$f -max_total_time=$(1) -max_len=4096 -print_final_stats=0 $$c \
	2>$(B)/fuzz/$$n.log || { tail -40 $(B)/fuzz/$$n.log; exit 1; }; \
	echo "fuzz $$n: $$(grep -o 'Done [0-9]* runs' $(B)/fuzz/$$n.log) in $(1) s"; done
fuzz: deps $(FUZZ_BINS)
	@$(call fuzz-run,$(FUZZ_SECONDS))
fuzz-smoke: $(FUZZ_BINS)
	@$(call fuzz-run,3)

# ---- benchmarks ----
$(B)/gen/benches.h: $(BENCH_SRC)
	@mkdir -p $(@D)
	@printf '%s\n' $(foreach s,$(BENCHES),'BENCH($(s))') > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@; rm -f $@.tmp
$(B)/obj/bench/bench_main.o: $(B)/gen/benches.h
$(B)/obj/bench/%.o: CFLAGS += -Wno-missing-prototypes -I$(B)/gen -Ibench
$(B)/bin/bench_zkpot: $(BENCH_OBJ) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(BENCH_OBJ) $(LIB) $(LDLIBS)

bench: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build-only $(B)/bin/bench_zkpot
	ZKPOT_BIN=$(CURDIR)/$(B)/bin ZKPOT_ROOT=$(CURDIR) $(B)/bin/bench_zkpot $(BENCH_ARGS)

# bench_zkc's scale mode (sizes: ZKC_SCALE_P, ZKC_SCALE_D/K/R, ZKC_SCALE_ONLY=sgd|lora; see bench/bench_zkc.c)
scale-test: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build-only $(B)/bin/bench_zkpot
	ZKC_SCALE=1 ZKPOT_BIN=$(CURDIR)/$(B)/bin ZKPOT_ROOT=$(CURDIR) $(B)/bin/bench_zkpot zkc

demo: deps
	@$(MAKE) --no-print-directory -j$(NPROC) build-only
	@bash examples/demo.sh $(B)/bin

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build

-include $(shell find $(B)/obj $(B)/fuzz/obj -name '*.d' 2>/dev/null)
