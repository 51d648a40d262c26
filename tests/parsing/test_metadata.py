import pytest

from paperstudy.parsing.metadata import find_year


@pytest.mark.parametrize(
    ("page1", "stamp", "year"),
    [
        (["Copyright 2014 ACM 978-1-4503-2999-6/14/08"], None, 2014),
        (["c\u20dd2016 Copyright held by the owner/author(s)."], None, 2016),
        (["CIKM’13, Oct. 27–Nov. 1, 2013, San Francisco, CA, USA."], None, 2013),
        (["RecSys ’16 September 15-19, 2016, Boston , MA, USA"], None, 2016),
        (["Journal of Machine Learning Research 14 (2013) 1-39"], None, 2013),
        (["Real-time Forecasting\nMay 12, 2025\nAbstract"], None, 2025),
        # The copyright line outranks a venue footer; any printed year outranks the arXiv stamp.
        (["KDD ’19 XAI Workshop", "© 2020 ACM"], None, 2020),
        (["RecSys ’16 Boston"], "arXiv:1606.07792v1 [cs.LG] 24 Jun 2018", 2016),
        (["no year here"], "arXiv:1810.04805v2 [cs.CL] 24 May 2019", 2019),
        # A conference template's venue line names the paper's year; a later revision's stamp does not.
        (
            ["31st Conference on Neural Information Processing Systems (NIPS 2017), Long Beach, CA, USA."],
            "arXiv:1706.02216v4 [cs.SI] 10 Sep 2018",
            2017,
        ),
        (["Published as a conference paper at ICLR 2017"], "arXiv:1609.02907v9 [cs.LG] 22 Feb 2019", 2017),
        # A year after a venue's acronym in running text is no venue line.
        (["results at ICLR 2017 were"], None, None),
        (["We use the ImageNet LSVRC-2010 contest data"], None, None),
    ],
)
def test_find_year(page1: list[str], stamp: str | None, year: int | None) -> None:
    assert find_year(stamp, page1) == year


def test_a_paper_is_never_older_than_two_of_the_works_it_cites() -> None:
    from paperstudy.parsing.metadata import newer_cited_year

    refs = (
        "[1] A. Author. Title. In KDD, 2019. [2] B. Author. Title. In WWW, 2020. [3] C. Author. In SIGIR, "
        "2020. [4] D. Author. Pages 2051-2094, 2016."
    )
    # a template's "© 2018" left in a 2020 preprint: the newest year two references cite, or the file's
    assert newer_cited_year(2018, refs, created=None) == 2020
    assert newer_cited_year(2018, refs, created=2021) == 2021
    # one reference of a later year, or a page range, is no evidence
    assert newer_cited_year(2019, "[1] X. 2020. [2] Y. 2019. pp. 2051-2094", created=None) == 2019
    assert newer_cited_year(2020, refs, created=2020) == 2020
    # years after the file was made are page numbers or typos
    assert newer_cited_year(2016, "[1] 2051. [2] 2051. [3] 2016.", created=2018) == 2016
    # with no other year, the newest year two references cite is the best bound
    assert newer_cited_year(None, refs, created=None) == 2020
    assert newer_cited_year(None, "[1] 2019. [2] 2020.", created=None) is None


def test_an_abstract_keeps_to_its_font_size() -> None:
    """A permission footnote (smaller) and author blocks (larger) read in between are not the abstract."""
    from paperstudy.parsing.layout import Line, StyledSpan
    from paperstudy.parsing.metadata import find_abstract

    def line(text: str, size: float) -> Line:
        made = Line(text, 54, 0, 294, size, [StyledSpan(text, size, False, False)], 0)
        made.size = size
        return made

    lines = [
        line("ABSTRACT", 10.9),
        line("Implicit feedback confuses the model construction.", 8.9),
        line("We propose a two-side relevance estimator for it.", 9.0),
        line("Permission to make digital or hard copies is granted.", 7.0),
        line("© 2018 Association for Computing Machinery.", 7.0),
        line("Julius P. Kumquat", 12.0),
        line("Empirical results verify its effectiveness.", 8.9),
        line("KEYWORDS", 10.9),
    ]
    assert find_abstract(lines, len(lines)) == (
        "Implicit feedback confuses the model construction. We propose a two-side relevance estimator for "
        "it. Empirical results verify its effectiveness."
    )
