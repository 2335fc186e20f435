from comments.text import clean_line, clean_text, initials, render_comment


def test_initials_come_from_the_name_without_the_article_prefix():
    assert initials("خالد المصري") == "خم"
    assert initials("sara ahmed khan") == "SK"
    assert initials("سارة") == "س"
    assert initials("!!!") == "؟"


def test_rendering_escapes_everything_and_links_only_http():
    html = render_comment("<b>x</b> javascript:alert(1) https://a.example/x?y=1&z=2.\n\nثانية")
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert 'href="javascript' not in html
    assert '<a href="https://a.example/x?y=1&amp;z=2" rel="nofollow ugc noopener" dir="ltr">' in html
    assert html.count("<p>") == 2


def test_cleaning_removes_direction_tricks_and_controls():
    assert clean_line("  سارة\u202e\u200b \x07 علي ") == "سارة علي"
    assert clean_text("سطر\r\nسطر\u2067") == "سطر\nسطر"
