"""One module per group of CLI subcommands; each is imported only when its command runs."""
