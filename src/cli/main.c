/* main: subcommand dispatch; each command lives in its own cmd_*.c. */
#include "cli.h"

#include <string.h>

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *what;
} commands[] = {
	{"scan", wt_cmd_scan, "find copies and reused passages in a collection"},
	{"explain", wt_cmd_explain, "show the passages two documents share"},
	{"dedup", wt_cmd_dedup, "pass the first copy of each story in a feed, "
				"drop the near-duplicates"},
	{"index", wt_cmd_index, "a persistent index for nightly runs (add, query, "
				"stats, expire, check)"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: wiretrace <command> [options]\n\n"
		"wiretrace %s finds copied and near-duplicate news articles.\n\n"
		"commands:\n", WT_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].what);
	fprintf(f, "\n'wiretrace <command> --help' documents each command.\n"
		"exit status: 0 success, 1 failure (output, memory, disk), 2 bad "
		"usage or bad input\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return WT_EXIT_INPUT;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return WT_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("wiretrace %s\n", WT_VERSION);
		return WT_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	wt_cli_error("unknown command '%s' (see 'wiretrace --help')", argv[1]);
	return WT_EXIT_INPUT;
}
