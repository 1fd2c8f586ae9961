"""CLI subcommands, one module per area. Each module has ``register(subparsers)``; app/cli.py lists them."""
