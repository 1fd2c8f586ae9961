"""Chinese fonts by role, found on the system at run time and embedded as subsets.

Roles (GB/T 9704-2012): ``body`` 仿宋, ``title`` 小标宋 (else 黑体), ``heading`` 黑体 (一、), ``kai`` 楷体 (（一）),
``number`` 宋体 (page numbers). Each role looks for the Windows font file first, then macOS, then Linux (AR PL
UMing / WenQuanYi Zen Hei — TrueType outlines; Noto CJK is CFF and ReportLab refuses it), after any file the user
picked in settings (``document_fonts``: {role: path}). When nothing usable is found, ReportLab's built-in
``STSong-Light`` (a CID font the PDF names but does not embed) is used and a warning is given once per run.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import N_, _

log = logging.getLogger(__name__)

ROLES = ("body", "title", "heading", "kai", "number")
ROLE_LABELS = {
    "body": N_("正文（仿宋）"), "title": N_("标题（小标宋或黑体）"), "heading": N_("一级标题（黑体）"),
    "kai": N_("二级标题（楷体）"), "number": N_("页码（宋体）"),
}
SETTINGS_KEY = "document_fonts"
FALLBACK_CID = "STSong-Light"

# The family each role is named by in DOCX files (what Word/WPS on Windows will look for).
DOCX_FAMILY = {"body": "仿宋", "title": "黑体", "heading": "黑体", "kai": "楷体", "number": "宋体"}
XIAOBIAOSONG = "方正小标宋简体"

# (file name, face index in a .ttc) in order of preference, per role. File names are matched case-insensitively.
_WIN = {
    "body": [("simfang.ttf", 0), ("fangsong_gb2312.ttf", 0), ("仿宋_gb2312.ttf", 0)],
    "title": [("fzxbsjw.ttf", 0), ("方正小标宋简体.ttf", 0), ("fzxbsk.ttf", 0), ("simhei.ttf", 0)],
    "heading": [("simhei.ttf", 0)],
    "kai": [("simkai.ttf", 0), ("kaiti_gb2312.ttf", 0), ("楷体_gb2312.ttf", 0)],
    "number": [("simsun.ttc", 0), ("simsun.ttf", 0)],
}
_MAC = {
    "body": [("stfangsong.ttf", 0), ("fangsong.ttf", 0), ("songti.ttc", 0)],
    "title": [("stheiti medium.ttc", 0), ("stheiti light.ttc", 0), ("hiragino sans gb.ttc", 0)],
    "heading": [("stheiti medium.ttc", 0), ("stheiti light.ttc", 0), ("hiragino sans gb.ttc", 0)],
    "kai": [("kaiti.ttc", 0), ("stkaiti.ttf", 0), ("stkaiti.ttc", 0)],
    "number": [("songti.ttc", 0), ("stsong.ttf", 0)],
}
_LINUX = {
    "body": [("uming.ttc", 0), ("wqy-zenhei.ttc", 0)],          # face 0 of uming.ttc is AR PL UMing CN
    "title": [("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0), ("uming.ttc", 0)],
    "heading": [("wqy-zenhei.ttc", 0), ("wqy-microhei.ttc", 0), ("uming.ttc", 0)],
    "kai": [("ukai.ttc", 0), ("uming.ttc", 0), ("wqy-zenhei.ttc", 0)],
    "number": [("uming.ttc", 0), ("wqy-zenhei.ttc", 0)],
}


def font_dirs() -> list[Path]:
    """Where the system keeps font files (existing folders only)."""
    home = Path.home()
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        cands = [windir / "Fonts", Path(os.environ.get("LOCALAPPDATA", str(home))) / "Microsoft/Windows/Fonts"]
    elif sys.platform == "darwin":
        cands = [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"),
                 Path("/Library/Fonts"), home / "Library/Fonts"]
    else:
        xdg = Path(os.environ.get("XDG_DATA_HOME", str(home / ".local/share")))
        cands = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), xdg / "fonts", home / ".fonts"]
    return [d for d in cands if d.is_dir()]


def _candidates() -> dict[str, list[tuple[str, int]]]:
    # Windows files first everywhere (a Linux or Mac user may have copied them), then the platform's own.
    out: dict[str, list[tuple[str, int]]] = {}
    for role in ROLES:
        out[role] = _WIN[role] + _MAC[role] + _LINUX[role]
    return out


_index_lock = threading.Lock()
_index: dict[str, Path] | None = None


def _file_index() -> dict[str, Path]:
    """Lower-cased file name → path, for the font folders (walked once per run)."""
    global _index
    with _index_lock:
        if _index is None:
            idx: dict[str, Path] = {}
            for d in font_dirs():
                for root, _dirs, files in os.walk(d):
                    for f in files:
                        if f.lower().endswith((".ttf", ".ttc", ".otf")):
                            idx.setdefault(f.lower(), Path(root) / f)
            _index = idx
        return _index


@dataclass(frozen=True)
class FontChoice:
    role: str
    name: str                    # the name registered with ReportLab
    path: Path | None            # None for the STSong-Light fallback
    face: int = 0
    family: str = ""             # the font's own family name (for messages)


@dataclass
class FontSet:
    """The ReportLab font name for each role, and what the DOCX files name."""

    choices: dict[str, FontChoice]
    warnings: list[str] = field(default_factory=list)

    @property
    def fallback(self) -> bool:
        return any(c.path is None for c in self.choices.values())

    def __getitem__(self, role: str) -> str:
        return self.choices[role].name

    def docx_family(self, role: str) -> str:
        c = self.choices[role]
        if role == "title" and c.path is not None and ("小标宋" in c.path.name or c.path.name.lower().startswith(
                "fzxbs")):
            return XIAOBIAOSONG
        return DOCX_FAMILY[role]

    @property
    def warning(self) -> str | None:
        return "\n".join(self.warnings) if self.warnings else None


_registered: dict[tuple[str, int], FontChoice] = {}
_reg_lock = threading.Lock()


def _register(role: str, path: Path, face: int) -> FontChoice:
    """Register a TrueType file with ReportLab (once per file and face). Raises on CFF/broken files."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    key = (str(path), face)
    with _reg_lock:
        got = _registered.get(key)
        if got is None:
            digest = hashlib.sha1(f"{path}|{face}".encode()).hexdigest()[:8]
            stem = "".join(ch for ch in path.stem if ch.isascii() and ch.isalnum())[:20] or "font"
            name = f"UD-{stem}-{face}-{digest}"
            tt = TTFont(name, str(path), subfontIndex=face)
            if tt.face.charToGlyph.get(ord("中")) is None:
                raise ValueError("no Chinese glyphs")
            pdfmetrics.registerFont(tt)
            fam = tt.face.name.decode("latin-1") if isinstance(tt.face.name, bytes) else str(tt.face.name)
            got = FontChoice(role, name, path, face, fam)
            _registered[key] = got
    return FontChoice(role, got.name, got.path, got.face, got.family)


