"""User and revenue thresholds: read a figure from the question ("50 million monthly users", "$3M a year") and
compare it with the card's limit, so "Can we use it at our size?" gets a yes or no instead of "it depends"."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

MULTIPLIERS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
               "b": 1e9, "bn": 1e9, "billion": 1e9, "billions": 1e9}
NUMBER = re.compile(
    r"(?P<cur>\$|usd\s?|us\$|€|eur\s?|£|gbp\s?|rmb\s?|cny\s?|¥|jpy\s?|krw\s?|₩)?"
    r"(?P<num>\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)\s?"
    r"(?P<mult>k|thousand|mn|mio|m|million|millions|bn|b|billion|billions)?\b\s?"
    r"(?P<cur2>\$|usd|dollars|euros?|eur|pounds?|gbp|rmb|cny|yuan|renminbi|yen|jpy|won|krw)?",
    re.I,
)
# US dollars per unit, to compare a sum in another currency with a cap written in dollars: fixed, approximate
# rates (the explanation says the sum was converted, and by how much)
USD_PER = {"$": 1.0, "usd": 1.0, "us$": 1.0, "dollars": 1.0, "€": 1.08, "eur": 1.08, "euro": 1.08, "euros": 1.08,
           "£": 1.27, "gbp": 1.27, "pound": 1.27, "pounds": 1.27, "rmb": 0.14, "cny": 0.14, "yuan": 0.14,
           "renminbi": 0.14, "¥": 0.14, "jpy": 0.0067, "yen": 0.0067, "krw": 0.00075, "won": 0.00075, "₩": 0.00075}
USERS = re.compile(r"\b(users?|mau|muus?|monthly actives?|actives|uniques|visitors|customers|subscribers|people)\b",
                   re.I)
REVENUE = re.compile(r"\b(revenue|turnover|sales|make|makes|made|earn\w*|income|gross\w*|profits?|"
                     r"(pull|pulls|pulled|pulling|bring|brings|brought|bringing|rake|rakes|raked|raking) in)\b|\$|usd|"
                     r"dollars", re.I)
# a model's size, not a figure: "llama 2 13b", "qwen2.5-72b", "llama 3.1 8B", "ltx-video 13b": a number glued to
# "b" right after a version, a dash or a hyphenated name, unless a user or revenue word follows it
MODEL_SIZE = re.compile(r"(-|\d\s|[\w.]+-[\w.-]+\s|\b(llama|qwen\S*|gemma|mistral|mixtral|falcon|deepseek|phi|yi|"
                        r"glm|exaone|starcoder\d?|bloom|olmo|nemotron|granite|codellama|vicuna|kimi|hunyuan)\s?)$",
                        re.I)
# the period written right after a sum decides it ("$240M a year, about $20M a month": one of each)
# a revenue word may stand between the sum and its period ("$200M revenue a year", "$5M in sales per month")
REVENUE_WORD = r"((in |of )?(revenue|sales|turnover|income|profit) )?"
YEARLY_AFTER = re.compile(rf"^\W{{0,3}}{REVENUE_WORD}(a|per|each|every|/) ?(year|yr|annum)\b|"
                          rf"^\W{{0,3}}{REVENUE_WORD}(annual(ly)?|yearly|/yr|p\.?a\.?)\b|^\W{{0,3}}arr\b", re.I)
MONTHLY_AFTER = re.compile(rf"^\W{{0,3}}{REVENUE_WORD}(a|per|each|every|/) ?(month|mo)\b|"
                           rf"^\W{{0,3}}{REVENUE_WORD}(monthly|/mo)\b", re.I)
# (the window may cut the words short: "… 50 million monthly acti")
MONTHLY_USERS = re.compile(r"\bmonthly (ac?|act\w*|us\w*|vis\w*|mau)?$|\bmonthly (act|us|vis|mau)\w*", re.I)
MONTHLY = re.compile(r"\b(a|per|each|every) month\b|\bmonthly (revenue|income|sales)\b|\bmonthly\b", re.I)
# a calendar year, not a figure: "in December 2024 we had 3M users", "since 2023". A bare four-digit number in
# this range counts as a figure only when a user or revenue word follows it at once ("2000 users")
YEARS = (1900, 2100)
FOLLOWED_BY_MEASURE = re.compile(r"^\s?(\+\s?)?(users?|mau|monthly|actives?|customers|subscribers|people|dau|seats)\b", re.I)


# a bare number one passes or crosses is a line ("might pass 700M", "the month we cross 700M"), not the asker's own
CROSSED = re.compile(r"\b(pass|cross|hit|reach|exceed|surpass|top|go over|get to|break)\w*\s+(the\s+)?(~|about\s+)?$",
                     re.I)


@dataclass(frozen=True)
class Figure:
    metric: str  # monthly_active_users | annual_revenue_usd | monthly_revenue_usd
    value: float
    text: str
    start: int = 0  # where the figure is in the question


def figures(question: str) -> list[Figure]:
    """The user counts and sums the question states. A scaled number with no measure of its own ("we were at
    about 500M") counts in the one measure the question's other figures give ("~900M MAU now")."""
    found, bare = [], []
    for match in NUMBER.finditer(question):
        number = float(re.sub(r"[,\s]", "", match.group("num")))
        mult = (match.group("mult") or "").lower()
        value = number * MULTIPLIERS.get(mult, 1.0)
        window = question[max(0, match.start() - 40): match.end() + 40]
        currency = (match.group("cur") or match.group("cur2") or "").strip().lower()
        money = bool(currency)
        if money or (REVENUE.search(window) and not USERS.search(question[match.end(): match.end() + 25])):
            metric = _revenue_period(question[match.end(): match.end() + 28], window)
        elif USERS.search(window):
            metric = "monthly_active_users"
        elif mult and not _model_size(question, match, mult, money) and not CROSSED.search(question[:match.start()]):
            bare.append(Figure("", value, match.group(0).strip(), match.start()))
            continue
        else:
            continue
        if value < 10 and not mult:  # "Llama 3.1", "SD 3.5": version numbers, not figures
            continue
        if _model_size(question, match, mult, money) or _year(question, match, mult, money):
            continue
        text = match.group(0).strip()
        if metric != "monthly_active_users" and USD_PER.get(currency, 1.0) != 1.0:
            value *= USD_PER[currency]
            text = f"{text} (about US${value:,.0f} at a fixed approximate rate)"
        found.append(Figure(metric, value, text, match.start()))
    measures = {figure.metric for figure in found}
    if len(measures) == 1 and bare:
        metric = measures.pop()
        found = sorted([*found, *(replace(figure, metric=metric) for figure in bare)], key=lambda f: f.start)
    return found


def _revenue_period(after: str, window: str) -> str:
    if YEARLY_AFTER.search(after):
        return "annual_revenue_usd"
    if MONTHLY_AFTER.search(after):
        return "monthly_revenue_usd"
    # "monthly active users" nearby counts users, not the sum's period
    return "monthly_revenue_usd" if MONTHLY.search(MONTHLY_USERS.sub(" ", window)) else "annual_revenue_usd"


def _year(question: str, match: re.Match, mult: str, money: bool) -> bool:
    """"2024" in "in December 2024 we had 3M users": a date, which the user words nearby do not make a figure."""
    digits = match.group("num")
    if money or mult or not re.fullmatch(r"\d{4}", digits) or not YEARS[0] <= int(digits) <= YEARS[1]:
        return False
    return not FOLLOWED_BY_MEASURE.search(question[match.end("num"):])


def _model_size(question: str, match: re.Match, mult: str, money: bool) -> bool:
    """"13b" in "llama 2 13b" or "qwen2.5-72b": the number of parameters."""
    glued = match.group(0).rstrip().lower().endswith(f"{match.group('num')}{mult}".lower()) and mult == "b"
    following = re.match(r"[ \t]*(\w+([ \t]\w+)?)", question[match.end():])  # the words in the same clause
    if not glued or money or (following and USERS.search(following.group(1))):
        return False
    return bool(MODEL_SIZE.search(question[max(0, match.start() - 12): match.start()]))


def judge(question: str, thresholds: list[dict]) -> tuple[str, str] | None:
    """(verdict, explanation) when the question states a figure a card threshold measures; else None."""
    for figure in figures(question):
        for limit in thresholds:
            if limit.get("metric") != figure.metric:
                continue
            value, cap = figure.value, float(limit["limit"])
            above = value > cap
            verdict = limit.get("above", "no") if above else limit.get("below", "yes")
            side = "above" if above else "at or below"
            note = f" {limit['note']}" if limit.get("note") else ""
            return verdict, (f"You said {figure.text} ({figure.metric.replace('_', ' ')}): that is {side} the "
                             f"limit of {cap:,.0f}.{note}")
    return None


SAME_VALUE = 0.02  # a stated value this near a card's limit (relatively) is that limit: "$10M" for 9,999,999


def is_the_limit(figure: Figure, thresholds: list[dict]) -> bool | None:
    """Whether a figure the question gives as a limit's value is the card's limit for the same measure (None: the
    card sets no limit on that measure)."""
    limits = [float(limit["limit"]) for limit in thresholds if limit.get("metric") == figure.metric]
    if not limits:
        return None
    return any(abs(figure.value - cap) <= SAME_VALUE * cap for cap in limits)


# -- what a cap counts: the whole business, or only the part that uses the model --------------------------------
MEASURE_WORD = r"(?:revenues?|income|sales|money|earnings|turnover|users?|mau|monthly active users|customers)"
WHOLE_WORDS = {"the", "our", "my", "annual", "yearly", "total", "gross", "net", "overall", "global", "company",
               "group", "combined", "all", "whole", "entire"}
# the asker narrows the cap's measure to the part the model touches: "it only counts AI revenue", "only the revenue
# from the sd-powered thing counts", "just the users of the chatbot feature"
NARROWED = re.compile(
    rf"\bonly (?:count|counts|counting|include|includes|looks? at|measures?|applies to|cares about) "
    rf"(?P<a>(?:[\w.'-]+ ){{1,4}}?){MEASURE_WORD}\b|"
    rf"\b(?:only|just) (?:the )?(?P<m>{MEASURE_WORD}) (?:\w+ ){{0,2}}?(?:from|of|made with|generated (?:by|with)|"
    rf"tied to|that comes? from|attributable to|through|using|on)\b|"
    rf"\b(?:only|just) (?P<b>(?:[\w.'-]+ ){{1,4}}?){MEASURE_WORD}\b.{{0,40}}\b(?:counts?|matters?|applies)\b|"
    # the part named without its measure, which the question gives elsewhere: "only that part counts toward the cap"
    r"\b(?:only|just) (?:that|this|the|our|my) (?:part|portion|share|slice|bit|side|product line|line)\b"
    r"(?: of (?:it|the business))?\s+(?:counts?|matters?|is counted)\b")
# a cap whose scope is the whole business: every source, the affiliates, every product made available
WHOLE_SCOPE = re.compile(r"any source|all sources|affiliat\w*|all products|products or services\b|the entity'?s?\b", re.I)


def narrowed_measure(question: str) -> str | None:
    """"revenue" or "users" when the question narrows a cap's measure to the part of the business that uses the
    model ("only the revenue from the sd-powered thing counts, right?"), else None."""
    for match in NARROWED.finditer(question):
        qualifier = (match.group("a") or match.group("b") or "").split()
        if qualifier and all(word in WHOLE_WORDS for word in qualifier):
            continue  # "only counts the annual revenue": a measure named, not narrowed
        said = match.group(0) if re.search(MEASURE_WORD, match.group(0)) else question  # the part's measure
        return "users" if (USERS.search(said) or "mau" in said) and not REVENUE.search(said) else "revenue"
    return None


def counts_whole(limit: dict) -> bool:
    """Whether a cap counts the whole business (every source, the affiliates, every product), not only the product
    that uses the model."""
    return bool(WHOLE_SCOPE.search(str(limit.get("scope", ""))))


# -- dates: when a figure was reached, and when the model came out ---------------------------------------------
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "january 2025", "dec 2024", "Dec. 6, 2024", "2025": a month is optional, a year is not (a bare month is no date)
DATE = re.compile(r"\b(?:(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?"
                  r"(?:of\s+)?)?(?P<year>(?:19|20)\d\d)\b(?!\s?(?:k|m|b|bn|million|billion|users?|mau)\b)", re.I)


@dataclass(frozen=True)
class Date:
    """A calendar date as a question or a license writes it, to the month when it names one (0: the year only)."""

    year: int
    month: int
    start: int


def dates(text: str) -> list[Date]:
    """Every date in the text, in order ("in january 2025", "dec 2024", "December 6, 2024")."""
    found = []
    for match in DATE.finditer(text):
        month = match.group("month")
        found.append(Date(int(match.group("year")), MONTHS.index(month.lower()[:3]) + 1 if month else 0,
                          match.start()))
    return found


def later_than(date: Date, other: Date) -> bool:
    """Whether `date` is certainly after `other`: a later year, or a later month of the same year when both
    name one."""
    if date.year != other.year:
        return date.year > other.year
    return bool(date.month and other.month and date.month > other.month)
