"""The HR page's outcome form: what happened at an interview that has started."""

WORDS: dict[str, tuple[str, str]] = {
    "outcome.outcome": ("结果", "Outcome"),
    "outcome.reason": ("未到场原因", "Why they did not come"),
    "outcome.choose_reason": ("请选择原因", "Choose a reason"),
    "outcome.submit": ("记录结果", "Record outcome"),
}
