"""The numbered items of a document as a tree: A., I., 1., 1.2., (3), a), and dashes.

Labels are recognised only at the start of a line, and only when they continue a sequence
already open (the next sibling of an open item) or start a new one as its first child ("1.",
"a)", "I.", "(1)"): a wrapped line that happens to begin with "2024." is not an item. An
unnumbered paragraph belongs to the item before it. The "Nơi nhận" list and the signature
block close the body.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}

_LABEL_RE = re.compile(
    r"(?m)^[ \t]*(?:"
    r"(?P<article>(?:Điều|ĐIỀU) \d{1,3})[.:](?=\s)"
    r"|(?P<dotted>\d{1,2}(?:\.\d{1,2}){1,3})\.?(?=\s)"
    r"|(?P<num>\d{1,2})[.)](?=\s)"
    r"|\((?P<paren>\d{1,2})\)(?=\s)"
    r"|(?P<upper>[A-ZĐ])\.(?=\s)"
    r"|(?P<roman>[IVXL]{1,6})[.)](?=\s)"
    r"|(?P<lower>[a-zđ])\)(?=\s)"
    r"|(?P<dash>[-–+•])(?=\s)"
    r")"
)
# Where the body ends: the distribution list or the signature block.
BODY_END_RE = re.compile(
    r"(?m)^[ \t]*(?:Nơi nhận\s*:|NƠI NHẬN\s*:|(?:TM|KT|TL|TUQ|Q)\.\s*(?:ỦY BAN|UỶ BAN|CHỦ TỊCH|BAN|TỈNH|HỘI|THƯỜNG)"
    r"|/\.?\s*$)"
)


@dataclass
class Item:
    """A numbered item; offsets are into the normalized text."""

    style: str  # "article" | "dotted" | "num" | "paren" | "upper" | "roman" | "lower" | "dash"
    value: tuple[int, ...]  # (1,) or (1, 2) for "1.2."
    printed: str  # "1.2", "(3)", "B", "II"
    start: int
    label_end: int
    end: int = 0
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    label: str = ""  # hierarchical label, e.g. "B.I.4"

    @property
    def is_section(self) -> bool:
        """A lettered or Roman-numbered section ("A.", "II."): a heading, never a task itself."""
        return self.style in ("upper", "roman")

    def own_text_end(self) -> int:
        """End of the item's own text, before its first child."""
        return self.children[0].start if self.children else self.end


def roman_value(text: str) -> int | None:
    total, previous = 0, 0
    for char in reversed(text):
        value = _ROMAN_VALUES.get(char)
        if value is None:
            return None
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total if 0 < total < 40 else None


def _first(style: str, value: tuple[int, ...]) -> bool:
    return value[-1] == 1


def body_end(text: str, start: int = 0) -> int:
    """Offset where the body ends (distribution list or signature block), else len(text)."""
    match = BODY_END_RE.search(text, start)
    return match.start() if match else len(text)


def parse_items(text: str, start: int = 0, end: int | None = None) -> list[Item]:
    """All items of ``text[start:end]`` in document order, linked into a tree."""
    end = body_end(text, start) if end is None else end
    items: list[Item] = []
    stack: list[Item] = []
    for match in _LABEL_RE.finditer(text, start, end):
        item = _item_from(match)
        if item is None:
            continue
        placed = _place(stack, item)
        if not placed:
            continue
        items.append(item)
    _close(items, end)
    _assign_dashes(items)
    items = [i for i in items if i.style != "dash" or i.label]
    for item in items:
        item.label = item.label or _label(item)
    return items


