/* One line per zkpot subcommand, in help order (X-macro; see cli.h). */
CLI_CMD(poseidon)
