"""explainer: what an AI model's license lets you do, in plain language, with the deciding clauses quoted."""

__version__ = "0.1.0"

REMINDER = (
    "This is not legal advice. Licenses change and models carry extra terms: "
    "double-check the license text yourself before you rely on this answer."
)
