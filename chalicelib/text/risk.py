"""Words of the call form's answers and of the no-show probability shown after a call."""

WORDS: dict[str, tuple[str, str]] = {
    "risk.attendance": ("候选人说会来吗", "Will they come, in their words"),
    "risk.not_asked": ("未问", "Not asked"),
    "risk.commitments_hint": (
        "点一下记录候选人的回答；没问到的保持“未问”。",
        "One tap for each answer; leave what you did not ask as “not asked”.",
    ),
    "risk.more_commitments": ("候选人主动提到的其他情况", "Other answers they volunteered"),
    "risk.logged": ("通话已记录", "Call logged"),
    "risk.at_risk": ("可能不来。", "At risk. "),
    "risk.confirm_directly": ("请直接确认是否出席。", "Confirm attendance directly."),
    "risk.probability": ("爽约概率 {percent}%", "No-show probability {percent}%"),
    "risk.factors": ("影响爽约概率的因素", "What moves the no-show probability"),
    "risk.factor": ("因素", "Factor"),
    "risk.effect": ("影响（对数几率）", "Effect (log-odds)"),
    "risk.model": ("模型 {version}", "Model {version}"),
}
