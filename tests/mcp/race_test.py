"""Two ``wsguard mcp`` processes on one database claim the same task at the same moment."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.mcp.client import clients, race, server_params
from tests.mcp.server_test import server_env
from wsguard.cli import cli


def test_two_servers_claiming_one_task_one_wins(tmp_path: Path, db_url: str) -> None:
    (tmp_path / "rules.yaml").write_text("rules: []\n", encoding="utf-8")
    params = [
        server_params(tmp_path, server_env(tmp_path, WSGUARD_USER=who), "--db", db_url)
        for who in ("ada", "bob")
    ]
    with (tmp_path / "servers.log").open("w") as errlog, clients(params, errlog) as (ada, bob):
        for round_ in range(3):
            task_id = ada.call("add_task", title=f"contended {round_}").data["id"]
            answers = ada.run(
                race,
                [
                    (ada.session, "claim", {"task_id": task_id}),
                    (bob.session, "claim", {"task_id": task_id}),
                ],
            )
            won = [a for a in answers if not a.error]
            lost = [a for a in answers if a.error]
            assert len(won) == 1 and len(lost) == 1, answers
            winner = won[0].data["assigned_to"]
            assert f"{task_id} is already claimed by {winner}" in lost[0].text
            # Both servers see the one outcome.
            for client in (ada, bob):
                seen = client.call("update_task", task_id=task_id).data
                assert seen["assigned_to"] == winner


def test_without_the_sdk_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(__import__("sys").modules, "mcp", None)
    result = CliRunner().invoke(cli, ["mcp"])
    assert result.exit_code == 2
    assert "pip install 'wsguard[mcp]'" in result.output
