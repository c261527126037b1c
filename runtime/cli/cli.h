/* zkpot CLI: the subcommand table. Each command lives in runtime/cli/cmd_<name>.c
 * and is listed once in commands.h. */
#ifndef ZKPOT_CLI_H
#define ZKPOT_CLI_H

#include <stdio.h>

enum { CLI_EXIT_OK = 0, CLI_EXIT_INVALID = 1, CLI_EXIT_USAGE = 2, CLI_EXIT_INTERNAL = 3 };

struct cli_cmd {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the command name */
};

#define CLI_CMD(name) extern const struct cli_cmd cli_cmd_##name;
#include "cli/commands.h"
#undef CLI_CMD

#endif
