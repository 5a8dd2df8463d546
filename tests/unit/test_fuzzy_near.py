"""fuzzy_place looks only at spellings whose length can reach the threshold: same answer as all of them (#15)."""
from __future__ import annotations

import random

from rapidfuzz import fuzz, process

from routes.chains import _spellings, fuzzy_place
from routes.lexicon import default_lexicon, fold_term


def test_the_length_bound_keeps_the_answer_of_the_whole_list():
    lex = default_lexicon()
    names, keys = _spellings(lex)
    rnd = random.Random(2)
    found = 0
    for _ in range(1500):
        w = list(rnd.choice(names))
        for _ in range(rnd.randint(0, 3)):
            i, op = rnd.randrange(len(w)), rnd.random()
            if op < 0.4:
                w[i] = rnd.choice("abcdefghiklmnorstuvyz")
            elif op < 0.7:
                w.insert(i, rnd.choice("aeiouy"))
            elif len(w) > 4:
                del w[i]
        word = "".join(w).capitalize()
        for threshold in (85, 70):
            best = process.extractOne(fold_term(word), names, scorer=fuzz.ratio, score_cutoff=threshold)
            want = (keys[best[2]], best[1]) if best and len(fold_term(word)) >= 4 else None
            got = fuzzy_place(word, lex, threshold)
            assert got == want, (word, threshold)
            found += got is not None
    assert found > 1000
