"""The HR page's Import panel in Chromium: a GBK spreadsheet checked, its valid rows booked, followed to the end."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from chalicelib import deps
from chalicelib.localdev import invoke
from chalicelib.services.common.clock import iso_utc
from chalicelib.vocabulary import Role
from tests.support.a11y import assert_accessible
from tests.support.api import position_body
from tests.support.browser import LiveApp, future_day, problems, showup_app, sign_in

HEADER = ["姓名", "手机", "邮箱", "期望薪资", "面试时间", "城市"]
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞"]


def gbk_file(tmp_path: Path) -> Path:
    """Ten candidates as a Chinese Excel saves them (GBK); row 4 has a bad email, row 7 a time that is no time."""
    day = future_day(5)
    rows = [
        [name, f"1380013{n:04d}", f"candidate{n}@example.com", "15000", f"{day} {9 + n:02d}:00", "上海"]
        for n, name in enumerate(NAMES)
    ]
    rows[2][2] = "李娜的邮箱"
    rows[5][4] = "下周二下午"
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER, *rows])
    path = tmp_path / "候选人.csv"
    path.write_bytes(out.getvalue().encode("gbk"))
    return path


def check_file(page: Any, live_app: LiveApp, tmp_path: Path) -> dict[str, Any]:
    """Sign in, open the Import panel, choose the position and the GBK file, and have it checked."""
    position = live_app.api("POST", "positions", position_body(title="仓库拣货员"))
    sign_in(page, live_app)
    page.get_by_test_id("import-link").click()
    page.get_by_test_id("import-position").select_option(position["position_id"])
    page.get_by_test_id("import-file").set_input_files(gbk_file(tmp_path))
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    return position


def test_a_gbk_file_is_previewed_in_chinese_and_its_eight_valid_rows_are_booked(
    page_zh: Any, live_app: LiveApp, tmp_path: Path
) -> None:
    seen = problems(page_zh)
    position = check_file(page_zh, live_app, tmp_path)

    expect(page_zh.get_by_test_id("import-encoding")).to_contain_text("GBK/GB18030（Excel 中文版保存）")
    columns = page_zh.get_by_test_id("import-columns")
    expect(columns.locator("tbody tr")).to_have_count(6)
    expect(columns.locator("tr", has_text="手机")).to_contain_text("手机")
    expect(columns.locator("tr", has_text="面试时间")).to_be_visible()
    expect(page_zh.get_by_test_id("import-counts")).to_have_text("共 10 行：8 行正确，2 行有错误。")
    errors = page_zh.get_by_test_id("import-errors").locator("tbody tr")
    expect(errors).to_have_count(2)
    expect(errors.nth(0)).to_contain_text("李娜的邮箱")
    expect(errors.nth(1)).to_contain_text("下周二下午")
    # The messages are ShowUp's, in Chinese.
    expect(errors.nth(0).locator("td").nth(3)).to_contain_text("邮箱地址不完整或有误")
    expect(errors.nth(1).locator("td").nth(3)).to_have_text(re.compile(r"^[\u4e00-\u9fff]"))
    expect(page_zh.get_by_test_id("import-all")).to_be_disabled()
    expect(page_zh.locator("#import-all-why")).to_contain_text("还有 2 处错误")

    page_zh.get_by_test_id("import-valid").click()
    dialog = page_zh.get_by_test_id("ask-dialog")
    expect(dialog).to_contain_text("仓库拣货员")
    expect(dialog).to_contain_text("8")
    page_zh.get_by_test_id("ask-confirm").click()
    expect(page_zh.get_by_test_id("import-progressbar")).to_have_attribute("aria-valuemax", "8")

    # The imports queue's consumer books the chunks, as the local runner would; the panel asks again by itself.
    invoke.drain(showup_app())

    bar = page_zh.get_by_test_id("import-progressbar")
    expect(bar).to_have_attribute("aria-valuenow", "8", timeout=15_000)
    expect(page_zh.get_by_test_id("import-facts")).to_contain_text("已创建 8 场面试")
    link = page_zh.get_by_test_id("import-see")
    expect(link).to_have_attribute(
        "href", f"{live_app.url}?view=week&position={position['position_id']}&day={future_day(5)}#interviews"
    )
    assert len(live_app.api("GET", f"interviews?date={future_day(5)}")["interviews"]) == 8
    assert seen == []


def test_the_import_screen_with_its_error_table_is_accessible_and_fits_375px(
    phone_zh: Any, live_app: LiveApp, tmp_path: Path
) -> None:
    check_file(phone_zh, live_app, tmp_path)
    expect(phone_zh.get_by_test_id("import-errors").locator("tbody tr")).to_have_count(2)
    assert_accessible(phone_zh, "#import-panel", where="the Import panel at 375px")
    width = phone_zh.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the Import panel is {width}px wide on a 375px phone"
    button = phone_zh.get_by_test_id("import-valid").bounding_box()
    assert button is not None and button["x"] >= 0 and button["x"] + button["width"] <= 375


def test_a_viewer_is_not_offered_the_import_panel(page: Any, live_app: LiveApp) -> None:
    viewer = deps.tokens().mint("Auditor", created_at=iso_utc(datetime.now(UTC)), role=Role.VIEWER)
    page.goto(live_app.url + "#import")
    page.locator("#token").fill(viewer)
    page.get_by_test_id("sign-in").click()
    expect(page.get_by_test_id("signed-in-as")).to_be_visible()
    expect(page.get_by_test_id("import-link")).to_be_hidden()
    expect(page.get_by_test_id("import-panel")).to_be_hidden()
    expect(page.locator("#interviews-panel")).to_be_visible()


def downloaded(page: Any, button: Any) -> tuple[str, bytes]:
    """What clicking ``button`` saves: the file's suggested name and its bytes."""
    with page.expect_download() as info:
        button.click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_templates_and_the_problem_report_download_and_the_same_file_again_shows_the_first_import(
    page: Any, live_app: LiveApp, tmp_path: Path
) -> None:
    seen = problems(page)
    check_file(page, live_app, tmp_path)
    expect(page.get_by_test_id("import-encoding")).to_contain_text("GBK/GB18030 (saved by a Chinese Excel)")
    expect(page.get_by_test_id("import-valid")).to_have_text("Import the 8 valid rows")

    name, report = downloaded(page, page.get_by_test_id("import-report"))
    assert name.endswith("-report.csv")
    lines = report.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("row,column,value,message") and len(lines) == 3
    assert "李娜的邮箱" in lines[1] and "下周二下午" in lines[2]

    name, workbook = downloaded(page, page.locator("[data-template='zh-CN xlsx']"))
    assert (name, workbook[:2]) == ("showup-import-template-zh-CN.xlsx", b"PK")
    _, template = downloaded(page, page.locator("[data-template='en csv']"))
    assert template.decode("utf-8-sig").lower().startswith("name,email")

    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-repeated")).to_contain_text("This file was already imported for this position")
    expect(page.get_by_test_id("import-counts")).to_have_text("10 rows: 8 valid, 2 with errors.")
    assert seen == []


def test_a_file_dropped_on_the_zone_is_chosen_and_checking_without_a_position_says_what_is_missing(
    page: Any, live_app: LiveApp
) -> None:
    sign_in(page, live_app)
    page.get_by_test_id("import-link").click()
    dropped = page.evaluate_handle(
        """() => {
          const transfer = new DataTransfer();
          transfer.items.add(new File(["name,email\\r\\nZhang Wei,zhang.wei@example.com\\r\\n"], "people.csv",
                                      { type: "text/csv" }));
          return transfer;
        }"""
    )
    page.get_by_test_id("import-drop").dispatch_event("drop", {"dataTransfer": dropped})
    expect(page.get_by_test_id("import-chosen")).to_have_text("Chosen: people.csv")
    page.get_by_test_id("import-check").click()
    expect(page.get_by_test_id("import-message")).to_have_text("Choose the position first.")
    expect(page.get_by_test_id("import-message")).to_be_focused()
