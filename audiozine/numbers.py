"""Numbers in words, the way an American reader says them.

num2words does the spelling; this module only shapes its output for listening
(no "and" inside numbers, no commas that would make the voice pause) and adds the
forms num2words lacks: digit-by-digit reading, decades, times and money.
"""

from __future__ import annotations

import re

from num2words import num2words

__all__ = [
    "cardinal", "ordinal", "year", "in_pairs", "decade", "digits", "decimal", "money", "clock",
    "plural_of_number_word",
]

_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven",
                "eight", "nine")


def _tidy(words: str) -> str:
    """num2words says "one thousand, two hundred and five"; a US reader drops both.
    Tens and units are written apart ("sixty five"): espeak-ng runs "sixty-five" into
    one word with one stress pattern, which Piper says so that Whisper heard "six to
    five" in 3 of 4 takes of a seed paragraph (0 of 4 written apart, as espeak-ng
    reads the digits "65")."""
    words = words.replace(",", "").replace("-", " ")
    words = re.sub(r"\band\b ?", "", words)
    return re.sub(r"\s+", " ", words).strip()


def _int(value: str | int) -> int:
    return int(str(value).replace(",", "").replace("_", ""))


def cardinal(value: str | int) -> str:
    """'1,234' -> 'one thousand two hundred thirty four'; '-5' -> 'minus five';
    decimals -> 'four point five' (see `decimal`)."""
    text = str(value).strip().replace("\u2212", "-")
    negative = text.startswith("-")
    text = text.lstrip("-+")
    if "." in text:
        words = decimal(text)
    else:
        words = _tidy(num2words(_int(text)))
    return f"minus {words}" if negative else words


def decimal(value: str) -> str:
    """'15.2' -> 'fifteen point two'; '0.00000001' -> 'zero point zero ... one'.
    The fraction is read digit by digit, as people read decimals aloud."""
    whole, _, fraction = str(value).partition(".")
    whole_words = _tidy(num2words(_int(whole))) if whole.strip(",") else "zero"
    if not fraction:
        return whole_words
    return f"{whole_words} point {digits(fraction)}"


def ordinal(value: str | int) -> str:
    """21 -> 'twenty first'."""
    return _tidy(num2words(_int(value), to="ordinal"))


def in_pairs(value: str | int) -> str:
    """Digits said in pairs, as years and identifiers are: 747 -> 'seven forty seven',
    101 -> 'one oh one', 1204 -> 'twelve oh four', 1600 -> 'sixteen hundred'."""
    return _tidy(num2words(_int(value), to="year"))


def year(value: str | int) -> str:
    """1970 -> 'nineteen seventy'; 2008 -> 'two thousand eight'; 2024 -> 'twenty
    twenty four'; 1905 -> 'nineteen oh five'."""
    number = _int(value)
    if 2000 <= number <= 2009:
        return _tidy(num2words(number))
    return in_pairs(number)


def plural_of_number_word(words: str) -> str:
    """'nineteen seventy' -> 'nineteen seventies'; 'six' -> 'sixes'."""
    head, sep, last_part = words.rpartition(" ")
    prefix = head + sep
    if last_part.endswith("y"):
        last_part = last_part[:-1] + "ies"
    elif last_part.endswith(("s", "x")):
        last_part += "es"
    else:
        last_part += "s"
    return prefix + last_part


def decade(value: str) -> str:
    """'1970s' -> 'nineteen seventies'; '90s' -> 'nineties'; '2000s' -> 'two
    thousands'; '1900s' -> 'nineteen hundreds'."""
    number = _int(value)
    if number >= 1000:
        if number % 1000 == 0:
            return plural_of_number_word(_tidy(num2words(number)))
        return plural_of_number_word(year(number))
    return plural_of_number_word(_tidy(num2words(number)))


def digits(value: str) -> str:
    """'555' -> 'five five five' (phone numbers, decimals, codes)."""
    return " ".join(_DIGIT_WORDS[int(ch)] for ch in value if ch.isdigit())


#: currency symbol or code -> (singular, plural, minor singular, minor plural)
CURRENCIES: dict[str, tuple[str, str, str, str]] = {
    "$": ("dollar", "dollars", "cent", "cents"),
    "US$": ("dollar", "dollars", "cent", "cents"),
    "€": ("euro", "euros", "cent", "cents"),
    "£": ("pound", "pounds", "penny", "pence"),
    "¥": ("yen", "yen", "sen", "sen"),
    "₹": ("rupee", "rupees", "paisa", "paise"),
    "₦": ("naira", "naira", "kobo", "kobo"),
}

#: written scale -> spoken scale ("$5K", "$1.2 million", "$3bn")
SCALES: dict[str, str] = {
    "k": "thousand", "thousand": "thousand",
    "m": "million", "mm": "million", "mn": "million", "million": "million",
    "b": "billion", "bn": "billion", "billion": "billion",
    "t": "trillion", "tn": "trillion", "trillion": "trillion",
}


def money(symbol: str, amount: str, scale: str | None = None) -> str:
    """('$', '18.50') -> 'eighteen dollars and fifty cents';
    ('$', '1.2', 'million') -> 'one point two million dollars'."""
    one, many, minor_one, minor_many = CURRENCIES[symbol]
    amount = amount.replace(",", "")
    if scale:
        spoken_scale = SCALES[scale.lower()]
        return f"{cardinal(amount)} {spoken_scale} {many}"
    whole, _, cents = amount.partition(".")
    whole_n = int(whole or "0")
    parts = []
    if whole_n or not cents:
        parts.append(f"{cardinal(whole or '0')} {one if whole_n == 1 else many}")
    if cents and int(cents):
        cents = (cents + "0")[:2] if len(cents) < 2 else cents[:2]
        cents_n = int(cents)
        parts.append(f"{cardinal(cents_n)} {minor_one if cents_n == 1 else minor_many}")
    return " and ".join(parts)


def clock(hour: int, minute: int) -> str:
    """(11, 35) -> 'eleven thirty five'; (11, 5) -> 'eleven oh five';
    (3, 0) -> 'three o'clock' (callers drop "o'clock" before a.m./p.m.)."""
    h = cardinal(hour)
    if minute == 0:
        return f"{h} o'clock"
    if minute < 10:
        return f"{h} oh {cardinal(minute)}"
    return f"{h} {cardinal(minute)}"
