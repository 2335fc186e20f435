// Written by `python manage.py housestyle_js` from articles/text/housestyle.py, where the
// rules are changed: not by hand (a test fails when this file is stale).
//
// The house rules, in the order they apply: what the rule does, a regular expression
// (for new RegExp(pattern, "gu")) and the literal text each match becomes.
export const HOUSE_RULES = [
  ["Persian yeh ی becomes Arabic yeh ي", "\\u06cc", "ي"],
  ["Persian keheh ک becomes Arabic kaf ك", "\\u06a9", "ك"],
  ["stray tatweel ـ is removed", "\\u0640", ""],
  ["two or more spaces, non-breaking (U+00A0) or not, become one space", "[ \\u00a0]{2,}", " "],
]
