"""Run Strata from a source checkout: ``python main.py [FILE]``."""
from explorer.app import main

raise SystemExit(main())
