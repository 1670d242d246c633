"""The HR page's people and tokens, for admins: mint, list, revoke."""

WORDS: dict[str, tuple[str, str]] = {
    "tokens.title": ("人员和令牌", "People and tokens"),
    "tokens.intro": (
        "给每个人发一个自己的令牌，角色按工作需要给：查看者只能看，招聘专员还能安排和记录，"
        "管理员还能删除候选人信息和管理令牌。吊销的令牌一分钟内失效。",
        "Give each person their own token, in the role their work needs: viewers read, recruiters also "
        "schedule and record, admins also erase candidates and manage tokens. A revoked token stops within a minute.",
    ),
    "tokens.holder": ("使用人", "Holder"),
    "tokens.holder_hint": ("谁会使用它，例如 王芳。", "Who will use it, e.g. Wang Fang."),
    "tokens.role": ("角色", "Role"),
    "tokens.days": ("有效期（天）", "Valid for (days)"),
    "tokens.submit": ("生成令牌", "Mint token"),
    "tokens.list": ("令牌", "Tokens"),
    "tokens.cannot_list": ("无法列出令牌：{problem}", "Could not list tokens: {problem}"),
    "tokens.revoked": ("已吊销", "Revoked"),
    "tokens.expired": ("已过期", "Expired"),
    "tokens.active": ("有效", "Active"),
    "tokens.until": ("{role} · 有效至 {day}", "{role} · until {day}"),
    "tokens.revoke": ("吊销", "Revoke"),
    "tokens.minted": ("{holder} 的令牌，{role}", "Token for {holder}, {role}"),
    "tokens.copy_now": (
        "请现在复制，并当面交给对方：令牌只显示这一次。",
        "Copy it now and hand it over in person: it is shown only this once.",
    ),
    "tokens.ask_revoke": ("吊销 {holder} 的令牌？", "Revoke the token of {holder}?"),
    "tokens.ask_revoke_body": (
        "一分钟内失效，对方需要新的令牌才能登录。",
        "It stops working within a minute; they need a new token to sign in.",
    ),
    "tokens.revoked_done": ("已吊销 {holder} 的令牌。", "The token of {holder} is revoked."),
    "tokens.minted_done": ("已为 {holder} 生成令牌。", "Token minted for {holder}."),
}
