"""Strata: an offline document explorer for long PDFs and transcripts."""
__version__ = "0.1.0"
APP_ID = "org.strata.Explorer"
APP_NAME = "Strata"
