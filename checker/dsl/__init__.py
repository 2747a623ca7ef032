"""The rule language: parse (Lark → AST), check (names and types against the schema), compile (closures)."""
