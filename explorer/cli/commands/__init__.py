"""One module per ``strata-cli`` sub-command; each defines ``register(subparsers)``."""
