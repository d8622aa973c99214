"""Reference schedules for src/domain/schedule/reference_tests.rs.

Builds random project networks (and a few hand-written edge cases), has
MPXJ's MicrosoftScheduler schedule each one the way Microsoft Project does,
and writes per network:

  tests/fixtures/mspdi-reference/net-NN.xml            the MSPDI file
  tests/fixtures/mspdi-reference/net-NN.expected.json  early and late dates
                                                        and the critical flag
                                                        of every task

The fixtures are committed, so the Rust tests need neither Python nor Java.
Run this only to change or add networks; the output is the same on every run.

How to run, from the repository root (Java 17 or later on the PATH):

  python3 -m venv /tmp/mpxj-venv
  /tmp/mpxj-venv/bin/pip install mpxj==16.10.0 JPype1==1.7.1
  /tmp/mpxj-venv/bin/python tests/reference/mspdi_networks.py

Pinned: mpxj 16.10.0 (org.mpxj.cpm.MicrosoftScheduler,
MicrosoftSlackCalculator), JPype1 1.7.1, OpenJDK 17, SEED below.

Every network uses MPXJ's default "Standard" calendar: Monday to Friday,
08:00-12:00 and 13:00-17:00, no holidays. Durations are whole or half
hours (a few milestones); links are FS, SS, FF and SF with lags from -2 h
to +8 h, so leads and SF links put tasks before the project start.
"""

import json
import os
import random
import sys

import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)
import jpype
import jpype.imports

SEED = 13
RANDOM_NETWORKS = 24
OUT = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "mspdi-reference"
)

jpype.startJVM()

from java.time import LocalDateTime  # noqa: E402
from java.time.format import DateTimeFormatter  # noqa: E402
from org.mpxj import (  # noqa: E402
    Duration,
    ProjectFile,
    Relation,
    RelationType,
    TaskMode,
    TimeUnit,
)
from org.mpxj.cpm import MicrosoftScheduler  # noqa: E402
from org.mpxj.writer import FileFormat, UniversalProjectWriter  # noqa: E402

KINDS = {
    "FS": RelationType.FINISH_START,
    "SS": RelationType.START_START,
    "FF": RelationType.FINISH_FINISH,
    "SF": RelationType.START_FINISH,
}
MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm")


def hours(h):
    return Duration.getInstance(float(h), TimeUnit.HOURS)


def text(t):
    return None if t is None else str(t.format(MINUTE))


def build(start, tasks, links):
    """A ProjectFile on the Standard calendar. `tasks` is a list of hours
    (0 = milestone), `links` a list of (predecessor, successor, kind, lag
    hours) with 0-based task positions."""
    f = ProjectFile()
    cal = f.addDefaultBaseCalendar()
    f.setDefaultCalendar(cal)
    props = f.getProjectProperties()
    props.setStartDate(start)
    # A fixed "current date" so the file is the same on every run.
    props.setCurrentDate(LocalDateTime.of(2027, 1, 1, 8, 0))
    made = []
    for i, h in enumerate(tasks):
        t = f.addTask()
        t.setName("T%d" % (i + 1))
        t.setTaskMode(TaskMode.AUTO_SCHEDULED)
        t.setDuration(hours(h))
        t.setActualDuration(hours(0))
        t.setRemainingDuration(hours(h))
        t.setMilestone(h == 0)
        made.append(t)
    for p, s, kind, lag in links:
        made[s].addPredecessor(
            Relation.Builder()
            .predecessorTask(made[p])
            .type(KINDS[kind])
            .lag(hours(lag))
        )
    return f, made


