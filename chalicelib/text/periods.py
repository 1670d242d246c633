"""A statistics period named as people say it, instead of its key ("2026-W49", "2026-12")."""

WORDS: dict[str, tuple[str, str]] = {
    "period.week": ("{year} 年第 {week} 周", "Week {week}, {year}"),
}
