"""The receiver's numbered messages (BUNDLE.md "Receiver messages"), in the order they are checked.

Each refusal is a :class:`BundleRefused` whose ``code`` is ``bundle.E04`` etc. and whose ``number`` is ``E04``;
the message says what happened and what the person should do. I01/I02 are outcomes, not errors.
"""

from __future__ import annotations

from app.errors import DomainError
from app.i18n import N_, _

MESSAGES: dict[str, str] = {
    "E01": N_("E01 这不是工会数据包文件"),
    "E02": N_("E02 不接受用口令加密的数据包"),
    "E03": N_("E03 此数据包不是发给本工会的（无法用本工会的密钥打开）"),
    "E04": N_("E04 数据包已损坏或不完整：请对方重新发送一份"),
    "E05": N_("E05 数据包内容格式错误"),
    "E06": N_("E06 数据包格式版本不受支持：请升级工会工作台"),
    "E07": N_("E07 未知的单位（尚未登记）"),
    "E08": N_("E08 签名密钥未在该单位名下登记"),
    "E09": N_("E09 签名密钥已在第{seq}号数据包之后停用"),
    "E10": N_("E10 签名无效：数据包在签名后被改动过"),
    "E11": N_("E11 此数据包是为另一个上级工会准备的"),
    "E12": N_("E12 数据内容与清单不符"),
    "E13": N_("E13 数据结构版本过旧"),
    "E14": N_("E14 数据结构版本过新：请升级工会工作台"),
    "E15": N_("E15 第{seq}号数据包内容与已收到的不一致，已隔离待查"),
    "E16": N_("E16 缺少第{seq}号之后的数据包：请对方从第{seq}号起重新导出"),
    "E17": N_("E17 新的数据序列必须从完整快照开始"),
    "E18": N_("E18 数据记录属于另一个单位"),
    "E19": N_("E19 数据记录重复或相互矛盾"),
    "E21": N_("E21 数据包含有数据政策不允许的字段"),
    "I01": N_("I01 已于{date}导入过，未做任何更改"),
    "I02": N_("I02 比已有数据更旧，已忽略"),
    "W02": N_("W02 合计数不一致，已请求对方发送完整快照"),
    "W03": N_("W03 数据包的创建时间在未来（{date}），已接受"),
    "W04": N_("W04 文件名与清单不符（清单为准：{org} 第{seq}号）"),
}


def message(number: str, **kw: object) -> str:
    text = _(MESSAGES[number])
    return text.format(**kw) if kw else text


class BundleRefused(DomainError):
    """A bundle the receiver will not apply. ``number`` is E01…E21; ``detail`` says where."""

    def __init__(self, number: str, detail: str = "", **kw: object) -> None:
        msg = message(number, **kw)
        if detail:
            msg = _("{msg}（{detail}）").format(msg=msg, detail=detail)
        super().__init__(f"bundle.{number}", msg, details=detail or None)
        self.number = number
        self.detail = detail


class FileUnreadable(BundleRefused):
    """A file the receiver could not read at all (not there, a folder, no permission). Its contents were never seen,
    so it is no verdict on a bundle and has no E-number: the message says what is wrong with the file itself."""

    def __init__(self, error: OSError) -> None:
        if isinstance(error, FileNotFoundError):
            msg = _("找不到这个文件：请检查文件名和所在的文件夹")
        elif isinstance(error, IsADirectoryError):
            msg = _("这是文件夹，不是文件：请选择其中的数据包文件")
        else:
            msg = _("无法读取这个文件：{err}").format(err=error.strerror or error)
        DomainError.__init__(self, "bundle.unreadable", msg, details=str(error))
        self.number = ""
        self.detail = ""
