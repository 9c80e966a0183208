from app.data import models as m
from app.services.guides import guide_for


def test_each_person_is_pointed_to_the_guide_in_their_register():
    assert guide_for(m.CHILD) == "guide.children"
    assert guide_for(m.YOUNG_PERSON) == "guide.young_people"
    assert guide_for(m.ADVOCATE) == "guide.young_people"
    for role in (m.PARENT, m.SUPPORTER, m.INTERPRETER, m.PROFESSIONAL):
        assert guide_for(role) == "guide.parents"
