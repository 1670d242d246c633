"""Words every HR page shares: the top bar, signing in, the language switch, waiting and answers."""

WORDS: dict[str, tuple[str, str]] = {
    "page.skip": ("跳到正文", "Skip to content"),
    "page.sign_out": ("退出", "Sign out"),
    "page.languages": ("界面语言", "Page language"),
    "page.busy": ("正在处理…", "Working…"),
    "page.notices": ("操作结果", "What happened"),
    "page.dismiss": ("关闭", "Dismiss"),
    "sign_in.title": ("登录", "Sign in"),
    "sign_in.explain": (
        "请粘贴发给您的 HR 访问令牌。令牌只保存在当前浏览器标签页中，关闭标签页即失效。",
        "Paste the HR access token you were given. "
        "It is kept in this browser tab only and forgotten when you close it.",
    ),
    "sign_in.token": ("HR 访问令牌", "HR access token"),
    "sign_in.submit": ("登录", "Sign in"),
    "sign_in.missing": ("请输入您的 HR 访问令牌。", "Enter your HR access token."),
    "sign_in.refused": (
        "这个令牌无效或已过期，请向管理员索取新的令牌。",
        "This token is not valid or has expired. Ask your administrator for a new one.",
    ),
    "api.unreachable": (
        "无法连接 ShowUp，请检查网络后重试。",
        "Could not reach ShowUp. Check the connection and try again.",
    ),
    "api.failed": (
        "ShowUp 出错了（{status}），请稍后重试。",
        "ShowUp ran into a problem ({status}). Try again in a moment.",
    ),
    "dialog.cancel": ("返回", "Go back"),
}
