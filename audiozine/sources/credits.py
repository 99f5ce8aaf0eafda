"""Picture credits and licences: what a caption's credit looks like ("Photo: Jane Doe /
Reuters", "(Photo by X on Unsplash)", "Credit: ..."), so that it is not read; a
"Photo:" label before a description is dropped and the description read."""

from __future__ import annotations

import re


#: How a photo credit starts in a caption ("Photo: Jane Doe / Reuters", "Photograph by",
#: "Image courtesy of NASA", "Credit: ...", "Courtesy of the author", "© Ann Lee").
_CREDIT_START = (r"(?:(?:photo(?:graph(?:y|er)?)?|image|picture|illustration|artwork)s?"
                 r"(?:\s+credits?)?\s*(?::|\bby\b|\bcourtesy\b|\bvia\b|©)"
                 r"|credits?\s*:|courtesy\s+of\b|©)")
#: Stock photo sites: a part of a caption naming one is its credit ("Jane Doe/Getty Images").
_STOCK_PHOTOS = r"(?:unsplash|getty\s*images|shutterstock|pexels|pixabay|istock|alamy)"
_PHOTO_CREDIT_IN_BRACKETS = re.compile(
    rf"\s*[(\[](?:\s*{_CREDIT_START}|[^()\[\]]*\b{_STOCK_PHOTOS}\b)[^()\[\]]*[)\]]", re.I)
#: A credit closes a caption: it starts the caption, a sentence, or a part after a dash,
#: a bar or a comma (or is a "©"), and runs to the end.
_PHOTO_CREDIT_AT_END = re.compile(
    rf"(?:^|(?<=[.!?…])\s+|\s+[|—–-]\s+|\s*[,;]\s*|\s+(?=©))"
    rf"(?:{_CREDIT_START}|[^.!?…|—–]*\b{_STOCK_PHOTOS}\b).*$", re.I | re.S)
#: Parts of a class name that mark the credit inside a caption (<span class="credit">).
_CREDIT_CLASS_PARTS = frozenset(("credit", "credits", "attribution", "copyright"))


#: A label opening a caption: "Photo: Jane Smith" (a credit) or "Photo: the harbour at
#: dawn" (a description, read without the label).
_PICTURE_LABEL = re.compile(r"(?:photo(?:graph)?|image|picture|illustration)s?\s*:\s*", re.I)
#: Words that make what follows a picture label a credit: who made the picture, or
#: whose it is ("the author", "staff photographer", "courtesy of", "CC BY", agencies).
_CREDIT_WORDS = re.compile(
    r"\b(?:via|courtesy|credits?|copyright|licen[cs]ed|cc|public domain|own work|"
    r"photographers?|staff|authors?|writer|artist|archives?|collection|library|museum|"
    rf"agency|wikimedia|flickr|associated press|reuters|bloomberg|xinhua|dpa|{_STOCK_PHOTOS})"
    r"\b|\b(?-i:by\s+[A-Z])|©|/", re.I)  # "by Jane Smith", not "by night"
_AGENCY_INITIALS = re.compile(r"\b(?:AP|AFP|EPA|PA|UPI|ANI|NASA|ESA)\b")
#: Small words inside names ("Museum of Modern Art", "Jane Smith for The Times").
_NAME_JOINERS = frozenset("of and for the de da di du del van von der den la le y".split())


def _is_picture_description(text: str) -> bool:
    """Whether `text`, after a "Photo:" label, describes the picture ("the harbour at
    dawn", "A crowded pier", "Fishing boats at dawn") rather than credits it ("Jane
    Smith", "Getty Images", "The Guardian", "A. Smith", "the author"). In doubt, a
    credit: a credit read aloud is worse than a description left out."""
    if _CREDIT_WORDS.search(text) or _AGENCY_INITIALS.search(text):
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*\.?", text)
    if not words:
        return False
    if words[0].islower() or (words[0] in ("The", "A", "An") and len(words) > 1
                              and words[1].islower()):
        return True  # "the harbour", "The old mill"; not "The Guardian", "A. Smith"
    common = [w for w in words if w.islower() and w.rstrip(".") not in _NAME_JOINERS]
    return len(words) >= 3 and len(common) >= 2  # not "Jane Smith for the Times"


def _described_picture(caption: str) -> str | None:
    """"Photo: the harbour at dawn" -> "The harbour at dawn": a caption whose "Photo:"
    label opens a description, not a credit; None for any other caption."""
    label = _PICTURE_LABEL.match(caption)
    if not label:
        return None
    text = _PHOTO_CREDIT_AT_END.sub("", caption[label.end():]).strip().rstrip(",;:|—–-").strip()
    if not _is_picture_description(text):
        return None
    first = text.split(maxsplit=1)[0]
    return text[:1].upper() + text[1:] if first.islower() else text  # not "IPhone"


def _without_photo_credit(caption: str) -> str:
    """"A crowded harbour at dawn. Photo: Jane Doe / Reuters" -> "A crowded harbour at
    dawn.": the caption as read aloud, without its credit ("" when it is only one)."""
    caption = _PHOTO_CREDIT_IN_BRACKETS.sub("", caption)
    described = _described_picture(caption)
    if described:
        return described
    return _PHOTO_CREDIT_AT_END.sub("", caption).strip().rstrip(",;:|—–-").strip()
