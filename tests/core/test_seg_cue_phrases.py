"""Discourse cues lower the price of a boundary only where talks really change topic."""
from explorer.core.segmentation_priors import cue_phrase_priors


def _prior_of(opening: str) -> float:
    return float(cue_phrase_priors(["We were talking about the budget.", opening])[0])


def test_topic_openers_are_strong_cues():
    assert _prior_of("Moving on, the marketing plan.") == 1.0
    assert _prior_of("Project Manager: okay so let's talk about the remote.") == 1.0
    assert _prior_of("The next item is the schedule.") == 1.0


def test_hesitant_openers_are_weak_cues():
    assert _prior_of("Okay, so the buttons.") == 0.5
    assert _prior_of("Alright, now we turn to costs.") == 0.5


def test_enumerations_inside_a_topic_are_not_cues():
    # "First ... second ... finally" lists steps of one topic; as cues they split it.
    for opening in ("First, we heat the water.", "Second, the lid goes on.", "Finally the tea is ready.",
                    "And lastly a word on sugar.", "In summary, boil then steep."):
        assert _prior_of(opening) == 0.0, opening


def test_words_that_only_begin_like_a_cue_do_not_fire():
    assert _prior_of("On top of that, prices rose.") == 0.0
    assert _prior_of("Onto these plates we put the samples.") == 0.0
