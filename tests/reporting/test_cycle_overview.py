"""GET /cycles/{id}/overview: the cycle and a page of its reports, as the two calls give them."""

from tests.factories import make_unit, make_world, open_cycle


def _get(client, url, headers):
    answer = client.get(f"/api/v1{url}", headers=headers)
    assert answer.status_code == 200, answer.text
    return answer


def test_the_overview_is_the_cycle_and_its_reports(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    who = world.as_("coordinator")
    overview = _get(client, f"/cycles/{cycle['id']}/overview", who)
    alone = _get(client, f"/cycles/{cycle['id']}", who)
    assert overview.json()["cycle"] == alone.json()
    assert overview.headers["ETag"] == alone.headers["ETag"]
    assert overview.json()["cycle"]["actions"] == ["compile"]
    assert overview.json()["reports"] == _get(client, f"/cycles/{cycle['id']}/reports",
                                              who).json()
    assert len(overview.json()["reports"]["items"]) == 2


def test_the_overview_filters_and_pages_like_the_report_list(client, session):
    world = make_world(session, client)
    make_unit(session, world.organisation, "Överförmyndarnämnden")
    session.commit()
    cycle = open_cycle(client, world)
    who = world.as_("viewer")
    every = _get(client, f"/cycles/{cycle['id']}/reports", who).json()["items"]
    assert len(every) == 3
    first = _get(client, f"/cycles/{cycle['id']}/overview?limit=2", who).json()["reports"]
    assert first["items"] == every[:2] and first["next_cursor"]
    rest = _get(client, f"/cycles/{cycle['id']}/reports?cursor={first['next_cursor']}",
                who).json()
    assert rest["items"] == every[2:] and rest["next_cursor"] is None
    none = _get(client, f"/cycles/{cycle['id']}/overview?state=accepted", who).json()
    assert none["reports"]["items"] == [] and none["cycle"]["report_counts"] == {"draft": 3}


def test_contact_persons_see_their_own_units_in_the_overview(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    own = _get(client, f"/cycles/{cycle['id']}/overview", world.as_("contact0")).json()
    assert [r["unit_id"] for r in own["reports"]["items"]] == [str(world.units[0].id)]
    assert own["cycle"]["actions"] == []


def test_bad_overview_parameters_answer_problem_json(client, session):
    world = make_world(session, client)
    cycle = open_cycle(client, world)
    for query in ("state=lost", "cursor=%%%", "limit=0", "limit=501", "unit_kind=castle"):
        answer = client.get(f"/api/v1/cycles/{cycle['id']}/overview?{query}",
                            headers=world.as_("viewer"))
        assert answer.status_code == 422, query
        assert answer.headers["content-type"] == "application/problem+json", query