def _fallback(role: str) -> FontChoice:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    with _reg_lock:
        if FALLBACK_CID not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
    return FontChoice(role, FALLBACK_CID, None, 0, FALLBACK_CID)


def user_fonts() -> dict[str, str]:
    from app import settings

    val = settings.get(SETTINGS_KEY) or {}
    return {k: str(v) for k, v in val.items() if k in ROLES and v} if isinstance(val, dict) else {}


def set_user_font(role: str, path: str | None) -> None:
    """Pick a font file for a role (None clears it). Checks that ReportLab can embed it."""
    from app import settings
    from app.errors import DomainError

    if role not in ROLES:
        raise DomainError("fonts.role", _("未知的字体用途：{r}").format(r=role), "role")
    cur = user_fonts()
    if path:
        p = Path(path).expanduser()
        try:
            _register(role, p, 0)
        except Exception as e:  # noqa: BLE001 — any failure means the file cannot be used
            raise DomainError("fonts.unusable", _("无法使用字体文件 {f}：{err}（需要含中文字形的 TrueType 字体，"
                                                  "OpenType/CFF 字体不能嵌入）").format(f=p, err=e), "path") from e
        cur[role] = str(p)
    else:
        cur.pop(role, None)
    settings.set_values(**{SETTINGS_KEY: cur})


def resolve_fonts(*, search: bool = True) -> FontSet:
    """The font for each role. ``search=False`` skips the system (tests of the fallback)."""
    choices: dict[str, FontChoice] = {}
    warnings: list[str] = []
    picked = user_fonts()
    index = _file_index() if search else {}
    cands = _candidates()
    for role in ROLES:
        choice: FontChoice | None = None
        if role in picked:
            try:
                choice = _register(role, Path(picked[role]), 0)
            except Exception as e:  # noqa: BLE001
                warnings.append(_("设置中为“{role}”选择的字体文件无法使用（{f}：{err}），已改用系统字体。").format(
                    role=_(ROLE_LABELS[role]), f=picked[role], err=e))
        if choice is None:
            for fname, face in cands[role]:
                p = index.get(fname)
                if p is None:
                    continue
                try:
                    choice = _register(role, p, face)
                    break
                except Exception as e:  # noqa: BLE001 — e.g. a CFF font: try the next one
                    log.info("font %s unusable: %s", p, e)
        if choice is None:
            choice = _fallback(role)
        choices[role] = choice
    missing = [r for r, c in choices.items() if c.path is None]
    if missing:
        warnings.append(_("没有找到可嵌入的中文字体（{roles}），已改用 PDF 内置的宋体 STSong-Light；"
                          "这份 PDF 在其他电脑上显示和打印的效果可能不同。可在设置中为各用途选择字体文件。").format(
            roles="、".join(_(ROLE_LABELS[r]) for r in missing)))
    return FontSet(choices, warnings)


_warned: set[str] = set()


def warn_once(fs: FontSet) -> str | None:
    """The font warning the first time it comes up in this run; None afterwards (say it once)."""
    w = fs.warning
    if not w or w in _warned:
        return None
    _warned.add(w)
    return w


def reset_for_tests() -> None:
    global _index
    _index = None
    _warned.clear()
