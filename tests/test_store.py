"""The versioned store: immutable versions, seeding, and no half-written publish."""

import pytest
from sqlalchemy import func, select

from server.models import TaxonomyVersion
from server.publishing import store
from server.taxonomy.document import TaxonomyInvalid
from tests.samples import minimal_taxonomy


def count_versions(session):
    return session.scalar(select(func.count()).select_from(TaxonomyVersion))


def changed(title):
    document = minimal_taxonomy()
    document["meta"]["title"] = title
    return document


def test_seeds_the_shipped_default_once(session, default_taxonomy_path):
    first = store.ensure_seeded(session, default_taxonomy_path)
    again = store.ensure_seeded(session, default_taxonomy_path)
    assert first.number == again.number == 1
    assert first.author == store.SEED_AUTHOR
    assert count_versions(session) == 1


def test_seeding_never_replaces_published_guidance(session, default_taxonomy_path):
    store.ensure_seeded(session, default_taxonomy_path)
    store.publish(session, changed("Ours"), author="lead", change_note="local edit")
    default_taxonomy_path.write_text(
        default_taxonomy_path.read_text().replace("Test guidance", "A newer default")
    )
    current = store.ensure_seeded(session, default_taxonomy_path)
    assert current.number == 2
    assert store.document_of(current)["meta"]["title"] == "Ours"


def test_publish_numbers_versions_and_keeps_history(session):
    one = store.publish(session, changed("One"), author="a", change_note="first")
    two = store.publish(session, changed("Two"), author="b", change_note="second")
    assert (one.number, two.number) == (1, 2)
    assert store.get_current(session).number == 2
    assert store.document_of(store.get_version(session, 1))["meta"]["title"] == "One"
    rows, total = store.list_versions(session)
    assert total == 2
    assert [row.number for row in rows] == [2, 1]
    assert [row.change_note for row in rows] == ["second", "first"]


def test_version_hash_is_of_the_stored_text(session):
    import hashlib

    version = store.publish(session, minimal_taxonomy(), author="a", change_note="n")
    assert version.sha256 == hashlib.sha256(version.document.encode()).hexdigest()


def test_publishing_an_identical_document_publishes_nothing(session):
    store.publish(session, minimal_taxonomy(), author="a", change_note="first")
    with pytest.raises(store.NothingToPublish) as info:
        store.publish(session, minimal_taxonomy(), author="b", change_note="again")
    assert info.value.current.number == 1
    assert count_versions(session) == 1


def test_invalid_document_writes_nothing(session):
    document = minimal_taxonomy()
    document["sites"][0]["categories"] = ["nope"]
    with pytest.raises(TaxonomyInvalid):
        store.publish(session, document, author="a", change_note="bad")
    assert count_versions(session) == 0


@pytest.mark.parametrize(("author", "note"), [("", "note"), ("a", "  "), ("a" * 121, "n")])
def test_author_and_change_note_are_required(session, author, note):
    with pytest.raises(ValueError):
        store.publish(session, minimal_taxonomy(), author=author, change_note=note)
    assert count_versions(session) == 0


def test_failure_during_commit_leaves_nothing_behind(session, monkeypatch):
    store.publish(session, changed("Good"), author="a", change_note="good")

    def broken_commit():
        session.flush()  # the row reaches the database inside the transaction...
        raise RuntimeError("disk unplugged")  # ...and then the commit fails

    monkeypatch.setattr(session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        store.publish(session, changed("Broken"), author="a", change_note="boom")
    monkeypatch.undo()
    assert count_versions(session) == 1
    assert store.get_current(session).number == 1
    assert store.document_of(store.get_current(session))["meta"]["title"] == "Good"


def test_racing_publishers_both_get_a_version(app, session):
    """The second writer finds its number taken and takes the next one."""
    from server.db import session_scope

    with session_scope(app) as other:
        store.publish(session, changed("A"), author="a", change_note="a")
        # `other` computed nothing yet; make it believe version 1 is still current.
        real_get_current = store.get_current
        calls = {"n": 0}

        def stale_then_fresh(s):
            calls["n"] += 1
            if calls["n"] == 1:
                return None  # stale read: thinks the store is empty
            return real_get_current(s)

        store.get_current = stale_then_fresh
        try:
            version = store.publish(other, changed("B"), author="b", change_note="b")
        finally:
            store.get_current = real_get_current
    assert version.number == 2
    assert count_versions(session) == 2


def test_unknown_version(session):
    with pytest.raises(store.VersionNotFound):
        store.get_version(session, 42)


def test_concurrent_publishers_each_get_their_own_version(app, session):
    """Real threads and connections: no lost publish, no duplicate number."""
    import threading

    from server.db import session_scope

    store.publish(session, minimal_taxonomy(), author="seed", change_note="seed")
    barrier = threading.Barrier(4)
    failures = []

    def publish_one(index):
        with session_scope(app) as own:
            barrier.wait()
            try:
                store.publish(
                    own,
                    changed(f"Edit {index}"),
                    author=f"t{index}",
                    change_note=f"edit {index}",
                )
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(exc)

    threads = [threading.Thread(target=publish_one, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    rows, total = store.list_versions(session)
    assert total == 5
    assert sorted(row.number for row in rows) == [1, 2, 3, 4, 5]
    assert {row.author for row in rows} == {"seed", "t0", "t1", "t2", "t3"}
