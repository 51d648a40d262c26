from paperstudy.parsing.text import (
    clean_spaces,
    compose_accents,
    fold,
    join_lines,
    normalize_ligatures,
    restore_libertine_g,
)


def test_ligatures_are_expanded():
    assert normalize_ligatures("classi\ufb01cation e\ufb00ect \ufb02ow o\ufb03ce ba\ufb04e") == (
        "classification effect flow office baffle"
    )


def test_hyphenated_line_break_is_joined():
    assert join_lines(["we learn-", "ing residual", "functions"]) == "we learning residual functions"


def test_hyphen_before_capital_is_kept():
    assert join_lines(["the Wide-", "Deep model"]) == "the Wide-Deep model"


def test_a_compound_broken_at_its_own_hyphen_keeps_it() -> None:
    assert join_lines(["the state-", "of-the-art model"]) == "the state-of-the-art model"
    assert join_lines(["the state-of-the-", "art model"]) == "the state-of-the-art model"
    assert join_lines(["trained end-", "to-end"]) == "trained end-to-end"
    # a word broken to fit the line is still mended, a compound after it included
    assert join_lines(["an atten-", "tion-based model"]) == "an attention-based model"
    assert join_lines(["in-", "to the network"]) == "into the network"


def test_spaces_collapse_and_fold():
    assert clean_spaces("  a \t b  ") == "a b"
    assert fold("Classi\ufb01cation:  Results!") == "classification results"


def test_broken_ff_ligature_from_old_latex_fonts_is_repaired():
    assert normalize_ligatures("Di↵erent e↵ects of the bu↵er") == "Different effects of the buffer"
    assert normalize_ligatures("press ↵ to go on") == "press ↵ to go on"  # a real return symbol stays


def test_latex_spacing_accents_join_their_letter() -> None:
    # as LaTeX papers' text layers print accented names: the spacing accent before the letter
    assert compose_accents("Petar Veliˇckovi´c, Pietro Li`o") == "Petar Veličković, Pietro Liò"
    assert (
        compose_accents("Cire¸san, Lo¨ıc Barrault, ˇReh˚uˇrek, M. T. ¨Ozsu")
        == "Cireşan, Loïc Barrault, Řehůřek, M. T. Özsu"
    )
    # no accented letter in Unicode, an apostrophe, a quote or a web address: left as printed
    assert compose_accents("˜x and ˜D") == "˜x and ˜D"
    assert compose_accents("the model´s view, ``quoted'', a `b") == "the model´s view, ``quoted'', a `b"
    assert compose_accents("www.csie.ntu.edu.tw/˜nlp") == "www.csie.ntu.edu.tw/˜nlp"


def test_libertine_italic_g_printed_as_cyrillic_de_is_restored() -> None:
    # ACM papers' text layers: "дender", "orдanization", "loд", the function "дmono" and a lone "д"
    assert restore_libertine_g("дender, orдanization, loд, дmono and д(x)") == (
        "gender, organization, log, gmono and g(x)"
    )
    assert restore_libertine_g("где и когда") == "где и когда"  # a Cyrillic word keeps its letter
