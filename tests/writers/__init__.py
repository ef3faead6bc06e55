"""Writers that render rows into each documented format, for round-trip and hostile-input tests.

One module per format, each with `write(rows: list[dict[str, object]]) -> str`, where a row has
the keys of codegen.rows.Row (`code`, `http_status`, `message`, `description`, `solution`).
"""
