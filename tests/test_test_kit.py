"""The test kit's groups: every test is in one, found from what it uses, and a unit test cannot reach moto."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from moto import mock_aws

from tests.support.groups import GROUPS, group

MODULE = """
import subprocess

import pytest
from moto import mock_aws


@pytest.fixture
def ses():
    with mock_aws():
        yield


def test_sends_through_a_fixture(ses): ...


def test_starts_moto_itself():
    with mock_aws():
        pass


@mock_aws
def test_decorated(): ...


def serving():
    return subprocess.Popen(["python", "-m", "devtools.run"])


def started():
    return serving()


def test_serves_the_app():
    started()


def test_formats_a_date(tmp_path): ...
"""


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "test_example.py"
    path.write_text(MODULE, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("function", "fixtures", "expected"),
    [
        ("test_sends_through_a_fixture", ["ses"], "moto"),
        ("test_starts_moto_itself", [], "moto"),
        ("test_decorated", [], "moto"),
        # Through helpers of its module, however deep.
        ("test_serves_the_app", [], "moto"),
        # The kit's fixtures start moto too, whichever module uses them.
        ("test_formats_a_date", ["api", "client", "token", "resources"], "moto"),
        ("test_formats_a_date", ["tmp_path", "override", "now"], "unit"),
    ],
)
def test_a_test_is_in_the_moto_group_when_it_or_a_fixture_it_uses_starts_moto(
    module: Path, function: str, fixtures: list[str], expected: str
) -> None:
    assert group(module, function, fixtures) == expected


def test_tests_under_the_browser_folder_are_browser_tests(tmp_path: Path) -> None:
    (tmp_path / "browser").mkdir()
    path = tmp_path / "browser" / "test_page.py"
    path.write_text("def test_page(): ...\n", encoding="utf-8")

    assert group(path, "test_page", []) == "browser"


def test_every_collected_test_is_in_exactly_one_group(request: pytest.FixtureRequest) -> None:
    found = {item.nodeid: [name for name in GROUPS if item.get_closest_marker(name)] for item in request.session.items}

    assert {nodeid: groups for nodeid, groups in found.items() if len(groups) != 1} == {}


# Marked by hand, which the marking keeps: this is the unit test that reaches moto anyway.
@pytest.mark.unit
def test_a_unit_test_that_reaches_moto_fails_at_its_first_call(request: pytest.FixtureRequest) -> None:
    assert not request.node.get_closest_marker("moto")

    with mock_aws(), pytest.raises(EndpointConnectionError, match="unit-tests-have-no-aws"):
        boto3.client("sqs", region_name="us-east-1").list_queues()
