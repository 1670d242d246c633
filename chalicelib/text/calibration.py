"""Words of the statistics page's calibration: is the no-show probability right?"""

WORDS: dict[str, tuple[str, str]] = {
    "calibration.title": ("爽约概率准不准", "Is the no-show probability right?"),
    "calibration.explain": (
        "最近 90 天有结果的面试：按预测概率分成十档，比较预测的爽约率和实际的爽约率。点落在虚线上，概率就是准的。",
        "Interviews with an outcome in the last 90 days, in tenths of predicted probability: "
        "the predicted no-show rate against the observed one. On the dashed line, the probability is right.",
    ),
    "calibration.outcomes": ("有结果的面试", "Interviews with an outcome"),
    "calibration.brier": ("Brier 分数（越低越好）", "Brier score (lower is better)"),
    "calibration.auc": ("AUC（越高越好）", "AUC (higher is better)"),
    "calibration.calls": ("“需致电”级别要求的电话", "Calls the “call” level asked for"),
    "calibration.calls_value": ("{asked} 通，其中 {no_shows} 人爽约", "{asked}, of whom {no_shows} did not come"),
    "calibration.model": ("使用的模型", "Model in use"),
    "calibration.prior": ("先验模型（尚未从结果中学习）", "the prior (nothing learned from outcomes yet)"),
    "calibration.learned": ("{version}，基于 {outcomes} 个结果", "{version}, from {outcomes} outcomes"),
    "calibration.chart": ("预测与实际爽约率", "Predicted vs observed no-show rate"),
}
