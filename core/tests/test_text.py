import pytest

from core.text import cut_at_word, html_to_text, normalize_arabic


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("الْمَدْرَسَةُ", "المدرسه"),  # diacritics, taa marbuta
        ("مــدرســة", "مدرسه"),  # tatweel
        ("أحمد", "احمد"),
        ("إسرائيل", "اسرائيل"),
        ("آموس", "اموس"),
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("٢٠٢٤", "2024"),  # Arabic-Indic digits
        ("  Kim   JONG  ", "kim jong"),
    ],
)
def test_normalize_arabic_folds_spelling_variants(variant, plain):
    assert normalize_arabic(variant) == plain


def test_cut_at_word_never_splits_a_word():
    text = "تسبب الهجمات الجوية الإسرائيلية على جنوب بيروت في تصعيد جديد"
    cut = cut_at_word(text, 30)
    assert cut.endswith("…")
    assert text.startswith(cut.removesuffix(" …"))
    assert len(cut) <= 32
    assert cut_at_word("قصير", 30) == "قصير"


def test_html_to_text_keeps_words_apart():
    assert html_to_text("<p>أولى</p><p>ثانية &amp; ثالثة</p>") == "أولى ثانية & ثالثة"
