/* One line per zkpot subcommand, in help order (X-macro; see cli.h). */
CLI_CMD(poseidon)
CLI_CMD(setup)
CLI_CMD(export_vk)
CLI_CMD(prove)
CLI_CMD(verify)
CLI_CMD(verify_batch)
CLI_CMD(info)
CLI_CMD(ptau)