def schedule(name, about, start, tasks, links):
    f, made = build(start, tasks, links)
    MicrosoftScheduler().schedule(f, start)
    UniversalProjectWriter(FileFormat.MSPDI).write(f, os.path.join(OUT, name + ".xml"))
    rows = []
    for t in made:
        slack = t.getTotalSlack()
        rows.append(
            {
                "name": str(t.getName()),
                "hours": float(t.getDuration().getDuration()),
                "early_start": text(t.getEarlyStart()),
                "early_finish": text(t.getEarlyFinish()),
                "late_start": text(t.getLateStart()),
                "late_finish": text(t.getLateFinish()),
                "total_slack_hours": float(slack.getDuration()),
                "critical": bool(t.getCritical()),
            }
        )
    expected = {
        "about": about,
        "project_start": text(start),
        "project_finish": text(f.getProjectProperties().getFinishDate()),
        "links": [
            {"from": "T%d" % (p + 1), "to": "T%d" % (s + 1), "kind": k, "lag_hours": lag}
            for p, s, k, lag in links
        ],
        "tasks": rows,
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")
    return rows


def random_network(rng):
    n = rng.randint(8, 20)
    tasks = []
    for _ in range(n):
        if rng.random() < 0.06:
            tasks.append(0.0)
        else:
            tasks.append(rng.randint(1, 32) / 2)
    links = []
    for s in range(1, n):
        count = min(s, rng.choice([0, 1, 1, 1, 2, 2, 3]))
        for p in sorted(rng.sample(range(s), count)):
            kind = rng.choices(["FS", "SS", "FF", "SF"], weights=[4, 2, 2, 2])[0]
            r = rng.random()
            if r < 0.35:
                lag = 0.0
            elif r < 0.65:
                lag = -rng.randint(1, 4) / 2
            else:
                lag = rng.randint(1, 16) / 2
            links.append((p, s, kind, lag))
    return tasks, links


# Project starts on different weekdays, all at 08:00 (Project's default
# start time): Monday, Wednesday, Friday, Tuesday.
STARTS = [
    LocalDateTime.of(2027, 1, 4, 8, 0),
    LocalDateTime.of(2027, 1, 6, 8, 0),
    LocalDateTime.of(2027, 1, 8, 8, 0),
    LocalDateTime.of(2027, 3, 2, 8, 0),
]
MONDAY = STARTS[0]

# Hand-written networks: (about, start, task hours, links).
EDGES = [
    (
        "FS into a 12:00 finish: the successor starts at 13:00, a milestone "
        "stays at 12:00; late starts that land on period ends",
        MONDAY,
        [4, 4, 0, 8, 3.5, 4],
        [
            (0, 1, "FS", 0),
            (0, 2, "FS", 0),
            (1, 3, "FS", 0),
            (2, 4, "FS", 0),
            (4, 5, "FS", 0.5),
        ],
    ),
    (
        "SS with a lead before the project start, and what follows from it",
        MONDAY,
        [8, 3, 6, 2, 4, 1],
        [
            (0, 1, "SS", -2),
            (0, 2, "SS", -6),
            (1, 3, "FS", -1),
            (2, 4, "FS", 0),
            (3, 5, "SS", 0),
        ],
    ),
    (
        "SF chain before the project start",
        MONDAY,
        [4, 2, 3, 1.5, 5, 0],
        [
            (0, 1, "SF", 0),
            (1, 2, "SF", 0),
            (2, 3, "SF", 1),
            (3, 4, "FS", 0),
            (0, 5, "SF", -2),
        ],
    ),
    (
        "Leads across lunch and across a weekend",
        MONDAY,
        [2, 3, 6, 2, 8, 4, 2],
        [
            (0, 1, "FS", -4),
            (2, 3, "FS", -3),
            (0, 4, "FS", 0),
            (4, 5, "FS", -2),
            (1, 6, "SS", -1.5),
        ],
    ),
    (
        "FF leads that would start the successor before the project start",
        MONDAY,
        [2, 6, 4, 3, 8, 1],
        [
            (0, 1, "FF", 0),
            (0, 2, "FF", -1),
            (2, 3, "FF", 2),
            (1, 4, "FF", -2),
            (4, 5, "FS", 0),
        ],
    ),
    (
        "A Wednesday start: leads and SF links that reach back into the same week",
        STARTS[1],
        [3, 5, 0, 2.5, 7, 4],
        [
            (0, 1, "SS", -8),
            (0, 2, "SF", -1),
            (1, 3, "SF", 0),
            (2, 4, "FS", 4),
            (3, 5, "FF", 0),
        ],
    ),
    (
        "Critical milestones at the start of a working period (08:00, and "
        "13:00 after an SS link): their late dates are the end of the period "
        "before",
        MONDAY,
        [0, 8, 4, 4, 0, 4],
        [
            (0, 1, "FS", 0),
            (2, 3, "FS", 0),
            (3, 4, "SS", 0),
            (4, 5, "FS", 0),
        ],
    ),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in os.listdir(OUT):
        if old.startswith("net-"):
            os.remove(os.path.join(OUT, old))
    rng = random.Random(SEED)
    before = sf_before = 0
    number = 0
    for k in range(RANDOM_NETWORKS):
        number += 1
        tasks, links = random_network(rng)
        start = STARTS[k % len(STARTS)]
        rows = schedule(
            "net-%02d" % number,
            "Random network %d (seed %d)" % (k + 1, SEED),
            start,
            tasks,
            links,
        )
        first = text(start)
        early = {r["name"] for r in rows if r["early_start"] < first}
        before += len(early)
        sf_before += len(
            {"T%d" % (s + 1) for p, s, kind, _ in links if kind == "SF"} & early
        )
    for about, start, tasks, links in EDGES:
        number += 1
        schedule("net-%02d" % number, about, start, tasks, links)
    print(
        "%d networks; %d tasks of the random ones start before the project start, "
        "%d of them after an SF link" % (number, before, sf_before),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
