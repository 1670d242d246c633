"""The HR page's frame: its title and the sections of its navigation."""

WORDS: dict[str, tuple[str, str]] = {
    "hr.title": ("HR", "HR"),
    "nav.sections": ("页面分区", "Sections"),
    "nav.interviews": ("面试", "Interviews"),
    "nav.schedule": ("安排面试", "Schedule interview"),
    "nav.positions": ("职位", "Positions"),
    "nav.tokens": ("人员和令牌", "People and tokens"),
    "nav.statistics": ("统计", "Statistics"),
    "nav.pages": ("页面", "Pages"),
    "nav.hr_page": ("HR 页面", "HR page"),
}
