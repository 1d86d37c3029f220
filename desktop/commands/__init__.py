"""Subcommands of ``dengbao-cli`` contributed by feature modules (each exposes ``register(subparsers)``)."""
