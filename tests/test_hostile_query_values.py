"""Regressions the fuzz test found: values no form would send must not become server errors.

The NUL byte cases fail only on PostgreSQL, which refuses NUL in a query instead of finding
nothing; CI runs them there too.
"""


def test_a_nul_byte_as_the_symptom_is_ignored(client, shipped_content):
    assert client.get("/?symptom=%00").status_code == 200


def test_a_nul_byte_as_a_chain_end_names_no_place(client, shipped_content):
    assert client.get("/chains/?from=%00&to=%00").status_code == 404
    assert client.get("/chains/?from=left-wrist&to=%00").status_code == 404
    assert client.get("/chains/?from=left-wrist&to=lower-back%00").status_code == 404
