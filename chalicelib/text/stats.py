"""The statistics page: period, tiles, charts, the table and the CSV export."""

WORDS: dict[str, tuple[str, str]] = {
    "stats.title": ("统计", "Statistics"),
    "stats.period": ("周期", "Period"),
    "stats.including": ("包含日期", "Including"),
    "stats.show": ("查看", "Show"),
    "stats.loading": ("正在加载…", "Loading…"),
    "stats.range": ("{label}：{start} 至 {end}", "{label}: {start} to {end}"),
    "stats.interviews": ("面试", "Interviews"),
    "stats.table": ("统计表", "The statistics table"),
    "stats.measure": ("指标", "Measure"),
    "stats.all": ("全部", "All"),
    "stats.export": ("导出", "Export"),
    "stats.export_intro": (
        "每个周期一行，可直接用表格软件打开。日期留空则导出最近几个周期。",
        "One row per period, ready for a spreadsheet. Leave the dates empty for the last few periods.",
    ),
    "stats.from": ("从", "From"),
    "stats.to": ("到", "To"),
    "stats.download": ("下载 CSV", "Download CSV"),
}