def _item_from(match: re.Match[str]) -> Item | None:
    kind = match.lastgroup
    printed = match.group(kind)
    if kind == "dotted":
        value = tuple(int(p) for p in printed.split("."))
    elif kind in ("num", "paren"):
        value = (int(printed),)
    elif kind == "article":
        value = (int(printed.split()[1]),)
    elif kind == "upper" and printed in "IVXL":
        kind, value = "roman", (roman_value(printed),)
    elif kind == "upper":
        value = (ord(printed) - ord("A") + 1,) if printed != "Đ" else (5,)
    elif kind == "roman":
        number = roman_value(printed)
        if number is None:
            return None
        value = (number,)
    elif kind == "lower":
        value = (ord(printed) - ord("a") + 1,) if printed != "đ" else (5,)
    else:
        value = (0,)
    start = match.start(match.lastgroup) - (1 if match.lastgroup == "paren" else 0)
    return Item(kind, value, printed, start, match.end())


def _successor(previous: Item, item: Item) -> bool:
    if item.style == "dotted":
        return (previous.style == "dotted" and len(previous.value) == len(item.value)
                and previous.value[:-1] == item.value[:-1] and item.value[-1] == previous.value[-1] + 1)
    return previous.style == item.style and item.value[0] == previous.value[0] + 1


def _child_of(parent: Item | None, item: Item) -> bool:
    if item.style == "dash":
        return parent is not None
    if item.style == "dotted":
        if parent is None:
            return item.value[-1] == 1
        path = parent.value if parent.style in ("num", "dotted") else None
        return path is not None and item.value[:-1] == path and item.value[-1] == 1
    return _first(item.style, item.value)


def _place(stack: list[Item], item: Item) -> bool:
    """Put ``item`` in the tree if it continues or opens a sequence; False if it is no label."""
    # A letter "I." after "H." is a letter, otherwise Roman; an upper "C."/"D." is a letter.
    for depth in range(len(stack) - 1, -1, -1):
        open_item = stack[depth]
        if item.style == "dash" and open_item.style == "dash":
            item.parent = open_item.parent
            del stack[depth:]
            break
        alt = _as_letter(item) if item.style == "roman" and open_item.style == "upper" else item
        if _successor(open_item, alt):
            if alt is not item:
                item.style, item.value = alt.style, alt.value
            item.parent = open_item.parent
            del stack[depth:]
            break
    else:
        parent = stack[-1] if stack else None
        if not _child_of(parent, item):
            if item.style == "roman" and item.printed in ("I",) or item.style == "upper" and item.printed == "I":
                return False
            return False
        if parent is not None and item.style != "dash" and any(
                s.style == item.style and item.style != "dotted" for s in stack):
            return False  # a second "1." inside an open "1." list is wrapped text, not a new list
        item.parent = parent
    if item.parent is not None:
        item.parent.children.append(item)
    stack.append(item)
    return True


def _as_letter(item: Item) -> Item:
    if len(item.printed) == 1 and item.printed in "IVXL":
        return Item("upper", (ord(item.printed) - ord("A") + 1,), item.printed, item.start, item.label_end)
    return item


def _close(items: list[Item], end: int) -> None:
    """An item ends where the next item that is not its descendant begins."""
    for index, item in enumerate(items):
        item.end = end
        for later in items[index + 1:]:
            ancestor = later.parent
            inside = False
            while ancestor is not None:
                if ancestor is item:
                    inside = True
                    break
                ancestor = ancestor.parent
            if not inside:
                item.end = later.start
                break


def _assign_dashes(items: list[Item]) -> None:
    """Dash lines are items only in a section that has no numbered items ("- Ngày 15/11: ...")."""
    for item in items:
        dashes = [c for c in item.children if c.style == "dash"]
        if dashes and len(dashes) == len(item.children) and item.style in ("upper", "roman"):
            for number, dash in enumerate(dashes, start=1):
                dash.value = (number,)
                dash.label = f"{_label(item)}.{number}"
        else:
            for dash in dashes:
                item.children.remove(dash)


def _own(item: Item) -> str:
    if item.style == "paren":
        return f"({item.value[0]})"
    if item.style == "lower":
        return item.printed
    return item.printed


def _label(item: Item) -> str:
    if item.label:
        return item.label
    if item.style == "dotted":
        return item.printed
    parent = item.parent
    while parent is not None and parent.style == "dash":
        parent = parent.parent
    return f"{_label(parent)}.{_own(item)}" if parent is not None else _own(item)
