"""ledgerlint: a rule-based compliance checker for Chinese rectification ledgers and notices."""

__version__ = "0.1.0"
